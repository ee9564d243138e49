// `npm run bench [-- --quick] [-- --only delivery,hub,soap,import,postgres,scaleout] [-- --store postgres] [-- --sync NORMAL] [-- --save]`
// Measures the Connector's throughput figures and prints them beside a baseline measured in the same
// run (the machine is shared, so absolute numbers are noisy; ratios much less so). A missed target is
// reported, not fatal: the exit code is non-zero only when a part crashes.
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchPart, PartContext } from './lib/part';
import { formatMarkdown, formatTable, type BenchRow, type SkippedPart } from './lib/report';
import { deliveryPart } from './parts/delivery';
import { hubPart } from './parts/hub';
import { importPart } from './parts/import';
import { postgresPart } from './parts/postgres';
import { scaleOutPart } from './parts/scale-out';
import { soapPart } from './parts/soap';

const PARTS: BenchPart[] = [deliveryPart, hubPart, soapPart, importPart, postgresPart, scaleOutPart];
/** The parts that need a Postgres server: they run only with --store postgres. */
const POSTGRES_PARTS = ['postgres', 'scaleout'];
/** The Postgres server when `--store postgres` names none: DATABASE_URL, else the one CI starts. */
const DEFAULT_POSTGRES_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:55432/postgres';

interface RunOptions {
  only: string[];
  quick: boolean;
  sync: 'FULL' | 'NORMAL';
  save: boolean;
  profileDir?: string;
  postgresUrl?: string;
}

const USAGE = `usage: npm run bench -- [--quick] [--only ${PARTS.map((p) => p.name).join(',')}] [--sync FULL|NORMAL] [--save]
  --quick   smaller counts (the whole run in under a minute)
  --only    run only these parts (comma-separated)
  --store postgres[=URL]  also run the postgres and scaleout parts on that server (default DATABASE_URL, else 127.0.0.1:55432)
  --sync    the SQLite store's synchronous mode (default FULL, the hub's default)
  --save    also write the output to tools/bench/RESULTS.md
  --profile DIR  write V8 CPU profiles of the measured windows (hub process) to DIR
parts:
${PARTS.map((p) => `  ${p.name.padEnd(9)} ${p.description}`).join('\n')}`;

function parseArgs(argv: string[]): RunOptions {
  const options: RunOptions = { only: PARTS.map((p) => p.name).filter((n) => !POSTGRES_PARTS.includes(n)), quick: false, sync: 'FULL', save: false };
  let onlyGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--quick':
        options.quick = true;
        break;
      case '--save':
        options.save = true;
        break;
      case '--only': {
        const names = (value() ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const unknown = names.filter((n) => !PARTS.some((p) => p.name === n));
        if (names.length === 0 || unknown.length) throw new Error(`--only: unknown part(s) ${unknown.join(', ') || '(none given)'}\n${USAGE}`);
        options.only = names;
        onlyGiven = true;
        break;
      }
      case '--store': {
        // `--store postgres` or `--store postgres=URL` (a URL may hold '=': split once by hand).
        const raw = inline !== undefined ? `${inline}${argv[i].slice(flag.length + 1 + inline.length)}` : (argv[++i] ?? '');
        const [type, ...rest] = raw.split('=');
        if (type !== 'postgres') throw new Error(`--store must be postgres (SQLite is always measured)\n${USAGE}`);
        options.postgresUrl = rest.length ? rest.join('=') : DEFAULT_POSTGRES_URL;
        break;
      }
      case '--sync': {
        const mode = (value() ?? '').toUpperCase();
        if (mode !== 'FULL' && mode !== 'NORMAL') throw new Error(`--sync must be FULL or NORMAL\n${USAGE}`);
        options.sync = mode;
        break;
      }
      case '--profile':
        options.profileDir = path.resolve(value() ?? 'bench-profiles');
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
    }
  }
  if (options.postgresUrl && !onlyGiven) options.only.push(...POSTGRES_PARTS);
  return options;
}

function machine(): string {
  const cpus = os.cpus();
  // The hub runs in this process: its node flags (the young generation's size, say) are part of what is measured.
  const flags = process.execArgv.filter((arg, i, all) => arg !== '-r' && all[i - 1] !== '-r' && !arg.startsWith('--require'));
  return `${cpus.length} x ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}${flags.length ? ` ${flags.join(' ')}` : ''}, load average at start ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const header = `Connector bench, ${new Date(started).toISOString()}${options.quick ? ' (--quick)' : ''}; store synchronous=${options.sync}\nmachine: ${machine()} (shared with other test runs: figures are noisy, ratios less so)`;
  console.log(header);
  const context: PartContext = {
    quick: options.quick,
    sync: options.sync,
    profileDir: options.profileDir,
    postgresUrl: options.postgresUrl,
    progress: (message) => process.stderr.write(`  .. ${message}\n`),
  };
  const rows: BenchRow[] = [];
  const skipped: SkippedPart[] = [];
  const crashed: string[] = [];
  for (const part of PARTS.filter((p) => options.only.includes(p.name))) {
    const partStarted = Date.now();
    try {
      const result = await part.run(context);
      rows.push(...result.rows);
      skipped.push(...(result.skipped ?? []));
    } catch (error) {
      crashed.push(part.name);
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`bench part ${part.name} crashed: ${message}\n`);
      skipped.push({ part: part.name, why: `CRASHED: ${error instanceof Error ? error.message : String(error)}` });
    }
    context.progress(`${part.name} took ${((Date.now() - partStarted) / 1000).toFixed(1)} s`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const missed = rows.filter((r) => r.ok === false).length;
  const footer = `${rows.length} figures, ${missed} missed their target, ${skipped.length} skipped; ${seconds} s in all`;
  console.log(`\n${formatTable(rows, skipped)}\n\n${footer}`);
  if (options.save) {
    const file = path.join(__dirname, 'RESULTS.md');
    const markdown = [
      '# Connector bench: last saved run',
      '',
      `Command: \`npm run bench --${options.quick ? ' --quick' : ''}${options.only.length < PARTS.length - POSTGRES_PARTS.length ? ` --only ${options.only.join(',')}` : ''}${options.postgresUrl ? ' --store postgres' : ''}${options.sync !== 'FULL' ? ` --sync ${options.sync}` : ''} --save\``,
      '',
      '```',
      header,
      '```',
      '',
      "The machine was shared with other engineers' test runs while this ran (see the load average above): absolute figures are noisy, the ratios against the same-run baselines much less. See README.md for what each figure means and where the time goes.",
      '',
      formatMarkdown(rows, skipped),
      '',
      footer,
      '',
    ].join('\n');
    fs.writeFileSync(file, markdown);
    console.log(`written to ${path.relative(process.cwd(), file)}`);
  }
  return crashed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
