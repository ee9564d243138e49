import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Why the Postgres suites cannot run here, or undefined when they can (checked once per file). */
function unavailableReason(url: string | undefined): string | undefined {
  if (!url) return 'DATABASE_URL is not set';
  // jest registers suites synchronously: ask a child process whether the server answers.
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      "const c=new (require('pg').Client)({connectionString:process.env.U,connectionTimeoutMillis:3000});c.connect().then(()=>c.end()).catch(e=>{console.error(e.code||e.message);process.exit(1)})",
    ],
    { env: { ...process.env, U: url }, encoding: 'utf8', timeout: 10_000, cwd: __dirname },
  );
  if (probe.status === 0) return undefined;
  return `Postgres at DATABASE_URL does not answer (${(probe.stderr || 'timed out').trim().split('\n').pop()})`;
}

/** The test database's URL. */
export const DATABASE_URL = process.env.DATABASE_URL ?? '';

const reason = unavailableReason(process.env.DATABASE_URL);
if (reason && process.env.CI === 'true') {
  // In CI a skipped store suite would pass green without testing anything.
  throw new Error(`${reason}: the Postgres suites cannot be skipped in CI (CI=true). Start Postgres and export DATABASE_URL (see .ci/run).`);
}
if (reason) console.warn(`SKIPPED: the Postgres store suites (${reason}). Set DATABASE_URL=postgres://... to run them.`);

/** `describe`, or `describe.skip` when no Postgres answers (never in CI: see above). */
export const describeWithPostgres: jest.Describe = reason ? describe.skip : describe;
/** True when the suites run. */
export const postgresAvailable = !reason;

/** A fresh schema name, so each test has an empty store of its own in the one database. */
export function freshSchema(prefix = 't'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** Drops a test's schema with everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
