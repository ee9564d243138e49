import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { startAcmeSimulator, type AcmeSimulator } from '@connector/plugin-acme/simulator';
import { PostgresStore } from '../src';
import { DATABASE_URL, describeWithPostgres, dropSchema, freshSchema } from './postgres-available';
import { startHubProcess, type HubProcess } from './support/hub-process';

/**
 * Several `connector serve` processes on one Postgres, records posted to all of them through the JSON
 * API, one of them killed with SIGKILL half-way: Acme holds every record exactly once, each at its
 * latest change, and the hubs together kept under Acme's rate limit. A few hundred records by default;
 * CONNECTOR_PG_RECORDS=10000 for the long run (16 minutes at 40 calls/s; CONNECTOR_PG_RATE sets the rate).
 */
const RECORDS = Number(process.env.CONNECTOR_PG_RECORDS ?? 300);
/**
 * Acme's limit and the turn-up's `rateLimitPerSecond`: each hub alone calls faster than this (15 ms
 * calls, several in flight), so only the grid the hubs share in Postgres keeps the three under it.
 */
const RATE = Number(process.env.CONNECTOR_PG_RATE ?? 40);
/** About three calls per record (a search and a create, then an update), at the rate, with room. */
const DELIVERY_MS = 120_000 + ((RECORDS * 3) / RATE) * 1000 * 1.5;
const BATCH = 50;
const HUBS = 3;
const PROVIDER_KEY = 'several-hubs-provider-key-0123456789';

const user = (i: number, version: string) => ({
  clientId: '1111',
  clubId: 'club-a',
  recordId: `R${i}`,
  user: { firstName: `Person${i}`, lastName: version, userType: 'PROSPECT', userStatus: 'ACTIVE', email: `person${i}@example.com` },
});

/** Deliveries of the run that needed a second attempt. */
async function takenOver(schema: string): Promise<number> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".deliveries WHERE attempts >= 2`);
    return rows[0].n;
  } finally {
    await client.end();
  }
}

describeWithPostgres(`${HUBS} hub processes on one Postgres`, () => {
  jest.setTimeout(180_000 + DELIVERY_MS);
  const schema = freshSchema('hubs');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'connector-hubs-'));
  let acme: AcmeSimulator;
  let hubs: HubProcess[] = [];
  let store: PostgresStore | undefined;

  afterAll(async () => {
    await Promise.all(hubs.map((h) => h.stop()));
    await store?.close();
    await acme?.close();
    await dropSchema(schema);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Posts one batch to the hub `h`, or to the next live one when that hub does not answer. */
  async function post(h: number, items: unknown[], dead: Set<number>): Promise<void> {
    for (let tries = 0; tries < HUBS * 3; tries++) {
      const hub = (h + tries) % HUBS;
      if (dead.has(hub)) continue;
      try {
        const res = await fetch(`${hubs[hub].url}/api/v1/users/batch`, {
          method: 'POST',
          headers: { authorization: `Bearer ${PROVIDER_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify(items),
        });
        const body = (await res.json()) as { results: Array<{ status: number }> };
        expect(res.status).toBe(200);
        expect(body.results.every((r) => r.status === 200 || r.status === 201)).toBe(true);
        return;
      } catch (error) {
        // The hub was killed mid-request: whether it committed or not, the same batch again is harmless.
        if (!dead.has(hub)) throw error;
      }
    }
    throw new Error('no hub answered');
  }

  it('delivers every record exactly once, at its latest change, under Acme’s rate limit, though one hub is killed with SIGKILL half-way', async () => {
    const started = Date.now();
    // Calls take a little time, so the hub killed half-way holds leases of deliveries in flight.
    acme = await startAcmeSimulator({ latencyMs: 15, rateLimitPerSecond: RATE });
    const turnUp = acme.turnUp({ hubClubIds: ['club-a'] });
    const config = {
      store: { type: 'postgres', url: '${env:DATABASE_URL}', schema, pool: { max: 4 } },
      server: { host: '127.0.0.1', port: 0 },
      providers: [{ id: 'INTOUCH', apiKey: PROVIDER_KEY, clients: '*' }],
      clients: [
        {
          id: '1111',
          name: 'Scale Fitness',
          clubs: [{ id: 'club-a', name: 'A', timeZone: 'America/New_York' }],
          platforms: [{ plugin: '@connector/plugin-acme', platform: 'acme', rateLimitPerSecond: RATE, ...turnUp }],
        },
      ],
      // A short lease, so the killed hub's deliveries are taken over within seconds.
      worker: { pollIntervalMs: 200, leaseMs: 4000, prefetch: 4 },
      engine: { maxAttempts: 20, retryBaseMs: 50 },
      log: { level: 'warn' },
    };
    const file = path.join(dir, 'connector.config.json');
    fs.writeFileSync(file, JSON.stringify(config));
    hubs = await Promise.all(Array.from({ length: HUBS }, () => startHubProcess(file, { DATABASE_URL })));
    for (const hub of hubs) expect(hub.output()).toContain('store: postgres at postgres://');

    // Every record twice (v1, then v2), batches spread over the hubs; the first hub dies half-way through the changes.
    const dead = new Set<number>();
    let batchNo = 0;
    for (const version of ['v1', 'v2']) {
      for (let start = 0; start < RECORDS; start += BATCH) {
        if (version === 'v2' && start >= RECORDS / 2 && !dead.has(0)) {
          hubs[0].kill9();
          dead.add(0);
        }
        const items = Array.from({ length: Math.min(BATCH, RECORDS - start) }, (_, k) => user(start + k, version));
        await post(batchNo++ % HUBS, items, dead);
      }
    }

    // Bounded wait until the queue is empty (the dead hub's leases expire and the others take them).
    store = await PostgresStore.connect({ url: DATABASE_URL, schema });
    const deadline = Date.now() + DELIVERY_MS;
    while ((await store.unfinishedDeliveries()) > 0 && Date.now() < deadline) await sleep(250);
    expect(await store.unfinishedDeliveries()).toBe(0);
    expect(await store.listDeadLetters({ limit: 10 })).toEqual([]);
    // Acme failed nothing: a delivery attempted twice was held by the killed hub, its lease expired, and
    // another hub took it over.
    expect(await takenOver(schema)).toBeGreaterThan(0);
    await acme.settled();

    const people = await acme.people();
    const byEmail = new Map<string, number>();
    for (const p of people) byEmail.set(p.email ?? '', (byEmail.get(p.email ?? '') ?? 0) + 1);
    expect(people).toHaveLength(RECORDS);
    expect([...byEmail.values()].every((n) => n === 1)).toBe(true);
    // Each record's changes arrived in order: Acme holds the last one of every record.
    expect(people.filter((p) => p.lastName !== 'v2').map((p) => p.email)).toEqual([]);

    // The three paced their calls on one grid in Postgres, so Acme answered about no 429: at most 1 % of
    // the calls it received (a few at 300 records). The grid times calls as they leave a hub, Acme counts
    // them as they arrive, in a sliding second; a shared grid paces at 90 % of the rate, which absorbs
    // about 100 ms of jitter (busy event loops, timers, on 2 cores shared with Postgres and the other
    // hubs). Measured at 300 records on a loaded machine: 0 with it; 1.7-3.4 % of calls with one hub's
    // 2 % margin; 21 % (259 of 1,254) with each hub pacing alone (a schema each).
    const received = acme.requests().length;
    const tooMany = acme.rateLimited();
    console.log(`${HUBS} hubs, ${RECORDS} records at ${RATE}/s: ${received} calls, ${tooMany} answered 429, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(tooMany).toBeLessThanOrEqual(Math.max(3, received * 0.01));

    const live = hubs.filter((_, i) => !dead.has(i));
    for (const hub of live) expect(await hub.stop()).toBe(0);
  });
});
