/**
 * A platform outage as its clubs see it: deliveries wait while Acme is down (no attempts spent, no
 * ERROR per attempt), one WARNING when it stops answering and one INFO when it answers again, every
 * record delivered once afterwards. The clock is the test's, so hours pass in milliseconds.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createHarness, type Harness } from '@connector/testing';
import { startAcmeSimulator, type AcmeSimulator } from '@connector/plugin-acme/simulator';
import acmePlugin from '@connector/plugin-acme';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A clock the test moves by hand. */
function testClock() {
  let now = Date.now();
  return {
    now: () => now,
    advance: (ms: number) => (now += ms),
  };
}

// Probes and retries of the transport wait in real time (a fraction of a second each).
jest.setTimeout(60_000);

describe('an Acme outage', () => {
  const clubId = 'club-north';
  let simulator: AcmeSimulator;
  let harness: Harness;
  let clock: ReturnType<typeof testClock>;
  const restarted: AcmeSimulator[] = [];

  async function start(engine: { retryHorizonHours?: number } = {}, failureThreshold = 3) {
    clock = testClock();
    simulator = await startAcmeSimulator();
    harness = await createHarness({
      plugin: acmePlugin,
      simulator,
      clubIds: [clubId],
      clock,
      // Today's schedule (2 s doubling to 10 min); no cap on attempts: the horizon decides.
      engine: { retryBaseMs: 2_000, retryMaxMs: 10 * MINUTE, maxAttempts: undefined, ...engine },
      // Leases far longer than the clock's jumps: a jump never makes an attempt in flight look abandoned.
      worker: { pollIntervalMs: 5, concurrency: 2, leaseMs: 100 * HOUR, breaker: { failureThreshold, probeBaseMs: 5_000, probeMaxMs: 5 * MINUTE } },
    });
  }

  afterEach(async () => {
    await harness.close();
    await simulator.close();
    for (const sim of restarted.splice(0)) await sim.close();
  });

  const accept = (i: number) =>
    harness.connector.accept({
      provider: 'CRM',
      clientId: harness.clientId,
      clubId,
      recordId: `crm-${i}`,
      kind: 'person',
      content: { userType: 'PROSPECT', userStatus: 'ACTIVE', firstName: `Olga${i}`, lastName: 'Outage', email: `olga${i}@example.com` },
    });

  /** Moves the clock by `stepMs` until `done` (bounded), giving the worker real time to act between steps. */
  async function passTime(stepMs: number, done: () => Promise<boolean>, maxSteps = 1_000): Promise<void> {
    for (let step = 0; step < maxSteps; step++) {
      if (await done()) return;
      clock.advance(stepMs);
      await sleep(15);
    }
    throw new Error(`not done after ${maxSteps} steps of ${stepMs} ms of clock time`);
  }

  it('waits out an hour down, then delivers every record once, with one WARNING and one INFO', async () => {
    await start();
    const port = simulator.port;
    await simulator.close();
    const uuids: string[] = [];
    for (let i = 0; i < 12; i++) uuids.push((await accept(i)).record.uuid);
    const log = () => harness.log();
    await passTime(MINUTE, async () => (await log()).some((e) => e.level === 'WARNING'));
    // An hour in clock time: far beyond the old schedule (dead after about 4.5 minutes of backoff).
    const downSince = clock.now();
    await passTime(MINUTE, async () => clock.now() - downSince >= HOUR);
    expect(await harness.store.listDeadLetters({ clientId: harness.clientId })).toEqual([]);
    // Paused, not spent: only the attempts that ran before the circuit opened were counted.
    const attempts = await Promise.all(uuids.map(async (uuid) => (await harness.store.listDeliveries(uuid))[0].attempts));
    expect(attempts.filter((n) => n === 0).length).toBeGreaterThanOrEqual(12 - 3 - 2);

    const back = await startAcmeSimulator({ port });
    restarted.push(back);
    back.turnUp({ hubClubIds: [clubId] });
    await passTime(MINUTE, async () => (await back.people()).length === 12 && (await harness.connector.drain(50)));

    const people = await back.people();
    expect(new Set(people.map((p) => p.firstName)).size).toBe(12);
    expect(await harness.store.listDeadLetters({ clientId: harness.clientId })).toEqual([]);
    const entries = await log();
    expect(entries.filter((e) => e.level === 'ERROR')).toEqual([]);
    const warnings = entries.filter((e) => e.level === 'WARNING');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ clubId, platform: 'acme' });
    expect(warnings[0].summary).toMatch(/^Acme is not answering \(.+\): deliveries paused, retrying$/);
    const recovered = entries.filter((e) => /answers again/.test(e.summary));
    expect(recovered).toHaveLength(1);
    expect(recovered[0]).toMatchObject({ level: 'INFO', clubId });
    expect(recovered[0].summary).toMatch(/^Acme answers again: \d+ deliveries resumed$/);
    expect(entries.filter((e) => e.level === 'INFO' && /Outage/.test(e.summary) && /created/.test(e.summary))).toHaveLength(12);
  });

  it('still sends a permanent refusal (400) to the dead letters at once', async () => {
    await start();
    simulator.failNext(1, 400, { on: 'people.create' });
    const saved = await accept(1);
    await passTime(MINUTE, async () => (await harness.store.listDeadLetters({ clientId: harness.clientId })).length === 1, 20);
    const [dead] = await harness.store.listDeadLetters({ clientId: harness.clientId });
    expect(dead).toMatchObject({ recordUuid: saved.record.uuid, attempts: 1, lastErrorCode: 'PLATFORM_REJECTED' });
    expect(await simulator.people()).toEqual([]);
    const entries = await harness.log();
    expect(entries.map((e) => e.level)).toEqual(['ERROR']);
  });

  it('dead-letters a transient failure once the retry horizon has passed, saying so', async () => {
    // A platform that answers its check but fails this create: the circuit stays closed (high threshold).
    await start({ retryHorizonHours: 2 }, 1_000);
    simulator.failNext(10_000, 503, { on: 'people.create' });
    const saved = await accept(1);
    // The clock moves only between attempts (the delivery is waiting), 20 minutes at a time.
    const waiting = async () => (await harness.store.listDeliveries(saved.record.uuid))[0].state;
    for (let step = 0; step < 1_000 && (await waiting()) !== 'dead'; step++) {
      if ((await waiting()) === 'pending') clock.advance(20 * MINUTE);
      await sleep(15);
    }
    const [dead] = await harness.store.listDeadLetters({ clientId: harness.clientId });
    expect(dead.lastError).toMatch(/retry horizon/);
    expect(await simulator.people()).toEqual([]);
    const entries = await harness.log();
    expect(entries.filter((e) => e.level === 'ERROR')).toHaveLength(1);
    expect(entries.find((e) => e.level === 'ERROR')!.summary).toMatch(/Olga1 Outage .* was not sent to Acme: .*2 h after it was accepted, the retry horizon/);
    // One WARNING while it kept failing, not an entry per attempt.
    expect(entries.filter((e) => e.level === 'WARNING')).toHaveLength(1);
  });
});
