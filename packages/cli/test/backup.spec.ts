import fs from 'node:fs';
import path from 'node:path';
import { CLUBS, runCli, startCli, tempDir, writeConfig, type RunningCli } from './cli-test-kit';

describe('`connector backup` and a restore', () => {
  const tmp = tempDir();
  const running: RunningCli[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((cli) => cli.stop()));
  });
  afterAll(() => tmp.cleanup());

  it('copies the store while a hub serves from it; the copy put back as connector.db holds the records and the Connector Log', async () => {
    const config = writeConfig(tmp.dir);
    const hub = startCli(['serve', '--config', config, '--port', '0']);
    running.push(hub);
    await hub.waitFor('Press Ctrl-C to stop.');
    const file = path.join(tmp.dir, 'people.ndjson');
    const ivy = { clubID: CLUBS.downtown, recordID: 'i-1', firstname: 'Ivy', lastname: 'Stone', userType: 'PROSPECT', userStatus: 'ACTIVE' };
    fs.writeFileSync(file, [ivy, { ...ivy, recordID: 'i-2', firstname: 'Jo', lastname: '' }].map((line) => JSON.stringify(line)).join('\n') + '\n');
    await runCli(['import', file, '--client', '1111', '--config', config]);

    const backup = path.join(tmp.dir, 'backups', 'connector-1.db');
    fs.mkdirSync(path.dirname(backup));
    const done = await runCli(['backup', backup, '--config', config]);
    expect(done).toMatchObject({ code: 0, stdout: `Backed up the store to ${backup}\n` });
    expect(fs.readdirSync(path.dirname(backup))).toEqual(['connector-1.db']);
    // A second backup to the same file is refused: an earlier copy is never overwritten.
    const again = await runCli(['backup', backup, '--config', config]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`error: the backup file ${backup} exists already: name a new file\n`);
    expect((await hub.stop()).code).toBe(0);

    // Restore: the copy as connector.db of a data folder, and the commands read it as the original.
    const restored = path.join(tmp.dir, 'restored');
    fs.mkdirSync(restored);
    fs.copyFileSync(backup, path.join(restored, 'connector.db'));
    const log = await runCli(['log', '--client', '1111', '--level', 'error', '--config', config, '--data-dir', restored]);
    expect(log.stdout).toMatch(/ERROR\s+INTOUCH\s+Jo <?.*\(prospect\) sent by INTOUCH was rejected: lastname: /);
    const reimported = await runCli(['import', file, '--client', '1111', '--config', config, '--data-dir', restored]);
    expect(reimported.stdout).toContain('0 new');
  }, 60_000);
});
