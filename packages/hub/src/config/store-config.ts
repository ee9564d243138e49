import path from 'node:path';
import { STORE_PACKAGES, type StoreConfig } from '@connector/core';
import type { HubConfigParsed } from './config.schema';

/** The embedded SQLite store (`type: sqlite`, the default), its data folder absolute. */
export interface SqliteStoreSection {
  type: 'sqlite';
  dataDir: string;
  synchronous: 'FULL' | 'NORMAL';
  checkpoint?: 'background' | 'inline';
}

/** A store named by its package, with its options as written (the store's schema checks them at start). */
export interface PackageStoreSection {
  type: 'package';
  /** The package name, or the absolute path of a package named by a path relative to the config file. */
  package: string;
  options: Record<string, unknown>;
  /** The data folder, absolute, when the package is the SQLite store keeping one (what `serve` prints). */
  dataDir?: string;
  /** Where the options are written, for error messages (default `store.options`; `store` for `type: postgres`). */
  at?: string;
}

/** The store a configuration names, as resolved by `parseConfig`. */
export type HubStoreConfig = SqliteStoreSection | PackageStoreSection;

/** A package named by a path (`./stores/mine`), not by a name to look up in node_modules. */
const RELATIVE = /^\.\.?([/\\]|$)/;

/**
 * Resolves the store section: env CONNECTOR_DATA_DIR and the config file's folder for SQLite's data
 * folder (whichever way SQLite is named), and a package path against the config file's folder.
 */
export function resolveStoreSection(store: HubConfigParsed['store'], baseDir: string, env: NodeJS.ProcessEnv): HubStoreConfig {
  if (store.type === 'postgres') {
    // Written beside the type; the store's own schema checks them (`store.url: must be a postgres:// URL`).
    const options: Record<string, unknown> = {};
    for (const field of ['url', 'schema', 'pool'] as const) if (store[field] !== undefined) options[field] = store[field];
    return { type: 'package', package: STORE_PACKAGES.postgres, options, at: 'store' };
  }
  if (store.package === undefined) {
    const dataDir = path.resolve(baseDir, env.CONNECTOR_DATA_DIR || store.dataDir || './data');
    return { type: 'sqlite', dataDir, synchronous: store.synchronous ?? 'FULL', ...(store.checkpoint ? { checkpoint: store.checkpoint } : {}) };
  }
  const named = RELATIVE.test(store.package) ? path.resolve(baseDir, store.package) : store.package;
  const options = { ...store.options };
  if (named !== STORE_PACKAGES.sqlite) return { type: 'package', package: named, options };
  resolveSqlitePaths(options, baseDir, env);
  return { type: 'package', package: named, options, ...(typeof options.dataDir === 'string' ? { dataDir: options.dataDir } : {}) };
}

/** The SQLite store named by its package keeps the data-folder rules of `type: sqlite`. */
function resolveSqlitePaths(options: Record<string, unknown>, baseDir: string, env: NodeJS.ProcessEnv): void {
  // Values of the wrong type are left as they are: the store's schema names them.
  if (typeof options.file === 'string' && options.file !== ':memory:') options.file = path.resolve(baseDir, options.file);
  if (env.CONNECTOR_DATA_DIR) options.dataDir = path.resolve(baseDir, env.CONNECTOR_DATA_DIR);
  else if (typeof options.dataDir === 'string') options.dataDir = path.resolve(baseDir, options.dataDir);
  else if (options.dataDir === undefined && options.file === undefined) options.dataDir = path.resolve(baseDir, './data');
}

/**
 * What core's `openStore` takes for the configured store: `type: sqlite` is the package
 * `@connector/store-sqlite` with the options written beside the type.
 */
export function storeToOpen(store: HubStoreConfig): StoreConfig {
  if (store.type === 'package') return { package: store.package, options: store.options, at: store.at ?? 'store.options' };
  const options = { dataDir: store.dataDir, synchronous: store.synchronous, ...(store.checkpoint ? { checkpoint: store.checkpoint } : {}) };
  return { package: STORE_PACKAGES.sqlite, options, at: 'store' };
}

/** The store in a few words for operators: `data folder: /srv/hub/data`, or the package. */
export function describeStore(store: HubStoreConfig): string {
  if (store.dataDir !== undefined) return `data folder: ${store.dataDir}`;
  const url = store.type === 'package' ? store.options.url : undefined;
  if (store.type === 'package' && store.package === STORE_PACKAGES.postgres && typeof url === 'string') return `store: postgres at ${withoutPassword(url)}`;
  return `store: ${store.type === 'package' ? store.package : STORE_PACKAGES.sqlite}`;
}

/**
 * The same store with some SQLite options given (e.g. the CLI's inline checkpoints) when the store is
 * SQLite, whichever way it is named; any other store as it is.
 */
export function withSqliteOptions(store: HubStoreConfig, options: Pick<SqliteStoreSection, 'checkpoint'>): HubStoreConfig {
  if (store.type === 'sqlite') return { ...store, ...options };
  return store.package === STORE_PACKAGES.sqlite ? { ...store, options: { ...store.options, ...options } } : store;
}

/** A URL as operators may see it: without its password (`postgres://hub@db:5432/connector`). */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'a URL that cannot be parsed';
  }
}

/**
 * The secrets a store's options hold, for the redactor: the password of a connection URL (as written
 * and decoded), so no log line, error or answer shows it.
 */
export function storeSecrets(store: HubStoreConfig): string[] {
  if (store.type !== 'package') return [];
  const secrets: string[] = [];
  for (const value of Object.values(store.options)) {
    if (typeof value !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) continue;
    try {
      const password = new URL(value).password;
      if (password) secrets.push(password, decodeURIComponent(password));
    } catch {
      // Not a URL after all: the store's schema says so.
    }
  }
  return secrets;
}
