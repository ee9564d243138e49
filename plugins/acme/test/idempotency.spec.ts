/**
 * Exactly once when a create is slow: core's idempotency key on every create, Acme's `Idempotency-Key`
 * (a repeat answers the first record, or 409 while the first is still being processed), and a WARNING
 * naming both IDs when Acme already holds two people for one hub record.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createHarness, type Harness } from '@connector/testing';
import { startAcmeSimulator, type AcmeSimulator } from '@connector/plugin-acme/simulator';
import acmePlugin from '@connector/plugin-acme';

/** Acme with a call timeout far shorter than the slow creates below (production: 15 s against 20 s). */
const impatientAcme = { ...acmePlugin, transport: { ...acmePlugin.transport!, timeoutMs: 300 } };

describe('Acme creates with an Idempotency-Key', () => {
  let simulator: AcmeSimulator;
  beforeEach(async () => {
    simulator = await startAcmeSimulator();
  });
  afterEach(async () => {
    await simulator.close();
  });

  const body = async (response: Response) => (await response.json()) as { id: string; message: string };
  const create = (key: string, firstName: string) => {
    const clubId = simulator.turnUp({ hubClubIds: ['hub-club'] }).clubs['hub-club'];
    return fetch(`${simulator.url}/v1/clubs/${clubId}/prospects`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': simulator.apiKey, 'idempotency-key': key },
      body: JSON.stringify({ firstName, lastName: 'Twice', externalRef: 'hub-1' }),
    });
  };

  it('answers a repeated create with the person the first one made', async () => {
    const first = await create('key-1', 'Tina');
    const second = await create('key-1', 'Tina');
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const [a, b] = [await body(first), await body(second)];
    expect(b.id).toBe(a.id);
    expect(await simulator.people()).toHaveLength(1);
    // Another key is another create.
    expect((await create('key-2', 'Tom')).status).toBe(201);
    expect(await simulator.people()).toHaveLength(2);
  });

  it('answers 409 to a repeat while the first create is still being processed, then the first person', async () => {
    simulator.delayNext(1, 500, { on: 'people.create' });
    const slow = create('key-slow', 'Sam');
    await sleep(100);
    const early = await create('key-slow', 'Sam');
    expect(early.status).toBe(409);
    expect((await body(early)).message).toMatch(/Idempotency-Key is still being processed/);
    const first = await slow;
    const late = await create('key-slow', 'Sam');
    expect((await body(late)).id).toBe((await body(first)).id);
    expect(await simulator.people()).toHaveLength(1);
  });
});

describe('a slow create against Acme', () => {
  let simulator: AcmeSimulator;
  let harness: Harness;
  beforeEach(async () => {
    simulator = await startAcmeSimulator();
    harness = await createHarness({ plugin: impatientAcme, simulator, retryBaseMs: 200, maxAttempts: 12 });
  });
  afterEach(async () => {
    await harness.close();
    await simulator.close();
  });

  const createKeys = () =>
    simulator
      .requests()
      .filter((r) => r.method === 'POST' && /\/prospects$/.test(r.path))
      .map((r) => r.key);

  it('saved after its answer timed out, and retried: one person in Acme, one link', async () => {
    simulator.delayNext(1, 1_500, { on: 'people.create' });
    const saved = await harness.send({ firstName: 'Slow', lastName: 'Save', email: 'slow@example.com' });
    // The create that timed out lands only now.
    await simulator.settled();
    const people = await simulator.people();
    expect(people).toHaveLength(1);
    expect(createKeys().length).toBeGreaterThan(1);
    const link = await harness.store.getLink(saved.record.uuid, harness.clientId, 'acme');
    expect(link?.platformRecordId).toBe(people[0].id);
    // Newest first: delivered in the end; the attempts before it said why they were tried again.
    const [last, ...earlier] = await harness.log();
    expect(last.level).toBe('INFO');
    expect(earlier.length).toBeGreaterThan(0);
    for (const entry of earlier) expect(entry.summary).toMatch(/timed out|still processing an earlier create/);
  });

  it('saved at once but answered after the timeout, and retried: one person in Acme, one link', async () => {
    simulator.answerLateNext(1, 1_000, { on: 'people.create' });
    const saved = await harness.send({ firstName: 'Late', lastName: 'Answer' });
    await simulator.settled();
    const people = await simulator.people();
    expect(people).toHaveLength(1);
    const link = await harness.store.getLink(saved.record.uuid, harness.clientId, 'acme');
    expect(link?.platformRecordId).toBe(people[0].id);
  });

  it('sends one Idempotency-Key with every create: the person and a new lead source', async () => {
    const saved = await harness.send({ firstName: 'Ivy', lastName: 'Insta', leadSource: 'Instagram' });
    const posts = simulator.requests().filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.key)).toEqual(['leadSources.create', 'people.create']);
    for (const post of posts) expect(post.idempotencyKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(posts[0].idempotencyKey).not.toBe(posts[1].idempotencyKey);
    expect((await harness.log())[0].summary).toMatch(/created/);
    expect(await harness.store.getLink(saved.record.uuid, harness.clientId, 'acme')).toBeDefined();
    // The lead source created is known from then on: the next person naming it does not create it again.
    await harness.send({ firstName: 'Ike', lastName: 'Insta', leadSource: 'instagram ' });
    expect(simulator.requests().filter((r) => r.key === 'leadSources.create')).toHaveLength(1);
  });

  it('warns once, naming both IDs, when Acme already holds the hub person twice', async () => {
    // Stop the workers: this test plays a crashed worker that created the person twice, without a key.
    await harness.connector.stop();
    const saved = await harness.connector.accept({
      provider: 'CRM',
      clientId: harness.clientId,
      clubId: harness.clubIds[0],
      recordId: 'dup-1',
      kind: 'person',
      content: { firstName: 'Jane', lastName: 'Doe', email: 'jane@example.com', userType: 'PROSPECT', userStatus: 'ACTIVE' },
    });
    const [claimed] = await harness.store.claimDeliveries({ now: Date.now(), leaseMs: 200, limit: 1 });
    await harness.store.recordIntent(claimed.id, claimed.leaseToken!, Date.now());
    const runtime = harness.connector.runtime(harness.clientId, 'acme')!;
    const write = { hubId: saved.record.uuid, person: saved.record.content, club: runtime.clubContext(harness.clubIds[0])! };
    const first = await runtime.prospects!.create!(write);
    const second = await runtime.prospects!.create!(write);
    await sleep(250);
    harness.connector.start();
    await harness.settle();

    expect(await simulator.people()).toHaveLength(2);
    const link = await harness.store.getLink(saved.record.uuid, harness.clientId, 'acme');
    expect(link?.platformRecordId).toBe(first);
    const log = await harness.log();
    expect(log).toHaveLength(1);
    expect(log[0].level).toBe('WARNING');
    expect(log[0].details?.warnings).toEqual([`Jane Doe <jane@example.com> (prospect) exists twice in Acme: ${first} and ${second}; the hub keeps ${first}`]);
  });
});
