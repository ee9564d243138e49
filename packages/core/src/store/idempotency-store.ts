/** An `Idempotency-Key`'s answer as it is kept and replayed. */
export interface IdempotencyAnswer {
  status: number;
  body: unknown;
}

/** A first request's claim of a key, for {@link IdempotencyStore.claimIdempotencyKey}. */
export interface IdempotencyClaimInput {
  /** Who calls what (caller, method, route): two callers never share a key. */
  scope: string;
  key: string;
  /** The request body's fingerprint: the same key with another body is refused by the caller. */
  fingerprint: string;
  /** Names this claim, so only its holder can finish or release it. */
  token: string;
  /** Epoch ms now (the caller's clock: hubs keep theirs in sync). */
  now: number;
  /** Until when (epoch ms) the claim holds while its request runs; a hub that dies leaves it to expire. */
  claimUntil: number;
  /** When (epoch ms) the key and its answer are forgotten, counted from the first request. */
  expiresAt: number;
}

/** What a claim found: the key is ours now, or someone else's (answered, or still running). */
export type IdempotencyClaim = { claimed: true } | { claimed: false; fingerprint: string; answer?: IdempotencyAnswer };

/**
 * `Idempotency-Key` answers kept in the store, so they survive a restart and every hub on a shared store
 * replays the others' answers. A store offers it as `ConnectorStore.idempotency`; without it the hub
 * keeps keys in memory.
 */
export interface IdempotencyStore {
  /**
   * Claims (scope, key) for the first request in ONE atomic step: answers `{ claimed: true }` when the
   * key was unknown, expired (`expiresAt` passed) or left unanswered by a claim whose `claimUntil`
   * passed; otherwise what the key holds (its fingerprint, and its answer once there is one).
   */
  claimIdempotencyKey(input: IdempotencyClaimInput): Promise<IdempotencyClaim>;
  /** Keeps the answer of the claim named by `token` (nothing when the claim was lost meanwhile). */
  finishIdempotencyKey(scope: string, key: string, token: string, answer: IdempotencyAnswer): Promise<void>;
  /** Gives up the claim named by `token` (a 5xx or a failure): the next request with the key runs. */
  releaseIdempotencyKey(scope: string, key: string, token: string): Promise<void>;
}
