import { checkStoreOptions, ConfigurationError, loadStore, openStore, StoreOptionsError, type ConnectorStore, type StoreContext } from '@connector/core';
import { HubConfigError } from './load-config';
import { storeToOpen, type HubStoreConfig } from './store-config';

/** A store that cannot be loaded or whose options are wrong, as a configuration problem naming the field. */
function asConfigProblem(error: unknown): unknown {
  if (error instanceof StoreOptionsError) return new HubConfigError(error.problems);
  if (error instanceof ConfigurationError && error.field === 'store.package') return new HubConfigError([`store.package: ${error.message}`]);
  return error;
}

/**
 * Opens the store the configuration names (its package loaded, its options checked by its own schema).
 *
 * @throws HubConfigError naming the field when the package cannot be loaded (`store.package: ...`) or an
 * option is wrong (`store.options.synchronous: must be FULL or NORMAL`); nothing is opened then.
 */
export async function openConfiguredStore(store: HubStoreConfig, context: StoreContext = {}): Promise<ConnectorStore> {
  try {
    return await openStore(storeToOpen(store), context);
  } catch (error) {
    throw asConfigProblem(error);
  }
}

/**
 * Checks the store the configuration names without opening it: the package loads and is a store, and
 * the options pass its schema (what `connector config check` can say before anything runs).
 *
 * @throws HubConfigError as {@link openConfiguredStore} does.
 */
export function checkConfiguredStore(store: HubStoreConfig): void {
  const config = storeToOpen(store);
  try {
    checkStoreOptions(loadStore(config.package), config.options, config.at);
  } catch (error) {
    throw asConfigProblem(error);
  }
}
