import fs from 'node:fs';
import path from 'node:path';
import { runCli, startCli, tempDir, writeConfig } from './cli-test-kit';

describe('the store named by the configuration, from the CLI', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  const withStore = (file: string, store: unknown) => writeConfig(tmp.dir, { file, mutate: (config) => (config.store = store) });

  it('serves on the SQLite store named by its package, in the data folder its options give', async () => {
    const file = withStore('by-package.yaml', { package: '@connector/store-sqlite', options: { dataDir: './state', synchronous: 'NORMAL' } });
    const serve = startCli(['serve', '--config', file]);
    await serve.waitFor('Press Ctrl-C to stop.');
    const stopped = await serve.stop();
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toContain(`  data folder: ${path.join(tmp.dir, 'state')}\n`);
    expect(fs.existsSync(path.join(tmp.dir, 'state', 'connector.db'))).toBe(true);
    // The data commands open the same store.
    const log = await runCli(['log', '--client', '1111', '--config', file]);
    expect(log.code).toBe(0);
  });

  it('checks a Postgres store named by type, showing the server without its password', async () => {
    const env = { DATABASE_URL: 'postgres://hub:Sup3rSecretPw@db.example:5432/connector' };
    const good = withStore('postgres.yaml', { type: 'postgres', url: '${env:DATABASE_URL}', pool: { max: 4 } });
    const checked = await runCli(['config', 'check', '--config', good], { env });
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('store: postgres at postgres://hub@db.example:5432/connector');
    expect(checked.stdout + checked.stderr).not.toContain('Sup3rSecretPw');

    const bad = withStore('postgres-bad.yaml', { type: 'postgres', url: 'mysql://hub:Sup3rSecretPw@db/x', pool: { max: 0 } });
    const refused = await runCli(['config', 'check', '--config', bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('store.url: must be a postgres:// URL');
    expect(refused.stderr).toContain('store.pool.max: must be at least 1');
    expect(refused.stderr).not.toContain('Sup3rSecretPw');
  });

  it("stops a data command at once, naming the store's wrong option", async () => {
    const file = withStore('bad-option.yaml', { package: '@connector/store-sqlite', options: { dataDir: './never', synchronous: 'OFF' } });
    const result = await runCli(['log', '--client', '1111', '--config', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: store.options.synchronous: must be FULL or NORMAL\n');
    expect(fs.existsSync(path.join(tmp.dir, 'never'))).toBe(false);
  });
});
