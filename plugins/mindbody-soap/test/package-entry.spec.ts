import { loadPluginEntry } from '@connector/testing';

describe('the @connector/plugin-mindbody-soap entry', () => {
  it('loads by package name as a plugin, without starting or even loading the simulator', async () => {
    // The load runs in a process of its own that must exit by itself: a server or timer started on
    // import would keep it alive until the timeout fails the test.
    const entry = await loadPluginEntry('@connector/plugin-mindbody-soap');
    expect({ id: entry.id, secrets: entry.secretOptions, loaded: entry.serverModules }).toEqual({
      id: 'mindbody-soap',
      secrets: ['sourcePassword', 'staffPassword'],
      loaded: [],
    });
  }, 35_000);
});
