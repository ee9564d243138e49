import type { LogEntry, LogLevel } from '@connector/core';
import type { OpenedConnector } from '../config/cli-config';

/** What {@link deliverNow} did. */
export interface DeliverNowResult {
  /** False when deliveries were still queued or retrying at the deadline. */
  settled: boolean;
  /** The OUTBOUND Connector Log entries written meanwhile (the deliveries), oldest first. */
  entries: LogEntry[];
  counts: Record<LogLevel, number>;
}

/**
 * Runs the workers of this process until the queue is empty (or the deadline), for commands used
 * without a running `connector serve`. Deliveries still waiting for a retry at the deadline stay queued
 * in the store; a later `serve` picks them up.
 */
export async function deliverNow(opened: OpenedConnector, clientIds: string[], timeoutMs: number): Promise<DeliverNowResult> {
  const since = new Date(Date.now() - 1000).toISOString();
  opened.connector.start();
  const settled = await opened.connector.drain(timeoutMs);
  await opened.connector.stop(2_000);
  const entries: LogEntry[] = [];
  // Deliveries only: a refused import line has its INBOUND entry too, and it is not a delivery.
  for (const clientId of clientIds) entries.push(...(await opened.store.listLog({ clientId, since, direction: 'OUTBOUND', limit: 1000 })));
  entries.sort((a, b) => a.id - b.id);
  const counts: Record<LogLevel, number> = { INFO: 0, WARNING: 0, ERROR: 0 };
  for (const entry of entries) counts[entry.level]++;
  return { settled, entries, counts };
}
