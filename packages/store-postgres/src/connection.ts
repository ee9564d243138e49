import pg from 'pg';

/** The pool settings configuration may give (`store.pool`). */
export interface PostgresPoolOptions {
  /** Most connections this hub opens (default 10). Several hubs share the server's max_connections. */
  max?: number;
  /** How long a connection may wait idle in the pool before it is closed (default 30000). */
  idleTimeoutMs?: number;
  /** How long to wait for a new connection before failing (default 10000). */
  connectionTimeoutMs?: number;
  /** Server-side limit of one statement (default none). */
  statementTimeoutMs?: number;
}

/** Postgres's type id of `bigint` (int8). */
const INT8_OID = 20;

/**
 * Epoch milliseconds, attempts and log ids are `bigint` columns; node-postgres answers them as strings
 * (an int8 may exceed 2^53). Every value this store keeps there is far below 2^53, so they are numbers.
 */
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * The connection URL as operators may see it: user, host, port and database, never the password.
 * `postgres://connector:s3cret@db:5432/hub?sslmode=require` → `postgres://connector@db:5432/hub`.
 */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : '';
    return `${parsed.protocol}//${user}${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return 'a postgres:// URL that cannot be parsed';
  }
}

/** The schema name quoted for SQL; only plain identifiers pass the options' schema. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A pool whose connections work in `schema` (its `search_path`), answer bigints as numbers, and name
 * the hub in `pg_stat_activity`.
 */
export function createPool(url: string, schema: string, options: PostgresPoolOptions = {}): pg.Pool {
  const settings = [`-c search_path=${schema}`];
  if (options.statementTimeoutMs !== undefined) settings.push(`-c statement_timeout=${Math.floor(options.statementTimeoutMs)}`);
  return new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    idleTimeoutMillis: options.idleTimeoutMs ?? 30_000,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    application_name: 'connector-hub',
    options: settings.join(' '),
    types: typeParsers,
  });
}

/** A single connection (not pooled) with the same settings, for LISTEN. */
export function createClient(url: string, schema: string, options: PostgresPoolOptions = {}): pg.Client {
  return new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    application_name: 'connector-hub-listen',
    options: `-c search_path=${schema}`,
    types: typeParsers,
  });
}
