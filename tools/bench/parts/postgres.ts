// `npm run bench -- --store postgres`: the Postgres store beside SQLite, and the queue's anchor
// (graphile-worker running jobs that do nothing) on the same server in the same run.
import { randomBytes } from 'node:crypto';
import { Connector, type ConnectorStore } from '@connector/core';
import sqliteStore from '@connector/store-sqlite';
import pg from 'pg';
import { BENCH_CLIENT_ID, benchPerson, cpuMicros, quietLogger, tempDir } from '../lib/fixtures';
import type { BenchPart, PartContext, PartResult } from '../lib/part';
import { idlePlugin, onIdleCreate } from '../lib/idle-plugin';
import { benchDatabase } from '../lib/postgres-db';
import { perSecond, percentile, type BenchRow } from '../lib/report';

const CLUB_ID = 'bench-club-1';
/** Workers per platform in the hub, and graphile-worker's concurrency: the same for both. */
const CONCURRENCY = 16;

type StoreKind = 'sqlite' | 'postgres';

/** A fresh store of the kind asked (Postgres: its own schema in the bench's database). */
async function openStore(kind: StoreKind, context: PartContext, url: string): Promise<{ store: ConnectorStore; close(): Promise<void> }> {
  if (kind === 'sqlite') {
    const tmp = tempDir('pg-sqlite');
    const store = sqliteStore.open({ dataDir: tmp.dir, synchronous: context.sync }, {});
    return {
      store,
      async close() {
        await store.close();
        tmp.remove();
      },
    };
  }
  // Loaded at run time, like the hub, so the bench compiles without the package.
  const { PostgresStore } = await import('@connector/store-postgres');
  const { logger } = quietLogger();
  const store = await PostgresStore.connect({ url, schema: `s_${randomBytes(4).toString('hex')}`, pool: { max: 20 }, logger });
  return { store, close: () => store.close() };
}

function idleConnector(store: ConnectorStore, onDelivered: () => void): Connector {
  const { logger, redactor } = quietLogger();
  return Connector.create({
    store,
    logger,
    redactor,
    plugins: () => idlePlugin,
    clients: [
      {
        id: BENCH_CLIENT_ID,
        name: 'Bench Fitness',
        clubs: [{ id: CLUB_ID, timeZone: 'UTC' }],
        platforms: [{ plugin: 'idle', clubs: { [CLUB_ID]: '1' }, options: {}, concurrency: CONCURRENCY }],
      },
    ],
    onDelivery: (event) => {
      if (event.outcome === 'delivered') onDelivered();
    },
  });
}

function prepare(connector: Connector, recordId: string, i: number) {
  return connector.prepare({ provider: 'CRM', clientId: BENCH_CLIENT_ID, clubId: CLUB_ID, recordId, kind: 'person', content: benchPerson(i) });
}

/** N deliveries queued with the workers stopped, then the clock from start() to the last delivery. */
async function deliveryRate(
  kind: StoreKind,
  context: PartContext,
  url: string,
  count: number,
): Promise<{ perSecond: number; cpuUs: number; firstHalf: number; secondHalf: number }> {
  const { store, close } = await openStore(kind, context, url);
  let delivered = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  // The halves' rates show whether the queue slows as it drains (dead rows in a queue table).
  let halfAt = 0;
  const connector = idleConnector(store, () => {
    if (++delivered === Math.floor(count / 2)) halfAt = performance.now();
    if (delivered === count) done();
  });
  try {
    const inputs = Array.from({ length: count }, (_, i) => prepare(connector, `rate-${kind}-${i}`, i));
    for (let i = 0; i < count; i += 500) await connector.acceptPrepared(inputs.slice(i, i + 500));
    const cpu = process.cpuUsage();
    const started = performance.now();
    connector.start();
    const timeout = setTimeout(done, 300_000);
    await finished;
    clearTimeout(timeout);
    const ended = performance.now();
    const seconds = (ended - started) / 1000;
    if (delivered !== count) throw new Error(`${kind}: ${delivered} of ${count} delivered in 300 s`);
    const half = Math.floor(count / 2);
    return {
      perSecond: count / seconds,
      cpuUs: cpuMicros(cpu) / count,
      firstHalf: (half * 1000) / (halfAt - started),
      secondHalf: ((count - half) * 1000) / (ended - halfAt),
    };
  } finally {
    await connector.close(2_000);
    await close();
  }
}

/** Records saved one at a time on a running hub: the time from the save's call to the platform's create. */
async function saveToStart(context: PartContext, url: string, samples: number): Promise<number[]> {
  const { store, close } = await openStore('postgres', context, url);
  const connector = idleConnector(store, () => undefined);
  const latencies: number[] = [];
  try {
    connector.start();
    for (let i = 0; i < samples; i++) {
      const input = prepare(connector, `latency-${i}`, i);
      const started = performance.now();
      const startedDelivery = new Promise<void>((resolve) => {
        onIdleCreate(() => {
          latencies.push(performance.now() - started);
          onIdleCreate(undefined);
          resolve();
        });
      });
      await connector.acceptPrepared([input]);
      await Promise.race([startedDelivery, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      await connector.drain(5_000);
    }
  } finally {
    onIdleCreate(undefined);
    await connector.close(2_000);
    await close();
  }
  return latencies;
}

/** graphile-worker on the same server: N jobs that do nothing (jobs/s), then add-to-start latencies. */
async function graphileWorker(url: string, count: number, samples: number): Promise<{ perSecond: number; latencies: number[]; version: string }> {
  const worker = await import('graphile-worker');
  const { version } = (await import('graphile-worker/package.json')) as { version: string };
  const logger = new worker.Logger(() => () => undefined);
  const options = { connectionString: url, schema: 'graphile_worker', logger, noHandleSignals: true, concurrency: CONCURRENCY, pollInterval: 2_000 };
  await worker.runMigrations(options);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SELECT graphile_worker.add_job('noop', '{}'::json) FROM generate_series(1, $1)`, [count]);
  } finally {
    await client.end();
  }
  let ran = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  let onStart: (() => void) | undefined;
  const taskList = {
    noop: async () => {
      if (++ran === count) done();
    },
    latency: async () => {
      onStart?.();
    },
  };
  const started = performance.now();
  const runner = await worker.run({ ...options, taskList });
  try {
    const timeout = setTimeout(done, 300_000);
    await finished;
    clearTimeout(timeout);
    const seconds = (performance.now() - started) / 1000;
    if (ran < count) throw new Error(`graphile-worker: ${ran} of ${count} jobs ran in 300 s`);
    const latencies: number[] = [];
    for (let i = 0; i < samples; i++) {
      const t0 = performance.now();
      const ranOnce = new Promise<void>((resolve) => {
        onStart = () => {
          latencies.push(performance.now() - t0);
          onStart = undefined;
          resolve();
        };
      });
      await runner.addJob('latency', {});
      await Promise.race([ranOnce, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    }
    return { perSecond: count / seconds, latencies, version };
  } finally {
    await runner.stop();
  }
}

/**
 * Claims of 1 delivery with N queued on Postgres: the rows are written by SQL (generate_series) into a
 * migrated schema, which takes seconds where saves through the store would take minutes.
 */
async function claimWithQueued(url: string, queued: number): Promise<{ claimMs: number; depthMs: number }> {
  const { PostgresStore } = await import('@connector/store-postgres');
  const schema = `claim_${randomBytes(4).toString('hex')}`;
  const store = await PostgresStore.connect({ url, schema, logger: quietLogger().logger });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const content = JSON.stringify(benchPerson(0));
    await client.query(`SET search_path TO ${schema}`);
    await client.query(
      `INSERT INTO records (uuid, client_id, club_id, kind, origin_provider, origin_record_id, content, hash, version, created_at, updated_at, change_seq, changed_by)
       SELECT 'r-' || lpad(g::text, 8, '0'), $1, $2, 'person', 'CRM', 'claim-' || g, $3, md5(g::text), 1, now()::text, now()::text, g, 'CRM'
       FROM generate_series(1, $4) g`,
      [BENCH_CLIENT_ID, CLUB_ID, content, queued],
    );
    await client.query(
      `INSERT INTO deliveries (id, record_uuid, client_id, club_id, platform, kind, state, next_attempt_at, record_version, created_at, updated_at)
       SELECT 'd-' || lpad(g::text, 8, '0'), 'r-' || lpad(g::text, 8, '0'), $1, $2, 'acme', 'person', 'pending', 0, 1, now()::text, now()::text
       FROM generate_series(1, $3) g`,
      [BENCH_CLIENT_ID, CLUB_ID, queued],
    );
    await client.query('ANALYZE records; ANALYZE deliveries');
    const claims = 100;
    let started = performance.now();
    for (let k = 0; k < claims; k++) {
      const got = await store.claimDeliveries({ now: Date.now(), leaseMs: 60_000, limit: 1, clientId: BENCH_CLIENT_ID, platform: 'acme' });
      if (got.length !== 1) throw new Error(`claim ${k} with ${queued} queued returned ${got.length} deliveries`);
    }
    const claimMs = (performance.now() - started) / claims;
    started = performance.now();
    for (let k = 0; k < 10; k++) await store.queueDepth();
    return { claimMs, depthMs: (performance.now() - started) / 10 };
  } finally {
    await client.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
    await client.end();
    await store.close();
  }
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;

/** The Postgres part (`--store postgres`). */
export const postgresPart: BenchPart = {
  name: 'postgres',
  description: 'the Postgres store beside SQLite (delivery, claims with a deep queue) and graphile-worker on the same server (--store postgres)',
  async run(context: PartContext): Promise<PartResult> {
    const adminUrl = context.postgresUrl;
    if (!adminUrl) return { rows: [], skipped: [{ part: 'postgres', why: 'no --store postgres (DATABASE_URL or the default URL)' }] };
    const count = context.quick ? 2_000 : 10_000;
    const samples = context.quick ? 50 : 200;
    const queued = context.quick ? [500, 20_000] : [500, 1_000_000];
    const rows: BenchRow[] = [];
    const database = await benchDatabase(adminUrl);
    try {
      context.progress(`postgres: ${count} deliveries to a platform doing no work, SQLite then Postgres (C=${CONCURRENCY})`);
      const sqlite = await deliveryRate('sqlite', context, database.url, count);
      const postgres = await deliveryRate('postgres', context, database.url, count);
      context.progress(`postgres: graphile-worker, ${count} jobs that do nothing, then ${samples} add-to-start samples`);
      const gw = await graphileWorker(database.url, count, samples);
      context.progress(`postgres: ${samples} records saved one at a time, save-to-start`);
      const latencies = await saveToStart(context, database.url, samples);
      const claims: Array<{ claimMs: number; depthMs: number }> = [];
      for (const n of queued) {
        context.progress(`postgres: claims with ${n.toLocaleString('en-US')} deliveries queued`);
        claims.push(await claimWithQueued(database.url, n));
      }
      const ratio = postgres.perSecond / gw.perSecond;
      const p50 = percentile(latencies, 50);
      const gwP50 = percentile(gw.latencies, 50);
      rows.push(
        {
          part: 'postgres',
          figure: `deliveries/s, platform doing no work (N=${count}, C=${CONCURRENCY}), Postgres`,
          measured: perSecond(postgres.perSecond),
          baseline: `graphile-worker ${gw.version} no-op jobs ${perSecond(gw.perSecond)}`,
          ratio,
          target: '>= 0.3 x graphile-worker',
          ok: ratio >= 0.3,
          note:
            `graphile-worker ${gw.version} has no local queue or batched completions (later versions): one fetch and one completion per job, concurrency ${CONCURRENCY}, same server, same process; ` +
            `a hub delivery writes more (claim with its record, link, log entry, completion). Bench process CPU per delivery ${postgres.cpuUs.toFixed(0)} us (Postgres's own CPU not counted); ` +
            `first half ${perSecond(postgres.firstHalf)}, second half ${perSecond(postgres.secondHalf)} (SQLite ${perSecond(sqlite.firstHalf)}, ${perSecond(sqlite.secondHalf)})`,
        },
        {
          part: 'postgres',
          figure: `deliveries/s, platform doing no work (N=${count}, C=${CONCURRENCY}), Postgres vs SQLite`,
          measured: perSecond(postgres.perSecond),
          baseline: `SQLite ${perSecond(sqlite.perSecond)}`,
          ratio: postgres.perSecond / sqlite.perSecond,
          note: `bench process CPU per delivery: Postgres ${postgres.cpuUs.toFixed(0)} us, SQLite ${sqlite.cpuUs.toFixed(0)} us (SQLite's work is in the process; Postgres's is in the server, sharing the same 2 cores)`,
        },
        {
          part: 'postgres',
          figure: `save-to-start on Postgres, p50 (${samples} saves one at a time)`,
          measured: ms(p50),
          baseline: `graphile-worker add-to-start p50 ${ms(gwP50)}`,
          ratio: p50 / gwP50,
          target: '< 10 ms',
          ok: p50 < 10,
          note:
            `from acceptPrepared() (the record's commit, with its NOTIFY) to the idle platform's create; p90 ${ms(percentile(latencies, 90))}, p99 ${ms(percentile(latencies, 99))}; ` +
            `graphile-worker from addJob() to the task: p90 ${ms(percentile(gw.latencies, 90))}, p99 ${ms(percentile(gw.latencies, 99))}`,
        },
        {
          part: 'postgres',
          figure: `claim of 1 delivery on Postgres, ${queued[1].toLocaleString('en-US')} queued`,
          measured: ms(claims[1].claimMs),
          baseline: `${queued[0]} queued: ${ms(claims[0].claimMs)}`,
          ratio: claims[1].claimMs / claims[0].claimMs,
          note: `average of 100 claims of 1 (SKIP LOCKED, with the record); queueDepth(): ${ms(claims[1].depthMs)} vs ${ms(claims[0].depthMs)}`,
        },
      );
    } finally {
      await database.drop();
    }
    return { rows };
  },
};
