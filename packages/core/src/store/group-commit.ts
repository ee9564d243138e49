/** Settings of a {@link GroupCommitter}. */
export interface GroupCommitOptions {
  /** Most items in one transaction. */
  maxBatch: number;
  /** How long to gather items before committing; 0: those that arrived in the same event-loop turn. */
  windowMs: number;
  /** Told the size of every batch committed (metrics). */
  onBatch?: (size: number) => void;
}

/** What became of one item: committed with its result, or refused with the store's error. */
export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

/** Items submitted together, answered together once the last of them is committed. */
interface Submission<I, R> {
  inputs: I[];
  settled: Array<Settled<R>>;
  left: number;
  done: (settled: Array<Settled<R>>) => void;
}

/** A run of a submission's items, `from` to `to` (excluded), waiting in the queue or in a batch. */
interface Slice<I, R> {
  submission: Submission<I, R>;
  from: number;
  to: number;
}

/**
 * Group commit: writes arriving together go to the store in one transaction (one fsync covers them
 * all), and each caller is answered only once its items are committed: accepted means durable.
 * While a batch commits, the next one gathers. A batch that fails as a whole is retried item by item,
 * so one item the store refuses does not fail its neighbours.
 *
 * The hub gathers concurrent saves with it (a JSON batch as one submission); the delivery engine
 * gathers the attempts that end together. A submission costs one promise however many items it has.
 */
export class GroupCommitter<I, R> {
  private queue: Array<Slice<I, R>> = [];
  private queued = 0;
  private scheduled = false;
  private committing?: Promise<void>;

  /** `commit` writes the items in one transaction and answers one result per item, in order. */
  constructor(
    private readonly commit: (inputs: I[]) => Promise<R[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  /** Queues one item; resolves once it is committed, or rejects with the store's error. */
  async submit(input: I): Promise<R> {
    const [settled] = await this.submitAll([input]);
    if (!settled.ok) throw settled.error;
    return settled.value;
  }

  /**
   * Queues items together (a JSON batch request), so they share a transaction when they fit in one;
   * resolves once every one of them is committed or refused, with what became of each, in order.
   */
  submitAll(inputs: I[]): Promise<Array<Settled<R>>> {
    if (inputs.length === 0) return Promise.resolve([]);
    return new Promise((done) => {
      const submission: Submission<I, R> = { inputs, settled: new Array(inputs.length), left: inputs.length, done };
      this.queue.push({ submission, from: 0, to: inputs.length });
      this.queued += inputs.length;
      if (this.queued >= this.options.maxBatch) this.kick();
      else this.schedule();
    });
  }

  /** Resolves once everything queued so far is committed (graceful shutdown). */
  async flush(): Promise<void> {
    while (this.queued > 0 || this.committing) {
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
    if (this.committing || this.queued === 0) return;
    const batch = this.take(this.options.maxBatch);
    this.committing = this.run(batch).finally(() => {
      this.committing = undefined;
      if (this.queued > 0) this.kick();
    });
  }

  /** The first `max` items of the queue, splitting a submission that does not fit. */
  private take(max: number): Array<Slice<I, R>> {
    const batch: Array<Slice<I, R>> = [];
    let count = 0;
    while (count < max && this.queue.length > 0) {
      const slice = this.queue[0];
      const room = max - count;
      if (slice.to - slice.from <= room) {
        batch.push(this.queue.shift()!);
        count += slice.to - slice.from;
      } else {
        batch.push({ submission: slice.submission, from: slice.from, to: slice.from + room });
        slice.from += room;
        count += room;
      }
    }
    this.queued -= count;
    return batch;
  }

  private async run(batch: Array<Slice<I, R>>): Promise<void> {
    const inputs: I[] = [];
    for (const { submission, from, to } of batch) for (let i = from; i < to; i++) inputs.push(submission.inputs[i]);
    this.options.onBatch?.(inputs.length);
    try {
      const results = await this.commit(inputs);
      let next = 0;
      for (const slice of batch) for (let i = slice.from; i < slice.to; i++) this.settle(slice.submission, i, { ok: true, value: results[next++] });
    } catch (error) {
      if (inputs.length === 1) {
        this.settle(batch[0].submission, batch[0].from, { ok: false, error });
        return;
      }
      for (const slice of batch) {
        for (let i = slice.from; i < slice.to; i++) {
          try {
            const [result] = await this.commit([slice.submission.inputs[i]]);
            this.settle(slice.submission, i, { ok: true, value: result });
          } catch (single) {
            this.settle(slice.submission, i, { ok: false, error: single });
          }
        }
      }
    }
  }

  private settle(submission: Submission<I, R>, index: number, settled: Settled<R>): void {
    submission.settled[index] = settled;
    if (--submission.left === 0) submission.done(submission.settled);
  }
}
