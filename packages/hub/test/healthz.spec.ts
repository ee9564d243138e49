import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { captureLogger } from '@connector/testing';
import { openSqliteStore, SQLITE_DB_FILE_NAME, type SqliteStore } from '@connector/store-sqlite';
import axios from 'axios';
import { createHub, parseConfig, type Hub } from '../src';
import { KEYS, testConfig } from './support/hub-fixture';

// SQLite's max_page_count makes the store "full" for real: its writes fail with SQLITE_FULL, the code a
// full disk gives.

/** The pages of a migrated, empty store in `dataDir`. */
async function migratedPageCount(dataDir: string): Promise<number> {
  await openSqliteStore({ dataDir, checkpoint: 'inline' }).close();
  const raw = new Database(path.join(dataDir, SQLITE_DB_FILE_NAME), { readonly: true });
  try {
    return raw.pragma('page_count', { simple: true }) as number;
  } finally {
    raw.close();
  }
}

describe('/healthz and the store', () => {
  let dataDir: string;
  let hub: Hub | undefined;
  let store: SqliteStore | undefined;
  beforeEach(() => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'connector-health-'))));
  afterEach(async () => {
    await hub?.close();
    await store?.close();
    hub = undefined;
    store = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 degraded, naming the full disk by the data folder name only, when the store cannot write', async () => {
    store = openSqliteStore({ dataDir, checkpoint: 'inline', maxPageCount: (await migratedPageCount(dataDir)) + 2 });
    // No platform: nothing but the saves writes.
    const config = testConfig(dataDir, {
      connection: { scheme: 'http', host: '127.0.0.1', port: 9 },
      clubs: { 'club-a1': 'club-1' },
      options: { apiKey: 'k' },
    });
    config.clients = config.clients!.map((client) => ({ ...client, platforms: [] }));
    const { logger } = captureLogger();
    hub = await createHub(parseConfig(config, {}), { logger, store });
    const { url } = await hub.listen();
    const http = axios.create({ baseURL: url, validateStatus: () => true });

    const healthy = await http.get('/healthz');
    expect(healthy.status).toBe(200);
    expect(healthy.data).toEqual({ status: 'ok', store: { ok: true } });

    let saved = 200;
    // Bounded: a few records of 3 KB fill the two spare pages.
    for (let i = 0; i < 20 && saved < 500; i++) {
      const user = { firstName: 'Fay', lastName: 'Full', userType: 'PROSPECT', userStatus: 'ACTIVE', address1: `${i} `.padEnd(3000, 'x') };
      const body = { clientId: 'client-a', clubId: 'club-a1', recordId: `full-${i}`, user };
      saved = (await http.post('/api/v1/users', body, { headers: { authorization: `Bearer ${KEYS.intouch}` } })).status;
    }
    expect(saved).toBeGreaterThanOrEqual(500);

    const degraded = await http.get('/healthz');
    expect(degraded.status).toBe(503);
    expect(degraded.data).toEqual({ status: 'degraded', store: { ok: false, error: `the disk holding the data folder "${path.basename(dataDir)}" is full` } });
    expect(JSON.stringify(degraded.data)).not.toContain(os.tmpdir());
  });
});
