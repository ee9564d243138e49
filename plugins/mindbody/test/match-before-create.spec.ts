/**
 * A person MINDBODY already holds (entered at the club's front desk), then sent by a provider: the hub
 * finds the client with `client/clientduplicates` and links it instead of a second `addclient` (which
 * MINDBODY refuses: the delivery used to end as a dead letter). Several clients for the person: a dead
 * letter AMBIGUOUS_MATCH naming them, or a merge with `client/mergeclients` where the turn-up allows it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createHarness, type Harness, type HarnessOptions } from '@connector/testing';
import mindbodyPlugin from '@connector/plugin-mindbody';
import { startMindbodySimulator, type MindbodySimulator } from '@connector/plugin-mindbody/simulator';

describe('MINDBODY v6: a person the site already holds, before the first create', () => {
  let simulator: MindbodySimulator;
  let harness: Harness | undefined;
  const start = async (turnUp?: HarnessOptions['turnUp']) => {
    harness = await createHarness({ plugin: mindbodyPlugin, simulator, turnUp, retryBaseMs: 20 });
    return harness;
  };
  beforeEach(async () => {
    simulator = await startMindbodySimulator();
  });
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
    await simulator.close();
  });

  it('links the front-desk client and updates it: no second client, no dead letter', async () => {
    const hub = await start();
    const frontDesk = simulator.addFrontDeskClient({ firstName: 'Fran', lastName: 'Desk', email: 'fran.desk@example.com' });
    await hub.send({ firstName: 'Fran', lastName: 'Desk', email: 'Fran.Desk@Example.com', mobile: '604-555-0101' });

    const people = await simulator.people();
    expect(people).toEqual([expect.objectContaining({ id: frontDesk, mobile: '604-555-0101', type: 'PROSPECT' })]);
    expect(simulator.calls()).toMatchObject({ 'people.duplicates': 1, 'people.update': 1 });
    expect(simulator.calls()['people.create']).toBeUndefined();
    expect(await hub.store.listDeadLetters({ clientId: hub.clientId })).toEqual([]);
    const [entry] = await hub.log();
    expect(entry).toMatchObject({ level: 'INFO', direction: 'OUTBOUND', details: { platformRecordId: frontDesk } });
    expect(entry.summary).toContain(`linked existing ${frontDesk} (matched by name and email) and updated`);
  });

  it('a member sent for a front-desk prospect makes that client a member (updated as one)', async () => {
    const hub = await start();
    const frontDesk = simulator.addFrontDeskClient({ firstName: 'Meg', lastName: 'Member', email: 'meg@example.com' });
    await hub.send({ firstName: 'Meg', lastName: 'Member', email: 'meg@example.com', userType: 'MEMBER' });
    expect(await simulator.people()).toEqual([expect.objectContaining({ id: frontDesk, type: 'MEMBER' })]);
    expect((await hub.log())[0].summary).toContain(`linked existing ${frontDesk} (matched by name and email) and updated`);
  });

  it('sends later changes as updates of the linked client', async () => {
    const hub = await start();
    const frontDesk = simulator.addFrontDeskClient({ firstName: 'Lou', lastName: 'Later', email: 'lou@example.com' });
    await hub.send({ firstName: 'Lou', lastName: 'Later', email: 'lou@example.com' }, { recordId: 'lou' });
    await hub.send({ firstName: 'Lou', lastName: 'Later', email: 'lou@example.com', mobile: '604-555-0102' }, { recordId: 'lou' });
    expect(await simulator.people()).toEqual([expect.objectContaining({ id: frontDesk, mobile: '604-555-0102' })]);
    expect(simulator.calls()).toMatchObject({ 'people.duplicates': 1, 'people.update': 2 });
  });

  it('two clients for the person: no link, no create, a dead letter AMBIGUOUS_MATCH naming both and a WARNING', async () => {
    const hub = await start();
    const first = simulator.addFrontDeskClient({ firstName: 'Dee', lastName: 'Double', email: 'dee@example.com' }, true);
    const second = simulator.addFrontDeskClient({ firstName: 'dee', lastName: 'DOUBLE', email: 'DEE@example.com' }, true);
    await hub.send({ firstName: 'Dee', lastName: 'Double', email: 'dee@example.com', mobile: '604-555-0103' });

    expect((await simulator.people()).map((p) => [p.id, p.mobile])).toEqual([
      [first, undefined],
      [second, undefined],
    ]);
    expect(simulator.calls()['people.create']).toBeUndefined();
    const [dead] = await hub.store.listDeadLetters({ clientId: hub.clientId });
    expect(dead).toMatchObject({ lastErrorCode: 'AMBIGUOUS_MATCH' });
    expect(dead.lastError).toContain(`match by name and email: ${first} and ${second}; nothing was created or linked`);
    const [entry] = await hub.log();
    expect(entry.level).toBe('WARNING');
    expect(entry.summary).toContain(`was not sent to MINDBODY (Public API v6): 2 MINDBODY (Public API v6) records match`);
    expect(entry.details).toMatchObject({ code: 'AMBIGUOUS_MATCH', deadLetter: true });
  });

  it('after the operator merges the two, a replay links the one left', async () => {
    const hub = await start();
    const first = simulator.addFrontDeskClient({ firstName: 'Rae', lastName: 'Replay', email: 'rae@example.com' }, true);
    simulator.addFrontDeskClient({ firstName: 'Rae', lastName: 'Replay', email: 'rae@example.com' }, true);
    await hub.send({ firstName: 'Rae', lastName: 'Replay', email: 'rae@example.com' });
    const [dead] = await hub.store.listDeadLetters({ clientId: hub.clientId });

    simulator.mergeAtFrontDesk(first);
    await hub.store.replayDeadLetter(dead.id, Date.now());
    await hub.settle();
    expect((await simulator.people()).map((p) => p.id)).toEqual([first]);
    expect(await hub.store.listDeadLetters({ clientId: hub.clientId })).toEqual([]);
    const [entry] = await hub.log();
    expect(entry).toMatchObject({ level: 'INFO', details: { platformRecordId: first } });
    expect(entry.summary).toContain(`linked existing ${first} (matched by name and email) and updated`);
  });

  it('with mergeDuplicates, merges the newer client into the older one with client/mergeclients, links it and logs the merge', async () => {
    const hub = await start({ mergeDuplicates: true });
    const older = simulator.addFrontDeskClient({ firstName: 'Mia', lastName: 'Merge', email: 'mia@example.com', mobile: '604-555-0104' }, true);
    const newer = simulator.addFrontDeskClient({ firstName: 'Mia', lastName: 'Merge', email: 'mia@example.com' }, true);
    await hub.send({ firstName: 'Mia', lastName: 'Merge', email: 'mia@example.com', mobile: '604-555-0104' });

    expect((await simulator.people()).map((p) => p.id)).toEqual([older]);
    expect(simulator.calls()).toMatchObject({ 'people.merge': 1, 'people.update': 1 });
    expect(simulator.calls()['people.create']).toBeUndefined();
    const [entry] = await hub.log();
    expect(entry).toMatchObject({ level: 'INFO', details: { platformRecordId: older } });
    expect(entry.summary).toContain(`linked existing ${older} (matched by name and email) and updated`);
    expect(entry.summary).toContain(`merged ${newer} into ${older}`);
    expect(entry.details).toMatchObject({ merged: [{ keep: older, merged: [newer] }] });
  });

  it('after the fact: a create that also landed twice is found after the crash, and with mergeDuplicates merged into one client', async () => {
    // Only the look-up after an interrupted attempt: the duplicate is the hub's own doing.
    const hub = await start({ matchBeforeCreate: false, mergeDuplicates: true });
    await hub.connector.stop();
    const saved = await hub.connector.accept({
      provider: 'CRM',
      clientId: hub.clientId,
      clubId: hub.clubIds[0],
      recordId: 'twice-1',
      kind: 'person',
      content: { firstName: 'Tia', lastName: 'Twice', email: 'tia@example.com', userType: 'PROSPECT', userStatus: 'ACTIVE' },
    });
    // The worker claims the delivery and creates the client, then dies before storing the link...
    const [claimed] = await hub.store.claimDeliveries({ now: Date.now(), leaseMs: 200, limit: 1 });
    await hub.store.recordIntent(claimed.id, claimed.leaseToken!, Date.now());
    const runtime = hub.connector.runtime(hub.clientId, 'mindbody')!;
    const first = await runtime.prospects!.create!({ hubId: saved.record.uuid, person: saved.record.content, club: runtime.clubContext(hub.clubIds[0])! });
    // ...and an earlier try that timed out lands now, past MINDBODY's duplicate check: two clients.
    const late = simulator.addFrontDeskClient({ firstName: 'Tia', lastName: 'Twice', email: 'tia@example.com' }, true);
    await sleep(250);
    hub.connector.start();
    await hub.settle();

    expect((await simulator.people()).map((p) => p.id)).toEqual([first]);
    expect(simulator.calls()).toMatchObject({ 'people.create': 1, 'people.merge': 1 });
    const [entry] = await hub.log();
    expect(entry.summary).toContain(`found after an interrupted attempt and updated (MINDBODY (Public API v6) ID ${first}); merged ${late} into ${first}`);
    expect(entry.details).toMatchObject({ merged: [{ keep: first, merged: [late] }] });
    expect((await hub.store.getLink(saved.record.uuid, hub.clientId, 'mindbody'))?.platformRecordId).toBe(first);
  });

  it('with matchBeforeCreate: false, creates as before (and MINDBODY refuses the duplicate: a dead letter)', async () => {
    const hub = await start({ matchBeforeCreate: false });
    simulator.addFrontDeskClient({ firstName: 'Nel', lastName: 'Nomatch', email: 'nel@example.com' });
    await hub.send({ firstName: 'Nel', lastName: 'Nomatch', email: 'nel@example.com' });

    expect(await simulator.people()).toHaveLength(1);
    expect(simulator.calls()).toMatchObject({ 'people.create': 1 });
    expect(simulator.calls()['people.duplicates']).toBeUndefined();
    const [dead] = await hub.store.listDeadLetters({ clientId: hub.clientId });
    expect(dead.lastError).toMatch(/already exists/);
  });

  it('creates a person the site does not hold, after one look-up', async () => {
    const hub = await start();
    await hub.send({ firstName: 'Nia', lastName: 'New', email: 'nia@example.com' });
    expect(await simulator.people()).toHaveLength(1);
    expect(simulator.calls()).toMatchObject({ 'people.duplicates': 1, 'people.create': 1 });
    const [entry] = await hub.log();
    expect(entry.summary).toMatch(/: created \(MINDBODY \(Public API v6\) ID \d+\)$/);
    expect(entry.details?.lookUp).toBe('no MINDBODY (Public API v6) record matched by name and email: created');
  });
});
