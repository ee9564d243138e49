// `npm run bench -- --store postgres`: 1, then 2, then 3 `connector serve` processes on one Postgres,
// the same N records fed through the JSON API spread over them, delivered to a platform doing no work.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { bodyFactory } from '../lib/bodies';
import { BENCH_CLIENT_ID, sleep, tempDir } from '../lib/fixtures';
import { startBenchHub, type BenchHubProcess } from '../lib/hub-process';
import { IDLE_PLUGIN_PATH } from '../lib/idle-plugin';
import type { BenchPart, PartContext, PartResult } from '../lib/part';
import { benchDatabase } from '../lib/postgres-db';
import { perSecond, type BenchRow } from '../lib/report';

const CLUB_ID = 'bench-club-1';
const PROVIDER = 'BENCH';
const API_KEY = 'bench-scale-out-key-5e1b7c93a0d4';
const SCHEMA = 'scale_out';
/** Users per JSON batch, and batches in flight per hub process. */
const BATCH = 100;
const LANES_PER_HUB = 2;
/** Deliveries in flight per hub process (the platform's `concurrency`). */
const CONCURRENCY = 16;
/** Records sent to a process that just joined, before it is measured. */
const WARM_UP = 200;
/** A round that does not finish within this is a failure of the part, not a figure. */
const ROUND_LIMIT_MS = 300_000;

/** One round: what the hubs took and delivered, and what it cost them. */
interface RoundResult {
  hubs: number;
  deliveriesPerSecond: number;
  acceptedAfterMs: number;
  /** The hub processes' CPU per record, summed: intake and delivery (Postgres's not counted). */
  hubCpuPerRecordUs: number;
  loadAverage: number;
}

/** The configuration every hub process of the part reads: one client, one idle platform, this Postgres. */
function hubConfig(url: string): unknown {
  return {
    store: { type: 'postgres', url, schema: SCHEMA, pool: { max: 8 } },
    server: { host: '127.0.0.1', port: 0 },
    providers: [{ id: PROVIDER, apiKey: API_KEY, clients: '*' }],
    clients: [
      {
        id: BENCH_CLIENT_ID,
        name: 'Bench Fitness',
        clubs: [{ id: CLUB_ID, timeZone: 'UTC' }],
        platforms: [{ plugin: IDLE_PLUGIN_PATH, platform: 'idle', clubs: { [CLUB_ID]: '1' }, options: {}, concurrency: CONCURRENCY }],
      },
    ],
    log: { level: 'warn' },
  };
}

/** Deliveries of the schema by state: done, dead, and not finished yet. */
async function deliveryCounts(client: pg.Client): Promise<{ done: number; dead: number; unfinished: number }> {
  const { rows } = await client.query<{ done: number; dead: number; unfinished: number }>(
    `SELECT count(*) FILTER (WHERE state = 'done')::int AS done, count(*) FILTER (WHERE state = 'dead')::int AS dead,
            count(*) FILTER (WHERE state IN ('pending', 'leased'))::int AS unfinished
       FROM "${SCHEMA}".deliveries`,
  );
  return rows[0];
}

/** Posts `records` new records in JSON batches, spread over the hubs, with a few batches in flight per hub. */
async function feed(hubs: BenchHubProcess[], records: number, prefix: string): Promise<void> {
  const body = bodyFactory({ kind: 'json-batch', provider: PROVIDER, clientId: BENCH_CLIENT_ID, clubId: CLUB_ID, prefix, items: BATCH });
  const batches = Math.ceil(records / BATCH);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let n = next++; n < batches; n = next++) {
      const hub = hubs[n % hubs.length];
      const res = await fetch(`${hub.url}/api/v1/users/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: body(n).text,
      });
      const text = await res.text();
      if (res.status !== 200 || text.includes('"error"')) throw new Error(`batch ${n} to hub ${hub.pid}: HTTP ${res.status} ${text.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: hubs.length * LANES_PER_HUB }, lane));
}

/**
 * Feeds `records` to the hubs and waits until every one of them is delivered (bounded); answers when
 * the last batch was accepted, measured from `started`.
 */
async function feedAndDrain(hubs: BenchHubProcess[], client: pg.Client, records: number, prefix: string, started: number): Promise<number> {
  const before = await deliveryCounts(client);
  let acceptedAt = 0;
  const fed = feed(hubs, records, prefix).then(() => (acceptedAt = performance.now()));
  fed.catch(() => undefined);
  for (;;) {
    const now = await deliveryCounts(client);
    if (now.dead > before.dead) throw new Error(`${now.dead - before.dead} deliveries went dead with ${hubs.length} hub processes`);
    if (acceptedAt > 0 && now.done - before.done >= records && now.unfinished === 0) break;
    if (performance.now() - started > ROUND_LIMIT_MS)
      throw new Error(`${now.done - before.done} of ${records} delivered in ${ROUND_LIMIT_MS / 1000} s with ${hubs.length} hub processes`);
    await Promise.race([fed, sleep(25)]);
  }
  await fed;
  return acceptedAt - started;
}

/** One round: N records fed to the running hubs, the clock from the first post to the last delivery. */
async function round(hubs: BenchHubProcess[], client: pg.Client, records: number): Promise<RoundResult> {
  // The process that just joined compiles its code paths (TypeScript, the batch reader thread, the
  // JIT) on its first records: a few batches to it alone first, so the round measures a warm hub.
  const newest = hubs[hubs.length - 1];
  await feedAndDrain([newest], client, WARM_UP, `warm-${hubs.length}`, performance.now());
  const cpuBefore = hubs.reduce((sum, hub) => sum + hub.cpuMicros(), 0);
  const started = performance.now();
  const acceptedAfterMs = await feedAndDrain(hubs, client, records, `scale-${hubs.length}`, started);
  const seconds = (performance.now() - started) / 1000;
  return {
    hubs: hubs.length,
    deliveriesPerSecond: records / seconds,
    acceptedAfterMs,
    hubCpuPerRecordUs: (hubs.reduce((sum, hub) => sum + hub.cpuMicros(), 0) - cpuBefore) / records,
    loadAverage: os.loadavg()[0],
  };
}

function row(result: RoundResult, first: RoundResult, records: number): BenchRow {
  const alone = result.hubs === 1;
  return {
    part: 'scaleout',
    figure: `deliveries/s through the JSON API, ${result.hubs} hub process${alone ? '' : 'es'} on one Postgres (N=${records}, batches of ${BATCH}, C=${CONCURRENCY} each)`,
    measured: perSecond(result.deliveriesPerSecond),
    ...(alone ? {} : { baseline: `1 process ${perSecond(first.deliveriesPerSecond)}`, ratio: result.deliveriesPerSecond / first.deliveriesPerSecond }),
    note:
      `all accepted after ${(result.acceptedAfterMs / 1000).toFixed(1)} s; hub CPU per record (intake and delivery) ${result.hubCpuPerRecordUs.toFixed(0)} us summed over the processes; load average ${result.loadAverage.toFixed(1)}` +
      (alone
        ? ''
        : `; ${os.cpus().length} shared cores run every hub, Postgres and this bench: a process more measures contention, not what hubs on machines of their own gain`),
  };
}

/** The scale-out part (`--store postgres`). */
export const scaleOutPart: BenchPart = {
  name: 'scaleout',
  description: '1, 2 and 3 `connector serve` processes on one Postgres, records through the JSON API, a platform doing no work (--store postgres)',
  async run(context: PartContext): Promise<PartResult> {
    const adminUrl = context.postgresUrl;
    if (!adminUrl) return { rows: [], skipped: [{ part: 'scaleout', why: 'no --store postgres (DATABASE_URL or the default URL)' }] };
    const records = context.quick ? 600 : 3_000;
    const database = await benchDatabase(adminUrl);
    const tmp = tempDir('scale-out');
    const file = path.join(tmp.dir, 'connector.config.json');
    fs.writeFileSync(file, JSON.stringify(hubConfig(database.url)));
    const hubs: BenchHubProcess[] = [];
    const client = new pg.Client({ connectionString: database.url });
    const results: RoundResult[] = [];
    try {
      await client.connect();
      for (let count = 1; count <= 3; count++) {
        // The processes of the round before keep running: one more joins them on the same schema.
        context.progress(`scaleout: starting hub process ${count} (connector serve)`);
        hubs.push(await startBenchHub(file));
        context.progress(`scaleout: ${records} records through the JSON API spread over ${count} hub process(es)`);
        results.push(await round(hubs, client, records));
      }
    } finally {
      await Promise.all(hubs.map((hub) => hub.stop()));
      await client.end();
      await database.drop();
      tmp.remove();
    }
    return { rows: results.map((result) => row(result, results[0], records)) };
  },
};
