import { setTimeout as sleep } from 'node:timers/promises';
import { startAcmeSimulator, type AcmeSimulator } from '@connector/plugin-acme/simulator';
import { createHub, type Hub } from '@connector/hub';
import { captureLogger } from '@connector/testing';
import pg from 'pg';
import { DATABASE_URL, describeWithPostgres, dropSchema, freshSchema } from './postgres-available';

const PROVIDER_KEY = 'rate-limit-on-postgres-key-01234';

describeWithPostgres("a hub on Postgres paces a turn-up's calls on the grid the hubs share", () => {
  const schema = freshSchema('rate');
  let hub: Hub | undefined;
  let acme: AcmeSimulator | undefined;

  afterAll(async () => {
    await hub?.close();
    await acme?.close();
    await dropSchema(schema);
  });

  it('delivers to Acme with rateLimitPerSecond, each call having reserved its slot of the shared grid', async () => {
    acme = await startAcmeSimulator();
    const { logger, redactor } = captureLogger();
    hub = await createHub(
      {
        store: { type: 'postgres', url: DATABASE_URL, schema },
        server: { host: '127.0.0.1', port: 0 },
        providers: [{ id: 'INTOUCH', apiKey: PROVIDER_KEY, clients: ['client-a'] }],
        clients: [
          {
            id: 'client-a',
            clubs: [{ id: 'club-a1', timeZone: 'America/New_York' }],
            platforms: [{ plugin: '@connector/plugin-acme', rateLimitPerSecond: 20, ...acme.turnUp({ hubClubIds: ['club-a1'] }) } as never],
          },
        ],
        worker: { pollIntervalMs: 20, leaseMs: 5_000 },
      },
      { logger, redactor },
    );
    const { url } = await hub.listen();
    const saved = await fetch(`${url}/api/v1/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${PROVIDER_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId: 'client-a',
        clubId: 'club-a1',
        recordId: 'L1',
        user: { firstName: 'Rae', lastName: 'Paced', userType: 'PROSPECT', userStatus: 'ACTIVE', email: 'rae@example.com' },
      }),
    });
    expect(saved.status).toBe(201);
    // Bounded wait for the delivery (no timing asserted).
    for (let i = 0; i < 200 && !(await acme.people()).some((p) => p.email === 'rae@example.com'); i++) await sleep(50);
    expect((await acme.people()).filter((p) => p.email === 'rae@example.com')).toHaveLength(1);

    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ grid: string }>(`SELECT grid FROM "${schema}".call_slots`);
      expect(rows.map((row) => JSON.parse(row.grid))).toEqual([['client-a', 'acme']]);
    } finally {
      await client.end();
    }
  });
});
