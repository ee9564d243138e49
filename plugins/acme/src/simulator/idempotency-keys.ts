/** The answer a create gave, kept to be given again for a repeated key. */
export interface KeptAnswer {
  status: number;
  body: unknown;
}

/** What the simulator does with a create that carries an `Idempotency-Key`. */
export type KeyDecision =
  /** First use of the key: perform the create, then `complete` (or `release` when it was not performed). */
  | { kind: 'perform' }
  /** The first request with this key is still being processed: 409, retry later (Stripe's behaviour). */
  | { kind: 'inProgress' }
  /** Seen before: answer what the first request answered. */
  | { kind: 'replay'; answer: KeptAnswer }
  /** The key was first used on another endpoint. */
  | { kind: 'otherEndpoint'; endpoint: string };

interface Entry {
  endpoint: string;
  answer?: KeptAnswer;
  expiresAt: number;
}

/**
 * Acme's idempotency keys, as Stripe keeps them: for a day (`ttlMs`) and at most `maxKeys` (the oldest
 * forgotten first), so a long test run cannot grow the simulator without bound.
 */
export class IdempotencyKeys {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = 24 * 60 * 60_000,
    private readonly maxKeys = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reserves `key` for a create on `endpoint` ("POST /v1/clubs/c-1/prospects"), or says why not. */
  begin(key: string, endpoint: string): KeyDecision {
    this.expire();
    const entry = this.entries.get(key);
    if (entry) {
      if (entry.endpoint !== endpoint) return { kind: 'otherEndpoint', endpoint: entry.endpoint };
      return entry.answer ? { kind: 'replay', answer: entry.answer } : { kind: 'inProgress' };
    }
    this.entries.set(key, { endpoint, expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.maxKeys) this.entries.delete(this.entries.keys().next().value!);
    return { kind: 'perform' };
  }

  /** Keeps what the create answered, for every later request with the key. */
  complete(key: string, answer: KeptAnswer): void {
    const entry = this.entries.get(key);
    if (entry) entry.answer = structuredClone(answer);
  }

  /** Forgets a reservation whose create was not performed (the request failed before acting). */
  release(key: string): void {
    const entry = this.entries.get(key);
    if (entry && !entry.answer) this.entries.delete(key);
  }

  private expire(): void {
    const now = this.now();
    // Insertion order is expiry order (one TTL for all): stop at the first key still alive.
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.entries.delete(key);
    }
  }
}
