import fs from 'node:fs';
import path from 'node:path';
import { CLUBS, runCli, startCli, tempDir, writeConfig, type RunningCli } from './cli-test-kit';

describe('one `connector serve` per data folder', () => {
  const tmp = tempDir();
  const running: RunningCli[] = [];
  // A failed expectation must not leave a server behind (stopping twice is harmless).
  afterEach(async () => {
    await Promise.all(running.splice(0).map((cli) => cli.stop()));
  });
  afterAll(() => tmp.cleanup());

  it('refuses a second hub on the folder, naming it and the first, while `connector import` works beside the first', async () => {
    const config = writeConfig(tmp.dir);
    const dataDir = path.join(tmp.dir, 'data');
    const first = startCli(['serve', '--config', config, '--port', '0']);
    running.push(first);
    await first.waitFor('Press Ctrl-C to stop.');

    const second = await runCli(['serve', '--config', config, '--port', '0']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(
      new RegExp(
        `^error: the data folder ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by another hub \\(pid ${process.pid} on .+, started .+ UTC\\)`,
      ),
    );
    expect(second.stderr).toContain('the embedded SQLite store serves one hub');
    expect(second.stdout).not.toContain('listening');

    const file = path.join(tmp.dir, 'prospects.ndjson');
    fs.writeFileSync(
      file,
      `${JSON.stringify({ clubID: CLUBS.downtown, recordID: 'i-1', firstname: 'Ivy', lastname: 'Stone', userType: 'PROSPECT', userStatus: 'ACTIVE' })}\n`,
    );
    const imported = await runCli(['import', file, '--client', '1111', '--config', config]);
    expect(imported.stdout).toContain('saved         1 (1 new, 0 updated)');
    expect(imported.code).toBe(0);

    expect((await first.stop()).code).toBe(0);
    // Once the first has stopped, the next hub starts on the same folder.
    const next = startCli(['serve', '--config', config, '--port', '0']);
    running.push(next);
    await next.waitFor('Press Ctrl-C to stop.');
  }, 60_000);
});
