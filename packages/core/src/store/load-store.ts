import { loadDefinition } from '../runtime/load-definition';
import { isConnectorStoreDefinition, type ConnectorStoreDefinition } from './define-store';

/**
 * Loads a store by package name or path (as named in configuration): the package's default export must
 * be a value made by `defineStore`. Nothing is opened; only what configuration names is loaded.
 *
 * @throws ConfigurationError (field `store.package`) when the package cannot be loaded or exports no store.
 */
export function loadStore(packageName: string, requireFn: (id: string) => unknown = require): ConnectorStoreDefinition {
  return loadDefinition(packageName, { what: 'store', maker: 'defineStore', field: 'store.package', is: isConnectorStoreDefinition }, requireFn);
}
