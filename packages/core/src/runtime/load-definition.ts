import { ConfigurationError } from '../errors/connector-error';

/** What {@link loadDefinition} looks for in a package named by configuration. */
export interface DefinitionKind<T> {
  /** What the package is, in messages: `plugin`, `store`. */
  what: string;
  /** The function whose value the package must default-export: `definePlugin`, `defineStore`. */
  maker: string;
  /** The configuration field that names the package, for the error. */
  field: string;
  is(value: unknown): value is T;
}

/**
 * Loads a package named in configuration and takes its default export, which must be a value made by
 * the kind's maker. Plugins and stores are both found this way: by name, never by scanning folders.
 *
 * @throws ConfigurationError naming the package and the field when it does not load or exports no definition.
 */
export function loadDefinition<T>(packageName: string, kind: DefinitionKind<T>, requireFn: (id: string) => unknown = require): T {
  let loaded: unknown;
  try {
    loaded = requireFn(packageName);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw new ConfigurationError(`${kind.what} package ${packageName} could not be loaded: ${detail}`, { cause, field: kind.field });
  }
  const candidate = (loaded as { default?: unknown })?.default ?? loaded;
  if (!kind.is(candidate)) {
    throw new ConfigurationError(`${kind.what} package ${packageName} does not default-export a ${kind.maker}(...) value`, { field: kind.field });
  }
  return candidate;
}
