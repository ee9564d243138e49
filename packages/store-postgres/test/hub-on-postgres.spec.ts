import { Redactor } from '@connector/core';
import { createHub, type Hub } from '@connector/hub';
import { captureLogger } from '@connector/testing';
import { PostgresStore } from '../src';
import { DATABASE_URL, describeWithPostgres, dropSchema, freshSchema } from './postgres-available';

const PROVIDER_KEY = 'hub-on-postgres-provider-key-0123';

describeWithPostgres('a hub configured with type: postgres', () => {
  const schema = freshSchema('hub');
  // The test server trusts every connection, so any password passes; it must never be shown.
  const url = (() => {
    const parsed = new URL(DATABASE_URL);
    parsed.password = 'Sup3rSecretPw';
    return parsed.toString();
  })();
  let hub: Hub | undefined;

  afterAll(async () => {
    await hub?.close();
    await dropSchema(schema);
  });

  it('saves through the JSON API into Postgres, answers /healthz from it, and never logs the password', async () => {
    const redactor = new Redactor();
    const { logger, lines } = captureLogger(redactor, 'info');
    hub = await createHub(
      {
        store: { type: 'postgres', url, schema },
        server: { host: '127.0.0.1', port: 0 },
        providers: [{ id: 'INTOUCH', apiKey: PROVIDER_KEY, clients: ['client-a'] }],
        clients: [{ id: 'client-a', clubs: [{ id: 'club-a1', timeZone: 'America/New_York' }] }],
      },
      { logger, redactor },
    );

    const { url: base } = await hub.listen();
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', store: { ok: true } });

    const saved = await fetch(`${base}/api/v1/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${PROVIDER_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId: 'client-a',
        clubId: 'club-a1',
        recordId: 'L1',
        user: { firstName: 'Pat', lastName: 'Gres', userType: 'PROSPECT', userStatus: 'ACTIVE', email: 'pat@example.com' },
      }),
    });
    expect(saved.status).toBe(201);
    const { uuid } = (await saved.json()) as { uuid: string };
    const other = await PostgresStore.connect({ url: DATABASE_URL, schema });
    try {
      expect(await other.getRecord(uuid)).toMatchObject({ content: { firstName: 'Pat' } });
    } finally {
      await other.close();
    }

    // Whatever a driver or a plugin writes with the URL in it, the password is masked.
    hub.connector.logger.warn(`lost the connection to ${url}`);
    expect(lines.join('\n')).toContain('lost the connection to');
    expect(lines.join('\n')).not.toContain('Sup3rSecretPw');
  });
});
