import { startAcmeSimulator, type AcmeSimulator } from '@connector/plugin-acme/simulator';
import { CLUBS, runCli, tempDir, writeConfig } from './cli-test-kit';

describe('connector turnup check', () => {
  const tmp = tempDir();
  let acme: AcmeSimulator;
  let config: string;
  const wrongKey = 'wrong-key-that-must-not-show-1234';

  beforeAll(async () => {
    acme = await startAcmeSimulator();
    const turnUp = acme.turnUp({ hubClubIds: [CLUBS.downtown, CLUBS.harbor] });
    const acmeTurnUp = (apiKey: string) => ({
      plugin: '@connector/plugin-acme',
      connection: { scheme: 'http', host: '127.0.0.1', port: acme.port },
      clubs: { 'other-club': turnUp.clubs[CLUBS.downtown] },
      options: { apiKey },
    });
    config = writeConfig(tmp.dir, {
      acme: { port: acme.port, clubs: turnUp.clubs, apiKey: turnUp.options.apiKey },
      extraClients: [
        { id: 'bad-key', clubs: [{ id: 'other-club' }], platforms: [acmeTurnUp(wrongKey)] },
        { id: 'no-key', clubs: [{ id: 'other-club' }], platforms: [acmeTurnUp('')] },
        { id: 'no-plugin', clubs: [{ id: 'other-club' }], platforms: [{ plugin: '@connector/plugin-nowhere', clubs: {} }] },
      ],
    });
  });
  afterAll(async () => {
    await acme.close();
    tmp.cleanup();
  });

  it('prints a row per turn-up, says which fail and why, exits 1, and never prints a key', async () => {
    const result = await runCli(['turnup', 'check', '--config', config]);
    expect(result.code).toBe(1);
    const rows = result.stdout.split('\n');
    expect(rows[0]).toMatch(/^CLIENT\s+PLATFORM\s+PLUGIN\s+RESULT\s+DETAIL$/);
    expect(rows.find((r) => r.startsWith('1111 '))).toMatch(/acme\s+@connector\/plugin-acme\s+ok\s+account acct-1/);
    expect(rows.find((r) => r.startsWith('bad-key '))).toMatch(/FAILED\s+.*401/);
    expect(rows.find((r) => r.startsWith('no-key '))).toMatch(/FAILED\s+.*apiKey: must not be empty/);
    expect(rows.find((r) => r.startsWith('no-plugin '))).toMatch(/FAILED\s+plugin package @connector\/plugin-nowhere could not be loaded/);
    expect(result.stdout).toContain('3 of 4 turn-up(s) failed.');
    expect(result.stdout + result.stderr).not.toContain(wrongKey);
    expect(result.stdout + result.stderr).not.toContain(acme.apiKey);
  });

  it('checks one client when named, and exits 0 when its turn-ups work', async () => {
    const result = await runCli(['turnup', 'check', '1111', '--config', config]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('All 1 turn-up(s) work.');
    expect(result.stdout).not.toContain('bad-key');
  });

  it('refuses a client that is not configured', async () => {
    const result = await runCli(['turnup', 'check', '4242', '--config', config]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: client 4242 is not in the configuration (clients: 1111, bad-key, no-key, no-plugin)\n');
  });
});
