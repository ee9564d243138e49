import { describe, expect, it } from '@jest/globals';
import { personMatchKeys, type InboundChange, type Person, type TwoWayStore } from '@connector/core';
import { CLIENT, CLUB, person, save, useContractStore, type ContractStore, type OpenContractStore } from './contract-store';

/** A change from Acme for the person Acme calls `platformId`: routed to mindbody, never back to acme. */
function fromAcme(platformId: string, content: Person, recordUuid?: string): InboundChange {
  return {
    ...(recordUuid ? { recordUuid } : {}),
    save: save(platformId, content, { origin: { provider: 'ACME', recordId: platformId }, targets: ['mindbody'], changedBy: 'platform:acme' }),
    link: { platformRecordId: platformId, linkedType: content.userType },
    log: [{ clientId: CLIENT, clubId: CLUB, level: 'INFO', direction: 'INBOUND', platform: 'ACME', summary: `${content.firstName} changed in Acme` }],
  };
}

/** The two-way methods, which a store must have to run this section. */
function twoWay(store: ContractStore): TwoWayStore {
  if (!store.applyInbound || !store.getPullCursor || !store.findLinkByPlatformId || !store.findPeopleByKeys)
    throw new Error('the store has no two-way sync methods');
  return store as TwoWayStore;
}

/**
 * Two-way sync: a page of platform changes applied in one transaction with the pull cursor (or the
 * webhook message ID), the no-echo link, SmartMatch look-ups and webhook dedup.
 *
 * One section of {@link describeStoreContract}. `open` is called before every test and must answer an
 * empty store.
 */
export function describeTwoWayContract(name: string, open: OpenContractStore): void {
  describe(`ConnectorStore contract: ${name}`, () => {
    let store!: ContractStore;
    const t = useContractStore(open, (opened) => (store = opened));

    describe('two-way sync', () => {
      it('applies a page: the record, deliveries to the other platforms only, the link with the hash as delivered, the log and the cursor', async () => {
        const sync = twoWay(store);
        expect(await sync.getPullCursor(CLIENT, 'acme', CLUB)).toBeUndefined();
        const { duplicate, saved } = await sync.applyInbound({
          clientId: CLIENT,
          platform: 'acme',
          changes: [fromAcme('A-1', person('Jane'))],
          cursor: { clubId: CLUB, value: 'c1' },
        });
        expect(duplicate).toBe(false);
        const record = saved[0].record;
        expect(saved[0]).toMatchObject({ created: true, changed: true });
        expect((await store.listDeliveries(record.uuid)).map((d) => d.platform)).toEqual(['mindbody']);
        expect(await store.getLink(record.uuid, CLIENT, 'acme')).toMatchObject({ platformRecordId: 'A-1', linkedType: 'PROSPECT', deliveredHash: record.hash });
        expect(await sync.findLinkByPlatformId(CLIENT, 'acme', 'A-1')).toMatchObject({ recordUuid: record.uuid });
        expect(await store.listLog({ clientId: CLIENT })).toEqual([
          expect.objectContaining({ direction: 'INBOUND', recordUuid: record.uuid, summary: 'Jane changed in Acme' }),
        ]);
        expect(await sync.getPullCursor(CLIENT, 'acme', CLUB)).toBe('c1');
        expect(await sync.getPullCursor(CLIENT, 'acme', 'club-2')).toBeUndefined();
      });

      it('updates the record named by UUID (a new version, deliveries re-armed); the same content changes nothing', async () => {
        const sync = twoWay(store);
        const { record } = await store.saveRecord(save('R1', person('Jane'), { targets: ['acme', 'mindbody'] }));
        const member: Person = { ...person('Jane'), userType: 'MEMBER' };
        const [changed] = (await sync.applyInbound({ clientId: CLIENT, platform: 'acme', changes: [fromAcme('A-7', member, record.uuid)] })).saved;
        expect(changed.record).toMatchObject({ uuid: record.uuid, version: 2, content: member, origin: { provider: 'INTOUCH', recordId: 'R1' } });
        expect(changed.deliveryIds).toHaveLength(1);
        expect((await store.getRecord(record.uuid))?.content).toEqual(member);
        const [same] = (await sync.applyInbound({ clientId: CLIENT, platform: 'acme', changes: [fromAcme('A-7', member, record.uuid)] })).saved;
        expect(same).toMatchObject({ changed: false, deliveryIds: [] });
        expect((await store.getRecord(record.uuid))?.version).toBe(2);
        expect(await store.getLink(record.uuid, CLIENT, 'acme')).toMatchObject({
          platformRecordId: 'A-7',
          linkedType: 'MEMBER',
          deliveredHash: changed.record.hash,
        });
      });

      it('applies a webhook message once: the same message ID again changes nothing', async () => {
        const sync = twoWay(store);
        const batch = { clientId: CLIENT, platform: 'acme', changes: [fromAcme('A-1', person('Jane'))], messageId: 'msg-1' };
        expect((await sync.applyInbound(batch)).duplicate).toBe(false);
        const again = await sync.applyInbound({ ...batch, changes: [fromAcme('A-1', person('Jane', { city: 'Paris' }))] });
        expect(again).toEqual({ duplicate: true, saved: [] });
        const records = await store.listRecords({ clientId: CLIENT });
        expect(records.map((r) => (r.content as Person).city)).toEqual([undefined]);
        expect(await store.listLog({ clientId: CLIENT })).toHaveLength(1);
        // Another platform may use the same message ID.
        expect((await sync.applyInbound({ ...batch, platform: 'mindbody' })).duplicate).toBe(false);
      });

      it('finds people by SmartMatch keys, whatever the case, spaces and punctuation, leaving out those linked to the platform', async () => {
        const sync = twoWay(store);
        const jane = await store.saveRecord(save('R1', person('Jane', { lastName: "O'Brien", email: 'Jane.OBrien@Example.com', mobile: '(604) 555-0100' })));
        const other = await store.saveRecord(save('R2', person('Jane', { lastName: 'OBrien', email: 'someone@example.com' })));
        const keys = personMatchKeys({ firstName: ' JANE ', lastName: 'o brien', email: 'jane.obrien@example.com ', mobile: '604.555.0100' });
        const uuids = async (query: Partial<Parameters<TwoWayStore['findPeopleByKeys']>[0]>) =>
          (await sync.findPeopleByKeys({ clientId: CLIENT, name: keys.name, ...query })).map((r) => r.uuid);
        expect(await uuids({ email: keys.email, mobile: keys.mobile })).toEqual([jane.record.uuid]);
        expect(await uuids({ email: keys.email })).toEqual([jane.record.uuid]);
        expect(await uuids({ mobile: keys.mobile })).toEqual([jane.record.uuid]);
        expect(await uuids({})).toEqual([jane.record.uuid, other.record.uuid]);
        expect(await uuids({ clientId: 'client-2' })).toEqual([]);
        await store.putLink({
          recordUuid: jane.record.uuid,
          clientId: CLIENT,
          clubId: CLUB,
          platform: 'acme',
          platformRecordId: 'A-1',
          linkedType: 'PROSPECT',
        });
        expect(await uuids({ notLinkedTo: 'acme' })).toEqual([other.record.uuid]);
        // The keys follow the content.
        await store.saveRecord(save('R2', person('Janet', { lastName: 'OBrien' })));
        expect(await uuids({})).toEqual([jane.record.uuid]);
      });

      it('keeps the cursor and the applied messages across a restart', async () => {
        if (!t.handle.reopen) return;
        await twoWay(store).applyInbound({ clientId: CLIENT, platform: 'acme', changes: [], cursor: { clubId: CLUB, value: 'c9' }, messageId: 'm9' });
        await store.close();
        store = t.store = await t.handle.reopen();
        expect(await twoWay(store).getPullCursor(CLIENT, 'acme', CLUB)).toBe('c9');
        expect((await twoWay(store).applyInbound({ clientId: CLIENT, platform: 'acme', changes: [], messageId: 'm9' })).duplicate).toBe(true);
      });
    });
  });
}
