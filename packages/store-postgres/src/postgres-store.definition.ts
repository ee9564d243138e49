import { defineStore } from '@connector/core';
import { z } from 'zod';
import { PostgresStore } from './postgres-store';

const milliseconds = (what: string) =>
  z
    .number({ error: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(0, 'must not be negative')
    .optional()
    .describe(what);

/** The pool settings as configuration writes them (`store.pool`). */
export const postgresPoolOptionsSchema = z.strictObject({
  max: z
    .number({ error: 'must be a number of connections' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .optional()
    .describe('Most connections this hub opens (default 10); every hub opens its own, plus one to listen for work.'),
  idleTimeoutMs: milliseconds('How long an idle connection stays open (default 30000).'),
  connectionTimeoutMs: milliseconds('How long to wait for a connection before failing (default 10000).'),
  statementTimeoutMs: milliseconds("The server's limit of one statement (default none)."),
});

/**
 * The options of the Postgres store as configuration writes them (`store: { type: postgres, url, ... }`,
 * or under `store.options` with `package: '@connector/store-postgres'`). The URL holds the password: no
 * message ever shows its value.
 */
export const postgresStoreOptionsSchema = z.strictObject({
  url: z
    .string({ error: 'must be a postgres:// URL' })
    .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'must be a postgres:// URL')
    .describe('postgres://user:password@host:5432/database; write it as ${env:DATABASE_URL}: it holds a secret.'),
  schema: z
    .string({ error: 'must be a schema name' })
    .regex(/^[a-z_][a-z0-9_]{0,40}$/, 'must be a lower-case schema name (letters, digits, _)')
    .optional()
    .describe('The schema holding the tables (default public), created if missing. Hubs that share work name the same one.'),
  pool: postgresPoolOptionsSchema.optional().describe('The connection pool of each hub.'),
});

/**
 * The Postgres store, as the hub opens it by configuration (`type: postgres`, or
 * `package: '@connector/store-postgres'`): this package's default export. Several hubs share it; the
 * hub's role is ignored (there is no one-hub lock to take).
 */
export const postgresStore = defineStore({
  type: 'postgres',
  displayName: 'Postgres',
  options: postgresStoreOptionsSchema,
  open: (options, context) =>
    PostgresStore.connect({ ...options, ...(context.clock ? { clock: context.clock } : {}), ...(context.logger ? { logger: context.logger } : {}) }),
});
