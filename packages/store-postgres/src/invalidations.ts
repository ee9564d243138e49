import { INVALIDATE_ALL, type InvalidationBus } from '@connector/core';
import type { RunStatement } from './idempotency';
import { invalidationChannel, type InvalidationCallback, type WorkListener } from './work-listener';

/** NOTIFY payloads must be shorter than 8000 bytes (Postgres's default build). */
const MAX_PAYLOAD_BYTES = 7999;

/**
 * Cache invalidations across the hubs on a schema: a NOTIFY on the schema's invalidation channel, heard
 * on the LISTEN connection that also wakes workers. A key too long for a payload, or holding a NUL
 * (which text cannot), is sent as `INVALIDATE_ALL`.
 */
export class PostgresInvalidations implements InvalidationBus {
  private readonly channel: string;

  constructor(
    private readonly rows: RunStatement,
    schema: string,
    private readonly listener: WorkListener,
  ) {
    this.channel = invalidationChannel(schema);
  }

  async publishInvalidation(key: string): Promise<void> {
    const fits = Buffer.byteLength(key, 'utf8') <= MAX_PAYLOAD_BYTES && !key.includes('\u0000') && key !== '';
    await this.rows('publish a cache invalidation', 'SELECT pg_notify($1, $2)', [this.channel, fits ? key : INVALIDATE_ALL]);
  }

  onInvalidation(listener: InvalidationCallback): () => void {
    return this.listener.subscribeInvalidations(listener);
  }
}
