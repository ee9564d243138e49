import type { HubRecord, SaveRecordInput, SaveRecordResult } from './record-store';
import type { Link, LinkedType } from './link-store';
import type { NewLogEntry } from './log-store';

/**
 * One person a platform changed, as the store applies it: the hub record's save (checked and routed by
 * the intake: its targets never include the platform it came from), the link to that platform written
 * with `deliveredHash` = the save's hash (so the hub does not send the change back: no echo), and the
 * INBOUND entries that say what was decided.
 */
export interface InboundChange {
  /**
   * The hub record this change updates (found by the link or by SmartMatch). Absent: the save creates a
   * record (or updates the one with the same origin: the platform's provider and its ID of the person).
   */
  recordUuid?: string;
  save: SaveRecordInput;
  /** The person's ID in the platform and what it is there. */
  link: { platformRecordId: string; linkedType: LinkedType };
  /** INBOUND entries; the store sets their `recordUuid` to the record saved. */
  log: NewLogEntry[];
}

/**
 * The link an applied change writes to the platform it came from, for store authors: the platform holds
 * this content now, so it is written as delivered there and the hub does not send it back (no echo).
 */
export function inboundLink(record: HubRecord, platform: string, change: InboundChange): Omit<Link, 'updatedAt'> {
  const { platformRecordId, linkedType } = change.link;
  return { recordUuid: record.uuid, clientId: record.clientId, clubId: record.clubId, platform, platformRecordId, linkedType, deliveredHash: record.hash };
}

/** Changes from one platform of one client, applied in ONE transaction. */
export interface InboundBatch {
  clientId: string;
  /** The platform (turn-up key) the changes come from. */
  platform: string;
  changes: InboundChange[];
  /** A pull's page: the cursor after it, stored in the same transaction (a crash re-reads the page, never skips it). */
  cursor?: { clubId: string; value: string };
  /** A webhook message: applied once; a batch whose message was applied before changes nothing. */
  messageId?: string;
}

/** What {@link TwoWayStore.applyInbound} answers. */
export interface InboundResult {
  /** True when the batch's `messageId` had been applied before (nothing was written). */
  duplicate: boolean;
  /** One result per change, in order (empty for a duplicate). */
  saved: SaveRecordResult[];
}

/** A SmartMatch look-up: person records of a client whose keys (see `personMatchKeys`) are all equal to those given. */
export interface PersonMatchQuery {
  clientId: string;
  name: string;
  email?: string;
  mobile?: string;
  /** Leave out records already linked to this platform (they are someone else there). */
  notLinkedTo?: string;
  /** At most this many (default 10). */
  limit?: number;
}

/**
 * What two-way sync needs of a store: pull cursors, the look-ups of SmartMatch, and applying a page of
 * platform changes (records, deliveries, links, log entries, the cursor or the webhook message ID) in
 * one transaction. A store keeps SmartMatch keys for every person record it saves.
 */
export interface TwoWayStore {
  /** The cursor stored by the last page applied for this turn-up (client + platform) and club. */
  getPullCursor(clientId: string, platform: string, clubId: string): Promise<string | undefined>;
  /** The link of a platform's person (its ID there), if the hub has one. */
  findLinkByPlatformId(clientId: string, platform: string, platformRecordId: string): Promise<Link | undefined>;
  /** Person records of a client matching the keys, oldest first. */
  findPeopleByKeys(query: PersonMatchQuery): Promise<HubRecord[]>;
  applyInbound(batch: InboundBatch): Promise<InboundResult>;
}
