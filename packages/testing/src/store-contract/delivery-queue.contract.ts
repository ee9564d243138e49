import { describe, expect, it } from '@jest/globals';
import { CLIENT, CLUB, person, save, useContractStore, type ContractStore, type OpenContractStore } from './contract-store';

/**
 * The delivery queue: one re-armable delivery per (record, platform), claims that lease and expire, stale
 * leases that change nothing, intents, reschedules, dead letters and replay, counts, give-backs, and
 * finishes that write the link and log entry with the completion.
 *
 * One section of {@link describeStoreContract}, for a store that runs the contract section by section.
 * `open` is called before every test and must answer an empty store.
 */
export function describeDeliveryQueueContract(name: string, open: OpenContractStore): void {
  describe(`ConnectorStore contract: ${name}`, () => {
    let store!: ContractStore;
    const { claimAll, complete, delivery } = useContractStore(open, (opened) => (store = opened));

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
        const [cClaim] = await store
          .claimDeliveries({ now, leaseMs: 1000, limit: 10, clientId: CLIENT, platform: 'acme' })
          .then((ds) => ds.filter((d) => d.recordUuid === c.record.uuid));
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
        const link = {
          recordUuid: saved.record.uuid,
          clientId: CLIENT,
          clubId: saved.record.clubId,
          platform: 'acme',
          platformRecordId: 'p-1',
          linkedType: 'PROSPECT' as const,
          deliveredHash: saved.record.hash,
        };
        const log = {
          clientId: CLIENT,
          clubId: saved.record.clubId,
          level: 'INFO' as const,
          direction: 'OUTBOUND' as const,
          platform: 'acme',
          recordUuid: saved.record.uuid,
          deliveryId: claimed.id,
          summary: 'Jane sent to Acme',
          details: { action: 'created' },
        };
        await store.finishDeliveries([{ id: claimed.id, leaseToken: claimed.leaseToken, deliveredVersion: 1, effects: { link, log } }]);
        expect((await delivery(claimed.id)).state).toBe('done');
        expect(await store.getLink(saved.record.uuid, CLIENT, 'acme')).toMatchObject({ platformRecordId: 'p-1', deliveredHash: saved.record.hash });
        expect(await store.listLog({ clientId: CLIENT })).toEqual([
          expect.objectContaining({ summary: 'Jane sent to Acme', level: 'INFO', deliveryId: claimed.id, details: { action: 'created' } }),
        ]);
      });

      it('finishes several deliveries together, each by its own lease and version', async () => {
        const jane = await store.saveRecord(save('L1', person('Jane')));
        const joe = await store.saveRecord(save('L2', person('Joe')));
        const claimed = await claimAll();
        expect(claimed).toHaveLength(2);
        const [forJane, forJoe] = claimed[0].recordUuid === jane.record.uuid ? claimed : [claimed[1], claimed[0]];
        // Joe changes while his delivery is in flight: finishing version 1 puts it back to pending.
        await store.saveRecord(save('L2', person('Joseph')));
        const entry = (summary: string) => ({
          clientId: CLIENT,
          clubId: jane.record.clubId,
          level: 'INFO' as const,
          direction: 'OUTBOUND' as const,
          platform: 'acme',
          summary,
        });
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
        const link = {
          recordUuid: saved.record.uuid,
          clientId: CLIENT,
          clubId: saved.record.clubId,
          platform: 'acme',
          platformRecordId: 'p-1',
          linkedType: 'PROSPECT' as const,
          deliveredHash: saved.record.hash,
        };
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
        const link = {
          recordUuid: saved.record.uuid,
          clientId: CLIENT,
          clubId: saved.record.clubId,
          platform: 'acme',
          platformRecordId: 'p-9',
          linkedType: 'PROSPECT' as const,
        };
        await store.finishDeliveries([{ id: stale.id, leaseToken: stale.leaseToken, deliveredVersion: 1, effects: { link } }]);
        expect(await store.getLink(saved.record.uuid, CLIENT, 'acme')).toMatchObject({ platformRecordId: 'p-9' });
        expect(await delivery(current.id)).toMatchObject({ state: 'leased', leaseToken: current.leaseToken });
      });

      it('reschedules and dead-letters together with their log entries', async () => {
        const saved = await store.saveRecord(save('L1', person('Jane'), { targets: ['acme', 'mindbody'] }));
        const [a] = await claimAll('acme');
        const [m] = await claimAll('mindbody');
        const entry = (platform: string, summary: string) => ({
          clientId: CLIENT,
          clubId: saved.record.clubId,
          level: 'ERROR' as const,
          direction: 'OUTBOUND' as const,
          platform,
          summary,
        });
        await store.rescheduleDelivery(a.id, a.leaseToken!, Date.now() + 60_000, { message: '503' }, entry('acme', 'retrying'));
        await store.deadLetter(m.id, m.leaseToken!, { message: '400' }, entry('mindbody', 'dead'));
        expect((await store.listLog({ clientId: CLIENT })).map((e) => e.summary).sort()).toEqual(['dead', 'retrying']);
        expect((await delivery(a.id)).state).toBe('pending');
        expect((await delivery(m.id)).state).toBe('dead');
      });

      it('writes no log entry for a reschedule or dead letter whose lease went stale: the new attempt speaks for the delivery', async () => {
        const saved = await store.saveRecord(save('L1', person('Jane')));
        const now = Date.now();
        const [stale] = await store.claimDeliveries({ now, leaseMs: 1000, limit: 10 });
        const [current] = await store.claimDeliveries({ now: now + 5000, leaseMs: 60_000, limit: 10 });
        const entry = (summary: string) => ({
          clientId: CLIENT,
          clubId: saved.record.clubId,
          level: 'ERROR' as const,
          direction: 'OUTBOUND' as const,
          platform: 'acme',
          summary,
        });
        await store.rescheduleDelivery(stale.id, stale.leaseToken!, now + 99_000, { message: '503' }, entry('stale retry'));
        await store.deadLetter(stale.id, stale.leaseToken!, { message: '400' }, entry('stale dead letter'));
        expect(await store.listLog({ clientId: CLIENT })).toEqual([]);
        expect(await delivery(current.id)).toMatchObject({ state: 'leased', leaseToken: current.leaseToken });
      });
    });
  });
}
