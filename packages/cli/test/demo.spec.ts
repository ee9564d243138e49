import fs from 'node:fs';
import { runCli, tempDir } from './cli-test-kit';

describe('connector demo', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('sends the sample through the XML API, delivers it to the Acme simulator and prints the Connector Log per club', async () => {
    const dataDir = `${tmp.dir}/demo-data`;
    const result = await runCli(['demo', '--exit', '--port', '0', '--data-dir', dataDir], { env: {} });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = result.stdout;

    // Every record went in over HTTP with the demo provider's key.
    expect(out).toMatch(/POST prospect Jane Doe \(it-1001\) -> 200 uuid [0-9a-f-]{36}/);
    expect(out).toMatch(/POST lead source Facebook \(ls-facebook\) -> 200 uuid/);

    // The log, per club, in the club's time zone, with the three levels.
    const downtown = out.indexOf('Downtown (11111111-1111-1111-1111-111111111111), times in America/New_York');
    const harbor = out.indexOf('Harbor (22222222-2222-2222-2222-222222222222), times in America/Los_Angeles');
    expect(downtown).toBeGreaterThan(0);
    expect(harbor).toBeGreaterThan(downtown);
    const downtownLog = out.slice(downtown, harbor);
    const harborLog = out.slice(harbor, out.indexOf('Dead letters'));
    expect(downtownLog).toMatch(
      /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d E[SD]T\s+INFO\s+acme\s+Jane Doe <jane.doe@example.com> \(prospect\) entered in INTOUCH and sent to Acme/,
    );
    expect(downtownLog).toMatch(/INFO\s+acme\s+Jane Doe <jane.doe@example.com> \(member\)/);
    expect(harborLog).toMatch(/P[SD]T\s+WARNING\s+acme\s+Mia Chen/);
    expect(harborLog).toMatch(/P[SD]T\s+ERROR\s+acme\s+Lee Park <lee.park\(at\)example> \(prospect\) entered in INTOUCH was not sent to Acme/);

    // The bad email is a dead letter, with Acme's reason.
    expect(out).toMatch(/Dead letters \(1\)[\s\S]*Lee Park \(prospect\) -> acme: .*email/);

    // What the simulator holds: Jane converted to a member, Omar sold one, Lee never arrived.
    expect(out).toMatch(/now holds 4 people/);
    expect(out).toMatch(/MEMBER\s+Jane Doe <jane.doe@example.com>/);
    // Two-way sync: Omar was sold a membership in Acme, and the pull brought it back.
    expect(out).toContain('A sale at the club: Omar Haddad becomes a member in the simulator');
    expect(out).toMatch(/the hub pulls Acme's changes .*: 4 people in the feed, 1 saved to the hub/);
    expect(downtownLog).toMatch(/INFO\s+ACME\s+Omar Haddad <omar.haddad@example.com> \(member, Acme ID p-\d+\) changed in Acme and became a member/);
    expect(out).toMatch(/MEMBER\s+Omar Haddad/);
    expect(out).toMatch(/MEMBER\s+Ana Souza/);
    expect(out).not.toMatch(/(PROSPECT|MEMBER)\s+Lee Park/);

    expect(out).toMatch(/The hub listens on http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toContain('Exiting (--exit, CI, or no terminal).');
    // The data folder given was used (and kept: only a temporary one is removed).
    expect(fs.existsSync(`${dataDir}/connector.db`)).toBe(true);
  }, 60_000);

  it('refuses a data folder that is not empty', async () => {
    const result = await runCli(['demo', '--exit', '--port', '0', '--data-dir', tmp.dir], { env: {} });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: the demo needs an empty data folder, and .* is not empty/);
  });
});
