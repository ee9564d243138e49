import { clientSchema } from '@connector/core';
import { z } from 'zod';

const sha256Hex = z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be a SHA-256 digest: 64 hexadecimal digits');

/** `'*'` (every client) or the list of client IDs a provider or operator may use. */
export const clientScopeSchema = z.union([z.literal('*'), z.array(z.string().min(1, 'must not be empty')).min(1, 'must name at least one client, or be "*"')], {
  error: 'must be "*" or a list of client IDs',
});

/** Where the hub keeps its records, links, queue and Connector Log. */
export const storeConfigSchema = z.strictObject({
  type: z.literal('sqlite', { error: 'must be "sqlite" (the embedded store)' }).default('sqlite'),
  /** The data folder (default `./data`, relative to the config file; env CONNECTOR_DATA_DIR wins). */
  dataDir: z.string().min(1, 'must not be empty').optional(),
  /** FULL (default): every commit is fsynced before a save is answered. NORMAL: faster, a power loss may lose the last commits. */
  synchronous: z.enum(['FULL', 'NORMAL'], { error: 'must be FULL or NORMAL' }).optional(),
});

/** The HTTP(S) server. */
export const serverConfigSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  /** Default 8080; env CONNECTOR_PORT wins. 0 picks a free port. */
  port: z.number({ error: 'must be a port number' }).int().min(0).max(65535).default(8080),
  /** Largest request body accepted (default 1 MiB); larger ones are answered 413 PAYLOAD_TOO_LARGE. */
  bodyLimitBytes: z.number().int().min(1024, 'must be at least 1024').max(64 * 1024 * 1024, 'must be at most 64 MiB').default(1024 * 1024),
  /** Serve HTTPS with this certificate and key (PEM files). */
  tls: z.strictObject({ cert: z.string().min(1), key: z.string().min(1) }).optional(),
  /** `/metrics`: `auth` (default: any provider key or operator), `public` (no auth), `off` (not served). */
  metrics: z.enum(['auth', 'public', 'off'], { error: 'must be auth, public or off' }).default('auth'),
  /** Concurrent saves are written in one transaction: at most `maxBatch` records, gathered for `windowMs` (0: the same event-loop turn). */
  groupCommit: z
    .strictObject({
      maxBatch: z.number().int().min(1).max(10_000).default(512),
      windowMs: z.number().int().min(0).max(1000).default(0),
    })
    .default({ maxBatch: 512, windowMs: 0 }),
  /** `Idempotency-Key` answers are kept in memory for `ttlSeconds`, at most `maxKeys` of them (oldest dropped first). */
  idempotency: z
    .strictObject({
      ttlSeconds: z.number().int().min(1).max(7 * 24 * 3600).default(24 * 3600),
      maxKeys: z.number().int().min(1).max(1_000_000).default(10_000),
    })
    .default({ ttlSeconds: 24 * 3600, maxKeys: 10_000 }),
  /** How long `close()` lets in-flight deliveries finish before leaving them to their lease. */
  shutdownGraceMs: z.number().int().min(0).max(120_000).default(10_000),
  /** Items accepted in one JSON batch request. */
  maxBatchItems: z.number().int().min(1).max(10_000).default(1000),
});

/** A provider (a platform that sends records) and its API key. */
export const providerConfigSchema = z
  .strictObject({
    /** The provider identifier sent in providerInfo, e.g. INTOUCH (compared case-insensitively). */
    id: z.string({ error: 'is required' }).regex(/^[A-Za-z0-9_.-]+$/, 'must be letters, digits, "_", "." or "-"'),
    /** The API key in clear (prefer `${env:NAME}`); only its SHA-256 is kept in memory. */
    apiKey: z.string().min(16, 'must be at least 16 characters').optional(),
    /** The SHA-256 of the API key, hex: keeps the key itself out of the file. */
    apiKeySha256: sha256Hex.optional(),
    /** The clients this provider may write (and read). */
    clients: clientScopeSchema,
  })
  .superRefine((provider, ctx) => {
    if (!provider.apiKey === !provider.apiKeySha256) {
      ctx.addIssue({ code: 'custom', path: ['apiKey'], message: provider.apiKey ? 'give apiKey or apiKeySha256, not both' : 'is required (or apiKeySha256)' });
    }
  });

/** A person who reads the Connector Log (log API, dead letters, the web page). */
export const operatorConfigSchema = z
  .strictObject({
    name: z.string({ error: 'is required' }).regex(/^[^:\s]+$/, 'must not contain ":" or spaces'),
    password: z.string().min(8, 'must be at least 8 characters').optional(),
    passwordSha256: sha256Hex.optional(),
    clients: clientScopeSchema,
  })
  .superRefine((operator, ctx) => {
    if (!operator.password === !operator.passwordSha256) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: operator.password ? 'give password or passwordSha256, not both' : 'is required (or passwordSha256)' });
    }
  });

/** Delivery retry tuning. */
export const engineConfigSchema = z.strictObject({
  maxAttempts: z.number().int().min(1).max(100).optional(),
  retryBaseMs: z.number().int().min(1).optional(),
  retryMaxMs: z.number().int().min(1).optional(),
});

/** Platform worker tuning. */
export const workerConfigSchema = z.strictObject({
  concurrency: z.number().int().min(1).max(256).optional(),
  pollIntervalMs: z.number().int().min(5).optional(),
  leaseMs: z.number().int().min(1000).optional(),
});

/** The winston log. */
export const logConfigSchema = z.strictObject({
  level: z.enum(['debug', 'info', 'warn', 'error', 'silent'], { error: 'must be debug, info, warn, error or silent' }).default('info'),
});

/**
 * The hub's configuration file (JSON or YAML). Every string may be an environment reference
 * `${env:NAME}`, replaced at load.
 */
export const hubConfigSchema = z.strictObject({
  /** Lets editors find the JSON Schema; ignored by the hub. */
  $schema: z.string().optional(),
  store: storeConfigSchema.default({ type: 'sqlite' }),
  server: serverConfigSchema.default(serverConfigSchema.parse({})),
  providers: z.array(providerConfigSchema).default([]),
  operators: z.array(operatorConfigSchema).default([]),
  clients: z.array(clientSchema).default([]),
  engine: engineConfigSchema.optional(),
  worker: workerConfigSchema.optional(),
  log: logConfigSchema.default({ level: 'info' }),
});

/** The configuration file as written. */
export type HubConfigInput = z.input<typeof hubConfigSchema>;
/** The configuration file as validated, before secrets are hashed. */
export type HubConfigParsed = z.output<typeof hubConfigSchema>;
