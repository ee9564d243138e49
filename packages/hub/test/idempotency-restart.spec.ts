import { startHub, type HubFixture } from './support/hub-fixture';

const jane = (recordId: string) => ({
  clientId: 'client-a',
  clubId: 'club-a1',
  recordId,
  user: { firstName: 'Jane', lastName: 'Keyed', userType: 'PROSPECT', userStatus: 'ACTIVE', email: `${recordId}@example.com` },
});

describe('Idempotency-Key answers kept in the store', () => {
  let f: HubFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  const post = (hub: HubFixture, body: unknown, key: string) =>
    hub.http.post('/api/v1/users', JSON.stringify(body), { headers: { ...hub.intouch, 'content-type': 'application/json', 'idempotency-key': key } });

  it('replays the first answer after a restart of the hub (a fresh save would answer 200, not created)', async () => {
    const first = await startHub();
    const created = await post(first, jane('r-1'), 'restart-k-1');
    expect(created.status).toBe(201);
    expect(JSON.parse(created.data)).toMatchObject({ created: true });
    await first.close({ keepData: true });

    f = await startHub({ dataDir: first.dataDir });
    const replay = await post(f, jane('r-1'), 'restart-k-1');
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(JSON.parse(replay.data)).toEqual(JSON.parse(created.data));
    const conflict = await post(f, jane('r-2'), 'restart-k-1');
    expect(conflict.status).toBe(409);
    expect(JSON.parse(conflict.data).error.reason).toBe('CONFLICT');
  });

  it('runs a duplicate that arrives while the first runs once: both get the first answer', async () => {
    f = await startHub();
    const answers = await Promise.all([post(f, jane('d-1'), 'dup-k-1'), post(f, jane('d-1'), 'dup-k-1'), post(f, jane('d-1'), 'dup-k-1')]);
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.data)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(2);
  });
});
