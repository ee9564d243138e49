import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EntityKind, Logger } from '@connector/core';
import { fromWire, type ReadBatch } from './batch-items';
import type { ReadAnswer, ReadRequest } from './batch-reader.worker';

/** Settings of a {@link BatchReader} (`server.batchReader` in the configuration). */
export interface BatchReaderOptions {
  /** Threads that read batch bodies; 0 reads every body on the event loop. */
  threads: number;
  /** Smaller bodies are read on the event loop: handing them over would cost more than it frees. */
  minBytes: number;
}

/**
 * What a thread runs first: when the hub runs from its TypeScript sources (in the workspace: tests, the
 * dev scripts), the workspace's register script (ts-node, and @connector/* resolved to their sources, as
 * the main thread has them). A thread does not inherit jest's module loader, so it cannot rely on it.
 */
const BOOT = `
const { workerData } = require('node:worker_threads');
if (workerData.register) require(workerData.register);
require(workerData.entry);
`;

/** The workspace's register script, for threads of a hub running from src (packages/hub/src/save). */
const WORKSPACE_REGISTER = path.resolve(__dirname, '../../../../tools/scripts/register.js');

interface ReaderThread {
  worker: Worker;
  ready: boolean;
  waiting: Map<number, (batch: ReadBatch | undefined) => void>;
}

/**
 * Reads large JSON batch bodies on worker threads, beside the event loop: the JSON parse, each item's
 * reading, the content check against the model and the content hash (about half of a batch's CPU)
 * run there, while the event loop checks rights, routes and commits. The answers are the same as when
 * a body is read on the event loop (readBatchBody is the same code either way); what needs the
 * configuration or the store stays on the event loop.
 *
 * Threads start with the first large body and take a moment to load, so the first bodies are read
 * on the event loop. A body is read on the event loop whenever no thread can take it: threads off,
 * starting, or failed. A thread that fails (it should not: it only reads) is logged and not replaced,
 * and what it held is read on the event loop instead, so no batch is lost or answered twice.
 */
export class BatchReader {
  private threads: ReaderThread[] = [];
  private started = false;
  private closed = false;
  private nextId = 1;
  private turn = 0;

  constructor(
    private readonly options: BatchReaderOptions,
    private readonly logger: Logger,
  ) {}

  /** How many threads are ready to read (0 while starting, when off, or once they failed). */
  get readyThreads(): number {
    return this.threads.filter((t) => t.ready).length;
  }

  /**
   * The time the threads have spent reading so far, in ms (their event loops' active time; threads
   * that stopped are not counted). With the event loop's own figure it shows which side bounds the
   * rate of JSON batches: the bench prints both per record.
   */
  busyMs(): number {
    return this.threads.reduce((sum, t) => sum + t.worker.performance.eventLoopUtilization().active, 0);
  }

  /**
   * Reads a batch body on a thread. Answers `undefined` at once (no promise) when the body is to be read
   * on the event loop instead, and a promise of `undefined` when the thread it was given to failed.
   */
  read(kind: EntityKind, body: string, providerId: string, options: { maxItems: number; fingerprint: boolean }): Promise<ReadBatch | undefined> | undefined {
    if (this.closed || this.options.threads === 0 || body.length < this.options.minBytes) return undefined;
    if (!this.started) this.start();
    const ready = this.threads.filter((t) => t.ready);
    if (ready.length === 0) return undefined;
    const thread = ready[this.turn++ % ready.length];
    const request: ReadRequest = { id: this.nextId++, kind, body, providerId, maxItems: options.maxItems, fingerprint: options.fingerprint };
    return new Promise((resolve) => {
      thread.waiting.set(request.id, resolve);
      thread.worker.postMessage(request);
    });
  }

  /** Starts the threads now (they start with the first large body otherwise); resolves once they are ready or failed. */
  async warmUp(): Promise<void> {
    if (this.options.threads === 0 || this.closed) return;
    if (!this.started) this.start();
    await Promise.all(
      this.threads.map((t) => (t.ready ? undefined : new Promise<void>((resolve) => t.worker.once('message', () => resolve()).once('exit', () => resolve())))),
    );
  }

  /** Stops the threads; bodies they held are answered `undefined` (read on the event loop). */
  async close(): Promise<void> {
    this.closed = true;
    const threads = this.threads;
    this.threads = [];
    await Promise.all(threads.map((t) => this.retire(t).then(() => t.worker.terminate())));
  }

  private start(): void {
    this.started = true;
    const typescript = path.extname(__filename) === '.ts';
    const entry = path.join(__dirname, `batch-reader.worker${path.extname(__filename)}`);
    for (let i = 0; i < this.options.threads; i++) {
      let worker: Worker;
      try {
        worker = new Worker(BOOT, { eval: true, workerData: { entry, register: typescript ? WORKSPACE_REGISTER : undefined } });
      } catch (error) {
        this.logger.warn('a batch reader thread could not start; JSON batches are read on the event loop', { error });
        continue;
      }
      // The threads never keep the process alive: the hub closes them, and a CLI run may just end.
      worker.unref();
      const thread: ReaderThread = { worker, ready: false, waiting: new Map() };
      worker.on('message', (message: ReadAnswer | { ready: true }) => {
        if ('ready' in message) {
          thread.ready = true;
          return;
        }
        const resolve = thread.waiting.get(message.id);
        thread.waiting.delete(message.id);
        if ('failed' in message) this.logger.warn('a batch reader thread could not read a body; it is read on the event loop', { reason: message.failed });
        resolve?.('batch' in message ? fromWire(message.batch) : undefined);
      });
      worker.on('error', (error) => {
        this.logger.warn('a batch reader thread failed; JSON batches are read on the event loop', { error });
        void this.retire(thread);
      });
      worker.on('exit', () => void this.retire(thread));
      this.threads.push(thread);
    }
  }

  /** Takes a thread out of service; what it held is read on the event loop. */
  private async retire(thread: ReaderThread): Promise<void> {
    thread.ready = false;
    for (const resolve of thread.waiting.values()) resolve(undefined);
    thread.waiting.clear();
    this.threads = this.threads.filter((t) => t !== thread);
  }
}
