import type { IdempotencyAnswer, IdempotencyClaim, IdempotencyClaimInput, IdempotencyStore } from '@connector/core';

/** Runs one statement (autocommit) as the store does, its errors as `DATABASE` errors. */
export type RunStatement = <R extends Record<string, unknown>>(operation: string, sql: string, params: unknown[]) => Promise<R[]>;

/** How often (ms) one hub deletes the expired keys, at a claim. */
const SWEEP_EVERY_MS = 60_000;

/** The most times a claim re-reads a key that was released between its insert and its read. */
const CLAIM_ROUNDS = 5;

interface KeyRow extends Record<string, unknown> {
  fingerprint: string;
  status: number | null;
  body: string | null;
}

/**
 * `Idempotency-Key` answers in the `idempotency_keys` table, shared by every hub on the schema. A claim
 * is one `INSERT … ON CONFLICT DO UPDATE … WHERE` (the key is free, expired, or its claim lapsed): two
 * hubs claiming at once are ordered by the row's unique index, so exactly one gets it.
 */
export class PostgresIdempotency implements IdempotencyStore {
  private lastSweepAt = 0;

  constructor(private readonly rows: RunStatement) {}

  async claimIdempotencyKey(input: IdempotencyClaimInput): Promise<IdempotencyClaim> {
    await this.sweep(input.now);
    for (let round = 0; round < CLAIM_ROUNDS; round++) {
      const claimed = await this.rows(
        'claim an Idempotency-Key',
        `INSERT INTO idempotency_keys AS k (scope, idempotency_key, fingerprint, token, status, body, claimed_until, expires_at)
         VALUES ($1, $2, $3, $4, NULL, NULL, $5, $6)
         ON CONFLICT (scope, idempotency_key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, token = EXCLUDED.token, status = NULL,
           body = NULL, claimed_until = EXCLUDED.claimed_until, expires_at = EXCLUDED.expires_at
         WHERE k.expires_at <= $7 OR (k.status IS NULL AND k.claimed_until <= $7)
         RETURNING k.token`,
        [input.scope, input.key, input.fingerprint, input.token, input.claimUntil, input.expiresAt, input.now],
      );
      if (claimed.length > 0) return { claimed: true };
      const [held] = await this.rows<KeyRow>(
        'read an Idempotency-Key',
        'SELECT fingerprint, status, body FROM idempotency_keys WHERE scope = $1 AND idempotency_key = $2',
        [input.scope, input.key],
      );
      // Released between the two statements: claim again.
      if (!held) continue;
      const answer: IdempotencyAnswer | undefined =
        held.status === null ? undefined : { status: held.status, body: held.body === null ? undefined : JSON.parse(held.body) };
      return { claimed: false, fingerprint: held.fingerprint, ...(answer ? { answer } : {}) };
    }
    // A key claimed and released over and over by others: report it as running, the caller waits.
    return { claimed: false, fingerprint: input.fingerprint };
  }

  async finishIdempotencyKey(scope: string, key: string, token: string, answer: IdempotencyAnswer): Promise<void> {
    await this.rows(
      'keep an Idempotency-Key answer',
      'UPDATE idempotency_keys SET status = $4, body = $5 WHERE scope = $1 AND idempotency_key = $2 AND token = $3',
      [scope, key, token, answer.status, answer.body === undefined ? null : JSON.stringify(answer.body)],
    );
  }

  async releaseIdempotencyKey(scope: string, key: string, token: string): Promise<void> {
    await this.rows('release an Idempotency-Key', 'DELETE FROM idempotency_keys WHERE scope = $1 AND idempotency_key = $2 AND token = $3 AND status IS NULL', [
      scope,
      key,
      token,
    ]);
  }

  /** Deletes the expired keys, at most once a minute per hub, so the table holds about a TTL's keys. */
  private async sweep(now: number): Promise<void> {
    if (now - this.lastSweepAt < SWEEP_EVERY_MS) return;
    this.lastSweepAt = now;
    await this.rows('delete expired Idempotency-Keys', 'DELETE FROM idempotency_keys WHERE expires_at <= $1', [now]);
  }
}
