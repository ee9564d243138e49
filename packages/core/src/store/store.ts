import type { EntityContent, EntityKind } from '../model/person';

/** Where a hub record came from: the sending provider and the record's ID there. */
export interface RecordOrigin {
  /** The sending provider's identifier, e.g. `INTOUCH`. */
  provider: string;
  /** The record's ID in the sending provider. */
  recordId: string;
}

/** The hub's copy of a prospect/member, staff member or lead source. */
export interface HubRecord<K extends EntityKind = EntityKind> {
  /** The hub's own ID (a UUID), answered to the sender. */
  uuid: string;
  clientId: string;
  clubId: string;
  kind: K;
  origin: RecordOrigin;
  content: EntityContent[K];
  /** A hash of the canonical content; unchanged content is not delivered again. */
  hash: string;
  /** Increases by one on every change of content. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** What the hub asks the store to save in one transaction. */
export interface SaveRecordInput<K extends EntityKind = EntityKind> {
  clientId: string;
  clubId: string;
  kind: K;
  origin: RecordOrigin;
  content: EntityContent[K];
  /**
   * `JSON.stringify(content)`, when the caller has it already (`Connector.prepare` and
   * `Connector.prepareEncoded` make it with the hash): the store writes it as it is and leaves
   * `content` unread, so a batch prepared on another thread is not parsed again on the event loop.
   */
  contentJson?: string;
  /**
   * The UUID the record gets if this save creates it: a time-ordered (v7) one made in advance, e.g. by
   * the thread that read the batch. The store makes one when absent; ignored when the record exists.
   */
  uuid?: string;
  hash: string;
  /** The platforms (turn-up keys) that must receive this record; one delivery each is queued. */
  targets: string[];
}

/** The answer of {@link ConnectorStore.saveRecord}. */
export interface SaveRecordResult<K extends EntityKind = EntityKind> {
  record: HubRecord<K>;
  /** True when the record did not exist before. */
  created: boolean;
  /** True when the content hash differs from the stored one (always true when created). */
  changed: boolean;
  /** The deliveries queued (or re-armed) by this save; empty when nothing changed. */
  deliveryIds: string[];
}

/** The state of a delivery in the durable queue. */
export type DeliveryState = 'pending' | 'leased' | 'done' | 'dead';

/**
 * One hub record to push to one receiving platform. There is one delivery row per (record, platform):
 * a newer change re-arms the same row, so changes to one record are delivered in order (the latest
 * content wins) while different records are delivered in parallel.
 */
export interface Delivery {
  id: string;
  recordUuid: string;
  clientId: string;
  clubId: string;
  /** The receiving platform (turn-up key). */
  platform: string;
  kind: EntityKind;
  state: DeliveryState;
  /** Attempts started so far (counted when a delivery is claimed). */
  attempts: number;
  /** Epoch ms before which the delivery is not tried. */
  nextAttemptAt: number;
  /** Set by a claim: only the holder of this token may complete or reschedule the delivery. */
  leaseToken?: string;
  leaseUntil?: number;
  /** The record version this claim is delivering. */
  recordVersion: number;
  /**
   * Epoch ms when an earlier attempt that did not complete began (or announced a create): that attempt
   * may have acted in the platform, so this one looks the record up before creating it. A claim sets
   * the intent durably; a completion clears it.
   */
  intentAt?: number;
  lastError?: string;
  lastErrorCode?: string;
  createdAt: string;
  updatedAt: string;
}

/** What a platform record is, as linked: the platform holds it as this type. */
export type LinkedType = 'PROSPECT' | 'MEMBER' | 'STAFF' | 'LEAD_SOURCE';

/** Ties a hub record to its ID in one platform (provider + client + club + record ID). */
export interface Link {
  recordUuid: string;
  clientId: string;
  clubId: string;
  platform: string;
  platformRecordId: string;
  linkedType: LinkedType;
  /** The content hash last delivered to this platform. */
  deliveredHash?: string;
  updatedAt: string;
}

/** INFO (saved), WARNING (saved, something missing or dropped), ERROR (not saved, and why). */
export type LogLevel = 'INFO' | 'WARNING' | 'ERROR';
/** OUTBOUND: the hub sent to a platform. INBOUND: a platform sent to the hub. */
export type LogDirection = 'INBOUND' | 'OUTBOUND';

/** One entry of a club's Connector Log. */
export interface LogEntry {
  id: number;
  clientId: string;
  clubId: string;
  level: LogLevel;
  direction: LogDirection;
  /** The receiving platform (OUTBOUND) or the sending provider (INBOUND). */
  platform: string;
  recordUuid?: string;
  deliveryId?: string;
  /** Who the entry is about, e.g. "Jane Doe <jane@example.com>". */
  person?: string;
  /** One line naming the person and the direction, e.g. "Jane Doe (prospect) entered in INTOUCH and sent to Acme". */
  summary: string;
  /** What was sent, what the platform answered, why it failed: redacted before it is stored. */
  details?: Record<string, unknown>;
  /** ISO-8601 UTC. */
  createdAt: string;
}

/** A new log entry (the store assigns the id and, unless given, the time). */
export type NewLogEntry = Omit<LogEntry, 'id' | 'createdAt'> & { createdAt?: string };

/** Filters of {@link ConnectorStore.listLog}; newest first. */
export interface LogQuery {
  clientId: string;
  clubId?: string;
  level?: LogLevel;
  platform?: string;
  direction?: LogDirection;
  recordUuid?: string;
  /** Matches the person or summary, case-insensitively. */
  search?: string;
  /** ISO-8601 bounds, inclusive. */
  since?: string;
  until?: string;
  /** Entries with an id below this one (paging, newest first). */
  beforeId?: number;
  limit?: number;
}

/** Filters of {@link ConnectorStore.listRecords}. */
export interface RecordQuery {
  clientId: string;
  clubId?: string;
  provider?: string;
  kind?: EntityKind;
  limit?: number;
  offset?: number;
}

/** A claim of due deliveries. */
export interface ClaimOptions {
  /** The clock, epoch ms. */
  now: number;
  /** How long the claim holds before another worker may take the delivery again. */
  leaseMs: number;
  limit: number;
  /** Only deliveries to this platform of this client. */
  clientId?: string;
  platform?: string;
}

/** What a finished delivery leaves behind, written with its completion. */
export interface DeliveryEffects {
  link?: Omit<Link, 'updatedAt'>;
  log?: NewLogEntry;
}

/**
 * A claimed delivery with what its attempt needs, read in the claim's own transaction: the record at the
 * claimed version and its link to the platform (the engine makes no other read before calling it).
 */
export interface ClaimedDelivery extends Delivery {
  leaseToken: string;
  /** The record; undefined when it no longer exists. */
  record?: HubRecord;
  /** The record's link to this platform, if an earlier delivery made one. */
  link?: Link;
}

/** One finished attempt, for {@link ConnectorStore.finishDeliveries}. */
export interface DeliveryFinish {
  id: string;
  leaseToken: string;
  /** The record version the attempt delivered. */
  deliveredVersion: number;
  effects: DeliveryEffects;
}

/** A claimed delivery given back unstarted, for {@link ConnectorStore.releaseDeliveries}. */
export interface DeliveryRelease {
  id: string;
  leaseToken: string;
  /** The intent as the claim reported it (what it was before the claim); undefined: none. */
  intentAt?: number;
}

/** Counts of deliveries by state. */
export type QueueDepth = Record<DeliveryState, number>;

/**
 * The store and durable queue. core depends on this interface only; `@connector/store-sqlite` is the
 * embedded default. Every method that writes commits before it resolves: "accepted means durable".
 */
export interface ConnectorStore {
  /** Upserts by origin (provider + client + club + recordID) and queues deliveries, in one transaction. */
  saveRecord<K extends EntityKind>(input: SaveRecordInput<K>): Promise<SaveRecordResult<K>>;
  /**
   * Saves many records in one transaction (group commit): the hub batches concurrent saves so one
   * fsync covers them all. Results are in input order. Two inputs with the same origin in one batch
   * apply in order (the second updates the first).
   */
  saveRecords(inputs: SaveRecordInput[]): Promise<SaveRecordResult[]>;
  getRecord(uuid: string): Promise<HubRecord | undefined>;
  findRecordByOrigin(clientId: string, clubId: string, origin: RecordOrigin, kind?: EntityKind): Promise<HubRecord | undefined>;
  listRecords(query: RecordQuery): Promise<HubRecord[]>;

  getLink(recordUuid: string, clientId: string, platform: string): Promise<Link | undefined>;
  listLinks(recordUuid: string): Promise<Link[]>;
  putLink(link: Omit<Link, 'updatedAt'>): Promise<void>;
  deleteLink(recordUuid: string, clientId: string, platform: string): Promise<void>;

  /**
   * Leases due deliveries: pending ones whose time has come and leased ones whose lease expired. The
   * claim records the attempt's intent (see {@link Delivery.intentAt}) in the same transaction, and
   * returns each delivery with its record and link as they were at the claim.
   */
  claimDeliveries(options: ClaimOptions): Promise<ClaimedDelivery[]>;
  getDelivery(id: string): Promise<Delivery | undefined>;
  listDeliveries(recordUuid: string): Promise<Delivery[]>;
  /** Records, before a platform call that creates, that the attempt is about to create (crash recovery). */
  recordIntent(id: string, leaseToken: string, at: number): Promise<void>;
  /**
   * Completes deliveries (an attempt with no effects only marks its version delivered) and records what
   * each did, all in ONE transaction (the engine gathers the
   * attempts that end together, so one fsync covers them): per delivery the link (written even when the
   * lease went stale: the platform holds the record either way), the Connector Log entry, and the
   * completion (only with the matching lease token; a newer record version puts it back to pending).
   */
  finishDeliveries(finishes: DeliveryFinish[]): Promise<void>;
  /**
   * Gives a claimed delivery back for a later attempt (transient failure, or graceful shutdown), with the
   * log entry that says so in the same transaction.
   */
  rescheduleDelivery(id: string, leaseToken: string, nextAttemptAt: number, error?: { message: string; code?: string }, log?: NewLogEntry): Promise<void>;
  /**
   * Gives back claimed deliveries that were never attempted (a worker stopping with deliveries claimed
   * ahead), in one transaction: pending and due, as if the claim had not happened (its attempt count and
   * intent undone). A delivery whose lease is no longer `leaseToken` is left alone.
   */
  releaseDeliveries(releases: DeliveryRelease[]): Promise<void>;
  /** Moves a claimed delivery to the dead-letter list with the reason, and its log entry, in one transaction. */
  deadLetter(id: string, leaseToken: string, error: { message: string; code?: string }, log?: NewLogEntry): Promise<void>;
  listDeadLetters(query: { clientId?: string; clubId?: string; platform?: string; limit?: number }): Promise<Delivery[]>;
  /** Puts a dead letter back in the queue, due now, with its attempts reset. */
  replayDeadLetter(id: string, now: number): Promise<Delivery | undefined>;
  /** Counts of deliveries by state (done included: for metrics, not for polling). */
  queueDepth(): Promise<QueueDepth>;
  /** Deliveries not yet done or dead (pending or leased): cheap, for waiting until work has settled. */
  unfinishedDeliveries(): Promise<number>;

  appendLog(entry: NewLogEntry): Promise<LogEntry>;
  listLog(query: LogQuery): Promise<LogEntry[]>;

  close(): Promise<void>;
}
