import pg from 'pg';

import {
  ConnectorError,
  systemClock,
  type ChangePage,
  type ChangeQuery,
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
  type LogEntry,
  type LogQuery,
  type Logger,
  type NewLogEntry,
  type PersonMatchQuery,
  type QueueDepth,
  type RecordOrigin,
  type RecordQuery,
  type SaveRecordInput,
  type SaveRecordResult,
  type StoreHealth,
} from '@connector/core';
import { PostgresIdempotency } from './idempotency';
import { PostgresCallSlots } from './call-slots';
import { PostgresCounters } from './counters';
import { PostgresLocks } from './advisory-locks';
import { PostgresInvalidations } from './invalidations';
import { createPool, describeUrl, type PostgresPoolOptions } from './connection';
import { migratePostgres, listAppliedPostgresMigrations, POSTGRES_MIGRATIONS, type PostgresMigration } from './migrations';
import { describeConnectFailure, isConnectionFailure, toDatabaseError } from './pg-error';
import { toDelivery, toHubRecord, toIsoUtc, toLink, toLogEntry, type DeliveryRow, type LinkRow, type LogRow, type RecordRow } from '@connector/core';
import { WorkListener, workChannel, type WorkListenerCallback } from './work-listener';
import { LAST_SEQ } from './change-sequence';
import { applyInboundIn } from './inbound';
import { insertLogIn, putLinkIn } from './link-log-writes';
import { SaveBatch } from './save-batch';

/** How {@link PostgresStore.connect} reaches and shapes its database. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:5432/database`; the password is never shown. */
  url: string;
  /** The schema holding the store's tables (default `public`); created if missing. Hubs sharing work share it. */
  schema?: string;
  pool?: PostgresPoolOptions;
  clock?: Clock;
  logger?: Logger;
  /** For tests of migrations; the store's own by default. */
  migrations?: readonly PostgresMigration[];
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

type Queryable = Pick<pg.PoolClient, 'query'>;

/**
 * The {@link ConnectorStore} for several hubs on one Postgres: a pool of node-postgres connections,
 * every write in a transaction that commits before its promise resolves.
 *
 * - A record and its deliveries commit together (`saveRecords`), with a NOTIFY that wakes idle workers
 *   of every hub once they are committed ({@link PostgresStore.onWork}).
 * - Claims take due rows with `FOR UPDATE SKIP LOCKED`: two hubs claiming at once never get the same
 *   delivery and never wait for each other.
 * - One delivery row per (record, platform), as in the SQLite store: a newer change re-arms the row, and
 *   while a worker holds it, its completion sees the newer version and puts it back. A later change thus
 *   never overtakes an earlier one, whichever hub claims.
 * - A completion locks the record row (FOR SHARE) before the delivery row, the order a save takes them,
 *   so it sees the version of any save that ran meanwhile, and the two never deadlock.
 *
 * Methods that take a lease token change nothing when it is not the delivery's current one.
 */
export class PostgresStore implements ConnectorStore {
  /** The URL without its password, for messages. */
  readonly where: string;
  readonly schema: string;
  private readonly pool: pg.Pool;
  private readonly clock: Clock;
  private readonly listener: WorkListener;
  private readonly channel: string;
  private closed = false;
  /** JSON Idempotency-Key answers, shared by every hub on the schema. */
  readonly idempotency: PostgresIdempotency;
  /** Platforms' call grids, shared by every hub on the schema. */
  readonly callSlots: PostgresCallSlots;
  /** Counters in windows of time (failed authentications, call budgets), shared by every hub on the schema. */
  readonly counters: PostgresCounters;
  /** A lock shared by every hub on the schema (advisory locks). */
  readonly locks: PostgresLocks;
  /** Cache invalidations heard by every hub on the schema (NOTIFY). */
  readonly invalidations: PostgresInvalidations;

  private constructor(options: PostgresStoreOptions, pool: pg.Pool) {
    this.where = describeUrl(options.url);
    this.schema = options.schema ?? 'public';
    this.pool = pool;
    this.clock = options.clock ?? systemClock;
    this.channel = workChannel(this.schema);
    this.listener = new WorkListener(options.url, this.schema, options.pool ?? {}, options.logger);
    this.callSlots = new PostgresCallSlots(<R extends Record<string, unknown>>(operation: string, sql: string, params: unknown[]) =>
      this.rows<R>(operation, sql, params),
    );
    this.counters = new PostgresCounters(<R extends Record<string, unknown>>(operation: string, sql: string, params: unknown[]) =>
      this.rows<R>(operation, sql, params),
    );
    this.idempotency = new PostgresIdempotency(<R extends Record<string, unknown>>(operation: string, sql: string, params: unknown[]) =>
      this.rows<R>(operation, sql, params),
    );
    this.locks = new PostgresLocks(() => {
      this.assertOpen('take a lock');
      return this.pool.connect();
    }, this.schema);
    this.invalidations = new PostgresInvalidations(
      <R extends Record<string, unknown>>(operation: string, sql: string, params: unknown[]) => this.rows<R>(operation, sql, params),
      this.schema,
      this.listener,
    );
    // An idle connection that the server dropped (restart, failover) must not crash the process: the
    // pool makes a new one on the next query.
    pool.on('error', (error) => options.logger?.warn(`Postgres store: an idle connection failed (${describeConnectFailure(error, this.where)})`));
  }

  /**
   * Connects, checks the server answers, and migrates the schema (once, however many hubs start together).
   *
   * @throws ConnectorError `DATABASE` naming the server (never the password) and why it refused.
   */
  static async connect(options: PostgresStoreOptions): Promise<PostgresStore> {
    const schema = options.schema ?? 'public';
    const pool = createPool(options.url, schema, options.pool);
    pool.on('error', () => undefined);
    let client: pg.PoolClient | undefined;
    try {
      client = await pool.connect();
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new ConnectorError('DATABASE', `Postgres store: cannot connect to ${describeConnectFailure(error, describeUrl(options.url))}`, {
        cause: error,
        retryable: isConnectionFailure(error),
      });
    }
    try {
      await migratePostgres(client, schema, options.migrations ?? POSTGRES_MIGRATIONS);
    } catch (error) {
      client.release(true);
      await pool.end().catch(() => undefined);
      throw toDatabaseError(error, `migrate ${describeUrl(options.url)} (schema ${schema})`);
    }
    client.release();
    return new PostgresStore(options, pool);
  }

  /**
   * Calls `listener` with the client ID whenever any hub on this schema commits deliveries (the hub's
   * workers for that client then claim at once). Answers the function that stops it.
   */
  onWork(listener: WorkListenerCallback): () => void {
    return this.listener.subscribe(listener);
  }

  /** Resolves once the wake-up connection listens (tests; a hub does not need to wait for it). */
  listening(): Promise<boolean> {
    return this.listener.ready();
  }

  // ── records ──────────────────────────────────────────────────────────────

  async saveRecord<K extends EntityKind>(input: SaveRecordInput<K>): Promise<SaveRecordResult<K>> {
    const [result] = await this.saveRecords([input as unknown as SaveRecordInput]);
    return result as unknown as SaveRecordResult<K>;
  }

  async saveRecords(inputs: SaveRecordInput[]): Promise<SaveRecordResult[]> {
    if (inputs.length === 0) return [];
    return this.transaction('saveRecords', async (client) => {
      const nowMs = this.clock.now();
      const saves = new SaveBatch(client, nowMs, new Date(nowMs).toISOString());
      // A few statements for the whole batch, with the outcome of each save as one at a time would give.
      const results = await saves.saveAll(inputs);
      await this.notify(client, saves.woken);
      await saves.finish();
      return results;
    });
  }

  async getRecord(uuid: string): Promise<HubRecord | undefined> {
    const rows = await this.rows<RecordRow>('getRecord', 'SELECT * FROM records WHERE uuid = $1', [uuid]);
    return rows[0] && toHubRecord(rows[0]);
  }

  async findRecordByOrigin(clientId: string, clubId: string, origin: RecordOrigin, kind?: EntityKind): Promise<HubRecord | undefined> {
    const where = new Where(
      [clientId, clubId, origin.provider, origin.recordId],
      'client_id = $1 AND club_id = $2 AND origin_provider = $3 AND origin_record_id = $4',
    ).add('kind', kind);
    const rows = await this.rows<RecordRow>('findRecordByOrigin', `SELECT * FROM records WHERE ${where} ORDER BY seq LIMIT 1`, where.params);
    return rows[0] && toHubRecord(rows[0]);
  }

  async listRecords(query: RecordQuery): Promise<HubRecord[]> {
    const where = new Where().add('client_id', query.clientId).add('club_id', query.clubId).add('origin_provider', query.provider).add('kind', query.kind);
    const limit = where.param(clampLimit(query.limit));
    const offset = where.param(Math.max(0, Math.floor(query.offset ?? 0)));
    const rows = await this.rows<RecordRow>(
      'listRecords',
      `SELECT * FROM records WHERE ${where} ORDER BY created_at, seq LIMIT ${limit} OFFSET ${offset}`,
      where.params,
    );
    return rows.map(toHubRecord);
  }

  /**
   * Records of the clients changed after `afterSeq`, in sequence (= commit) order. One statement, so the
   * page and the counter come from one snapshot: a short page's `nextSeq` (the counter) skips nothing,
   * since every change numbered up to it was committed before the counter reached it.
   */
  async listChanges(query: ChangeQuery): Promise<ChangePage> {
    const afterSeq = Math.max(0, Math.floor(query.afterSeq ?? 0));
    if (query.clientIds.length === 0) return { changes: [], nextSeq: afterSeq };
    const limit = clampLimit(query.limit);
    const rows = await this.rows<ChangeRow & { last_seq: number }>(
      'listChanges',
      `SELECT counter.last_seq, page.* FROM (${LAST_SEQ}) AS counter
       LEFT JOIN LATERAL (
         SELECT * FROM records
         WHERE client_id = ANY($1::text[]) AND change_seq > $2 AND NOT (changed_by = ANY($3::text[]))
         ORDER BY change_seq LIMIT $4
       ) AS page ON TRUE`,
      [[...query.clientIds], afterSeq, [...(query.excludeChangedBy ?? [])], limit],
    );
    const found = rows.filter((row) => row.uuid !== null);
    const changes = found.map((row) => ({ seq: row.change_seq, changedBy: row.changed_by, record: toHubRecord(row) }));
    if (found.length === limit) return { changes, nextSeq: found[found.length - 1].change_seq };
    return { changes, nextSeq: Math.max(afterSeq, rows[0]?.last_seq ?? 0) };
  }

  // ── two-way sync ─────────────────────────────────────────────────────────

  async getPullCursor(clientId: string, platform: string, clubId: string): Promise<string | undefined> {
    const rows = await this.rows<{ cursor: string }>(
      'getPullCursor',
      'SELECT cursor FROM pull_cursors WHERE client_id = $1 AND platform = $2 AND club_id = $3',
      [clientId, platform, clubId],
    );
    return rows[0]?.cursor;
  }

  async findLinkByPlatformId(clientId: string, platform: string, platformRecordId: string): Promise<Link | undefined> {
    const rows = await this.rows<LinkRow>(
      'findLinkByPlatformId',
      'SELECT * FROM links WHERE client_id = $1 AND platform = $2 AND platform_record_id = $3 ORDER BY updated_at DESC LIMIT 1',
      [clientId, platform, platformRecordId],
    );
    return rows[0] && toLink(rows[0]);
  }

  /** Person records whose SmartMatch keys equal those given (the name always), oldest first. */
  async findPeopleByKeys(query: PersonMatchQuery): Promise<HubRecord[]> {
    if (!query.name) return [];
    const where = new Where([query.clientId, query.name], 'k.client_id = $1 AND k.name_key = $2');
    if (query.email) where.raw(`k.email_key = ${where.param(query.email)}`);
    if (query.mobile) where.raw(`k.mobile_key = ${where.param(query.mobile)}`);
    if (query.notLinkedTo) {
      where.raw(
        `NOT EXISTS (SELECT 1 FROM links l WHERE l.record_uuid = k.record_uuid AND l.client_id = k.client_id AND l.platform = ${where.param(query.notLinkedTo)})`,
      );
    }
    const limit = where.param(clampLimit(query.limit ?? 10));
    const rows = await this.rows<RecordRow>(
      'findPeopleByKeys',
      `SELECT r.* FROM person_keys k JOIN records r ON r.uuid = k.record_uuid WHERE ${where} ORDER BY r.created_at, r.seq LIMIT ${limit}`,
      where.params,
    );
    return rows.map(toHubRecord);
  }

  /** A page or webhook message of platform changes, in ONE transaction (see inbound.ts). */
  async applyInbound(batch: InboundBatch): Promise<InboundResult> {
    return this.transaction('applyInbound', async (client) => {
      const nowMs = this.clock.now();
      const { result, saves } = await applyInboundIn(client, batch, nowMs, new Date(nowMs).toISOString());
      if (saves) {
        await this.notify(client, saves.woken);
        await saves.finish();
      }
      return result;
    });
  }

  // ── links (getLink, putLink, deleteLink and recordIntent serve tests: see StoreTestSupport) ──

  async getLink(recordUuid: string, clientId: string, platform: string): Promise<Link | undefined> {
    const rows = await this.rows<LinkRow>('getLink', 'SELECT * FROM links WHERE record_uuid = $1 AND client_id = $2 AND platform = $3', [
      recordUuid,
      clientId,
      platform,
    ]);
    return rows[0] && toLink(rows[0]);
  }

  async listLinks(recordUuid: string): Promise<Link[]> {
    return (await this.rows<LinkRow>('listLinks', 'SELECT * FROM links WHERE record_uuid = $1 ORDER BY client_id, platform', [recordUuid])).map(toLink);
  }

  /** Inserts the link, or replaces every field of the existing one (an absent `deliveredHash` clears it). */
  async putLink(link: Omit<Link, 'updatedAt'>): Promise<void> {
    await this.run('putLink', (client) => putLinkIn(client, link, this.nowIso()));
  }

  async deleteLink(recordUuid: string, clientId: string, platform: string): Promise<void> {
    await this.rows('deleteLink', 'DELETE FROM links WHERE record_uuid = $1 AND client_id = $2 AND platform = $3', [recordUuid, clientId, platform]);
  }

  // ── the delivery queue ───────────────────────────────────────────────────

  async claimDeliveries(options: ClaimOptions): Promise<ClaimedDelivery[]> {
    if (!(options.limit >= 1)) return [];
    const limit = Math.min(MAX_LIMIT, Math.floor(options.limit));
    const scope = new Where([options.now, limit, options.now + options.leaseMs, new Date(options.now).toISOString()], 'TRUE')
      .add('client_id', options.clientId)
      .add('platform', options.platform);
    // One statement: the pending rows whose time has come and the leased rows whose lease expired, each
    // read in order from its partial index and locked with SKIP LOCKED (rows another hub is claiming
    // right now are passed over, not waited for); the earliest `limit` of both are leased, the claim
    // recording its intent. The record and link are read in the same statement, so in the same snapshot
    // as the version the claim sets.
    const rows = await this.rows<ClaimRow>(
      'claimDeliveries',
      `WITH pending AS (
         SELECT id, next_attempt_at AS due, intent_at AS prior_intent FROM deliveries
         WHERE state = 'pending' AND next_attempt_at <= $1 AND ${scope}
         ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED
       ), expired AS (
         SELECT id, lease_until AS due, intent_at AS prior_intent FROM deliveries
         WHERE state = 'leased' AND lease_until < $1 AND ${scope}
         ORDER BY lease_until LIMIT $2 FOR UPDATE SKIP LOCKED
       ), due AS (
         SELECT * FROM (SELECT * FROM pending UNION ALL SELECT * FROM expired) AS both_kinds ORDER BY due LIMIT $2
       ), leased AS (
         UPDATE deliveries AS d SET
           state = 'leased', lease_token = gen_random_uuid()::text, lease_until = $3, attempts = d.attempts + 1,
           record_version = COALESCE((SELECT version FROM records WHERE records.uuid = d.record_uuid), d.record_version),
           intent_at = COALESCE(d.intent_at, $1), updated_at = $4
         FROM due WHERE d.id = due.id
         RETURNING d.*, due.prior_intent, due.due
       )
       SELECT leased.*, row_to_json(r.*)::text AS record_json, row_to_json(l.*)::text AS link_json
       FROM leased
       LEFT JOIN records AS r ON r.uuid = leased.record_uuid
       LEFT JOIN links AS l ON l.record_uuid = leased.record_uuid AND l.client_id = leased.client_id AND l.platform = leased.platform
       ORDER BY leased.due`,
      scope.params,
    );
    return rows.map((row) => {
      const claimed = toDelivery(row) as ClaimedDelivery;
      // The intent as it was before this claim: "an earlier attempt may have acted" (undefined: none).
      claimed.intentAt = row.prior_intent ?? undefined;
      if (row.record_json) {
        const record = JSON.parse(row.record_json) as RecordRow;
        claimed.record = toHubRecord(record);
        claimed.changedBy = record.changed_by ?? undefined;
      }
      if (row.link_json) claimed.link = toLink(JSON.parse(row.link_json) as LinkRow);
      return claimed;
    });
  }

  async getDelivery(id: string): Promise<Delivery | undefined> {
    const rows = await this.rows<DeliveryRow>('getDelivery', 'SELECT * FROM deliveries WHERE id = $1', [id]);
    return rows[0] && toDelivery(rows[0]);
  }

  async listDeliveries(recordUuid: string): Promise<Delivery[]> {
    return (await this.rows<DeliveryRow>('listDeliveries', 'SELECT * FROM deliveries WHERE record_uuid = $1 ORDER BY platform', [recordUuid])).map(toDelivery);
  }

  /** Ignored when `leaseToken` is not the current lease. */
  async recordIntent(id: string, leaseToken: string, at: number): Promise<void> {
    await this.rows('recordIntent', "UPDATE deliveries SET intent_at = $3, updated_at = $4 WHERE id = $1 AND state = 'leased' AND lease_token = $2", [
      id,
      leaseToken,
      at,
      this.nowIso(),
    ]);
  }

  /**
   * Links and log entries are written whatever the lease; each completion only with its current lease:
   * `done`, or `pending` and due now when the record has a newer version than the one delivered.
   */
  async finishDeliveries(finishes: DeliveryFinish[]): Promise<void> {
    if (finishes.length === 0) return;
    await this.transaction('finishDeliveries', async (client) => {
      const nowMs = this.clock.now();
      const nowIso = new Date(nowMs).toISOString();
      const requeued = new Set<string>();
      for (const { id, leaseToken, deliveredVersion, effects } of finishes) {
        if (effects.link) await putLinkIn(client, effects.link, nowIso);
        if (effects.log) await insertLogIn(client, effects.log, nowIso);
        const clientId = await completeIn(client, id, leaseToken, deliveredVersion, nowMs, nowIso);
        if (clientId) requeued.add(clientId);
      }
      for (const clientId of requeued) await client.query('SELECT pg_notify($1, $2)', [this.channel, clientId]);
    });
  }

  /** Ignored (no log entry either) when `leaseToken` is not the current lease. Keeps the intent. */
  async rescheduleDelivery(
    id: string,
    leaseToken: string,
    nextAttemptAt: number,
    error?: { message: string; code?: string },
    log?: NewLogEntry,
  ): Promise<void> {
    await this.transaction('rescheduleDelivery', async (client) => {
      const nowIso = this.nowIso();
      const { rowCount } = await client.query(
        `UPDATE deliveries SET
           state = 'pending', next_attempt_at = $3, lease_token = NULL, lease_until = NULL,
           last_error = CASE WHEN $4 THEN $5 ELSE last_error END,
           last_error_code = CASE WHEN $4 THEN $6 ELSE last_error_code END,
           updated_at = $7
         WHERE id = $1 AND state = 'leased' AND lease_token = $2`,
        [id, leaseToken, nextAttemptAt, !!error, error?.message ?? null, error?.code ?? null, nowIso],
      );
      if (log && rowCount) await insertLogIn(client, log, nowIso);
    });
  }

  async releaseDeliveries(releases: DeliveryRelease[]): Promise<void> {
    if (releases.length === 0) return;
    await this.transaction('releaseDeliveries', async (client) => {
      const nowIso = this.nowIso();
      for (const { id, leaseToken, intentAt } of releases) {
        await client.query(
          `UPDATE deliveries SET state = 'pending', lease_token = NULL, lease_until = NULL, attempts = GREATEST(attempts - 1, 0),
             intent_at = $3, updated_at = $4
           WHERE id = $1 AND state = 'leased' AND lease_token = $2`,
          [id, leaseToken, intentAt ?? null, nowIso],
        );
      }
    });
  }

  /** Ignored (no log entry either) when `leaseToken` is not the current lease. Keeps the intent for a replay. */
  async deadLetter(id: string, leaseToken: string, error: { message: string; code?: string }, log?: NewLogEntry): Promise<void> {
    await this.transaction('deadLetter', async (client) => {
      const nowIso = this.nowIso();
      const { rowCount } = await client.query(
        `UPDATE deliveries SET state = 'dead', lease_token = NULL, lease_until = NULL, last_error = $3, last_error_code = $4, updated_at = $5
         WHERE id = $1 AND state = 'leased' AND lease_token = $2`,
        [id, leaseToken, error.message, error.code ?? null, nowIso],
      );
      if (log && rowCount) await insertLogIn(client, log, nowIso);
    });
  }

  /** Newest dead letters first. */
  async listDeadLetters(query: { clientId?: string; clubId?: string; platform?: string; limit?: number }): Promise<Delivery[]> {
    const where = new Where([], "state = 'dead'").add('client_id', query.clientId).add('club_id', query.clubId).add('platform', query.platform);
    const limit = where.param(clampLimit(query.limit));
    const rows = await this.rows<DeliveryRow>(
      'listDeadLetters',
      `SELECT * FROM deliveries WHERE ${where} ORDER BY updated_at DESC, id LIMIT ${limit}`,
      where.params,
    );
    return rows.map(toDelivery);
  }

  /** Only a `dead` delivery is replayed; the last error stays until the next attempt. */
  async replayDeadLetter(id: string, now: number): Promise<Delivery | undefined> {
    return this.transaction('replayDeadLetter', async (client) => {
      const { rows } = await client.query<DeliveryRow>(
        "UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = $2, updated_at = $3 WHERE id = $1 AND state = 'dead' RETURNING *",
        [id, now, this.nowIso()],
      );
      if (rows[0]) await client.query('SELECT pg_notify($1, $2)', [this.channel, rows[0].client_id]);
      return rows[0] && toDelivery(rows[0]);
    });
  }

  async queueDepth(): Promise<QueueDepth> {
    const [row] = await this.rows<QueueDepth & { total: number }>(
      'queueDepth',
      `SELECT (SELECT count(*) FROM deliveries WHERE state = 'pending')::int AS pending,
              (SELECT count(*) FROM deliveries WHERE state = 'leased')::int AS leased,
              (SELECT count(*) FROM deliveries WHERE state = 'dead')::int AS dead,
              (SELECT count(*) FROM deliveries)::int AS total`,
      [],
    );
    return { pending: row.pending, leased: row.leased, done: row.total - row.pending - row.leased - row.dead, dead: row.dead };
  }

  async unfinishedDeliveries(): Promise<number> {
    const [row] = await this.rows<{ n: number }>(
      'unfinishedDeliveries',
      "SELECT ((SELECT count(*) FROM deliveries WHERE state = 'pending') + (SELECT count(*) FROM deliveries WHERE state = 'leased'))::int AS n",
      [],
    );
    return row.n;
  }

  // ── the Connector Log ────────────────────────────────────────────────────

  async appendLog(entry: NewLogEntry): Promise<LogEntry> {
    return this.run('appendLog', async (client) => toLogEntry(await insertLogIn(client, entry, this.nowIso())));
  }

  async listLog(query: LogQuery): Promise<LogEntry[]> {
    const where = new Where()
      .add('client_id', query.clientId)
      .add('club_id', query.clubId)
      .add('level', query.level)
      .add('platform', query.platform)
      .add('direction', query.direction)
      .add('record_uuid', query.recordUuid)
      .add('created_at', query.since === undefined ? undefined : toIsoUtc(query.since, 'since'), '>=')
      .add('created_at', query.until === undefined ? undefined : toIsoUtc(query.until, 'until'), '<=')
      .add('id', query.beforeId, '<');
    if (query.search) {
      // ILIKE: case-insensitive; the escape keeps a user's % and _ literal.
      const search = where.param(`%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.raw(`(person ILIKE ${search} OR summary ILIKE ${search})`);
    }
    const limit = where.param(clampLimit(query.limit));
    const rows = await this.rows<LogRow>('listLog', `SELECT * FROM log_entries WHERE ${where} ORDER BY id DESC LIMIT ${limit}`, where.params);
    return rows.map(toLogEntry);
  }

  // ── operations ───────────────────────────────────────────────────────────

  /**
   * Whether this hub can write now, for /healthz: the server answers and is not a read-only standby.
   * Never throws; the error names the server without its password.
   */
  async health(): Promise<StoreHealth> {
    if (this.closed) return { ok: false, error: 'the store is closed' };
    try {
      const { rows } = await this.pool.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby');
      if (rows[0]?.standby) return { ok: false, error: `Postgres at ${this.where} is a read-only standby` };
      return { ok: true };
    } catch (error) {
      return { ok: false, error: `Postgres unreachable: ${describeConnectFailure(error, this.where)}` };
    }
  }

  /** The server, schema and schema version, for `connector check` and support. */
  async diagnostics(): Promise<{ where: string; schema: string; schemaVersion: number; serverVersion: string }> {
    const applied = await listAppliedPostgresMigrations(this.pool, this.schema);
    const { rows } = await this.pool.query<{ server_version: string }>('SHOW server_version');
    return { where: this.where, schema: this.schema, schemaVersion: applied.at(-1)?.id ?? 0, serverVersion: rows[0].server_version };
  }

  /** Closes the wake-up connection and the pool; a second call does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.listener.close();
    await this.pool.end();
  }

  // ── helpers ──────────────────────────────────────────────────────────────

  /** One statement on a pooled connection (autocommit), its errors as `DATABASE` errors. */
  private async rows<R extends pg.QueryResultRow>(operation: string, sql: string, params: unknown[]): Promise<R[]> {
    this.assertOpen(operation);
    try {
      return (await this.pool.query<R>(sql, params)).rows;
    } catch (error) {
      throw toDatabaseError(error, operation);
    }
  }

  private async run<T>(operation: string, work: (client: Queryable) => Promise<T>): Promise<T> {
    this.assertOpen(operation);
    try {
      return await work(this.pool);
    } catch (error) {
      throw toDatabaseError(error, operation);
    }
  }

  /** `work` in one transaction on one connection: committed before this resolves, rolled back if it throws. */
  private async transaction<T>(operation: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    this.assertOpen(operation);
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw toDatabaseError(error, operation);
    }
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      throw toDatabaseError(error, operation);
    } finally {
      client.release(broken);
    }
  }

  /** Wakes the workers of these clients on every hub, when (and only if) the transaction commits. */
  private async notify(client: Queryable, clientIds: Iterable<string>): Promise<void> {
    const clients = [...clientIds];
    if (clients.length === 0) return;
    await client.query('SELECT pg_notify($1, c) FROM unnest($2::text[]) AS c', [this.channel, clients]);
  }

  private assertOpen(operation: string): void {
    if (this.closed) throw new ConnectorError('DATABASE', `Postgres store: ${operation} after close`, { retryable: false });
  }

  private nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

/** A record row with its place in the change sequence. */
interface ChangeRow extends RecordRow {
  change_seq: number;
  changed_by: string;
}

/** A claimed delivery row with what the claim read beside it. */
interface ClaimRow extends DeliveryRow {
  prior_intent: number | null;
  record_json: string | null;
  link_json: string | null;
}

/**
 * Ends a leased attempt when `token` is still its lease. The record row is locked first (FOR SHARE): a
 * save of the record that is committing is waited for, so its newer version is seen and the delivery
 * goes back to pending instead of `done`. Answers the client ID when it went back to pending.
 */
async function completeIn(client: Queryable, id: string, token: string, deliveredVersion: number, nowMs: number, nowIso: string): Promise<string | undefined> {
  const locked = await client.query<{ version: number }>(
    'SELECT r.version FROM records AS r WHERE r.uuid = (SELECT record_uuid FROM deliveries WHERE id = $1) FOR SHARE',
    [id],
  );
  const version = locked.rows[0]?.version ?? deliveredVersion;
  const newer = version > deliveredVersion;
  const { rows } = await client.query<{ client_id: string }>(
    `UPDATE deliveries SET
       state = CASE WHEN $3 THEN 'pending' ELSE 'done' END,
       next_attempt_at = CASE WHEN $3 THEN $4 ELSE next_attempt_at END,
       attempts = CASE WHEN $3 THEN 0 ELSE attempts END,
       record_version = CASE WHEN $3 THEN $5 ELSE record_version END,
       lease_token = NULL, lease_until = NULL, intent_at = NULL, last_error = NULL, last_error_code = NULL,
       updated_at = $6
     WHERE id = $1 AND state = 'leased' AND lease_token = $2
     RETURNING client_id`,
    [id, token, newer, nowMs, version, nowIso],
  );
  return newer ? rows[0]?.client_id : undefined;
}

/**
 * The WHERE clause of a filtered query with numbered parameters. Only the filters given make it into the
 * SQL, so each shape of query can use the indexes.
 */
class Where {
  readonly params: unknown[];
  private readonly clauses: string[];

  constructor(params: unknown[] = [], ...clauses: string[]) {
    this.params = [...params];
    this.clauses = clauses;
  }

  add(column: string, value: string | number | undefined, op = '='): this {
    return value === undefined ? this : this.raw(`${column} ${op} ${this.param(value)}`);
  }

  raw(clause: string): this {
    this.clauses.push(clause);
    return this;
  }

  /** Adds a parameter and answers its placeholder. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  toString(): string {
    return this.clauses.length ? this.clauses.join(' AND ') : 'TRUE';
  }
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}
