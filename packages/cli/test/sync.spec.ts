import { startAcmeSimulator, type AcmeSimulator } from '@connector/plugin-acme/simulator';
import { CLUBS, runCli, tempDir, writeConfig } from './cli-test-kit';

describe('connector sync', () => {
  const tmp = tempDir();
  let acme: AcmeSimulator;
  let config: string;

  beforeAll(async () => {
    acme = await startAcmeSimulator();
    const turnUp = acme.turnUp({ hubClubIds: [CLUBS.downtown, CLUBS.harbor] });
    config = writeConfig(tmp.dir, { acme: { port: acme.port, clubs: turnUp.clubs, apiKey: turnUp.options.apiKey } });
  });
  afterAll(async () => {
    await acme.close();
    tmp.cleanup();
  });

  it('pulls what Acme changed since the last pull, with a line per page, and nothing again the next time', async () => {
    await acme.enterPerson(CLUBS.downtown, 'member', { firstName: 'Front', lastName: 'Desk', email: 'front@example.com' });
    await acme.enterPerson(CLUBS.harbor, 'prospect', { firstName: 'Walk', lastName: 'In', email: 'walk@example.com' });
    const first = await runCli(['sync', '1111', '--config', config]);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`acme club ${CLUBS.downtown} page 1: 1 read, 1 saved, 0 unchanged, 0 refused (done)`);
    expect(first.stdout).toContain('acme: 2 people read in 2 page(s): 2 saved, 0 unchanged, 0 refused');

    const log = await runCli(['log', '--client', '1111', '--config', config]);
    expect(log.stdout).toMatch(/INFO\s+ACME\s+Front Desk <front@example.com> \(member, Acme ID p-1\) is new in Acme: a new hub record/);

    const again = await runCli(['sync', '1111', 'acme', '--config', config]);
    expect(again.stdout).toContain('acme: 0 people read in 2 page(s): 0 saved, 0 unchanged, 0 refused');
  });

  it('names the platforms there are when asked for one the client does not have', async () => {
    const wrong = await runCli(['sync', '1111', 'mindbody', '--config', config]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('client 1111 has no platform mindbody (platforms: acme)');
  });
});
