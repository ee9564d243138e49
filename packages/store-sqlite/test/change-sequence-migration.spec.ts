import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS, applyMigrations, openSqliteStore } from '../src';
import { prospect } from './fixtures/prospect';

describe('the change-sequence migration', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'connector-seq-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('numbers the records of an older file in the order they last changed, as made by their sender', async () => {
    const file = path.join(dir, 'connector.db');
    const raw = new Database(file);
    applyMigrations(
      raw,
      SQLITE_MIGRATIONS.filter((m) => m.name !== 'change-sequence'),
    );
    const insert = raw.prepare(
      `INSERT INTO records (uuid, client_id, club_id, kind, origin_provider, origin_record_id, content, hash, version, created_at, updated_at)
       VALUES (?, 'client-1', 'club-1', 'person', ?, ?, '{"firstName":"Jane"}', ?, 1, '2026-01-01T00:00:00.000Z', ?)`,
    );
    insert.run('00000000-0000-7000-8000-000000000001', 'INTOUCH', 'late', 'h1', '2026-03-01T00:00:00.000Z');
    insert.run('00000000-0000-7000-8000-000000000002', 'ABC', 'early', 'h2', '2026-02-01T00:00:00.000Z');
    raw.close();

    const store = openSqliteStore({ file, checkpoint: 'inline' });
    try {
      const old = await store.listChanges({ clientIds: ['client-1'] });
      expect(old.changes.map((c) => [c.record.origin.recordId, c.changedBy, c.seq])).toEqual([
        ['early', 'ABC', 1],
        ['late', 'INTOUCH', 2],
      ]);
      // New changes continue the sequence.
      await store.saveRecord(prospect('new'));
      const next = await store.listChanges({ clientIds: ['client-1'], afterSeq: old.nextSeq });
      expect(next.changes.map((c) => [c.record.origin.recordId, c.seq])).toEqual([['new', 3]]);
    } finally {
      await store.close();
    }
  });
});
