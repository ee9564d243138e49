import { randomUUID } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import {
  Connector,
  contentHash,
  createPlatformRuntime,
  type ClientInput,
  type ConnectorStore,
  type PersonWrite,
  type Person,
  type SaveRecordInput,
  type TurnUpInput,
} from '@connector/core';
import { acmePlugin } from '@connector/plugin-acme';
import sqliteStore, { type SqliteStore } from '@connector/store-sqlite';
import type { AcmeStartOptions } from '../children/acme-simulator';
import { BenchChild } from '../lib/child';
import { idlePlugin } from '../lib/idle-plugin';
import { profiled } from '../lib/profiler';
import { BENCH_CLIENT_ID, benchPerson, cpuMicros, quietLogger, sleep, tempDir } from '../lib/fixtures';
import type { BenchPart, PartContext, PartResult } from '../lib/part';
import { perSecond, type BenchRow } from '../lib/report';

/** One Acme simulator in the helper process. */
class AcmeSim {
  private constructor(
    private readonly child: BenchChild,
    private readonly id: number,
    readonly turnUp: Omit<TurnUpInput, 'plugin'>,
  ) {}

  static async start(child: BenchChild, options: AcmeStartOptions): Promise<AcmeSim> {
    const started = await child.call<{ id: number; turnUp: Omit<TurnUpInput, 'plugin'> }>('start', options);
    return new AcmeSim(child, started.id, started.turnUp);
  }

  calls(): Promise<Record<string, number>> {
    return this.child.call('calls', this.id);
  }
  /** Requests received, served or refused. */
  received(): Promise<number> {
    return this.child.call('received', this.id);
  }
  addStaff(staff: { firstName: string; lastName: string; email: string }): Promise<string> {
    return this.child.call('addStaff', this.id, staff);
  }
  addLeadSource(name: string): Promise<string> {
    return this.child.call('addLeadSource', this.id, name);
  }
  stop(): Promise<void> {
    return this.child.call('stop', this.id);
  }
}

const CLUB_ID = 'bench-club-1';
const ACME_PACKAGE = '@connector/plugin-acme';

// A collection between measured windows keeps one window's garbage out of the next one's CPU.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

function benchClient(turnUp: TurnUpInput): ClientInput {
  return { id: BENCH_CLIENT_ID, name: 'Bench Fitness', clubs: [{ id: CLUB_ID, name: 'Bench Club', timeZone: 'America/Vancouver' }], platforms: [turnUp] };
}

/** A Connector on a fresh SQLite store, one client turned up on the simulator. */
function openHub(context: PartContext, turnUp: TurnUpInput, onDelivered?: (outcome: string) => void) {
  const tmp = tempDir('delivery');
  const store: SqliteStore = sqliteStore.open({ dataDir: tmp.dir, synchronous: context.sync }, {});
  const { logger, redactor } = quietLogger();
  const connector = Connector.create({
    store,
    logger,
    redactor,
    plugins: () => acmePlugin,
    clients: [benchClient(turnUp)],
    onDelivery: (event) => onDelivered?.(event.outcome),
  });
  return {
    connector,
    async close() {
      await connector.stop(2_000);
      await store.close();
      tmp.remove();
    },
  };
}

/** Validates and routes `people` as records of the CRM, then accepts them in batches (one transaction each). */
async function acceptAll(connector: Connector, people: Array<{ recordId: string; person: Person }>): Promise<void> {
  const batch: SaveRecordInput[] = [];
  const flush = async () => {
    if (batch.length) await connector.acceptPrepared(batch.splice(0));
  };
  for (const { recordId, person } of people) {
    batch.push(connector.prepare({ provider: 'CRM', clientId: BENCH_CLIENT_ID, clubId: CLUB_ID, recordId, kind: 'person', content: person }));
    if (batch.length >= 500) await flush();
  }
  await flush();
}

function sumCalls(calls: Record<string, number>): number {
  return Object.values(calls).reduce((a, b) => a + b, 0);
}

function diffCalls(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(after)) if (value - (before[key] ?? 0) !== 0) out[key] = value - (before[key] ?? 0);
  return out;
}

function callsText(calls: Record<string, number>): string {
  const keys = Object.keys(calls).sort();
  return keys.length ? keys.map((k) => `${calls[k]} ${k}`).join(' + ') : 'no calls';
}

/** Runs `count` calls of `call`, `concurrency` at a time. */
async function pool(count: number, concurrency: number, call: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await call(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

interface PacingCase {
  latencyMs: number;
  rate: number;
  concurrency: number;
  count: number;
}

let recordCounter = 0;

/**
 * Part 1: N records accepted (workers stopped), then the clock runs from `start()` to the last
 * delivery. The turn-up declares the simulator's rate limit and the concurrency; the figure is held to
 * min(R, C / L). A direct loop of the plugin's create calls with the same limit and concurrency shows
 * what the transport and the simulator allow on their own (L plus the call's own time).
 */
async function pacing(context: PartContext, child: BenchChild, c: PacingCase): Promise<BenchRow[]> {
  const name = `pacing L=${c.latencyMs}ms R=${c.rate}/s C=${c.concurrency}`;
  context.progress(`delivery: ${name}, ${c.count} records`);
  const sim = await AcmeSim.start(child, { latencyMs: c.latencyMs, rateLimitPerSecond: c.rate, hubClubIds: [CLUB_ID] });
  try {
    // No look-up before each create (matchBeforeCreate): this part measures the delivery path and its pacing
    // at one call per record, as its baseline figures did; a look-up costs Acme two more calls per new person.
    const turnUp: TurnUpInput = { ...sim.turnUp, plugin: ACME_PACKAGE, rateLimitPerSecond: c.rate, concurrency: c.concurrency, matchBeforeCreate: false };
    let delivered = 0;
    let notDelivered = 0;
    let lastAt = 0;
    const hub = openHub(context, turnUp, (outcome) => {
      if (outcome === 'delivered') {
        delivered++;
        lastAt = performance.now();
      } else notDelivered++;
    });
    let engineRate: number;
    let refused: number;
    try {
      await acceptAll(
        hub.connector,
        Array.from({ length: c.count }, (_, i) => ({ recordId: `pace-${++recordCounter}`, person: benchPerson(i) })),
      );
      const callsBefore = sumCalls(await sim.calls());
      const receivedBefore = await sim.received();
      const started = performance.now();
      hub.connector.start();
      const drained = await hub.connector.drain(Math.max(60_000, (c.count / Math.min(c.rate, (1000 * c.concurrency) / c.latencyMs)) * 3_000));
      if (!drained) throw new Error(`${name}: deliveries did not drain`);
      if (delivered !== c.count) throw new Error(`${name}: ${delivered} of ${c.count} delivered (${notDelivered} otherwise)`);
      engineRate = (delivered * 1000) / (lastAt - started);
      const served = sumCalls(await sim.calls()) - callsBefore;
      refused = (await sim.received()) - receivedBefore - served;
    } finally {
      await hub.close();
    }

    // The same calls straight through the plugin (transport pacing included, no engine, no store).
    const { logger, redactor } = quietLogger();
    const runtime = createPlatformRuntime({ plugin: acmePlugin, client: benchClient(turnUp), turnUp, logger, redactor });
    const prospects = runtime.prospects!;
    const club = runtime.clubContext(CLUB_ID)!;
    const directCount = Math.max(c.concurrency * 20, Math.round(c.count / 2));
    const directCallsBefore = sumCalls(await sim.calls());
    const directReceivedBefore = await sim.received();
    const directStarted = performance.now();
    await pool(directCount, c.concurrency, (i) => prospects.create!({ hubId: randomUUID(), person: benchPerson(i), club }));
    const directRate = (directCount * 1000) / (performance.now() - directStarted);
    const directServed = sumCalls(await sim.calls()) - directCallsBefore;
    const directRefused = (await sim.received()) - directReceivedBefore - directServed;

    // L is the latency the hub sees: the simulator's delay plus the round trip of the call itself (HTTP,
    // the simulator's own work), measured one call at a time, median of 30. C/L with the configured
    // delay alone is a bound no client reaches.
    const roundTrips: number[] = [];
    for (let i = 0; i < 30; i++) {
      const at = performance.now();
      await prospects.create!({ hubId: randomUUID(), person: benchPerson(i), club });
      roundTrips.push(performance.now() - at);
      await sleep(1000 / c.rate);
    }
    const latency = roundTrips.sort((a, b) => a - b)[15];
    const bound = Math.min(c.rate, (1000 * c.concurrency) / latency);
    const boundName = c.rate <= (1000 * c.concurrency) / latency ? `R = ${perSecond(bound)}` : `C/L = ${perSecond(bound)}`;
    const ratio = engineRate / bound;
    return [
      {
        part: 'delivery',
        figure: name,
        measured: perSecond(engineRate),
        baseline: boundName,
        ratio,
        target: '>= 0.970 x bound',
        ok: ratio >= 0.97,
        note:
          `L = ${latency.toFixed(1)} ms measured (the simulator's delay ${c.latencyMs} ms plus the call's round trip; C/L with the delay alone: ${perSecond((1000 * c.concurrency) / c.latencyMs)}); ` +
          `direct plugin calls with the same L/R/C (no engine, no store): ${perSecond(directRate)} = ${(directRate / bound).toFixed(3)} x bound ` +
          `(${directRefused} 429s); engine = ${(engineRate / directRate).toFixed(3)} x direct`,
      },
      {
        part: 'delivery',
        figure: `  429s seen (${name})`,
        measured: `${refused} of ${c.count + refused} calls`,
        target: '~0 (<= 0.5% of calls)',
        ok: refused <= Math.max(1, c.count * 0.005),
      },
    ];
  } finally {
    await sim.stop();
  }
}

/**
 * Part 2: hub CPU per delivered record (zero-latency simulator in a child): N deliveries through the
 * engine (workers started after the records were accepted, so accepting is not counted) against N
 * direct `prospects.create` calls with the PersonWrite the engine would build; the difference is core's
 * overhead (store reads and writes, the Connector Log, claiming, caches). Best of a few rounds each.
 * The first engine round also checks the reference caches: N creates + 1 staff list + 1 lead-source
 * list; and a re-send of the same records must cost no call at all.
 */
async function cpuPerRecord(context: PartContext, child: BenchChild): Promise<BenchRow[]> {
  const count = context.quick ? 400 : 1_200;
  const rounds = context.quick ? 2 : 3;
  const concurrency = 8;
  context.progress(`delivery: CPU per record, ${rounds} rounds of ${count} records (engine vs direct plugin calls)`);
  const sim = await AcmeSim.start(child, { latencyMs: 0, hubClubIds: [CLUB_ID] });
  const rows: BenchRow[] = [];
  try {
    const ownerEmail = 'owner@bench.example.com';
    const leadSource = 'Bench Walk-in';
    const ownerId = await sim.addStaff({ firstName: 'Olive', lastName: 'Owner', email: ownerEmail });
    const leadSourceId = await sim.addLeadSource(leadSource);
    // No pacing: this part measures CPU, not the platform's limit.
    const turnUp: TurnUpInput = { ...sim.turnUp, plugin: ACME_PACKAGE, rateLimitPerSecond: 1_000_000, concurrency, matchBeforeCreate: false };
    const { logger, redactor } = quietLogger();
    const runtime = createPlatformRuntime({ plugin: acmePlugin, client: benchClient(turnUp), turnUp, logger, redactor });
    const prospects = runtime.prospects!;
    const club = runtime.clubContext(CLUB_ID)!;

    const people = (n: number) => Array.from({ length: n }, (_, i) => benchPerson(i, { ownerEmail, leadSource }));
    const direct = async (n: number) => {
      const writes: PersonWrite[] = people(n).map((person) => ({ hubId: randomUUID(), person, club, ownerId, leadSourceId }));
      collectGarbage();
      const cpu = process.cpuUsage();
      const started = performance.now();
      await profiled(profileDir(), 'delivery-direct', () => pool(n, concurrency, (i) => prospects.create!(writes[i])));
      return { cpuPerRecord: cpuMicros(cpu) / n, rate: (n * 1000) / (performance.now() - started) };
    };
    let lastHub: { hub: ReturnType<typeof openHub>; records: Array<{ recordId: string; person: Person }> } | undefined;
    const engine = async (n: number) => {
      await lastHub?.hub.close();
      const hub = openHub(context, turnUp);
      const records = people(n).map((person) => ({ recordId: `cpu-${++recordCounter}`, person }));
      await acceptAll(hub.connector, records);
      lastHub = { hub, records };
      const before = await sim.calls();
      collectGarbage();
      const cpu = process.cpuUsage();
      const started = performance.now();
      hub.connector.start();
      const drained = await profiled(profileDir(), 'delivery-engine', () => hub.connector.drain(120_000));
      if (!drained) throw new Error('CPU part: deliveries did not drain');
      const result = { cpuPerRecord: cpuMicros(cpu) / n, rate: (n * 1000) / (performance.now() - started) };
      const calls = diffCalls(await sim.calls(), before);
      return { ...result, calls };
    };

    // Profiles (--profile) are of the last measured round only.
    let measuring = false;
    const profileDir = () => (measuring ? context.profileDir : undefined);
    // Warm-up: JIT, sockets, SQLite page cache.
    await direct(200);
    await engine(200);
    const directRuns: Array<{ cpuPerRecord: number; rate: number }> = [];
    const engineRuns: Array<{ cpuPerRecord: number; rate: number; calls: Record<string, number> }> = [];
    for (let round = 0; round < rounds; round++) {
      measuring = round === rounds - 1;
      directRuns.push(await direct(count));
      engineRuns.push(await engine(count));
    }
    const best = <T extends { cpuPerRecord: number }>(runs: T[]) => runs.reduce((a, b) => (b.cpuPerRecord < a.cpuPerRecord ? b : a));
    const d = best(directRuns);
    const e = best(engineRuns);
    const overhead = e.cpuPerRecord - d.cpuPerRecord;
    rows.push({
      part: 'delivery',
      figure: `core CPU per delivery (N=${count}, C=${concurrency}, L=0)`,
      measured: `${overhead.toFixed(0)} us/record`,
      baseline: `direct ${d.cpuPerRecord.toFixed(0)} us/rec`,
      ratio: e.cpuPerRecord / d.cpuPerRecord,
      target: '<= 100 us/record',
      ok: overhead <= 100,
      note:
        `engine ${e.cpuPerRecord.toFixed(0)} us/rec (${perSecond(e.rate)} wall), direct ${d.cpuPerRecord.toFixed(0)} us/rec (${perSecond(d.rate)} wall); ` +
        `best of ${rounds}; all rounds engine/direct: ${engineRuns.map((r) => r.cpuPerRecord.toFixed(0)).join(', ')} / ${directRuns.map((r) => r.cpuPerRecord.toFixed(0)).join(', ')} us; store synchronous=${context.sync}`,
    });

    const expected = { 'people.create': count, 'staff.list': 1, 'leadSources.list': 1 };
    const first = engineRuns[0].calls;
    rows.push({
      part: 'delivery',
      figure: `calls for ${count} records, same owner + lead source`,
      measured: callsText(first),
      target: callsText(expected),
      ok: callsText(first) === callsText(expected),
    });

    // Rule 5: the same records again (same provider, record IDs and content): nothing to send.
    const { hub, records } = lastHub!;
    const before = await sim.calls();
    await acceptAll(hub.connector, records);
    if (!(await hub.connector.drain(60_000))) throw new Error('CPU part: the re-send did not drain');
    const resent = diffCalls(await sim.calls(), before);
    rows.push({
      part: 'delivery',
      figure: `calls for an unchanged re-send of ${count} records`,
      measured: callsText(resent),
      target: 'no calls',
      ok: sumCalls(resent) === 0,
    });
    await hub.close();
    lastHub = undefined;
  } finally {
    await sim.stop();
  }
  return rows;
}

/**
 * How the cost of claiming one delivery grows with the queue (after an import, a worker claims from a
 * queue of as many deliveries as there were records). Store only: N deliveries queued, then the
 * average of claims of one (what a worker asks for each time a delivery finishes) and of queueDepth()
 * (what drain() and metrics poll).
 */
async function claimScaling(context: PartContext): Promise<BenchRow[]> {
  const sizes = [500, context.quick ? 20_000 : 50_000];
  context.progress(`delivery: claim cost with ${sizes.join(' and ')} deliveries queued`);
  const measure = async (queued: number) => {
    const tmp = tempDir('claim');
    const store = sqliteStore.open({ dataDir: tmp.dir, synchronous: context.sync }, {});
    try {
      for (let i = 0; i < queued; i += 1_000) {
        await store.saveRecords(
          Array.from({ length: Math.min(1_000, queued - i) }, (_, j) => {
            const content = benchPerson(i + j);
            return {
              clientId: BENCH_CLIENT_ID,
              clubId: CLUB_ID,
              kind: 'person' as const,
              origin: { provider: 'CRM', recordId: `claim-${i + j}` },
              content,
              hash: contentHash(content),
              targets: ['acme'],
            };
          }),
        );
      }
      const claims = 100;
      let started = performance.now();
      for (let k = 0; k < claims; k++) await store.claimDeliveries({ now: Date.now(), leaseMs: 60_000, limit: 1, clientId: BENCH_CLIENT_ID, platform: 'acme' });
      const claimUs = ((performance.now() - started) * 1000) / claims;
      started = performance.now();
      for (let k = 0; k < 20; k++) await store.queueDepth();
      const depthUs = ((performance.now() - started) * 1000) / 20;
      return { claimUs, depthUs };
    } finally {
      await store.close();
      tmp.remove();
    }
  };
  const small = await measure(sizes[0]);
  const large = await measure(sizes[1]);
  return [
    {
      part: 'delivery',
      figure: `claim of 1 delivery, ${sizes[1].toLocaleString('en-US')} queued`,
      measured: `${(large.claimUs / 1000).toFixed(2)} ms`,
      baseline: `${sizes[0]} queued: ${(small.claimUs / 1000).toFixed(2)} ms`,
      ratio: large.claimUs / small.claimUs,
      note: `grows with the queue (${(sizes[1] / sizes[0]).toFixed(0)}x the deliveries); queueDepth(): ${(large.depthUs / 1000).toFixed(2)} ms vs ${(small.depthUs / 1000).toFixed(2)} ms; store synchronous=${context.sync}`,
    },
  ];
}

/** Counts the CPU spent inside each store method (the store runs synchronously: its CPU is its own). */
function storeCpu(store: ConnectorStore, spent: { us: number }): ConnectorStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const cpu = process.cpuUsage();
        try {
          return value.apply(target, args);
        } finally {
          spent.us += cpuMicros(cpu);
        }
      };
    },
  });
}

/**
 * Core alone: N deliveries to an in-process platform that does no work, so all the CPU is core's
 * (claims, the engine, the Connector Log, finishes, the worker). No HTTP and no simulator: the figure
 * the design's "core adds <= 100 us per delivered record" is about, without the transport's noise.
 */
async function coreAlone(context: PartContext): Promise<BenchRow[]> {
  const count = context.quick ? 1_000 : 3_000;
  const rounds = 3;
  context.progress(`delivery: core alone, ${rounds} rounds of ${count} deliveries to a platform that does no work`);
  const runs: Array<{ us: number; storeUs: number }> = [];
  for (let round = 0; round < rounds; round++) {
    const tmp = tempDir('core');
    const spent = { us: 0 };
    const store = sqliteStore.open({ dataDir: tmp.dir, synchronous: context.sync }, {});
    const { logger, redactor } = quietLogger();
    let delivered = 0;
    const connector = Connector.create({
      store: storeCpu(store, spent),
      logger,
      redactor,
      plugins: () => idlePlugin,
      clients: [
        {
          id: BENCH_CLIENT_ID,
          name: 'Bench Fitness',
          clubs: [{ id: CLUB_ID, timeZone: 'UTC' }],
          platforms: [{ plugin: 'idle', clubs: { [CLUB_ID]: '1' }, options: {}, concurrency: 8 }],
        },
      ],
      onDelivery: (event) => {
        if (event.outcome === 'delivered') delivered++;
      },
    });
    try {
      const inputs = Array.from({ length: count }, (_, i) =>
        connector.prepare({
          provider: 'CRM',
          clientId: BENCH_CLIENT_ID,
          clubId: CLUB_ID,
          recordId: `core-${round}-${i}`,
          kind: 'person',
          content: benchPerson(i),
        }),
      );
      for (let i = 0; i < count; i += 500) await connector.acceptPrepared(inputs.slice(i, i + 500));
      collectGarbage();
      spent.us = 0;
      const cpu = process.cpuUsage();
      connector.start();
      if (!(await connector.drain(120_000)) || delivered !== count) throw new Error(`core alone: ${delivered} of ${count} delivered`);
      runs.push({ us: cpuMicros(cpu) / count, storeUs: spent.us / count });
    } finally {
      await connector.close(1_000);
      await store.close();
      tmp.remove();
    }
  }
  const best = runs.reduce((a, b) => (b.us < a.us ? b : a));
  return [
    {
      part: 'delivery',
      figure: `core CPU per delivery, platform doing no work (N=${count}, C=8)`,
      measured: `${best.us.toFixed(0)} us/record`,
      target: '<= 100 us/record',
      ok: best.us <= 100,
      note:
        `in-process platform, no HTTP; of which in store calls ${best.storeUs.toFixed(0)} us (claims, finishes: SQLite); best of ${rounds}; ` +
        `all rounds: ${runs.map((r) => `${r.us.toFixed(0)} (store ${r.storeUs.toFixed(0)})`).join(', ')} us; store synchronous=${context.sync}`,
    },
  ];
}

/** Parts 1 and 2: delivery pacing and core's CPU per delivered record, against the Acme simulator. */
export const deliveryPart: BenchPart = {
  name: 'delivery',
  description: 'delivery pacing against the Acme simulator, core CPU per delivery, reference-list caching',
  async run(context: PartContext): Promise<PartResult> {
    const cases: PacingCase[] = context.quick
      ? [
          { latencyMs: 20, rate: 200, concurrency: 2, count: 250 },
          { latencyMs: 20, rate: 100, concurrency: 8, count: 250 },
        ]
      : [
          { latencyMs: 20, rate: 200, concurrency: 2, count: 800 },
          { latencyMs: 20, rate: 100, concurrency: 8, count: 800 },
          { latencyMs: 5, rate: 300, concurrency: 8, count: 1_200 },
        ];
    const rows: BenchRow[] = [];
    const child = await BenchChild.start('acme-simulator', {});
    try {
      for (const c of cases) rows.push(...(await pacing(context, child, c)));
      rows.push(...(await cpuPerRecord(context, child)));
    } finally {
      await child.stop();
    }
    rows.push(...(await coreAlone(context)));
    rows.push(...(await claimScaling(context)));
    return { rows };
  },
};
