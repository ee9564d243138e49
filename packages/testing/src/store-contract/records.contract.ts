import { describe, expect, it } from '@jest/globals';
import type { ConnectorStore } from '@connector/core';
import { UUID, CLIENT, CLUB, person, save, useContractStore, type ContractStore, type OpenContractStore } from './contract-store';

/**
 * Records: upsert by origin (a save queues one delivery per target), lookups by UUID and origin, listing
 * with filters and paging.
 *
 * One section of {@link describeStoreContract}, for a store that runs the contract section by section.
 * `open` is called before every test and must answer an empty store.
 */
export function describeRecordStoreContract(name: string, open: OpenContractStore): void {
  describe(`ConnectorStore contract: ${name}`, () => {
    let store!: ContractStore;
    useContractStore(open, (opened) => (store = opened));

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
  });
}
