import type { ConnectorLog } from '../log/connector-log';
import type { Logger } from '../logging/logger';
import type { ConnectorStore } from '../store/store';

/** Most deliveries counted when deliveries resume (claimed and given back at once). */
const COUNT_LIMIT = 5_000;

/**
 * The deliveries of a turn-up due at `now`, for a log entry saying they resume: `count` says "5000 or
 * more" past {@link COUNT_LIMIT}. Claimed and given back at once, attempts and intents untouched.
 */
export async function countWaiting(
  store: ConnectorStore,
  logger: Logger,
  clientId: string,
  platform: string,
  now: number,
): Promise<{ waiting: number; count: string }> {
  let waiting = 0;
  try {
    const claimed = await store.claimDeliveries({ now, leaseMs: 60_000, limit: COUNT_LIMIT, clientId, platform });
    waiting = claimed.length;
    await store.releaseDeliveries(claimed);
  } catch (error) {
    logger.error('counting the deliveries that waited failed', { platform, error });
  }
  return { waiting, count: waiting >= COUNT_LIMIT ? `${COUNT_LIMIT} or more` : String(waiting) };
}

/** One notice about a whole turn-up (its platform down, its call budget spent), to each of its clubs. */
export interface TurnUpNotice {
  clientId: string;
  platform: string;
  level: 'INFO' | 'WARNING';
  summary: string;
  details: Record<string, unknown>;
}

/**
 * Writes a notice about a turn-up to the Connector Log of each of its clubs (the log is per club). A
 * failed write is logged as `what` and does not stop the others: the notice is news, not a record.
 */
export async function writeToClubs(
  store: ConnectorStore,
  log: ConnectorLog,
  logger: Logger,
  clubIds: readonly string[],
  notice: TurnUpNotice,
  what: string,
): Promise<void> {
  const { clientId, platform, level, summary, details } = notice;
  for (const clubId of clubIds) {
    try {
      await store.appendLog(log.outbound({ clientId, clubId, level, platform, summary, details }));
    } catch (error) {
      logger.error(`writing ${what} failed`, { platform, error });
    }
  }
}
