import type pg from 'pg';
import { ConnectorError } from '@connector/core';
import { quoteIdent } from './connection';
import { backfillPersonKeys } from './person-keys';

/** One step of the schema, applied once per database schema, in id order. */
export interface PostgresMigration {
  /** Strictly increasing; the schema version once this migration is applied. */
  id: number;
  /** A short name, recorded beside the id for operators. */
  name: string;
  sql: string;
  /** A step in code after the SQL, in the same transaction (e.g. filling a new table from the records). */
  fill?: (client: pg.ClientBase) => Promise<void>;
}

/**
 * The schema of the Postgres store, oldest first. Never edit a migration that has shipped: databases in
 * the field already carry it. Append a new one instead.
 *
 * Times a worker compares (due, lease) are epoch milliseconds in `bigint`; the times people read are
 * ISO-8601 UTC text, the same form as the SQLite store's, so they compare as text and round-trip as written.
 */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    id: 1,
    name: 'initial',
    sql: `
      CREATE TABLE records (
        uuid text PRIMARY KEY,
        -- Insertion order, for listing and for "the first of several" (SQLite's rowid).
        seq bigint GENERATED ALWAYS AS IDENTITY,
        client_id text NOT NULL,
        club_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('person', 'staff', 'leadSource')),
        origin_provider text NOT NULL,
        origin_record_id text NOT NULL,
        content text NOT NULL,
        hash text NOT NULL,
        version integer NOT NULL,
        created_at text NOT NULL,
        updated_at text NOT NULL,
        UNIQUE (client_id, club_id, kind, origin_provider, origin_record_id)
      );
      CREATE INDEX records_by_client ON records (client_id, created_at, seq);

      CREATE TABLE links (
        record_uuid text NOT NULL REFERENCES records (uuid) ON DELETE CASCADE,
        client_id text NOT NULL,
        club_id text NOT NULL,
        platform text NOT NULL,
        platform_record_id text NOT NULL,
        linked_type text NOT NULL CHECK (linked_type IN ('PROSPECT', 'MEMBER', 'STAFF', 'LEAD_SOURCE')),
        delivered_hash text,
        updated_at text NOT NULL,
        PRIMARY KEY (record_uuid, client_id, platform)
      );
      CREATE INDEX links_by_platform_id ON links (client_id, platform, platform_record_id);

      CREATE TABLE deliveries (
        id text PRIMARY KEY,
        record_uuid text NOT NULL REFERENCES records (uuid) ON DELETE CASCADE,
        client_id text NOT NULL,
        club_id text NOT NULL,
        platform text NOT NULL,
        kind text NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'leased', 'done', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at bigint NOT NULL,
        lease_token text,
        lease_until bigint,
        record_version integer NOT NULL,
        intent_at bigint,
        last_error text,
        last_error_code text,
        created_at text NOT NULL,
        updated_at text NOT NULL,
        -- One row per (record, platform): a newer change re-arms the row, which keeps a record's changes in order.
        UNIQUE (record_uuid, platform)
      );
      -- Partial indexes: a delivery is in one of them while a worker may claim it, in neither once done,
      -- so they stay as small as the live queue however many deliveries were ever made.
      CREATE INDEX deliveries_pending ON deliveries (client_id, platform, next_attempt_at) WHERE state = 'pending';
      CREATE INDEX deliveries_leased ON deliveries (client_id, platform, lease_until) WHERE state = 'leased';
      CREATE INDEX deliveries_dead ON deliveries (updated_at) WHERE state = 'dead';

      CREATE TABLE log_entries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        client_id text NOT NULL,
        club_id text NOT NULL,
        level text NOT NULL CHECK (level IN ('INFO', 'WARNING', 'ERROR')),
        direction text NOT NULL CHECK (direction IN ('INBOUND', 'OUTBOUND')),
        platform text NOT NULL,
        record_uuid text,
        delivery_id text,
        person text,
        summary text NOT NULL,
        details text,
        created_at text NOT NULL
      );
      CREATE INDEX log_entries_by_club ON log_entries (client_id, club_id, id DESC);
      CREATE INDEX log_entries_by_client ON log_entries (client_id, id DESC);
    `,
  },
  {
    id: 2,
    name: 'change-sequence',
    // The change feed (systems that only send hear of changes): every record change takes the next number
    // of ONE counter row, updated in the transaction that commits the change, so numbers become visible in
    // commit order (see change-sequence.ts). Records already held are numbered in the order they last
    // changed, as made by their sender.
    sql: `
      ALTER TABLE records ADD COLUMN change_seq bigint;
      ALTER TABLE records ADD COLUMN changed_by text;
      UPDATE records SET change_seq = numbered.n, changed_by = records.origin_provider
        FROM (SELECT uuid, ROW_NUMBER() OVER (ORDER BY updated_at, seq) AS n FROM records) AS numbered
        WHERE records.uuid = numbered.uuid;
      CREATE TABLE change_sequence (id integer PRIMARY KEY CHECK (id = 1), last_seq bigint NOT NULL);
      INSERT INTO change_sequence (id, last_seq) SELECT 1, COALESCE(MAX(change_seq), 0) FROM records;
      CREATE INDEX records_changes ON records (client_id, change_seq);
    `,
  },
  {
    id: 3,
    name: 'two-way-sync',
    // Two-way sync: where each turn-up's pull of each club got to (advanced in the transaction that
    // commits the page), the webhook messages applied (a redelivery changes nothing), and the SmartMatch
    // keys of every person record (filled here for the records already held).
    sql: `
      CREATE TABLE pull_cursors (
        client_id text NOT NULL,
        platform text NOT NULL,
        club_id text NOT NULL,
        cursor text NOT NULL,
        updated_at text NOT NULL,
        PRIMARY KEY (client_id, platform, club_id)
      );
      CREATE TABLE webhook_messages (
        client_id text NOT NULL,
        platform text NOT NULL,
        message_id text NOT NULL,
        received_at text NOT NULL,
        PRIMARY KEY (client_id, platform, message_id)
      );
      CREATE TABLE person_keys (
        record_uuid text PRIMARY KEY REFERENCES records (uuid) ON DELETE CASCADE,
        client_id text NOT NULL,
        name_key text NOT NULL,
        email_key text NOT NULL,
        mobile_key text NOT NULL
      );
      CREATE INDEX person_keys_by_name ON person_keys (client_id, name_key);
    `,
    fill: backfillPersonKeys,
  },
  {
    id: 4,
    name: 'idempotency-keys',
    // JSON Idempotency-Key answers, shared by every hub on the schema and kept across restarts: a row is
    // claimed (token, claimed_until) by the first request, then holds its answer until expires_at.
    sql: `
      CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        idempotency_key text NOT NULL,
        fingerprint text NOT NULL,
        token text NOT NULL,
        status integer,
        body text,
        claimed_until bigint NOT NULL,
        expires_at bigint NOT NULL,
        PRIMARY KEY (scope, idempotency_key)
      );
      CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
    `,
  },
  {
    id: 5,
    name: 'call-slots',
    // A platform's call grid per client, shared by every hub: the next free slot (epoch ms, the server's
    // clock), moved on by each call, so hubs together stay under the platform's rate limit.
    sql: `
      CREATE TABLE call_slots (
        grid text PRIMARY KEY,
        next_at double precision NOT NULL
      );
    `,
  },
  {
    id: 6,
    name: 'counters',
    // Counters in windows of time (failed authentications per address, a platform's calls per day),
    // shared by every hub: the count and when its window ends (epoch ms, the server's clock). The index
    // lets the sweep of ended windows find them without reading the live ones.
    sql: `
      CREATE TABLE counters (
        key text PRIMARY KEY,
        count double precision NOT NULL,
        resets_at double precision NOT NULL
      );
      CREATE INDEX counters_resets_at ON counters (resets_at);
    `,
  },
];

/** A migration as recorded in the schema's `schema_migrations` table. */
export interface AppliedPostgresMigration {
  id: number;
  name: string;
  appliedAt: string;
}

/**
 * Brings `schema` up to the given migrations. Hubs that start together all call it: the first takes a
 * session advisory lock (keyed by the schema's name), the others wait on it and then find nothing left
 * to do. Each migration commits with its `schema_migrations` row, so a failure leaves a clean version.
 *
 * @returns the migrations applied now (empty when the schema was up to date).
 * @throws ConnectorError `DATABASE` (not retryable) when the schema was migrated by a newer Connector.
 */
export async function migratePostgres(
  client: pg.ClientBase,
  schema: string,
  migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS,
): Promise<AppliedPostgresMigration[]> {
  const lockKey = `connector-migrations:${schema}`;
  await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${quoteIdent(schema)}.schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`,
    );
    const { rows } = await client.query<{ id: number }>(`SELECT id FROM ${quoteIdent(schema)}.schema_migrations ORDER BY id`);
    const known = new Set(migrations.map((m) => m.id));
    const unknown = rows.map((r) => r.id).filter((id) => !known.has(id));
    if (unknown.length) {
      throw new ConnectorError(
        'DATABASE',
        `The Postgres schema ${schema} has version ${Math.max(...unknown)}, newer than this Connector knows ` +
          `(unknown migrations: ${unknown.join(', ')}). Upgrade every hub to the same Connector version.`,
        { retryable: false },
      );
    }
    const done = new Set(rows.map((r) => r.id));
    const applied: AppliedPostgresMigration[] = [];
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      const appliedAt = new Date().toISOString();
      await client.query('BEGIN');
      try {
        await client.query(`SET LOCAL search_path TO ${quoteIdent(schema)}`);
        await client.query(migration.sql);
        if (migration.fill) await migration.fill(client);
        await client.query('INSERT INTO schema_migrations (id, name, applied_at) VALUES ($1, $2, $3)', [migration.id, migration.name, appliedAt]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      applied.push({ id: migration.id, name: migration.name, appliedAt });
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
  }
}

/** The migrations recorded in `schema`, oldest first (empty when never migrated). */
export async function listAppliedPostgresMigrations(client: pg.ClientBase | pg.Pool, schema: string): Promise<AppliedPostgresMigration[]> {
  const { rows } = await client.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [`${quoteIdent(schema)}.schema_migrations`]);
  if (!rows[0].exists) return [];
  const applied = await client.query<AppliedPostgresMigration>(
    `SELECT id, name, applied_at AS "appliedAt" FROM ${quoteIdent(schema)}.schema_migrations ORDER BY id`,
  );
  return applied.rows;
}
