import type { AcmeCallKey } from './acme-call-key';

/** A fault the simulator injects into one call. */
export type AcmeFault =
  | { kind: 'fail'; status: number }
  | { kind: 'rateLimit'; retryAfterSeconds: number }
  | { kind: 'delay'; ms: number }
  /** The call is performed at once (the write is saved), and its answer is sent `ms` later. */
  | { kind: 'answerLate'; ms: number }
  | { kind: 'drop' }
  | { kind: 'dropAfterCommit' };

/** Limits a fault to some kinds of call, so a test can aim at the create and let the look-ups through. */
export interface FaultOptions {
  on?: AcmeCallKey | AcmeCallKey[];
}

interface Entry {
  fault: AcmeFault;
  remaining: number;
  on?: ReadonlySet<AcmeCallKey>;
}

/**
 * Injected faults, in the order the test asked for them: each call takes one unit of the first fault
 * that applies to it, so `failNext(1); rateLimitNext(1, 2)` fails the first call and rate-limits the
 * second, as a test reads.
 */
export class FaultQueue {
  private entries: Entry[] = [];

  add(fault: AcmeFault, count: number, options: FaultOptions = {}): void {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a whole number >= 0, got ${count}`);
    if (count === 0) return;
    const on = options.on === undefined ? undefined : new Set(Array.isArray(options.on) ? options.on : [options.on]);
    this.entries.push({ fault, remaining: count, on });
  }

  /** The fault for a call of kind `key`, if one is pending. */
  take(key: AcmeCallKey): AcmeFault | undefined {
    const index = this.entries.findIndex((entry) => !entry.on || entry.on.has(key));
    if (index < 0) return undefined;
    const entry = this.entries[index];
    entry.remaining -= 1;
    if (entry.remaining === 0) this.entries.splice(index, 1);
    return entry.fault;
  }

  /** How many faulty calls are still pending. */
  pending(): number {
    return this.entries.reduce((sum, entry) => sum + entry.remaining, 0);
  }
}
