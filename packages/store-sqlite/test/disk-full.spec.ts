import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ConnectorError } from '@connector/core';
import { openSqliteStore, SQLITE_DB_FILE_NAME } from '../src';
import { prospect } from './fixtures/prospect';

// SQLite's max_page_count makes the database "full" for real: writes past it fail with SQLITE_FULL,
// the code a full disk gives, through the same paths.

/** About 4 KB: a page or more per record, so a save needs new pages. */
const ABOUT_4_KB = { address1: 'x'.repeat(4000) };

/** The pages of a migrated, empty store in `dataDir`. */
function migratedPageCount(dataDir: string): number {
  openSqliteStore({ dataDir, checkpoint: 'inline' }).close();
  const raw = new Database(path.join(dataDir, SQLITE_DB_FILE_NAME), { readonly: true });
  try {
    return raw.pragma('page_count', { simple: true }) as number;
  } finally {
    raw.close();
  }
}

describe('a full disk', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'connector-full-'))));
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('is named at start: "the disk holding <folder> is full", not a bare I/O error', () => {
    let error: unknown;
    try {
      openSqliteStore({ dataDir, checkpoint: 'inline', maxPageCount: 1 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as Error).message).toContain(`(SQLITE_FULL): the disk holding ${dataDir} is full`);
  });

  it('is named when a write fails, and makes the store unhealthy until a write succeeds again', async () => {
    const pages = migratedPageCount(dataDir);
    const store = openSqliteStore({ dataDir, checkpoint: 'inline', maxPageCount: pages + 2 });
    try {
      expect(await store.health()).toEqual({ ok: true });
      let failed: Error | undefined;
      // Bounded: a few records fill the two spare pages.
      for (let i = 0; i < 10 && !failed; i++)
        failed = await store.saveRecord(prospect(`P${i}`, { content: ABOUT_4_KB })).then(
          () => undefined,
          (error: Error) => error,
        );
      expect(failed?.message).toContain(`saveRecord failed (SQLITE_FULL): the disk holding ${dataDir} is full`);

      const health = await store.health();
      // Shown on an unauthenticated endpoint: the folder's name, not its path.
      expect(health).toEqual({ ok: false, error: `the disk holding the data folder "${path.basename(dataDir)}" is full` });
      expect(health.error).not.toContain(path.dirname(dataDir));

      // A small write still fits in the pages the store has: it lands, and the store is healthy again.
      await store.appendLog({ clientId: 'client-1', clubId: 'club-1', level: 'INFO', direction: 'INBOUND', platform: 'INTOUCH', summary: 'ok' });
      expect(await store.health()).toEqual({ ok: true });
    } finally {
      await store.close();
    }
  });
});
