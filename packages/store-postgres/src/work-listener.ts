import type pg from 'pg';
import { INVALIDATE_ALL, type Logger } from '@connector/core';
import { createClient, describeUrl, quoteIdent, type PostgresPoolOptions } from './connection';
import { describeConnectFailure } from './pg-error';

/** Told the client ID of every commit that queued deliveries, on any hub. */
export type WorkListenerCallback = (clientId: string) => void;

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;

/** The NOTIFY channel of a store schema: hubs on other schemas of the same database are not woken. */
export function workChannel(schema: string): string {
  return `connector_work_${schema}`.slice(0, 63);
}

/** The NOTIFY channel of cache invalidations on a store schema (beside its work channel). */
export function invalidationChannel(schema: string): string {
  return `connector_inval_${schema}`.slice(0, 63);
}

/** Told every cache invalidation published on the schema, by any hub (itself included). */
export type InvalidationCallback = (key: string) => void;

/**
 * One LISTEN connection per store, opened at the first subscription: every hub's saves NOTIFY the
 * channel with the client ID in the transaction that queues deliveries (so the notice arrives only once
 * they are committed), and idle workers of every hub wake at once instead of at their next poll.
 *
 * The same connection listens to the schema's cache invalidations ({@link invalidationChannel}).
 *
 * A lost connection is opened again with backoff. Meanwhile nothing is lost: workers still poll (every
 * 500 ms by default), the notices only make them quicker. Invalidations sent meanwhile are missed, so
 * each time the connection is (again) up, the invalidation listeners hear `INVALIDATE_ALL`.
 */
export class WorkListener {
  private readonly listeners = new Set<WorkListenerCallback>();
  private readonly invalidationListeners = new Set<InvalidationCallback>();
  private client?: pg.Client;
  private connecting = false;
  private closed = false;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer?: NodeJS.Timeout;

  constructor(
    private readonly url: string,
    private readonly schema: string,
    private readonly pool: PostgresPoolOptions,
    private readonly logger?: Logger,
  ) {}

  /** Calls `listener` on every notice until the answered function is called. */
  subscribe(listener: WorkListenerCallback): () => void {
    this.listeners.add(listener);
    this.connectOnce();
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Calls `listener` with every cache invalidation until the answered function is called. */
  subscribeInvalidations(listener: InvalidationCallback): () => void {
    this.invalidationListeners.add(listener);
    this.connectOnce();
    return () => {
      this.invalidationListeners.delete(listener);
    };
  }

  private connectOnce(): void {
    if (!this.client && !this.connecting && !this.retryTimer && !this.closed) void this.connect();
  }

  /** Resolves once the LISTEN connection is up (for tests and start-up); false if it could not be made. */
  async ready(): Promise<boolean> {
    for (let i = 0; i < 200 && !this.client && !this.closed; i++) await new Promise((r) => setTimeout(r, 25));
    return !!this.client;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    this.connecting = true;
    const client = createClient(this.url, this.schema, this.pool);
    const invalidations = invalidationChannel(this.schema);
    client.on('notification', (message) => {
      if (!message.payload) return;
      if (message.channel === invalidations) for (const listener of this.invalidationListeners) listener(message.payload);
      else for (const listener of this.listeners) listener(message.payload);
    });
    client.on('error', (error) => this.lost(client, error));
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdent(workChannel(this.schema))}`);
      await client.query(`LISTEN ${quoteIdent(invalidations)}`);
      if (this.closed) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      this.retryMs = FIRST_RETRY_MS;
      // Invalidations published before this connection listened were not heard: drop everything.
      for (const listener of this.invalidationListeners) listener(INVALIDATE_ALL);
    } catch (error) {
      this.lost(client, error);
    } finally {
      this.connecting = false;
    }
  }

  private lost(client: pg.Client, error: unknown): void {
    if (this.client === client) this.client = undefined;
    void client.end().catch(() => undefined);
    if (this.closed || this.retryTimer) return;
    this.logger?.warn(`Postgres store: the wake-up connection failed; workers poll until it is back (${describeConnectFailure(error, describeUrl(this.url))})`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.closed && !this.client && !this.connecting) void this.connect();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
  }
}
