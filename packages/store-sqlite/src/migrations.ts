import type Database from 'better-sqlite3';
import { ConnectorError } from '@connector/core';

/** One step of the schema, applied once per database file, in id order. */
export interface Migration {
  /** Strictly increasing; the schema version a file has once this migration is applied. */
  id: number;
  /** A short name, recorded beside the id for operators. */
  name: string;
  sql: string;
}

/** A migration as recorded in a database file's `schema_migrations` table. */
export interface AppliedMigration {
  id: number;
  name: string;
  appliedAt: string;
}

/**
 * The schema of the embedded store, oldest first. Never edit a migration that has shipped: files in the
 * field already carry it. Append a new one instead.
 */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'initial',
    sql: `
      CREATE TABLE records (
        uuid TEXT PRIMARY KEY,
        client_id TEXT NOT NULL,
        club_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('person', 'staff', 'leadSource')),
        origin_provider TEXT NOT NULL,
        origin_record_id TEXT NOT NULL,
        content TEXT NOT NULL,
        hash TEXT NOT NULL,
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (client_id, club_id, kind, origin_provider, origin_record_id)
      );

      CREATE TABLE links (
        record_uuid TEXT NOT NULL REFERENCES records (uuid) ON DELETE CASCADE,
        client_id TEXT NOT NULL,
        club_id TEXT NOT NULL,
        platform TEXT NOT NULL,
        platform_record_id TEXT NOT NULL,
        linked_type TEXT NOT NULL CHECK (linked_type IN ('PROSPECT', 'MEMBER', 'STAFF', 'LEAD_SOURCE')),
        delivered_hash TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (record_uuid, client_id, platform)
      );
      -- Inbound changes from two-way platforms are matched by the platform's own ID.
      CREATE INDEX links_by_platform_id ON links (client_id, platform, platform_record_id);

      CREATE TABLE deliveries (
        id TEXT PRIMARY KEY,
        record_uuid TEXT NOT NULL REFERENCES records (uuid) ON DELETE CASCADE,
        client_id TEXT NOT NULL,
        club_id TEXT NOT NULL,
        platform TEXT NOT NULL,
        kind TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'leased', 'done', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        lease_token TEXT,
        lease_until INTEGER,
        record_version INTEGER NOT NULL,
        intent_at INTEGER,
        last_error TEXT,
        last_error_code TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        -- One row per (record, platform): a newer change re-arms the row, which keeps a record's changes in order.
        UNIQUE (record_uuid, platform)
      );
      CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);
      -- Expired leases are claimed too; without this the claim scans every leased row.
      CREATE INDEX deliveries_lease ON deliveries (state, lease_until);

      CREATE TABLE log_entries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        client_id TEXT NOT NULL,
        club_id TEXT NOT NULL,
        level TEXT NOT NULL CHECK (level IN ('INFO', 'WARNING', 'ERROR')),
        direction TEXT NOT NULL CHECK (direction IN ('INBOUND', 'OUTBOUND')),
        platform TEXT NOT NULL,
        record_uuid TEXT,
        delivery_id TEXT,
        person TEXT,
        summary TEXT NOT NULL,
        details TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX log_entries_by_club ON log_entries (client_id, club_id, id DESC);
    `,
  },
  {
    id: 2,
    name: 'claim-by-platform',
    // Workers claim per client + platform: these let a claim read the due rows in order from an index
    // instead of sorting the whole queue, whose cost grew with every delivery ever queued.
    sql: `
      CREATE INDEX deliveries_claim_due ON deliveries (client_id, platform, state, next_attempt_at);
      CREATE INDEX deliveries_claim_lease ON deliveries (client_id, platform, state, lease_until);
    `,
  },
  {
    id: 3,
    name: 'queue-indexes-hold-claimable-rows-only',
    // Partial indexes: a delivery is in the pending index or the leased one while a worker may claim it,
    // and in neither once done. They stay as small as the live queue however many deliveries were ever
    // made, and a claim or a completion moves one index entry instead of rewriting four (each rewritten
    // index page is one more page in the WAL at every commit). Dead letters get their own, newest first.
    sql: `
      DROP INDEX deliveries_due;
      DROP INDEX deliveries_lease;
      DROP INDEX deliveries_claim_due;
      DROP INDEX deliveries_claim_lease;
      CREATE INDEX deliveries_pending ON deliveries (client_id, platform, next_attempt_at) WHERE state = 'pending';
      CREATE INDEX deliveries_leased ON deliveries (client_id, platform, lease_until) WHERE state = 'leased';
      CREATE INDEX deliveries_dead ON deliveries (updated_at) WHERE state = 'dead';
    `,
  },
  {
    id: 4,
    name: 'change-sequence',
    // The change feed (systems that only send hear of changes): every record change takes the next number
    // of one counter, in the transaction that commits it, and says who made it. Records already in the
    // file are numbered in the order they last changed, as made by their sender.
    sql: `
      ALTER TABLE records ADD COLUMN change_seq INTEGER;
      ALTER TABLE records ADD COLUMN changed_by TEXT;
      UPDATE records SET change_seq = numbered.n, changed_by = records.origin_provider
        FROM (SELECT rowid AS rid, ROW_NUMBER() OVER (ORDER BY updated_at, rowid) AS n FROM records) AS numbered
        WHERE records.rowid = numbered.rid;
      CREATE TABLE change_sequence (id INTEGER PRIMARY KEY CHECK (id = 1), last_seq INTEGER NOT NULL);
      INSERT INTO change_sequence (id, last_seq) SELECT 1, COALESCE(MAX(change_seq), 0) FROM records;
      CREATE INDEX records_changes ON records (client_id, change_seq);
    `,
  },
  {
    id: 5,
    name: 'two-way-sync',
    // Two-way sync: where each turn-up's pull of each club got to (advanced in the transaction that
    // commits the page), the webhook messages applied (a redelivery changes nothing), and the SmartMatch
    // keys of every person record (the store fills them for the records it already holds when it opens).
    sql: `
      CREATE TABLE pull_cursors (
        client_id TEXT NOT NULL,
        platform TEXT NOT NULL,
        club_id TEXT NOT NULL,
        cursor TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (client_id, platform, club_id)
      );
      CREATE TABLE webhook_messages (
        client_id TEXT NOT NULL,
        platform TEXT NOT NULL,
        message_id TEXT NOT NULL,
        received_at TEXT NOT NULL,
        PRIMARY KEY (client_id, platform, message_id)
      );
      CREATE TABLE person_keys (
        record_uuid TEXT PRIMARY KEY REFERENCES records (uuid) ON DELETE CASCADE,
        client_id TEXT NOT NULL,
        name_key TEXT NOT NULL,
        email_key TEXT NOT NULL,
        mobile_key TEXT NOT NULL
      );
      CREATE INDEX person_keys_by_name ON person_keys (client_id, name_key);
    `,
  },
  {
    id: 6,
    name: 'idempotency-keys',
    // JSON Idempotency-Key answers kept across restarts: a row is claimed (token, claimed_until) by the
    // first request, then holds its answer until expires_at (epoch ms).
    sql: `
      CREATE TABLE idempotency_keys (
        scope TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        token TEXT NOT NULL,
        status INTEGER,
        body TEXT,
        claimed_until INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (scope, idempotency_key)
      );
      CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
    `,
  },
  {
    id: 7,
    name: 'counters',
    // Counters in windows of time (failed authentications per address, a platform's calls per day) kept
    // across restarts: the count and when its window ends (epoch ms, the store's clock). The index lets
    // the sweep of ended windows find them without reading the live ones.
    sql: `
      CREATE TABLE counters (
        key TEXT PRIMARY KEY,
        count REAL NOT NULL,
        resets_at INTEGER NOT NULL
      );
      CREATE INDEX counters_resets_at ON counters (resets_at);
    `,
  },
];

const CREATE_MIGRATIONS_TABLE = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`;

/**
 * Brings a database up to the given migrations, in one immediate transaction so that two processes
 * opening the same new file cannot both apply a step. Only the missing migrations run.
 *
 * @returns the migrations applied now (empty when the file was up to date).
 * @throws ConnectorError `DATABASE` (not retryable) when the file was written by a newer Connector: its
 *   schema has migrations this code does not know, and writing to it could corrupt data.
 */
export function applyMigrations(db: Database.Database, migrations: readonly Migration[] = SQLITE_MIGRATIONS): AppliedMigration[] {
  assertOrdered(migrations);
  const known = new Set(migrations.map((m) => m.id));
  const latestKnown = migrations.length ? migrations[migrations.length - 1].id : 0;

  const migrate = db.transaction((): AppliedMigration[] => {
    db.exec(CREATE_MIGRATIONS_TABLE);
    const applied = db.prepare('SELECT id FROM schema_migrations ORDER BY id').pluck().all() as number[];
    const unknown = applied.filter((id) => !known.has(id));
    if (unknown.length) {
      throw new ConnectorError(
        'DATABASE',
        `The database file has schema version ${Math.max(...applied)}, newer than this Connector knows ` +
          `(up to ${latestKnown}; unknown migrations: ${unknown.join(', ')}). ` +
          'Upgrade the Connector, or open a backup made by this version.',
        { retryable: false },
      );
    }
    const done = new Set(applied);
    const insert = db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)');
    const now: AppliedMigration[] = [];
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      db.exec(migration.sql);
      const appliedAt = new Date().toISOString();
      insert.run(migration.id, migration.name, appliedAt);
      now.push({ id: migration.id, name: migration.name, appliedAt });
    }
    return now;
  });
  return migrate.immediate();
}

/** The migrations recorded in a database file, oldest first (empty for a file never migrated). */
export function listAppliedMigrations(db: Database.Database): AppliedMigration[] {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").pluck().get();
  if (!exists) return [];
  return db.prepare('SELECT id, name, applied_at AS appliedAt FROM schema_migrations ORDER BY id').all() as AppliedMigration[];
}

function assertOrdered(migrations: readonly Migration[]): void {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i].id <= migrations[i - 1].id) {
      // A programming error in this package, not a runtime condition: fail loudly at open.
      throw new ConnectorError('DATABASE', `SQLite migrations must have strictly increasing ids (${migrations[i - 1].id} then ${migrations[i].id})`, {
        retryable: false,
      });
    }
  }
}
