import { sqliteStore } from './sqlite-store.definition';

export * from './sqlite-store';
export * from './sqlite-store.definition';
export * from './migrations';
export * from './sqlite-error';
export * from './hub-lock';

/** The store definition the hub loads by package name (`store: { type: sqlite }`). */
export default sqliteStore;
