import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { tempDir, writeConfig } from './cli-test-kit';
import { startReal, type RealProcess } from './support/real-process';

const exec = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../..');
// What a user installs to run a hub: the CLI and every @connector package it depends on (the bundled
// plugins among them). @connector/testing is for plugin authors' tests and is not among them.
const PACKAGES = [
  'packages/core',
  'packages/store-sqlite',
  'packages/hub',
  'packages/cli',
  'plugins/acme',
  'plugins/mindbody',
  'plugins/mindbody-soap',
  'plugins/webhook',
];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the packed packages, installed in an empty folder', () => {
  const tmp = tempDir('connector-installed-');
  let hub: RealProcess | undefined;
  afterAll(() => {
    // A failed expectation must not leave the installed hub running.
    if (hub?.child.exitCode === null) hub.child.kill('SIGKILL');
    tmp.cleanup();
  });

  it('install from their tarballs, and the installed `connector serve` answers /healthz and stops on SIGTERM; the installed demo runs', async () => {
    for (const dir of PACKAGES) {
      if (!fs.existsSync(path.join(ROOT, dir, 'dist/index.js'))) throw new Error(`${dir}/dist is missing: run \`npm run build\` first (npm test does)`);
    }
    const tarballs = path.join(tmp.dir, 'tarballs');
    fs.mkdirSync(tarballs);
    const packed = await exec(npm, ['pack', ...PACKAGES.map((dir) => `./${dir}`), '--pack-destination', tarballs, '--json'], { cwd: ROOT });
    const files = (JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>).map((entry) => {
      // A tarball carries the compiled code and no TypeScript source or test.
      expect(entry.files.filter((file) => /(^src\/|\.spec\.|^test\/)/.test(file.path))).toEqual([]);
      return path.join(tarballs, entry.filename.replace(/^@/, '').replace('/', '-'));
    });

    const app = path.join(tmp.dir, 'app');
    fs.mkdirSync(app);
    // On Node 20 the app pins what the workspace pins (its root package.json): fastify's light-my-request,
    // whose newer releases need a cookie package that requires Node 22 (docs/deploying.md says so too).
    const { overrides } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { overrides: Record<string, string> };
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'connector-app', private: true, overrides }));
    // --ignore-scripts: better-sqlite3's install script is the only one, and it would compile SQLite
    // for two minutes where no prebuilt binary can be fetched; the workspace's binary of the same version,
    // built for this very node, is put in its place instead. Everything else is as a user installs it.
    await exec(npm, ['install', ...files, '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel=error'], {
      cwd: app,
      timeout: 90_000,
    });
    const sqlite = (root: string) => path.join(root, 'node_modules/better-sqlite3');
    const version = (root: string) => (JSON.parse(fs.readFileSync(path.join(sqlite(root), 'package.json'), 'utf8')) as { version: string }).version;
    expect(version(app)).toBe(version(ROOT));
    fs.mkdirSync(path.join(sqlite(app), 'build/Release'), { recursive: true });
    fs.copyFileSync(path.join(sqlite(ROOT), 'build/Release/better_sqlite3.node'), path.join(sqlite(app), 'build/Release/better_sqlite3.node'));

    const bin = path.join(app, 'node_modules/@connector/cli/bin/connector.js');
    expect(fs.realpathSync(bin).startsWith(app)).toBe(true);
    const config = writeConfig(app);
    hub = startReal(bin, ['serve', '--config', config, '--port', '0'], { cwd: app });
    const [, url] = await hub.waitFor(/listening on (http:\/\/\S+)/);
    await hub.waitFor(/Press Ctrl-C to stop\./);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    hub.child.kill('SIGTERM');
    expect(await hub.exited()).toEqual({ code: 0, signal: null });

    // The demo needs its configuration and sample data, bundled into the installed CLI (no repository here).
    const demo = startReal(bin, ['demo', '--exit', '--port', '0'], { cwd: app });
    expect(await demo.exited(60_000)).toEqual({ code: 0, signal: null });
    expect(demo.output()).toMatch(/POST prospect Jane Doe \(it-1001\) -> 200 uuid/);
    expect(demo.output()).toContain('A sale at the club: Omar Haddad becomes a member in the simulator');
  }, 170_000);
});
