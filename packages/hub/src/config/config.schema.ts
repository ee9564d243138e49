import { clientSchema } from '@connector/core';
import { z } from 'zod';

const sha256Hex = z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be a SHA-256 digest: 64 hexadecimal digits');

/** `'*'` (every client) or the list of client IDs a provider or operator may use. */
export const clientScopeSchema = z.union([z.literal('*'), z.array(z.string().min(1, 'must not be empty')).min(1, 'must name at least one client, or be "*"')], {
  error: 'must be "*" or a list of client IDs',
});

/** The SQLite options that may be written beside `type: sqlite` (the form configurations had first). */
const SQLITE_FIELDS = ['dataDir', 'synchronous', 'checkpoint'] as const;
/** The Postgres options that may be written beside `type: postgres` (the store's schema checks them at start). */
const POSTGRES_FIELDS = ['url', 'schema', 'pool'] as const;

/**
 * Where the hub keeps its records, links, queue and Connector Log: the embedded SQLite store
 * (`type: sqlite`, the default, with its options beside the type) or a store package named by
 * `package` with its own `options`, which the store's schema checks when the hub starts.
 */
export const storeConfigSchema = z
  .strictObject({
    type: z
      .enum(['sqlite', 'postgres'], { error: 'must be "sqlite" (the embedded store) or "postgres"; name any other store by its package' })
      .optional()
      .describe(
        '`sqlite` (the default): the embedded store, i.e. the package @connector/store-sqlite. `postgres`: several hubs on one Postgres (@connector/store-postgres), with url, schema and pool beside the type.',
      ),
    package: z
      .string({ error: 'must be a package name or a path' })
      .min(1, 'must not be empty')
      .optional()
      .describe('A store package (its default export made with defineStore), by name or by a path relative to the config file; instead of type.'),
    options: z
      .record(z.string(), z.unknown(), { error: "must be an object of the store's options" })
      .optional()
      .describe('The options of the store named by package, checked by that store when the hub starts.'),
    dataDir: z
      .string()
      .min(1, 'must not be empty')
      .optional()
      .describe('The data folder (default `./data`, relative to the config file; env CONNECTOR_DATA_DIR wins).'),
    synchronous: z
      .enum(['FULL', 'NORMAL'], { error: 'must be FULL or NORMAL' })
      .optional()
      .describe('FULL (default): every commit is fsynced before a save is answered. NORMAL: faster, a power loss may lose the last commits.'),
    checkpoint: z
      .enum(['background', 'inline'], { error: 'must be background or inline' })
      .optional()
      .describe(
        'Where the WAL is copied into the database file: background (default for `connector serve`: a thread, once the hub writes a lot; about 50 MB more memory) or inline (in the commits, as SQLite does by default; what the CLI commands use).',
      ),
    url: z
      .string({ error: 'must be a postgres:// URL' })
      .optional()
      .describe('type: postgres: postgres://user:password@host:5432/database. Write it as ${env:DATABASE_URL}: the password is a secret (never shown).'),
    schema: z.string({ error: 'must be a schema name' }).optional().describe('type: postgres: the schema holding the tables (default public).'),
    pool: z
      .record(z.string(), z.unknown(), { error: 'must be an object: max, idleTimeoutMs, connectionTimeoutMs, statementTimeoutMs' })
      .optional()
      .describe("type: postgres: each hub's connection pool: max (default 10), idleTimeoutMs, connectionTimeoutMs, statementTimeoutMs."),
  })
  .superRefine((store, ctx) => {
    // One way to say each thing: SQLite's options beside `type`, any package's under `options`.
    if (store.package === undefined) {
      if (store.options !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['options'],
          message:
            store.type === 'postgres'
              ? 'goes with package; type: postgres takes url, schema and pool beside type'
              : 'goes with package; the embedded store (type: sqlite) takes dataDir, synchronous and checkpoint beside type',
        });
      // Each type's options beside it, not the other's.
      const [other, otherType]: [readonly ((typeof SQLITE_FIELDS)[number] | (typeof POSTGRES_FIELDS)[number])[], string] =
        store.type === 'postgres' ? [SQLITE_FIELDS, 'sqlite'] : [POSTGRES_FIELDS, 'postgres'];
      for (const field of other) {
        if (store[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: `goes with type: ${otherType}` });
      }
      return;
    }
    if (store.type !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['type'],
        message: `give type or package, not both (type: ${store.type} is the package @connector/store-${store.type})`,
      });
    for (const field of [...SQLITE_FIELDS, ...POSTGRES_FIELDS]) {
      if (store[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: "with package, write the store's options under options" });
    }
  });

/** The HTTP(S) server. */
export const serverConfigSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1').describe('The address to listen on (default 127.0.0.1; 0.0.0.0 for every interface).'),
  port: z
    .number({ error: 'must be a port number' })
    .int()
    .min(0)
    .max(65535)
    .default(8080)
    .describe('Default 8080; env CONNECTOR_PORT wins. 0 picks a free port.'),
  bodyLimitBytes: z
    .number()
    .int()
    .min(1024, 'must be at least 1024')
    .max(64 * 1024 * 1024, 'must be at most 64 MiB')
    .default(1024 * 1024)
    .describe('Largest request body accepted (default 1 MiB); larger ones are answered 413 PAYLOAD_TOO_LARGE.'),
  requestTimeoutMs: z
    .number()
    .int()
    .min(100, 'must be at least 100')
    .max(600_000, 'must be at most 600000')
    .default(10_000)
    .describe(
      'How long a request may take to arrive, and a connection may stay silent while one is read (default 10000); a body shorter than its Content-Length is answered 408 or closed then.',
    ),
  tls: z
    .strictObject({ cert: z.string().min(1), key: z.string().min(1) })
    .optional()
    .describe('Serve HTTPS with this certificate and key (PEM files).'),
  metrics: z
    .enum(['auth', 'public', 'off'], { error: 'must be auth, public or off' })
    .default('auth')
    .describe('`/metrics`: `auth` (default: any provider key or operator), `public` (no auth), `off` (not served).'),
  groupCommit: z
    .strictObject({
      maxBatch: z.number().int().min(1).max(10_000).default(512).describe('Most records in one transaction (default 512).'),
      windowMs: z
        .number()
        .int()
        .min(0)
        .max(1000)
        .default(0)
        .describe('How long to gather saves before committing (default 0: those that arrived in the same event-loop turn).'),
    })
    .default({ maxBatch: 512, windowMs: 0 })
    .describe('Concurrent saves are written in one transaction; each is answered once its transaction committed.'),
  idempotency: z
    .strictObject({
      ttlSeconds: z
        .number()
        .int()
        .min(1)
        .max(7 * 24 * 3600)
        .default(24 * 3600)
        .describe('How long an answer is replayed for its key (default 24 h).'),
      maxKeys: z.number().int().min(1).max(1_000_000).default(10_000).describe('Most keys kept; the least recently used are dropped first (default 10000).'),
    })
    .default({ ttlSeconds: 24 * 3600, maxKeys: 10_000 })
    .describe('JSON API Idempotency-Key answers, kept in memory (forgotten on restart).'),
  shutdownGraceMs: z
    .number()
    .int()
    .min(0)
    .max(120_000)
    .default(10_000)
    .describe('How long `close()` lets in-flight deliveries finish before leaving them to their lease.'),
  maxBatchItems: z.number().int().min(1).max(10_000).default(1000).describe('Items accepted in one JSON batch request.'),
  batchReader: z
    .strictObject({
      threads: z
        .number()
        .int()
        .min(0)
        .max(16)
        .default(1)
        .describe('Threads that read large JSON batch bodies (parse, check and hash each item) beside the event loop (default 1; 0: all on the event loop).'),
      minBytes: z
        .number()
        .int()
        .min(0)
        .default(32 * 1024)
        .describe('Smaller batch bodies are read on the event loop (default 32768).'),
    })
    .default({ threads: 1, minBytes: 32 * 1024 })
    .describe('JSON batches: reading large bodies on other threads leaves the event loop to commit; the answers are the same.'),
  authFailures: z
    .strictObject({
      max: z
        .number()
        .int()
        .min(0)
        .max(100_000)
        .default(20)
        .describe('Failed authentications (wrong API key, operator password or sign-in) from one address before it is answered 429 (default 20; 0: no limit).'),
      windowSeconds: z.number().int().min(1).max(86_400).default(900).describe('The window they are counted in (default 900: 15 minutes).'),
    })
    .default({ max: 20, windowSeconds: 900 })
    .describe('Slows down the guessing of keys and passwords.'),
  trustProxy: z
    .union([z.boolean(), z.string().min(1), z.array(z.string().min(1)).min(1)], {
      error: 'must be true, false, or the address(es) of the reverse proxies (IPs or CIDRs)',
    })
    .default(false)
    .describe(
      "Behind a reverse proxy: trust its X-Forwarded-For for the caller's address (true: any proxy; or the proxies' IPs / CIDRs). Default false: the connection's address.",
    ),
});

/** A provider (a platform that sends records) and its API key. */
export const providerConfigSchema = z
  .strictObject({
    id: z
      .string({ error: 'is required' })
      .regex(/^[A-Za-z0-9_.-]+$/, 'must be letters, digits, "_", "." or "-"')
      .describe('The provider identifier sent in providerInfo, e.g. INTOUCH (compared case-insensitively).'),
    apiKey: z
      .string()
      .min(16, 'must be at least 16 characters')
      .optional()
      .describe('The API key in clear (prefer `${env:NAME}`); only its SHA-256 is kept in memory.'),
    apiKeySha256: sha256Hex.optional().describe('The SHA-256 of the API key, hex: keeps the key itself out of the file.'),
    clients: clientScopeSchema.describe('The clients this provider may write (and read).'),
  })
  .superRefine((provider, ctx) => {
    if (!provider.apiKey === !provider.apiKeySha256) {
      ctx.addIssue({ code: 'custom', path: ['apiKey'], message: provider.apiKey ? 'give apiKey or apiKeySha256, not both' : 'is required (or apiKeySha256)' });
    }
  });

/** A person who reads the Connector Log (log API, dead letters, the web page). */
export const operatorConfigSchema = z
  .strictObject({
    name: z
      .string({ error: 'is required' })
      .regex(/^[^:\s]+$/, 'must not contain ":" or spaces')
      .describe('The user name of HTTP Basic.'),
    password: z
      .string()
      .min(8, 'must be at least 8 characters')
      .optional()
      .describe('The password in clear (prefer `${env:NAME}`); only its SHA-256 is kept in memory.'),
    passwordSha256: sha256Hex.optional().describe('The SHA-256 of the password, hex.'),
    clients: clientScopeSchema.describe('The clients whose Connector Log this operator reads.'),
  })
  .superRefine((operator, ctx) => {
    if (!operator.password === !operator.passwordSha256) {
      ctx.addIssue({
        code: 'custom',
        path: ['password'],
        message: operator.password ? 'give password or passwordSha256, not both' : 'is required (or passwordSha256)',
      });
    }
  });

/** Delivery retry tuning. */
export const engineConfigSchema = z.strictObject({
  retryHorizonHours: z
    .number()
    .positive()
    .max(24 * 30)
    .optional()
    .describe(
      'Hours a delivery failing transiently (network, timeout, 429, 5xx) is retried, counted from when its content was accepted (default 24); past them it becomes a dead letter. Permanent failures (4xx) are dead letters at once.',
    ),
  maxAttempts: z.number().int().min(1).max(100_000).optional().describe('A cap on attempts as well as the horizon (default: none, the horizon alone decides).'),
  retryBaseMs: z.number().int().min(1).optional().describe('First delay between attempts (default 2000); doubles each attempt, with jitter.'),
  retryMaxMs: z.number().int().min(1).optional().describe('Longest delay between attempts (default 600000).'),
});

/** Platform worker tuning. */
export const workerConfigSchema = z.strictObject({
  concurrency: z
    .number()
    .int()
    .min(1)
    .max(256)
    .optional()
    .describe('Platform calls in flight at once per turned-up platform (default 4; a turn-up or plugin may set its own).'),
  prefetch: z
    .number()
    .int()
    .min(0)
    .max(1000)
    .optional()
    .describe(
      'Deliveries claimed ahead of a free slot, so one claim serves several (default: the concurrency, at least 16; 0: claim only for free slots). Given back when the hub stops.',
    ),
  pollIntervalMs: z.number().int().min(5).optional().describe('How often an idle worker looks for due deliveries (default 500); saves wake it at once.'),
  leaseMs: z.number().int().min(1000).optional().describe('How long a claimed delivery is held before another worker may take it (default 60000).'),
  breaker: z
    .strictObject({
      failureThreshold: z
        .number()
        .int()
        .min(1)
        .max(1000)
        .optional()
        .describe('Transient failures in a row that mark the platform as down: attempts pause and the platform is probed (default 5).'),
      probeBaseMs: z
        .number()
        .int()
        .min(100)
        .optional()
        .describe('First wait before probing a platform that is down (default 5000); doubles each failed probe.'),
      probeMaxMs: z.number().int().min(100).optional().describe('Longest wait between probes (default 300000).'),
    })
    .optional()
    .describe(
      "The circuit breaker per turned-up platform: when a platform stops answering, deliveries wait (their attempts unchanged) and the platform's check is called on a backoff until it answers.",
    ),
});

/** The winston log. */
export const logConfigSchema = z.strictObject({
  level: z
    .enum(['debug', 'info', 'warn', 'error', 'silent'], { error: 'must be debug, info, warn, error or silent' })
    .default('info')
    .describe('The winston log level (default info).'),
});

/**
 * The hub's configuration file (JSON or YAML). Every string may be an environment reference
 * `${env:NAME}`, replaced at load.
 */
export const hubConfigSchema = z.strictObject({
  $schema: z.string().optional().describe('Lets editors find the JSON Schema; ignored by the hub.'),
  store: storeConfigSchema
    .default({ type: 'sqlite' })
    .describe('Where the hub keeps records, links, the delivery queue and the Connector Log (default: SQLite in ./data).'),
  server: serverConfigSchema.default(serverConfigSchema.parse({})).describe('The HTTP(S) server.'),
  providers: z.array(providerConfigSchema).default([]).describe('The platforms that send records, with their API keys and the clients they may write.'),
  operators: z.array(operatorConfigSchema).default([]).describe('People who read the Connector Log (HTTP Basic).'),
  clients: z.array(clientSchema).default([]).describe('The clients, their clubs (with time zones) and the platforms each is turned up on.'),
  engine: engineConfigSchema.optional().describe('Delivery retry tuning.'),
  worker: workerConfigSchema.optional().describe('Platform worker tuning.'),
  log: logConfigSchema.default({ level: 'info' }).describe('The winston log.'),
});

/** The configuration file as written. */
export type HubConfigInput = z.input<typeof hubConfigSchema>;
/** The configuration file as validated, before secrets are hashed. */
export type HubConfigParsed = z.output<typeof hubConfigSchema>;
