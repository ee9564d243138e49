import type { CallBudget, ConnectorStore, DeliveryOutcome, Logger } from '@connector/core';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Methods counted by name; any other is `other` (a caller must not add label values at will). */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The result of an inbound save, as counted. */
export type SaveResultLabel = 'created' | 'updated' | 'unchanged' | 'rejected';

/** A turn-up's call budget, as the metrics name it. */
export interface WatchedCallBudget {
  clientId: string;
  platform: string;
  budget: CallBudget;
}

/**
 * The hub's Prometheus metrics, in a registry of its own (two hubs in one process do not collide):
 * deliveries by platform and outcome, delivery latency, queue depth by state (read from the store at
 * scrape time), inbound saves by API, kind and result, group-commit batch sizes, where JSON batch
 * bodies were read, and Node's defaults.
 */
export class HubMetrics {
  readonly registry = new Registry();
  private readonly deliveries: Counter<'platform' | 'outcome'>;
  private readonly deliveryLatency: Histogram<'platform'>;
  private readonly saves: Counter<'api' | 'kind' | 'result'>;
  private readonly batchSize: Histogram;
  private readonly batchReads: Counter<'on'>;
  private readonly refusals: Counter<'method' | 'route' | 'status'>;
  private readonly callBudget: Gauge<'client' | 'platform'>;
  private budgets: readonly WatchedCallBudget[] = [];

  constructor(store: ConnectorStore, logger: Logger) {
    const registers = [this.registry];
    this.deliveries = new Counter({
      name: 'connector_deliveries_total',
      help: 'Delivery attempts by receiving platform and outcome (delivered, unchanged, skipped, retrying, dead, waiting: the call budget was spent).',
      labelNames: ['platform', 'outcome'],
      registers,
    });
    this.deliveryLatency = new Histogram({
      name: 'connector_delivery_duration_seconds',
      help: 'Time of one delivery attempt, platform calls included.',
      labelNames: ['platform'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    new Gauge({
      name: 'connector_queue_depth',
      help: 'Deliveries in the durable queue by state (pending, leased, done, dead).',
      labelNames: ['state'],
      registers,
      async collect() {
        try {
          const depth = await store.queueDepth();
          for (const [state, count] of Object.entries(depth)) this.set({ state }, count);
        } catch (error) {
          logger.warn('metrics: the queue depth could not be read', { error });
        }
      },
    });
    this.saves = new Counter({
      name: 'connector_http_saves_total',
      help: 'Records received over HTTP by API (xml, json), kind and result (created, updated, unchanged, rejected).',
      labelNames: ['api', 'kind', 'result'],
      registers,
    });
    this.batchSize = new Histogram({
      name: 'connector_group_commit_batch_size',
      help: 'Records written per store transaction by group commit.',
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
      registers,
    });
    this.batchReads = new Counter({
      name: 'connector_json_batches_read_total',
      help: 'JSON batch bodies by where they were read: on a batch reader thread (thread) or on the event loop (event_loop: small bodies, threads off or starting).',
      labelNames: ['on'],
      registers,
    });
    this.refusals = new Counter({
      name: 'connector_http_refused_total',
      help: 'Requests answered 4xx or 5xx, by method, route pattern (unmatched: no route) and status: every refusal, a body that does not parse included.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.callBudget = new Gauge({
      name: 'connector_platform_call_budget',
      help: "Calls a day a turn-up's callBudget allows, by client and platform (turn-ups without a budget are absent).",
      labelNames: ['client', 'platform'],
      registers,
    });
    const watched = () => this.budgets;
    new Gauge({
      name: 'connector_platform_calls_spent',
      help: "Calls of today's budget spent, by client and platform, by every hub on the store (read from the store at scrape time).",
      labelNames: ['client', 'platform'],
      registers,
      async collect() {
        for (const { clientId, platform, budget } of watched()) {
          try {
            this.set({ client: clientId, platform }, (await budget.usage()).spent);
          } catch (error) {
            logger.warn('metrics: the calls spent of a call budget could not be read', { client: clientId, platform, error });
          }
        }
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'connector_' });
  }

  /** The turn-ups' call budgets to show (read at scrape time). */
  watchCallBudgets(budgets: readonly WatchedCallBudget[]): void {
    this.budgets = budgets;
    for (const { clientId, platform, budget } of budgets) this.callBudget.set({ client: clientId, platform }, budget.perDay);
  }

  /** For Connector.create's onDelivery. */
  readonly observeDelivery = (event: { platform: string; outcome: DeliveryOutcome; ms: number }): void => {
    this.deliveries.inc({ platform: event.platform, outcome: event.outcome });
    this.deliveryLatency.observe({ platform: event.platform }, event.ms / 1000);
  };

  /** `count` saves with the same labels (a batch counts its items once per label set: an inc costs ~0.75 us). */
  observeSave(api: 'xml' | 'json', kind: string, result: SaveResultLabel, count = 1): void {
    this.saves.inc({ api, kind, result }, count);
  }

  /** One refused request; `route` is the route's pattern (never the URL: it may hold a key sent in the wrong place). */
  observeRefusal(method: string, route: string | undefined, status: number): void {
    this.refusals.inc({ method: METHODS.has(method) ? method : 'other', route: route ?? 'unmatched', status: String(status) });
  }

  observeBatchRead(on: 'thread' | 'event_loop'): void {
    this.batchReads.inc({ on });
  }

  observeBatch(size: number): void {
    this.batchSize.observe(size);
  }
}
