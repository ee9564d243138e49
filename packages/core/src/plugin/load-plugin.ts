import { loadDefinition } from '../runtime/load-definition';
import { isConnectorPlugin, type ConnectorPlugin } from './define-plugin';

/**
 * Loads a plugin by package name (as named in configuration): the package's default export must be a
 * value made by `definePlugin`. No folder scanning: only what configuration names is loaded.
 */
export function loadPlugin(packageName: string, requireFn: (id: string) => unknown = require): ConnectorPlugin {
  return loadDefinition(packageName, { what: 'plugin', maker: 'definePlugin', field: 'plugin', is: isConnectorPlugin }, requireFn);
}
