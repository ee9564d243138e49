import { ValidationError } from '../errors/connector-error';
import type { EntityKind } from '../model/person';
import type { Delivery, DeliveryState, HubRecord, Link, LinkedType, LogDirection, LogEntry, LogLevel, NewLogEntry } from './store';

// For store authors: the rows of the tables both SQL stores keep (the same columns in SQLite and in
// Postgres), and how a row becomes the store's vocabulary. One mapping, so the stores cannot drift.

/** A `records` row as the SQL drivers return it (better-sqlite3; node-postgres with bigints as numbers). */
export interface RecordRow {
  uuid: string;
  client_id: string;
  club_id: string;
  kind: EntityKind;
  origin_provider: string;
  origin_record_id: string;
  content: string;
  hash: string;
  version: number;
  created_at: string;
  updated_at: string;
  /** Who made the latest change (read by claims; absent where a query does not select it). */
  changed_by?: string | null;
}

/** A `links` row. */
export interface LinkRow {
  record_uuid: string;
  client_id: string;
  club_id: string;
  platform: string;
  platform_record_id: string;
  linked_type: LinkedType;
  delivered_hash: string | null;
  updated_at: string;
}

/** A `deliveries` row. */
export interface DeliveryRow {
  id: string;
  record_uuid: string;
  client_id: string;
  club_id: string;
  platform: string;
  kind: EntityKind;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: number;
  lease_token: string | null;
  lease_until: number | null;
  record_version: number;
  intent_at: number | null;
  last_error: string | null;
  last_error_code: string | null;
  created_at: string;
  updated_at: string;
}

/** A `log_entries` row. */
export interface LogRow {
  id: number;
  client_id: string;
  club_id: string;
  level: LogLevel;
  direction: LogDirection;
  platform: string;
  record_uuid: string | null;
  delivery_id: string | null;
  person: string | null;
  summary: string;
  details: string | null;
  created_at: string;
}

/** A hub record from its row. */
export function toHubRecord(row: RecordRow): HubRecord {
  return savedRecord(row, { content: JSON.parse(row.content) });
}

/**
 * A saved record whose content is read from the save's input only when asked for: an input prepared
 * elsewhere carries its JSON and parses it on first read, which a save's answer (read for its uuid)
 * never needs. A class for the same reason as core's EncodedSaveInput: an object literal with a getter
 * costs ~1.8 us to build, this ~0.1 us. `content` is on the prototype; `toJSON` keeps it.
 */
class LazyContentRecord implements HubRecord {
  readonly uuid: string;
  readonly clientId: string;
  readonly clubId: string;
  readonly kind: HubRecord['kind'];
  readonly origin: HubRecord['origin'];
  readonly hash: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly #input: { content: unknown };

  constructor(row: RecordRow, input: { content: unknown }) {
    this.uuid = row.uuid;
    this.clientId = row.client_id;
    this.clubId = row.club_id;
    this.kind = row.kind;
    this.origin = { provider: row.origin_provider, recordId: row.origin_record_id };
    this.hash = row.hash;
    this.version = row.version;
    this.createdAt = row.created_at;
    this.updatedAt = row.updated_at;
    this.#input = input;
  }

  get content(): HubRecord['content'] {
    return this.#input.content as HubRecord['content'];
  }

  toJSON(): HubRecord {
    return { ...this, content: this.content };
  }
}

/**
 * A hub record from its row and its content: a record read from the store has its parsed column; a
 * save's answer reads the save's input, lazily when the input came as JSON (`contentJson`).
 */
export function savedRecord(row: RecordRow, input: { content: unknown; contentJson?: string }): HubRecord {
  if (input.contentJson !== undefined) return new LazyContentRecord(row, input);
  return {
    uuid: row.uuid,
    clientId: row.client_id,
    clubId: row.club_id,
    kind: row.kind,
    origin: { provider: row.origin_provider, recordId: row.origin_record_id },
    content: input.content as HubRecord['content'],
    hash: row.hash,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A link from its row; absent optional fields stay absent rather than `null`. */
export function toLink(row: LinkRow): Link {
  const link: Link = {
    recordUuid: row.record_uuid,
    clientId: row.client_id,
    clubId: row.club_id,
    platform: row.platform,
    platformRecordId: row.platform_record_id,
    linkedType: row.linked_type,
    updatedAt: row.updated_at,
  };
  if (row.delivered_hash !== null) link.deliveredHash = row.delivered_hash;
  return link;
}

/** A delivery from its row; absent optional fields stay absent rather than `null`. */
export function toDelivery(row: DeliveryRow): Delivery {
  const delivery: Delivery = {
    id: row.id,
    recordUuid: row.record_uuid,
    clientId: row.client_id,
    clubId: row.club_id,
    platform: row.platform,
    kind: row.kind,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    recordVersion: row.record_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.lease_token !== null) delivery.leaseToken = row.lease_token;
  if (row.lease_until !== null) delivery.leaseUntil = row.lease_until;
  if (row.intent_at !== null) delivery.intentAt = row.intent_at;
  if (row.last_error !== null) delivery.lastError = row.last_error;
  if (row.last_error_code !== null) delivery.lastErrorCode = row.last_error_code;
  return delivery;
}

/** A log entry from its row; absent optional fields stay absent rather than `null`. */
export function toLogEntry(row: LogRow): LogEntry {
  const entry: LogEntry = {
    id: row.id,
    clientId: row.client_id,
    clubId: row.club_id,
    level: row.level,
    direction: row.direction,
    platform: row.platform,
    summary: row.summary,
    createdAt: row.created_at,
  };
  if (row.record_uuid !== null) entry.recordUuid = row.record_uuid;
  if (row.delivery_id !== null) entry.deliveryId = row.delivery_id;
  if (row.person !== null) entry.person = row.person;
  if (row.details !== null) entry.details = JSON.parse(row.details) as Record<string, unknown>;
  return entry;
}

/** Stored times are compared as text, so every bound and stamp must be in the same UTC form. */
export function toIsoUtc(value: string, field: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new ValidationError(`${field} must be an ISO-8601 date-time, not ${JSON.stringify(value)}`, { field });
  return new Date(ms).toISOString();
}

/**
 * The values of a new `log_entries` row, in the column order client_id, club_id, level, direction,
 * platform, record_uuid, delivery_id, person, summary, details, created_at.
 */
export function logEntryValues(entry: NewLogEntry, nowIso: string): Array<string | null> {
  return [
    entry.clientId,
    entry.clubId,
    entry.level,
    entry.direction,
    entry.platform,
    entry.recordUuid ?? null,
    entry.deliveryId ?? null,
    entry.person ?? null,
    entry.summary,
    entry.details === undefined ? null : JSON.stringify(entry.details),
    entry.createdAt === undefined ? nowIso : toIsoUtc(entry.createdAt, 'createdAt'),
  ];
}
