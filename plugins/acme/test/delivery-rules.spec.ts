/**
 * The delivery guarantees of DESIGN.md, shown against the Acme simulator: transient failures retried
 * and delivered once, Retry-After honoured, permanent failures dead-lettered with the platform's
 * message, and no second record when a delivery is retried after the platform created the first one.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createHarness, type Harness } from '@connector/testing';
import { startAcmeSimulator, type AcmeSimulator } from '@connector/plugin-acme/simulator';
import acmePlugin from '@connector/plugin-acme';

describe('delivery guarantees against Acme', () => {
  let simulator: AcmeSimulator;
  let harness: Harness;
  beforeEach(async () => {
    simulator = await startAcmeSimulator();
    harness = await createHarness({ plugin: acmePlugin, simulator });
  });
  afterEach(async () => {
    await harness.close();
    await simulator.close();
  });
  const creates = () => simulator.requests().filter((r) => r.method === 'POST' && /\/prospects$/.test(r.path)).length;

  it('retries a 503 and delivers once', async () => {
    simulator.failNext(1, 503, { on: 'people.create' });
    await harness.send({ firstName: 'Rita', lastName: 'Retry', email: 'rita@example.com' });
    expect(await simulator.people()).toHaveLength(1);
    expect(creates()).toBe(2);
    const log = await harness.log();
    expect(log.map((e) => e.level)).toEqual(['INFO']);
  });

  it('waits about a second on a 429 with Retry-After: 1, then delivers', async () => {
    simulator.rateLimitNext(1, 1, { on: 'people.create' });
    const started = Date.now();
    await harness.send({ firstName: 'Lena', lastName: 'Later' });
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(900);
    expect(waited).toBeLessThan(5_000);
    expect(await simulator.people()).toHaveLength(1);
  });

  it('sends a 400 to the dead letters with the platform message, without retrying', async () => {
    const saved = await harness.send({ firstName: 'Bad', lastName: 'Email', email: 'not-an-email' });
    expect(await simulator.people()).toHaveLength(0);
    expect(creates()).toBe(1);
    const [dead] = await harness.store.listDeadLetters({ clientId: harness.clientId });
    expect(dead).toMatchObject({ recordUuid: saved.record.uuid, state: 'dead', lastErrorCode: 'PLATFORM_REJECTED' });
    expect(dead.lastError).toMatch(/email/);
    const [entry] = await harness.log();
    expect(entry.level).toBe('ERROR');
    expect(entry.summary).toMatch(/Bad Email .* was not sent to Acme: .*email/);
  });

  it('does not create a second record when the answer to a create was lost', async () => {
    simulator.dropAfterCommitNext(1, { on: 'people.create' });
    await harness.send({ firstName: 'Lost', lastName: 'Answer', email: 'lost@example.com' });
    const people = await simulator.people();
    expect(people).toHaveLength(1);
    // The create carries core's idempotency key, so the transport repeats it at once and Acme answers
    // the person the first one made.
    const keys = simulator
      .requests()
      .filter((r) => r.method === 'POST' && /\/prospects$/.test(r.path))
      .map((r) => r.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toEqual(expect.any(String));
    expect(keys[1]).toBe(keys[0]);
    const log = await harness.log();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ level: 'INFO' });
    expect(log[0].summary).toMatch(new RegExp(`created \\(Acme ID ${people[0].id}\\)`));
  });

  it('does not create a second record when the hub crashed after the create, before storing the link', async () => {
    // Stop the workers: this test plays the crashed worker by hand.
    await harness.connector.stop();
    const saved = await harness.connector.accept({
      provider: 'CRM',
      clientId: harness.clientId,
      clubId: harness.clubIds[0],
      recordId: 'crash-1',
      kind: 'person',
      content: { firstName: 'Carl', lastName: 'Crash', email: 'carl@example.com', userType: 'PROSPECT', userStatus: 'ACTIVE' },
    });
    const [claimed] = await harness.store.claimDeliveries({ now: Date.now(), leaseMs: 200, limit: 1 });
    await harness.store.recordIntent(claimed.id, claimed.leaseToken!, Date.now());
    const runtime = harness.connector.runtime(harness.clientId, 'acme')!;
    await runtime.prospects!.create!({ hubId: saved.record.uuid, person: saved.record.content, club: runtime.clubContext(harness.clubIds[0])! });
    // ...and the process dies here: no link, no completion. The lease expires; a new worker takes over.
    await sleep(250);
    harness.connector.start();
    await harness.settle();
    expect(await simulator.people()).toHaveLength(1);
    expect(creates()).toBe(1);
    const link = await harness.store.getLink(saved.record.uuid, harness.clientId, 'acme');
    expect(link?.platformRecordId).toBe((await simulator.people())[0].id);
  });

  it('gives back the deliveries it claimed ahead when it stops, and delivers them once after a restart', async () => {
    // Without the look-up before a first create, any look-up would come from an intent left behind.
    await harness.close();
    harness = await createHarness({ plugin: acmePlugin, simulator, turnUp: { matchBeforeCreate: false } });
    await harness.connector.stop();
    const saved = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        harness.connector.accept({
          provider: 'CRM',
          clientId: harness.clientId,
          clubId: harness.clubIds[0],
          recordId: `ahead-${i}`,
          kind: 'person',
          content: { firstName: `Ahead${i}`, lastName: 'Queue', email: `ahead${i}@example.com`, userType: 'PROSPECT', userStatus: 'ACTIVE' },
        }),
      ),
    );
    simulator.delayNext(2, 300, { on: 'people.create' });
    harness.connector.start();
    // Stop while the first attempts wait on the slow platform and more deliveries are claimed ahead.
    await sleep(100);
    await harness.connector.stop(5_000);
    const deliveries = (await Promise.all(saved.map((s) => harness.store.listDeliveries(s.record.uuid)))).flat();
    const waiting = deliveries.filter((d) => d.state !== 'done');
    expect(waiting.length).toBeGreaterThan(0);
    // Given back as if never claimed: no lease, no attempt counted, no intent that would cost a lookup.
    for (const delivery of waiting) {
      expect(delivery).toMatchObject({ state: 'pending', attempts: 0 });
      expect(delivery.leaseToken).toBeUndefined();
      expect(delivery.intentAt).toBeUndefined();
    }

    harness.connector.start();
    await harness.settle();
    expect(await simulator.people()).toHaveLength(12);
    expect(creates()).toBe(12);
    const lookups = simulator.requests().filter((r) => r.method === 'GET' && /\/people/.test(r.path));
    expect(lookups).toEqual([]);
  });

  it('creates a new lead source once when several deliveries name it at the same moment', async () => {
    const accept = (recordId: string, kind: 'person' | 'leadSource', content: Record<string, unknown>) =>
      harness.connector.accept({ provider: 'CRM', clientId: harness.clientId, clubId: harness.clubIds[0], recordId, kind, content });
    await Promise.all([
      accept('ls-ig', 'leadSource', { name: 'Instagram', active: true }),
      ...[1, 2, 3, 4, 5].map((i) =>
        accept(`ig-${i}`, 'person', { firstName: `Ig${i}`, lastName: 'Lead', leadSource: 'instagram', userType: 'PROSPECT', userStatus: 'ACTIVE' }),
      ),
    ]);
    await harness.settle();
    const sources = (await simulator.leadSources()).filter((s) => s.name.toLowerCase() === 'instagram');
    expect(sources).toHaveLength(1);
    const people = await simulator.people();
    expect(people.map((p) => p.leadSourceId)).toEqual(Array(5).fill(sources[0].id));
    expect(await harness.store.listDeadLetters({ clientId: harness.clientId })).toEqual([]);
  });

  it('does not send a record back to the platform that sent it', async () => {
    const result = await harness.connector.accept({
      provider: 'ACME',
      clientId: harness.clientId,
      clubId: harness.clubIds[0],
      recordId: 'a-1',
      kind: 'person',
      content: { firstName: 'From', lastName: 'Acme', userType: 'MEMBER', userStatus: 'ACTIVE' },
    });
    expect(result.deliveryIds).toEqual([]);
    await harness.settle();
    expect(await simulator.people()).toHaveLength(0);
  });
});
