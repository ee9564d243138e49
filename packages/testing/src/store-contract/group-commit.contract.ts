import { describe, expect, it } from '@jest/globals';
import { personMatchKeys, type Person, type SaveRecordInput } from '@connector/core';
import { CLIENT, CLUB, person, save, useContractStore, type ContractStore, type OpenContractStore } from './contract-store';

/**
 * Group commit: many saves in one transaction, in input order, as one save at a time would (the atomic
 * "record and its deliveries" for a batch).
 *
 * One section of {@link describeStoreContract}, for a store that runs the contract section by section.
 * `open` is called before every test and must answer an empty store.
 */
export function describeGroupCommitContract(name: string, open: OpenContractStore): void {
  describe(`ConnectorStore contract: ${name}`, () => {
    let store!: ContractStore;
    const t = useContractStore(open, (opened) => (store = opened));

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
          const again = await store.saveRecords(
            Array.from({ length: 100 }, (_, i) => save(`F${b}-${i}`, person(`Fresh${b}x${i}`, b === 1 && i === 2 ? { mobile: '555-0102' } : {}))),
          );
          expect(again.every((r) => !r.created && !r.changed)).toBe(true);
        }
        const [late] = await store.saveRecords([save('NEW-2', person('Latecomer'))]);
        expect([late.created, late.changed]).toEqual([true, true]);
        expect((await store.listRecords({ clientId: CLIENT, limit: 1000 })).length).toBe(402);
      });

      it("gives a new record the UUID its save brings, and keeps an existing record's", async () => {
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
          ...Array.from({ length: 100 }, (_, i) =>
            save(`N${i}`, person(`New${i}`), { clubId: i % 2 ? CLUB : 'club-other', targets: i % 3 ? ['acme'] : ['acme', 'mindbody'] }),
          ),
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
          expect([result.created, result.changed, result.record.version, result.deliveryIds.length]).toEqual(
            i % 2 ? [false, false, 1, 0] : [false, true, 2, 1],
          );
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

      it('applies a batch of new, changed, unchanged and repeated saves of one record as one save at a time would', async () => {
        await store.saveRecord(save('KEPT', person('Kept')));
        const held = await store.saveRecord(save('HELD', person('Held')));
        const claims = await t.claimAll();
        const heldClaim = claims.find((c) => c.recordUuid === held.record.uuid)!;
        const keptClaim = claims.find((c) => c.recordUuid !== held.record.uuid)!;
        await t.complete(keptClaim.id, keptClaim.leaseToken!, 1);
        const before = await store.listChanges({ clientIds: [CLIENT] });

        const results = await store.saveRecords([
          save('R', person('Rae')),
          save('KEPT', person('Kept')),
          save('HELD', person('Held', { mobile: '555-0100' })),
          save('R', person('Rae', { mobile: '555-0101' }), { targets: ['acme', 'mindbody'] }),
          save('R', person('Rae', { mobile: '555-0101' })),
          save('R', person('Raven')),
          save('N', person('Ned'), { targets: [] }),
        ]);
        expect(results.map((r) => [r.record.origin.recordId, r.created, r.changed, r.record.version, r.deliveryIds.length])).toEqual([
          ['R', true, true, 1, 1],
          ['KEPT', false, false, 1, 0],
          ['HELD', false, true, 2, 1],
          ['R', false, true, 2, 2],
          ['R', false, false, 2, 0],
          ['R', false, true, 3, 1],
          ['N', true, true, 1, 0],
        ]);
        // One delivery row per (record, platform): the repeated saves re-arm the first save's.
        const rae = results[0].record.uuid;
        expect(new Set(results.slice(3, 6).map((r) => r.record.uuid))).toEqual(new Set([rae]));
        expect(results[3].deliveryIds).toContain(results[0].deliveryIds[0]);
        expect(results[5].deliveryIds).toEqual(results[0].deliveryIds);
        const deliveries = await store.listDeliveries(rae);
        expect(deliveries.map((d) => [d.platform, d.state])).toEqual([
          ['acme', 'pending'],
          ['mindbody', 'pending'],
        ]);
        expect(deliveries[0].recordVersion).toBe(3);
        expect(await store.getRecord(rae)).toMatchObject({ version: 3, content: person('Raven') });

        // The leased delivery stays with its worker, whose completion then puts the newer version back.
        expect(results[2].deliveryIds).toEqual([heldClaim.id]);
        expect(await t.delivery(heldClaim.id)).toMatchObject({ state: 'leased', leaseToken: heldClaim.leaseToken });
        await t.complete(heldClaim.id, heldClaim.leaseToken!, 1);
        expect(await t.delivery(heldClaim.id)).toMatchObject({ state: 'pending', recordVersion: 2 });
        expect(await store.unfinishedDeliveries()).toBe(3);

        // The feed: each changed record once, at the place of its last change in the batch.
        const after = await store.listChanges({ clientIds: [CLIENT], afterSeq: before.nextSeq });
        expect(after.changes.map((c) => c.record.origin.recordId)).toEqual(['HELD', 'R', 'N']);
        // The SmartMatch keys follow the last content (stores with two-way sync).
        if (store.findPeopleByKeys) {
          const named = async (firstName: string) =>
            (await store.findPeopleByKeys!({ clientId: CLIENT, name: personMatchKeys(person(firstName)).name })).map((r) => r.uuid);
          expect(await named('Raven')).toEqual([rae]);
          expect(await named('Rae')).toEqual([]);
        }
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
  });
}
