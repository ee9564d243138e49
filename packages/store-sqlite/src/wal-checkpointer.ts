import fs from 'node:fs';
import { Worker } from 'node:worker_threads';

/** SQLite's default `wal_autocheckpoint`, in pages: what the main connection goes back to on a fallback. */
export const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;
/**
 * The main connection's `wal_autocheckpoint` while a thread checkpoints (4096 pages, about 16 MiB): a
 * safety net, so the event loop checkpoints only when the thread falls behind.
 */
export const SAFETY_NET_AUTOCHECKPOINT_PAGES = 4096;
/** The `-wal` size that starts the thread: SQLite's own auto-checkpoint size (1000 pages of 4 KiB). */
const START_WAL_BYTES = 4 * 1024 * 1024;
/** At most one look at the WAL (or one nudge of the thread) per this many milliseconds of writes. */
const NUDGE_INTERVAL_MS = 200;
/** How long `stop()` waits for the thread to close its connection before terminating it. */
const STOP_TIMEOUT_MS = 10_000;

/** What the thread is given (structured-cloned). */
interface ThreadData {
  /** better-sqlite3's entry file, resolved by the main thread: the thread needs no TypeScript nor resolution. */
  driver: string;
  file: string;
  synchronous: 'FULL' | 'NORMAL';
  busyTimeoutMs: number;
  /** [0]: 1 while a checkpoint is asked for or running, 0 once the thread is idle again. */
  busy: SharedArrayBuffer;
}

/**
 * The checkpoint thread, plain JavaScript. It opens its own connection to the file and runs a passive
 * checkpoint per "checkpoint" message: committed pages are copied from the WAL into the database file
 * without blocking the writer or waiting for readers. "stop" closes the connection; with the port closed,
 * the thread ends. Any error ends the thread too (the main side then falls back to inline checkpoints).
 */
const THREAD_CODE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const busy = new Int32Array(workerData.busy);
const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs, fileMustExist: true });
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
db.pragma('synchronous = ' + workerData.synchronous);
db.pragma('wal_autocheckpoint = 0');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
parentPort.on('message', (message) => {
  if (message === 'checkpoint') {
    try {
      checkpoint.get();
    } finally {
      Atomics.store(busy, 0, 0);
    }
  } else if (message === 'stop') {
    db.close();
    parentPort.close();
  }
});
`;

/** How a store's WAL is checkpointed, as {@link SqliteStore.diagnostics} reports it. */
export interface CheckpointState {
  checkpoint: 'background' | 'inline';
  /** Why a store asked for background checkpoints checkpoints inline instead (the thread failed). */
  checkpointFallback?: string;
}

/**
 * Runs the WAL checkpoints of one file store on a worker thread with its own connection, so the event
 * loop does not copy pages into the database file and fsync it inside the commit that crosses SQLite's
 * auto-checkpoint threshold.
 *
 * The thread starts only once the `-wal` file has grown past {@link START_WAL_BYTES}: a store that writes
 * little never starts one. From then on every write (at most one per {@link NUDGE_INTERVAL_MS}) nudges
 * it; the WAL file's size says nothing any more, since SQLite reuses the file from its start once a
 * checkpoint has caught up, without shrinking it. A nudge is skipped while the thread is still busy with
 * the previous one (a shared flag, read without the event loop), so checkpoints never queue up.
 *
 * The main connection keeps a high auto-checkpoint as a safety net; if the thread fails to start or
 * dies, `onFallback` puts the default back and the store carries on with inline checkpoints.
 */
export class WalCheckpointer {
  private readonly walFile: string;
  private readonly busy = new Int32Array(new SharedArrayBuffer(4));
  private worker: Worker | undefined;
  private exited: Promise<void> | undefined;
  private nextCheckAt = 0;
  private stopping = false;
  private fallbackReason: string | undefined;

  constructor(private readonly options: { file: string; synchronous: 'FULL' | 'NORMAL'; busyTimeoutMs: number; onFallback: () => void }) {
    this.walFile = `${options.file}-wal`;
  }

  /** Call after every write transaction; in the common case a time comparison. */
  afterWrite(): void {
    const now = Date.now();
    if (now < this.nextCheckAt) return;
    this.nextCheckAt = now + NUDGE_INTERVAL_MS;
    if (this.fallbackReason !== undefined || this.stopping) return;
    if (!this.worker) {
      if (walSize(this.walFile) < START_WAL_BYTES) return;
      this.start();
      if (!this.worker) return;
    }
    if (Atomics.compareExchange(this.busy, 0, 0, 1) === 0) this.worker.postMessage('checkpoint');
  }

  state(): CheckpointState {
    return this.fallbackReason === undefined ? { checkpoint: 'background' } : { checkpoint: 'inline', checkpointFallback: this.fallbackReason };
  }

  /**
   * Stops the thread (after the checkpoint it may be running); the promise resolves once its connection is
   * closed. `undefined` when no thread runs, so a store that never started one closes synchronously.
   */
  stop(): Promise<void> | undefined {
    this.stopping = true;
    const worker = this.worker;
    if (!worker) return undefined;
    this.worker = undefined;
    // An unref'd thread would let the process end before it has closed its connection.
    worker.ref();
    worker.postMessage('stop');
    const timer = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
    timer.unref();
    return this.exited?.finally(() => clearTimeout(timer));
  }

  private start(): void {
    let worker: Worker;
    try {
      const workerData: ThreadData = {
        driver: require.resolve('better-sqlite3'),
        file: this.options.file,
        synchronous: this.options.synchronous,
        busyTimeoutMs: this.options.busyTimeoutMs,
        busy: this.busy.buffer as SharedArrayBuffer,
      };
      worker = new Worker(THREAD_CODE, { eval: true, workerData });
    } catch (error) {
      this.fallBack(`the checkpoint thread did not start: ${reasonOf(error)}`);
      return;
    }
    worker.unref();
    this.worker = worker;
    let failure: unknown;
    worker.on('error', (error) => (failure = error));
    this.exited = new Promise((resolve) => {
      worker.once('exit', (code) => {
        if (!this.stopping) {
          this.fallBack(failure === undefined ? `the checkpoint thread exited (code ${code})` : `the checkpoint thread failed: ${reasonOf(failure)}`);
        }
        resolve();
      });
    });
  }

  private fallBack(reason: string): void {
    this.fallbackReason = reason;
    this.worker = undefined;
    this.options.onFallback();
  }
}

function walSize(walFile: string): number {
  try {
    return fs.statSync(walFile, { throwIfNoEntry: false })?.size ?? 0;
  } catch {
    return 0;
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
