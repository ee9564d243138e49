import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { ClaimedDelivery, ConnectorStore, Delivery, Person, SaveRecordInput } from '@connector/core';

/** What the factory given to {@link describeStoreContract} answers for each test. */
export interface StoreContractHandle {
  /** A fresh, empty store. */
  store: ConnectorStore;
  /**
   * Opens the same storage again. The suite closes `store` before calling it, so a passing run proves
   * that data, deliveries and the log survive a restart. Without it, the restart tests pass vacuously.
   */
  reopen?: () => Promise<ConnectorStore>;
  /** Removes what the store left behind (temp files, schemas); called after the store is closed. */
  cleanup?: () => Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CLIENT = 'client-1';
const CLUB = 'club-1';

/** A prospect named `firstName`, with a predictable email. */
function person(firstName: string, extra: Partial<Person> = {}): Person {
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
function save(
  recordId: string,
  content: Person,
  options: Partial<Omit<SaveRecordInput<'person'>, 'content' | 'hash'>> = {},
): SaveRecordInput<'person'> {
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

/**
 * The behaviour every {@link ConnectorStore} must show, as the hub and its workers rely on it: upsert
 * by origin, one re-armable delivery per (record, platform), leases that expire and cannot be used
 * once stale, dead letters and replay, links, the Connector Log and its filters, group commit, and
 * (given `reopen`) durability across a restart.
 *
 * Call it once from a store package's spec; `open` is called before every test and must answer an
 * empty store.
 *
 * @example
 * describeStoreContract('sqlite', async () => {
 *   const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-'));
 *   const file = path.join(dir, 'connector.db');
 *   return {
 *     store: openSqliteStore({ file }),
 *     reopen: async () => openSqliteStore({ file }),
 *     cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
 *   };
 * });
 */
export function describeStoreContract(name: string, open: () => Promise<StoreContractHandle>): void {
  describe(`ConnectorStore contract: ${name}`, () => {
    let handle: StoreContractHandle;
    let store: ConnectorStore;

    beforeEach(async () => {
      handle = await open();
      store = handle.store;
    });

    afterEach(async () => {
      await store.close();
      await handle.cleanup?.();
    });

    /** Claims everything due for one platform now, with a long lease. */
    async function claimAll(platform = 'acme', now = Date.now()): Promise<ClaimedDelivery[]> {
      return store.claimDeliveries({ now, leaseMs: 60_000, limit: 100, clientId: CLIENT, platform });
    }

    /** Ends an attempt that had nothing to record (no link, no log entry). */
    async function complete(id: string, leaseToken: string, deliveredVersion: number): Promise<void> {
      await store.finishDeliveries([{ id, leaseToken, deliveredVersion, effects: {} }]);
    }

    async function delivery(id: string): Promise<Delivery> {
      const found = await store.getDelivery(id);
      if (!found) throw new Error(`delivery ${id} is missing`);
      return found;
    }

    describe('records', () => {
      it('gives a new record a uuid, version 1 and one pending delivery per target', async () => {
        const result = await store.saveRecord(save('L1', person('Jane'), { targets: ['acme', 'mindbody'] }));

        expect(result.created).toBe(true);
        expect(result.changed).toBe(true);
        expect(result.record.uuid).toMatch(UUID);
        expect(result.record).toMatchObject({
          clientId: CLIENT,
          clubId: CLUB,
          kind: 'person',
          origin: { provider: 'INTOUCH', recordId: 'L1' },
          content: person('Jane'),
          version: 1,
        });
        expect(await store.getRecord(result.record.uuid)).toEqual(result.record);

        const deliveries = await store.listDeliveries(result.record.uuid);
        expect(deliveries.map((d) => d.platform).sort()).toEqual(['acme', 'mindbody']);
        expect(deliveries.map((d) => d.id).sort()).toEqual([...result.deliveryIds].sort());
        for (const d of deliveries) {
          expect(d).toMatchObject({ state: 'pending', attempts: 0, recordVersion: 1, kind: 'person', clientId: CLIENT });
          expect(d.nextAttemptAt).toBeLessThanOrEqual(Date.now());
        }
      });

      it('answers undefined for unknown records and deliveries', async () => {
        expect(await store.getRecord('00000000-0000-4000-8000-000000000000')).toBeUndefined();
        expect(await store.getDelivery('no-such-delivery')).toBeUndefined();
        expect(await store.findRecordByOrigin(CLIENT, CLUB, { provider: 'INTOUCH', recordId: 'nope' })).toBeUndefined();
      });

      it('saves the same origin to the same uuid; another club, kind, provider or client is another record', async () => {
        const first = await store.saveRecord(save('L1', person('Jane')));
        const again = await store.saveRecord(save('L1', person('Jane', { mobile: '555-0100' })));
        expect(again.record.uuid).toBe(first.record.uuid);
        expect(again.created).toBe(false);
        expect(again.record.version).toBe(2);
        expect(again.record.content).toEqual(person('Jane', { mobile: '555-0100' }));

        const others = await Promise.all([
          store.saveRecord(save('L1', person('Jane'), { clubId: 'club-2' })),
          store.saveRecord(save('L1', person('Jane'), { clientId: 'client-2' })),
          store.saveRecord(save('L1', person('Jane'), { origin: { provider: 'ABC', recordId: 'L1' } })),
          store.saveRecord({ ...save('L1', person('Jane')), kind: 'leadSource', content: { name: 'Web', active: true } }),
        ]);
        const uuids = new Set([first.record.uuid, ...others.map((o) => o.record.uuid)]);
        expect(uuids.size).toBe(5);
        expect(others.every((o) => o.created)).toBe(true);
      });

      it('finds a record by its origin, with or without the kind', async () => {
        const { record } = await store.saveRecord(save('L7', person('Ann')));
        const origin = { provider: 'INTOUCH', recordId: 'L7' };
        expect(await store.findRecordByOrigin(CLIENT, CLUB, origin)).toEqual(record);
        expect(await store.findRecordByOrigin(CLIENT, CLUB, origin, 'person')).toEqual(record);
        expect(await store.findRecordByOrigin(CLIENT, CLUB, origin, 'staff')).toBeUndefined();
        expect(await store.findRecordByOrigin(CLIENT, 'club-2', origin)).toBeUndefined();
      });

      it('lists records by client, club, provider and kind, with limit and offset', async () => {
        await store.saveRecord(save('A', person('Ann')));
        await store.saveRecord(save('B', person('Bob'), { clubId: 'club-2' }));
        await store.saveRecord(save('C', person('Cid'), { origin: { provider: 'ABC', recordId: 'C' } }));
        await store.saveRecord({ ...save('D', person('Dee')), kind: 'leadSource', content: { name: 'Web', active: true } });
        await store.saveRecord(save('E', person('Eve'), { clientId: 'client-2' }));

        const ids = async (query: Parameters<ConnectorStore['listRecords']>[0]): Promise<string[]> =>
          (await store.listRecords(query)).map((r) => r.origin.recordId).sort();
        expect(await ids({ clientId: CLIENT })).toEqual(['A', 'B', 'C', 'D']);
        expect(await ids({ clientId: CLIENT, clubId: 'club-2' })).toEqual(['B']);
        expect(await ids({ clientId: CLIENT, provider: 'ABC' })).toEqual(['C']);
        expect(await ids({ clientId: CLIENT, kind: 'leadSource' })).toEqual(['D']);
        expect(await ids({ clientId: 'client-2' })).toEqual(['E']);
        // Listed records carry their content, as saved.
        expect((await store.listRecords({ clientId: CLIENT, kind: 'leadSource' }))[0].content).toEqual({ name: 'Web', active: true });
        expect((await store.listRecords({ clientId: 'client-2' }))[0].content).toMatchObject({ firstName: 'Eve' });

        const page1 = await ids({ clientId: CLIENT, limit: 2 });
        const page2 = await ids({ clientId: CLIENT, limit: 2, offset: 2 });
        expect(page1).toHaveLength(2);
        expect([...page1, ...page2].sort()).toEqual(['A', 'B', 'C', 'D']);
      });
    });

    describe('re-arming deliveries', () => {
      it('does not queue anything when the content is unchanged', async () => {
        const first = await store.saveRecord(save('L1', person('Jane')));
        const [claimed] = await claimAll();
        await complete(claimed.id, claimed.leaseToken!, 1);

        const again = await store.saveRecord(save('L1', person('Jane')));
        expect(again).toMatchObject({ created: false, changed: false, deliveryIds: [] });
        expect(again.record.version).toBe(1);
        expect(again.record.uuid).toBe(first.record.uuid);
        expect((await delivery(claimed.id)).state).toBe('done');
        expect(await claimAll()).toEqual([]);
      });

      it('re-arms the same delivery when the content changes', async () => {
        const first = await store.saveRecord(save('L1', person('Jane')));
        const [claimed] = await claimAll();
        await complete(claimed.id, claimed.leaseToken!, 1);

        const changed = await store.saveRecord(save('L1', person('Jane', { mobile: '555-0100' })));
        expect(changed).toMatchObject({ created: false, changed: true, deliveryIds: first.deliveryIds });
        expect(changed.record.version).toBe(2);
        expect(await delivery(claimed.id)).toMatchObject({ state: 'pending', attempts: 0 });

        const [again] = await claimAll();
        expect(again).toMatchObject({ id: claimed.id, recordVersion: 2, attempts: 1 });
      });

      it('re-arms a delivery waiting on a retry: due now, attempts and error reset', async () => {
        await store.saveRecord(save('L1', person('Jane')));
        const [claimed] = await claimAll();
        await store.rescheduleDelivery(claimed.id, claimed.leaseToken!, Date.now() + 3_600_000, {
          message: 'Acme is down',
          code: 'PLATFORM_UNAVAILABLE',
        });

        await store.saveRecord(save('L1', person('Jane', { mobile: '555-0100' })));
        const rearmed = await delivery(claimed.id);
        expect(rearmed).toMatchObject({ state: 'pending', attempts: 0 });
        expect(rearmed.lastError).toBeUndefined();
        expect(rearmed.lastErrorCode).toBeUndefined();
        expect(rearmed.nextAttemptAt).toBeLessThanOrEqual(Date.now());
        expect((await claimAll()).map((d) => d.id)).toEqual([claimed.id]);
      });

      it('gives a dead delivery a new try when the content changes', async () => {
        await store.saveRecord(save('L1', person('Jane')));
        const [claimed] = await claimAll();
        await store.deadLetter(claimed.id, claimed.leaseToken!, { message: 'email rejected', code: 'PLATFORM_REJECTED' });

        const changed = await store.saveRecord(save('L1', person('Jane', { email: 'jane@example.org' })));
        expect(changed.deliveryIds).toEqual([claimed.id]);
        expect(await delivery(claimed.id)).toMatchObject({ state: 'pending', attempts: 0 });
        expect(await store.listDeadLetters({ clientId: CLIENT })).toEqual([]);
      });

      it('lets the worker holding a lease finish, then delivers the newer change', async () => {
        await store.saveRecord(save('L1', person('Jane')));
        const [claimed] = await claimAll();
        expect(claimed.recordVersion).toBe(1);

        const changed = await store.saveRecord(save('L1', person('Jane', { mobile: '555-0100' })));
        expect(changed.deliveryIds).toEqual([claimed.id]);
        // The worker still holds it: nobody else may claim it meanwhile.
        expect(await delivery(claimed.id)).toMatchObject({ state: 'leased', leaseToken: claimed.leaseToken });
        expect(await claimAll()).toEqual([]);

        await complete(claimed.id, claimed.leaseToken!, 1);
        const back = await delivery(claimed.id);
        expect(back).toMatchObject({ state: 'pending', attempts: 0 });
        expect(back.leaseToken).toBeUndefined();
        expect(back.nextAttemptAt).toBeLessThanOrEqual(Date.now());

        const [next] = await claimAll();
        expect(next).toMatchObject({ id: claimed.id, recordVersion: 2 });
        await complete(next.id, next.leaseToken!, 2);
        expect((await delivery(claimed.id)).state).toBe('done');
      });
    });

    describe('claiming', () => {
      it('leases due deliveries and leaves future ones until their time', async () => {
        const a = await store.saveRecord(save('A', person('Ann')));
        const b = await store.saveRecord(save('B', person('Bob')));
        const now = Date.now();
        const first = await claimAll('acme', now);
        expect(first).toHaveLength(2);
        const byId = new Map(first.map((d) => [d.id, d]));
        const da = byId.get(a.deliveryIds[0])!;
        const db = byId.get(b.deliveryIds[0])!;
        await store.rescheduleDelivery(da.id, da.leaseToken!, now + 60_000);
        await store.rescheduleDelivery(db.id, db.leaseToken!, now - 1);

        const claimed = await store.claimDeliveries({ now, leaseMs: 120_000, limit: 10 });
        expect(claimed.map((d) => d.id)).toEqual([db.id]);
        expect(claimed[0]).toMatchObject({ state: 'leased', attempts: 2, leaseUntil: now + 120_000, recordVersion: 1 });
        expect(claimed[0].leaseToken).toEqual(expect.any(String));
        expect(claimed[0].leaseToken).not.toBe(db.leaseToken);
        expect(await delivery(db.id)).toMatchObject({ state: 'leased', leaseToken: claimed[0].leaseToken });

        // Leased and not expired, or not yet due: nothing to claim.
        expect(await store.claimDeliveries({ now: now + 59_999, leaseMs: 1000, limit: 10 })).toEqual([]);
        const later = await store.claimDeliveries({ now: now + 60_000, leaseMs: 1000, limit: 10 });
        expect(later.map((d) => d.id)).toEqual([da.id]);
      });

      it('honours the limit, the client and the platform, oldest due first', async () => {
        const a = await store.saveRecord(save('A', person('Ann'), { targets: ['acme', 'mindbody'] }));
        await store.saveRecord(save('B', person('Bob'), { clientId: 'client-2' }));
        const c = await store.saveRecord(save('C', person('Cid')));
        const now = Date.now();
        // Make C's delivery the oldest due one.
        const [cClaim] = await store.claimDeliveries({ now, leaseMs: 1000, limit: 10, clientId: CLIENT, platform: 'acme' }).then(
          (ds) => ds.filter((d) => d.recordUuid === c.record.uuid),
        );
        await store.rescheduleDelivery(cClaim.id, cClaim.leaseToken!, now - 10_000);
        const [aClaim] = (await store.listDeliveries(a.record.uuid)).filter((d) => d.platform === 'acme');
        await store.rescheduleDelivery(aClaim.id, aClaim.leaseToken!, now - 5_000);

        const one = await store.claimDeliveries({ now, leaseMs: 1000, limit: 1, clientId: CLIENT, platform: 'acme' });
        expect(one.map((d) => d.recordUuid)).toEqual([c.record.uuid]);

        const mindbody = await store.claimDeliveries({ now, leaseMs: 1000, limit: 10, platform: 'mindbody' });
        expect(mindbody.map((d) => [d.recordUuid, d.platform])).toEqual([[a.record.uuid, 'mindbody']]);

        const client2 = await store.claimDeliveries({ now, leaseMs: 1000, limit: 10, clientId: 'client-2' });
        expect(client2.map((d) => d.clientId)).toEqual(['client-2']);

        const rest = await store.claimDeliveries({ now, leaseMs: 1000, limit: 10 });
        expect(rest.map((d) => d.id)).toEqual([aClaim.id]);
      });

      it('claims an expired lease again, with a new token and attempts 2', async () => {
        await store.saveRecord(save('L1', person('Jane')));
        const now = Date.now();
        const [first] = await store.claimDeliveries({ now, leaseMs: 1000, limit: 10 });
        expect(first.attempts).toBe(1);
        expect(await store.claimDeliveries({ now: now + 999, leaseMs: 1000, limit: 10 })).toEqual([]);

        const [second] = await store.claimDeliveries({ now: now + 1001, leaseMs: 1000, limit: 10 });
        expect(second).toMatchObject({ id: first.id, attempts: 2, state: 'leased', leaseUntil: now + 2001 });
        expect(second.leaseToken).not.toBe(first.leaseToken);
      });

      it('ignores a stale lease token: the crashed worker cannot overwrite the new attempt', async () => {
        await store.saveRecord(save('L1', person('Jane')));
        const now = Date.now();
        const [stale] = await store.claimDeliveries({ now, leaseMs: 1000, limit: 10 });
        const [current] = await store.claimDeliveries({ now: now + 5000, leaseMs: 60_000, limit: 10 });
        const before = await delivery(current.id);

        await store.recordIntent(stale.id, stale.leaseToken!, now + 5001);
        await complete(stale.id, stale.leaseToken!, 1);
        await store.rescheduleDelivery(stale.id, stale.leaseToken!, now + 99_000, { message: 'late' });
        await store.deadLetter(stale.id, stale.leaseToken!, { message: 'late' });
        await complete(stale.id, 'not-a-token', 1);

        expect(await delivery(current.id)).toEqual(before);
        expect(before).toMatchObject({ state: 'leased', leaseToken: current.leaseToken, attempts: 2 });
        // The first claim recorded its intent; the second learns that an earlier attempt may have acted.
        expect(stale.intentAt).toBeUndefined();
        expect(current.intentAt).toBe(now);
        expect(before.intentAt).toBe(now);

        await complete(current.id, current.leaseToken!, 1);
        expect((await delivery(current.id)).state).toBe('done');
      });

      it('records the intent, and completing clears it and the lease', async () => {
        await store.saveRecord(save('L1', person('Jane')));
        const [claimed] = await claimAll();
        const at = Date.now();
        await store.recordIntent(claimed.id, claimed.leaseToken!, at);
        expect((await delivery(claimed.id)).intentAt).toBe(at);

        await complete(claimed.id, claimed.leaseToken!, 1);
        const done = await delivery(claimed.id);
        expect(done.state).toBe('done');
        expect(done.intentAt).toBeUndefined();
        expect(done.leaseToken).toBeUndefined();
        expect(await store.claimDeliveries({ now: Date.now() + 86_400_000, leaseMs: 1000, limit: 10 })).toEqual([]);
      });

      it('reschedules with the error, keeping the intent for the next attempt', async () => {
        await store.saveRecord(save('L1', person('Jane')));
        const [claimed] = await claimAll();
        const at = Date.now();
        await store.recordIntent(claimed.id, claimed.leaseToken!, at);
        await store.rescheduleDelivery(claimed.id, claimed.leaseToken!, at + 30_000, {
          message: 'timed out',
          code: 'TIMEOUT',
        });

        const waiting = await delivery(claimed.id);
        expect(waiting).toMatchObject({
          state: 'pending',
          nextAttemptAt: at + 30_000,
          intentAt: at,
          lastError: 'timed out',
          lastErrorCode: 'TIMEOUT',
          attempts: 1,
        });
        expect(waiting.leaseToken).toBeUndefined();
        expect(waiting.leaseUntil).toBeUndefined();

        const [retry] = await store.claimDeliveries({ now: at + 30_000, leaseMs: 1000, limit: 10 });
        expect(retry).toMatchObject({ id: claimed.id, attempts: 2, intentAt: at });
      });

      it('dead-letters with the reason, lists and replays', async () => {
        const { record } = await store.saveRecord(save('L1', person('Jane'), { targets: ['acme', 'mindbody'] }));
        await store.saveRecord(save('L2', person('Bob'), { clientId: 'client-2' }));
        const [claimed] = await claimAll('acme');
        const at = Date.now();
        await store.recordIntent(claimed.id, claimed.leaseToken!, at);
        await store.deadLetter(claimed.id, claimed.leaseToken!, { message: 'email is invalid', code: 'PLATFORM_REJECTED' });

        const dead = await store.listDeadLetters({ clientId: CLIENT });
        expect(dead).toHaveLength(1);
        expect(dead[0]).toMatchObject({
          id: claimed.id,
          recordUuid: record.uuid,
          state: 'dead',
          lastError: 'email is invalid',
          lastErrorCode: 'PLATFORM_REJECTED',
          intentAt: at,
        });
        expect(dead[0].leaseToken).toBeUndefined();
        expect(await store.listDeadLetters({ platform: 'mindbody' })).toEqual([]);
        expect(await store.listDeadLetters({ clientId: 'client-2' })).toEqual([]);
        expect(await store.listDeadLetters({ clubId: CLUB, platform: 'acme' })).toHaveLength(1);
        expect(await claimAll('acme', at + 86_400_000)).toEqual([]);

        const now = Date.now();
        const replayed = await store.replayDeadLetter(claimed.id, now);
        expect(replayed).toMatchObject({ id: claimed.id, state: 'pending', attempts: 0, nextAttemptAt: now });
        expect(await store.listDeadLetters({})).toEqual([]);
        expect(await store.replayDeadLetter(claimed.id, now)).toBeUndefined();
        expect(await store.replayDeadLetter('no-such-delivery', now)).toBeUndefined();
        expect((await claimAll('acme', now)).map((d) => d.id)).toEqual([claimed.id]);
      });

      it('counts the queue by state, every state present', async () => {
        expect(await store.queueDepth()).toEqual({ pending: 0, leased: 0, done: 0, dead: 0 });
        await store.saveRecord(save('L1', person('Jane'), { targets: ['acme', 'mindbody', 'abc', 'jonas'] }));
        const [a] = await claimAll('acme');
        const [m] = await claimAll('mindbody');
        const [x] = await claimAll('abc');
        await complete(a.id, a.leaseToken!, 1);
        await store.deadLetter(m.id, m.leaseToken!, { message: 'no' });
        expect(x.state).toBe('leased');
        expect(await store.queueDepth()).toEqual({ pending: 1, leased: 1, done: 1, dead: 1 });
      });

      it('counts unfinished deliveries (pending and leased) for waiting until work settles', async () => {
        expect(await store.unfinishedDeliveries()).toBe(0);
        await store.saveRecord(save('L1', person('Jane'), { targets: ['acme', 'mindbody', 'abc'] }));
        const [a] = await claimAll('acme');
        const [m] = await claimAll('mindbody');
        await complete(a.id, a.leaseToken!, 1);
        await store.deadLetter(m.id, m.leaseToken!, { message: 'no' });
        expect(await store.unfinishedDeliveries()).toBe(1);
      });

      it('finishes a delivery with its link and log entry in one step', async () => {
        const saved = await store.saveRecord(save('L1', person('Jane')));
        const [claimed] = await claimAll();
        const link = { recordUuid: saved.record.uuid, clientId: CLIENT, clubId: saved.record.clubId, platform: 'acme', platformRecordId: 'p-1', linkedType: 'PROSPECT' as const, deliveredHash: saved.record.hash };
        const log = { clientId: CLIENT, clubId: saved.record.clubId, level: 'INFO' as const, direction: 'OUTBOUND' as const, platform: 'acme', recordUuid: saved.record.uuid, deliveryId: claimed.id, summary: 'Jane sent to Acme', details: { action: 'created' } };
        await store.finishDeliveries([{ id: claimed.id, leaseToken: claimed.leaseToken, deliveredVersion: 1, effects: { link, log } }]);
        expect((await delivery(claimed.id)).state).toBe('done');
        expect(await store.getLink(saved.record.uuid, CLIENT, 'acme')).toMatchObject({ platformRecordId: 'p-1', deliveredHash: saved.record.hash });
        expect(await store.listLog({ clientId: CLIENT })).toEqual([expect.objectContaining({ summary: 'Jane sent to Acme', level: 'INFO', deliveryId: claimed.id, details: { action: 'created' } })]);
      });

      it('finishes several deliveries together, each by its own lease and version', async () => {
        const jane = await store.saveRecord(save('L1', person('Jane')));
        const joe = await store.saveRecord(save('L2', person('Joe')));
        const claimed = await claimAll();
        expect(claimed).toHaveLength(2);
        const [forJane, forJoe] = claimed[0].recordUuid === jane.record.uuid ? claimed : [claimed[1], claimed[0]];
        // Joe changes while his delivery is in flight: finishing version 1 puts it back to pending.
        await store.saveRecord(save('L2', person('Joseph')));
        const entry = (summary: string) => ({ clientId: CLIENT, clubId: jane.record.clubId, level: 'INFO' as const, direction: 'OUTBOUND' as const, platform: 'acme', summary });
        await store.finishDeliveries([
          { id: forJane.id, leaseToken: forJane.leaseToken, deliveredVersion: 1, effects: { log: entry('Jane sent') } },
          { id: forJoe.id, leaseToken: forJoe.leaseToken, deliveredVersion: 1, effects: { log: entry('Joe sent') } },
          { id: forJane.id, leaseToken: 'not-the-lease', deliveredVersion: 1, effects: {} },
        ]);
        expect(await delivery(forJane.id)).toMatchObject({ state: 'done' });
        expect(await delivery(forJoe.id)).toMatchObject({ state: 'pending', recordVersion: 2, attempts: 0 });
        expect((await store.listLog({ clientId: CLIENT })).map((e) => e.summary).sort()).toEqual(['Jane sent', 'Joe sent']);
        const [again] = await claimAll();
        expect(again).toMatchObject({ id: forJoe.id, recordVersion: 2, record: { version: 2, content: { firstName: 'Joseph' } } });
        expect(joe.record.uuid).toBe(again.recordUuid);
      });

      it('hands each claimed delivery its record and its link to the platform', async () => {
        const saved = await store.saveRecord(save('L1', person('Jane')));
        const [first] = await claimAll();
        expect(first.record).toMatchObject({ uuid: saved.record.uuid, version: 1, hash: saved.record.hash, content: { firstName: 'Jane' } });
        expect(first.link).toBeUndefined();
        const link = { recordUuid: saved.record.uuid, clientId: CLIENT, clubId: saved.record.clubId, platform: 'acme', platformRecordId: 'p-1', linkedType: 'PROSPECT' as const, deliveredHash: saved.record.hash };
        await store.finishDeliveries([{ id: first.id, leaseToken: first.leaseToken, deliveredVersion: 1, effects: { link } }]);
        await store.saveRecord(save('L1', person('Janet')));
        const [second] = await claimAll();
        expect(second.record).toMatchObject({ version: 2, content: { firstName: 'Janet' } });
        expect(second.link).toMatchObject({ platformRecordId: 'p-1', deliveredHash: saved.record.hash });
      });

      it('gives back deliveries claimed ahead and never attempted, as if unclaimed', async () => {
        await store.saveRecord(save('L1', person('Jane')));
        await store.saveRecord(save('L2', person('Joe')));
        const [jane, joe] = await claimAll();
        // Joe's delivery had an interrupted attempt before: its intent must survive the release.
        await store.releaseDeliveries([{ id: joe.id, leaseToken: joe.leaseToken, intentAt: joe.intentAt }]);
        const [joeAgain] = await claimAll();
        await store.rescheduleDelivery(joeAgain.id, joeAgain.leaseToken, Date.now() - 1, { message: 'timeout' });
        const [joeThird] = await claimAll();
        expect(joeThird.intentAt).toEqual(expect.any(Number));

        await store.releaseDeliveries([
          { id: jane.id, leaseToken: jane.leaseToken, intentAt: jane.intentAt },
          { id: joeThird.id, leaseToken: joeThird.leaseToken, intentAt: joeThird.intentAt },
          { id: jane.id, leaseToken: 'not-the-lease' },
        ]);
        expect(await delivery(jane.id)).toMatchObject({ state: 'pending', attempts: 0 });
        expect((await delivery(jane.id)).intentAt).toBeUndefined();
        expect((await delivery(jane.id)).leaseToken).toBeUndefined();
        // Claimed three times, one attempt made (the rescheduled one), two released.
        expect(await delivery(joe.id)).toMatchObject({ state: 'pending', attempts: 1, intentAt: joeThird.intentAt });
        const again = await claimAll();
        expect(again.map((d) => d.id).sort()).toEqual([jane.id, joe.id].sort());
        expect(again.find((d) => d.id === jane.id)).toMatchObject({ attempts: 1, intentAt: undefined });
      });

      it('keeps the link and log of a finish whose lease went stale, without touching the new attempt', async () => {
        const saved = await store.saveRecord(save('L1', person('Jane')));
        const [stale] = await store.claimDeliveries({ now: Date.now(), leaseMs: 10, limit: 1, clientId: CLIENT, platform: 'acme' });
        const [current] = await store.claimDeliveries({ now: Date.now() + 1_000, leaseMs: 60_000, limit: 1, clientId: CLIENT, platform: 'acme' });
        const link = { recordUuid: saved.record.uuid, clientId: CLIENT, clubId: saved.record.clubId, platform: 'acme', platformRecordId: 'p-9', linkedType: 'PROSPECT' as const };
        await store.finishDeliveries([{ id: stale.id, leaseToken: stale.leaseToken, deliveredVersion: 1, effects: { link } }]);
        expect(await store.getLink(saved.record.uuid, CLIENT, 'acme')).toMatchObject({ platformRecordId: 'p-9' });
        expect(await delivery(current.id)).toMatchObject({ state: 'leased', leaseToken: current.leaseToken });
      });

      it('reschedules and dead-letters together with their log entries', async () => {
        const saved = await store.saveRecord(save('L1', person('Jane'), { targets: ['acme', 'mindbody'] }));
        const [a] = await claimAll('acme');
        const [m] = await claimAll('mindbody');
        const entry = (platform: string, summary: string) => ({ clientId: CLIENT, clubId: saved.record.clubId, level: 'ERROR' as const, direction: 'OUTBOUND' as const, platform, summary });
        await store.rescheduleDelivery(a.id, a.leaseToken!, Date.now() + 60_000, { message: '503' }, entry('acme', 'retrying'));
        await store.deadLetter(m.id, m.leaseToken!, { message: '400' }, entry('mindbody', 'dead'));
        expect((await store.listLog({ clientId: CLIENT })).map((e) => e.summary).sort()).toEqual(['dead', 'retrying']);
        expect((await delivery(a.id)).state).toBe('pending');
        expect((await delivery(m.id)).state).toBe('dead');
      });
    });

    describe('links', () => {
      it('puts, replaces, lists and deletes links', async () => {
        const { record } = await store.saveRecord(save('L1', person('Jane'), { targets: ['acme', 'mindbody'] }));
        const base = { recordUuid: record.uuid, clientId: CLIENT, clubId: CLUB };
        expect(await store.getLink(record.uuid, CLIENT, 'acme')).toBeUndefined();

        await store.putLink({ ...base, platform: 'acme', platformRecordId: 'P-1', linkedType: 'PROSPECT' });
        const first = await store.getLink(record.uuid, CLIENT, 'acme');
        expect(first).toMatchObject({ ...base, platform: 'acme', platformRecordId: 'P-1', linkedType: 'PROSPECT' });
        expect(first?.deliveredHash).toBeUndefined();
        expect(first?.updatedAt).toEqual(expect.any(String));

        await store.putLink({ ...base, platform: 'acme', platformRecordId: 'M-9', linkedType: 'MEMBER', deliveredHash: 'h2' });
        await store.putLink({ ...base, platform: 'mindbody', platformRecordId: '100', linkedType: 'PROSPECT' });
        expect(await store.getLink(record.uuid, CLIENT, 'acme')).toMatchObject({
          platformRecordId: 'M-9',
          linkedType: 'MEMBER',
          deliveredHash: 'h2',
        });
        const links = await store.listLinks(record.uuid);
        expect(links.map((l) => [l.platform, l.platformRecordId]).sort()).toEqual([
          ['acme', 'M-9'],
          ['mindbody', '100'],
        ]);

        await store.deleteLink(record.uuid, CLIENT, 'acme');
        expect(await store.getLink(record.uuid, CLIENT, 'acme')).toBeUndefined();
        expect((await store.listLinks(record.uuid)).map((l) => l.platform)).toEqual(['mindbody']);
      });
    });

    describe('Connector Log', () => {
      const entry = {
        clientId: CLIENT,
        clubId: CLUB,
        level: 'INFO' as const,
        direction: 'OUTBOUND' as const,
        platform: 'acme',
        summary: 'Jane Doe (prospect) entered in INTOUCH and sent to Acme',
      };

      it('appends with an id and a UTC time, details round-trip', async () => {
        const before = Date.now();
        const written = await store.appendLog({
          ...entry,
          person: 'Jane Doe <jane@example.com>',
          recordUuid: 'r-1',
          deliveryId: 'd-1',
          details: { sent: { firstName: 'Jane' }, status: 201 },
        });
        expect(written.id).toEqual(expect.any(Number));
        expect(written.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
        expect(Date.parse(written.createdAt)).toBeGreaterThanOrEqual(before - 1000);
        const [listed] = await store.listLog({ clientId: CLIENT });
        expect(listed).toEqual(written);
        expect(listed.details).toEqual({ sent: { firstName: 'Jane' }, status: 201 });

        const bare = await store.appendLog({ ...entry, createdAt: '2024-03-01T10:00:00.000Z' });
        expect(bare.createdAt).toBe('2024-03-01T10:00:00.000Z');
        expect(bare.id).toBeGreaterThan(written.id);
        expect(bare.person).toBeUndefined();
        expect(bare.details).toBeUndefined();
      });

      it('filters by club, level, platform, direction and record, newest first', async () => {
        const a = await store.appendLog({ ...entry, recordUuid: 'r-1' });
        const b = await store.appendLog({ ...entry, level: 'WARNING', platform: 'mindbody' });
        const c = await store.appendLog({ ...entry, level: 'ERROR', direction: 'INBOUND', platform: 'INTOUCH' });
        const d = await store.appendLog({ ...entry, clubId: 'club-2' });
        await store.appendLog({ ...entry, clientId: 'client-2' });

        const ids = async (query: Omit<Parameters<ConnectorStore['listLog']>[0], 'clientId'>): Promise<number[]> =>
          (await store.listLog({ clientId: CLIENT, ...query })).map((e) => e.id);
        expect(await ids({})).toEqual([d.id, c.id, b.id, a.id]);
        expect(await ids({ clubId: CLUB })).toEqual([c.id, b.id, a.id]);
        expect(await ids({ level: 'WARNING' })).toEqual([b.id]);
        expect(await ids({ platform: 'acme' })).toEqual([d.id, a.id]);
        expect(await ids({ direction: 'INBOUND' })).toEqual([c.id]);
        expect(await ids({ recordUuid: 'r-1' })).toEqual([a.id]);
        expect(await ids({ clubId: CLUB, level: 'INFO', platform: 'acme', direction: 'OUTBOUND' })).toEqual([a.id]);
      });

      it('searches person and summary case-insensitively, taking % and _ literally', async () => {
        const jane = await store.appendLog({ ...entry, person: 'Jane Doe <jane@example.com>', summary: 'sent' });
        const bob = await store.appendLog({ ...entry, person: 'Bob Roe', summary: 'Bob got 100% off_peak' });
        const none = await store.appendLog({ ...entry, summary: 'Lead source Web created' });

        const ids = async (search: string): Promise<number[]> =>
          (await store.listLog({ clientId: CLIENT, search })).map((e) => e.id);
        expect(await ids('JANE@EXAMPLE')).toEqual([jane.id]);
        expect(await ids('bob')).toEqual([bob.id]);
        expect(await ids('web CREATED')).toEqual([none.id]);
        expect(await ids('100%')).toEqual([bob.id]);
        expect(await ids('%')).toEqual([bob.id]);
        expect(await ids('f_p')).toEqual([bob.id]);
        expect(await ids('_')).toEqual([bob.id]);
        expect(await ids('nobody')).toEqual([]);
      });

      it('bounds by time, inclusive', async () => {
        const at = async (createdAt: string): Promise<number> => (await store.appendLog({ ...entry, createdAt })).id;
        const jan = await at('2024-01-15T12:00:00.000Z');
        const feb = await at('2024-02-15T12:00:00.000Z');
        const mar = await at('2024-03-15T12:00:00.000Z');

        const ids = async (since?: string, until?: string): Promise<number[]> =>
          (await store.listLog({ clientId: CLIENT, since, until })).map((e) => e.id);
        expect(await ids('2024-02-15T12:00:00.000Z')).toEqual([mar, feb]);
        expect(await ids(undefined, '2024-02-15T12:00:00.000Z')).toEqual([feb, jan]);
        expect(await ids('2024-02-01T00:00:00.000Z', '2024-02-28T23:59:59.999Z')).toEqual([feb]);
        expect(await ids('2024-04-01T00:00:00.000Z')).toEqual([]);
      });

      it('pages newest first with beforeId and limit', async () => {
        const written: number[] = [];
        for (let i = 0; i < 7; i++) written.push((await store.appendLog({ ...entry, summary: `entry ${i}` })).id);
        const newestFirst = [...written].reverse();

        const page1 = await store.listLog({ clientId: CLIENT, limit: 3 });
        expect(page1.map((e) => e.id)).toEqual(newestFirst.slice(0, 3));
        const page2 = await store.listLog({ clientId: CLIENT, limit: 3, beforeId: page1[2].id });
        expect(page2.map((e) => e.id)).toEqual(newestFirst.slice(3, 6));
        const page3 = await store.listLog({ clientId: CLIENT, limit: 3, beforeId: page2[2].id });
        expect(page3.map((e) => e.id)).toEqual(newestFirst.slice(6));
        expect(await store.listLog({ clientId: CLIENT, beforeId: written[0] })).toEqual([]);
      });
    });

    describe('group commit', () => {
      it('saves many records at once, results in input order', async () => {
        const existing = await store.saveRecord(save('OLD', person('Old')));
        const results = await store.saveRecords([
          save('N1', person('Ann')),
          save('OLD', person('Old')),
          save('N2', person('Bob'), { targets: ['acme', 'mindbody'] }),
        ]);
        expect(results.map((r) => r.record.origin.recordId)).toEqual(['N1', 'OLD', 'N2']);
        expect(results.map((r) => [r.created, r.changed, r.deliveryIds.length])).toEqual([
          [true, true, 1],
          [false, false, 0],
          [true, true, 2],
        ]);
        expect(results[1].record.uuid).toBe(existing.record.uuid);
        expect(await store.getRecord(results[2].record.uuid)).toEqual(results[2].record);
        expect(await store.saveRecords([])).toEqual([]);
      });

      it('writes contentJson as it is and leaves the input content unread (a batch prepared on another thread)', async () => {
        const json = JSON.stringify(person('Encoded', { mobile: '555-0100' }));
        let reads = 0;
        const encoded = (recordId: string): SaveRecordInput<'person'> => {
          const input = save(recordId, person('Unused'));
          return {
            ...input,
            contentJson: json,
            get content() {
              reads += 1;
              return JSON.parse(json) as Person;
            },
          };
        };
        const [created] = await store.saveRecords([encoded('ENC')]);
        const [again] = await store.saveRecords([encoded('ENC')]);
        expect(reads).toBe(0);
        expect([created.created, again.changed]).toEqual([true, false]);
        const stored = await store.getRecord(created.record.uuid);
        expect(stored?.content).toEqual(JSON.parse(json));
        // Asking the answer for its content reads the input's, once asked.
        expect(created.record.content).toEqual(stored?.content);
        expect(reads).toBe(1);
      });

      it('recognises known records among new ones after many new records, and new ones after many known (however it looks them up)', async () => {
        // Several batches of new records first (an import, a first sync), then known and new mixed.
        for (let b = 0; b < 4; b++) {
          const fresh = await store.saveRecords(Array.from({ length: 100 }, (_, i) => save(`F${b}-${i}`, person(`Fresh${b}x${i}`))));
          expect(fresh.every((r) => r.created && r.changed && r.deliveryIds.length === 1)).toBe(true);
        }
        const mixed = await store.saveRecords([
          save('F0-1', person('Fresh0x1')),
          save('F1-2', person('Fresh1x2', { mobile: '555-0102' })),
          save('NEW-1', person('Newcomer')),
          save('NEW-1', person('Newcomer', { mobile: '555-0103' })),
        ]);
        expect(mixed.map((r) => [r.created, r.changed, r.record.version, r.deliveryIds.length])).toEqual([
          [false, false, 1, 0],
          [false, true, 2, 1],
          [true, true, 1, 1],
          [false, true, 2, 1],
        ]);
        expect(mixed[3].record.uuid).toBe(mixed[2].record.uuid);
        // Then many re-sends, and a new record among them.
        for (let b = 0; b < 3; b++) {
          const again = await store.saveRecords(Array.from({ length: 100 }, (_, i) => save(`F${b}-${i}`, person(`Fresh${b}x${i}`, b === 1 && i === 2 ? { mobile: '555-0102' } : {}))));
          expect(again.every((r) => !r.created && !r.changed)).toBe(true);
        }
        const [late] = await store.saveRecords([save('NEW-2', person('Latecomer'))]);
        expect([late.created, late.changed]).toEqual([true, true]);
        expect((await store.listRecords({ clientId: CLIENT, limit: 1000 })).length).toBe(402);
      });

      it('gives a new record the UUID its save brings, and keeps an existing record\'s', async () => {
        const given = '01890a5d-ac96-774b-bcce-b302099a8057';
        const [created] = await store.saveRecords([{ ...save('GIVEN', person('Given')), uuid: given }]);
        expect(created.record.uuid).toBe(given);
        expect((await store.getRecord(given))?.origin.recordId).toBe('GIVEN');
        const [again] = await store.saveRecords([{ ...save('GIVEN', person('Given', { mobile: '555-0101' })), uuid: '01890a5d-ac96-774b-bcce-b302099a8058' }]);
        expect([again.record.uuid, again.changed]).toEqual([given, true]);
        const [made] = await store.saveRecords([save('MADE', person('Made'))]);
        expect(made.record.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      });

      it('saves a large batch of new, changed and unchanged records of several clubs and providers as one save at a time would', async () => {
        // 150 records: more than a store may look up or insert per statement, so batched paths are used.
        const seeded = await store.saveRecords(Array.from({ length: 30 }, (_, i) => save(`K${i}`, person(`Kept${i}`))));
        const batch = [
          ...Array.from({ length: 30 }, (_, i) => save(`K${i}`, i % 2 ? person(`Kept${i}`) : person(`Kept${i}`, { mobile: '555-0199' }))),
          ...Array.from({ length: 100 }, (_, i) => save(`N${i}`, person(`New${i}`), { clubId: i % 2 ? CLUB : 'club-other', targets: i % 3 ? ['acme'] : ['acme', 'mindbody'] })),
          ...Array.from({ length: 20 }, (_, i) => ({ ...save(`K${i}`, person(`Elsewhere${i}`)), origin: { provider: 'OTHER', recordId: `K${i}` } })),
        ];
        const results = await store.saveRecords(batch);
        expect(results).toHaveLength(150);
        results.forEach((result, i) => {
          expect(result.record.origin).toEqual(batch[i].origin);
          expect(result.record.content).toEqual(batch[i].content);
        });
        // The seeded records: same uuid; the even ones changed (version 2, one delivery), the odd ones not.
        results.slice(0, 30).forEach((result, i) => {
          expect(result.record.uuid).toBe(seeded[i].record.uuid);
          expect([result.created, result.changed, result.record.version, result.deliveryIds.length]).toEqual(i % 2 ? [false, false, 1, 0] : [false, true, 2, 1]);
        });
        // New records, and the same record IDs from another provider, are new records with their deliveries.
        results.slice(30).forEach((result, i) => {
          expect([result.created, result.changed, result.record.version]).toEqual([true, true, 1]);
          expect(result.deliveryIds).toHaveLength(batch[30 + i].targets.length);
        });
        expect(new Set(results.map((r) => r.record.uuid)).size).toBe(150);
        const stored = await store.getRecord(results[31].record.uuid);
        expect(stored).toEqual(results[31].record);
        expect(await store.findRecordByOrigin(CLIENT, 'club-other', { provider: 'INTOUCH', recordId: 'N0' })).toMatchObject({ uuid: results[30].record.uuid });
        expect(await store.getRecord(results[0].record.uuid)).toMatchObject({ version: 2, content: { mobile: '555-0199' } });
        // 30 seeded (the changed ones re-armed, not added), 100 new (34 of them to two platforms), 20 from OTHER.
        expect(await store.unfinishedDeliveries()).toBe(30 + 134 + 20);
      });

      it('applies two saves of the same origin in order', async () => {
        const [first, second, third] = await store.saveRecords([
          save('L1', person('Jane')),
          save('L1', person('Jane', { mobile: '555-0100' })),
          save('L1', person('Jane', { mobile: '555-0100' })),
        ]);
        expect([first.created, second.created, third.created]).toEqual([true, false, false]);
        expect([first.changed, second.changed, third.changed]).toEqual([true, true, false]);
        expect(second.record.uuid).toBe(first.record.uuid);
        expect(second.record.version).toBe(2);
        expect(second.deliveryIds).toEqual(first.deliveryIds);
        expect(await store.getRecord(first.record.uuid)).toMatchObject({
          version: 2,
          content: person('Jane', { mobile: '555-0100' }),
        });
        const deliveries = await store.listDeliveries(first.record.uuid);
        expect(deliveries).toHaveLength(1);
        expect(deliveries[0]).toMatchObject({ state: 'pending', recordVersion: 2 });
      });
    });

    describe('restart', () => {
      it('keeps records, links, deliveries and the log across a close and reopen', async () => {
        if (!handle.reopen) return;
        const { record, deliveryIds } = await store.saveRecord(
          save('L1', person('Jane'), { targets: ['acme', 'mindbody'] }),
        );
        const now = Date.now();
        await store.putLink({
          recordUuid: record.uuid,
          clientId: CLIENT,
          clubId: CLUB,
          platform: 'acme',
          platformRecordId: 'P-1',
          linkedType: 'PROSPECT',
          deliveredHash: record.hash,
        });
        const [leased] = await store.claimDeliveries({ now, leaseMs: 60_000, limit: 1, platform: 'acme' });
        await store.recordIntent(leased.id, leased.leaseToken!, now);
        const logged = await store.appendLog({
          clientId: CLIENT,
          clubId: CLUB,
          level: 'WARNING',
          direction: 'OUTBOUND',
          platform: 'acme',
          summary: 'Jane Doe sent to Acme without a lead source',
          details: { missing: 'leadSource' },
        });
        const deliveriesBefore = await store.listDeliveries(record.uuid);
        const linksBefore = await store.listLinks(record.uuid);

        await store.close();
        store = await handle.reopen();

        expect(await store.getRecord(record.uuid)).toEqual(record);
        expect(await store.listLinks(record.uuid)).toEqual(linksBefore);
        expect(await store.listDeliveries(record.uuid)).toEqual(deliveriesBefore);
        expect(deliveriesBefore.map((d) => d.id).sort()).toEqual([...deliveryIds].sort());
        expect(await store.listLog({ clientId: CLIENT })).toEqual([logged]);

        // The lease held before the restart is still honoured, and still expires.
        await complete(leased.id, leased.leaseToken!, 1);
        expect((await delivery(leased.id)).state).toBe('done');
        const [mindbody] = await store.claimDeliveries({ now, leaseMs: 1000, limit: 10 });
        expect(mindbody.platform).toBe('mindbody');
        expect(await store.saveRecord(save('L1', person('Jane')))).toMatchObject({ created: false, changed: false });
      });
    });
  });
}
