/**
 * A record saved while the worker is in the middle of a claim (which read the queue before the save) is
 * delivered at once, not after the worker's poll interval: the save's wake-up is kept for the worker's
 * next sleep, which it skips. The poll interval here is an hour, so only the kept wake-up explains it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createHarness, embeddedHarnessStore, type Harness } from '@connector/testing';
import { startAcmeSimulator, type AcmeSimulator } from '@connector/plugin-acme/simulator';
import acmePlugin from '@connector/plugin-acme';

jest.setTimeout(30_000);

describe('a wake-up during a claim', () => {
  let simulator: AcmeSimulator;
  let harness: Harness;
  afterEach(async () => {
    await harness?.close();
    await simulator?.close();
  });

  it('is not lost: the record saved meanwhile is delivered without waiting for the next poll', async () => {
    let hold: Promise<void> | undefined;
    let claimed: () => void = () => {};
    let wakeWorkers: ((clientId: string) => void) | undefined;
    simulator = await startAcmeSimulator();
    harness = await createHarness({
      plugin: acmePlugin,
      simulator,
      clubIds: ['club-1'],
      // The real store, whose claims wait (after reading the queue) while the test holds them, and which
      // tells of work as a store shared by several hubs does, so the test can wake the worker.
      store: async (dataDir, clock) => {
        const store = await embeddedHarnessStore(dataDir, clock);
        const claim = store.claimDeliveries.bind(store);
        return Object.assign(store, {
          claimDeliveries: async (query: Parameters<typeof claim>[0]) => {
            const found = await claim(query);
            if (hold) {
              claimed();
              await hold;
            }
            return found;
          },
          onWork: (listener: (clientId: string) => void) => {
            wakeWorkers = listener;
            return () => (wakeWorkers = undefined);
          },
        });
      },
      worker: { pollIntervalMs: 3_600_000, prefetch: 0 },
    });
    // Let the worker's first claim (at start) end, so it sleeps for its hour.
    await sleep(200);

    let release: () => void = () => {};
    hold = new Promise((resolve) => (release = resolve));
    const inClaim = new Promise<void>((resolve) => (claimed = resolve));
    wakeWorkers!(harness.clientId);
    await inClaim; // the claim has read an empty queue and waits
    await harness.connector.accept({
      provider: 'CRM',
      clientId: harness.clientId,
      clubId: 'club-1',
      recordId: 'crm-1',
      kind: 'person',
      content: { userType: 'PROSPECT', userStatus: 'ACTIVE', firstName: 'Wendy', lastName: 'Wake', email: 'wendy@example.com' },
    });
    hold = undefined;
    release();

    for (let step = 0; (await simulator.people()).length === 0; step++) {
      if (step > 200) throw new Error('the record saved during the claim was not delivered within 10 s');
      await sleep(50);
    }
    expect((await simulator.people()).map((p) => p.firstName)).toEqual(['Wendy']);
  });
});
