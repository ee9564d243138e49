/** Settings of a {@link GroupCommitter}. */
export interface GroupCommitOptions {
  /** Most items in one transaction. */
  maxBatch: number;
  /** How long to gather items before committing; 0: those that arrived in the same event-loop turn. */
  windowMs: number;
  /** Told the size of every batch committed (metrics). */
  onBatch?: (size: number) => void;
}

interface Waiting<I, R> {
  input: I;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes arriving together go to the store in one transaction (one fsync covers them
 * all), and each caller's promise settles only once its batch is committed: accepted means durable.
 * While a batch commits, the next one gathers. A batch that fails as a whole is retried item by item,
 * so one item the store refuses does not fail its neighbours.
 *
 * The hub gathers concurrent saves with it; the delivery engine gathers the attempts that end together.
 */
export class GroupCommitter<I, R> {
  private queue: Array<Waiting<I, R>> = [];
  private scheduled = false;
  private committing?: Promise<void>;

  /** `commit` writes the items in one transaction and answers one result per item, in order. */
  constructor(
    private readonly commit: (inputs: I[]) => Promise<R[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  /** Queues one item; resolves once it is committed. */
  submit(input: I): Promise<R> {
    return this.submitMany([input])[0];
  }

  /** Queues items together (a JSON batch request), so they share a transaction. */
  submitMany(inputs: I[]): Array<Promise<R>> {
    const promises = inputs.map((input) => new Promise<R>((resolve, reject) => this.queue.push({ input, resolve, reject })));
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

  private async run(batch: Array<Waiting<I, R>>): Promise<void> {
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
