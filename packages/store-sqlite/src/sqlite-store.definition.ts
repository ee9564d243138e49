import { defineStore } from '@connector/core';
import { z } from 'zod';
import { SqliteStore } from './sqlite-store';

/**
 * The options of the SQLite store as configuration writes them (`store.options`, or beside
 * `type: sqlite`): {@link SqliteStoreOptions} without the clock, which comes from the store's context.
 */
export const sqliteStoreOptionsSchema = z
  .strictObject({
    dataDir: z
      .string({ error: 'must be a folder path' })
      .min(1, 'must not be empty')
      .optional()
      .describe('A data folder (created if missing) holding connector.db.'),
    file: z
      .string({ error: 'must be a file path' })
      .min(1, 'must not be empty')
      .optional()
      .describe('The database file instead (`:memory:` for tests); wins over dataDir.'),
    synchronous: z
      .enum(['FULL', 'NORMAL'], { error: 'must be FULL or NORMAL' })
      .optional()
      .describe('FULL (default): every commit is fsynced. NORMAL: a power loss may lose the last commits.'),
    busyTimeoutMs: z
      .number({ error: 'must be a number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .min(0, 'must not be negative')
      .optional()
      .describe("How long a write waits for another process's lock (default 5000)."),
    checkpoint: z
      .enum(['background', 'inline'], { error: 'must be background or inline' })
      .optional()
      .describe('Where WAL checkpoints run: on a thread (background, default) or in the commits (inline).'),
  })
  .refine((options) => options.dataDir !== undefined || options.file !== undefined, {
    message: 'is required (or file): the folder that holds connector.db',
    path: ['dataDir'],
  });

/**
 * The embedded SQLite store, as the hub opens it by configuration (`type: sqlite`, or
 * `package: '@connector/store-sqlite'`): this package's default export.
 */
export const sqliteStore = defineStore({
  type: 'sqlite',
  displayName: 'SQLite (embedded)',
  options: sqliteStoreOptionsSchema,
  // The constructor does all the work synchronously: the store is usable when it returns.
  // The hub takes the one-hub lock of the data folder; the CLI's short commands open it beside a running hub.
  open: (options, context) => new SqliteStore({ ...options, ...(context.clock ? { clock: context.clock } : {}), hubLock: context.role === 'hub' }),
});
