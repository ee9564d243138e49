import { ConfigurationError, openStore, StoreOptionsError, type ConnectorStore, type StoreContext } from '@connector/core';
import { HubConfigError } from './load-config';
import { storeToOpen, type HubStoreConfig } from './store-config';

/**
 * Opens the store the configuration names (its package loaded, its options checked by its own schema).
 *
 * @throws HubConfigError naming the field when the package cannot be loaded (`store.package: ...`) or an
 * option is wrong (`store.options.synchronous: must be FULL or NORMAL`); nothing is opened then.
 */
export async function openConfiguredStore(store: HubStoreConfig, context: StoreContext = {}): Promise<ConnectorStore> {
  const config = storeToOpen(store);
  try {
    return await openStore(config, context);
  } catch (error) {
    if (error instanceof StoreOptionsError) throw new HubConfigError(error.problems);
    if (error instanceof ConfigurationError && error.field === 'store.package') throw new HubConfigError([`store.package: ${error.message}`]);
    throw error;
  }
}
