import { backoffDelay } from '../transport/call-policy';

/** Settings of a {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Transient failures in a row (no success between) that open the circuit (default 5). */
  failureThreshold?: number;
  /** First wait before probing an open circuit (default 5 s); doubles each failed probe, with jitter. */
  probeBaseMs?: number;
  /** Longest wait between probes (default 5 min). */
  probeMaxMs?: number;
}

/**
 * One turn-up's view of its platform's health. A run of transient failures (network errors, timeouts,
 * 429 / 5xx) opens the circuit: the worker then spends no attempts on queued deliveries and probes the
 * platform on a backoff instead; the first probe that answers closes it. Every method is O(1): it is on
 * the hot path of each delivery's outcome.
 */
export class CircuitBreaker {
  private failures = 0;
  private probes = 0;
  private openSince?: number;
  private nextProbe = 0;
  private readonly threshold: number;
  private readonly probeBackoff: { baseDelayMs: number; maxDelayMs: number };

  constructor(
    private readonly now: () => number,
    options: CircuitBreakerOptions = {},
  ) {
    this.threshold = Math.max(1, options.failureThreshold ?? 5);
    this.probeBackoff = { baseDelayMs: options.probeBaseMs ?? 5_000, maxDelayMs: options.probeMaxMs ?? 5 * 60_000 };
  }

  /** True while the platform is taken to be down. */
  get isOpen(): boolean {
    return this.openSince !== undefined;
  }

  /** The platform answered (a delivery, or a refusal that is its own answer): the run of failures ends. */
  succeeded(): void {
    if (this.openSince === undefined) this.failures = 0;
  }

  /** A transient failure. True when this one opened the circuit (the caller says so, once). */
  failed(): boolean {
    if (this.openSince !== undefined) return false;
    this.failures += 1;
    if (this.failures < this.threshold) return false;
    this.openSince = this.now();
    this.probes = 0;
    this.schedule();
    return true;
  }

  /** Whether an open circuit's next probe is due. */
  probeDue(): boolean {
    return this.openSince !== undefined && this.now() >= this.nextProbe;
  }

  /** A probe failed: the next one waits longer. */
  probeFailed(): void {
    this.schedule();
  }

  /** A probe answered: the circuit closes. */
  close(): void {
    this.openSince = undefined;
    this.failures = 0;
    this.probes = 0;
  }

  private schedule(): void {
    this.probes += 1;
    this.nextProbe = this.now() + backoffDelay(this.probeBackoff, this.probes);
  }
}
