import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { REGISTER, REPO_ROOT } from '../lib/child';
import { BENCH_CLIENT_ID, BENCH_CLUB_IDS, tempDir } from '../lib/fixtures';
import type { BenchPart, PartContext, PartResult } from '../lib/part';
import { perSecond, type BenchRow } from '../lib/report';

const CLI_MAIN = path.join(REPO_ROOT, 'packages/cli/src/main.ts');
const IMPORT_COMMAND = path.join(REPO_ROOT, 'packages/cli/src/commands/import.command.ts');

/** Writes `lines` NDJSON users (flat 2011-11 names), each with a recordID of its own. */
async function writeNdjson(file: string, lines: number): Promise<number> {
  const out = fs.createWriteStream(file);
  const chunk = 5_000;
  for (let start = 0; start < lines; start += chunk) {
    let text = '';
    for (let i = start; i < Math.min(lines, start + chunk); i++) {
      text +=
        JSON.stringify({
          clubID: BENCH_CLUB_IDS[i % BENCH_CLUB_IDS.length],
          recordID: `imp-${i}`,
          firstname: 'Bench',
          lastname: `Person${i}`,
          userType: i % 5 === 0 ? 'MEMBER' : 'PROSPECT',
          userStatus: 'ACTIVE',
          birthdate: '1972-03-12',
          gender: i % 2 ? 'M' : 'F',
          address1: `${i} Fake St`,
          city: 'Spuzzum',
          zipcode: '12345',
          state: 'WA',
          country: 'US',
          mobile: `555-${String(i % 10_000).padStart(4, '0')}`,
          email: `bench.person${i}@example.com`,
          leadSource: 'Walk-in',
        }) + '\n';
    }
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return fs.statSync(file).size;
}

interface ImportRun {
  code: number | null;
  seconds: number;
  /** Peak resident set size (VmHWM), MiB. */
  peakMiB: number;
  /** RSS samples (MiB) at quarters of the run, to show whether memory grows with the file. */
  quarters: number[];
  output: string;
}

function readStatusMiB(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const match = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `connector import` in a child process (as a user would: `node -r register main.ts import …`)
 * and samples its memory from /proc every 100 ms: the peak (VmHWM) and the RSS over time.
 */
async function runImport(file: string, config: string, timeoutMs: number): Promise<ImportRun> {
  const started = performance.now();
  const child = spawn(process.execPath, ['-r', REGISTER, CLI_MAIN, 'import', file, '--client', BENCH_CLIENT_ID, '--config', config, '--batch-size', '500'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CONNECTOR_CONFIG: config },
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const samples: Array<{ at: number; rss: number }> = [];
  let peak = 0;
  const sampler = setInterval(() => {
    const rss = readStatusMiB(child.pid ?? 0, 'VmRSS');
    const hwm = readStatusMiB(child.pid ?? 0, 'VmHWM');
    if (rss !== undefined) samples.push({ at: performance.now() - started, rss });
    if (hwm !== undefined) peak = Math.max(peak, hwm);
  }, 100);
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(killer);
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  const at = (fraction: number) => {
    const wanted = seconds * 1000 * fraction;
    const sample = samples.reduce<{ at: number; rss: number } | undefined>(
      (best, s) => (!best || Math.abs(s.at - wanted) < Math.abs(best.at - wanted) ? s : best),
      undefined,
    );
    return sample?.rss ?? NaN;
  };
  return { code, seconds, peakMiB: Math.max(peak, ...samples.map((s) => s.rss)), quarters: [0.25, 0.5, 0.75, 0.98].map(at), output };
}

/**
 * Part 5: `connector import` of a generated NDJSON file (1,000,000 lines; 100,000 with --quick) must
 * stream: its peak RSS is held to 250 MB and compared with the same import of a 1,000-line file.
 */
export const importPart: BenchPart = {
  name: 'import',
  description: '`connector import` of a 1,000,000-line NDJSON file (100k with --quick): peak RSS',
  async run(context: PartContext): Promise<PartResult> {
    if (!fs.existsSync(CLI_MAIN) || !fs.existsSync(IMPORT_COMMAND)) {
      return {
        rows: [],
        skipped: [{ part: 'import', why: 'packages/cli has not landed `connector import` (no src/main.ts or src/commands/import.command.ts)' }],
      };
    }
    const lines = context.quick ? 100_000 : 1_000_000;
    const tmp = tempDir('import');
    try {
      const config = path.join(tmp.dir, 'connector.config.json');
      // One Acme turn-up, so every record also queues a delivery, as in a real import. Nothing is
      // delivered (no --deliver, no server): the connection is never used.
      fs.writeFileSync(
        config,
        JSON.stringify(
          {
            store: { type: 'sqlite', dataDir: path.join(tmp.dir, 'data'), synchronous: context.sync },
            // The provider the records are sent as (an import sends only as a configured provider).
            providers: [{ id: 'CRM', apiKey: 'bench-crm-key-0123456789', clients: [BENCH_CLIENT_ID] }],
            clients: [
              {
                id: BENCH_CLIENT_ID,
                name: 'Bench Fitness',
                clubs: BENCH_CLUB_IDS.map((id) => ({ id, timeZone: 'America/Vancouver' })),
                platforms: [
                  {
                    plugin: '@connector/plugin-acme',
                    connection: { scheme: 'http', host: '127.0.0.1', port: 9 },
                    clubs: Object.fromEntries(BENCH_CLUB_IDS.map((id, i) => [id, `acme-club-${i + 1}`])),
                    options: { apiKey: 'bench-acme-key' },
                  },
                ],
              },
            ],
            log: { level: 'warn' },
          },
          null,
          2,
        ),
      );
      context.progress(`import: generating ${lines.toLocaleString('en-US')} NDJSON lines; meanwhile the baseline: \`connector import\` of 1,000 lines`);
      const small = path.join(tmp.dir, 'small.ndjson');
      const big = path.join(tmp.dir, 'big.ndjson');
      await writeNdjson(small, 1_000);
      // Memory is what is measured, so the baseline may run while the big file is written.
      const baseline = runImport(small, config, 120_000);
      const bytes = await writeNdjson(big, lines);
      const base = await baseline;
      if (base.code !== 0) throw new Error(`connector import of 1,000 lines exited ${base.code}: ${base.output}`);
      context.progress(`import: \`connector import\` of ${lines.toLocaleString('en-US')} lines (${(bytes / 2 ** 20).toFixed(0)} MiB)`);
      const run = await runImport(big, config, context.quick ? 300_000 : 900_000);
      if (run.code !== 0) throw new Error(`connector import of ${lines} lines exited ${run.code}: ${run.output}`);
      const recordsPerSecond = lines / run.seconds;
      const rows: BenchRow[] = [
        {
          part: 'import',
          figure: `peak RSS, import of ${lines.toLocaleString('en-US')} lines`,
          measured: `${((run.peakMiB * 2 ** 20) / 1e6).toFixed(0)} MB`,
          baseline: `1,000 lines: ${((base.peakMiB * 2 ** 20) / 1e6).toFixed(0)} MB`,
          ratio: run.peakMiB / base.peakMiB,
          target: '<= 250 MB',
          ok: run.peakMiB * 2 ** 20 <= 250e6,
          note: `RSS at 25/50/75/100% of the run: ${run.quarters.map((q) => q.toFixed(0)).join(' / ')} MiB; file ${(bytes / 2 ** 20).toFixed(0)} MiB; store synchronous=${context.sync}, one platform turned up (a delivery queued per record)`,
        },
        {
          part: 'import',
          figure: `  import throughput`,
          measured: `${perSecond(recordsPerSecond)} records`,
          note: `${run.seconds.toFixed(1)} s in all, process start-up (ts-node) included; the 1,000-line import took ${base.seconds.toFixed(1)} s while the big file was written`,
        },
      ];
      return { rows };
    } finally {
      tmp.remove();
    }
  },
};
