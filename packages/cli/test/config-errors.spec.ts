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

  describe('config check refuses what serve refuses, with the same message', () => {
    const acme = (clubs: Record<string, string>, apiKey = 'acme-key') => ({ port: 1, clubs, apiKey });
    const both = async (file: string) => {
      const check = await runCli(['config', 'check', '--config', file]);
      const serve = await runCli(['serve', '--config', file, '--data-dir', path.join(tmp.dir, 'never-created')]);
      expect(fs.existsSync(path.join(tmp.dir, 'never-created'))).toBe(false);
      return { check, serve };
    };

    it('a plugin package that does not load', async () => {
      const file = writeConfig(tmp.dir, {
        file: 'no-plugin.yaml',
        acme: acme({ 'club-downtown': 'club-1' }),
        mutate: (config) => ((config.clients as Array<{ platforms: Array<Record<string, unknown>> }>)[0].platforms[0].plugin = '@connector/plugin-nope'),
      });
      const { check, serve } = await both(file);
      expect(check.code).toBe(1);
      expect(check.stdout).toBe('');
      expect(check.stderr).toMatch(/^error: clients\[0\]\.platforms\[0\]\.plugin: plugin package @connector\/plugin-nope could not be loaded: [^\n]+\n$/);
      expect(serve.code).toBe(1);
      expect(serve.stderr).toBe(check.stderr);
    });

    it('a club mapping that names a club the client does not have', async () => {
      const file = writeConfig(tmp.dir, { file: 'no-club.yaml', acme: acme({ 'club-downtown': 'club-1', 'club-uptown': 'club-2' }) });
      const { check, serve } = await both(file);
      expect(check.code).toBe(1);
      expect(check.stderr).toBe('error: clients[0].platforms[0].clubs.club-uptown: club-uptown is not a club of client 1111\n');
      expect(serve.code).toBe(1);
      expect(serve.stderr).toBe(check.stderr);
    });

    it('a plugin option missing or misspelled, without showing its value', async () => {
      const file = writeConfig(tmp.dir, {
        file: 'misspelled-option.yaml',
        acme: acme({ 'club-downtown': 'club-1' }),
        mutate: (config) =>
          ((config.clients as Array<{ platforms: Array<Record<string, unknown>> }>)[0].platforms[0].options = { apiKye: 'sup3r-secret-option-0002' }),
      });
      const { check, serve } = await both(file);
      expect(check.code).toBe(1);
      expect(check.stderr).toBe(
        'error: clients[0].platforms[0].options.apiKey: is required\nerror: clients[0].platforms[0].options.apiKye: unknown field (did you mean apiKey?)\n',
      );
      expect(check.stderr).not.toContain('sup3r-secret');
      expect(serve.code).toBe(1);
      expect(serve.stderr).toBe(check.stderr);
    });

    it('a misspelled field below the top level, naming the one that was meant', async () => {
      const file = writeConfig(tmp.dir, {
        file: 'timezone.yaml',
        mutate: (config) => {
          const club = (config.clients as Array<{ clubs: Array<Record<string, unknown>> }>)[0].clubs[1];
          club.timezone = club.timeZone;
          delete club.timeZone;
        },
      });
      const { check, serve } = await both(file);
      expect(check.code).toBe(1);
      expect(check.stderr).toBe('error: clients[0].clubs[1].timezone: unknown field (did you mean timeZone?)\n');
      expect(serve.stderr).toBe(check.stderr);
    });

    it('a file that serve starts with is valid', async () => {
      const file = writeConfig(tmp.dir, { file: 'good-acme.yaml', acme: acme({ 'club-downtown': 'club-1' }) });
      const check = await runCli(['config', 'check', '--config', file]);
      expect(check.code).toBe(0);
      expect(check.stderr).toBe('');
      expect(check.stdout).toContain('The configuration is valid.');
      expect(check.stdout).toContain('client 1111 (Test Fitness): 2 club(s), platforms: acme');
      expect(fs.existsSync(path.join(tmp.dir, 'data'))).toBe(false);
    });
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
