import { runCli, tempDir, writeConfig } from './cli-test-kit';

describe('connector plugins list', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('lists the bundled plugins: capabilities and turn-up options with secrets marked, or why one does not load', async () => {
    const result = await runCli(['plugins', 'list']);
    expect(result.stdout).toContain('acme: Acme 0.1.0 (@connector/plugin-acme)');
    expect(result.stdout).toContain(
      'capabilities: prospects (create+update), members (create+update), conversion (convertProspect), staff (list), lead sources (list, create, update), find, check',
    );
    expect(result.stdout).toMatch(/NAME\s+TYPE\s+REQUIRED\s+SECRET/);
    expect(result.stdout).toMatch(/apiKey\s+string\s+yes\s+secret/);
    // Every bundled package is accounted for: listed with its id, or said not to load.
    for (const name of ['@connector/plugin-mindbody-soap', '@connector/plugin-mindbody', '@connector/plugin-webhook']) {
      expect(result.stdout).toMatch(new RegExp(`\\(${name}\\)|${name}\\n  NOT LOADED: `));
    }
    expect(result.code).toBe(0);
  });

  it('lists only the plugins a configuration turns up', async () => {
    const config = writeConfig(tmp.dir, { acme: { port: 1, clubs: { 'club-downtown': 'club-1' }, apiKey: 'k' } });
    const result = await runCli(['plugins', 'list', '--config', config, '--json']);
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout) as Array<{ package: string; options: Array<{ name: string; secret: boolean; required: boolean }> }>;
    expect(listed.map((p) => p.package)).toEqual(['@connector/plugin-acme']);
    expect(listed[0].options).toEqual([
      { name: 'apiKey', type: 'string', required: true, secret: true },
      { name: 'webhookSecret', type: 'string', required: false, secret: true },
    ]);
  });
});
