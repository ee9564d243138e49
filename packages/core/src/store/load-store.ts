import { ConfigurationError } from '../errors/connector-error';
import { isConnectorStoreDefinition, type ConnectorStoreDefinition } from './define-store';

/**
 * Loads a store by package name or path (as named in configuration): the package's default export must
 * be a value made by `defineStore`. Nothing is opened; only what configuration names is loaded.
 *
 * @throws ConfigurationError (field `store.package`) when the package cannot be loaded or exports no store.
 */
export function loadStore(packageName: string, requireFn: (id: string) => unknown = require): ConnectorStoreDefinition {
  let loaded: unknown;
  try {
    loaded = requireFn(packageName);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw new ConfigurationError(`store package ${packageName} could not be loaded: ${detail}`, { cause, field: 'store.package' });
  }
  const candidate = (loaded as { default?: unknown })?.default ?? loaded;
  if (!isConnectorStoreDefinition(candidate)) {
    throw new ConfigurationError(`store package ${packageName} does not default-export a defineStore(...) value`, { field: 'store.package' });
  }
  return candidate;
}
