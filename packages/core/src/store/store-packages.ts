/**
 * The stores a configuration may name by type instead of by package: `store: { type: sqlite }` opens
 * `@connector/store-sqlite`, `type: postgres` opens `@connector/store-postgres`. Any other store is named by its package (`store: { package: ... }`).
 */
export const STORE_PACKAGES = {
  /** The embedded default: one SQLite file in a data folder, zero set-up. */
  sqlite: '@connector/store-sqlite',
  /** Several hubs on one Postgres: `store: { type: postgres, url: ${env:DATABASE_URL} }`. */
  postgres: '@connector/store-postgres',
} as const;

/** A store type with a package of its own in {@link STORE_PACKAGES}. */
export type StoreType = keyof typeof STORE_PACKAGES;
