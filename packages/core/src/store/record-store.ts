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
  /** Who made the change: a provider ID, or `platform:<key>` for a change pulled from (or sent by) a platform. */
  changedBy?: string;
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

/**
 * The hub records, as read. Records are written only with their deliveries, by the composite
 * {@link ConnectorStore} (`saveRecord`, `saveRecords`): a record is never saved without them.
 */
export interface RecordStore {
  getRecord(uuid: string): Promise<HubRecord | undefined>;
  findRecordByOrigin(clientId: string, clubId: string, origin: RecordOrigin, kind?: EntityKind): Promise<HubRecord | undefined>;
  listRecords(query: RecordQuery): Promise<HubRecord[]>;
}
