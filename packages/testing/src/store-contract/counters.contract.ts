import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from '@jest/globals';
import type { CounterStore } from '@connector/core';
import { useContractStore, type ContractStore, type OpenContractStore } from './contract-store';

const MINUTE = 60_000;

/** The longest a test waits (in 20 ms looks) for a short window to end, so a broken store fails instead of hanging. */
const MAX_LOOKS = 250;

/**
 * Counters in windows of time (`ConnectorStore.counters`): adds accumulate within a window and are
 * counted exactly under concurrency, a window ends and the next add starts a new one, keys stay apart,
 * and (given `reopen`) counts survive a restart.
 *
 * One section of {@link describeStoreContract}, for a store that runs the contract section by section.
 * `open` is called before every test and must answer an empty store whose clock is the real one (a
 * window must end while the test waits).
 */
export function describeCountersContract(name: string, open: OpenContractStore): void {
  describe(`ConnectorStore contract: ${name}`, () => {
    let store!: ContractStore;
    const t = useContractStore(open, (opened) => (store = opened));
    const counters = (): CounterStore => {
      if (!store.counters) throw new Error(`the ${name} store offers no counters (ConnectorStore.counters)`);
      return store.counters;
    };

    describe('counters', () => {
      it('adds points within a window, which keeps the end its first add gave it', async () => {
        expect(await counters().readCounter('auth:203.0.113.7')).toBeUndefined();
        const first = await counters().addToCounter('auth:203.0.113.7', 1, MINUTE);
        expect(first.count).toBe(1);
        const second = await counters().addToCounter('auth:203.0.113.7', 2, 5 * MINUTE);
        expect(second).toEqual({ count: 3, resetsAt: first.resetsAt });
        expect(await counters().readCounter('auth:203.0.113.7')).toEqual(second);
      });

      it('keeps keys apart', async () => {
        await counters().addToCounter('auth:203.0.113.7', 4, MINUTE);
        expect((await counters().addToCounter('auth:198.51.100.4', 1, MINUTE)).count).toBe(1);
        expect(await counters().readCounter('auth:2001:db8::1')).toBeUndefined();
        expect((await counters().readCounter('auth:203.0.113.7'))?.count).toBe(4);
      });

      it('ends a window: the counter reads as absent, and the next add starts again from its own points', async () => {
        const short = await counters().addToCounter('calls:acme', 7, 50);
        let looks = 0;
        while ((await counters().readCounter('calls:acme')) !== undefined && looks < MAX_LOOKS) {
          looks += 1;
          await sleep(20);
        }
        expect(await counters().readCounter('calls:acme')).toBeUndefined();
        const next = await counters().addToCounter('calls:acme', 1, MINUTE);
        expect(next.count).toBe(1);
        expect(next.resetsAt).toBeGreaterThan(short.resetsAt);
      });

      it('counts every one of 50 concurrent adds to one key', async () => {
        const states = await Promise.all(Array.from({ length: 50 }, () => counters().addToCounter('auth:203.0.113.9', 1, MINUTE)));
        expect(await counters().readCounter('auth:203.0.113.9')).toMatchObject({ count: 50 });
        // Each add saw its own addition: the counts answered are 1 to 50, each once.
        expect(states.map((state) => state.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      });

      it('keeps counts across a close and reopen', async () => {
        if (!t.handle.reopen) return;
        const before = await counters().addToCounter('auth:203.0.113.7', 3, MINUTE);
        await store.close();
        store = t.store = await t.handle.reopen();
        expect(await counters().readCounter('auth:203.0.113.7')).toEqual(before);
        expect(await counters().addToCounter('auth:203.0.113.7', 1, MINUTE)).toEqual({ count: 4, resetsAt: before.resetsAt });
      });
    });
  });
}
