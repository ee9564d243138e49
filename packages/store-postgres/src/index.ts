import { postgresStore } from './postgres-store.definition';

export * from './postgres-store';
export * from './postgres-store.definition';
export * from './migrations';
export * from './connection';
export * from './pg-error';
export { workChannel, type WorkListenerCallback } from './work-listener';

/** The store definition the hub loads by package name (`store: { type: postgres }`). */
export default postgresStore;
