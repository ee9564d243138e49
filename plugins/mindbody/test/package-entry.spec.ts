import { loadPluginEntry } from '@connector/testing';
import packageJson from '../package.json';

describe('the @connector/plugin-mindbody entry', () => {
  it('loads by package name as a plugin, without starting or even loading the simulator or fastify', async () => {
    // The load runs in a process of its own that must exit by itself: a server or timer started on
    // import would keep it alive until the timeout fails the test.
    const entry = await loadPluginEntry('@connector/plugin-mindbody');
    expect({ id: entry.id, name: entry.displayName, secrets: entry.secretOptions, loaded: entry.serverModules }).toEqual({
      id: 'mindbody',
      name: 'MINDBODY (Public API v6)',
      secrets: ['apiKey', 'staffPassword', 'webhookSignatureKey'],
      loaded: [],
    });
  }, 35_000);

  it("does not install the simulator's fastify with the plugin", () => {
    expect(Object.keys(packageJson.dependencies)).not.toContain('fastify');
    expect(Object.keys(packageJson.devDependencies)).toContain('fastify');
  });
});
