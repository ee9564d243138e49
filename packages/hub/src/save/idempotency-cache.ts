import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ValidationError, type IdempotencyStore } from '@connector/core';
import { LRUCache } from 'lru-cache';
import { ConflictError } from '../errors/hub-errors';

/** An answer as it will be replayed. */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

interface Entry {
  fingerprint: string;
  answer?: StoredAnswer;
  pending?: Promise<StoredAnswer>;
}

/** Settings of the {@link IdempotencyCache}. */
export interface IdempotencyOptions {
  ttlMs: number;
  maxKeys: number;
  now?: () => number;
  /**
   * Keeps the keys in the store instead of memory (they survive restarts and every hub on the store
   * replays the others' answers); `maxKeys` then does not apply.
   */
  store?: IdempotencyStore;
  /**
   * With a store: how long (ms) a first request's claim holds while it runs. A duplicate (on any hub)
   * waits for its answer meanwhile; once it passes (the hub died mid-request) the duplicate claims the
   * key and runs itself. Default 60 s.
   */
  claimMs?: number;
}

/** The longest pause (ms) between two looks at a key another hub is answering. */
const MAX_POLL_MS = 500;

/** JSON with sorted keys, so the same content in another key order is the same body. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What identifies a request body for {@link IdempotencyCache.run}: the sha256 of its JSON with sorted
 * keys, so the same content in another key order is the same body. A batch read on another thread
 * computes it there, with this same function.
 */
export function bodyFingerprint(body: unknown): string {
  return createHash('sha256').update(canonical(body)).digest('hex');
}

/**
 * `Idempotency-Key` support for the JSON API, in memory: the first request with a key runs and its
 * answer (any status below 500) is kept for `ttlMs`; the same key with the same body (same caller,
 * same endpoint) gets that answer again without running; the same key with another body is a 409
 * CONFLICT. A request arriving while the first is still running waits for its answer. Answers of 5xx
 * are not kept, so a retry after a store failure runs again. At most `maxKeys` are kept (the least
 * recently used are dropped first); a restart forgets them all, which is safe because saves are
 * idempotent by provider + client + club + recordID anyway.
 */
export class IdempotencyCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly store: IdempotencyStore | undefined;
  private readonly ttlMs: number;
  private readonly claimMs: number;
  private readonly clock: () => number;

  constructor(options: IdempotencyOptions) {
    const now = options.now;
    this.store = options.store;
    this.ttlMs = options.ttlMs;
    this.claimMs = options.claimMs ?? 60_000;
    this.clock = now ?? Date.now;
    this.entries = new LRUCache<string, Entry>({
      max: options.maxKeys,
      // The TTL runs from the first request, not from the last replay.
      ttl: options.ttlMs,
      // lru-cache reads a start time of 0 as "no TTL"; a clock given for tests may start at 0, so it
      // is read 1 ms later. Without one, lru-cache keeps its own (performance.now()).
      ...(now ? { perf: { now: () => now() + 1 }, ttlResolution: 0 } : {}),
    });
  }

  /**
   * Runs `work` once per (scope, key) and body.
   *
   * @param scope - who calls what: the caller and the endpoint, so two providers never share a key.
   * @param fingerprint - the body's {@link bodyFingerprint}.
   * @throws ConflictError when the key was used with another body; ValidationError for a malformed key.
   */
  async run(scope: string, key: string, fingerprint: string, work: () => Promise<StoredAnswer>): Promise<{ answer: StoredAnswer; replayed: boolean }> {
    if (key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
      throw new ValidationError('Idempotency-Key must be 1 to 255 visible ASCII characters', { field: 'Idempotency-Key' });
    }
    const id = `${scope}\u0000${key}`;
    if (this.store) return this.runInStore(this.store, scope, key, fingerprint, work);
    const existing = this.entries.get(id);
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        throw new ConflictError('this Idempotency-Key was already used with a different body; use a new key for a new request', { field: 'Idempotency-Key' });
      }
      if (existing.answer) return { answer: existing.answer, replayed: true };
      if (existing.pending) return { answer: await existing.pending, replayed: true };
    }
    const entry: Entry = { fingerprint };
    entry.pending = work();
    this.entries.set(id, entry);
    const forget = () => {
      if (this.entries.peek(id) === entry) this.entries.delete(id);
    };
    try {
      const answer = await entry.pending;
      entry.pending = undefined;
      if (answer.status < 500) entry.answer = answer;
      else forget();
      return { answer, replayed: false };
    } catch (error) {
      forget();
      throw error;
    }
  }

  /**
   * {@link run} with the keys in the store: the claim decides which request, on whichever hub, runs;
   * a duplicate while it runs looks again (bounded, up to `claimMs`) until the answer is there, or the
   * claim was given up or lapsed (then it claims and runs itself).
   */
  private async runInStore(
    store: IdempotencyStore,
    scope: string,
    key: string,
    fingerprint: string,
    work: () => Promise<StoredAnswer>,
  ): Promise<{ answer: StoredAnswer; replayed: boolean }> {
    const token = randomUUID();
    const started = this.clock();
    for (let look = 0; ; look++) {
      const now = this.clock();
      const found = await store.claimIdempotencyKey({ scope, key, fingerprint, token, now, claimUntil: now + this.claimMs, expiresAt: now + this.ttlMs });
      if (found.claimed) break;
      if (found.fingerprint !== fingerprint) {
        throw new ConflictError('this Idempotency-Key was already used with a different body; use a new key for a new request', { field: 'Idempotency-Key' });
      }
      if (found.answer) return { answer: found.answer, replayed: true };
      if (now - started >= this.claimMs) {
        throw new ConflictError('a request with this Idempotency-Key is still running; retry it later with the same key', { field: 'Idempotency-Key' });
      }
      await sleep(Math.min(MAX_POLL_MS, 20 * 2 ** look));
    }
    let answer: StoredAnswer;
    try {
      answer = await work();
    } catch (error) {
      await store.releaseIdempotencyKey(scope, key, token);
      throw error;
    }
    // Answers of 5xx are not kept: a retry after a store failure runs again.
    if (answer.status < 500) await store.finishIdempotencyKey(scope, key, token, answer);
    else await store.releaseIdempotencyKey(scope, key, token);
    return { answer, replayed: false };
  }

  /** How many keys are kept now. */
  get size(): number {
    return this.entries.size;
  }
}
