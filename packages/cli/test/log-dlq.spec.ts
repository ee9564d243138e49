import fs from 'node:fs';
import path from 'node:path';
import { startAcmeSimulator, type AcmeSimulator } from '@connector/plugin-acme/simulator';
import { CLUBS, runCli, tempDir, writeConfig } from './cli-test-kit';

describe('connector log and connector dlq', () => {
  const tmp = tempDir();
  let acme: AcmeSimulator;
  let config: string;

  beforeAll(async () => {
    acme = await startAcmeSimulator();
    const turnUp = acme.turnUp({ hubClubIds: [CLUBS.downtown, CLUBS.harbor] });
    // The import below sends as CRM: an import sends only as a configured provider.
    config = writeConfig(tmp.dir, {
      acme: { port: acme.port, clubs: turnUp.clubs, apiKey: turnUp.options.apiKey },
      mutate: (c) => (c.providers as unknown[]).push({ id: 'CRM', apiKey: 'crm-provider-key-0123456789', clients: ['1111'] }),
    });
    const file = path.join(tmp.dir, 'people.ndjson');
    fs.writeFileSync(
      file,
      [
        { clubID: CLUBS.downtown, recordID: 'l-1', firstname: 'Jane', lastname: 'Doe', userType: 'PROSPECT', userStatus: 'ACTIVE', email: 'jane@example.com' },
        { clubID: CLUBS.harbor, recordID: 'l-2', firstname: 'Lee', lastname: 'Park', userType: 'PROSPECT', userStatus: 'ACTIVE', email: 'lee.park(at)example' },
        {
          clubID: CLUBS.harbor,
          recordID: 'l-3',
          firstname: 'Mia',
          lastname: 'Chen',
          userType: 'PROSPECT',
          userStatus: 'ACTIVE',
          staffOwnerEmail: 'nobody@club.example',
        },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    );
    const imported = await runCli(['import', file, '--client', '1111', '--provider', 'crm', '--config', config, '--deliver']);
    expect(imported.stdout).toContain('delivered     1 INFO, 1 WARNING, 1 ERROR');
  });
  afterAll(async () => {
    await acme.close();
    tmp.cleanup();
  });

  it("prints the log per club, in the club's time zone, with level, platform and summary", async () => {
    const result = await runCli(['log', '--client', '1111', '--config', config]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Downtown (${CLUBS.downtown}), times in America/New_York`);
    expect(result.stdout).toMatch(
      /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d E[SD]T\s+INFO\s+acme\s+Jane Doe <jane@example.com> \(prospect\) entered in CRM and sent to Acme/,
    );
    expect(result.stdout).toMatch(/P[SD]T\s+WARNING\s+acme\s+Mia Chen/);
    expect(result.stdout).toMatch(/P[SD]T\s+ERROR\s+acme\s+Lee Park/);
  });

  it('filters by club (ID or name) and level', async () => {
    const errors = await runCli(['log', '--client', '1111', '--level', 'error', '--config', config]);
    expect(errors.stdout).toMatch(/ERROR\s+acme\s+Lee Park/);
    expect(errors.stdout).not.toMatch(/INFO|WARNING/);
    const downtown = await runCli(['log', '--client', '1111', '--club', 'downtown', '--config', config]);
    expect(downtown.stdout).toContain('Jane Doe');
    expect(downtown.stdout).not.toContain('Harbor');
    const bad = await runCli(['log', '--client', '1111', '--level', 'loud', '--config', config]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: --level must be INFO, WARNING or ERROR, not loud\n');
  });

  it("lists the dead letter with Acme's reason and replays it", async () => {
    const list = await runCli(['dlq', 'list', '--client', '1111', '--config', config]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^ID\s+CLIENT\s+PLATFORM\s+WHO\s+ATTEMPTS\s+SINCE \(club time\)\s+REASON/);
    const row = list.stdout.split('\n').find((line) => line.includes('Lee Park'));
    expect(row).toMatch(/1111\s+acme\s+Lee Park \(prospect\)\s+1\s+.*PLATFORM_REJECTED: .*email/);
    const id = row!.split(/\s+/)[0];

    // Nothing was fixed: the replay is refused again and the command says so with its exit code.
    const replay = await runCli(['dlq', 'replay', id, '--deliver', '--config', config]);
    expect(replay.stdout).toContain(`Delivery ${id} of Lee Park (prospect) to acme is queued again.`);
    expect(replay.stdout).toMatch(/ERROR: Lee Park .* was not sent to Acme/);
    expect(replay.code).toBe(1);

    const unknown = await runCli(['dlq', 'replay', 'no-such-id', '--config', config]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('error: no delivery no-such-id (see connector dlq list)\n');
  });
});
