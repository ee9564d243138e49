import { createHash } from 'node:crypto';
import pg from 'pg';
import { personMatchKeys, type SaveRecordInput } from '@connector/core';
import { PostgresStore, POSTGRES_MIGRATIONS } from '../src';
import { DATABASE_URL, describeWithPostgres, dropSchema, freshSchema } from './postgres-available';

function prospect(recordId: string, firstName = recordId, provider = 'INTOUCH'): SaveRecordInput<'person'> {
  const content = { firstName, lastName: 'Doe', userType: 'PROSPECT' as const, userStatus: 'ACTIVE' as const };
  return {
    clientId: 'client-1',
    clubId: 'club-1',
    kind: 'person',
    origin: { provider, recordId },
    targets: [],
    content,
    hash: createHash('sha256').update(JSON.stringify(content)).digest('hex'),
  };
}

/** Writes records as an older Connector did (its columns only), into a schema migrated as far as `upTo`. */
async function oldRecords(schema: string, upTo: number, rows: Array<{ uuid: string; input: SaveRecordInput; updatedAt: string }>): Promise<void> {
  const store = await PostgresStore.connect({ url: DATABASE_URL, schema, migrations: POSTGRES_MIGRATIONS.slice(0, upTo) });
  await store.close();
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    for (const { uuid, input, updatedAt } of rows) {
      await client.query(
        `INSERT INTO "${schema}".records (uuid, client_id, club_id, kind, origin_provider, origin_record_id, content, hash, version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9)`,
        [uuid, input.clientId, input.clubId, input.kind, input.origin.provider, input.origin.recordId, JSON.stringify(input.content), input.hash, updatedAt],
      );
    }
  } finally {
    await client.end();
  }
}

describeWithPostgres('PostgresStore change feed and two-way sync on a real Postgres', () => {
  const schemas: string[] = [];
  const stores: PostgresStore[] = [];
  const open = async (schema: string, migrations = POSTGRES_MIGRATIONS): Promise<PostgresStore> => {
    const store = await PostgresStore.connect({ url: DATABASE_URL, schema, migrations });
    stores.push(store);
    return store;
  };
  const schema = (): string => {
    const name = freshSchema('f');
    schemas.push(name);
    return name;
  };

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    for (const name of schemas.splice(0)) await dropSchema(name);
  });

  it('a feed reader following the cursor while three hubs save at once sees every record exactly once', async () => {
    const name = schema();
    const hubs = await Promise.all([open(name), open(name), open(name)]);
    const reader = await open(name);
    const seen: string[] = [];
    let cursor = 0;
    const read = async (): Promise<void> => {
      const page = await reader.listChanges({ clientIds: ['client-1'], afterSeq: cursor, limit: 50 });
      seen.push(...page.changes.map((c) => c.record.origin.recordId));
      expect(page.nextSeq).toBeGreaterThanOrEqual(cursor);
      cursor = page.nextSeq;
    };
    let saving = true;
    const readWhileSaving = async (): Promise<void> => {
      for (let round = 0; saving && round < 10_000; round++) await read();
    };
    // 3 hubs × 4 concurrent writers × 15 batches of 3 records: many transactions committing together.
    const writers = hubs.flatMap((hub, h) =>
      Array.from({ length: 4 }, async (_, w) => {
        for (let b = 0; b < 15; b++) await hub.saveRecords([0, 1, 2].map((i) => prospect(`H${h}-W${w}-B${b}-${i}`)));
      }),
    );
    const reading = readWhileSaving();
    await Promise.all(writers);
    saving = false;
    await reading;
    for (let round = 0; round < 100; round++) {
      const before = seen.length;
      await read();
      if (seen.length === before) break;
    }
    expect(seen).toHaveLength(3 * 4 * 15 * 3);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('numbers the records a schema held before the change feed, in the order they last changed', async () => {
    const name = schema();
    await oldRecords(name, 1, [
      { uuid: 'u-a', input: prospect('A'), updatedAt: '2026-01-02T00:00:00.000Z' },
      { uuid: 'u-b', input: prospect('B', 'Bob', 'ABC'), updatedAt: '2026-01-01T00:00:00.000Z' },
    ]);

    const store = await open(name);
    const { changes } = await store.listChanges({ clientIds: ['client-1'] });
    expect(changes.map((c) => [c.record.origin.recordId, c.changedBy])).toEqual([
      ['B', 'ABC'],
      ['A', 'INTOUCH'],
    ]);
    await store.saveRecord(prospect('C'));
    expect((await store.listChanges({ clientIds: ['client-1'], afterSeq: changes[1].seq })).changes.map((c) => c.record.origin.recordId)).toEqual(['C']);
  });

  it('fills the SmartMatch keys of the person records a schema held before two-way sync', async () => {
    const name = schema();
    await oldRecords(name, 2, [{ uuid: 'u-z', input: prospect('A', 'Zoë'), updatedAt: '2026-01-01T00:00:00.000Z' }]);

    const store = await open(name);
    const keys = personMatchKeys({ firstName: 'zoe', lastName: 'DOE' });
    expect((await store.findPeopleByKeys({ clientId: 'client-1', name: keys.name })).map((r) => r.uuid)).toEqual(['u-z']);
  });
});
