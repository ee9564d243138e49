import { z } from 'zod';
import { ConfigurationError } from '../errors/connector-error';
import type { Clock } from '../engine/clock';
import type { Logger } from '../logging/logger';
import type { ConnectorStore } from './store';

/** What the hub (or a command) hands a store when it opens it, besides the store's own options. */
export interface StoreContext {
  /** The process's winston logger (redacted), for what the store wants operators to know. */
  logger?: Logger;
  /** The time source of timestamps and of "due now"; tests replace it. Default: the wall clock. */
  clock?: Clock;
  /**
   * Who opens the store: `hub` for the long-lived `connector serve` process, `tool` (default) for a
   * short command beside it (import, log, dlq). A store made for one hub (the embedded SQLite store)
   * takes an exclusive hold for `hub` and refuses a second hub on the same data; a shared store ignores it.
   */
  role?: 'hub' | 'tool';
}

/**
 * What a store package declares: its type, the schema of its options (as written under `store.options`
 * in the hub's configuration) and how to open it. See {@link defineStore}.
 *
 * `R` is what `open` returns: the store, or a promise of it when opening needs I/O that cannot be done
 * synchronously (connecting to a server, running migrations over the network).
 */
export interface StoreDefinition<
  O extends z.ZodType = z.ZodType,
  R extends ConnectorStore | Promise<ConnectorStore> = ConnectorStore | Promise<ConnectorStore>,
> {
  /** Lower-case, kebab-case, unique: `sqlite`, `postgres`. Named in every error about the store. */
  type: string;
  /** For operators (default: the type). */
  displayName?: string;
  /** The store's options. Give each field an error message of its own (`must be FULL or NORMAL`): it is shown as written. */
  options: O;
  /**
   * Opens (creating and migrating as needed) the store with options that passed {@link StoreDefinition.options}.
   * Must not leave anything open when it throws.
   */
  open(options: z.output<O>, context: StoreContext): R;
}

/** A checked store definition, as default-exported by a store package. */
export interface ConnectorStoreDefinition<
  O extends z.ZodType = z.ZodType,
  R extends ConnectorStore | Promise<ConnectorStore> = ConnectorStore | Promise<ConnectorStore>,
> extends Readonly<StoreDefinition<O, R>> {
  readonly displayName: string;
  /** Marks the value as made by `defineStore`. */
  readonly kind: 'connector-store';
}

/** A store definition that breaks the contract (checked eagerly by {@link defineStore}). */
export class StoreDefinitionError extends ConfigurationError {}

/**
 * Checks a store definition eagerly and returns it as a {@link ConnectorStoreDefinition}, the value a
 * store package default-exports (as plugins do with `definePlugin`). Every problem names the store, so a
 * broken store package fails when it is loaded, not when the hub first writes.
 *
 * @example
 * export default defineStore({
 *   type: 'sqlite',
 *   options: z.strictObject({ dataDir: z.string() }),
 *   open: (options) => new SqliteStore(options),
 * });
 */
export function defineStore<O extends z.ZodType, R extends ConnectorStore | Promise<ConnectorStore>>(
  definition: StoreDefinition<O, R>,
): ConnectorStoreDefinition<O, R> {
  const type = definition?.type;
  if (typeof type !== 'string' || !/^[a-z][a-z0-9-]*$/.test(type)) {
    throw new StoreDefinitionError(`store type must be lower-case kebab-case, got ${JSON.stringify(type)}`);
  }
  const fail = (message: string): never => {
    throw new StoreDefinitionError(`store ${type}: ${message}`);
  };
  if (!(definition.options instanceof z.ZodType)) fail('options must be a zod schema (z.strictObject({...}))');
  if (typeof definition.open !== 'function') fail('open(options, context) must be a function');
  if (definition.displayName !== undefined && (typeof definition.displayName !== 'string' || !definition.displayName)) {
    fail('displayName must be a non-empty string when given');
  }
  return Object.freeze({ ...definition, displayName: definition.displayName ?? type, kind: 'connector-store' as const });
}

/** True when `value` was made by {@link defineStore} (used when loading stores by package name). */
export function isConnectorStoreDefinition(value: unknown): value is ConnectorStoreDefinition {
  return !!value && typeof value === 'object' && (value as { kind?: unknown }).kind === 'connector-store';
}
