import { createHarness, type Harness } from '@connector/testing';
import plugin from '@connector/plugin-mindbody-soap';
import { findMindbodySpecs, MINDBODY_SPECS_MISSING, startMindbodySoapSimulator, type MindbodySoapSimulator } from '@connector/plugin-mindbody-soap/simulator';

const specs = findMindbodySpecs();
if (!specs) console.warn(MINDBODY_SPECS_MISSING);
const describeWithSpecs = specs ? describe : describe.skip;

/** Core's delivery engine, a SQLite store and the simulator: what a client of the hub would see. */
describeWithSpecs('MINDBODY SOAP deliveries through the hub', () => {
  let harness: Harness;
  let simulator: MindbodySoapSimulator;
  beforeEach(async () => {
    simulator = await startMindbodySoapSimulator({ referralTypes: ['Walk In'] });
    harness = await createHarness({ plugin, simulator, retryBaseMs: 20 });
  });
  afterEach(async () => {
    await harness.close();
    await simulator.close();
  });

  it('does not create a second client when the answer to AddOrUpdateClients was lost', async () => {
    // No look-up before the first create, so the next answer dropped is that of AddOrUpdateClients.
    await harness.close();
    harness = await createHarness({ plugin, simulator, retryBaseMs: 20, turnUp: { matchBeforeCreate: false } });
    simulator.dropAnswerNext(1);
    await harness.send({ firstName: 'Lost', lastName: 'Answer', email: 'lost@example.com' });
    expect(simulator.clients()).toHaveLength(1);
    expect(simulator.calls()).toMatchObject({ 'people.create': 1, 'people.search': 1, 'people.update': 1 });
    const [entry] = await harness.log();
    expect(entry.level).toBe('INFO');
    expect(entry.summary).toMatch(/found after an interrupted attempt/);
  });

  it("dead-letters a client MINDBODY refuses, at once, with MINDBODY's message", async () => {
    await harness.send({ firstName: 'Tom', lastName: 'Typo', email: 'tom@example' });
    expect(simulator.clients()).toEqual([]);
    expect(simulator.calls()['people.create']).toBe(1);
    const [entry] = await harness.log();
    expect(entry.level).toBe('ERROR');
    expect(JSON.stringify(entry)).toContain("'tom@example' is not a valid email address.");
    expect(await harness.store.listDeadLetters({ clientId: harness.clientId })).toHaveLength(1);
  });

  it('delivers what MINDBODY can carry and logs a WARNING naming what it cannot', async () => {
    await harness.send({ firstName: 'Cora', lastName: 'Company', email: 'cora@example.com', company: 'Acme Corp', leadSource: 'walk in' });
    expect(simulator.clients()).toEqual([expect.objectContaining({ FirstName: 'Cora', ReferredBy: 'Walk In', IsProspect: true })]);
    const [entry] = await harness.log();
    expect(entry.level).toBe('WARNING');
    expect(entry.details?.warnings).toEqual(['company not sent: a MINDBODY (SOAP 0.5.1) client has no field for it']);
  });

  it('sends the club as the home location and every request valid against the WSDLs', async () => {
    await harness.send({ firstName: 'North', lastName: 'Club', email: 'north@example.com' }, { clubId: harness.clubIds[0] });
    await harness.send({ firstName: 'South', lastName: 'Club', email: 'south@example.com' }, { clubId: harness.clubIds[1] });
    expect((await simulator.people()).map((p) => [p.firstName, p.clubId])).toEqual([
      ['North', '1'],
      ['South', '2'],
    ]);
    expect(simulator.requests().filter((r) => r.problems.length > 0)).toEqual([]);
  });
});
