import { describe, expect, it } from '@jest/globals';
import type { ChangeQuery } from '@connector/core';
import { CLIENT, person, save, useContractStore, type ContractStore, type OpenContractStore } from './contract-store';

/**
 * The change sequence (the change feed of the systems that only send): every create or content change
 * takes the next sequence number in commit order and says who made it; `listChanges` reads a client
 * scope's records changed after a point, each once at its latest change, leaving out given authors, in
 * pages whose `nextSeq` resumes exactly; the sequence survives a restart (given `reopen`).
 *
 * One section of {@link describeStoreContract}, for a store that runs the contract section by section.
 * `open` is called before every test and must answer an empty store.
 */
export function describeChangeFeedContract(name: string, open: OpenContractStore): void {
  describe(`ConnectorStore contract: ${name}`, () => {
    let store!: ContractStore;
    const t = useContractStore(open, (opened) => (store = opened));

    /** The record IDs a query answers, in order. */
    const ids = async (query: ChangeQuery): Promise<string[]> => (await store.listChanges(query)).changes.map((c) => c.record.origin.recordId);

    describe('change sequence', () => {
      it('numbers creates and content changes in commit order; an unchanged save is no change', async () => {
        await store.saveRecord(save('A', person('Ann')));
        await store.saveRecord(save('B', person('Bob')));
        const before = await store.listChanges({ clientIds: [CLIENT] });
        expect(before.changes.map((c) => c.record.origin.recordId)).toEqual(['A', 'B']);
        const [a, b] = before.changes;
        expect(b.seq).toBeGreaterThan(a.seq);
        expect(before.nextSeq).toBe(b.seq);

        await store.saveRecord(save('A', person('Ann'))); // same content: not a change
        expect(await store.listChanges({ clientIds: [CLIENT], afterSeq: before.nextSeq })).toEqual({ changes: [], nextSeq: before.nextSeq });

        await store.saveRecord(save('A', person('Ann', { mobile: '555-0100' })));
        const after = await store.listChanges({ clientIds: [CLIENT] });
        // Each record once, as its latest change left it, A now after B.
        expect(after.changes.map((c) => c.record.origin.recordId)).toEqual(['B', 'A']);
        expect(after.changes[1].seq).toBeGreaterThan(b.seq);
        expect(after.changes[1].record).toMatchObject({ version: 2, content: person('Ann', { mobile: '555-0100' }) });
        expect(after.changes[1].record).toEqual(await store.getRecord(a.record.uuid));
      });

      it('numbers a batch in input order; two saves of one origin in a batch are one change', async () => {
        await store.saveRecords([save('A', person('Ann')), save('B', person('Bob')), save('A', person('Ann', { mobile: '1' })), save('C', person('Cid'))]);
        const { changes } = await store.listChanges({ clientIds: [CLIENT] });
        expect(changes.map((c) => c.record.origin.recordId)).toEqual(['B', 'A', 'C']);
        expect(changes[1].record.version).toBe(2);
      });

      it('records who made each change: the sender by default, or the changedBy given', async () => {
        await store.saveRecord(save('A', person('Ann')));
        await store.saveRecord(save('B', person('Bob'), { origin: { provider: 'ABC', recordId: 'B' } }));
        await store.saveRecord(save('C', person('Cid'), { changedBy: 'platform:mindbody' }));
        const { changes } = await store.listChanges({ clientIds: [CLIENT] });
        expect(changes.map((c) => [c.record.origin.recordId, c.changedBy])).toEqual([
          ['A', 'INTOUCH'],
          ['B', 'ABC'],
          ['C', 'platform:mindbody'],
        ]);

        // A record last changed by a platform is listed for its sender; one the sender changed again is not.
        await store.saveRecord(save('A', person('Ann'), { changedBy: 'platform:mindbody', targets: [] }));
        expect(await ids({ clientIds: [CLIENT], excludeChangedBy: ['INTOUCH'] })).toEqual(['B', 'C']);
        await store.saveRecord(save('A', person('Ann', { mobile: '2' }), { changedBy: 'platform:mindbody' }));
        expect(await ids({ clientIds: [CLIENT], excludeChangedBy: ['INTOUCH'] })).toEqual(['B', 'C', 'A']);
        expect(await ids({ clientIds: [CLIENT], excludeChangedBy: ['INTOUCH', 'ABC'] })).toEqual(['C', 'A']);
      });

      it("tells a claim who made the record's latest change, so the Connector Log can say where it was made", async () => {
        await store.saveRecord(save('A', person('Ann')));
        await store.saveRecord(save('C', person('Cid'), { changedBy: 'platform:mindbody' }));
        const claimed = await t.claimAll();
        expect(claimed.map((d) => [d.record?.origin.recordId, d.changedBy]).sort()).toEqual([
          ['A', 'INTOUCH'],
          ['C', 'platform:mindbody'],
        ]);
      });

      it('reads only the clients asked for', async () => {
        await store.saveRecord(save('A', person('Ann')));
        await store.saveRecord(save('E', person('Eve'), { clientId: 'client-2' }));
        await store.saveRecord(save('F', person('Fay'), { clientId: 'client-3' }));
        expect(await ids({ clientIds: [CLIENT] })).toEqual(['A']);
        expect(await ids({ clientIds: ['client-2', CLIENT] })).toEqual(['A', 'E']);
        expect(await ids({ clientIds: [] })).toEqual([]);
        expect(await ids({ clientIds: ['no-such-client'] })).toEqual([]);
      });

      it('pages: a full page resumes after its last change; a short one after what the filters left out', async () => {
        for (const id of ['A', 'B', 'C', 'D', 'E']) await store.saveRecord(save(id, person(`N${id}`)));
        const first = await store.listChanges({ clientIds: [CLIENT], limit: 2 });
        expect(first.changes.map((c) => c.record.origin.recordId)).toEqual(['A', 'B']);
        expect(first.nextSeq).toBe(first.changes[1].seq);
        const second = await store.listChanges({ clientIds: [CLIENT], limit: 2, afterSeq: first.nextSeq });
        expect(second.changes.map((c) => c.record.origin.recordId)).toEqual(['C', 'D']);
        const third = await store.listChanges({ clientIds: [CLIENT], limit: 2, afterSeq: second.nextSeq });
        expect(third.changes.map((c) => c.record.origin.recordId)).toEqual(['E']);
        expect(await store.listChanges({ clientIds: [CLIENT], afterSeq: third.nextSeq })).toEqual({ changes: [], nextSeq: third.nextSeq });

        // Changes of another client or by an excluded author move a short page's cursor past them.
        await store.saveRecord(save('X', person('Xan'), { clientId: 'client-2' }));
        await store.saveRecord(save('F', person('Fay'), { origin: { provider: 'ABC', recordId: 'F' }, changedBy: 'ABC' }));
        const skipped = await store.listChanges({ clientIds: [CLIENT], excludeChangedBy: ['ABC'], afterSeq: third.nextSeq });
        expect(skipped.changes).toEqual([]);
        expect(skipped.nextSeq).toBeGreaterThan(third.nextSeq);
        await store.saveRecord(save('G', person('Gil')));
        expect(await ids({ clientIds: [CLIENT], excludeChangedBy: ['ABC'], afterSeq: skipped.nextSeq })).toEqual(['G']);
      });

      it('keeps the sequence across a close and reopen: a cursor taken before resumes after', async () => {
        if (!t.handle.reopen) return;
        await store.saveRecord(save('A', person('Ann')));
        const before = await store.listChanges({ clientIds: [CLIENT] });

        await store.close();
        store = t.store = await t.handle.reopen();

        expect(await store.listChanges({ clientIds: [CLIENT] })).toEqual(before);
        await store.saveRecord(save('B', person('Bob')));
        const after = await store.listChanges({ clientIds: [CLIENT], afterSeq: before.nextSeq });
        expect(after.changes.map((c) => c.record.origin.recordId)).toEqual(['B']);
        expect(after.changes[0].seq).toBeGreaterThan(before.nextSeq);
      });
    });
  });
}
