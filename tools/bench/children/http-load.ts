// A bench helper process: an HTTP load generator (node's http, keep-alive agent), so its CPU is not
// counted with the hub's. Every run is bounded in requests and in time and stops by itself.
import http from 'node:http';
import { serveChild } from '../lib/child';
import { bodyFactory, type BodySpec } from '../lib/bodies';

/** One load run. */
export interface LoadRun {
  /** Base URL, e.g. http://127.0.0.1:8080. */
  url: string;
  path: string;
  headers: Record<string, string>;
  body: BodySpec;
  /** Connections (requests in flight at once). */
  connections: number;
  /** Requests before the measured ones (not counted). */
  warmupRequests: number;
  /** The run stops after this many measured requests... */
  maxRequests: number;
  /** ...or after this long, whichever comes first. */
  maxSeconds: number;
}

/** What a load run measured. */
export interface LoadResult {
  requests: number;
  /** Records sent in the measured requests (a batch holds many). */
  records: number;
  elapsedMs: number;
  /** Latencies of the measured requests, ms. */
  p50: number;
  p99: number;
  max: number;
  /** Answers that were not 200/201, or batch items that failed, or transport errors. */
  errors: number;
  /** The first failure, for the report. */
  firstError?: string;
  /** This load generator's own CPU per request (warm-up included), us: what it takes from the 2 cores. */
  cpuPerRequestUs: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function runLoad(run: LoadRun): Promise<LoadResult> {
  const target = new URL(run.path, run.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: run.connections });
  const makeBody = bodyFactory(run.body);
  const total = run.warmupRequests + run.maxRequests;
  // Every body is made before the first request, as fixed-body load tools send theirs: making a batch
  // of 500 users costs ~2,000 us of CPU, which would otherwise be taken from the 2 cores the server
  // is measured on (at most a few tens of MB: 212 batches of ~190 KB).
  const bodies = Array.from({ length: total }, (_, n) => {
    const body = makeBody(n);
    return { ...body, length: Buffer.byteLength(body.text) };
  });
  const cpu = process.cpuUsage();
  const latencies = new Float64Array(run.maxRequests);
  let issued = 0;
  let measured = 0;
  let errors = 0;
  let firstError: string | undefined;
  let measureStart = 0;
  let deadline = Infinity;

  const fail = (message: string) => {
    errors++;
    firstError ??= message.slice(0, 300);
  };

  const one = (n: number): Promise<void> =>
    new Promise((resolve) => {
      const body = bodies[n];
      const started = performance.now();
      const request = http.request(
        {
          hostname: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          agent,
          headers: { ...run.headers, 'content-length': body.length },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const ms = performance.now() - started;
            if (n >= run.warmupRequests && measured < latencies.length) latencies[measured++] = ms;
            const status = response.statusCode ?? 0;
            if (status !== 200 && status !== 201) fail(`HTTP ${status}: ${Buffer.concat(chunks).toString('utf8')}`);
            else if (body.records > 1) {
              // A batch answers 200 with one result per item; failed items carry an error.
              const text = Buffer.concat(chunks).toString('utf8');
              if (text.includes('"error"')) fail(`batch item failed: ${text.slice(text.indexOf('"error"') - 40, text.indexOf('"error"') + 200)}`);
            }
            resolve();
          });
        },
      );
      request.on('error', (error) => {
        fail(`request failed: ${error.message}`);
        resolve();
      });
      request.end(body.text);
    });

  const lane = async () => {
    while (issued < total && performance.now() < deadline) {
      const n = issued++;
      if (n === run.warmupRequests) {
        measureStart = performance.now();
        deadline = measureStart + run.maxSeconds * 1000;
      }
      await one(n);
    }
  };
  if (run.warmupRequests === 0) {
    measureStart = performance.now();
    deadline = measureStart + run.maxSeconds * 1000;
  }
  // The warm-up is also bounded in time.
  const warmupDeadline = setTimeout(() => (deadline = Math.min(deadline, performance.now())), (run.maxSeconds + 30) * 1000);
  await Promise.all(Array.from({ length: run.connections }, lane));
  clearTimeout(warmupDeadline);
  const elapsedMs = performance.now() - measureStart;
  const used = process.cpuUsage(cpu);
  agent.destroy();
  const sorted = latencies.slice(0, measured).sort();
  const recordsPerRequest = bodies[0]?.records ?? 1;
  return {
    requests: measured,
    records: measured * recordsPerRequest,
    elapsedMs,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    errors,
    firstError,
    cpuPerRequestUs: (used.user + used.system) / Math.max(1, issued),
  };
}

void serveChild<Record<string, never>>(async () => ({
  info: { pid: process.pid },
  handlers: { run: (run: LoadRun) => runLoad(run) },
  onClose: async () => undefined,
}));
