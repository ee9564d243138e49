import { describe, expect, it } from '@jest/globals';
import { CLIENT, CLUB, person, save, useContractStore, type ContractStore, type OpenContractStore } from './contract-store';

/**
 * Links: put, replace, list and delete the tie between a hub record and its ID in a platform.
 *
 * One section of {@link describeStoreContract}, for a store that runs the contract section by section.
 * `open` is called before every test and must answer an empty store.
 */
export function describeLinkStoreContract(name: string, open: OpenContractStore): void {
  describe(`ConnectorStore contract: ${name}`, () => {
    let store!: ContractStore;
    useContractStore(open, (opened) => (store = opened));

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
  });
}
