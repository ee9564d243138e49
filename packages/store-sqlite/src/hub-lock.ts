import { randomUUID } from 'node:crypto';
import os from 'node:os';
import Database from 'better-sqlite3';
import { ConnectorError } from '@connector/core';
import { errorCode, toDatabaseError } from './sqlite-error';

/** Who holds a store's hub lock, as the holder wrote it. */
export interface HubLockHolder {
  pid: number;
  host: string;
  /** ISO-8601, UTC. */
  startedAt: string;
}

/** The refusal of a second hub: names the folder and the holder. */
export class HubLockedError extends ConnectorError {
  constructor(
    readonly place: string,
    readonly holder: HubLockHolder | undefined,
  ) {
    const who = holder ? ` (pid ${holder.pid} on ${holder.host}, started ${describeStart(holder.startedAt)})` : '';
    super(
      'DATABASE',
      `${place} is in use by another hub${who}; the embedded SQLite store serves one hub: stop the other hub, ` +
        'give this one another data folder, or for several hubs use a shared store',
      { retryable: false },
    );
  }
}

/** `2026-12-05 20:01 UTC`. */
function describeStart(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const HOLDER_TABLE = `CREATE TABLE IF NOT EXISTS holder (
  id INTEGER PRIMARY KEY CHECK (id = 1), token TEXT NOT NULL, pid INTEGER NOT NULL, host TEXT NOT NULL, started_at TEXT NOT NULL)`;
/** How long a commit of the holder row, or a read of it, waits for the other side's brief lock. */
const SHORT_WAIT_MS = 2000;
/** Tries when another hub starts at the same moment (see acquire); past them this one is refused. */
const MAX_TRIES = 3;

/**
 * The one-hub lock of an embedded store: a small SQLite file beside the database (`connector.db.hub-lock`)
 * whose write lock the hub holds while it runs (an open `BEGIN IMMEDIATE` that never commits). The lock
 * is the operating system's (SQLite's file locks), so it goes with the process: a hub killed with
 * kill -9 leaves nothing that blocks the next start, and no pid has to be checked for liveness. Other
 * processes can still read the holder row (a RESERVED lock lets readers in), which is how a second hub
 * names the first. Short commands (import, log, dlq) never touch this file.
 */
export class HubLock {
  private constructor(private readonly db: Database.Database) {}

  /**
   * Takes the lock for this process.
   *
   * @param file - the lock file.
   * @param place - how the refusal names the data (`the data folder /srv/hub/data`).
   * @throws HubLockedError naming `place` and the holder when another hub holds it.
   */
  static acquire(file: string, place: string): HubLock {
    let db: Database.Database | undefined;
    try {
      db = new Database(file, { timeout: SHORT_WAIT_MS });
      db.pragma('journal_mode = DELETE');
      db.exec(HOLDER_TABLE);
      const token = randomUUID();
      const holder: HubLockHolder = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
      for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
        // The holder row is committed, then the write lock taken again and kept. Between the two another
        // hub may slip in: whoever then holds the lock with its own row committed has it; one that holds
        // the lock under another's row lets go and tries again.
        if (!tryBegin(db)) throw new HubLockedError(place, readHolder(db));
        db.prepare('INSERT OR REPLACE INTO holder (id, token, pid, host, started_at) VALUES (1, ?, ?, ?, ?)').run(
          token,
          holder.pid,
          holder.host,
          holder.startedAt,
        );
        db.pragma(`busy_timeout = ${SHORT_WAIT_MS}`);
        db.exec('COMMIT');
        if (!tryBegin(db)) throw new HubLockedError(place, readHolder(db));
        if (db.prepare('SELECT token FROM holder WHERE id = 1').pluck().get() === token) return new HubLock(db);
        db.exec('ROLLBACK');
      }
      throw new HubLockedError(place, readHolder(db));
    } catch (error) {
      db?.close();
      throw toDatabaseError(error, `lock ${place} for this hub`);
    }
  }

  /** Lets the lock go (closing its connection releases the file lock); a second call does nothing. */
  release(): void {
    if (this.db.open) this.db.close();
  }
}

/** BEGIN IMMEDIATE without waiting: false when another connection holds the write lock. */
function tryBegin(db: Database.Database): boolean {
  db.pragma('busy_timeout = 0');
  try {
    db.exec('BEGIN IMMEDIATE');
    return true;
  } catch (error) {
    if (errorCode(error)?.startsWith('SQLITE_BUSY')) return false;
    throw error;
  }
}

function readHolder(db: Database.Database): HubLockHolder | undefined {
  db.pragma(`busy_timeout = ${SHORT_WAIT_MS}`);
  const row = db.prepare('SELECT pid, host, started_at AS startedAt FROM holder WHERE id = 1').get() as HubLockHolder | undefined;
  return row;
}
