import fs from 'node:fs';
import path from 'node:path';
import { runCli, tempDir, writeConfig } from './cli-test-kit';

describe('a configuration file that cannot work', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('fails at start with the field and the reason on one line, no stack trace', async () => {
    const file = writeConfig(tmp.dir, { file: 'no-clubs.yaml', mutate: (config) => ((config.clients as Array<{ clubs: unknown[] }>)[0].clubs = []) });
    const result = await runCli(['serve', '--config', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: clients[0].clubs: a client needs at least one club\n');
    expect(result.stdout).toBe('');
  });

  it('fails at start when a turn-up does not suit its plugin, naming the option', async () => {
    const file = writeConfig(tmp.dir, { file: 'bad-option.yaml', acme: { port: 1, clubs: { 'club-downtown': 'club-1' }, apiKey: '' } });
    const result = await runCli(['serve', '--config', file, '--data-dir', tmp.dir + '/bad-option-data']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: clients[0].platforms[0].options.apiKey: must not be empty\n');
  });

  it('names every wrong field, each on its own line', async () => {
    const file = writeConfig(tmp.dir, {
      file: 'two-problems.yaml',
      mutate: (config) => {
        (config.server as Record<string, unknown>).port = 'eighty';
        (config.providers as Array<Record<string, unknown>>)[0].apiKey = undefined;
      },
    });
    const result = await runCli(['log', '--client', '1111', '--config', file]);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual(expect.arrayContaining(['error: server.port: must be a port number', 'error: providers[0].apiKey: is required (or apiKeySha256)']));
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the file when it cannot be read or parsed', async () => {
    const missing = await runCli(['turnup', 'check', '--config', 'nowhere.yaml'], { cwd: tmp.dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('error: nowhere.yaml: cannot read the file: ENOENT\n');

    fs.writeFileSync(path.join(tmp.dir, 'broken.yaml'), 'clients: [\n');
    const broken = await runCli(['turnup', 'check', '--config', 'broken.yaml'], { cwd: tmp.dir });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^error: broken\.yaml: not valid YAML: /);
  });

  it('never prints a secret of the file in an error', async () => {
    const file = writeConfig(tmp.dir, {
      file: 'secret.yaml',
      mutate: (config) => {
        (config.providers as Array<Record<string, unknown>>)[0].apiKey = 'sup3r-secret-key-value-0001';
        (config.providers as Array<Record<string, unknown>>)[0].clients = ['9999'];
      },
    });
    const result = await runCli(['serve', '--config', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: providers[0].clients[0]: client 9999 is not configured in clients\n');
    expect(result.stderr).not.toContain('sup3r-secret');
  });

  it('asks for --config when neither the flag nor CONNECTOR_CONFIG gives one', async () => {
    const result = await runCli(['dlq', 'list']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: --config <file> is required (or set CONNECTOR_CONFIG)\n');
  });

  it('says a good file is valid, and what it configures', async () => {
    const file = writeConfig(tmp.dir, { file: 'good.yaml' });
    const result = await runCli(['config', 'check', '--config', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('The configuration is valid.');
    expect(result.stdout).toContain('client 1111 (Test Fitness): 2 club(s), platforms: no platform');
  });

  it('prints the stack only with --verbose', async () => {
    const quiet = await runCli(['dlq', 'list']);
    expect(quiet.stderr).not.toContain('    at ');
    const verbose = await runCli(['--verbose', 'dlq', 'list']);
    expect(verbose.stderr).toMatch(/^error: --config <file> is required[^\n]*\nCliError: [^\n]*\n\s+at /);
  });

  it('reports a usage error with exit code 2 and the usage hint', async () => {
    const result = await runCli(['import', 'file.csv']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: required option '--client <id>' not specified");
  });
});
