import type { AcmeSimulator } from '@connector/plugin-acme/simulator';
import { between } from './run-settings';

/** The share of calls that meet each fault (the rest are served normally). */
export interface FaultRates {
  /** 500, 502 or 503 without acting. */
  serverError: number;
  /** Performed only after `slowMs` (longer than the call timeout): the caller gives up, the write lands later. */
  slow: number;
  /** Performed at once, answered after `slowMs`: the caller gives up on a write that is saved. */
  answerLate: number;
  /** The connection is dropped before acting. */
  drop: number;
  /** The write is committed, then the connection is dropped. */
  dropAfterCommit: number;
  /** A burst of 2-4 calls answered 429 with Retry-After: 1. */
  rateLimitBurst: number;
}

/**
 * Queues a fault plan of `calls` calls in the simulator: each call, in the order they arrive, meets a
 * fault drawn at `rates` or is served. The simulator's queue is ordered, so a served call is queued as a
 * zero delay. Calls after the plan are all served, so every delivery can finish.
 */
export function planFaults(acme: AcmeSimulator, random: () => number, calls: number, rates: FaultRates, slowMs: number): Record<string, number> {
  const planned: Record<string, number> = {};
  const count = (kind: string, n = 1) => (planned[kind] = (planned[kind] ?? 0) + n);
  for (let call = 0; call < calls; call++) {
    let draw = random();
    const pick = (rate: number) => {
      draw -= rate;
      return draw < 0;
    };
    if (pick(rates.serverError)) {
      acme.failNext(1, [500, 502, 503][between(random, 0, 2)]);
      count('serverError');
    } else if (pick(rates.slow)) {
      acme.delayNext(1, slowMs);
      count('slow');
    } else if (pick(rates.answerLate)) {
      acme.answerLateNext(1, slowMs);
      count('answerLate');
    } else if (pick(rates.drop)) {
      acme.dropNext(1);
      count('drop');
    } else if (pick(rates.dropAfterCommit)) {
      acme.dropAfterCommitNext(1);
      count('dropAfterCommit');
    } else if (pick(rates.rateLimitBurst)) {
      const burst = between(random, 2, 4);
      acme.rateLimitNext(burst, 1);
      count('rateLimited', burst);
      call += burst - 1;
    } else {
      acme.delayNext(1, 0);
    }
  }
  return planned;
}
