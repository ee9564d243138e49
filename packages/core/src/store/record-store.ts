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
  /**
   * Who made this change, kept with the record's change sequence ({@link RecordStore.listChanges}): the
   * sending provider's ID for API and import saves, `platform:<turn-up key>` for a change pulled from or
   * pushed by a platform. Default: `origin.provider`.
   */
  changedBy?: string;
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

/** Filters of {@link RecordStore.listRecords}. */
export interface RecordQuery {
  clientId: string;
  clubId?: string;
  provider?: string;
  kind?: EntityKind;
  limit?: number;
  offset?: number;
}

/** Filters of {@link RecordStore.listChanges}. */
export interface ChangeQuery {
  /** The clients whose records are read (a caller's scope); an empty list reads nothing. */
  clientIds: readonly string[];
  /** Only changes after this sequence number (0, or absent: from the first). */
  afterSeq?: number;
  /** Changes made by these (e.g. the caller's own provider ID) are left out. */
  excludeChangedBy?: readonly string[];
  /** At most this many changes (default 100, at most 1000). */
  limit?: number;
}

/** A record as its latest change left it, with that change's place in the store's change sequence. */
export interface RecordChange {
  /** The change's sequence number: unique, increasing in commit order across the whole store. */
  seq: number;
  /** Who made the change: a provider ID, or `platform:<turn-up key>`. */
  changedBy: string;
  record: HubRecord;
}

/** The answer of {@link RecordStore.listChanges}. */
export interface ChangePage {
  /** The changes found, in sequence (commit) order. */
  changes: RecordChange[];
  /**
   * Where the next query resumes (its `afterSeq`): the last change answered when the page is full;
   * otherwise the highest sequence number committed when the query read, so changes the filters left out
   * are not read again. Never lower than the query's `afterSeq`.
   */
  nextSeq: number;
}

/**
 * The hub records, as read. Records are written only with their deliveries, by the composite
 * {@link ConnectorStore} (`saveRecord`, `saveRecords`): a record is never saved without them.
 */
export interface RecordStore {
  getRecord(uuid: string): Promise<HubRecord | undefined>;
  findRecordByOrigin(clientId: string, clubId: string, origin: RecordOrigin, kind?: EntityKind): Promise<HubRecord | undefined>;
  listRecords(query: RecordQuery): Promise<HubRecord[]>;
  /**
   * The records of some clients changed (created, or saved with new content) after a point of the
   * store's change sequence, each once, as its latest change left it, in commit order: the change feed
   * of the systems that only send. Every change gets the next sequence number in the transaction that
   * commits it, so a reader never sees a number below one it has already passed commit later: a store
   * whose transactions can commit out of sequence order must make them visible in order.
   * A save whose content is unchanged is not a change. Sequence numbers survive a restart.
   */
  listChanges(query: ChangeQuery): Promise<ChangePage>;
}
