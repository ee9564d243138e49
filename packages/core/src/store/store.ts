import type { EntityKind } from '../model/person';
import type { DeliveryQueue } from './delivery-queue';
import type { CallSlotStore } from './call-slot-store';
import type { CounterStore } from './counter-store';
import type { IdempotencyStore } from './idempotency-store';
import type { InvalidationBus } from './invalidation-bus';
import type { LockStore } from './lock-store';
import type { Link, LinkStore } from './link-store';
import type { LogStore, NewLogEntry } from './log-store';
import type { RecordStore, SaveRecordInput, SaveRecordResult } from './record-store';
import type { TwoWayStore } from './two-way-store';

// Each concern's types live in its own file; they are re-exported here so `./store/store` stays the one
// import of the store's vocabulary.
export * from './record-store';
export * from './link-store';
export * from './delivery-queue';
export * from './log-store';
export * from './two-way-store';
export * from './idempotency-store';
export * from './call-slot-store';
export * from './counter-store';
export * from './lock-store';
export * from './invalidation-bus';

/** What a finished delivery leaves behind, written with its completion. */
export interface DeliveryEffects {
  link?: Omit<Link, 'updatedAt'>;
  log?: NewLogEntry;
}

/** One finished attempt, for {@link ConnectorStore.finishDeliveries}. */
export interface DeliveryFinish {
  id: string;
  leaseToken: string;
  /** The record version the attempt delivered. */
  deliveredVersion: number;
  effects: DeliveryEffects;
}

/**
 * The store and durable queue: records, links, the delivery queue and the Connector Log (one interface
 * each), plus the operations that must change several of them in ONE transaction. core depends on this
 * interface only; a store package (`@connector/store-sqlite` is the embedded default) implements it and
 * default-exports a `defineStore(...)` value. Every method that writes commits before it resolves:
 * "accepted means durable".
 *
 * The {@link TwoWayStore} methods are optional: a store without them serves one-way sync, and a pull or
 * a webhook is refused naming the store (see `twoWayStoreOf`).
 */
export interface ConnectorStore extends RecordStore, LinkStore, DeliveryQueue, LogStore, Partial<TwoWayStore> {
  /** Upserts by origin (provider + client + club + recordID) and queues deliveries, in one transaction. */
  saveRecord<K extends EntityKind>(input: SaveRecordInput<K>): Promise<SaveRecordResult<K>>;
  /**
   * Saves many records in one transaction (group commit): the hub batches concurrent saves so one
   * fsync covers them all. Results are in input order. Two inputs with the same origin in one batch
   * apply in order (the second updates the first).
   */
  saveRecords(inputs: SaveRecordInput[]): Promise<SaveRecordResult[]>;
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
   * log entry that says so in the same transaction. A stale `leaseToken` changes nothing and writes no
   * entry: the attempt that holds the delivery now logs its own outcome.
   */
  rescheduleDelivery(id: string, leaseToken: string, nextAttemptAt: number, error?: { message: string; code?: string }, log?: NewLogEntry): Promise<void>;
  /**
   * Moves a claimed delivery to the dead-letter list with the reason, and its log entry, in one
   * transaction; with a stale `leaseToken`, neither (as {@link rescheduleDelivery}).
   */
  deadLetter(id: string, leaseToken: string, error: { message: string; code?: string }, log?: NewLogEntry): Promise<void>;

  /**
   * Optional: calls `listener` with the client ID whenever deliveries become due because of a commit of
   * ANY process sharing this store (another hub's save, completion or replay), so idle workers claim at
   * once instead of at their next poll. Answers the function that stops it. A store that only one
   * process writes needs none: the runtime wakes its own workers after its own writes.
   */
  onWork?(listener: (clientId: string) => void): () => void;

  /**
   * Optional: JSON `Idempotency-Key` answers kept in the store (they survive restarts and are shared by
   * every hub on the store). Without it the hub keeps them in memory.
   */
  readonly idempotency?: IdempotencyStore;

  /**
   * Optional: a platform's call grid shared by every hub on the store, so N hubs together stay under
   * its rate limit. Without it each hub paces alone (right for a store one hub serves).
   */
  readonly callSlots?: CallSlotStore;

  /**
   * Optional: counters in windows of time (failed authentications per address, a platform's calls per
   * day), shared by every hub on the store and kept across restarts. Without it each hub counts in its
   * own memory.
   */
  readonly counters?: CounterStore;

  /**
   * Optional: a lock shared by every hub on the store (the create of a lead source takes it, so hubs
   * create a new source once). Without it the engine locks within its own process (`InProcessLocks`).
   */
  readonly locks?: LockStore;

  /**
   * Optional: cache invalidation across the hubs on the store (a hub that changed a platform's staff or
   * lead-source list makes every hub drop it). Without it each hub drops only its own lists.
   */
  readonly invalidations?: InvalidationBus;

  /**
   * Optional: whether the store can write now, for the hub's `/healthz` (e.g. a full disk). Cheap enough
   * to be called every few seconds. Never throws; `error` is shown unauthenticated, so it names no
   * secret and no path beyond the data folder's name.
   */
  health?(): Promise<StoreHealth>;

  /**
   * Optional: copies the whole store, as it was at one moment, to the file `destination` while it keeps
   * serving (`connector backup`). The copy appears whole or not at all; an existing file is refused, not
   * overwritten. A store without it (a server database) is backed up with its own tools.
   */
  backup?(destination: string): Promise<void>;

  close(): Promise<void>;
}

/** What {@link ConnectorStore.health} reports. */
export interface StoreHealth {
  /** False when the store cannot write (disk full, read-only, I/O errors). */
  ok: boolean;
  /** Why not, in a few words: `the disk holding the data folder "data" is full`. */
  error?: string;
}
