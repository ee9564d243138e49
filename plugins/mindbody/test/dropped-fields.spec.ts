import { createHarness, type Harness } from '@connector/testing';
import mindbodyPlugin from '@connector/plugin-mindbody';
import { startMindbodySimulator } from '@connector/plugin-mindbody/simulator';

describe('fields MINDBODY cannot carry', () => {
  let harness: Harness;
  let simulator: Awaited<ReturnType<typeof startMindbodySimulator>>;
  beforeAll(async () => {
    simulator = await startMindbodySimulator();
    harness = await createHarness({ plugin: mindbodyPlugin, simulator });
  });
  afterAll(async () => {
    await harness.close();
    await simulator.close();
  });

  it('delivers the person and logs a WARNING naming each dropped field', async () => {
    await harness.send({ firstName: 'Cora', lastName: 'Company', email: 'cora@example.com', company: 'Acme Corp' });
    expect(await simulator.people()).toHaveLength(1);
    const [entry] = await harness.log();
    expect(entry.level).toBe('WARNING');
    expect(entry.details?.warnings).toEqual(['company not sent: MINDBODY (Public API v6) has no field for it']);
  });

  it('logs INFO when everything was carried', async () => {
    await harness.send({ firstName: 'Ivy', lastName: 'Info', email: 'ivy@example.com' });
    expect((await harness.log())[0].level).toBe('INFO');
  });
});
