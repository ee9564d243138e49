import type { DependencyContainer, InjectionToken } from 'tsyringe';
import { z } from 'zod';
import { PluginDefinitionError } from '../errors/connector-error';
import type { Connection } from '../model/client';
import type {
  CheckOperation,
  FindOperations,
  LeadSourceOperations,
  MemberOperations,
  ProspectOperations,
  PullOperations,
  StaffOperations,
  WebhookOperations,
} from './operations';
import { pluginOptionsToken } from './options-token';
import { secretPaths } from './secret';

/** A class the DI container can build. */
export type OperationClass<T> = new (...args: never[]) => T;

/** The operation classes of a plugin. Each is optional but `check`. */
export interface PluginOperations {
  prospects?: OperationClass<ProspectOperations>;
  members?: OperationClass<MemberOperations>;
  staff?: OperationClass<StaffOperations>;
  leadSources?: OperationClass<LeadSourceOperations>;
  find?: OperationClass<FindOperations>;
  /** The people the platform changed since a cursor (two-way sync). */
  pull?: OperationClass<PullOperations>;
  /** Verifies the platform's webhooks and turns them into changes (two-way sync). */
  webhooks?: OperationClass<WebhookOperations>;
  check: OperationClass<CheckOperation>;
}

/** The protocols core has a transport for: `rest` binds `RestTransportToken`, `soap` binds `SoapTransportFactoryToken`. */
export type TransportProtocol = 'rest' | 'soap';

/** The transport a plugin declares for its platform, and its defaults; a turn-up may override some. */
export interface PluginTransportDefaults {
  /**
   * The transport core binds in the turned-up client's container; the other one is not made, and a class
   * that injects it fails with an error naming the plugin. Without it the plugin gets no transport (a
   * plugin that calls no platform over the network).
   */
  protocol?: TransportProtocol;
  /** Per-call timeout (default 15 s). */
  timeoutMs?: number;
  /** Calls per second to the platform per turned-up client (default: unlimited). */
  rateLimitPerSecond?: number;
  /** Deliveries in flight per turned-up client (default 4). */
  concurrency?: number;
}

/** What a plugin declares. See DESIGN.md, "The plugin contract". */
export interface PluginDefinition<O extends z.ZodObject = z.ZodObject> {
  /** Lower-case, kebab-case, unique: `acme`, `mindbody-soap`. */
  id: string;
  displayName: string;
  version: string;
  description?: string;
  /** `required` for platforms the client hosts (host, scheme, credentials); `none` for SaaS. */
  connection: 'required' | 'none';
  /** For SaaS platforms: where the platform lives. A turn-up's connection overrides it (simulators). */
  defaultConnection?: Connection;
  /** The plugin's own turn-up options; mark secrets with `secret(...)`. Unknown option keys are refused. */
  options: O;
  operations: PluginOperations;
  /** Binds extra services (an API client, a mapper) into the turned-up client's child container. */
  register?(container: DependencyContainer): void;
  transport?: PluginTransportDefaults;
  /** What the platform cannot do, in words for operators (shown by `connector plugins list`). */
  limits?: string[];
}

/** The parsed turn-up options of a plugin, typed from its options schema. */
export type PluginOptionsOf<P extends ConnectorPlugin> = P extends ConnectorPlugin<infer O> ? z.output<O> : never;

/** How a plugin writes prospects or members. */
export type WriteStyle = 'save' | 'create+update' | null;

/** What a plugin can do, derived from its operation classes. */
export interface PluginCapabilities {
  prospects: WriteStyle;
  members: WriteStyle;
  /** `convertProspect`: the platform's own conversion; `update`: the linked record is updated as a member. */
  conversion: 'convertProspect' | 'update' | null;
  staff: boolean;
  leadSources: { list: boolean; create: boolean; update: boolean };
  find: boolean;
  /** `find` has `merge`: the platform can merge two records of one person (see `FindOperations.merge`). */
  merge: boolean;
  /** `changes`, and `get` (reads one person) where the platform can. */
  pull: { changes: boolean; get: boolean };
  webhooks: boolean;
  check: boolean;
}

/** A checked plugin definition, as default-exported by a plugin package. */
export interface ConnectorPlugin<O extends z.ZodObject = z.ZodObject> extends Readonly<PluginDefinition<O>> {
  readonly capabilities: PluginCapabilities;
  /** Dotted paths of the secret options (always redacted). */
  readonly secretOptions: readonly string[];
  /**
   * The token of the plugin's parsed turn-up options, typed from `options` (see {@link pluginOptionsToken},
   * which the plugin's own classes use, to keep clear of an import cycle with the definition).
   */
  readonly optionsToken: InjectionToken<z.output<O>>;
  /** Marks the value as made by `definePlugin`. */
  readonly kind: 'connector-plugin';
}

function has(cls: OperationClass<unknown> | undefined, method: string): boolean {
  return !!cls && typeof (cls.prototype as Record<string, unknown>)[method] === 'function';
}

function writeStyle(id: string, entity: string, cls: OperationClass<ProspectOperations> | undefined): WriteStyle {
  if (!cls) return null;
  if (has(cls, 'save')) return 'save';
  const create = has(cls, 'create');
  const update = has(cls, 'update');
  if (create && update) return 'create+update';
  throw new PluginDefinitionError(
    `${entity} need \`save\` or both \`create\` and \`update\`; ${cls.name} has ${create ? 'only `create`' : update ? 'only `update`' : 'neither'}`,
    { pluginId: id },
  );
}

/**
 * Checks a plugin definition eagerly and returns it as a {@link ConnectorPlugin}. Every problem names the
 * plugin, so a bad plugin fails when it is loaded, not on the first delivery.
 */
export function definePlugin<O extends z.ZodObject>(definition: PluginDefinition<O>): ConnectorPlugin<O> {
  const id = definition?.id;
  if (typeof id !== 'string' || !/^[a-z][a-z0-9-]*$/.test(id)) {
    throw new PluginDefinitionError(`plugin id must be lower-case kebab-case, got ${JSON.stringify(id)}`);
  }
  const fail = (message: string): never => {
    throw new PluginDefinitionError(message, { pluginId: id });
  };
  if (!definition.displayName) fail('displayName is required');
  if (!definition.version) fail('version is required');
  if (definition.connection !== 'required' && definition.connection !== 'none') {
    fail(`connection must be 'required' or 'none', got ${JSON.stringify(definition.connection)}`);
  }
  if (!(definition.options instanceof z.ZodObject)) fail('options must be a zod object schema (z.object({...}))');
  const protocol = definition.transport?.protocol;
  if (protocol !== undefined && protocol !== 'rest' && protocol !== 'soap')
    fail(`transport.protocol must be 'rest' or 'soap', got ${JSON.stringify(protocol)}`);
  const ops = definition.operations;
  if (!ops || typeof ops !== 'object') fail('operations are required');
  if (!has(ops.check, 'check')) fail('operations.check must be a class with a `check()` method');
  for (const [key, cls] of Object.entries(ops)) {
    if (cls !== undefined && typeof cls !== 'function') fail(`operations.${key} must be a class`);
  }
  if (ops.staff && !has(ops.staff, 'list')) fail('staff need `list` (staff are never created or updated)');
  if (ops.leadSources && !has(ops.leadSources, 'list')) fail('lead sources need `list`');
  if (ops.find && !has(ops.find, 'find')) fail('operations.find must have a `find()` method');
  if (ops.pull && !has(ops.pull, 'changes')) fail('operations.pull must have a `changes()` method');
  if (ops.webhooks && !has(ops.webhooks, 'receive')) fail('operations.webhooks must have a `receive()` method');
  const prospects = writeStyle(id, 'prospects', ops.prospects);
  const members = writeStyle(id, 'members', ops.members);
  if (!prospects && !members && !ops.staff && !ops.leadSources) {
    fail('supports no entity: give at least one of prospects, members, staff, leadSources');
  }
  const capabilities: PluginCapabilities = {
    prospects,
    members,
    conversion: has(ops.members, 'convertProspect') ? 'convertProspect' : members && prospects ? 'update' : null,
    staff: !!ops.staff,
    leadSources: {
      list: !!ops.leadSources,
      create: has(ops.leadSources, 'create'),
      update: has(ops.leadSources, 'update'),
    },
    find: !!ops.find,
    merge: has(ops.find, 'merge'),
    pull: { changes: !!ops.pull, get: has(ops.pull, 'get') },
    webhooks: !!ops.webhooks,
    check: true,
  };
  return Object.freeze({
    ...definition,
    // A misspelled option is refused, not dropped: the plugin would run without what was meant.
    options: definition.options.strict() as unknown as O,
    capabilities,
    secretOptions: Object.freeze(secretPaths(definition.options)),
    optionsToken: pluginOptionsToken(definition.options),
    kind: 'connector-plugin' as const,
  });
}

/** True when `value` was made by {@link definePlugin} (used when loading plugins by package name). */
export function isConnectorPlugin(value: unknown): value is ConnectorPlugin {
  return !!value && typeof value === 'object' && (value as { kind?: unknown }).kind === 'connector-plugin';
}
