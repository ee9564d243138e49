/**
 * The key an {@link InvalidationBus} listener hears when it must drop everything it caches: a key too
 * long for the store's messages, or messages that may have been missed (a lost connection).
 */
export const INVALIDATE_ALL = '*';

/**
 * Cache invalidation across the hubs on one store: a hub that changed a platform's list (it created a
 * lead source, it linked staff) publishes the list's key, and every hub on the store, itself included,
 * drops that list, so its next delivery fetches it again instead of waiting for the cache's TTL. A store
 * shared by several processes offers it as `ConnectorStore.invalidations`; a store one process serves
 * needs none (that process drops its own lists).
 */
export interface InvalidationBus {
  /**
   * Tells every listener on the store, in every hub, that `key` changed. Resolves once the message is
   * sent; a listener hears it shortly after (never before). A key the store cannot carry is heard as
   * {@link INVALIDATE_ALL}.
   */
  publishInvalidation(key: string): Promise<void>;
  /**
   * Calls `listener` with every key published on the store from now on (or {@link INVALIDATE_ALL}, see
   * there). Answers the function that stops it.
   */
  onInvalidation(listener: (key: string) => void): () => void;
}
