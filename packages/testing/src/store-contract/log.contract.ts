import { describe, expect, it } from '@jest/globals';
import type { ConnectorStore } from '@connector/core';
import { CLIENT, CLUB, useContractStore, type ContractStore, type OpenContractStore } from './contract-store';

/**
 * The Connector Log: appends with ids and UTC times, filters, search, time bounds and paging, newest first.
 *
 * One section of {@link describeStoreContract}, for a store that runs the contract section by section.
 * `open` is called before every test and must answer an empty store.
 */
export function describeLogStoreContract(name: string, open: OpenContractStore): void {
  describe(`ConnectorStore contract: ${name}`, () => {
    let store!: ContractStore;
    useContractStore(open, (opened) => (store = opened));

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

        const ids = async (search: string): Promise<number[]> => (await store.listLog({ clientId: CLIENT, search })).map((e) => e.id);
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

        const ids = async (since?: string, until?: string): Promise<number[]> => (await store.listLog({ clientId: CLIENT, since, until })).map((e) => e.id);
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
  });
}
