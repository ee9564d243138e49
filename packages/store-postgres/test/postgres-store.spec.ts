import { createHash } from 'node:crypto';
import pg from 'pg';
import { ConnectorError, type SaveRecordInput } from '@connector/core';
import { PostgresStore, listAppliedPostgresMigrations, POSTGRES_MIGRATIONS } from '../src';
import { DATABASE_URL, describeWithPostgres, dropSchema, freshSchema } from './postgres-available';

function prospect(recordId: string, firstName = recordId): SaveRecordInput<'person'> {
  const content = { firstName, lastName: 'Doe', userType: 'PROSPECT' as const, userStatus: 'ACTIVE' as const, email: `${recordId.toLowerCase()}@example.com` };
  return {
    clientId: 'client-1',
    clubId: 'club-1',
    kind: 'person',
    origin: { provider: 'INTOUCH', recordId },
    targets: ['acme'],
    content,
    hash: createHash('sha256').update(JSON.stringify(content)).digest('hex'),
  };
}

/** The URL with another database (or port) and a password that must never be shown. */
function withPassword(change: (url: URL) => void): string {
  const url = new URL(DATABASE_URL);
  url.password = 'Sup3rSecretPw';
  change(url);
  return url.toString();
}

async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorError);
    return error as ConnectorError;
  }
  throw new Error('expected a rejection');
}

describeWithPostgres('PostgresStore on a real Postgres', () => {
  const schemas: string[] = [];
  const stores: PostgresStore[] = [];
  const schema = (): string => {
    const name = freshSchema('s');
    schemas.push(name);
    return name;
  };
  const open = async (name: string): Promise<PostgresStore> => {
    const store = await PostgresStore.connect({ url: DATABASE_URL, schema: name });
    stores.push(store);
    return store;
  };

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    for (const name of schemas.splice(0)) await dropSchema(name);
  });

  it('hubs that start together migrate once, and each finds the schema up to date', async () => {
    const name = schema();
    const hubs = await Promise.all([open(name), open(name), open(name), open(name)]);
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      const applied = await listAppliedPostgresMigrations(client, name);
      expect(applied.map((m) => m.id)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.id));
    } finally {
      await client.end();
    }
    const latest = POSTGRES_MIGRATIONS[POSTGRES_MIGRATIONS.length - 1].id;
    expect(await Promise.all(hubs.map(async (h) => (await h.diagnostics()).schemaVersion))).toEqual([latest, latest, latest, latest]);
  });

  it('two hubs claiming at once never hand out the same delivery, and together take every one', async () => {
    const name = schema();
    const [a, b] = await Promise.all([open(name), open(name)]);
    await a.saveRecords(Array.from({ length: 200 }, (_, i) => prospect(`R${i}`)));
    const claimedIds: string[] = [];
    const claimUntilEmpty = async (store: PostgresStore): Promise<void> => {
      for (let round = 0; round < 100; round++) {
        const claimed = await store.claimDeliveries({ now: Date.now(), leaseMs: 60_000, limit: 7, clientId: 'client-1', platform: 'acme' });
        if (claimed.length === 0) return;
        claimedIds.push(...claimed.map((d) => d.id));
      }
    };
    await Promise.all([claimUntilEmpty(a), claimUntilEmpty(b), claimUntilEmpty(a), claimUntilEmpty(b)]);
    expect(claimedIds).toHaveLength(200);
    expect(new Set(claimedIds).size).toBe(200);
    expect(await b.queueDepth()).toEqual({ pending: 0, leased: 200, done: 0, dead: 0 });
  });

  it('a change saved on one hub while another delivers the first version is delivered after it, never lost', async () => {
    const name = schema();
    const [a, b] = await Promise.all([open(name), open(name)]);
    await a.saveRecord(prospect('L1', 'Jane'));
    const [first] = await b.claimDeliveries({ now: Date.now(), leaseMs: 60_000, limit: 1 });
    // Hub A takes a change while hub B holds the delivery of version 1; B then finishes version 1.
    await a.saveRecord(prospect('L1', 'Janet'));
    expect(await a.claimDeliveries({ now: Date.now(), leaseMs: 60_000, limit: 1 })).toEqual([]);
    await b.finishDeliveries([{ id: first.id, leaseToken: first.leaseToken, deliveredVersion: 1, effects: {} }]);
    const [second] = await a.claimDeliveries({ now: Date.now(), leaseMs: 60_000, limit: 1 });
    expect(second).toMatchObject({ id: first.id, recordVersion: 2, record: { content: { firstName: 'Janet' } } });
  });

  it('two hubs saving batches of the same records at once create each record once, the second save a change of it', async () => {
    const name = schema();
    const [a, b] = await Promise.all([open(name), open(name)]);
    const ids = Array.from({ length: 300 }, (_, i) => `B${i}`);
    // Each batch is one multi-row statement: the hubs' upserts meet on the same rows at the same time.
    const [fromA, fromB] = await Promise.all([a.saveRecords(ids.map((id) => prospect(id, 'Ann'))), b.saveRecords(ids.map((id) => prospect(id, 'Bea')))]);
    for (let i = 0; i < ids.length; i++) {
      const pair = [fromA[i], fromB[i]];
      expect(fromB[i].record.uuid).toBe(fromA[i].record.uuid);
      expect(pair.map((r) => r.created).sort()).toEqual([false, true]);
      expect(pair.map((r) => [r.changed, r.deliveryIds.length])).toEqual([
        [true, 1],
        [true, 1],
      ]);
      const later = pair.find((r) => !r.created)!;
      expect(later.record.version).toBe(2);
      expect(await b.getRecord(later.record.uuid)).toMatchObject({ version: 2, content: later.record.content });
    }
    expect(await a.unfinishedDeliveries()).toBe(300);
    const { changes } = await b.listChanges({ clientIds: ['client-1'], limit: 1000 });
    expect(new Set(changes.map((c) => c.record.origin.recordId))).toEqual(new Set(ids));
    expect(changes).toHaveLength(300);
  });

  it('wakes the workers of every hub when any hub commits deliveries, with the client ID', async () => {
    const name = schema();
    const [a, b] = await Promise.all([open(name), open(name)]);
    const heard: string[] = [];
    const stop = b.onWork((clientId) => heard.push(clientId));
    expect(await b.listening()).toBe(true);
    await a.saveRecord(prospect('L1'));
    for (let i = 0; i < 200 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(heard).toEqual(['client-1']);
    stop();
  });

  it('reports health, and refuses to work once closed', async () => {
    const store = await open(schema());
    expect(await store.health()).toEqual({ ok: true });
    await store.close();
    expect(await store.health()).toEqual({ ok: false, error: 'the store is closed' });
    expect((await rejection(store.getRecord('x'))).message).toMatch(/after close/);
  });

  it('names the server and the reason when it cannot connect, never the password', async () => {
    const noDb = await rejection(PostgresStore.connect({ url: withPassword((u) => (u.pathname = '/no_such_database_here')) }));
    expect(noDb.message).toMatch(/no_such_database_here: the database does not exist/);
    expect(noDb.message).not.toContain('Sup3rSecretPw');

    const closedPort = await rejection(PostgresStore.connect({ url: withPassword((u) => (u.port = '1')) }));
    expect(closedPort.message).toMatch(/127\.0\.0\.1:1.*connection refused/);
    expect(closedPort.message).not.toContain('Sup3rSecretPw');
    expect(closedPort.retryable).toBe(true);
  });
});
