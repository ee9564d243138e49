import { createHub, type Hub } from '@connector/hub';
import { captureLogger } from '@connector/testing';
import { DATABASE_URL, describeWithPostgres, dropSchema, freshSchema } from './postgres-available';

const PROVIDER_KEY = 'idempotency-across-hubs-key-0123';

const jane = (recordId: string) => ({
  clientId: 'client-a',
  clubId: 'club-a1',
  recordId,
  user: { firstName: 'Jane', lastName: 'Shared', userType: 'PROSPECT', userStatus: 'ACTIVE', email: `${recordId}@example.com` },
});

describeWithPostgres('Idempotency-Key answers shared by two hubs on one Postgres', () => {
  const schema = freshSchema('idem');
  const hubs: Hub[] = [];

  afterAll(async () => {
    await Promise.all(hubs.map((hub) => hub.close()));
    await dropSchema(schema);
  });

  const start = async (): Promise<string> => {
    const { logger, redactor } = captureLogger();
    const hub = await createHub(
      {
        store: { type: 'postgres', url: DATABASE_URL, schema },
        server: { host: '127.0.0.1', port: 0 },
        providers: [{ id: 'INTOUCH', apiKey: PROVIDER_KEY, clients: ['client-a'] }],
        clients: [{ id: 'client-a', clubs: [{ id: 'club-a1', timeZone: 'America/New_York' }] }],
      },
      { logger, redactor },
    );
    hubs.push(hub);
    return (await hub.listen()).url;
  };
  const post = (base: string, body: unknown, key: string) =>
    fetch(`${base}/api/v1/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${PROVIDER_KEY}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });

  it('replays on one hub the answer another hub gave, refuses the key for another body there, and runs concurrent duplicates across hubs once', async () => {
    const [a, b] = [await start(), await start()];

    const created = await post(a, jane('x-1'), 'shared-k-1');
    expect(created.status).toBe(201);
    const createdBody = await created.json();
    expect(createdBody).toMatchObject({ created: true });

    // Hub B never saw this request: it answers from the store, as hub A did (a fresh save would be 200).
    const replay = await post(b, jane('x-1'), 'shared-k-1');
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.json()).toEqual(createdBody);
    const conflict = await post(b, jane('x-2'), 'shared-k-1');
    expect(conflict.status).toBe(409);
    expect(((await conflict.json()) as { error: { reason: string } }).error.reason).toBe('CONFLICT');

    // The same new key sent to both hubs at once: one runs, the other waits for its answer.
    const both = await Promise.all([post(a, jane('x-3'), 'shared-k-2'), post(b, jane('x-3'), 'shared-k-2')]);
    expect(both.map((r) => r.status)).toEqual([201, 201]);
    const bodies = await Promise.all(both.map((r) => r.json()));
    expect(bodies[0]).toEqual(bodies[1]);
    expect(both.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(1);
  });
});
