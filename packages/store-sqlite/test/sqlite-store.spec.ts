import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { setTimeout as pause } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { ConnectorError, type SaveRecordInput } from '@connector/core';
import { describeStoreContract } from '../../testing/src/store-contract';
import { SQLITE_MIGRATIONS, applyMigrations, listAppliedMigrations, openSqliteStore, type Migration } from '../src';
import { prospect } from './fixtures/prospect';

function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'connector-sqlite-'));
}

/** Batch `b` of 500 prospects with about 1 KB of content each: about 1 MiB of WAL per batch. */
function bulkyBatch(b: number): SaveRecordInput[] {
  return Array.from({ length: 500 }, (_, i) => {
    const input = prospect(`B${b}-${i}`);
    input.content = { ...input.content, address1: `${b}-${i} `.padEnd(1000, 'x') };
    return input;
  });
}

const MiB = 1024 * 1024;

function fileSize(file: string): number {
  return fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
}

/** The records in a closed store's file, counted by a connection of its own. */
function countRecords(file: string): number {
  const raw = new Database(file, { readonly: true });
  try {
    return raw.prepare('SELECT count(*) FROM records').pluck().get() as number;
  } finally {
    raw.close();
  }
}

/**
 * Saves `batches` bulky batches, then one more after 210 ms: that commit looks at the WAL (at most
 * once per 200 ms) and, past 4 MiB, nudges the checkpoint thread.
 */
async function fillThenNudge(store: { saveRecords(inputs: SaveRecordInput[]): Promise<unknown> }, batches: number): Promise<void> {
  for (let b = 0; b < batches; b++) await store.saveRecords(bulkyBatch(b));
  await pause(210);
  await store.saveRecords(bulkyBatch(batches));
}

/** What a rejected promise rejected with, so several properties can be asserted. */
async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorError);
    return error as ConnectorError;
  }
  throw new Error('expected a rejection');
}

describeStoreContract('sqlite (temp file)', async () => {
  const dir = makeTempDir();
  const file = path.join(dir, 'connector.db');
  return {
    store: openSqliteStore({ file }),
    reopen: async () => openSqliteStore({ file }),
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SqliteStore', () => {
  const latest = SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1].id;
  let dir: string;

  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('opening', () => {
    it('creates <dataDir>/connector.db in WAL mode, synchronous FULL by default', async () => {
      const dataDir = path.join(dir, 'nested', 'data');
      const store = openSqliteStore({ dataDir });
      const file = path.join(dataDir, 'connector.db');
      expect(fs.existsSync(file)).toBe(true);
      expect(store.diagnostics()).toEqual({
        file,
        schemaVersion: latest,
        journalMode: 'wal',
        synchronous: 'FULL',
        checkpoint: 'background',
      });
      await store.close();

      // WAL is a property of the file: another connection sees it too.
      const raw = new Database(file, { readonly: true });
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      raw.close();
    });

    it('runs with synchronous NORMAL on request, and refuses anything else', async () => {
      const store = openSqliteStore({ file: path.join(dir, 'a.db'), synchronous: 'NORMAL' });
      expect(store.diagnostics().synchronous).toBe('NORMAL');
      await store.close();
      expect(() => openSqliteStore({ file: path.join(dir, 'b.db'), synchronous: 'OFF' as 'FULL' })).toThrow(expect.objectContaining({ code: 'CONFIGURATION' }));
    });

    it('needs a file or a data folder', () => {
      expect(() => openSqliteStore({})).toThrow(expect.objectContaining({ code: 'CONFIGURATION' }));
    });

    it('works in memory for unit use', async () => {
      const store = openSqliteStore({ file: ':memory:' });
      const { record } = await store.saveRecord(prospect('L1'));
      expect(await store.getRecord(record.uuid)).toEqual(record);
      expect(store.diagnostics()).toMatchObject({ journalMode: 'memory', checkpoint: 'inline' });
      await store.close();
    });

    it("answers a save of content given as JSON with a record that reads it lazily, and keeps it in the record's JSON", async () => {
      const store = openSqliteStore({ file: ':memory:' });
      const input = prospect('L2');
      const { record } = await store.saveRecord({ ...input, contentJson: JSON.stringify(input.content) });
      expect(record.content).toEqual(input.content);
      // content is read through the prototype (a class, for speed): JSON keeps it, as for a record read back.
      expect(JSON.parse(JSON.stringify(record))).toEqual(JSON.parse(JSON.stringify(await store.getRecord(record.uuid))));
      await store.close();
    });

    it('takes due times and timestamps from its clock', async () => {
      const clock = { now: () => Date.parse('2024-05-01T08:00:00.000Z') };
      const store = openSqliteStore({ file: ':memory:', clock });
      const { record, deliveryIds } = await store.saveRecord(prospect('L1'));
      expect(record.createdAt).toBe('2024-05-01T08:00:00.000Z');
      expect(await store.getDelivery(deliveryIds[0])).toMatchObject({ nextAttemptAt: clock.now() });
      expect((await store.appendLog({ clientId: 'c', clubId: 'k', level: 'INFO', direction: 'INBOUND', platform: 'X', summary: 's' })).createdAt).toBe(
        '2024-05-01T08:00:00.000Z',
      );
      await store.close();
    });
  });

  describe('WAL checkpoints', () => {
    const safetyNet = 4096 * 4096; // the main connection's wal_autocheckpoint in background mode, in bytes

    it('reports where checkpoints run, and refuses an unknown mode', async () => {
      const file = path.join(dir, 'a.db');
      const inline = openSqliteStore({ file, checkpoint: 'inline' });
      expect(inline.diagnostics()).toMatchObject({ checkpoint: 'inline' });
      expect(inline.diagnostics().checkpointFallback).toBeUndefined();
      await inline.close();
      const memory = openSqliteStore({ file: ':memory:', checkpoint: 'background' });
      expect(memory.diagnostics()).toMatchObject({ checkpoint: 'inline' });
      await memory.close();
      expect(() => openSqliteStore({ file, checkpoint: 'never' as 'inline' })).toThrow(expect.objectContaining({ code: 'CONFIGURATION' }));
    });

    it('copies a busy WAL into the file on a thread, keeps it bounded, and loses nothing', async () => {
      const file = path.join(dir, 'connector.db');
      const store = openSqliteStore({ file });
      let maxWal = 0;
      // Pauses between batches, as a server's event loop has between commits.
      const write = async (from: number, to: number) => {
        for (let b = from; b < to; b++) {
          await store.saveRecords(bulkyBatch(b));
          maxWal = Math.max(maxWal, fileSize(`${file}-wal`));
          await pause(2);
        }
      };

      // About 10 MiB of WAL: past the 4 MiB that start the thread, under the main connection's safety
      // net, so only the thread can have copied pages into the database file.
      await write(0, 10);
      expect(maxWal).toBeLessThan(safetyNet);
      // The thread may still be starting on a loaded machine (CI runs two suites at once): keep committing
      // a one-record batch now and then, as a server does, so a nudge follows once it is up. Those tiny
      // commits stay far under the safety net, so the copy is still the thread's.
      const deadline = Date.now() + 20_000;
      let nudges = 0;
      while (fileSize(file) < 4 * MiB && Date.now() < deadline) {
        await store.saveRecords([bulkyBatch(1000 + nudges++)[0]]);
        await pause(250);
      }
      expect(fileSize(file)).toBeGreaterThanOrEqual(4 * MiB);

      // 30 MiB more: the WAL stays bounded (without checkpoints it would reach about 38 MiB).
      await write(10, 40);
      expect(store.diagnostics()).toMatchObject({ checkpoint: 'background' });
      await store.close();
      expect(fs.existsSync(`${file}-wal`)).toBe(false);
      expect(maxWal).toBeLessThan(safetyNet + 3 * MiB);
      expect(maxWal).toBeLessThan(fileSize(file) * 0.6);

      expect(countRecords(file)).toBe(40 * 500 + nudges);
      const again = openSqliteStore({ file });
      const found = await again.findRecordByOrigin('client-1', 'club-1', { provider: 'INTOUCH', recordId: 'B39-499' });
      expect(found?.content).toMatchObject({ lastName: 'B39-499', address1: expect.stringMatching(/^39-499 x+$/) });
      await again.close();
    }, 60_000);

    it('checkpoints on the main connection as before with checkpoint: inline', async () => {
      const file = path.join(dir, 'connector.db');
      const store = openSqliteStore({ file, checkpoint: 'inline' });
      let maxWal = 0;
      for (let b = 0; b < 8; b++) {
        await store.saveRecords(bulkyBatch(b));
        maxWal = Math.max(maxWal, fileSize(`${file}-wal`));
      }
      // SQLite's auto-checkpoint: 1000 pages (4 MiB), plus the commit that crossed it.
      expect(maxWal).toBeLessThan(4 * MiB + 2 * MiB);
      await store.close();
      expect(fs.existsSync(`${file}-wal`)).toBe(false);
      expect(countRecords(file)).toBe(8 * 500);
    }, 30_000);

    it('closes while the thread is checkpointing without hanging or losing a commit', async () => {
      const file = path.join(dir, 'connector.db');
      const store = openSqliteStore({ file });
      await fillThenNudge(store, 8);
      const started = Date.now();
      await store.close();
      expect(Date.now() - started).toBeLessThan(5000);
      // SQLite removes the WAL only when the last connection closes: the thread's had closed first.
      expect(fs.existsSync(`${file}-wal`)).toBe(false);
      expect(countRecords(file)).toBe(9 * 500);
    }, 30_000);

    it('falls back to inline checkpoints when the thread dies, and carries on', async () => {
      const file = path.join(dir, 'connector.db');
      const store = openSqliteStore({ file });
      await fillThenNudge(store, 6); // the WAL is past 4 MiB: the thread starts
      // Fault injection from the outside: the thread is killed as a crash in it would end it.
      const internals = store as unknown as { checkpointer: { worker?: Worker }; db: Database.Database };
      const worker = internals.checkpointer.worker;
      expect(worker).toBeDefined();
      await worker?.terminate();
      const deadline = Date.now() + 5000;
      while (store.diagnostics().checkpoint !== 'inline' && Date.now() < deadline) await pause(10);
      expect(store.diagnostics()).toMatchObject({ checkpoint: 'inline', checkpointFallback: expect.stringMatching(/thread exited/) });
      expect(internals.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);

      for (let b = 7; b < 10; b++) await store.saveRecords(bulkyBatch(b));
      await store.close();
      expect(fs.existsSync(`${file}-wal`)).toBe(false);
      expect(countRecords(file)).toBe(10 * 500);
    }, 30_000);
  });

  describe('migrations', () => {
    it('records the migrations applied, once, across reopens', async () => {
      const file = path.join(dir, 'connector.db');
      await openSqliteStore({ file }).close();
      await openSqliteStore({ file }).close();

      const raw = new Database(file, { readonly: true });
      const applied = listAppliedMigrations(raw);
      raw.close();
      expect(applied.map((m) => [m.id, m.name])).toEqual(SQLITE_MIGRATIONS.map((m) => [m.id, m.name]));
      expect(applied.every((m) => !Number.isNaN(Date.parse(m.appliedAt)))).toBe(true);
    });

    it('applies only the missing migrations to an existing file', () => {
      const raw = new Database(path.join(dir, 'old.db'));
      // Neither uses IF NOT EXISTS: running one twice would fail.
      const first: Migration = { id: 1, name: 'first', sql: 'CREATE TABLE a (x INTEGER)' };
      const second: Migration = { id: 2, name: 'second', sql: 'CREATE TABLE b (y INTEGER)' };
      expect(applyMigrations(raw, [first]).map((m) => m.id)).toEqual([1]);
      expect(applyMigrations(raw, [first, second]).map((m) => m.id)).toEqual([2]);
      expect(applyMigrations(raw, [first, second])).toEqual([]);
      expect(listAppliedMigrations(raw).map((m) => m.id)).toEqual([1, 2]);
      raw.close();
    });

    it('gives the person records of a file made before two-way sync their SmartMatch keys when it is upgraded', async () => {
      const file = path.join(dir, 'connector.db');
      const raw = new Database(file);
      applyMigrations(
        raw,
        SQLITE_MIGRATIONS.filter((m) => m.id < 4),
      );
      const content = JSON.stringify({ firstName: 'Old', lastName: "O'Timer", userType: 'PROSPECT', userStatus: 'ACTIVE', email: 'Old@Example.com' });
      raw
        .prepare(
          "INSERT INTO records (uuid, client_id, club_id, kind, origin_provider, origin_record_id, content, hash, version, created_at, updated_at) VALUES ('u-1', 'c', 'k', 'person', 'INTOUCH', 'r', ?, 'h', 1, 'now', 'now')",
        )
        .run(content);
      raw.close();
      const store = openSqliteStore({ file });
      const found = await store.findPeopleByKeys({ clientId: 'c', name: 'old otimer', email: 'old@example.com' });
      expect(found.map((r) => r.uuid)).toEqual(['u-1']);
      await store.close();
    });

    it('leaves the file as it was when a migration fails', () => {
      const raw = new Database(path.join(dir, 'broken.db'));
      const good: Migration = { id: 1, name: 'good', sql: 'CREATE TABLE a (x INTEGER)' };
      const bad: Migration = { id: 2, name: 'bad', sql: 'CREATE TABLE oops (' };
      expect(() => applyMigrations(raw, [good, bad])).toThrow();
      expect(listAppliedMigrations(raw)).toEqual([]);
      expect(raw.prepare("SELECT name FROM sqlite_master WHERE name = 'a'").get()).toBeUndefined();
      raw.close();
    });

    it('refuses, clearly, a file written by a newer Connector', async () => {
      const file = path.join(dir, 'connector.db');
      await openSqliteStore({ file }).close();
      const raw = new Database(file);
      raw.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(latest + 998, 'from-the-future', new Date().toISOString());
      raw.close();

      let error: unknown;
      try {
        openSqliteStore({ file });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error).toMatchObject({ code: 'DATABASE', retryable: false });
      expect((error as Error).message).toMatch(new RegExp(`schema version ${latest + 998}, newer than this Connector knows`));
      expect((error as Error).message).toMatch(/Upgrade the Connector/);
    });
  });

  describe('errors', () => {
    it('turns a constraint failure into a DATABASE error that is not retried', async () => {
      const store = openSqliteStore({ file: path.join(dir, 'connector.db') });
      const error = await rejection(
        store.putLink({
          recordUuid: 'no-such-record',
          clientId: 'client-1',
          clubId: 'club-1',
          platform: 'acme',
          platformRecordId: 'P-1',
          linkedType: 'PROSPECT',
        }),
      );
      expect(error).toMatchObject({ code: 'DATABASE', retryable: false });
      expect(error.message).toMatch(/putLink failed \(SQLITE_CONSTRAINT_FOREIGNKEY\)/);
      expect(error.cause).toBeDefined();
      await store.close();
    });

    it('turns a lock held too long by another process into a retryable DATABASE error', async () => {
      const file = path.join(dir, 'connector.db');
      const store = openSqliteStore({ file, busyTimeoutMs: 50 });
      const other = new Database(file);
      other.exec('BEGIN IMMEDIATE');
      try {
        const error = await rejection(store.saveRecord(prospect('L1')));
        expect(error).toMatchObject({ code: 'DATABASE', retryable: true });
        expect(error.message).toMatch(/SQLITE_BUSY/);
      } finally {
        other.exec('ROLLBACK');
        other.close();
      }
      // Nothing half-written: the save can simply be retried.
      expect((await store.saveRecord(prospect('L1'))).created).toBe(true);
      await store.close();
    });

    it('answers a DATABASE error once closed, and closing twice is harmless', async () => {
      const store = openSqliteStore({ file: path.join(dir, 'connector.db') });
      await store.close();
      await store.close();
      expect(await rejection(store.getRecord('x'))).toMatchObject({ code: 'DATABASE' });
    });
  });

  describe('two processes on one file', () => {
    /** Forks a claim worker on `file`; resolves `ready` once its store is open. */
    function startWorker(file: string): {
      ready: Promise<void>;
      go: (startAt: number) => void;
      claimed: Promise<string[]>;
    } {
      const child = fork(path.join(__dirname, 'fixtures', 'claim-worker.ts'), [file], {
        // The workspace's own hook runs the TypeScript sources directly, as `npm start` does.
        execArgv: ['-r', path.resolve(__dirname, '../../../tools/scripts/register.js')],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      let markReady!: () => void;
      const ready = new Promise<void>((resolve) => (markReady = resolve));
      const claimed = new Promise<string[]>((resolve, reject) => {
        let result: string[] | undefined;
        child.on('message', (message: unknown) => {
          if (message === 'ready') markReady();
          else result = (message as { claimed: string[] }).claimed;
        });
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 && result ? resolve(result) : reject(new Error(`claim worker exited with ${code}`))));
      });
      return { ready, go: (startAt) => child.send(startAt), claimed };
    }

    it('never hands the same delivery to both', async () => {
      const file = path.join(dir, 'connector.db');
      const store = openSqliteStore({ file });
      const inputs = Array.from({ length: 100 }, (_, i) => prospect(`L${i}`, { targets: ['acme', 'mindbody', 'abc'] }));
      const saved = await store.saveRecords(inputs);
      const all = saved.flatMap((r) => r.deliveryIds);
      expect(all).toHaveLength(300);

      const workers = [startWorker(file), startWorker(file)];
      await Promise.all(workers.map((w) => w.ready));
      const startAt = Date.now() + 200;
      workers.forEach((w) => w.go(startAt));
      const claims = await Promise.all(workers.map((w) => w.claimed));

      const everything = claims.flat();
      expect(new Set(everything).size).toBe(everything.length);
      expect([...everything].sort()).toEqual([...all].sort());
      expect(claims.every((c) => c.length > 0)).toBe(true);
      expect(await store.queueDepth()).toEqual({ pending: 0, leased: 0, done: 300, dead: 0 });
      const attempts = new Set((await Promise.all(saved.map((r) => store.listDeliveries(r.record.uuid)))).flat().map((d) => d.attempts));
      expect([...attempts]).toEqual([1]);
      await store.close();
    }, 60_000);
  });
});
