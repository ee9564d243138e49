import fs from 'node:fs';
import path from 'node:path';
import { tempDir, writeConfig } from './cli-test-kit';
import { gone, startReal } from './support/real-process';

// The compiled bin, as `npx connector` runs it: `npm test` builds first (`npm run build`).
const BIN = path.resolve(__dirname, '../bin/connector.js');
const BUILT = path.resolve(__dirname, '../dist/main.js');

describe('`connector serve` as a real process (the compiled bin)', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  beforeAll(() => {
    if (!fs.existsSync(BUILT)) throw new Error(`${BUILT} is missing: run \`npm run build\` first (npm test does)`);
  });

  const configFor = (name: string) =>
    writeConfig(tmp.dir, { file: `${name}.yaml`, mutate: (config) => ((config.store as { dataDir: string }).dataDir = `./data-${name}`) });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'stops on %s with exit code 0, and the hub relaunched with its V8 flags is gone too',
    async (signal) => {
      const hub = startReal(BIN, ['serve', '--config', configFor(signal), '--port', '0']);
      const [, pid, flags] = await hub.waitFor(/pid (\d+), node v[\d.]+ ?(.*)/);
      await hub.waitFor(/Press Ctrl-C to stop\./);
      // The bin started node again with the young-generation size the hub wants (node 20 cannot exec).
      expect(flags).toBe('--max-semi-space-size=64');
      hub.child.kill(signal);
      expect(await hub.exited()).toEqual({ code: 0, signal: null });
      expect(hub.output()).toContain('stopped.');
      expect(await gone(Number(pid))).toBe(true);
    },
    60_000,
  );

  it('runs the hub in its own process when node already has the flags (NODE_OPTIONS, as the systemd unit sets them)', async () => {
    const hub = startReal(BIN, ['serve', '--config', configFor('options'), '--port', '0'], { env: { NODE_OPTIONS: '--max-semi-space-size=64' } });
    const [, pid] = await hub.waitFor(/pid (\d+)/);
    await hub.waitFor(/Press Ctrl-C to stop\./);
    expect(Number(pid)).toBe(hub.child.pid);
    hub.child.kill('SIGTERM');
    expect(await hub.exited()).toEqual({ code: 0, signal: null });
  }, 60_000);

  it('a hub whose launching process was killed outright (SIGKILL) stops by itself', async () => {
    const hub = startReal(BIN, ['serve', '--config', configFor('orphan'), '--port', '0']);
    const [, pid] = await hub.waitFor(/pid (\d+)/);
    await hub.waitFor(/Press Ctrl-C to stop\./);
    hub.child.kill('SIGKILL');
    await hub.exited();
    expect(await gone(Number(pid), 20_000)).toBe(true);
  }, 60_000);
});
