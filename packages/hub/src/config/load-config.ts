import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigurationError, type clientSchema, type DeliveryEngineOptions, type WorkerOptions } from '@connector/core';
import YAML from 'yaml';
import { z } from 'zod';
import { hubConfigSchema, type HubConfigInput, type HubConfigParsed } from './config.schema';
import { resolveEnvReferences } from './env-references';
import { resolveStoreSection, type HubStoreConfig } from './store-config';
import { formatIssues, formatPath, friendlyErrors } from './format-issues';
import { describeYamlError } from './yaml-error';

/** `'*'` or the set of client IDs a caller may use. */
export type ClientScope = '*' | ReadonlySet<string>;

/** A provider's credential as kept in memory: the SHA-256 of its API key, never the key. */
export interface ProviderCredential {
  /** Upper case, as core stores record origins. */
  id: string;
  apiKeySha256: Buffer;
  clients: ClientScope;
}

/** An operator's credential as kept in memory: the SHA-256 of the password, never the password. */
export interface OperatorCredential {
  name: string;
  passwordSha256: Buffer;
  clients: ClientScope;
}

/** The validated configuration the hub runs on: defaults filled, env applied, paths absolute, secrets hashed. */
export interface HubConfig {
  /** The embedded SQLite store (`type: sqlite`), or a store package with its options. */
  store: HubStoreConfig;
  server: Omit<HubConfigParsed['server'], 'tls'> & { tls?: { cert: string; key: string } };
  providers: ProviderCredential[];
  operators: OperatorCredential[];
  clients: Array<z.output<typeof clientSchema>>;
  engine?: DeliveryEngineOptions;
  worker?: WorkerOptions;
  log: HubConfigParsed['log'];
}

/** Where relative paths in the configuration are resolved. */
export interface ParseConfigOptions {
  /** Default: the working directory (loadConfig passes the config file's folder). */
  baseDir?: string;
  /** Names the file in error messages. */
  source?: string;
}

/** A configuration that cannot work: `problems` has one `field.path: reason` line per problem. */
export class HubConfigError extends ConfigurationError {
  readonly problems: string[];
  constructor(problems: string[], source?: string) {
    super(`configuration${source ? ` ${source}` : ''} is not valid: ${problems.join('; ')}`, { field: problems[0]?.split(':')[0] });
    this.problems = problems;
  }
}

const PARSED = Symbol.for('connector.hub.config');

/** True for the output of {@link parseConfig} / {@link loadConfig}. */
export function isParsedConfig(value: unknown): value is HubConfig {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PARSED] === true;
}

/** The SHA-256 of a secret, as kept in memory and as written in `apiKeySha256` / `passwordSha256`. */
export function sha256(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

function scope(clients: '*' | string[]): ClientScope {
  return clients === '*' ? '*' : new Set(clients);
}

/**
 * Validates a configuration object (as read from JSON or YAML): replaces `${env:NAME}` references,
 * applies the defaults and the environment overrides (CONNECTOR_DATA_DIR, CONNECTOR_PORT), checks every
 * field and the cross references, and hashes the API keys and passwords (the clear values are dropped).
 * A store package's own options are checked when it is loaded (`openConfiguredStore`, `checkConfiguredStore`).
 *
 * @throws HubConfigError naming each wrong field and why, e.g. `providers[0].apiKey: is required (or apiKeySha256)`.
 */
export function parseConfig(input: unknown, env: NodeJS.ProcessEnv = process.env, options: ParseConfigOptions = {}): HubConfig {
  if (isParsedConfig(input)) return input;
  let resolved: unknown;
  try {
    resolved = resolveEnvReferences(input ?? {}, env);
  } catch (error) {
    if (error instanceof ConfigurationError) throw new HubConfigError([error.message.replace(/^configuration is not valid: /, '')], options.source);
    throw error;
  }
  const result = hubConfigSchema.safeParse(resolved, { error: friendlyErrors });
  if (!result.success) throw new HubConfigError(formatIssues(result.error.issues, [], hubConfigSchema), options.source);
  const parsed = result.data;
  const problems = crossCheck(parsed);

  let port = parsed.server.port;
  if (env.CONNECTOR_PORT !== undefined && env.CONNECTOR_PORT !== '') {
    const fromEnv = Number(env.CONNECTOR_PORT);
    if (!Number.isInteger(fromEnv) || fromEnv < 0 || fromEnv > 65535)
      problems.push(`CONNECTOR_PORT: must be a port number (0-65535), not ${JSON.stringify(env.CONNECTOR_PORT)}`);
    else port = fromEnv;
  }
  if (problems.length) throw new HubConfigError(problems, options.source);

  const baseDir = options.baseDir ?? process.cwd();
  const config: HubConfig = {
    store: resolveStoreSection(parsed.store, baseDir, env),
    server: {
      ...parsed.server,
      port,
      tls: parsed.server.tls && { cert: path.resolve(baseDir, parsed.server.tls.cert), key: path.resolve(baseDir, parsed.server.tls.key) },
    },
    providers: parsed.providers.map((p) => ({
      id: p.id.toUpperCase(),
      apiKeySha256: p.apiKey !== undefined ? sha256(p.apiKey) : Buffer.from(p.apiKeySha256!, 'hex'),
      clients: scope(p.clients),
    })),
    operators: parsed.operators.map((o) => ({
      name: o.name,
      passwordSha256: o.password !== undefined ? sha256(o.password) : Buffer.from(o.passwordSha256!, 'hex'),
      clients: scope(o.clients),
    })),
    clients: parsed.clients,
    engine: parsed.engine,
    worker: parsed.worker,
    log: parsed.log,
  };
  Object.defineProperty(config, PARSED, { value: true, enumerable: false });
  return config;
}

function crossCheck(parsed: HubConfigParsed): string[] {
  const problems: string[] = [];
  const clientIds = new Set<string>();
  parsed.clients.forEach((client, i) => {
    if (clientIds.has(client.id)) problems.push(`${formatPath(['clients', i, 'id'])}: client ${client.id} is configured twice`);
    clientIds.add(client.id);
    const clubIds = new Set<string>();
    client.clubs.forEach((club, j) => {
      if (clubIds.has(club.id)) problems.push(`${formatPath(['clients', i, 'clubs', j, 'id'])}: club ${club.id} is listed twice`);
      clubIds.add(club.id);
      if (!isTimeZone(club.timeZone))
        problems.push(
          `${formatPath(['clients', i, 'clubs', j, 'timeZone'])}: ${JSON.stringify(club.timeZone)} is not an IANA time zone (e.g. America/Vancouver)`,
        );
    });
  });
  const checkScope = (section: 'providers' | 'operators', index: number, clients: '*' | string[]) => {
    if (clients === '*') return;
    clients.forEach((id, j) => {
      if (!clientIds.has(id)) problems.push(`${formatPath([section, index, 'clients', j])}: client ${id} is not configured in clients`);
    });
  };
  const keys = new Map<string, number>();
  parsed.providers.forEach((provider, i) => {
    checkScope('providers', i, provider.clients);
    const digest = provider.apiKey !== undefined ? sha256(provider.apiKey).toString('hex') : provider.apiKeySha256!.toLowerCase();
    const first = keys.get(digest);
    if (first !== undefined) problems.push(`${formatPath(['providers', i, 'apiKey'])}: the same API key as providers[${first}]; every key must be distinct`);
    else keys.set(digest, i);
  });
  const names = new Set<string>();
  parsed.operators.forEach((operator, i) => {
    checkScope('operators', i, operator.clients);
    if (names.has(operator.name)) problems.push(`${formatPath(['operators', i, 'name'])}: operator ${operator.name} is configured twice`);
    names.add(operator.name);
  });
  return problems;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads and validates a configuration file: `.yaml` / `.yml` as YAML, anything else as JSON. Relative
 * paths in it (data folder, TLS files) are resolved against the file's folder.
 *
 * @throws HubConfigError when the file cannot be read or parsed, or a field is wrong (the field and the reason are named).
 */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): HubConfig {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new HubConfigError([`cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`], absolute);
  }
  let data: unknown;
  try {
    data = /\.ya?ml$/i.test(absolute) ? YAML.parse(text) : JSON.parse(text);
  } catch (error) {
    const yaml = /\.ya?ml$/i.test(absolute);
    throw new HubConfigError(
      [`not valid ${yaml ? 'YAML' : 'JSON'}: ${yaml ? describeYamlError(error, text) : (error as Error).message.split('\n')[0]}`],
      absolute,
    );
  }
  return parseConfig(data, env, { baseDir: path.dirname(absolute), source: absolute });
}

/**
 * The JSON Schema (draft-07, which editors support best) of the configuration file, generated from the
 * zod schema. Plugin options are free-form here: each plugin checks its own at start.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(hubConfigSchema, { target: 'draft-07', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://connector.local/schemas/connector.config.schema.json',
    title: 'Connector hub configuration',
    description: 'The configuration file of the Connector hub (JSON or YAML). Any string may be an environment reference ${env:NAME}.',
  };
}

export type { HubConfigInput };
