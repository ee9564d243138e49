import { setTimeout as sleep } from 'node:timers/promises';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { ConfigurationError } from '../errors/connector-error';
import { systemClock, type Clock } from '../engine/clock';
import { DeliveryEngine, type DeliveryEngineOptions, type DeliveryOutcome } from '../engine/delivery-engine';
import { PlatformWorker, type WorkerOptions } from '../engine/platform-worker';
import { createLogger, type Logger } from '../logging/logger';
import { Redactor } from '../logging/redactor';
import { durationMs, type Client, type ClientInput } from '../model/client';
import { InboundSync } from '../sync/inbound-sync';
import { runPull, type PullOptions, type PullSummary } from '../sync/pull-runner';
import { receiveWebhook, type WebhookOutcome } from '../sync/webhook-receiver';
import type { WebhookRequest } from '../plugin/operations';
import { NotFoundError } from '../errors/connector-error';
import type { EntityKind, UserType } from '../model/person';
import { Intake } from '../intake/intake';
import { MODEL_NAMING } from '../intake/field-naming';
import type { IntakeSender } from '../intake/sender';
import type { CheckedContent } from '../intake/intake-command';
import { ConnectorLog } from '../log/connector-log';
import { MemoryCounterStore } from '../store/counter-store';
import type { CallBudget } from '../transport/call-budget';
import type { ConnectorPlugin } from '../plugin/define-plugin';
import { loadPlugin } from '../plugin/load-plugin';
import type { ConnectorStore, Delivery, SaveRecordInput, SaveRecordResult } from '../store/store';
import { ClockToken, LoggerToken, StoreToken } from '../tokens';
import { createPlatformRuntime, parseClient, type PlatformRuntime } from './platform-runtime';

/** What {@link Connector.create} needs. */
export interface ConnectorOptions {
  store: ConnectorStore;
  clients: Array<ClientInput | Client>;
  /** Resolves a plugin package name to its definition (default: `require` it). */
  plugins?: Record<string, ConnectorPlugin> | ((packageName: string) => ConnectorPlugin);
  logger?: Logger;
  redactor?: Redactor;
  clock?: Clock;
  engine?: DeliveryEngineOptions;
  worker?: WorkerOptions;
  container?: DependencyContainer;
  /** Called after every delivery attempt (metrics). */
  onDelivery?: (event: { clientId: string; platform: string; outcome: DeliveryOutcome; ms: number }) => void;
}

/** A record a provider sends to the hub. */
export interface IncomingRecord<K extends EntityKind = EntityKind> {
  /** The sending provider's identifier (e.g. `INTOUCH`). */
  provider: string;
  clientId: string;
  clubId: string;
  /** The record's ID in the sending provider. */
  recordId: string;
  kind: K;
  content: unknown;
}

/**
 * A record whose content was already checked and hashed by {@link checkContent} (on another thread,
 * say) and arrives as the JSON of that checked content, so the store writes it as it is.
 */
export interface EncodedRecord<K extends EntityKind = EntityKind> extends Omit<IncomingRecord<K>, 'content'> {
  /** `JSON.stringify` of the content {@link checkContent} answered, exactly. */
  contentJson: string;
  /** The hash {@link checkContent} answered. */
  hash: string;
  /** A person's userType, which routing reads (members and prospects may go to different platforms). */
  userType?: UserType;
  /** The UUID the record gets if the save creates it (see {@link SaveRecordInput.uuid}). */
  uuid?: string;
}

/** An in-process caller: writes any client, as the provider it names. */
function trusted(provider: string): IntakeSender {
  return { provider, clients: '*' };
}

function providerInfoOf(record: Omit<IncomingRecord, 'content'>) {
  return { identifier: record.provider, clientID: record.clientId, clubID: record.clubId, recordID: record.recordId };
}

/**
 * The sync orchestration: the turned-up clients with one runtime per platform, the delivery engine and
 * one worker per platform. The hub and the CLI drive it; it knows nothing of HTTP.
 */
export class Connector {
  readonly store: ConnectorStore;
  readonly engine: DeliveryEngine;
  readonly logger: Logger;
  readonly redactor: Redactor;
  readonly clock: Clock;
  /** The runtime's container (store, logger, clock); the turn-ups' containers are not made from it. */
  readonly container: DependencyContainer;
  /** The one door in: every channel hands its records to it (see {@link Intake}). */
  readonly intake: Intake;
  /** The one writer of Connector Log entries (the engine's and the intake's). */
  readonly log: ConnectorLog;
  private readonly clientMap = new Map<string, Client>();
  private readonly runtimeMap = new Map<string, PlatformRuntime[]>();
  private readonly workers: PlatformWorker[] = [];
  /** Two-way sync: platforms' changes in (pulls and webhooks). */
  readonly inbound: InboundSync;
  /** The scheduled pulls' timers, and the pulls running (one at a time per turn-up). */
  private readonly pullTimers: NodeJS.Timeout[] = [];
  private readonly pullsRunning = new Map<string, Promise<PullSummary>>();
  private started = false;
  /** Stops listening to the store's wake-ups (a store shared by several hubs tells of their work). */
  private stopListening?: () => void;
  /** Stops hearing the store's cache invalidations (kept from the first start until close: a stopped hub keeps its caches). */
  private stopInvalidations?: () => void;

  private constructor(options: ConnectorOptions) {
    this.store = options.store;
    this.redactor = options.redactor ?? new Redactor();
    this.logger = options.logger ?? createLogger({ redactor: this.redactor });
    this.clock = options.clock ?? systemClock;
    // The turn-ups' containers are made from `shared`; the store is bound only in the runtime's container,
    // another child of `shared`, so no plugin can reach it (a plugin never talks to the store).
    const shared = (options.container ?? rootContainer).createChildContainer();
    shared.register(LoggerToken, { useValue: this.logger });
    shared.register(ClockToken, { useValue: this.clock });
    this.container = shared.createChildContainer();
    this.container.register(StoreToken, { useValue: this.store });
    const resolvePlugin =
      typeof options.plugins === 'function'
        ? options.plugins
        : (name: string) => (options.plugins as Record<string, ConnectorPlugin> | undefined)?.[name] ?? loadPlugin(name);

    // Call budgets are counted in the store, shared by every hub on it; a store without counters: here.
    const counting = { counters: this.store.counters ?? new MemoryCounterStore(() => this.clock.now()), now: () => this.clock.now() };
    for (const input of options.clients) {
      // Each turn-up's platform key defaults to its plugin's id, so resolve the plugins first.
      const withKeys = {
        ...input,
        platforms: (input.platforms ?? []).map((turnUp) => ({ ...turnUp, platform: turnUp.platform ?? resolvePlugin(turnUp.plugin).id })),
      };
      const client = parseClient(withKeys);
      if (this.clientMap.has(client.id)) throw new ConfigurationError(`client ${client.id} is configured twice`, { field: 'clients' });
      this.clientMap.set(client.id, client);
      const runtimes: PlatformRuntime[] = [];
      for (const turnUp of client.platforms) {
        const plugin = resolvePlugin(turnUp.plugin);
        const runtime = createPlatformRuntime({
          plugin,
          client,
          turnUp,
          logger: this.logger,
          redactor: this.redactor,
          parent: shared,
          callSlots: this.store.callSlots,
          counting,
        });
        if (runtimes.some((r) => r.turnUp.platform === runtime.turnUp.platform)) {
          throw new ConfigurationError(`client ${client.id}: platform ${runtime.turnUp.platform} is turned up twice (give each a distinct "platform" key)`, {
            field: 'platforms',
          });
        }
        runtimes.push(runtime);
      }
      this.runtimeMap.set(client.id, runtimes);
    }
    this.log = new ConnectorLog(this.redactor);
    this.intake = new Intake({
      client: (id) => this.clientMap.get(id),
      runtimes: (id) => this.runtimes(id),
      store: this.store,
      log: this.log,
      logger: this.logger,
    });
    this.inbound = new InboundSync({ store: this.store, intake: this.intake, log: this.log, wake: (clientId) => this.wake(clientId, 1) });
    this.engine = new DeliveryEngine(
      this.store,
      (clientId, platform) => this.runtime(clientId, platform),
      this.clock,
      this.logger,
      this.redactor,
      options.engine,
    );
    for (const [clientId, runtimes] of this.runtimeMap) {
      for (const runtime of runtimes) {
        const concurrency = runtime.turnUp.concurrency ?? runtime.plugin.transport?.concurrency ?? options.worker?.concurrency;
        this.workers.push(
          new PlatformWorker(
            clientId,
            runtime.turnUp.platform,
            this.store,
            this.engine,
            this.clock,
            this.logger,
            { ...options.worker, concurrency },
            (outcome, ms) => options.onDelivery?.({ clientId, platform: runtime.turnUp.platform, outcome, ms }),
            {
              displayName: runtime.displayName,
              clubIds: Object.keys(runtime.turnUp.clubs),
              probe: () => runtime.check.check(),
              log: this.log,
            },
            runtime.budget && { budget: runtime.budget, clubIds: Object.keys(runtime.turnUp.clubs), log: this.log, counters: counting.counters },
          ),
        );
      }
    }
  }

  /** Validates every client and turn-up (options, connection, club mapping) and binds the plugins. */
  static create(options: ConnectorOptions): Connector {
    return new Connector(options);
  }

  /** The configured clients. */
  clients(): Client[] {
    return [...this.clientMap.values()];
  }
  client(id: string): Client | undefined {
    return this.clientMap.get(id);
  }
  runtimes(clientId: string): readonly PlatformRuntime[] {
    return this.runtimeMap.get(clientId) ?? [];
  }
  runtime(clientId: string, platform: string): PlatformRuntime | undefined {
    return this.runtimeMap.get(clientId)?.find((r) => r.turnUp.platform === platform);
  }

  /** The call budgets of the turn-ups that have one (`callBudget`), for metrics. */
  callBudgets(): Array<{ clientId: string; platform: string; budget: CallBudget }> {
    return [...this.runtimeMap.values()].flat().flatMap((r) => (r.budget ? [{ clientId: r.client.id, platform: r.turnUp.platform, budget: r.budget }] : []));
  }

  /**
   * Checks an incoming record through the {@link intake} and works out where it goes (no store access),
   * for callers inside the process (tests, the bench, the testing harness), trusted to write any client
   * as the provider they name. Channels that carry a sender's rights call the intake themselves.
   */
  prepare<K extends EntityKind>(incoming: IncomingRecord<K>): SaveRecordInput<K> {
    return this.checkInProcess(incoming, { content: incoming.content as Record<string, unknown> }) as SaveRecordInput<K>;
  }

  /**
   * What {@link prepare} answers, for content already checked and hashed by {@link checkContent}:
   * the envelope is checked and the record routed by the intake. The content object is read from its
   * JSON only if something asks for it; the store writes the JSON as it is. Trusts `contentJson` and
   * `hash` to be what checkContent answered: give it nothing else.
   */
  prepareEncoded<K extends EntityKind>(encoded: EncodedRecord<K>): SaveRecordInput<K> {
    return this.checkInProcess(encoded, { checked: encoded }) as SaveRecordInput<K>;
  }

  /** An in-process record through the intake's check, in the model's own field names. */
  private checkInProcess(record: Omit<IncomingRecord, 'content'>, body: { content: Record<string, unknown> } | { checked: CheckedContent }): SaveRecordInput {
    const command = { kind: record.kind, providerInfo: providerInfoOf(record), naming: MODEL_NAMING, api: 'core' as const, ...body };
    return this.intake.check(trusted(record.provider), command);
  }

  /**
   * Accepts one record: validated, stored and its deliveries queued in one transaction before this
   * resolves (accepted means durable); workers are woken.
   */
  async accept<K extends EntityKind>(incoming: IncomingRecord<K>): Promise<SaveRecordResult<K>> {
    const result = await this.store.saveRecord(this.prepare(incoming));
    this.wake(incoming.clientId, result.deliveryIds.length);
    return result;
  }

  /** Accepts already-prepared records in one transaction (group commit). */
  async acceptPrepared(inputs: SaveRecordInput[]): Promise<SaveRecordResult[]> {
    const results = await this.store.saveRecords(inputs);
    const clients = new Set(inputs.map((i) => i.clientId));
    for (const clientId of clients) this.wake(clientId, 1);
    return results;
  }

  private wake(clientId: string, queued: number): void {
    if (!this.started || queued === 0) return;
    for (const worker of this.workers) if (worker.clientId === clientId) worker.wake();
  }

  /**
   * Starts one worker per turned-up platform, the pulls of turn-ups that have a `pull` schedule, and
   * listens for work other hubs queue (`onWork`) and for the lists they changed (`invalidations`).
   */
  start(): void {
    this.started = true;
    for (const worker of this.workers) worker.start();
    this.stopListening ??= this.store.onWork?.((clientId) => this.wake(clientId, 1));
    this.stopInvalidations ??= this.store.invalidations?.onInvalidation((key) => this.engine.forgetList(key));
    for (const runtimes of this.runtimeMap.values()) {
      for (const runtime of runtimes) {
        const every = runtime.turnUp.pull?.every;
        if (!every || !runtime.plugin.capabilities.pull.changes) continue;
        const timer = setInterval(() => this.scheduledPull(runtime), durationMs(every));
        timer.unref();
        this.pullTimers.push(timer);
      }
    }
  }

  /** A pull of the schedule; skipped while the turn-up's call budget is spent (no call, no error). */
  private scheduledPull(runtime: PlatformRuntime): void {
    const clientId = runtime.client.id;
    const platform = runtime.turnUp.platform;
    if (runtime.budget?.spentAt(this.clock.now())) return;
    this.pull(clientId, platform).catch((error: unknown) => {
      if ((error as { code?: unknown }).code === 'BUDGET_SPENT') {
        // Once a day at most: later runs are skipped above until the budget's day ends.
        this.logger.info('a scheduled pull stopped: the call budget is spent; pulls resume when it renews', { client: clientId, platform });
        return;
      }
      this.logger.warn('a scheduled pull failed; the next one starts from the last page committed', { client: clientId, platform, error });
    });
  }

  /**
   * Pulls the people a platform changed since its stored cursor (every club of the turn-up), now: each
   * page is matched (SmartMatch), checked by the intake and committed with its cursor; the changes go to
   * the other platforms. A pull of a turn-up already running is joined, not started twice.
   *
   * @throws NotFoundError when the client has no such platform; ConfigurationError when its plugin cannot be pulled.
   */
  async pull(clientId: string, platform: string, options: PullOptions = {}): Promise<PullSummary> {
    const runtime = this.runtime(clientId, platform);
    if (!runtime) throw new NotFoundError(`client ${clientId} has no platform ${platform}`);
    const key = `${clientId}\u0000${platform}`;
    const running = this.pullsRunning.get(key);
    if (running) return running;
    const pulling = runPull(runtime, this.inbound, options).finally(() => this.pullsRunning.delete(key));
    this.pullsRunning.set(key, pulling);
    return pulling;
  }

  /**
   * Takes a platform's webhook request: verified by its plugin (a bad signature is logged and throws
   * WebhookSignatureError), its messages applied once each; resolves once the changes are durable.
   *
   * @throws NotFoundError when the client has no such platform, or its plugin takes no webhooks.
   */
  async receiveWebhook(clientId: string, platform: string, request: WebhookRequest): Promise<WebhookOutcome> {
    const runtime = this.runtime(clientId, platform);
    if (!runtime) throw new NotFoundError(`client ${clientId} has no platform ${platform}`);
    return receiveWebhook(runtime, this.inbound, this.log, request);
  }

  /** Stops the workers, letting in-flight deliveries finish (up to `graceMs`), and the pull schedule. */
  async stop(graceMs = 10_000): Promise<void> {
    this.started = false;
    this.stopListening?.();
    this.stopListening = undefined;
    for (const timer of this.pullTimers.splice(0)) clearInterval(timer);
    await Promise.all(this.workers.map((w) => w.stop(graceMs)));
    // A pull still running commits page by page: waiting at most the grace loses nothing (the next pull
    // starts from the last page committed).
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.allSettled([...this.pullsRunning.values()]), grace]);
    clearTimeout(timer);
  }

  /** Stops the workers and releases the platforms' transports (kept-alive connections). */
  async close(graceMs = 10_000): Promise<void> {
    await this.stop(graceMs);
    this.stopInvalidations?.();
    this.stopInvalidations = undefined;
    await Promise.all([...this.runtimeMap.values()].flat().map((runtime) => runtime.close()));
  }

  /** Puts a dead letter back in the queue and wakes its worker. */
  async replay(deliveryId: string): Promise<Delivery | undefined> {
    const delivery = await this.store.replayDeadLetter(deliveryId, this.clock.now());
    if (delivery) this.wake(delivery.clientId, 1);
    return delivery;
  }

  /**
   * Resolves true once nothing is queued or in flight (deliveries waiting for a retry later count as
   * queued), or false after `timeoutMs`.
   */
  async drain(timeoutMs = 30_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if ((await this.store.unfinishedDeliveries()) === 0 && this.workers.every((w) => w.isIdle)) return true;
      if (Date.now() > deadline) return false;
      await sleep(25);
    }
  }
}
