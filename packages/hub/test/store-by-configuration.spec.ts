import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { captureLogger } from '@connector/testing';
import { checkConfiguredStore, createHub, describeStore, HubConfigError, parseConfig, storeSecrets, type HubConfigInput } from '../src';
import type { MemoryJournalStore } from './fixtures/store-memory-journal';
import { eventually, postXml, startHub, userXml, uuidOf } from './support/hub-fixture';

/** A store package that only this folder holds: the hub can reach it through configuration alone. */
const MEMORY_JOURNAL = path.join(__dirname, 'fixtures', 'store-memory-journal');

const minimal = (store: HubConfigInput['store']): HubConfigInput => ({
  store,
  clients: [{ id: 'c1', clubs: [{ id: 'k1', timeZone: 'America/Vancouver' }] }],
  providers: [{ id: 'INTOUCH', apiKey: 'a-long-enough-api-key', clients: ['c1'] }],
  server: { port: 0 },
});

/** The problems of a hub that refused to start. */
async function startProblems(input: HubConfigInput, env: NodeJS.ProcessEnv = {}): Promise<string[]> {
  const { logger } = captureLogger();
  const error = await createHub(parseConfig(input, env), { logger }).then(
    async (hub) => {
      await hub.close();
      throw new Error('the hub started');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HubConfigError);
  return (error as HubConfigError).problems;
}

describe('the store named by the configuration', () => {
  jest.setTimeout(30_000);
  const tmp: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'connector-store-config-'));
    tmp.push(dir);
    return dir;
  };
  afterAll(() => tmp.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('opens a store package named only by its path, and records flow through it', async () => {
    const f = await startHub({ config: { store: { package: MEMORY_JOURNAL, options: { label: 'journal-1' } } } });
    try {
      const res = await postXml(f, 'user', userXml({ recordId: 'via-journal' }));
      expect(res.status).toBe(200);
      const uuid = uuidOf(res.data);

      // The hub's store is the package's, with its configured option, and it took the save.
      const store = f.hub.store as MemoryJournalStore;
      expect(store.label).toBe('journal-1');
      expect(store.journal).toContain('saveRecords');
      expect(await store.getRecord(uuid)).toMatchObject({
        origin: { provider: 'INTOUCH', recordId: 'via-journal' },
        content: { firstName: 'Foo', lastName: 'Bar' },
      });

      // The record is delivered from that store's queue, and the API reads it back from there.
      await eventually(async () => (await f.acme!.people()).some((p) => p.lastName === 'Bar'), 'Acme to hold the record');
      const timeline = await eventually(async () => {
        const read = JSON.parse((await f.http.get(`/api/v1/records/${uuid}/timeline`, { headers: f.intouch })).data);
        return read.deliveries?.[0]?.state === 'done' && read;
      }, 'the delivery to be done');
      expect(timeline.record).toMatchObject({ uuid, content: { firstName: 'Foo', lastName: 'Bar' } });
      expect(timeline.links[0]).toMatchObject({ platform: 'acme', delivered: true });
      expect(store.journal).toEqual(expect.arrayContaining(['claimDeliveries', 'finishDeliveries', 'listLinks']));
      // Nothing went to the SQLite file a hub opens by default.
      expect(fs.readdirSync(f.dataDir)).toEqual([]);
    } finally {
      await f.close();
    }
  });

  it('fails at start, naming store.package, when the package cannot be loaded or is not a store', async () => {
    expect(await startProblems(minimal({ package: '@connector/store-nope' }))).toEqual([
      expect.stringMatching(/^store\.package: store package @connector\/store-nope could not be loaded: .*Cannot find module '@connector\/store-nope'/),
    ]);
    expect(await startProblems(minimal({ package: '@connector/plugin-acme' }))).toEqual([
      'store.package: store package @connector/plugin-acme does not default-export a defineStore(...) value',
    ]);
  });

  it("fails at start naming each bad option of the store's own schema, before anything is opened", async () => {
    const dataDir = path.join(tempDir(), 'never-created');
    expect(await startProblems(minimal({ package: '@connector/store-sqlite', options: { dataDir, synchronous: 'OFF', busyTimeoutMs: -1 } }))).toEqual([
      'store.options.synchronous: must be FULL or NORMAL',
      'store.options.busyTimeoutMs: must not be negative',
    ]);
    expect(fs.existsSync(dataDir)).toBe(false);
    expect(await startProblems(minimal({ package: MEMORY_JOURNAL, options: { lable: 'typo' } }))).toEqual([
      'store.options.label: is required',
      'store.options.lable: is not a known field',
    ]);
    // The same check without starting anything (what `connector config check` can say).
    expect(() => checkConfiguredStore(parseConfig(minimal({ package: MEMORY_JOURNAL, options: { lable: 'typo' } }), {}).store)).toThrow(
      'store.options.label: is required; store.options.lable: is not a known field',
    );
    expect(() => checkConfiguredStore(parseConfig(minimal({ package: MEMORY_JOURNAL, options: { label: 'fine' } }), {}).store)).not.toThrow();
  });

  it('refuses a store section that mixes the two ways of naming a store', () => {
    const problems = (store: unknown): string[] => {
      try {
        parseConfig(minimal(store as HubConfigInput['store']), {});
      } catch (error) {
        return (error as HubConfigError).problems;
      }
      throw new Error('the configuration was accepted');
    };
    expect(problems({ type: 'sqlite', package: MEMORY_JOURNAL })).toEqual([
      'store.type: give type or package, not both (type: sqlite is the package @connector/store-sqlite)',
    ]);
    expect(problems({ package: MEMORY_JOURNAL, dataDir: './data' })).toEqual(["store.dataDir: with package, write the store's options under options"]);
    expect(problems({ type: 'sqlite', options: { dataDir: './data' } })).toEqual([
      'store.options: goes with package; the embedded store (type: sqlite) takes dataDir, synchronous and checkpoint beside type',
    ]);
    expect(problems({ type: 'mysql' } as unknown as HubConfigInput['store'])).toEqual([
      'store.type: must be "sqlite" (the embedded store) or "postgres"; name any other store by its package',
    ]);
    expect(problems({ type: 'postgres', url: 'postgres://db/hub', dataDir: './data' })).toEqual(['store.dataDir: goes with type: sqlite']);
    expect(problems({ type: 'sqlite', url: 'postgres://db/hub' })).toEqual(['store.url: goes with type: postgres']);
    expect(problems({ package: MEMORY_JOURNAL, url: 'postgres://db/hub' })).toEqual(["store.url: with package, write the store's options under options"]);
  });

  it('names Postgres by type, its options beside the type, checked by the store and never showing the password', () => {
    const env = { DATABASE_URL: 'postgres://hub:Sup3rSecretPw@db.example:5432/connector' };
    const config = parseConfig(minimal({ type: 'postgres', url: '${env:DATABASE_URL}', pool: { max: 4 } }), env);
    expect(config.store).toEqual({ type: 'package', package: '@connector/store-postgres', options: { url: env.DATABASE_URL, pool: { max: 4 } }, at: 'store' });
    expect(() => checkConfiguredStore(config.store)).not.toThrow();
    expect(describeStore(config.store)).toBe('store: postgres at postgres://hub@db.example:5432/connector');
    expect(storeSecrets(config.store)).toContain('Sup3rSecretPw');

    const wrong = parseConfig(minimal({ type: 'postgres', url: 'mysql://hub:Sup3rSecretPw@db/x', pool: { max: 0 } }), {});
    expect(() => checkConfiguredStore(wrong.store)).toThrow('store.url: must be a postgres:// URL; store.pool.max: must be at least 1');
    expect(() => checkConfiguredStore(parseConfig(minimal({ type: 'postgres' }), {}).store)).toThrow('store.url: is required');
  });

  it('keeps the data-folder rules of type: sqlite when SQLite is named by its package', async () => {
    const base = tempDir();
    const named = parseConfig(minimal({ package: '@connector/store-sqlite', options: { dataDir: 'state', synchronous: 'NORMAL' } }), {}, { baseDir: base });
    expect(named.store).toEqual({
      type: 'package',
      package: '@connector/store-sqlite',
      options: { dataDir: path.join(base, 'state'), synchronous: 'NORMAL' },
      dataDir: path.join(base, 'state'),
    });
    const fromEnv = parseConfig(minimal({ package: '@connector/store-sqlite' }), { CONNECTOR_DATA_DIR: '/data/hub' }, { baseDir: base });
    expect(fromEnv.store.dataDir).toBe('/data/hub');
    const local = parseConfig(minimal({ package: './fixtures/store-memory-journal', options: { label: 'x' } }), {}, { baseDir: __dirname });
    expect(local.store).toEqual({ type: 'package', package: MEMORY_JOURNAL, options: { label: 'x' } });

    // And it opens there, as the hub's default store would.
    const { logger } = captureLogger();
    const hub = await createHub(named, { logger });
    try {
      expect((hub.store as unknown as { diagnostics(): { file: string; synchronous: string } }).diagnostics()).toMatchObject({
        file: path.join(base, 'state', 'connector.db'),
        synchronous: 'NORMAL',
      });
    } finally {
      await hub.close();
    }
  });
});
