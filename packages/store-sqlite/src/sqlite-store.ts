import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { v7 as timeOrderedUUID } from 'uuid';
import {
  ConfigurationError,
  type StoreHealth,
  systemClock,
  type ClaimedDelivery,
  type ClaimOptions,
  type Clock,
  type ConnectorStore,
  type Delivery,
  type DeliveryFinish,
  type DeliveryRelease,
  type EntityKind,
  type HubRecord,
  type InboundBatch,
  type InboundResult,
  type Link,
  personMatchKeys,
  type PersonMatchQuery,
  type LogEntry,
  type LogQuery,
  type NewLogEntry,
  type QueueDepth,
  type ChangePage,
  type ChangeQuery,
  type RecordOrigin,
  type RecordQuery,
  type SaveRecordInput,
  type SaveRecordResult,
} from '@connector/core';
import { SqliteIdempotency } from './idempotency';
import { SqliteCounters } from './counters';
import { applyMigrations, listAppliedMigrations } from './migrations';
import {
  inboundLink,
  logEntryValues,
  savedRecord,
  toDelivery,
  toHubRecord,
  toIsoUtc,
  toLink,
  toLogEntry,
  type DeliveryRow,
  type LinkRow,
  type LogRow,
  type RecordRow,
} from '@connector/core';
import { HubLock } from './hub-lock';
import { errorCode, isDiskFull, isStorageFailure, toDatabaseError } from './sqlite-error';
import { DEFAULT_AUTOCHECKPOINT_PAGES, SAFETY_NET_AUTOCHECKPOINT_PAGES, WalCheckpointer, type CheckpointState } from './wal-checkpointer';

/** The file name of the store inside a data folder. */
export const SQLITE_DB_FILE_NAME = 'connector.db';

/** How long a probe's good answer stands before /healthz writes again (a probe costs an fsync). */
const HEALTH_PROBE_INTERVAL_MS = 5000;

/** How {@link openSqliteStore} finds and tunes its database file. */
export interface SqliteStoreOptions {
  /** The database file; `:memory:` for a throw-away store in unit tests. Wins over `dataDir`. */
  file?: string;
  /** A data folder (created if missing); the store lives in `<dataDir>/connector.db`. */
  dataDir?: string;
  /**
   * `FULL` (default): every commit is fsynced before the store answers, so "accepted means durable"
   * holds across a power loss. `NORMAL`: in WAL mode, a power loss (not a process crash) may lose the
   * last commits; faster on slow disks.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** How long a write waits for another process's lock before failing with a retryable error. Default 5000. */
  busyTimeoutMs?: number;
  /** The time source of timestamps and of "due now"; replaceable in tests. Default: the wall clock. */
  clock?: Clock;
  /**
   * Where the WAL is checkpointed (its committed pages copied into the database file, which is then
   * fsynced). `background` (default for a file): on a worker thread with its own connection, started once
   * the WAL passes 4 MiB, so the event loop does not do it inside a commit; the main connection checkpoints
   * only past 16 MiB, if the thread falls behind. `inline`: SQLite's auto-checkpoint on the main connection
   * every 1000 pages, as before. Ignored for `:memory:`. Durability is the same either way.
   */
  checkpoint?: 'background' | 'inline';
  /**
   * Opened by the hub (`connector serve`): take the one-hub lock of the file (`<file>.hub-lock`) for as
   * long as the store is open, and refuse to open when another hub holds it. The short commands (import,
   * log, dlq) leave it off and work beside a running hub. Ignored for `:memory:`.
   */
  hubLock?: boolean;
  /**
   * SQLite's `max_page_count` on this connection: past it every write fails with SQLITE_FULL, as on a
   * full disk. For tests of that path; not a configuration option.
   */
  maxPageCount?: number;
}

const INSERT_RECORD = `INSERT INTO records
    (uuid, client_id, club_id, kind, origin_provider, origin_record_id, content, hash, version, created_at, updated_at, change_seq, changed_by)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`;
const INSERT_RECORD_UNLESS_TAKEN = `${INSERT_RECORD} ON CONFLICT DO NOTHING`;

/** The row of a record a save creates. */
function newRecordRow(input: SaveRecordInput, nowIso: string): RecordRow {
  return {
    // Time-ordered (UUID v7): new keys land at the end of the primary-key index, so a commit of many
    // saves rewrites a few index pages instead of one page per save (40 % less CPU per commit here).
    uuid: input.uuid ?? timeOrderedUUID(),
    client_id: input.clientId,
    club_id: input.clubId,
    kind: input.kind,
    origin_provider: input.origin.provider,
    origin_record_id: input.origin.recordId,
    content: input.contentJson ?? JSON.stringify(input.content),
    hash: input.hash,
    version: 1,
    created_at: nowIso,
    updated_at: nowIso,
  };
}

/** What {@link SqliteStore.diagnostics} reports, for `connector check` and support. */
export interface SqliteStoreDiagnostics {
  file: string;
  /** The id of the last migration applied to the file. */
  schemaVersion: number;
  /** `wal` for a file; `memory` for `:memory:`. */
  journalMode: string;
  synchronous: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';
  /** Where WAL checkpoints run: `inline` for `:memory:`, on request, or after a fallback. */
  checkpoint: CheckpointState['checkpoint'];
  /** Why a store opened for background checkpoints checkpoints inline (its thread failed), if it does. */
  checkpointFallback?: string;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000;
/**
 * Above this share of new records among those saved lately, a save tries its INSERT before looking the
 * record up. A new record then costs one statement instead of two; a known one costs one more (the
 * INSERT that finds its origin taken, about as much as the lookup it saves a new record).
 */
const INSERT_FIRST_SHARE = 0.6;
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const SYNCHRONOUS_NAMES = ['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const;

type Params = Record<string, string | number | null>;

/**
 * The store's change sequence within one save transaction: read from its counter row at the first change,
 * counted here, and written back once at the end (one read and one write per transaction, not per record).
 */
class ChangeSequence {
  private last: number | undefined;

  constructor(private readonly read: () => number) {}

  /** The number the next change gets; not taken until {@link take} (an INSERT may find its origin taken). */
  peek(): number {
    this.last ??= this.read();
    return this.last + 1;
  }

  /** Takes the next number, for a change made now. */
  take(): number {
    const seq = this.peek();
    this.last = seq;
    return seq;
  }

  /** The last number handed out, if any: the counter's new value. */
  get taken(): number | undefined {
    return this.last;
  }
}

/**
 * The embedded default {@link ConnectorStore}: one SQLite file in WAL mode, zero set-up. Several
 * processes may open the same file; every write runs in an immediate transaction, so claims made by
 * two workers never hand out the same delivery.
 *
 * better-sqlite3 is synchronous: each method does its work before it returns its promise, and every
 * write is committed (and, with `synchronous: 'FULL'`, fsynced) by the time the promise resolves.
 *
 * Methods that take a lease token (`recordIntent`, `finishDeliveries`, `rescheduleDelivery`,
 * `deadLetter`) do nothing when the token is not the delivery's current one: a worker whose lease
 * expired and was claimed by another must not overwrite the newer attempt's state. They do not throw,
 * because the stale worker can do nothing useful about it; the delivery's current holder owns it.
 */
export class SqliteStore implements ConnectorStore {
  /** The database file (or `:memory:`). */
  readonly file: string;
  private readonly db: Database.Database;
  private readonly clock: Clock;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly saveTransaction: Database.Transaction<(inputs: SaveRecordInput[]) => SaveRecordResult[]>;
  private readonly claimTransaction: Database.Transaction<(options: ClaimOptions) => ClaimedDelivery[]>;
  private readonly finishTransaction: Database.Transaction<(finishes: DeliveryFinish[]) => void>;
  private readonly changesTransaction: Database.Transaction<(query: ChangeQuery) => ChangePage>;
  private readonly inboundTransaction: Database.Transaction<(batch: InboundBatch) => InboundResult>;
  /** The background checkpoints of a file store; absent in inline mode and for `:memory:`. */
  private readonly checkpointer: WalCheckpointer | undefined;
  private closed = false;
  /** The share of lately saved records that were new (see saveTransaction). */
  private newShare = 0;
  /** The one-hub lock, held while open when opened by the hub. */
  private readonly hubLock: HubLock | undefined;
  /** The last write that failed because the files cannot be written; cleared when a write changes something again. */
  private storageFailure: { error: unknown; totalChanges: number } | undefined;
  /** When a health probe last wrote successfully (store clock). */
  private lastProbeOkAt = Number.NEGATIVE_INFINITY;
  /** JSON Idempotency-Key answers, kept across restarts. */
  readonly idempotency: SqliteIdempotency;
  /** Counters in windows of time (failed authentications, call budgets), kept across restarts. */
  readonly counters: SqliteCounters;

  constructor(options: SqliteStoreOptions) {
    this.file = resolveFile(options);
    this.clock = options.clock ?? systemClock;
    const synchronous = options.synchronous ?? 'FULL';
    if (synchronous !== 'FULL' && synchronous !== 'NORMAL') {
      throw new ConfigurationError(`SQLite store: synchronous must be FULL or NORMAL, not ${String(synchronous)}`);
    }
    const checkpoint = options.checkpoint ?? 'background';
    if (checkpoint !== 'background' && checkpoint !== 'inline') {
      throw new ConfigurationError(`SQLite store: checkpoint must be background or inline, not ${String(checkpoint)}`);
    }
    const busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS));
    const background = checkpoint === 'background' && this.file !== ':memory:';
    // The second hub is refused before it touches the database (no migration, no checkpoint thread).
    this.hubLock = options.hubLock && this.file !== ':memory:' ? HubLock.acquire(`${this.file}.hub-lock`, this.place()) : undefined;
    let db: Database.Database | undefined;
    try {
      db = new Database(this.file, { timeout: busyTimeoutMs });
      db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      if (options.maxPageCount !== undefined) db.pragma(`max_page_count = ${Math.floor(options.maxPageCount)}`);
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${synchronous}`);
      db.pragma('foreign_keys = ON');
      if (background) db.pragma(`wal_autocheckpoint = ${SAFETY_NET_AUTOCHECKPOINT_PAGES}`);
      const applied = applyMigrations(db);
      // Records saved before two-way sync get their SmartMatch keys once, when the migration adds the table.
      if (applied.some((migration) => migration.id === 5)) backfillPersonKeys(db);
    } catch (error) {
      db?.close();
      this.hubLock?.release();
      throw toDatabaseError(error, `open ${this.file}`, this.folder());
    }
    this.db = db;
    this.idempotency = new SqliteIdempotency({
      statement: (sql) => this.statement(sql),
      write: <T>(operation: string, work: () => T) => this.write(operation, work),
    });
    this.counters = new SqliteCounters({
      statement: (sql) => this.statement(sql),
      write: <T>(operation: string, work: () => T) => this.write(operation, work),
      read: <T>(operation: string, work: () => T) => this.guard(operation, work),
      now: () => this.clock.now(),
    });
    this.checkpointer = background
      ? new WalCheckpointer({
          file: this.file,
          synchronous,
          busyTimeoutMs,
          // The thread failed: SQLite's own auto-checkpoint on this connection again, nothing else is lost.
          onFallback: () => {
            if (!this.closed) this.db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
          },
        })
      : undefined;
    this.saveTransaction = db.transaction((inputs: SaveRecordInput[]) => {
      const nowMs = this.clock.now();
      const nowIso = new Date(nowMs).toISOString();
      // A first sync, an import or a CRM sending new leads: while most saves create their record, the
      // INSERT is tried first (see saveOne). The share follows the records saved lately: a batch of
      // hundreds moves it almost all the way, a single save a little.
      const insertFirst = this.newShare >= INSERT_FIRST_SHARE;
      const sequence = new ChangeSequence(() => this.statement('SELECT last_seq FROM change_sequence WHERE id = 1').pluck().get() as number);
      let created = 0;
      const results = inputs.map((input) => {
        const result = this.saveOne(input, nowMs, nowIso, insertFirst, sequence);
        if (result.created) created += 1;
        return result;
      });
      if (sequence.taken !== undefined) this.statement('UPDATE change_sequence SET last_seq = ? WHERE id = 1').run(sequence.taken);
      this.newShare += (created / inputs.length - this.newShare) * (inputs.length / (inputs.length + 32));
      return results;
    });
    this.claimTransaction = db.transaction((claim: ClaimOptions) => this.claimDue(claim));
    // A read transaction: the page and the counter come from one snapshot, so `nextSeq` skips nothing.
    this.changesTransaction = db.transaction((query: ChangeQuery) => this.readChanges(query));
    this.finishTransaction = db.transaction((finishes: DeliveryFinish[]) => {
      const nowMs = this.clock.now();
      const nowIso = new Date(nowMs).toISOString();
      for (const { id, leaseToken, deliveredVersion, effects } of finishes) {
        if (effects.link) this.putLinkNow(effects.link, nowIso);
        if (effects.log) this.insertLogNow(effects.log, nowIso);
        this.completeOne(id, leaseToken, deliveredVersion, nowMs);
      }
    });
    this.inboundTransaction = db.transaction((batch: InboundBatch) => this.applyInboundNow(batch));
  }

  async getPullCursor(clientId: string, platform: string, clubId: string): Promise<string | undefined> {
    return this.guard('getPullCursor', () => {
      const sql = 'SELECT cursor FROM pull_cursors WHERE client_id = ? AND platform = ? AND club_id = ?';
      return (this.statement(sql).pluck().get(clientId, platform, clubId) as string | undefined) ?? undefined;
    });
  }

  async findLinkByPlatformId(clientId: string, platform: string, platformRecordId: string): Promise<Link | undefined> {
    return this.guard('findLinkByPlatformId', () => {
      const sql = 'SELECT * FROM links WHERE client_id = ? AND platform = ? AND platform_record_id = ? ORDER BY updated_at DESC LIMIT 1';
      const row = this.statement(sql).get(clientId, platform, platformRecordId) as LinkRow | undefined;
      return row && toLink(row);
    });
  }

  async findPeopleByKeys(query: PersonMatchQuery): Promise<HubRecord[]> {
    return this.guard('findPeopleByKeys', () => {
      if (!query.name) return [];
      const where = new Where('k.client_id = @clientId AND k.name_key = @name');
      where.params.clientId = query.clientId;
      where.params.name = query.name;
      if (query.email) where.raw('k.email_key = @email', 'email', query.email);
      if (query.mobile) where.raw('k.mobile_key = @mobile', 'mobile', query.mobile);
      if (query.notLinkedTo) {
        where.raw(
          'NOT EXISTS (SELECT 1 FROM links l WHERE l.record_uuid = k.record_uuid AND l.client_id = k.client_id AND l.platform = @platform)',
          'platform',
          query.notLinkedTo,
        );
      }
      const sql = `SELECT r.* FROM person_keys k JOIN records r ON r.uuid = k.record_uuid WHERE ${where} ORDER BY r.created_at, r.rowid LIMIT @limit`;
      return (this.statement(sql).all({ ...where.params, limit: clampLimit(query.limit ?? 10) }) as RecordRow[]).map(toHubRecord);
    });
  }

  /**
   * One transaction: the webhook message (a duplicate stops here), each change's record, deliveries,
   * link and log entries, then the pull cursor.
   */
  async applyInbound(batch: InboundBatch): Promise<InboundResult> {
    return this.write('applyInbound', () => this.inboundTransaction.immediate(batch));
  }

  async saveRecord<K extends EntityKind>(input: SaveRecordInput<K>): Promise<SaveRecordResult<K>> {
    const [result] = this.write('saveRecord', () => this.saveTransaction.immediate([input as unknown as SaveRecordInput]));
    return result as unknown as SaveRecordResult<K>;
  }

  async saveRecords(inputs: SaveRecordInput[]): Promise<SaveRecordResult[]> {
    if (inputs.length === 0) return [];
    return this.write('saveRecords', () => this.saveTransaction.immediate(inputs));
  }

  async getRecord(uuid: string): Promise<HubRecord | undefined> {
    return this.guard('getRecord', () => {
      const row = this.statement('SELECT * FROM records WHERE uuid = ?').get(uuid) as RecordRow | undefined;
      return row && toHubRecord(row);
    });
  }

  async findRecordByOrigin(clientId: string, clubId: string, origin: RecordOrigin, kind?: EntityKind): Promise<HubRecord | undefined> {
    return this.guard('findRecordByOrigin', () => {
      const params: Params = { clientId, clubId, provider: origin.provider, recordId: origin.recordId };
      let sql = 'SELECT * FROM records WHERE client_id = @clientId AND club_id = @clubId' + ' AND origin_provider = @provider AND origin_record_id = @recordId';
      if (kind !== undefined) {
        sql += ' AND kind = @kind';
        params.kind = kind;
      }
      const row = this.statement(`${sql} ORDER BY rowid LIMIT 1`).get(params) as RecordRow | undefined;
      return row && toHubRecord(row);
    });
  }

  async listRecords(query: RecordQuery): Promise<HubRecord[]> {
    return this.guard('listRecords', () => {
      const where = new Where()
        .add('client_id', 'clientId', query.clientId)
        .add('club_id', 'clubId', query.clubId)
        .add('origin_provider', 'provider', query.provider)
        .add('kind', 'kind', query.kind);
      const sql = `SELECT * FROM records WHERE ${where} ORDER BY created_at, rowid LIMIT @limit OFFSET @offset`;
      const params = { ...where.params, limit: clampLimit(query.limit), offset: Math.max(0, Math.floor(query.offset ?? 0)) };
      return (this.statement(sql).all(params) as RecordRow[]).map(toHubRecord);
    });
  }

  async listChanges(query: ChangeQuery): Promise<ChangePage> {
    return this.guard('listChanges', () => this.changesTransaction(query));
  }

  // getLink, putLink, deleteLink and recordIntent are not part of ConnectorStore: core's runtime never
  // calls them (a claim carries its link and records its intent; a finish writes the link). The store
  // contract and the plugins' tests use them to set up and inspect a store (StoreTestSupport in
  // @connector/testing).

  async getLink(recordUuid: string, clientId: string, platform: string): Promise<Link | undefined> {
    return this.guard('getLink', () => {
      const row = this.statement('SELECT * FROM links WHERE record_uuid = ? AND client_id = ? AND platform = ?').get(recordUuid, clientId, platform) as
        LinkRow | undefined;
      return row && toLink(row);
    });
  }

  async listLinks(recordUuid: string): Promise<Link[]> {
    return this.guard('listLinks', () =>
      (this.statement('SELECT * FROM links WHERE record_uuid = ? ORDER BY client_id, platform').all(recordUuid) as LinkRow[]).map(toLink),
    );
  }

  /** Inserts the link, or replaces every field of the existing one (an absent `deliveredHash` clears it). */
  async putLink(link: Omit<Link, 'updatedAt'>): Promise<void> {
    this.write('putLink', () => this.putLinkNow(link));
  }

  async deleteLink(recordUuid: string, clientId: string, platform: string): Promise<void> {
    this.write('deleteLink', () => {
      this.statement('DELETE FROM links WHERE record_uuid = ? AND client_id = ? AND platform = ?').run(recordUuid, clientId, platform);
    });
  }

  async claimDeliveries(options: ClaimOptions): Promise<ClaimedDelivery[]> {
    if (!(options.limit >= 1)) return [];
    return this.write('claimDeliveries', () => this.claimTransaction.immediate(options));
  }

  async getDelivery(id: string): Promise<Delivery | undefined> {
    return this.guard('getDelivery', () => {
      const row = this.statement('SELECT * FROM deliveries WHERE id = ?').get(id) as DeliveryRow | undefined;
      return row && toDelivery(row);
    });
  }

  async listDeliveries(recordUuid: string): Promise<Delivery[]> {
    return this.guard('listDeliveries', () =>
      (this.statement('SELECT * FROM deliveries WHERE record_uuid = ? ORDER BY platform').all(recordUuid) as DeliveryRow[]).map(toDelivery),
    );
  }

  /** Ignored when `leaseToken` is not the current lease (see the class notes). */
  async recordIntent(id: string, leaseToken: string, at: number): Promise<void> {
    this.write('recordIntent', () => {
      this.statement(
        `UPDATE deliveries SET intent_at = @at, updated_at = @now
         WHERE id = @id AND state = 'leased' AND lease_token = @token`,
      ).run({ id, token: leaseToken, at, now: this.nowIso() });
    });
  }

  /**
   * Links and log entries are written whatever the lease; each completion only with its current lease.
   * Either way that attempt is over: the lease, the intent and the last error are cleared, and the
   * delivery is `done`, or `pending` and due now when the record has a version newer than the one
   * delivered.
   */
  async finishDeliveries(finishes: DeliveryFinish[]): Promise<void> {
    if (finishes.length === 0) return;
    this.write('finishDeliveries', () => this.finishTransaction.immediate(finishes));
  }

  /**
   * Ignored when `leaseToken` is not the current lease. Keeps `intentAt`: the failed attempt may have
   * created the record in the platform, and the next one must look before creating again. Without an
   * `error` (graceful shutdown) the previous error is kept.
   */
  async rescheduleDelivery(
    id: string,
    leaseToken: string,
    nextAttemptAt: number,
    error?: { message: string; code?: string },
    log?: NewLogEntry,
  ): Promise<void> {
    this.write('rescheduleDelivery', () =>
      this.db
        .transaction(() => {
          const { changes } = this.statement(
            `UPDATE deliveries SET
               state = 'pending', next_attempt_at = @nextAttemptAt, lease_token = NULL, lease_until = NULL,
               last_error = CASE WHEN @hasError THEN @message ELSE last_error END,
               last_error_code = CASE WHEN @hasError THEN @code ELSE last_error_code END,
               updated_at = @now
             WHERE id = @id AND state = 'leased' AND lease_token = @token`,
          ).run({
            id,
            token: leaseToken,
            nextAttemptAt,
            hasError: error ? 1 : 0,
            message: error?.message ?? null,
            code: error?.code ?? null,
            now: this.nowIso(),
          });
          // A stale lease means another attempt holds the delivery now and will log its own outcome.
          if (log && changes > 0) this.appendLogNow(log);
        })
        .immediate(),
    );
  }

  async releaseDeliveries(releases: DeliveryRelease[]): Promise<void> {
    if (releases.length === 0) return;
    this.write('releaseDeliveries', () =>
      this.db
        .transaction(() => {
          const release = this.statement(
            `UPDATE deliveries SET
               state = 'pending', lease_token = NULL, lease_until = NULL, attempts = max(attempts - 1, 0),
               intent_at = @intentAt, updated_at = @now
             WHERE id = @id AND state = 'leased' AND lease_token = @token`,
          );
          const now = this.nowIso();
          for (const { id, leaseToken, intentAt } of releases) release.run({ id, token: leaseToken, intentAt: intentAt ?? null, now });
        })
        .immediate(),
    );
  }

  /** Ignored when `leaseToken` is not the current lease. Keeps `intentAt` for the replay. */
  async deadLetter(id: string, leaseToken: string, error: { message: string; code?: string }, log?: NewLogEntry): Promise<void> {
    this.write('deadLetter', () =>
      this.db
        .transaction(() => {
          const { changes } = this.statement(
            `UPDATE deliveries SET
               state = 'dead', lease_token = NULL, lease_until = NULL,
               last_error = @message, last_error_code = @code, updated_at = @now
             WHERE id = @id AND state = 'leased' AND lease_token = @token`,
          ).run({ id, token: leaseToken, message: error.message, code: error.code ?? null, now: this.nowIso() });
          // A stale lease means another attempt holds the delivery now and will log its own outcome.
          if (log && changes > 0) this.appendLogNow(log);
        })
        .immediate(),
    );
  }

  /** Newest dead letters first. */
  async listDeadLetters(query: { clientId?: string; clubId?: string; platform?: string; limit?: number }): Promise<Delivery[]> {
    return this.guard('listDeadLetters', () => {
      const where = new Where("state = 'dead'")
        .add('client_id', 'clientId', query.clientId)
        .add('club_id', 'clubId', query.clubId)
        .add('platform', 'platform', query.platform);
      const sql = `SELECT * FROM deliveries WHERE ${where} ORDER BY updated_at DESC, id LIMIT @limit`;
      return (this.statement(sql).all({ ...where.params, limit: clampLimit(query.limit) }) as DeliveryRow[]).map(toDelivery);
    });
  }

  /**
   * Only a `dead` delivery is replayed (anything else answers `undefined`). The last error is kept
   * until the next attempt replaces or clears it, so an operator still sees why it had died.
   */
  async replayDeadLetter(id: string, now: number): Promise<Delivery | undefined> {
    return this.write('replayDeadLetter', () => {
      const row = this.statement(
        `UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = @now, updated_at = @nowIso
         WHERE id = @id AND state = 'dead' RETURNING *`,
      ).get({ id, now, nowIso: this.nowIso() }) as DeliveryRow | undefined;
      return row && toDelivery(row);
    });
  }

  async queueDepth(): Promise<QueueDepth> {
    return this.guard('queueDepth', () => {
      // Pending, leased and dead are counted from their partial indexes; done is what remains.
      const row = this.statement(
        `SELECT (SELECT count(*) FROM deliveries WHERE state = 'pending') AS pending,
                (SELECT count(*) FROM deliveries WHERE state = 'leased') AS leased,
                (SELECT count(*) FROM deliveries WHERE state = 'dead') AS dead,
                (SELECT count(*) FROM deliveries) AS total`,
      ).get() as QueueDepth & { total: number };
      return { pending: row.pending, leased: row.leased, done: row.total - row.pending - row.leased - row.dead, dead: row.dead };
    });
  }

  async unfinishedDeliveries(): Promise<number> {
    return this.guard(
      'unfinishedDeliveries',
      () =>
        this.statement(`SELECT (SELECT count(*) FROM deliveries WHERE state = 'pending') + (SELECT count(*) FROM deliveries WHERE state = 'leased')`)
          .pluck()
          .get() as number,
    );
  }

  async appendLog(entry: NewLogEntry): Promise<LogEntry> {
    return this.write('appendLog', () => this.appendLogNow(entry));
  }

  async listLog(query: LogQuery): Promise<LogEntry[]> {
    return this.guard('listLog', () => {
      const where = new Where()
        .add('client_id', 'clientId', query.clientId)
        .add('club_id', 'clubId', query.clubId)
        .add('level', 'level', query.level)
        .add('platform', 'platform', query.platform)
        .add('direction', 'direction', query.direction)
        .add('record_uuid', 'recordUuid', query.recordUuid)
        .add('created_at', 'since', query.since === undefined ? undefined : toIsoUtc(query.since, 'since'), '>=')
        .add('created_at', 'until', query.until === undefined ? undefined : toIsoUtc(query.until, 'until'), '<=')
        .add('id', 'beforeId', query.beforeId, '<');
      if (query.search) {
        // LIKE is case-insensitive for ASCII in SQLite; the escape keeps a user's % and _ literal.
        where.raw("(person LIKE @search ESCAPE '\\' OR summary LIKE @search ESCAPE '\\')", 'search', `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      }
      const sql = `SELECT * FROM log_entries WHERE ${where} ORDER BY id DESC LIMIT @limit`;
      return (this.statement(sql).all({ ...where.params, limit: clampLimit(query.limit) }) as LogRow[]).map(toLogEntry);
    });
  }

  /** The file, schema version and durability settings actually in force. */
  diagnostics(): SqliteStoreDiagnostics {
    return this.guard('diagnostics', () => {
      const applied = listAppliedMigrations(this.db);
      const synchronous = this.db.pragma('synchronous', { simple: true }) as number;
      return {
        file: this.file,
        schemaVersion: applied.length ? applied[applied.length - 1].id : 0,
        journalMode: String(this.db.pragma('journal_mode', { simple: true })),
        synchronous: SYNCHRONOUS_NAMES[synchronous] ?? 'FULL',
        ...(this.checkpointer?.state() ?? { checkpoint: 'inline' }),
      };
    });
  }

  /**
   * Closes the database; a second call does nothing. Any later call fails with a `DATABASE` error. A
   * checkpoint thread is stopped first (after the checkpoint it may be running), so that the main
   * connection is the last one and SQLite checkpoints and removes the WAL as it closes.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const stopping = this.checkpointer?.stop();
    if (stopping) await stopping;
    try {
      this.guard('close', () => this.db.close());
    } finally {
      this.hubLock?.release();
    }
  }

  /**
   * Copies the database with SQLite's online backup (pages copied in steps, writers not blocked for the
   * whole copy; a page written meanwhile is copied again), so the copy is consistent as of its end. It
   * is written beside the destination under a temporary name and renamed when complete, so a file at
   * `destination` is always a whole database.
   */
  async backup(destination: string): Promise<void> {
    const target = path.resolve(destination);
    if (fs.existsSync(target)) throw new ConfigurationError(`the backup file ${target} exists already: name a new file`);
    const partial = `${target}.partial-${process.pid}`;
    try {
      await this.db.backup(partial);
      fs.renameSync(partial, target);
    } catch (error) {
      fs.rmSync(partial, { force: true });
      throw toDatabaseError(error, 'backup', path.dirname(target));
    }
  }

  /**
   * Whether the store can write now: not when the last write failed because the files cannot be written
   * (disk full, read-only, I/O errors) and nothing was written since; otherwise a probe rewrites one row
   * in place (a real commit, fsynced), at most every few seconds. The error names the data folder by its
   * name only: /healthz shows it to anyone.
   */
  async health(): Promise<StoreHealth> {
    if (!this.storageFailure && this.clock.now() - this.lastProbeOkAt >= HEALTH_PROBE_INTERVAL_MS) {
      try {
        this.write('health probe', () =>
          this.db
            .transaction(() => {
              this.statement('UPDATE schema_migrations SET applied_at = applied_at WHERE id = (SELECT max(id) FROM schema_migrations)').run();
            })
            .immediate(),
        );
        this.lastProbeOkAt = this.clock.now();
      } catch (error) {
        // Another process holding the write lock longer than the busy timeout is busy, not broken.
        if (this.closed) return { ok: false, error: 'the store is closed' };
        const code = errorCode((error as Error).cause);
        if (!this.storageFailure && !code?.startsWith('SQLITE_BUSY')) return { ok: false, error: `the store cannot write (${code ?? 'unknown error'})` };
      }
    }
    return this.storageFailure ? { ok: false, error: this.describeStorageFailure(this.storageFailure.error) } : { ok: true };
  }

  /** The data folder (or the file's folder) in error messages. */
  private folder(): string | undefined {
    return this.file === ':memory:' ? undefined : path.dirname(this.file);
  }

  /** How a refusal or a message names the data: the data folder, or the file when it is not connector.db. */
  private place(): string {
    return path.basename(this.file) === SQLITE_DB_FILE_NAME ? `the data folder ${path.dirname(this.file)}` : `the database file ${this.file}`;
  }

  /** A storage failure in words fit for /healthz: the data folder's name, no path, no SQLite text. */
  private describeStorageFailure(error: unknown): string {
    const name = JSON.stringify(this.file === ':memory:' ? ':memory:' : path.basename(path.dirname(this.file)));
    if (isDiskFull(error, this.folder())) return `the disk holding the data folder ${name} is full`;
    return `the data folder ${name} cannot be written (${errorCode(error) ?? 'unknown error'})`;
  }

  private applyInboundNow(batch: InboundBatch): InboundResult {
    const nowMs = this.clock.now();
    const nowIso = new Date(nowMs).toISOString();
    if (batch.messageId !== undefined) {
      const { changes } = this.statement(
        'INSERT INTO webhook_messages (client_id, platform, message_id, received_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ).run(batch.clientId, batch.platform, batch.messageId, nowIso);
      if (changes === 0) return { duplicate: true, saved: [] };
    }
    const sequence = new ChangeSequence(() => this.statement('SELECT last_seq FROM change_sequence WHERE id = 1').pluck().get() as number);
    const saved = batch.changes.map((change) => {
      const result =
        (change.recordUuid && this.updateByUuid(change.recordUuid, change.save, nowMs, nowIso, sequence)) ||
        this.saveOne(change.save, nowMs, nowIso, false, sequence);
      const record = result.record;
      this.putLinkNow(inboundLink(record, batch.platform, change), nowIso);
      for (const entry of change.log) this.insertLogNow({ ...entry, recordUuid: record.uuid }, nowIso);
      return result;
    });
    if (sequence.taken !== undefined) this.statement('UPDATE change_sequence SET last_seq = ? WHERE id = 1').run(sequence.taken);
    if (batch.cursor) {
      this.statement(
        `INSERT INTO pull_cursors (client_id, platform, club_id, cursor, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (client_id, platform, club_id) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
      ).run(batch.clientId, batch.platform, batch.cursor.clubId, batch.cursor.value, nowIso);
    }
    return { duplicate: false, saved };
  }

  /** Updates the record with this UUID (found by link or SmartMatch); undefined when there is none. */
  private updateByUuid(uuid: string, input: SaveRecordInput, nowMs: number, nowIso: string, sequence: ChangeSequence): SaveRecordResult | undefined {
    const existing = this.statement('SELECT * FROM records WHERE uuid = ?').get(uuid) as RecordRow | undefined;
    if (!existing) return undefined;
    if (existing.hash === input.hash) return { record: toHubRecord(existing), created: false, changed: false, deliveryIds: [] };
    return this.changeContent(existing, input, nowMs, nowIso, sequence);
  }

  /** Writes a changed content over an existing record: the next version and the next change number. */
  private changeContent(existing: RecordRow, input: SaveRecordInput, nowMs: number, nowIso: string, sequence: ChangeSequence): SaveRecordResult {
    const row: RecordRow = {
      ...existing,
      content: input.contentJson ?? JSON.stringify(input.content),
      hash: input.hash,
      version: existing.version + 1,
      updated_at: nowIso,
    };
    this.statement(
      `UPDATE records SET content = @content, hash = @hash, version = @version, updated_at = @updated_at,
         change_seq = @change_seq, changed_by = @changed_by WHERE uuid = @uuid`,
    ).run({
      uuid: row.uuid,
      content: row.content,
      hash: row.hash,
      version: row.version,
      updated_at: row.updated_at,
      change_seq: sequence.take(),
      changed_by: input.changedBy ?? input.origin.provider,
    });
    return this.savedOne(row, input, false, nowMs, nowIso);
  }

  /** Keeps a person record's SmartMatch keys with its content. */
  private putPersonKeys(uuid: string, clientId: string, content: unknown): void {
    const keys = personMatchKeys(content as Parameters<typeof personMatchKeys>[0]);
    this.statement(
      `INSERT INTO person_keys (record_uuid, client_id, name_key, email_key, mobile_key) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (record_uuid) DO UPDATE SET name_key = excluded.name_key, email_key = excluded.email_key, mobile_key = excluded.mobile_key`,
    ).run(uuid, clientId, keys.name, keys.email, keys.mobile);
  }

  /**
   * Saves one record. With `insertFirst` (most recent saves created their record) the row is inserted
   * unless its origin exists, and looked up only if it does: one statement instead of two for a new
   * record, one more for a known one. Otherwise it is looked up first.
   */
  private saveOne(input: SaveRecordInput, nowMs: number, nowIso: string, insertFirst: boolean, sequence: ChangeSequence): SaveRecordResult {
    const changedBy = input.changedBy ?? input.origin.provider;
    if (insertFirst) {
      const row = newRecordRow(input, nowIso);
      if (this.insertRecord(row, { unlessTaken: true, seq: sequence.peek(), changedBy })) {
        sequence.take();
        return this.savedOne(row, input, true, nowMs, nowIso);
      }
    }
    const existing = this.statement(
      // The content is not read back: the same hash means the same content as the input's.
      `SELECT uuid, client_id, club_id, kind, origin_provider, origin_record_id, '' AS content, hash, version, created_at, updated_at
       FROM records WHERE client_id = ? AND club_id = ? AND kind = ? AND origin_provider = ? AND origin_record_id = ?`,
    ).get(input.clientId, input.clubId, input.kind, input.origin.provider, input.origin.recordId) as RecordRow | undefined;
    if (!existing) {
      const row = newRecordRow(input, nowIso);
      this.insertRecord(row, { unlessTaken: false, seq: sequence.take(), changedBy });
      return this.savedOne(row, input, true, nowMs, nowIso);
    }
    if (existing.hash === input.hash) return { record: savedRecord(existing, input), created: false, changed: false, deliveryIds: [] };
    return this.changeContent(existing, input, nowMs, nowIso, sequence);
  }

  /** Inserts a new record's row; `unlessTaken`: not when its origin (or UUID) exists, answering whether it did. */
  private insertRecord(row: RecordRow, { unlessTaken, seq, changedBy }: { unlessTaken: boolean; seq: number; changedBy: string }): boolean {
    // Positional parameters: binding by name walks the object's keys for every row.
    const { changes } = this.statement(unlessTaken ? INSERT_RECORD_UNLESS_TAKEN : INSERT_RECORD).run(
      row.uuid,
      row.client_id,
      row.club_id,
      row.kind,
      row.origin_provider,
      row.origin_record_id,
      row.content,
      row.hash,
      row.created_at,
      row.updated_at,
      seq,
      changedBy,
    );
    return changes === 1;
  }

  /** A save that created or changed its record: its deliveries are queued (or re-armed). */
  private savedOne(row: RecordRow, input: SaveRecordInput, created: boolean, nowMs: number, nowIso: string): SaveRecordResult {
    // Content that arrived as JSON is read from it: `input.content` would parse it again, lazily.
    if (row.kind === 'person') this.putPersonKeys(row.uuid, row.client_id, input.contentJson === undefined ? input.content : JSON.parse(row.content));
    const deliveryIds: string[] = [];
    if (input.targets.length > 0) {
      for (const platform of new Set(input.targets)) {
        deliveryIds.push(this.armDelivery(row, platform, nowMs, nowIso));
      }
    }
    return { record: savedRecord(row, input), created, changed: true, deliveryIds };
  }

  /**
   * Queues the (record, platform) delivery, or re-arms the existing row: due now with a fresh attempt
   * count, even when it was done or dead (new content deserves a new try). A leased row stays leased:
   * its worker holds it, and its completion will see the newer version and put it back to pending.
   * The intent is kept in every case, since an earlier attempt may have created the record already.
   */
  private armDelivery(record: RecordRow, platform: string, nowMs: number, nowIso: string): string {
    const row = this.statement(
      `INSERT INTO deliveries
         (id, record_uuid, client_id, club_id, platform, kind, state, attempts, next_attempt_at, record_version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)
       ON CONFLICT (record_uuid, platform) DO UPDATE SET
         state = CASE WHEN state = 'leased' THEN 'leased' ELSE 'pending' END,
         attempts = CASE WHEN state = 'leased' THEN attempts ELSE 0 END,
         next_attempt_at = CASE WHEN state = 'leased' THEN next_attempt_at ELSE excluded.next_attempt_at END,
         record_version = CASE WHEN state = 'leased' THEN record_version ELSE excluded.record_version END,
         last_error = CASE WHEN state = 'leased' THEN last_error ELSE NULL END,
         last_error_code = CASE WHEN state = 'leased' THEN last_error_code ELSE NULL END,
         updated_at = excluded.updated_at
       RETURNING id`,
    ).get(timeOrderedUUID(), record.uuid, record.client_id, record.club_id, platform, record.kind, nowMs, record.version, nowIso, nowIso) as { id: string };
    return row.id;
  }

  private readChanges(query: ChangeQuery): ChangePage {
    const afterSeq = Math.max(0, Math.floor(query.afterSeq ?? 0));
    if (query.clientIds.length === 0) return { changes: [], nextSeq: afterSeq };
    const limit = clampLimit(query.limit);
    const excluded = query.excludeChangedBy ?? [];
    // The lists travel as JSON: one prepared statement whatever their length.
    const rows = this.statement(
      `SELECT * FROM records
       WHERE client_id IN (SELECT value FROM json_each(@clients)) AND change_seq > @after
         AND changed_by NOT IN (SELECT value FROM json_each(@excluded))
       ORDER BY change_seq LIMIT @limit`,
    ).all({ clients: JSON.stringify(query.clientIds), excluded: JSON.stringify(excluded), after: afterSeq, limit }) as ChangeRow[];
    const changes = rows.map((row) => ({ seq: row.change_seq, changedBy: row.changed_by, record: toHubRecord(row) }));
    if (rows.length === limit) return { changes, nextSeq: rows[rows.length - 1].change_seq };
    const last = this.statement('SELECT last_seq FROM change_sequence WHERE id = 1').pluck().get() as number;
    return { changes, nextSeq: Math.max(afterSeq, last) };
  }

  private claimDue(claim: ClaimOptions): Delivery[] {
    // Two index range scans instead of one OR (which made SQLite sort the whole due queue per claim):
    // pending deliveries whose time has come, and leased ones whose lease expired (their worker crashed
    // or stalled), each already in order from its index; the earliest `limit` of both are taken.
    // The limit is written into the SQL (a small integer: one cached statement per value): with a bound
    // LIMIT, SQLite reads the whole due range before taking the first rows (15 us instead of 4 us per
    // claim here, growing with the queue).
    const limit = Math.min(MAX_LIMIT, Math.floor(claim.limit));
    const scope = new Where().add('client_id', 'clientId', claim.clientId).add('platform', 'platform', claim.platform);
    const and = ` AND ${scope}`;
    const pending = this.statement(
      `SELECT id, next_attempt_at AS due, intent_at AS intent FROM deliveries WHERE state = 'pending' AND next_attempt_at <= @now${and}
       ORDER BY next_attempt_at LIMIT ${limit}`,
    ).all({ ...scope.params, now: claim.now }) as DueRow[];
    const expired = this.statement(
      `SELECT id, lease_until AS due, intent_at AS intent FROM deliveries WHERE state = 'leased' AND lease_until < @now${and}
       ORDER BY lease_until LIMIT ${limit}`,
    ).all({ ...scope.params, now: claim.now }) as DueRow[];
    const due = (expired.length ? [...pending, ...expired].sort((a, b) => a.due - b.due) : pending).slice(0, limit);

    // The claim is the attempt's intent, made durable before any platform call: an attempt that does not
    // complete (crash, lost answer, failure) leaves it set, and the next one looks before it creates.
    // The claimed delivery reports the intent as it was before this claim, i.e. "an earlier attempt
    // may have acted".
    const lease = this.statement(
      `UPDATE deliveries SET
         state = 'leased', lease_token = ?, lease_until = ?, attempts = attempts + 1,
         record_version = (SELECT version FROM records WHERE records.uuid = deliveries.record_uuid),
         intent_at = COALESCE(intent_at, ?), updated_at = ?
       WHERE id = ? RETURNING *`,
    );
    // What the attempt needs, read in the same transaction: the record and its link to this platform.
    const readRecord = this.statement('SELECT * FROM records WHERE uuid = ?');
    const readLink = this.statement('SELECT * FROM links WHERE record_uuid = ? AND client_id = ? AND platform = ?');
    const nowIso = new Date(claim.now).toISOString();
    return due.map((row) => {
      const leased = lease.get(randomUUID(), claim.now + claim.leaseMs, claim.now, nowIso, row.id) as DeliveryRow;
      const claimed = toDelivery(leased) as ClaimedDelivery;
      claimed.intentAt = row.intent ?? undefined;
      const record = readRecord.get(leased.record_uuid) as RecordRow | undefined;
      if (record) {
        claimed.record = toHubRecord(record);
        claimed.changedBy = record.changed_by ?? undefined;
      }
      const link = readLink.get(leased.record_uuid, leased.client_id, leased.platform) as LinkRow | undefined;
      if (link) claimed.link = toLink(link);
      return claimed;
    });
  }

  /**
   * Ends a leased attempt, when `token` is still its lease: `done`, or `pending` and due now when the
   * record has a version newer than the one delivered. One statement: the record's version is joined in.
   */
  private completeOne(id: string, token: string, deliveredVersion: number, nowMs: number): void {
    // Positional parameters: binding by name walks an object's keys on every call.
    this.statement(
      `UPDATE deliveries SET
         state = CASE WHEN r.version > v.delivered THEN 'pending' ELSE 'done' END,
         next_attempt_at = CASE WHEN r.version > v.delivered THEN v.now ELSE next_attempt_at END,
         attempts = CASE WHEN r.version > v.delivered THEN 0 ELSE attempts END,
         record_version = CASE WHEN r.version > v.delivered THEN r.version ELSE record_version END,
         lease_token = NULL, lease_until = NULL, intent_at = NULL, last_error = NULL, last_error_code = NULL,
         updated_at = v.now_iso
       FROM records AS r, (SELECT ? AS delivered, ? AS now, ? AS now_iso) AS v
       WHERE deliveries.id = ? AND deliveries.state = 'leased' AND deliveries.lease_token = ?
         AND r.uuid = deliveries.record_uuid`,
    ).run(deliveredVersion, nowMs, new Date(nowMs).toISOString(), id, token);
  }

  private putLinkNow(link: Omit<Link, 'updatedAt'>, nowIso = this.nowIso()): void {
    this.statement(
      `INSERT INTO links (record_uuid, client_id, club_id, platform, platform_record_id, linked_type, delivered_hash, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (record_uuid, client_id, platform) DO UPDATE SET
         club_id = excluded.club_id,
         platform_record_id = excluded.platform_record_id,
         linked_type = excluded.linked_type,
         delivered_hash = excluded.delivered_hash,
         updated_at = excluded.updated_at`,
    ).run(link.recordUuid, link.clientId, link.clubId, link.platform, link.platformRecordId, link.linkedType, link.deliveredHash ?? null, nowIso);
  }

  private appendLogNow(entry: NewLogEntry): LogEntry {
    const row = this.statement(`${INSERT_LOG} RETURNING *`).get(...logEntryValues(entry, this.nowIso())) as LogRow;
    return toLogEntry(row);
  }

  /** Appends without reading the entry back (the delivery engine does not need it). */
  private insertLogNow(entry: NewLogEntry, nowIso: string): void {
    this.statement(INSERT_LOG).run(...logEntryValues(entry, nowIso));
  }

  /** Prepares each distinct SQL text once per connection. */
  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** {@link guard} for the operations that write: the one place that tells the checkpointer about commits. */
  private write<T>(operation: string, work: () => T): T {
    let result: T;
    try {
      result = work();
    } catch (error) {
      if (isStorageFailure(error) && !this.closed) this.storageFailure = { error, totalChanges: this.totalChanges() };
      throw toDatabaseError(error, operation, this.folder());
    }
    // Only a write that changed rows proves the files writable again (a claim with nothing due writes nothing).
    if (this.storageFailure && this.totalChanges() > this.storageFailure.totalChanges) this.storageFailure = undefined;
    this.checkpointer?.afterWrite();
    return result;
  }

  /** SQLite's count of rows changed on this connection since it opened. */
  private totalChanges(): number {
    // Never hides the error being handled: a connection that cannot answer counts 0 (at a failure, any
    // later write that changed rows then clears it; at a success, nothing is cleared).
    try {
      return this.statement('SELECT total_changes()').pluck().get() as number;
    } catch {
      return 0;
    }
  }

  private guard<T>(operation: string, work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw toDatabaseError(error, operation, this.folder());
    }
  }

  private nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

/**
 * Opens (creating and migrating as needed) the embedded store.
 *
 * @example
 * const store = openSqliteStore({ dataDir: './data' }); // ./data/connector.db, synchronous FULL
 *
 * @throws ConfigurationError when neither `file` nor `dataDir` is given.
 * @throws ConnectorError `DATABASE` when the file cannot be opened, or was written by a newer Connector.
 */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  return new SqliteStore(options);
}

/** Fills the SmartMatch keys of the person records a file held before two-way sync (once, at the migration). */
function backfillPersonKeys(db: Database.Database): void {
  const insert = db.prepare('INSERT OR REPLACE INTO person_keys (record_uuid, client_id, name_key, email_key, mobile_key) VALUES (?, ?, ?, ?, ?)');
  // In slices by rowid: a connection cannot write while it iterates, and a file may hold millions.
  const slice = db.prepare("SELECT rowid, uuid, client_id, content FROM records WHERE kind = 'person' AND rowid > ? ORDER BY rowid LIMIT 1000");
  db.transaction(() => {
    for (let after = 0; ;) {
      const rows = slice.all(after) as Array<Pick<RecordRow, 'uuid' | 'client_id' | 'content'> & { rowid: number }>;
      if (rows.length === 0) break;
      for (const row of rows) {
        const keys = personMatchKeys(JSON.parse(row.content) as Parameters<typeof personMatchKeys>[0]);
        insert.run(row.uuid, row.client_id, keys.name, keys.email, keys.mobile);
      }
      after = rows[rows.length - 1].rowid;
    }
  }).immediate();
}

function resolveFile(options: SqliteStoreOptions): string {
  if (options.file === ':memory:') return options.file;
  let file: string;
  if (options.file) file = path.resolve(options.file);
  else if (options.dataDir) file = path.resolve(options.dataDir, SQLITE_DB_FILE_NAME);
  else throw new ConfigurationError('SQLite store: give either a data folder (dataDir) or a database file (file)');
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  } catch (error) {
    throw new ConfigurationError(`SQLite store: cannot create the data folder ${path.dirname(file)}`, { cause: error });
  }
  return file;
}

/**
 * The WHERE clause of a filtered query. Only the filters given make it into the SQL, so each shape of
 * query is its own prepared statement and can use the indexes (a `(@x IS NULL OR col = @x)` form cannot).
 */
const INSERT_LOG = `INSERT INTO log_entries
    (client_id, club_id, level, direction, platform, record_uuid, delivery_id, person, summary, details, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** A record row with its place in the change sequence. */
interface ChangeRow extends RecordRow {
  change_seq: number;
  changed_by: string;
}

/** A due delivery as the claim query reads it. */
interface DueRow {
  id: string;
  due: number;
  intent: number | null;
}

class Where {
  readonly params: Params = {};
  private readonly clauses: string[];

  constructor(...clauses: string[]) {
    this.clauses = clauses;
  }

  add(column: string, name: string, value: string | number | undefined, op = '='): this {
    return value === undefined ? this : this.raw(`${column} ${op} @${name}`, name, value);
  }

  raw(clause: string, name: string, value: string | number): this {
    this.clauses.push(clause);
    this.params[name] = value;
    return this;
  }

  toString(): string {
    return this.clauses.length ? this.clauses.join(' AND ') : '1';
  }
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}
