import { describe, expect, it } from '@jest/globals';
import { CLIENT, CLUB, person, save, useContractStore, type ContractStore, type OpenContractStore } from './contract-store';

/**
 * Durability: records, links, deliveries, leases and the log survive a close and reopen (given `reopen`;
 * without it the test passes vacuously).
 *
 * One section of {@link describeStoreContract}, for a store that runs the contract section by section.
 * `open` is called before every test and must answer an empty store.
 */
export function describeDurabilityContract(name: string, open: OpenContractStore): void {
  describe(`ConnectorStore contract: ${name}`, () => {
    let store!: ContractStore;
    const t = useContractStore(open, (opened) => (store = opened));
    const { complete, delivery } = t;

    describe('restart', () => {
      it('keeps records, links, deliveries and the log across a close and reopen', async () => {
        if (!t.handle.reopen) return;
        const { record, deliveryIds } = await store.saveRecord(save('L1', person('Jane'), { targets: ['acme', 'mindbody'] }));
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
        store = t.store = await t.handle.reopen();

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
