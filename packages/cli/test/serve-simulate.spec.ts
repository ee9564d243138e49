import { setTimeout as sleep } from 'node:timers/promises';
import { CLUBS, startCli, tempDir, TEST_PROVIDER_KEY, writeConfig, type RunningCli } from './cli-test-kit';

const xmlUser = (recordId: string) => `<user>
  <providerInfo><identifier>INTOUCH</identifier><clientID>1111</clientID><clubID>${CLUBS.harbor}</clubID><recordID>${recordId}</recordID></providerInfo>
  <userInfo><firstname>Foo</firstname><lastname>Bar</lastname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType><email>foo@bar.com</email></userInfo>
</user>`;

describe('connector simulate + connector serve', () => {
  const tmp = tempDir();
  const running: RunningCli[] = [];
  const start = (argv: string[]) => {
    const cli = startCli(argv);
    running.push(cli);
    return cli;
  };
  // A failed expectation must not leave a server behind (stopping twice is harmless).
  afterEach(async () => {
    await Promise.all(running.splice(0).map((cli) => cli.stop()));
  });
  afterAll(() => tmp.cleanup());

  it('serves a configuration against a simulator started by `simulate`, until Ctrl-C', async () => {
    const simulate = start(['simulate', 'acme', '--clubs', `${CLUBS.downtown},${CLUBS.harbor}`]);
    const simOut = await simulate.waitFor('Press Ctrl-C to stop.');
    const simUrl = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(simOut);
    expect(simUrl).not.toBeNull();
    // The printed turn-up is what a configuration needs, with the simulator's port.
    expect(simOut).toContain('- plugin: "@connector/plugin-acme"');
    expect(simOut).toContain(`port: ${simUrl![2]}`);
    expect(simOut).toContain(`${CLUBS.harbor}: club-2`);

    const config = writeConfig(tmp.dir, {
      acme: { port: Number(simUrl![2]), clubs: { [CLUBS.downtown]: 'club-1', [CLUBS.harbor]: 'club-2' }, apiKey: 'acme-sim-key' },
    });
    const serve = start(['serve', '--config', config, '--port', '0']);
    const serveOut = await serve.waitFor('Press Ctrl-C to stop.');
    const hubUrl = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(serveOut)![1];
    expect(serveOut).toContain('client 1111 (Test Fitness): 2 club(s), platforms: acme');

    const saved = await fetch(`${hubUrl}/connector/api/2011-11/user`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_PROVIDER_KEY}`, 'content-type': 'application/xml' },
      body: xmlUser('r-1'),
    });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toMatch(/<uuid>[0-9a-f-]{36}<\/uuid>/);

    // The hub delivered to the simulator: it answers the account with the prospect searchable.
    const deadline = Date.now() + 10_000;
    let found: unknown[] = [];
    while (Date.now() < deadline && found.length === 0) {
      const people = await fetch(`${simUrl![1]}/v1/clubs/club-2/people?email=foo@bar.com`, { headers: { 'x-api-key': 'acme-sim-key' } });
      found = ((await people.json()) as { items: unknown[] }).items;
      if (found.length === 0) await sleep(50);
    }
    expect(found).toHaveLength(1);

    const served = await serve.stop();
    expect(served.code).toBe(0);
    expect(served.stderr).toContain('stopped.');
    const simulated = await simulate.stop();
    expect(simulated.code).toBe(0);
    await expect(fetch(`${simUrl![1]}/v1/account`)).rejects.toThrow();
  }, 30_000);

  it('says when a plugin has no simulator', async () => {
    const result = await start(['simulate', 'nowhere']).done;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: @connector\/plugin-nowhere has no simulator that loads/);
  });
});
