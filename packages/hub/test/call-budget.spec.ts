import { startAcmeSimulator } from '@connector/plugin-acme/simulator';
import { eventually, postXml, startHub, testConfig, userXml, type HubFixture } from './support/hub-fixture';

describe("a turn-up's call budget (callBudget)", () => {
  jest.setTimeout(30_000);
  let f: HubFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  const person = (i: number) =>
    userXml({
      recordId: `budget-${i}`,
      userInfo: `<firstname>Bo${i}</firstname><lastname>Budget</lastname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType><email>bo${i}@example.com</email>`,
    });

  const metric = async (name: string) => {
    const text = (await f!.http.get('/metrics', { headers: f!.intouch })).data as string;
    return Number(new RegExp(`^${name}\\{client="client-a",platform="acme"\\} (\\d+)$`, 'm').exec(text)?.[1]);
  };

  it('stops calling Acme when the day budget is spent, keeps the deliveries queued, and shows calls spent and budget in /metrics', async () => {
    const acme = await startAcmeSimulator();
    const turnUp = { ...acme.turnUp({ hubClubIds: ['club-a1', 'club-a2'] }), callBudget: { perDay: 4, timeZone: 'Europe/Paris' } };
    const hub = (f = await startHub({ acme, config: { clients: testConfig('', turnUp).clients } }));
    for (let i = 0; i < 3; i++) expect((await postXml(hub, 'user', person(i))).status).toBe(200);

    const warning = await eventually(
      async () => (await hub.hub.store.listLog({ clientId: 'client-a', clubId: 'club-a1' })).find((e) => e.level === 'WARNING'),
      'the budget WARNING',
    );
    expect(warning.summary).toMatch(/^Acme's call budget of 4 a day is spent: deliveries wait until \d{4}-\d\d-\d\d 00:00 Europe\/Paris$/);
    // The last call of the budget may still be on its way when another is refused.
    await eventually(() => acme.requests().length === 4, 'the fourth call in Acme');
    expect(await hub.hub.store.listDeadLetters({ clientId: 'client-a' })).toEqual([]);
    expect(await hub.hub.store.unfinishedDeliveries()).toBeGreaterThan(0);
    expect(await metric('connector_platform_call_budget')).toBe(4);
    expect(await metric('connector_platform_calls_spent')).toBe(4);
    expect(acme.requests()).toHaveLength(4);
  });

  it('keeps the calls spent today across a restart of the hub on the same data folder', async () => {
    const acme = await startAcmeSimulator();
    const turnUp = { ...acme.turnUp({ hubClubIds: ['club-a1', 'club-a2'] }), callBudget: { perDay: 4, timeZone: 'Europe/Paris' } };
    const config = { clients: testConfig('', turnUp).clients };
    f = await startHub({ acme, config });
    // One new person costs Acme three calls (two look-ups, a create): 3 of the 4.
    expect((await postXml(f, 'user', person(0))).status).toBe(200);
    await eventually(async () => (await acme.people()).length === 1, 'the first person in Acme');
    await f.close({ keepData: true, keepAcme: true });

    const hub = (f = await startHub({ acme, dataDir: f.dataDir, config }));
    for (let i = 1; i < 3; i++) expect((await postXml(hub, 'user', person(i))).status).toBe(200);
    // The restarted hub has one call left, not four.
    await eventually(
      async () => (await hub.hub.store.listLog({ clientId: 'client-a', clubId: 'club-a1' })).some((e) => e.level === 'WARNING'),
      'the budget WARNING',
    );
    await eventually(() => acme.requests().length === 4, 'the fourth call in Acme');
    expect(await metric('connector_platform_calls_spent')).toBe(4);
    expect(acme.requests()).toHaveLength(4);
    expect(await acme.people()).toHaveLength(1);
  });

  it('refuses a budget that cannot work, naming the field', async () => {
    const acme = await startAcmeSimulator();
    const turnUp = { ...acme.turnUp({ hubClubIds: ['club-a1', 'club-a2'] }), callBudget: { perDay: 100, resetsAt: '24:00', timeZone: 'Mars/Olympus' } };
    await expect(startHub({ acme, config: { clients: testConfig('', turnUp).clients } })).rejects.toThrow(
      /callBudget\.resetsAt: must be a time of day as HH:MM[\s\S]*callBudget\.timeZone: must be an IANA time zone/,
    );
    await acme.close();
  });
});
