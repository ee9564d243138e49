import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { createLogger } from '@connector/core';
import { createHub, parseXmlBody, type Hub } from '@connector/hub';
import { DEMO_DIR, DEMO_FILES, findSimulator, loadCliConfig, type LoadedSimulator } from '../src';
import { readSeed, seedSimulator } from '../src/demo/simulator-seed';
import { readXmlRecords, sendXmlRecords } from '../src/demo/xml-api-sender';
import { CapturedOutput, runCli, tempDir } from './cli-test-kit';

const EXAMPLES_DIR = path.resolve(DEMO_DIR, '..');

/**
 * Every file under examples/, but dotfiles (.gitignore) and a data folder that `connector serve` on the
 * demo configuration may have made.
 */
function exampleFiles(dir = EXAMPLES_DIR): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.')) return [];
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'data' ? [] : exampleFiles(file);
    return [file];
  });
}

const files = exampleFiles();
const byExtension = (...extensions: string[]) => files.filter((file) => extensions.includes(path.extname(file)));
const shown = (file: string) => path.relative(EXAMPLES_DIR, file);
/** A file of several records (`<records>`, which the demo splits) rather than one request body. */
const isCollection = (file: string) => /<records[\s>]/.test(fs.readFileSync(file, 'utf8'));
const ENDPOINTS: Record<string, string> = { user: 'user', staff: 'staff', leadSource: 'leadsource' };

/**
 * What the README and the demo tell a new user to do with the files in examples/ works: the
 * configuration is valid, every XML record is accepted by a hub on that configuration (the README's
 * curl step included), every import file imports without an error.
 */
describe('the files in examples/', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('are all of a kind this test checks', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((file) => !['.xml', '.yaml', '.csv', '.ndjson'].includes(path.extname(file))).map(shown)).toEqual([]);
  });

  it('YAML files parse, and the demo configuration is valid (`connector config check`)', async () => {
    for (const file of byExtension('.yaml')) expect(() => YAML.parse(fs.readFileSync(file, 'utf8'), { prettyErrors: true })).not.toThrow();
    expect(readSeed(DEMO_FILES.seed).staff?.length).toBeGreaterThan(0);
    const check = await runCli(['config', 'check', '--config', DEMO_FILES.config], { env: {} });
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
  });

  describe('XML records, sent to a hub on the demo configuration', () => {
    let simulator: LoadedSimulator;
    let hub: Hub;
    let url: string;
    const apiKey = (YAML.parse(fs.readFileSync(DEMO_FILES.config, 'utf8')) as { providers: Array<{ apiKey: string }> }).providers[0].apiKey;

    beforeAll(async () => {
      const io = { stdout: new CapturedOutput(), stderr: new CapturedOutput(), env: {}, cwd: process.cwd(), shutdown: new AbortController().signal };
      const config = loadCliConfig(io, { config: DEMO_FILES.config, port: '0', dataDir: path.join(tmp.dir, 'hub-data') });
      // As the demo does: the platform is the Acme simulator, on a port of its own (the configuration's
      // 4010 may be another run's), seeded with the demo's staff and lead sources.
      simulator = await findSimulator('@connector/plugin-acme').start({ port: 0 });
      const turnUp = config.clients[0].platforms[0];
      const simTurnUp = simulator.turnUp!({ hubClubIds: Object.keys(turnUp.clubs) });
      Object.assign(turnUp, { connection: simTurnUp.connection, clubs: simTurnUp.clubs, options: { ...turnUp.options, ...simTurnUp.options } });
      await seedSimulator(simulator, readSeed(DEMO_FILES.seed), simTurnUp.clubs);
      hub = await createHub(config, { logger: createLogger({ level: 'silent' }) });
      url = (await hub.listen()).url;
    }, 60_000);
    afterAll(async () => {
      await hub?.close();
      await simulator?.close();
    });

    it('are well-formed XML, each file as a whole', () => {
      for (const file of byExtension('.xml')) {
        expect(() => parseXmlBody(fs.readFileSync(file, 'utf8'))).not.toThrow();
      }
    });

    it("a file of one record, POSTed as it is (as the README's curl step does), answers 2xx", async () => {
      const single = byExtension('.xml').filter((file) => !isCollection(file));
      expect(single.map(shown)).toContain(path.join('demo', 'records', 'single-prospect.xml'));
      for (const file of single) {
        const root = /<(user|staff|leadSource)[\s>]/.exec(fs.readFileSync(file, 'utf8'))?.[1] ?? 'user';
        const response = await fetch(`${url}/connector/api/2011-11/${ENDPOINTS[root]}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/xml' },
          body: fs.readFileSync(file),
        });
        expect({ file: shown(file), status: response.status, body: response.ok ? '' : await response.text() }).toEqual({
          file: shown(file),
          status: 200,
          body: '',
        });
      }
    });

    it('every record of a <records> file, POSTed one by one (as the demo does), answers 2xx', async () => {
      const collections = byExtension('.xml').filter(isCollection);
      expect(collections.length).toBeGreaterThan(0);
      for (const file of collections) {
        const records = readXmlRecords(file);
        expect(records.length).toBeGreaterThan(0);
        for (const result of await sendXmlRecords(url, apiKey, records)) {
          expect({ file: shown(file), status: result.status, error: result.error }).toEqual({ file: shown(file), status: 200, error: undefined });
        }
        // Each batch is delivered before the next, as in the demo (the last converts a prospect of the one before).
        await hub.connector.drain(30_000);
      }
    }, 60_000);
  });

  it('import files import with no error (`connector import` on the demo configuration)', async () => {
    const imports = byExtension('.csv', '.ndjson');
    expect(imports.length).toBeGreaterThan(0);
    for (const file of imports) {
      const lines =
        fs
          .readFileSync(file, 'utf8')
          .split('\n')
          .filter((line) => line.trim() !== '').length - (file.endsWith('.csv') ? 1 : 0);
      const result = await runCli(['import', file, '--client', '1111', '--config', DEMO_FILES.config, '--data-dir', path.join(tmp.dir, 'import-data')], {
        env: {},
      });
      expect({ file: shown(file), code: result.code }).toEqual({ file: shown(file), code: 0 });
      expect(result.stdout).toContain(`records read  ${lines}`);
      expect(result.stdout).toContain('errors        0');
    }
  }, 60_000);
});
