/**
 * A call budget as a club sees it: a turn-up allowed N calls a day gets more records than N calls can
 * deliver. Acme receives at most N calls that day, the rest wait in the queue (no dead letter, no
 * attempt spent) with one WARNING; when the next day begins they are delivered, with one INFO. The
 * clock is the test's, so the day ends when the test says.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createHarness, type Harness } from '@connector/testing';
import { startAcmeSimulator, type AcmeSimulator } from '@connector/plugin-acme/simulator';
import acmePlugin from '@connector/plugin-acme';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A clock the test moves by hand, an hour before the budget's day ends. */
function testClock() {
  let now = Date.parse('2026-12-05T23:00:00Z');
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

jest.setTimeout(60_000);

describe('a call budget', () => {
  const clubId = 'club-north';
  // A record costs Acme three calls (two look-ups, a create): two or three fit in a day, the rest the next.
  const perDay = 9;
  const records = 5;
  let simulator: AcmeSimulator;
  let harness: Harness;
  let clock: ReturnType<typeof testClock>;

  async function start(turnUp: { perDay: number; pullEvery?: string }) {
    clock = testClock();
    simulator = await startAcmeSimulator();
    harness = await createHarness({
      plugin: acmePlugin,
      simulator,
      clubIds: [clubId],
      clock,
      turnUp: {
        callBudget: { perDay: turnUp.perDay, resetsAt: '00:00', timeZone: 'UTC' },
        pull: turnUp.pullEvery ? { every: turnUp.pullEvery } : undefined,
      },
      // Leases far longer than the clock's jump: it never makes an attempt in flight look abandoned.
      worker: { pollIntervalMs: 5, concurrency: 2, leaseMs: 100 * HOUR },
    });
  }

  afterEach(async () => {
    await harness.close();
    await simulator.close();
  });

  const accept = (i: number) =>
    harness.connector.accept({
      provider: 'CRM',
      clientId: harness.clientId,
      clubId,
      recordId: `crm-${i}`,
      kind: 'person',
      content: { userType: 'PROSPECT', userStatus: 'ACTIVE', firstName: `Bea${i}`, lastName: 'Budget', email: `bea${i}@example.com` },
    });

  /** Waits (real time, bounded) until `done`. */
  async function until(done: () => Promise<boolean>, what: string, maxSteps = 400): Promise<void> {
    for (let step = 0; step < maxSteps; step++) {
      if (await done()) return;
      await sleep(15);
    }
    throw new Error(`${what}: not after ${maxSteps} looks`);
  }

  it('holds Acme to N calls a day, keeps the rest queued, and delivers them the next day', async () => {
    await start({ perDay });
    const uuids: string[] = [];
    for (let i = 0; i < records; i++) uuids.push((await accept(i)).record.uuid);
    const log = () => harness.log();
    await until(async () => (await log()).some((e) => e.level === 'WARNING'), 'the budget WARNING');
    // The last call of the budget may still be on its way when another is refused.
    await until(async () => simulator.requests().length === perDay, 'the last call of the day in Acme');

    // The deliveries refused are given back just after (those claimed ahead too).
    const deliveries = async () => Promise.all(uuids.map(async (uuid) => (await harness.store.listDeliveries(uuid))[0]));
    await until(async () => (await deliveries()).every((d) => d.state !== 'leased'), 'the deliveries given back');

    const firstDayCalls = simulator.requests().length;
    expect(firstDayCalls).toBe(perDay);
    const delivered = (await simulator.people()).length;
    expect(delivered).toBeGreaterThan(0);
    expect(delivered).toBeLessThan(records);
    expect(await harness.store.listDeadLetters({ clientId: harness.clientId })).toEqual([]);
    const waiting = (await deliveries()).filter((d) => d.state !== 'done');
    expect(waiting.length).toBe(records - delivered);
    // Given back, not failed: no attempt counted, nothing waiting for a retry later.
    expect(waiting.map((d) => [d.state, d.attempts])).toEqual(waiting.map(() => ['pending', 0]));
    let entries = await log();
    const warnings = entries.filter((e) => e.level === 'WARNING');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ clubId, platform: 'acme' });
    expect(warnings[0].summary).toBe(`Acme's call budget of ${perDay} a day is spent: deliveries wait until 2026-12-06 00:00 UTC`);
    expect(entries.filter((e) => e.level === 'ERROR')).toEqual([]);

    // The next day.
    clock.advance(HOUR);
    await until(async () => (await simulator.people()).length === records && (await harness.connector.drain(50)), 'every record in Acme');

    expect(simulator.requests().length - firstDayCalls).toBeLessThanOrEqual(perDay);
    expect(new Set((await simulator.people()).map((p) => p.firstName)).size).toBe(records);
    expect(await harness.store.listDeadLetters({ clientId: harness.clientId })).toEqual([]);
    entries = await log();
    const resumed = entries.filter((e) => /renewed/.test(e.summary));
    expect(resumed).toHaveLength(1);
    expect(resumed[0]).toMatchObject({ level: 'INFO', clubId });
    expect(resumed[0].summary).toBe(`Acme's call budget of ${perDay} a day is renewed: ${records - delivered} deliveries resumed`);
    expect(entries.filter((e) => e.level === 'WARNING')).toHaveLength(1);
    const created = entries.filter((e) => e.level === 'INFO' && /Budget/.test(e.summary) && /created/.test(e.summary));
    expect(created).toHaveLength(records);
    // Each delivery's entry says how many calls of the day were left after it.
    for (const entry of created) expect(entry.details).toMatchObject({ callsLeft: expect.any(Number) });
  });

  it('skips scheduled pulls while the budget is spent, saying so once, and calls Acme no more', async () => {
    await simulatorPeopleEnteredAtTheDesk();
    expect(simulator.requests()).toHaveLength(1);
    // The second pull needs a call the budget no longer has: it stops, and the hub says so once.
    const stopped = () => harness.lines.filter((line) => line.includes('a scheduled pull stopped: the call budget is spent'));
    await until(async () => stopped().length === 1, 'the pull stopped', 1_000);
    // Two more runs of the schedule pass: skipped, without a call or a line.
    await sleep(2_500);
    expect(simulator.requests()).toHaveLength(1);
    expect(stopped()).toHaveLength(1);
    expect(harness.lines.filter((line) => line.includes('a scheduled pull failed'))).toEqual([]);
    // The deliveries wait too: one WARNING, no ERROR.
    const entries = await harness.log();
    expect(entries.filter((e) => e.level === 'WARNING').map((e) => e.summary)).toEqual([
      "Acme's call budget of 1 a day is spent: deliveries wait until 2026-12-06 00:00 UTC",
    ]);
    expect(entries.filter((e) => e.level === 'ERROR')).toEqual([]);
  });

  /** A turn-up of one call a day, pulled every second; the first pull reads one person entered at the desk. */
  async function simulatorPeopleEnteredAtTheDesk(): Promise<void> {
    await start({ perDay: 1, pullEvery: '1s' });
    await simulator.enterPerson(clubId, 'prospect', { firstName: 'Dee', lastName: 'Desk', email: 'dee@example.com' });
    await until(async () => (await harness.store.listLog({ clientId: harness.clientId })).some((e) => e.direction === 'INBOUND'), 'the pulled person', 1_000);
  }
});
