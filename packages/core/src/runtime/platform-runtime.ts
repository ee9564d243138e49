import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { ConfigurationError } from '../errors/connector-error';
import { createLogger, type Logger } from '../logging/logger';
import { Redactor } from '../logging/redactor';
import { clientSchema, normalizeTurnUp, turnUpSchema, type Client, type ClientInput, type TurnUp, type TurnUpInput } from '../model/client';
import { parseOrThrow } from '../model/validate';
import type { ConnectorPlugin } from '../plugin/define-plugin';
import type {
  CheckOperation,
  ClubContext,
  FindOperations,
  LeadSourceOperations,
  MemberOperations,
  ProspectOperations,
  PullOperations,
  StaffOperations,
  WebhookOperations,
} from '../plugin/operations';
import {
  CheckOperationToken,
  ClientToken,
  FindOperationsToken,
  LeadSourceOperationsToken,
  LoggerToken,
  MemberOperationsToken,
  PluginOptionsToken,
  ProspectOperationsToken,
  PullOperationsToken,
  StaffOperationsToken,
  StoreToken,
  TurnUpToken,
  WebhookOperationsToken,
} from '../tokens';
import { TransportBinding } from '../transport/transport-binding';
import { SharedRateLimiter } from '../transport/shared-rate-limiter';
import type { CallSlotStore } from '../store/call-slot-store';
import { MemoryCounterStore, type CounterStore } from '../store/counter-store';
import { CallBudget } from '../transport/call-budget';

/** What {@link createPlatformRuntime} needs. */
export interface PlatformRuntimeOptions {
  plugin: ConnectorPlugin;
  client: ClientInput | Client;
  turnUp: TurnUpInput;
  logger?: Logger;
  /** The process-wide redactor: the turn-up's secrets are added to it. */
  redactor?: Redactor;
  /** The container to make the child of (default: tsyringe's root container). */
  parent?: DependencyContainer;
  /** The store's call grid shared by hubs: the platform's rate limit is then held by all hubs together. */
  callSlots?: CallSlotStore;
  /**
   * Where a turn-up's `callBudget` is counted (the store's counters, shared by hubs, or a memory
   * fallback) and the clock its day is read on. Without it a budget is counted in memory on the wall clock.
   */
  counting?: { counters: CounterStore; now: () => number };
}

function valueAt(source: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), source);
}

/**
 * One turned-up client on one platform: the plugin's operations bound in a tsyringe child container of
 * their own, with the validated turn-up, the parsed options and transports bound to the connection.
 */
export class PlatformRuntime {
  readonly turnUp: TurnUp;
  readonly client: Client;
  readonly options: Record<string, unknown>;
  readonly container: DependencyContainer;
  readonly logger: Logger;

  constructor(
    readonly plugin: ConnectorPlugin,
    client: Client,
    turnUp: TurnUp,
    options: Record<string, unknown>,
    container: DependencyContainer,
    logger: Logger,
    private readonly transport?: TransportBinding,
    /** The turn-up's call budget, when it has `callBudget`. */
    readonly budget?: CallBudget,
  ) {
    this.client = client;
    this.turnUp = turnUp;
    this.options = options;
    this.container = container;
    this.logger = logger;
  }

  private resolve<T>(token: symbol, present: unknown): T | undefined {
    return present ? this.make<T>(token) : undefined;
  }

  /** Resolves an operation class; a transport the plugin did not declare fails naming the plugin. */
  private make<T>(token: symbol): T {
    try {
      return this.container.resolve<T>(token);
    } catch (error) {
      throw this.transport?.refusal(error) ?? error;
    }
  }

  /** The platform's display name, for log summaries. */
  get displayName(): string {
    return this.plugin.displayName;
  }
  get prospects(): ProspectOperations | undefined {
    return this.resolve(ProspectOperationsToken as symbol, this.plugin.operations.prospects);
  }
  get members(): MemberOperations | undefined {
    return this.resolve(MemberOperationsToken as symbol, this.plugin.operations.members);
  }
  get staff(): StaffOperations | undefined {
    return this.resolve(StaffOperationsToken as symbol, this.plugin.operations.staff);
  }
  get leadSources(): LeadSourceOperations | undefined {
    return this.resolve(LeadSourceOperationsToken as symbol, this.plugin.operations.leadSources);
  }
  get find(): FindOperations | undefined {
    return this.resolve(FindOperationsToken as symbol, this.plugin.operations.find);
  }
  get pull(): PullOperations | undefined {
    return this.resolve(PullOperationsToken as symbol, this.plugin.operations.pull);
  }
  get webhooks(): WebhookOperations | undefined {
    return this.resolve(WebhookOperationsToken as symbol, this.plugin.operations.webhooks);
  }
  get check(): CheckOperation {
    return this.make(CheckOperationToken as symbol);
  }

  /** Releases the transports' kept-alive connections. */
  async close(): Promise<void> {
    this.transport?.close();
  }

  /** The club as this platform knows it, or undefined when the club is not turned up here. */
  clubContext(hubClubId: string): ClubContext | undefined {
    const platformClubId = this.turnUp.clubs[hubClubId];
    if (platformClubId === undefined) return undefined;
    const club = this.client.clubs.find((c) => c.id === hubClubId);
    return { hubClubId, platformClubId, timeZone: club?.timeZone ?? 'UTC' };
  }
}

function refuseStore(pluginId: string): never {
  throw new ConfigurationError('a plugin cannot use the store: it maps and calls its platform, core stores', { pluginId, field: 'StoreToken' });
}

/** Validates a client (its clubs and turn-ups' shapes), naming the field that is wrong. */
export function parseClient(input: ClientInput | Client): Client {
  const parsed = parseOrThrow(clientSchema, input, `client ${JSON.stringify((input as { id?: unknown })?.id ?? '?')}`);
  return { ...parsed, platforms: parsed.platforms.map((p) => normalizeTurnUp(p, p.platform ?? defaultPlatformKey(p.plugin))) };
}

/** The platform key a turn-up gets when it names none and its plugin is not loaded: `@connector/plugin-acme` → `acme`. */
export function defaultPlatformKey(packageName: string): string {
  return (packageName.split('/').pop() ?? packageName).replace(/^(connector-)?plugin-/, '');
}

/**
 * Validates a turn-up against its plugin (connection, options schema, club mapping) and binds the
 * plugin into a child container. Errors name the client, the platform and the field.
 */
export function createPlatformRuntime(options: PlatformRuntimeOptions): PlatformRuntime {
  const { plugin } = options;
  const client = parseClient(options.client);
  const where = `client ${client.id}, platform ${options.turnUp.platform ?? plugin.id}`;
  const turnUp = normalizeTurnUp(parseOrThrow(turnUpSchema, options.turnUp, `turn-up (${where})`), plugin.id);
  const pluginOptions = parseOrThrow(plugin.options, turnUp.options ?? {}, `options of ${plugin.id} (${where})`) as Record<string, unknown>;
  const connection = turnUp.connection ?? plugin.defaultConnection;
  if (plugin.connection === 'required' && !turnUp.connection) {
    throw new ConfigurationError(`turn-up (${where}): connection is required (host, scheme, credentials)`, { pluginId: plugin.id, field: 'connection' });
  }
  // Asked for explicitly, a look-up or merge the plugin cannot do is refused, not ignored in silence.
  if (turnUp.matchBeforeCreate === true && !plugin.capabilities.find) {
    throw new ConfigurationError(`turn-up (${where}): matchBeforeCreate: ${plugin.displayName} cannot look a person up (no find)`, {
      pluginId: plugin.id,
      field: 'matchBeforeCreate',
    });
  }
  if (turnUp.mergeDuplicates === true && !plugin.capabilities.merge) {
    throw new ConfigurationError(`turn-up (${where}): mergeDuplicates: ${plugin.displayName} cannot merge two records of one person`, {
      pluginId: plugin.id,
      field: 'mergeDuplicates',
    });
  }
  for (const hubClubId of Object.keys(turnUp.clubs)) {
    if (!client.clubs.some((c) => c.id === hubClubId)) {
      throw new ConfigurationError(`turn-up (${where}): clubs.${hubClubId} is not a club of the client`, { pluginId: plugin.id, field: `clubs.${hubClubId}` });
    }
  }

  const redactor = options.redactor ?? new Redactor();
  redactor.addSecretKeys(plugin.secretOptions);
  redactor.addSecretValues(plugin.secretOptions.map((path) => valueAt(pluginOptions, path)));
  if (connection?.password) redactor.addSecretValues([connection.password]);
  const logger = (options.logger ?? createLogger({ redactor })).child({ client: client.id, platform: turnUp.platform });

  const child = (options.parent ?? rootContainer).createChildContainer();
  // Whatever the parent holds, a plugin never talks to the store: its container refuses to hand it out.
  child.register(StoreToken, { useFactory: () => refuseStore(plugin.id) });
  child.register(ClientToken, { useValue: client });
  child.register(TurnUpToken, { useValue: turnUp });
  child.register(PluginOptionsToken, { useValue: pluginOptions });
  child.register(LoggerToken, { useValue: logger });
  const { callSlots } = options;
  const budget = turnUp.callBudget && makeBudget(options, plugin, client, turnUp, logger);
  const transport = new TransportBinding(plugin, child, {
    connection,
    rateLimitPerSecond: turnUp.rateLimitPerSecond,
    pacing: callSlots ? (rate) => new SharedRateLimiter(callSlots, JSON.stringify([client.id, turnUp.platform]), rate, logger) : undefined,
    timeoutMs: turnUp.timeoutMs,
    budget,
    logger,
    redactor,
  });
  const ops = plugin.operations;
  const bindings: Array<[symbol, unknown]> = [
    [ProspectOperationsToken as symbol, ops.prospects],
    [MemberOperationsToken as symbol, ops.members],
    [StaffOperationsToken as symbol, ops.staff],
    [LeadSourceOperationsToken as symbol, ops.leadSources],
    [FindOperationsToken as symbol, ops.find],
    [PullOperationsToken as symbol, ops.pull],
    [WebhookOperationsToken as symbol, ops.webhooks],
    [CheckOperationToken as symbol, ops.check],
  ];
  for (const [token, cls] of bindings) {
    if (cls) child.registerSingleton(token, cls as new (...args: never[]) => unknown);
  }
  plugin.register?.(child);
  return new PlatformRuntime(plugin, client, turnUp, pluginOptions, child, logger, transport, budget);
}

function makeBudget(options: PlatformRuntimeOptions, plugin: ConnectorPlugin, client: Client, turnUp: TurnUp, logger: Logger): CallBudget {
  const counting = options.counting ?? { counters: new MemoryCounterStore(), now: Date.now };
  return new CallBudget({
    clientId: client.id,
    platform: turnUp.platform,
    displayName: plugin.displayName,
    pluginId: plugin.id,
    settings: turnUp.callBudget!,
    counters: counting.counters,
    now: counting.now,
    logger,
  });
}
