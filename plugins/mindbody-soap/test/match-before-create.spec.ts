/**
 * A client MINDBODY already holds (entered at the club's front desk), then sent by a provider: the SOAP
 * plugin's look-up (GetClients by search text, then the same names and email) finds it before the first
 * create, and the hub links it rather than adding a second client.
 */
import { createHarness, type Harness } from '@connector/testing';
import plugin from '@connector/plugin-mindbody-soap';
import { findMindbodySpecs, MINDBODY_SPECS_MISSING, startMindbodySoapSimulator, type MindbodySoapSimulator } from '@connector/plugin-mindbody-soap/simulator';

const specs = findMindbodySpecs();
if (!specs) console.warn(MINDBODY_SPECS_MISSING);
const describeWithSpecs = specs ? describe : describe.skip;

describeWithSpecs('MINDBODY SOAP: a client the site already holds, before the first create', () => {
  let harness: Harness;
  let simulator: MindbodySoapSimulator;
  beforeEach(async () => {
    simulator = await startMindbodySoapSimulator();
    harness = await createHarness({ plugin, simulator, retryBaseMs: 20 });
  });
  afterEach(async () => {
    await harness.close();
    await simulator.close();
  });

  it('links the front-desk client and updates it: one client, no dead letter', async () => {
    const frontDesk = simulator.addFrontDeskClient({ firstName: 'Sol', lastName: 'Soap', email: 'sol@example.com' });
    await harness.send({ firstName: 'Sol', lastName: 'Soap', email: 'SOL@example.com', mobile: '604-555-0120' });

    expect(simulator.clients()).toEqual([expect.objectContaining({ ID: frontDesk, MobilePhone: '604-555-0120' })]);
    expect(simulator.calls()).toMatchObject({ 'people.search': 1, 'people.update': 1 });
    expect(simulator.calls()['people.create']).toBeUndefined();
    expect(await harness.store.listDeadLetters({ clientId: harness.clientId })).toEqual([]);
    const [entry] = await harness.log();
    expect(entry.level).toBe('INFO');
    expect(entry.summary).toContain(`linked existing ${frontDesk} (matched by name and email) and updated`);
  });

  it('two clients who are the person: a dead letter AMBIGUOUS_MATCH naming both, nothing created', async () => {
    const one = simulator.addFrontDeskClient({ firstName: 'Sid', lastName: 'Same', email: 'sid@example.com' });
    const two = simulator.addFrontDeskClient({ firstName: 'Sid', lastName: 'Same', email: 'sid@example.com' });
    await harness.send({ firstName: 'Sid', lastName: 'Same', email: 'sid@example.com' });

    expect(simulator.clients()).toHaveLength(2);
    expect(simulator.calls()['people.create']).toBeUndefined();
    const [dead] = await harness.store.listDeadLetters({ clientId: harness.clientId });
    expect(dead.lastError).toContain(`match by name and email: ${one} and ${two}`);
    expect((await harness.log())[0].level).toBe('WARNING');
  });

  it('finds a client without an email by name and mobile', async () => {
    const frontDesk = simulator.addFrontDeskClient({ firstName: 'Mo', lastName: 'Mobile', mobile: '(604) 555-0121' });
    await harness.send({ firstName: 'Mo', lastName: 'Mobile', mobile: '604-555-0121' });
    expect(simulator.clients()).toHaveLength(1);
    expect((await harness.log())[0].summary).toContain(`linked existing ${frontDesk} (matched by name and mobile)`);
  });
});
