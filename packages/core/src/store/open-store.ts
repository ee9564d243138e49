import type { z } from 'zod';
import { ConfigurationError } from '../errors/connector-error';
import type { ConnectorStoreDefinition, StoreContext } from './define-store';
import { loadStore } from './load-store';
import type { ConnectorStore } from './store';

/** A store as configuration names it: the package (name or absolute path) and its options as written. */
export interface StoreConfig {
  /** A package name (`@connector/store-sqlite`) or an absolute path to a store package. */
  package: string;
  /** The store's options, not yet checked: {@link openStore} checks them with the store's schema. */
  options?: unknown;
  /** Where the options are written in the configuration, for error messages. Default `store.options`. */
  at?: string;
}

/** Store options that the store's schema refuses: one `field: reason` line per problem in `problems`. */
export class StoreOptionsError extends ConfigurationError {
  constructor(readonly problems: string[]) {
    super(problems.join('; '), { field: problems[0]?.split(':')[0] });
  }
}

/** `store.options.file[0]`: the path of an issue, as people read it. */
function fieldPath(at: string, path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`), at);
}

/** One line per problem, the field first; the schema's own messages are kept as written. */
function describeIssues(at: string, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${fieldPath(at, [...issue.path, key])}: is not a known field`);
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    return [`${fieldPath(at, issue.path)}: ${missing ? 'is required' : issue.message}`];
  });
}

/**
 * Checks options against a store's schema and answers them parsed (defaults applied).
 *
 * @throws StoreOptionsError naming each wrong field and why: `store.options.synchronous: must be FULL or NORMAL`.
 */
export function checkStoreOptions<O extends z.ZodType>(definition: ConnectorStoreDefinition<O>, options: unknown, at = 'store.options'): z.output<O> {
  // The input of each issue tells a missing field from a wrong one; it is never shown (it may be a secret).
  const parsed = definition.options.safeParse(options ?? {}, { reportInput: true });
  if (!parsed.success) throw new StoreOptionsError(describeIssues(at, parsed.error.issues));
  return parsed.data;
}

/**
 * Opens the store that configuration names: loads the package, checks the options with the store's own
 * schema, then opens it. Nothing is opened when the package or an option is wrong.
 *
 * @throws ConfigurationError (field `store.package`) when the package cannot be loaded or is not a store.
 * @throws StoreOptionsError naming the field and the reason when an option is wrong.
 */
export async function openStore(
  config: StoreConfig,
  context: StoreContext = {},
  load: (packageName: string) => ConnectorStoreDefinition = loadStore,
): Promise<ConnectorStore> {
  const definition = load(config.package);
  const options = checkStoreOptions(definition, config.options, config.at);
  return definition.open(options, context);
}
