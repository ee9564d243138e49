import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from '@jest/globals';
import { INVALIDATE_ALL, type InvalidationBus, type LockStore } from '@connector/core';
import { useContractStore, type ContractStore, type OpenContractStore } from './contract-store';

/** Waits (bounded: about 10 s) until `done` is true; false when it never was. */
async function eventually(done: () => boolean): Promise<boolean> {
  for (let i = 0; i < 400 && !done(); i++) await sleep(25);
  return done();
}

/** A promise and the function that resolves it, to hold a lock until the test lets it go. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/**
 * What a store shared by several hubs offers them besides the queue: a lock (`ConnectorStore.locks`:
 * one holder of a key at a time, the key freed after its holder ends or throws, a holder's result
 * answered, a wait that gives up with a retryable error) and cache invalidation
 * (`ConnectorStore.invalidations`: a published key heard by every listener, the publisher's own
 * included, and no longer by one that stopped).
 *
 * One section of {@link describeStoreContract} for a store it is told is shared by hubs. `open` is called
 * before every test and must answer an empty store.
 */
export function describeSharedByHubsContract(name: string, open: OpenContractStore): void {
  describe(`ConnectorStore contract: ${name}`, () => {
    let store!: ContractStore;
    useContractStore(open, (opened) => (store = opened));
    const locks = (): LockStore => {
      if (!store.locks) throw new Error(`the ${name} store offers no lock (ConnectorStore.locks)`);
      return store.locks;
    };
    const bus = (): InvalidationBus => {
      if (!store.invalidations) throw new Error(`the ${name} store offers no cache invalidation (ConnectorStore.invalidations)`);
      return store.invalidations;
    };
    /** Subscribes and waits until the listener hears what is published (a store may connect first). */
    const listen = async (heard: string[]): Promise<() => void> => {
      const stop = bus().onInvalidation((key) => heard.push(key));
      for (let i = 0; i < 200 && !heard.includes(`probe-${i - 1}`); i++) {
        await bus().publishInvalidation(`probe-${i}`);
        await sleep(25);
      }
      heard.splice(0);
      return stop;
    };

    describe('a lock shared by hubs', () => {
      it('lets one holder of a key in at a time, the others in turn, and answers each holder its result', async () => {
        const events: string[] = [];
        const hold = (who: string) =>
          locks().withLock('lead-source:radio', async () => {
            events.push(`${who} in`);
            await sleep(20);
            events.push(`${who} out`);
            return who;
          });
        expect(await Promise.all([hold('a'), hold('b'), hold('c')])).toEqual(['a', 'b', 'c']);
        expect(events).toHaveLength(6);
        for (let i = 0; i < 6; i += 2) expect(events[i + 1]).toBe(events[i].replace(' in', ' out'));
      });

      it('does not hold back another key', async () => {
        const first = gate();
        const held = locks().withLock('key-1', () => first.opened);
        expect(await locks().withLock('key-2', async () => 'other key')).toBe('other key');
        first.open();
        await held;
      });

      it("throws on its holder's error and frees the key", async () => {
        await expect(
          locks().withLock('key-1', async () => {
            throw new Error('the platform refused');
          }),
        ).rejects.toThrow('the platform refused');
        expect(await locks().withLock('key-1', async () => 'free again')).toBe('free again');
      });

      it('gives up waiting after waitMs with a retryable DATABASE error, without running the waiter', async () => {
        const first = gate();
        const held = locks().withLock('key-1', () => first.opened);
        let ran = false;
        await expect(
          locks().withLock(
            'key-1',
            async () => {
              ran = true;
            },
            { waitMs: 100 },
          ),
        ).rejects.toMatchObject({ code: 'DATABASE', retryable: true });
        first.open();
        await held;
        expect(ran).toBe(false);
      });
    });

    describe('a lock held too long', () => {
      it('is taken from a holder that keeps it past holdMs (a hung hub), whose work still answers', async () => {
        const hung = gate();
        const held = locks().withLock(
          'key-1',
          async () => {
            await hung.opened;
            return 'late';
          },
          { holdMs: 200 },
        );
        expect(await locks().withLock('key-1', async () => 'taken over', { waitMs: 10_000 })).toBe('taken over');
        hung.open();
        expect(await held).toBe('late');
      });
    });

    describe('cache invalidation shared by hubs', () => {
      it('tells every listener, the publisher included, each published key, and a stopped listener nothing more', async () => {
        const [one, two]: [string[], string[]] = [[], []];
        await listen(one);
        const stopTwo = await listen(two);
        await bus().publishInvalidation('["staff","client-1","acme","club-1"]');
        expect(await eventually(() => one.includes('["staff","client-1","acme","club-1"]') && two.length > 0)).toBe(true);
        expect(two).toEqual(['["staff","client-1","acme","club-1"]']);

        stopTwo();
        await bus().publishInvalidation('k-2');
        expect(await eventually(() => one.includes('k-2'))).toBe(true);
        expect(two).toEqual(['["staff","client-1","acme","club-1"]']);
      });

      it('carries a key too long for its messages as INVALIDATE_ALL', async () => {
        const heard: string[] = [];
        await listen(heard);
        const long = 'x'.repeat(20_000);
        await bus().publishInvalidation(long);
        expect(await eventually(() => heard.length > 0)).toBe(true);
        expect([long, INVALIDATE_ALL]).toContain(heard[0]);
      });
    });
  });
}
