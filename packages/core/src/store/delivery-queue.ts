import type { EntityKind } from '../model/person';
import type { Link } from './link-store';
import type { HubRecord } from './record-store';

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
  /**
   * Who made the record's latest change (the store keeps it with the change sequence): a provider ID, or
   * `platform:<turn-up key>` for a change pulled from or pushed by a platform. The Connector Log says
   * where the change was made from it.
   */
  changedBy?: string;
}

/** A claimed delivery given back unstarted, for {@link DeliveryQueue.releaseDeliveries}. */
export interface DeliveryRelease {
  id: string;
  leaseToken: string;
  /** The intent as the claim reported it (what it was before the claim); undefined: none. */
  intentAt?: number;
}

/** Counts of deliveries by state. */
export type QueueDepth = Record<DeliveryState, number>;

/**
 * The durable delivery queue: claims, give-backs, dead letters and counts. Deliveries are queued with
 * their record (`saveRecord`) and ended with their effects (`finishDeliveries`, `rescheduleDelivery`,
 * `deadLetter`) by the composite {@link ConnectorStore}, each in one transaction.
 */
export interface DeliveryQueue {
  /**
   * Leases due deliveries: pending ones whose time has come and leased ones whose lease expired. The
   * claim records the attempt's intent (see {@link Delivery.intentAt}) in the same transaction, and
   * returns each delivery with its record and link as they were at the claim.
   */
  claimDeliveries(options: ClaimOptions): Promise<ClaimedDelivery[]>;
  getDelivery(id: string): Promise<Delivery | undefined>;
  listDeliveries(recordUuid: string): Promise<Delivery[]>;
  /**
   * Gives back claimed deliveries that were never attempted (a worker stopping with deliveries claimed
   * ahead), in one transaction: pending and due, as if the claim had not happened (its attempt count and
   * intent undone). A delivery whose lease is no longer `leaseToken` is left alone.
   */
  releaseDeliveries(releases: DeliveryRelease[]): Promise<void>;
  listDeadLetters(query: { clientId?: string; clubId?: string; platform?: string; limit?: number }): Promise<Delivery[]>;
  /** Puts a dead letter back in the queue, due now, with its attempts reset. */
  replayDeadLetter(id: string, now: number): Promise<Delivery | undefined>;
  /** Counts of deliveries by state (done included: for metrics, not for polling). */
  queueDepth(): Promise<QueueDepth>;
  /** Deliveries not yet done or dead (pending or leased): cheap, for waiting until work has settled. */
  unfinishedDeliveries(): Promise<number>;
}
