import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import https from 'node:https';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { captureLogger } from '@connector/testing';
import axios from 'axios';
import { configJsonSchema, createHub, HubConfigError, loadConfig, parseConfig, validateConfiguration, type HubConfigInput } from '../src';

const minimal = (extra: Partial<HubConfigInput> = {}): HubConfigInput => ({
  clients: [{ id: 'c1', clubs: [{ id: 'k1', timeZone: 'America/Vancouver' }] }],
  providers: [{ id: 'INTOUCH', apiKey: 'a-long-enough-api-key', clients: ['c1'] }],
  ...extra,
});

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HubConfigError);
    return (error as HubConfigError).problems;
  }
  throw new Error('the configuration was accepted');
}

describe('hub configuration', () => {
  const tmp: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'connector-config-'));
    tmp.push(dir);
    return dir;
  };
  afterAll(() => tmp.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('fills the defaults', () => {
    const config = parseConfig(minimal(), {}, { baseDir: '/srv/hub' });
    expect(config.store).toEqual({ type: 'sqlite', dataDir: '/srv/hub/data', synchronous: 'FULL' });
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 8080, bodyLimitBytes: 1024 * 1024, metrics: 'auth' });
    expect(config.log.level).toBe('info');
    // Only the digest of the key is kept.
    expect(config.providers[0].apiKeySha256.toString('hex')).toBe(createHash('sha256').update('a-long-enough-api-key').digest('hex'));
    expect(JSON.stringify(config)).not.toContain('a-long-enough-api-key');
  });

  it('names the field and the reason of every problem', () => {
    const problems = problemsOf(() =>
      parseConfig(
        {
          server: { prot: 1, port: '80' },
          store: { checkpoint: 'later' },
          providers: [
            { id: 'INTOUCH', clients: ['c1'] },
            { id: 'X', apiKey: 'short', clients: 'all' },
          ],
          operators: [{ name: 'ann', password: 'long-enough-pw', clients: ['c1'] }],
          clients: [
            { id: 'c1', clubs: [] },
            { id: 'c2', clubs: [{ id: 'k', timeZone: 'UTC' }], platforms: [{ clubs: {} }] },
          ],
        },
        {},
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'server.prot: unknown field (did you mean port?)',
        'server.port: must be a port number',
        'store.checkpoint: must be background or inline',
        'providers[0].apiKey: is required (or apiKeySha256)',
        'providers[1].apiKey: must be at least 16 characters',
        'providers[1].clients: must be "*" or a list of client IDs',
        'clients[0].clubs: a client needs at least one club',
        'clients[1].platforms[0].plugin: is required',
      ]),
    );
  });

  it('refuses an unknown field at every level, naming it and the field that was probably meant', () => {
    const problems = problemsOf(() =>
      parseConfig(
        {
          providers: [{ id: 'INTOUCH', apiKey: 'a-long-enough-api-key', clients: '*', scope: 'x' }],
          clients: [
            {
              id: 'c1',
              clubs: [{ id: 'k1' }, { id: 'k2', timezone: 'America/Vancouver' }],
              platfroms: [],
            },
            {
              id: 'c2',
              clubs: [{ id: 'k1' }],
              platforms: [{ plugin: '@connector/plugin-acme', clubs: {}, connection: { host: 'h', pasword: 'never-shown-0001' }, colour: 'blue' }],
            },
          ],
        },
        {},
      ),
    );
    expect(problems).toEqual([
      'providers[0].scope: unknown field',
      'clients[0].clubs[1].timezone: unknown field (did you mean timeZone?)',
      'clients[0].platfroms: unknown field (did you mean platforms?)',
      'clients[1].platforms[0].connection.pasword: unknown field (did you mean password?)',
      'clients[1].platforms[0].colour: unknown field',
    ]);
    expect(problems.join('\n')).not.toContain('never-shown-0001');
  });

  it('publishes a JSON Schema that refuses unknown fields at every level', () => {
    const schema = configJsonSchema() as { additionalProperties?: unknown; properties: Record<string, any> };
    const client = schema.properties.clients.items;
    const turnUp = client.properties.platforms.items;
    expect([
      schema.additionalProperties,
      schema.properties.server.additionalProperties,
      schema.properties.providers.items.additionalProperties,
      client.additionalProperties,
      client.properties.clubs.items.additionalProperties,
      turnUp.additionalProperties,
      turnUp.properties.connection.additionalProperties,
    ]).toEqual([false, false, false, false, false, false, false]);
  });

  it('checks every turn-up against its plugin without opening anything, and names each problem', () => {
    const dataDir = path.join(tempDir(), 'never-created');
    const turnUp = { plugin: '@connector/plugin-acme', connection: { scheme: 'http' as const, host: '127.0.0.1', port: 1 }, clubs: { k1: '1' } };
    const input = (platforms: unknown[]) =>
      minimal({ store: { type: 'sqlite', dataDir }, clients: [{ id: 'c1', clubs: [{ id: 'k1' }], platforms: platforms as never }] });

    const problems = problemsOf(() =>
      validateConfiguration(
        input([
          { ...turnUp, options: { apiKye: 'sup3r-secret-option-0001' } },
          { ...turnUp, platform: 'acme-2', options: { apiKey: 'x', region: 'eu' } },
          { ...turnUp, platform: 'acme-2', options: { apiKey: 'x' } },
          { ...turnUp, platform: 'acme-3', options: { apiKey: 'x' }, matchBeforeCreate: true, mergeDuplicates: true },
        ]),
      ),
    );
    expect(problems).toEqual([
      'clients[0].platforms[0].options.apiKey: is required',
      'clients[0].platforms[0].options.apiKye: unknown field (did you mean apiKey?)',
      'clients[0].platforms[1].options.region: unknown field',
      'clients[0].platforms[2].platform: platform acme-2 is already turned up in clients[0].platforms[1] (give each a distinct "platform" key)',
      'clients[0].platforms[3].mergeDuplicates: Acme cannot merge two records of one person',
    ]);
    expect(problems.join('\n')).not.toContain('sup3r-secret');

    const valid = validateConfiguration(input([{ ...turnUp, options: { apiKey: 'x' } }]));
    expect(valid.config.clients[0].platforms).toHaveLength(1);
    expect(valid.plugins('@connector/plugin-acme').id).toBe('acme');
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('checks references between sections and time zones', () => {
    const problems = problemsOf(() =>
      parseConfig(
        minimal({
          providers: [
            { id: 'INTOUCH', apiKey: 'a-long-enough-api-key', clients: ['c1', 'nope'] },
            { id: 'OTHER', apiKey: 'a-long-enough-api-key', clients: '*' },
          ],
          clients: [{ id: 'c1', clubs: [{ id: 'k1', timeZone: 'Mars/Olympus' }] }],
        }),
        {},
      ),
    );
    expect(problems).toEqual([
      'clients[0].clubs[0].timeZone: "Mars/Olympus" is not an IANA time zone (e.g. America/Vancouver)',
      'providers[0].clients[1]: client nope is not configured in clients',
      'providers[1].apiKey: the same API key as providers[0]; every key must be distinct',
    ]);
  });

  it('replaces ${env:NAME} references and names the field and variable of a missing one', () => {
    const config = parseConfig(
      minimal({
        providers: [{ id: 'INTOUCH', apiKey: '${env:INTOUCH_KEY}', clients: '*' }],
        store: { type: 'sqlite', dataDir: '${env:HOME_DIR}/data-$${env:KEPT}' },
      }),
      { INTOUCH_KEY: 'key-from-the-environment', HOME_DIR: '/var/lib/connector' },
    );
    expect(config.providers[0].apiKeySha256.toString('hex')).toBe(createHash('sha256').update('key-from-the-environment').digest('hex'));
    expect(config.store.dataDir).toBe('/var/lib/connector/data-${env:KEPT}');
    expect(problemsOf(() => parseConfig(minimal({ operators: [{ name: 'ann', password: '${env:ANN_PASSWORD}', clients: '*' }] }), {}))).toEqual([
      'operators[0].password: environment variable ANN_PASSWORD is not set',
    ]);
  });

  it('lets CONNECTOR_PORT and CONNECTOR_DATA_DIR override the file', () => {
    const config = parseConfig(minimal({ server: { port: 9000 }, store: { type: 'sqlite', dataDir: 'here' } }), {
      CONNECTOR_PORT: '9100',
      CONNECTOR_DATA_DIR: '/data/hub',
    });
    expect(config.server.port).toBe(9100);
    expect(config.store.dataDir).toBe('/data/hub');
    expect(problemsOf(() => parseConfig(minimal(), { CONNECTOR_PORT: 'eighty' }))).toEqual(['CONNECTOR_PORT: must be a port number (0-65535), not "eighty"']);
  });

  it('loads YAML and JSON files, resolving relative paths against the file', () => {
    const dir = tempDir();
    const yamlFile = path.join(dir, 'connector.yaml');
    fs.writeFileSync(
      yamlFile,
      [
        'store:',
        '  type: sqlite',
        '  dataDir: ./state',
        'providers:',
        '  - id: intouch',
        '    apiKeySha256: ' + 'ab'.repeat(32),
        '    clients: "*"',
        'clients:',
        '  - id: c1',
        '    clubs: [{ id: k1 }]',
        '',
      ].join('\n'),
    );
    const config = loadConfig(yamlFile, {});
    expect(config.store.dataDir).toBe(path.join(dir, 'state'));
    expect(config.providers[0]).toMatchObject({ id: 'INTOUCH', clients: '*' });
    expect(config.clients[0].clubs[0].timeZone).toBe('UTC');

    const jsonFile = path.join(dir, 'bad.json');
    fs.writeFileSync(jsonFile, '{ "server": { "port": 80, } }');
    expect(() => loadConfig(jsonFile, {})).toThrow(/bad\.json is not valid: not valid JSON/);
    expect(() => loadConfig(path.join(dir, 'missing.json'), {})).toThrow(/cannot read the file: ENOENT/);
  });

  it("fails at start naming a plugin option's field, before opening the store", async () => {
    const dataDir = path.join(tempDir(), 'never-created');
    const bad = parseConfig(
      minimal({
        store: { type: 'sqlite', dataDir },
        clients: [
          {
            id: 'c1',
            clubs: [{ id: 'k1' }],
            platforms: [
              { plugin: '@connector/plugin-acme', connection: { scheme: 'http', host: '127.0.0.1', port: 1 }, clubs: { k1: '1' }, options: { apiKey: 'x' } },
              {
                plugin: '@connector/plugin-acme',
                platform: 'acme-2',
                connection: { scheme: 'http', host: '127.0.0.1' },
                clubs: { k1: '1', k9: '9' },
                options: {},
              },
              { plugin: '@connector/plugin-nope', clubs: {} },
            ],
          },
        ],
      }),
      {},
    );
    const { logger } = captureLogger();
    const error = await createHub(bad, { logger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubConfigError);
    expect((error as HubConfigError).problems).toEqual([
      'clients[0].platforms[1].options.apiKey: is required',
      'clients[0].platforms[1].clubs.k9: k9 is not a club of client c1',
      expect.stringMatching(/^clients\[0\]\.platforms\[2\]\.plugin: plugin package @connector\/plugin-nope could not be loaded/),
    ]);
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('serves with a key given as an environment reference, and only with that key', async () => {
    const dir = tempDir();
    const { logger } = captureLogger();
    const hub = await createHub(
      parseConfig(
        minimal({
          store: { type: 'sqlite', dataDir: dir, synchronous: 'NORMAL' },
          server: { port: 0 },
          providers: [{ id: 'INTOUCH', apiKey: '${env:HUB_TEST_KEY}', clients: '*' }],
        }),
        {
          HUB_TEST_KEY: 'the-key-in-the-environment',
        },
      ),
      { logger },
    );
    try {
      const { url } = await hub.listen();
      const ok = await axios.get(`${url}/api/v1/clients`, { headers: { 'x-api-key': 'the-key-in-the-environment' }, validateStatus: () => true });
      expect(ok.status).toBe(200);
      expect(ok.data.items.map((c: { id: string }) => c.id)).toEqual(['c1']);
      const literal = await axios.get(`${url}/api/v1/clients`, { headers: { 'x-api-key': '${env:HUB_TEST_KEY}' }, validateStatus: () => true });
      expect(literal.status).toBe(401);
    } finally {
      await hub.close();
    }
  });

  it('opens the store with the checkpoint mode it is given (background by default)', async () => {
    const { logger } = captureLogger();
    const modes: string[] = [];
    for (const checkpoint of [undefined, 'inline'] as const) {
      const hub = await createHub(
        parseConfig(
          minimal({ store: { type: 'sqlite', dataDir: tempDir(), synchronous: 'NORMAL', ...(checkpoint ? { checkpoint } : {}) }, server: { port: 0 } }),
          {},
        ),
        { logger },
      );
      modes.push((hub.store as unknown as { diagnostics(): { checkpoint: string } }).diagnostics().checkpoint);
      await hub.close();
    }
    expect(modes).toEqual(['background', 'inline']);
  });

  it('serves HTTPS with server.tls (cert and key files relative to the config file)', async () => {
    const dir = tempDir();
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        path.join(dir, 'hub.key'),
        '-out',
        path.join(dir, 'hub.crt'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    fs.writeFileSync(
      path.join(dir, 'connector.json'),
      JSON.stringify(
        minimal({ store: { type: 'sqlite', dataDir: './data', synchronous: 'NORMAL' }, server: { port: 0, tls: { cert: 'hub.crt', key: 'hub.key' } } }),
      ),
    );
    const { logger } = captureLogger();
    const missing = parseConfig(
      minimal({ store: { type: 'sqlite', dataDir: dir }, server: { tls: { cert: 'nope.crt', key: 'hub.key' } } }),
      {},
      { baseDir: dir },
    );
    await expect(createHub(missing, { logger })).rejects.toThrow(`server.tls.cert: cannot read ${path.join(dir, 'nope.crt')} (ENOENT)`);
    const hub = await createHub(loadConfig(path.join(dir, 'connector.json'), {}), { logger });
    try {
      const { url } = await hub.listen();
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const ca = fs.readFileSync(path.join(dir, 'hub.crt'));
      const res = await axios.get(`${url}/healthz`, { httpsAgent: new https.Agent({ ca }), validateStatus: () => true });
      expect(res.status).toBe(200);
      // Over HTTPS the log page's session cookie is Secure as well.
      const out = await axios.post(
        `${url}/log/logout`,
        {},
        { httpsAgent: new https.Agent({ ca }), headers: { 'x-connector-log': '1' }, validateStatus: () => true },
      );
      expect(String(out.headers['set-cookie'])).toMatch(/^connector_log_session=; .*; HttpOnly; Secure; SameSite=Strict$/);
      expect(fs.existsSync(path.join(dir, 'data', 'connector.db'))).toBe(true);
    } finally {
      await hub.close();
    }
  });

  it('keeps connector.config.schema.json up to date with the schema', () => {
    // Regenerate with: node -r ./tools/scripts/register.js packages/hub/scripts/write-config-schema.ts
    const file = path.resolve(__dirname, '../connector.config.schema.json');
    const written = JSON.parse(fs.readFileSync(file, 'utf8'));
    const schema = configJsonSchema();
    expect(written).toEqual(schema);
    const properties = (schema as { properties: Record<string, { description?: string }> }).properties;
    expect(Object.keys(properties)).toEqual(expect.arrayContaining(['store', 'server', 'providers', 'operators', 'clients', 'engine', 'worker', 'log']));
    expect(properties.providers.description).toContain('API keys');
  });
});
