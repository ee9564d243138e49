import type Database from 'better-sqlite3';
import type { IdempotencyAnswer, IdempotencyClaim, IdempotencyClaimInput, IdempotencyStore } from '@connector/core';

/** How the store lends its statements: prepared once, run under its error handling (`write` for writes). */
export interface SqliteStatements {
  statement(sql: string): Database.Statement;
  write<T>(operation: string, work: () => T): T;
}

/** How often (ms) the expired keys are deleted, at a claim. */
const SWEEP_EVERY_MS = 60_000;

interface KeyRow {
  fingerprint: string;
  status: number | null;
  body: string | null;
}

/**
 * `Idempotency-Key` answers in the `idempotency_keys` table, so they survive a restart of the hub. A
 * claim is one `INSERT … ON CONFLICT DO UPDATE … WHERE` (the key is free, expired, or its claim lapsed)
 * followed, when it took nothing, by a read of what the key holds (one connection, so nothing comes between).
 */
export class SqliteIdempotency implements IdempotencyStore {
  private lastSweepAt = 0;

  constructor(private readonly sql: SqliteStatements) {}

  async claimIdempotencyKey(input: IdempotencyClaimInput): Promise<IdempotencyClaim> {
    return this.sql.write('claim an Idempotency-Key', () => {
      if (input.now - this.lastSweepAt >= SWEEP_EVERY_MS) {
        this.lastSweepAt = input.now;
        this.sql.statement('DELETE FROM idempotency_keys WHERE expires_at <= ?').run(input.now);
      }
      const claimed = this.sql
        .statement(
          `INSERT INTO idempotency_keys (scope, idempotency_key, fingerprint, token, status, body, claimed_until, expires_at)
           VALUES (?, ?, ?, ?, NULL, NULL, ?, ?)
           ON CONFLICT (scope, idempotency_key) DO UPDATE SET fingerprint = excluded.fingerprint, token = excluded.token, status = NULL,
             body = NULL, claimed_until = excluded.claimed_until, expires_at = excluded.expires_at
           WHERE idempotency_keys.expires_at <= ? OR (idempotency_keys.status IS NULL AND idempotency_keys.claimed_until <= ?)`,
        )
        .run(input.scope, input.key, input.fingerprint, input.token, input.claimUntil, input.expiresAt, input.now, input.now);
      if (claimed.changes > 0) return { claimed: true as const };
      // One connection, one thread: nothing can change the row between the insert and this read.
      const held = this.sql
        .statement('SELECT fingerprint, status, body FROM idempotency_keys WHERE scope = ? AND idempotency_key = ?')
        .get(input.scope, input.key) as KeyRow;
      const answer: IdempotencyAnswer | undefined =
        held.status === null ? undefined : { status: held.status, body: held.body === null ? undefined : JSON.parse(held.body) };
      return { claimed: false as const, fingerprint: held.fingerprint, ...(answer ? { answer } : {}) };
    });
  }

  async finishIdempotencyKey(scope: string, key: string, token: string, answer: IdempotencyAnswer): Promise<void> {
    this.sql.write('keep an Idempotency-Key answer', () =>
      this.sql
        .statement('UPDATE idempotency_keys SET status = ?, body = ? WHERE scope = ? AND idempotency_key = ? AND token = ?')
        .run(answer.status, answer.body === undefined ? null : JSON.stringify(answer.body), scope, key, token),
    );
  }

  async releaseIdempotencyKey(scope: string, key: string, token: string): Promise<void> {
    this.sql.write('release an Idempotency-Key', () =>
      this.sql.statement('DELETE FROM idempotency_keys WHERE scope = ? AND idempotency_key = ? AND token = ? AND status IS NULL').run(scope, key, token),
    );
  }
}
