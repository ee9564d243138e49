import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { XMLParser } from 'fast-xml-parser';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger, Redactor } from '@connector/core';
import type { LoadResult, LoadRun } from '../children/http-load';
import type { BodySpec } from '../lib/bodies';
import { BenchChild, REPO_ROOT } from '../lib/child';
import { BENCH_CLIENT_ID, BENCH_CLUB_IDS, quietLogger, tempDir } from '../lib/fixtures';
import type { BenchPart, PartContext, PartResult } from '../lib/part';
import { benchDatabase } from '../lib/postgres-db';
import { profiled } from '../lib/profiler';
import { perSecond, type BenchRow } from '../lib/report';

/** The part of @connector/hub this bench uses (typed here, so the bench compiles before the hub lands). */
interface HubModule {
  createHub(
    config: unknown,
    options?: { logger?: Logger; redactor?: Redactor },
  ): Promise<{ listen(): Promise<{ url: string }>; close(): Promise<void>; batchReader?: { busyMs?(): number } }>;
}

const PROVIDER = 'BENCH';
const API_KEY = 'bench-provider-key-7f3a9c2e51d8';
const XML_PATH = '/connector/api/2011-11/user';
const BATCH_PATH = '/api/v1/users/batch';

/** Loads the hub package, or says why it cannot be benched yet. */
function loadHub(): HubModule | string {
  const dir = path.join(REPO_ROOT, 'packages/hub/src');
  if (!fs.existsSync(path.join(dir, 'hub.ts'))) return 'packages/hub has not landed (no packages/hub/src/hub.ts)';
  try {
    const hub = require('@connector/hub') as Partial<HubModule>;
    return typeof hub.createHub === 'function' ? (hub as HubModule) : '@connector/hub does not export createHub(config) yet';
  } catch (error) {
    return `@connector/hub does not load: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
}

/** Listens on 127.0.0.1 (a free port); answers the base URL. */
async function listenLocal(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/** A 2011-11 `<user>` as fast-xml-parser reads it. */
interface XmlUser {
  providerInfo: Record<string, string | undefined>;
  userInfo?: unknown;
}

/**
 * A baseline's fastify app with the XML save endpoint: fast-xml-parser reads the body, `save` answers
 * the record's uuid (a body without a recordID is answered 400).
 */
function xmlBaseline(options: { bodyLimit?: number }, save: (user: XmlUser) => string): FastifyInstance {
  const app = Fastify({ logger: false, ...options });
  const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false });
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parser.parse(body as string));
    } catch (error) {
      done(error as Error);
    }
  });
  app.post(XML_PATH, async (request, reply) => {
    const user = (request.body as { user?: Partial<XmlUser> }).user;
    if (!user?.providerInfo?.recordID) return reply.code(400).send('<error/>');
    return reply
      .header('content-type', 'application/xml; charset=utf-8')
      .send(
        `<?xml version="1.0" encoding="UTF-8"?><response xmlns="http://www.intouchfollowup.com/api/2011-11"><uuid>${save(user as XmlUser)}</uuid></response>`,
      );
  });
  return app;
}

/**
 * The baseline: fastify answering the same endpoints with the least work they can do: parse the XML
 * body (fast-xml-parser, as the hub) and answer a uuid; parse the JSON batch and answer one result per
 * item. No auth, no validation, no store.
 */
async function bareServer(): Promise<{ app: FastifyInstance; url: string }> {
  const app = xmlBaseline({ bodyLimit: 8 * 1024 * 1024 }, () => randomUUID());
  app.post(BATCH_PATH, async (request) => {
    const items = request.body as unknown[];
    return { results: items.map((_, index) => ({ index, status: 201, uuid: randomUUID(), created: true, changed: true, deliveries: 0 })) };
  });
  return { app, url: await listenLocal(app) };
}

/**
 * The reference path: fastify + XML parse + a SQLite upsert of the record + an outbox row, one
 * transaction per save (the issue puts it at 3,300-4,000 saves/s on its 2-core machine, the hub's
 * target at 5,000 there). No auth, no validation, no group commit. Shows how fast this machine is
 * against that one; the bare endpoint above has no store at all.
 */
async function minimalStoreServer(dir: string, synchronous: string): Promise<{ app: FastifyInstance; url: string; close(): Promise<void> }> {
  const db = new Database(path.join(dir, 'minimal.db'));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec(`CREATE TABLE IF NOT EXISTS records (uuid TEXT PRIMARY KEY, origin TEXT NOT NULL UNIQUE, content TEXT NOT NULL);
           CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY, record_uuid TEXT NOT NULL, platform TEXT NOT NULL)`);
  const find = db.prepare('SELECT uuid FROM records WHERE origin = ?').pluck();
  const insert = db.prepare('INSERT INTO records (uuid, origin, content) VALUES (?, ?, ?)');
  const update = db.prepare('UPDATE records SET content = ? WHERE uuid = ?');
  const queue = db.prepare("INSERT INTO outbox (record_uuid, platform) VALUES (?, 'acme')");
  const upsert = db.transaction((origin: string, content: string) => {
    let uuid = find.get(origin) as string | undefined;
    if (uuid) update.run(content, uuid);
    else insert.run((uuid = randomUUID()), origin, content);
    queue.run(uuid);
    return uuid;
  });
  const app = xmlBaseline({}, ({ providerInfo: info, userInfo }) =>
    upsert(`${info.clientID}/${info.clubID}/${info.identifier}/${info.recordID}`, JSON.stringify(userInfo ?? {})),
  );
  return {
    app,
    url: await listenLocal(app),
    close: async () => {
      await app.close();
      db.close();
    },
  };
}

let runCounter = 0;

/** Part 3: the hub's accept path (XML saves and JSON batches) against bare fastify, load from a child. */
export const hubPart: BenchPart = {
  name: 'hub',
  description: 'hub accept path: 2011-11 XML saves (32 connections) and JSON batches, vs bare fastify',
  async run(context: PartContext): Promise<PartResult> {
    const hubModule = loadHub();
    if (typeof hubModule === 'string') return { rows: [], skipped: [{ part: 'hub', why: hubModule }] };

    const xml = context.quick ? { requests: 5_000, seconds: 3, warmup: 1_000 } : { requests: 30_000, seconds: 6, warmup: 3_000 };
    const batch = context.quick ? { requests: 40, seconds: 3, warmup: 6, items: 500 } : { requests: 200, seconds: 5, warmup: 12, items: 500 };
    const connections = 32;
    const batchConnections = 4;
    const load = await BenchChild.start('http-load', {});
    const rows: BenchRow[] = [];
    const tmp = tempDir('hub');
    try {
      // The hub's (or bare server's) own CPU per request, warm-up included: steadier than the rates when
      // the machine is shared, since the load generator runs in its own process.
      const cpuPerRequest = new Map<LoadResult, number>();
      // The event loop's own busy time per request: what bounds the rate when work runs on other threads
      // too (the hub reads large JSON batches on a thread; process CPU counts both).
      const loopPerRequest = new Map<LoadResult, number>();
      // The batch reader threads' busy time per request (hub runs only).
      const readerPerRequest = new Map<LoadResult, number>();
      const run = async (
        url: string,
        spec: { path: string; body: BodySpec; contentType: string; connections: number; requests: number; seconds: number; warmup: number },
        reader?: { busyMs?(): number },
      ) => {
        const cpu = process.cpuUsage();
        const loop = performance.eventLoopUtilization();
        const readerBefore = reader?.busyMs?.();
        const result = await runLoad(url, spec);
        const used = process.cpuUsage(cpu);
        const busy = performance.eventLoopUtilization(loop);
        const requests = result.requests + spec.warmup;
        cpuPerRequest.set(result, (used.user + used.system) / requests);
        loopPerRequest.set(result, (busy.active * 1000) / requests);
        if (readerBefore !== undefined) readerPerRequest.set(result, ((reader!.busyMs!() - readerBefore) * 1000) / requests);
        return result;
      };
      const runLoad = (
        url: string,
        spec: { path: string; body: BodySpec; contentType: string; connections: number; requests: number; seconds: number; warmup: number },
      ) =>
        load.call<LoadResult>('run', {
          url,
          path: spec.path,
          headers: { 'content-type': spec.contentType, authorization: `Bearer ${API_KEY}` },
          body: spec.body,
          connections: spec.connections,
          warmupRequests: spec.warmup,
          maxRequests: spec.requests,
          maxSeconds: spec.seconds,
        } satisfies LoadRun);
      const xmlSpec = (prefix: string) => ({
        path: XML_PATH,
        contentType: 'application/xml',
        connections,
        ...xml,
        body: { kind: 'xml-user', provider: PROVIDER, clientId: BENCH_CLIENT_ID, clubId: BENCH_CLUB_IDS[0], prefix } as BodySpec,
      });
      const batchSpec = (prefix: string) => ({
        path: BATCH_PATH,
        contentType: 'application/json',
        connections: batchConnections,
        ...batch,
        body: { kind: 'json-batch', provider: PROVIDER, clientId: BENCH_CLIENT_ID, clubId: BENCH_CLUB_IDS[0], prefix, items: batch.items } as BodySpec,
      });

      // Baseline and hub alternate (best of `rounds` each), so a burst of other work on the machine
      // does not land on one side only.
      const rounds = context.quick ? 1 : 2;
      const rate = (r: LoadResult) => (r.requests * 1000) / r.elapsedMs;
      const recordRate = (r: LoadResult) => (r.records * 1000) / r.elapsedMs;
      const best = (runs: LoadResult[], by: (r: LoadResult) => number) => runs.reduce((a, b) => (by(b) > by(a) ? b : a));
      const bareXmlRuns: LoadResult[] = [];
      const minimalXmlRuns: LoadResult[] = [];
      const bareBatchRuns: LoadResult[] = [];
      const hubXmlRuns: LoadResult[] = [];
      const hubBatchRuns: LoadResult[] = [];

      context.progress(
        `hub: bare fastify baseline, the minimal store path, and createHub (SQLite in a temp dir, no platforms turned up), XML with ${connections} connections, JSON batches of ${batch.items}; ${rounds} round(s)`,
      );
      const { logger, redactor } = quietLogger();
      const hub = await hubModule.createHub(
        {
          store: { type: 'sqlite', dataDir: tmp.dir, synchronous: context.sync },
          server: { host: '127.0.0.1', port: 0, metrics: 'off' },
          providers: [{ id: PROVIDER, apiKey: API_KEY, clients: [BENCH_CLIENT_ID] }],
          clients: [{ id: BENCH_CLIENT_ID, name: 'Bench Fitness', clubs: BENCH_CLUB_IDS.map((id) => ({ id, timeZone: 'America/Vancouver' })), platforms: [] }],
          log: { level: 'info' },
        },
        { logger, redactor },
      );
      try {
        const { url } = await hub.listen();
        for (let round = 0; round < rounds; round++) {
          const last = round === rounds - 1;
          const bare = await bareServer();
          try {
            bareXmlRuns.push(await run(bare.url, xmlSpec(`bare-${++runCounter}`)));
            bareBatchRuns.push(await run(bare.url, batchSpec(`bare-${++runCounter}`)));
          } finally {
            await bare.app.close();
          }
          const minimal = await minimalStoreServer(tmp.dir, context.sync);
          try {
            minimalXmlRuns.push(await run(minimal.url, xmlSpec(`minimal-${++runCounter}`)));
          } finally {
            await minimal.close();
          }
          hubXmlRuns.push(await profiled(last ? context.profileDir : undefined, 'hub-xml', () => run(url, xmlSpec(`hub-${++runCounter}`))));
          hubBatchRuns.push(
            await profiled(last ? context.profileDir : undefined, 'hub-batch', () => run(url, batchSpec(`hub-${++runCounter}`), hub.batchReader)),
          );
        }
      } finally {
        await hub.close();
      }
      // With --store postgres: the same hub on Postgres (its own database on that server), once, after
      // the SQLite rounds, with the same load.
      let pgXml: LoadResult | undefined;
      let pgBatch: LoadResult | undefined;
      if (context.postgresUrl) {
        context.progress('hub: the same hub on Postgres, XML then JSON batches');
        const database = await benchDatabase(context.postgresUrl);
        try {
          const pgHub = await hubModule.createHub(
            {
              store: { type: 'postgres', url: database.url },
              server: { host: '127.0.0.1', port: 0, metrics: 'off' },
              providers: [{ id: PROVIDER, apiKey: API_KEY, clients: [BENCH_CLIENT_ID] }],
              clients: [
                { id: BENCH_CLIENT_ID, name: 'Bench Fitness', clubs: BENCH_CLUB_IDS.map((id) => ({ id, timeZone: 'America/Vancouver' })), platforms: [] },
              ],
              log: { level: 'info' },
            },
            { logger, redactor },
          );
          try {
            const { url } = await pgHub.listen();
            pgXml = await run(url, xmlSpec(`pg-${++runCounter}`));
            pgBatch = await run(url, batchSpec(`pg-${++runCounter}`), pgHub.batchReader);
          } finally {
            await pgHub.close();
          }
        } finally {
          await database.drop();
        }
      }
      const bareXml = best(bareXmlRuns, rate);
      const minimalXml = best(minimalXmlRuns, rate);
      const bareBatch = best(bareBatchRuns, recordRate);
      const hubXml = best(hubXmlRuns, rate);
      const hubBatch = best(hubBatchRuns, recordRate);

      const cpuNote = (runs: LoadResult[], perRequest = 1, of = cpuPerRequest) =>
        runs.map((r) => ((of.get(r) ?? NaN) / perRequest).toFixed(perRequest > 1 ? 1 : 0)).join(', ');
      const errorNote = (r: LoadResult, what: string) => (r.errors ? ` ${r.errors} failed answers (${what}), first: ${r.firstError}` : '');
      rows.push(
        {
          part: 'hub',
          figure: `XML saves, ${connections} connections`,
          measured: perSecond(rate(hubXml)),
          baseline: `bare ${perSecond(rate(bareXml))}`,
          ratio: rate(hubXml) / rate(bareXml),
          target: '>= 5,000/s',
          ok: rate(hubXml) >= 5_000 && hubXml.errors === 0,
          note:
            `${hubXml.requests} saves in ${(hubXml.elapsedMs / 1000).toFixed(1)} s, p50 ${hubXml.p50.toFixed(1)} ms (bare ${bareXml.p50.toFixed(1)} ms); best of ${rounds}; ` +
            `process CPU per save: hub ${cpuNote(hubXmlRuns)}, bare ${cpuNote(bareXmlRuns)}, load generator ${Math.round(hubXml.cpuPerRequestUs)} us (all rounds); ` +
            `store synchronous=${context.sync}; the load generator shares the 2 cores.${errorNote(hubXml, 'hub')}${errorNote(bareXml, 'bare')}`,
        },
        {
          part: 'hub',
          figure: `  XML saves against the reference path`,
          measured: perSecond(rate(hubXml)),
          baseline: `minimal ${perSecond(rate(minimalXml))}`,
          ratio: rate(hubXml) / rate(minimalXml),
          target: 'info (issue: 5,000 where it does 3,300-4,000)',
          note:
            `the issue's reference path measured here: fastify + fast-xml-parser + a SQLite upsert and an outbox row, one transaction per save ` +
            `(synchronous=${context.sync}, no auth or validation); the issue's machine does 3,300-4,000/s there and asks 5,000/s of the hub, 1.25-1.5 x; ` +
            `best of ${rounds}, all rounds: ${minimalXmlRuns.map((r) => perSecond(rate(r))).join(', ')}.${errorNote(minimalXml, 'minimal')}`,
        },
        {
          part: 'hub',
          figure: `  XML save p99 latency`,
          measured: `${hubXml.p99.toFixed(1)} ms`,
          baseline: `bare ${bareXml.p99.toFixed(1)} ms`,
          ratio: hubXml.p99 / bareXml.p99,
          target: '< 30 ms',
          ok: hubXml.p99 < 30,
        },
        {
          part: 'hub',
          figure: `JSON batches of ${batch.items}, ${batchConnections} connections`,
          measured: `${perSecond(recordRate(hubBatch))} records`,
          baseline: `bare ${perSecond(recordRate(bareBatch))}`,
          ratio: recordRate(hubBatch) / recordRate(bareBatch),
          target: '>= 30,000/s',
          ok: recordRate(hubBatch) >= 30_000 && hubBatch.errors === 0,
          note:
            `${hubBatch.requests} batches in ${(hubBatch.elapsedMs / 1000).toFixed(1)} s, batch p50 ${hubBatch.p50.toFixed(0)} ms, p99 ${hubBatch.p99.toFixed(0)} ms; ` +
            `process CPU per record: hub ${cpuNote(hubBatchRuns, batch.items)}, bare ${cpuNote(bareBatchRuns, batch.items)}, load generator ${(hubBatch.cpuPerRequestUs / batch.items).toFixed(1)} us; ` +
            `event loop busy per record: hub ${cpuNote(hubBatchRuns, batch.items, loopPerRequest)}, bare ${cpuNote(bareBatchRuns, batch.items, loopPerRequest)} us; ` +
            `the hub's batch reader thread busy per record: ${readerPerRequest.size ? cpuNote(hubBatchRuns, batch.items, readerPerRequest) : 'not reported'} us (all rounds).${errorNote(hubBatch, 'hub')}${errorNote(bareBatch, 'bare')}`,
        },
      );
      if (pgXml && pgBatch) {
        rows.push(
          {
            part: 'hub',
            figure: `XML saves on Postgres, ${connections} connections`,
            measured: perSecond(rate(pgXml)),
            baseline: `SQLite hub ${perSecond(rate(hubXml))}`,
            ratio: rate(pgXml) / rate(hubXml),
            note:
              `p50 ${pgXml.p50.toFixed(1)} ms, p99 ${pgXml.p99.toFixed(1)} ms (SQLite ${hubXml.p50.toFixed(1)}, ${hubXml.p99.toFixed(1)}); one run; ` +
              `bench process CPU per save ${cpuNote([pgXml])} us (Postgres's own CPU is in the server, on the same 2 cores).${errorNote(pgXml, 'postgres')}`,
          },
          {
            part: 'hub',
            figure: `JSON batches of ${batch.items} on Postgres, ${batchConnections} connections`,
            measured: `${perSecond(recordRate(pgBatch))} records`,
            baseline: `SQLite hub ${perSecond(recordRate(hubBatch))}`,
            ratio: recordRate(pgBatch) / recordRate(hubBatch),
            note:
              `batch p50 ${pgBatch.p50.toFixed(0)} ms, p99 ${pgBatch.p99.toFixed(0)} ms; one run; bench process CPU per record ${cpuNote([pgBatch], batch.items)} us; ` +
              `the Postgres store writes each group commit's records in a few multi-row statements.${errorNote(pgBatch, 'postgres')}`,
          },
        );
      }
    } finally {
      await load.stop();
      tmp.remove();
    }
    return { rows };
  },
};
