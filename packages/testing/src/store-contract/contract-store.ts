import { createHash } from 'node:crypto';
import { afterEach, beforeEach } from '@jest/globals';
import type { ClaimedDelivery, ConnectorStore, Delivery, Link, Person, SaveRecordInput } from '@connector/core';

/**
 * What the store contract needs of a store besides {@link ConnectorStore}: reading and writing one link
 * and announcing an intent directly, to set up and inspect the states the hub reaches through claims and
 * finishes. core's runtime never calls these (a claim carries its link and records its intent; a finish
 * writes the link); a store implements them for its tests.
 */
export interface StoreTestSupport {
  getLink(recordUuid: string, clientId: string, platform: string): Promise<Link | undefined>;
  /** Inserts the link, or replaces every field of the existing one (an absent `deliveredHash` clears it). */
  putLink(link: Omit<Link, 'updatedAt'>): Promise<void>;
  deleteLink(recordUuid: string, clientId: string, platform: string): Promise<void>;
  /** Records, before a platform call that creates, that the attempt is about to create (ignored with a stale lease). */
  recordIntent(id: string, leaseToken: string, at: number): Promise<void>;
}

/** A store as its contract and the testing harness use it. */
export type ContractStore = ConnectorStore & StoreTestSupport;

/** What the factory given to the store contract answers for each test. */
export interface StoreContractHandle {
  /** A fresh, empty store. */
  store: ContractStore;
  /**
   * Opens the same storage again. The suite closes `store` before calling it, so a passing run proves
   * that data, deliveries and the log survive a restart. Without it, the restart tests pass vacuously.
   */
  reopen?: () => Promise<ContractStore>;
  /** Removes what the store left behind (temp files, schemas); called after the store is closed. */
  cleanup?: () => Promise<void>;
}

/** Opens a fresh, empty store for one test of the contract. */
export type OpenContractStore = () => Promise<StoreContractHandle>;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const CLIENT = 'client-1';
export const CLUB = 'club-1';

/** A prospect named `firstName`, with a predictable email. */
export function person(firstName: string, extra: Partial<Person> = {}): Person {
  return {
    firstName,
    lastName: 'Doe',
    userType: 'PROSPECT',
    userStatus: 'ACTIVE',
    email: `${firstName.toLowerCase()}@example.com`,
    ...extra,
  };
}

/** A save of a person from INTOUCH; the hash follows the content as the hub's would. */
export function save(recordId: string, content: Person, options: Partial<Omit<SaveRecordInput<'person'>, 'content' | 'hash'>> = {}): SaveRecordInput<'person'> {
  return {
    clientId: CLIENT,
    clubId: CLUB,
    kind: 'person',
    origin: { provider: 'INTOUCH', recordId },
    targets: ['acme'],
    ...options,
    content,
    hash: createHash('sha256').update(JSON.stringify(content)).digest('hex'),
  };
}

/** The store of the running test, and the helpers every section shares. */
export interface StoreUnderTest {
  handle: StoreContractHandle;
  /** The open store; a test that reopens sets it, so the new one is closed after the test. */
  store: ContractStore;
  /** Claims everything due for one platform now, with a long lease. */
  claimAll(platform?: string, now?: number): Promise<ClaimedDelivery[]>;
  /** Ends an attempt that had nothing to record (no link, no log entry). */
  complete(id: string, leaseToken: string, deliveredVersion: number): Promise<void>;
  /** A delivery that must exist. */
  delivery(id: string): Promise<Delivery>;
}

/**
 * Opens a fresh store before each test of the enclosing `describe` (handing it to `onOpen`, so a section
 * can keep it in a variable of its own) and closes and cleans it up after.
 */
export function useContractStore(open: OpenContractStore, onOpen: (store: ContractStore) => void): StoreUnderTest {
  const t = {
    claimAll: (platform = 'acme', now = Date.now()) => t.store.claimDeliveries({ now, leaseMs: 60_000, limit: 100, clientId: CLIENT, platform }),
    async complete(id, leaseToken, deliveredVersion) {
      await t.store.finishDeliveries([{ id, leaseToken, deliveredVersion, effects: {} }]);
    },
    async delivery(id) {
      const found = await t.store.getDelivery(id);
      if (!found) throw new Error(`delivery ${id} is missing`);
      return found;
    },
  } as StoreUnderTest;

  beforeEach(async () => {
    t.handle = await open();
    t.store = t.handle.store;
    onOpen(t.store);
  });

  afterEach(async () => {
    await t.store.close();
    await t.handle.cleanup?.();
  });

  return t;
}
