import { ConfigurationError } from '../errors/connector-error';
import { isConnectorPlugin, type ConnectorPlugin } from './define-plugin';

/**
 * Loads a plugin by package name (as named in configuration): the package's default export must be a
 * value made by `definePlugin`. No folder scanning: only what configuration names is loaded.
 */
export function loadPlugin(packageName: string, requireFn: (id: string) => unknown = require): ConnectorPlugin {
  let loaded: unknown;
  try {
    loaded = requireFn(packageName);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw new ConfigurationError(`plugin package ${packageName} could not be loaded: ${detail}`, { cause, field: 'plugin' });
  }
  const candidate = (loaded as { default?: unknown })?.default ?? loaded;
  if (!isConnectorPlugin(candidate)) {
    throw new ConfigurationError(`plugin package ${packageName} does not default-export a definePlugin(...) value`, { field: 'plugin' });
  }
  return candidate;
}
