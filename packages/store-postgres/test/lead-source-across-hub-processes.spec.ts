import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startAcmeSimulator, type AcmeSimulator } from '@connector/plugin-acme/simulator';
import { PostgresStore } from '../src';
import { DATABASE_URL, describeWithPostgres, dropSchema, freshSchema } from './postgres-available';
import { startHubProcess, type HubProcess } from './support/hub-process';

const PROVIDER_KEY = 'lead-source-processes-key-0123456789';

describeWithPostgres('three `connector serve` processes on one Postgres, sent records naming one new lead source at once', () => {
  jest.setTimeout(240_000);
  const schema = freshSchema('lsproc');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'connector-ls-'));
  let acme: AcmeSimulator | undefined;
  let hubs: HubProcess[] = [];
  let store: PostgresStore | undefined;

  afterAll(async () => {
    await Promise.all(hubs.map((hub) => hub.stop()));
    await store?.close();
    await acme?.close();
    await dropSchema(schema);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('create it once in an Acme that does not deduplicate, and link every record to it', async () => {
    acme = await startAcmeSimulator({ deduplicateLeadSources: false });
    const config = {
      store: { type: 'postgres', url: '${env:DATABASE_URL}', schema, pool: { max: 4 } },
      server: { host: '127.0.0.1', port: 0 },
      providers: [{ id: 'INTOUCH', apiKey: PROVIDER_KEY, clients: '*' }],
      clients: [
        {
          id: '1111',
          clubs: [{ id: 'club-a', timeZone: 'America/New_York' }],
          platforms: [{ plugin: '@connector/plugin-acme', platform: 'acme', ...acme.turnUp({ hubClubIds: ['club-a'] }) }],
        },
      ],
      // One delivery at a time per hub, none claimed ahead, so the three records spread over the hubs.
      worker: { concurrency: 1, prefetch: 0, pollIntervalMs: 50 },
      log: { level: 'warn' },
    };
    const file = path.join(dir, 'connector.config.json');
    fs.writeFileSync(file, JSON.stringify(config));
    hubs = await Promise.all([0, 1, 2].map(() => startHubProcess(file, { DATABASE_URL })));

    // Slow creates: every hub has looked the source up and missed it before a create ends.
    acme.delayNext(3, 1000, { on: 'leadSources.create' });
    const answers = await Promise.all(
      hubs.map((hub, i) =>
        fetch(`${hub.url}/api/v1/users`, {
          method: 'POST',
          headers: { authorization: `Bearer ${PROVIDER_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            clientId: '1111',
            clubId: 'club-a',
            recordId: `R${i}`,
            user: {
              firstName: `Radio${i}`,
              lastName: 'Listener',
              userType: 'PROSPECT',
              userStatus: 'ACTIVE',
              email: `r${i}@example.com`,
              leadSource: 'Radio Ad',
            },
          }),
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);

    // Bounded wait until every delivery is done.
    store = await PostgresStore.connect({ url: DATABASE_URL, schema });
    for (let i = 0; i < 600 && (await store.unfinishedDeliveries()) > 0; i++) await sleep(100);
    expect(await store.unfinishedDeliveries()).toBe(0);
    await acme.settled();

    const sources = (await acme.leadSources()).filter((source) => source.name === 'Radio Ad');
    expect(sources).toHaveLength(1);
    const people = await acme.people();
    expect(people.map((p) => [p.firstName, p.leadSourceId]).sort()).toEqual([
      ['Radio0', sources[0].id],
      ['Radio1', sources[0].id],
      ['Radio2', sources[0].id],
    ]);
    for (const hub of hubs) expect(await hub.stop()).toBe(0);
  });
});
