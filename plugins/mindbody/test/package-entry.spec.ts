import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '../../..');

/**
 * Runs in a separate node process, as the hub loads plugins by package name from configuration: the
 * jest module registry would hide what loading the package really does.
 */
const script = `
const { loadPlugin } = require('@connector/core');
const plugin = loadPlugin('@connector/plugin-mindbody');
const loaded = Object.keys(require.cache).filter((file) => /[\\\\/]fastify[\\\\/]|simulator/.test(file));
console.log(JSON.stringify({ id: plugin.id, name: plugin.displayName, secrets: plugin.secretOptions, loaded }));
`;

describe('the @connector/plugin-mindbody entry', () => {
  it('loads by package name as a plugin, without starting or even loading the simulator', async () => {
    // execFile settles only when the process exits on its own: a server or timer started on import
    // would keep it alive until the timeout fails the test.
    const { stdout } = await promisify(execFile)(process.execPath, ['-r', './tools/scripts/register.js', '-e', script], {
      cwd: root,
      timeout: 30_000,
    });
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({
      id: 'mindbody',
      name: 'MINDBODY (Public API v6)',
      secrets: ['apiKey', 'staffPassword'],
      loaded: [],
    });
  }, 35_000);
});
