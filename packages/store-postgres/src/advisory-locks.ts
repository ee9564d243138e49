import type pg from 'pg';
import { ConnectorError, type LockOptions, type LockStore } from '@connector/core';
import { pgErrorCode, toDatabaseError } from './pg-error';

const DEFAULT_WAIT_MS = 30_000;
const DEFAULT_HOLD_MS = 60_000;
/** SQLSTATE lock_not_available: `lock_timeout` passed. */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * The lock shared by every hub on a schema: a transaction-scoped advisory lock on a connection of its
 * own, keyed by a 64-bit hash of the schema and the key. The server releases it when the transaction
 * ends, when the holder's connection drops (a killed hub), and, through
 * `idle_in_transaction_session_timeout`, when the holder sits on it longer than `holdMs` (a hung hub, or
 * a machine that vanished): no hub ever blocks the others for good.
 */
export class PostgresLocks implements LockStore {
  constructor(
    private readonly connect: () => Promise<pg.PoolClient>,
    private readonly schema: string,
  ) {}

  async withLock<T>(key: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
    const waitMs = Math.max(1, Math.floor(options.waitMs ?? DEFAULT_WAIT_MS));
    const holdMs = Math.max(1, Math.floor(options.holdMs ?? DEFAULT_HOLD_MS));
    let client: pg.PoolClient;
    try {
      client = await this.connect();
    } catch (error) {
      throw toDatabaseError(error, `take the lock ${key}`);
    }
    // The server ends the session of a holder past holdMs while no query runs: node-postgres then emits
    // 'error' on the client, which the pool does not listen to while the client is out of it.
    let lost = false;
    const onLost = (): void => {
      lost = true;
    };
    client.on('error', onLost);
    const release = (broken: boolean): void => {
      client.removeListener('error', onLost);
      client.release(broken || lost);
    };
    try {
      await this.take(client, key, waitMs, holdMs);
    } catch (error) {
      release(!(await rollback(client)));
      throw error;
    }
    let broken = false;
    try {
      const result = await fn();
      // A holder past holdMs lost its session and its lock: what fn did stands, the lock just ended early.
      broken = !(await client.query('COMMIT').then(
        () => true,
        () => false,
      ));
      return result;
    } catch (error) {
      broken = !(await rollback(client));
      throw error;
    } finally {
      release(broken);
    }
  }

  private async take(client: pg.PoolClient, key: string, waitMs: number, holdMs: number): Promise<void> {
    try {
      await client.query('BEGIN');
      // Both settings end with the transaction (set_config's `true`): the wait for the lock, and how long
      // the transaction may sit idle while fn calls the platform before the server ends it.
      await client.query("SELECT set_config('lock_timeout', $1, true), set_config('idle_in_transaction_session_timeout', $2, true)", [
        `${waitMs}ms`,
        `${holdMs}ms`,
      ]);
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [JSON.stringify([this.schema, key])]);
    } catch (error) {
      if (pgErrorCode(error) === LOCK_NOT_AVAILABLE) {
        throw new ConnectorError('DATABASE', `Postgres store: the lock ${key} was not free within ${waitMs} ms (another hub holds it); try again later`, {
          cause: error,
          retryable: true,
        });
      }
      throw toDatabaseError(error, `take the lock ${key}`);
    }
  }
}

/** Rolls back; false when the connection is unusable (it is then dropped, not pooled). */
async function rollback(client: pg.PoolClient): Promise<boolean> {
  try {
    await client.query('ROLLBACK');
    return true;
  } catch {
    return false;
  }
}
