/**
 * A person Acme already holds (entered at the club's front desk, so without the hub's reference), then
 * sent by a provider: the hub looks them up before the first create and links them (matchBeforeCreate,
 * on by default); two candidates are for an operator; with the look-up turned off, it creates as before.
 */
import { createHarness, type Harness, type HarnessOptions } from '@connector/testing';
import { startAcmeSimulator, type AcmeSimulator } from '@connector/plugin-acme/simulator';
import acmePlugin from '@connector/plugin-acme';

describe('Acme: a person the club already holds, before the first create', () => {
  let simulator: AcmeSimulator;
  let harness: Harness | undefined;
  const start = async (turnUp?: HarnessOptions['turnUp']) => {
    harness = await createHarness({ plugin: acmePlugin, simulator, turnUp });
    return harness;
  };
  const creates = () => simulator.requests().filter((r) => r.method === 'POST' && /\/(prospects|members)$/.test(r.path)).length;
  beforeEach(async () => {
    simulator = await startAcmeSimulator();
  });
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
    await simulator.close();
  });

  it('links the front-desk person and updates them with the hub reference: one person, no dead letter', async () => {
    const hub = await start();
    const frontDesk = simulator.addFrontDeskPerson({ hubClubId: hub.clubIds[0], firstName: 'Fern', lastName: 'Desk', email: 'fern@example.com' });
    const saved = await hub.send({ firstName: 'FERN', lastName: 'desk', email: 'Fern@Example.com', mobile: '604-555-0110' });

    expect(await simulator.people()).toEqual([
      expect.objectContaining({ id: frontDesk, mobile: '604-555-0110', raw: expect.objectContaining({ externalRef: saved.record.uuid }) }),
    ]);
    expect(creates()).toBe(0);
    expect(await hub.store.listDeadLetters({ clientId: hub.clientId })).toEqual([]);
    const [entry] = await hub.log();
    expect(entry).toMatchObject({ level: 'INFO', details: { platformRecordId: frontDesk } });
    expect(entry.summary).toContain(`linked existing ${frontDesk} (matched by name and email) and updated (Acme ID ${frontDesk})`);
  });

  it("a member sent for a front-desk prospect converts that prospect (Acme's own conversion), keeping its ID", async () => {
    const hub = await start();
    const frontDesk = simulator.addFrontDeskPerson({ hubClubId: hub.clubIds[0], firstName: 'Mel', lastName: 'Member', email: 'mel@example.com' });
    await hub.send({ firstName: 'Mel', lastName: 'Member', email: 'mel@example.com', userType: 'MEMBER' });

    expect(await simulator.people()).toEqual([expect.objectContaining({ id: frontDesk, type: 'MEMBER' })]);
    expect(creates()).toBe(0);
    const [entry] = await hub.log();
    expect(entry.level).toBe('INFO');
    expect(entry.summary).toContain(`linked existing ${frontDesk} (matched by name and email) and converted to member (Acme ID ${frontDesk})`);
  });

  it('two people who are the person: no link, no create, a dead letter AMBIGUOUS_MATCH naming both, logged as a WARNING', async () => {
    const hub = await start();
    const one = simulator.addFrontDeskPerson({ hubClubId: hub.clubIds[0], firstName: 'Tam', lastName: 'Twin', email: 'tam@example.com' });
    const two = simulator.addFrontDeskPerson({ hubClubId: hub.clubIds[0], firstName: 'Tam', lastName: 'Twin', email: 'tam@example.com' });
    await hub.send({ firstName: 'Tam', lastName: 'Twin', email: 'tam@example.com' });

    expect((await simulator.people()).map((p) => p.id)).toEqual([one, two]);
    expect(creates()).toBe(0);
    const [dead] = await hub.store.listDeadLetters({ clientId: hub.clientId });
    expect(dead).toMatchObject({ lastErrorCode: 'AMBIGUOUS_MATCH' });
    expect(dead.lastError).toContain(`2 Acme records match by name and email: ${one} and ${two}`);
    expect((await hub.log())[0]).toMatchObject({ level: 'WARNING', details: { code: 'AMBIGUOUS_MATCH', deadLetter: true } });
  });

  it('a replay of that dead letter with both still there is the operator going ahead: the oldest is linked, with a WARNING naming both', async () => {
    const hub = await start();
    const one = simulator.addFrontDeskPerson({ hubClubId: hub.clubIds[0], firstName: 'Ria', lastName: 'Replay', email: 'ria@example.com' });
    const two = simulator.addFrontDeskPerson({ hubClubId: hub.clubIds[0], firstName: 'Ria', lastName: 'Replay', email: 'ria@example.com' });
    await hub.send({ firstName: 'Ria', lastName: 'Replay', email: 'ria@example.com' });
    const [dead] = await hub.store.listDeadLetters({ clientId: hub.clientId });
    await hub.store.replayDeadLetter(dead.id, Date.now());
    await hub.settle();

    expect(await simulator.people()).toHaveLength(2);
    expect(creates()).toBe(0);
    const [entry] = await hub.log();
    expect(entry).toMatchObject({ level: 'WARNING', details: { platformRecordId: one } });
    expect(entry.summary).toContain(`linked existing ${one} (matched by name and email) and updated`);
    expect(entry.details?.warnings).toEqual([`Ria Replay <ria@example.com> (prospect) exists twice in Acme: ${one} and ${two}; the hub keeps ${one}`]);
  });

  it('a namesake with another email is not the person: created', async () => {
    const hub = await start();
    simulator.addFrontDeskPerson({ hubClubId: hub.clubIds[0], firstName: 'Nat', lastName: 'Namesake', email: 'nat.one@example.com' });
    await hub.send({ firstName: 'Nat', lastName: 'Namesake', email: 'nat.two@example.com' });
    expect(await simulator.people()).toHaveLength(2);
    expect((await hub.log())[0].summary).toMatch(/: created \(Acme ID p-\d+\)$/);
  });

  it('with matchBeforeCreate: false, creates as before: a second person', async () => {
    const hub = await start({ matchBeforeCreate: false });
    simulator.addFrontDeskPerson({ hubClubId: hub.clubIds[0], firstName: 'Ned', lastName: 'Nolook', email: 'ned@example.com' });
    await hub.send({ firstName: 'Ned', lastName: 'Nolook', email: 'ned@example.com' });
    expect(await simulator.people()).toHaveLength(2);
    expect(creates()).toBe(1);
    expect(simulator.requests().filter((r) => r.method === 'GET' && /\/people/.test(r.path))).toEqual([]);
  });
});
