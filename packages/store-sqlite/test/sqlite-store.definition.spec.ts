import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadStore, openStore, STORE_PACKAGES, StoreOptionsError } from '@connector/core';
import sqliteStore, { SqliteStore } from '../src';

describe('the SQLite store definition', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'connector-sqlite-def-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is the default export the hub loads for type: sqlite', () => {
    expect(STORE_PACKAGES.sqlite).toBe('@connector/store-sqlite');
    expect(loadStore(STORE_PACKAGES.sqlite)).toBe(sqliteStore);
    expect(sqliteStore).toMatchObject({ type: 'sqlite', displayName: 'SQLite (embedded)', kind: 'connector-store' });
  });

  it('opens the store its options describe, on the clock of its context', async () => {
    const store = await openStore(
      { package: STORE_PACKAGES.sqlite, options: { dataDir: dir, synchronous: 'NORMAL', checkpoint: 'inline', busyTimeoutMs: 100 } },
      { clock: { now: () => Date.parse('2030-01-02T03:04:05.000Z') } },
    );
    try {
      expect(store).toBeInstanceOf(SqliteStore);
      expect((store as SqliteStore).diagnostics()).toMatchObject({
        file: path.join(dir, 'connector.db'),
        synchronous: 'NORMAL',
        checkpoint: 'inline',
        journalMode: 'wal',
      });
      const entry = await store.appendLog({ clientId: 'c', clubId: 'k', level: 'INFO', direction: 'OUTBOUND', platform: 'acme', summary: 'clocked' });
      expect(entry.createdAt).toBe('2030-01-02T03:04:05.000Z');
    } finally {
      await store.close();
    }
  });

  it('names each wrong option and opens nothing', async () => {
    const problems = async (options: unknown) => {
      const error = await openStore({ package: STORE_PACKAGES.sqlite, options }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreOptionsError);
      return (error as StoreOptionsError).problems;
    };
    expect(await problems({ dataDir: dir, synchronous: 'OFF', checkpoint: 'never', busyTimeoutMs: 1.5, journal: 'wal' })).toEqual([
      'store.options.synchronous: must be FULL or NORMAL',
      'store.options.busyTimeoutMs: must be a whole number of milliseconds',
      'store.options.checkpoint: must be background or inline',
      'store.options.journal: is not a known field',
    ]);
    expect(await problems({})).toEqual(['store.options.dataDir: is required (or file): the folder that holds connector.db']);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
