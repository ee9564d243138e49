import type { SaveRecordInput, SaveRecordResult } from '@connector/core';

/** Settings of the {@link GroupCommitter}. */
export interface GroupCommitOptions {
  /** Most records in one transaction. */
  maxBatch: number;
  /** How long to gather saves before committing; 0: those that arrived in the same event-loop turn. */
  windowMs: number;
  /** Told the size of every batch committed (metrics). */
  onBatch?: (size: number) => void;
}

interface Waiting {
  input: SaveRecordInput;
  resolve: (result: SaveRecordResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: saves arriving together are written in one transaction (one fsync covers them all),
 * and each caller's promise settles only once its batch is committed: accepted means durable. While a
 * batch commits, the next one gathers. A batch that fails as a whole is retried record by record, so
 * one record the store refuses does not fail its neighbours.
 */
export class GroupCommitter {
  private queue: Waiting[] = [];
  private scheduled = false;
  private committing?: Promise<void>;

  constructor(
    private readonly commit: (inputs: SaveRecordInput[]) => Promise<SaveRecordResult[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  /** Queues one prepared record; resolves once it is committed. */
  submit(input: SaveRecordInput): Promise<SaveRecordResult> {
    return this.submitMany([input])[0];
  }

  /** Queues records together (a JSON batch request), so they share a transaction. */
  submitMany(inputs: SaveRecordInput[]): Array<Promise<SaveRecordResult>> {
    const promises = inputs.map(
      (input) => new Promise<SaveRecordResult>((resolve, reject) => this.queue.push({ input, resolve, reject })),
    );
    if (this.queue.length >= this.options.maxBatch) this.kick();
    else this.schedule();
    return promises;
  }

  /** Resolves once everything queued so far is committed (graceful shutdown). */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.committing) {
      if (!this.committing) this.kick();
      await this.committing;
    }
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    if (this.options.windowMs > 0) setTimeout(() => this.kick(), this.options.windowMs);
    else setImmediate(() => this.kick());
  }

  private kick(): void {
    this.scheduled = false;
    // One commit at a time: what arrives meanwhile forms the next batch when this one is done.
    if (this.committing || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.options.maxBatch);
    this.committing = this.run(batch).finally(() => {
      this.committing = undefined;
      if (this.queue.length > 0) this.kick();
    });
  }

  private async run(batch: Waiting[]): Promise<void> {
    this.options.onBatch?.(batch.length);
    try {
      const results = await this.commit(batch.map((w) => w.input));
      batch.forEach((waiting, i) => waiting.resolve(results[i]));
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      for (const waiting of batch) {
        try {
          const [result] = await this.commit([waiting.input]);
          waiting.resolve(result);
        } catch (single) {
          waiting.reject(single);
        }
      }
    }
  }
}
