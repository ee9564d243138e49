import type { ConnectorError } from '../errors/connector-error';
import type { ConnectorLog } from '../log/connector-log';
import type { Logger } from '../logging/logger';
import type { ConnectorStore } from '../store/store';

/** What a worker needs to tell its clubs that their platform went down and came back. */
export interface PlatformHealthOptions {
  /** The platform's name in log summaries ("Acme"). */
  displayName: string;
  /** The hub's clubs of the turn-up: the Connector Log is per club, so each gets the entries. */
  clubIds: readonly string[];
  /** Asks the platform whether it answers (the plugin's `check`); rejects when it does not. */
  probe: () => Promise<unknown>;
  /** The Connector Log's writer (redaction). */
  log: ConnectorLog;
}

/** Most deliveries counted when a platform answers again (claimed and given back at once). */
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

/**
 * The Connector Log's side of a worker's circuit breaker: one WARNING per club when the platform stops
 * answering, one INFO per club when it answers again, instead of an entry per failed attempt.
 */
export class PlatformHealth {
  constructor(
    private readonly options: PlatformHealthOptions,
    private readonly store: ConnectorStore,
    private readonly logger: Logger,
  ) {}

  probe(): Promise<unknown> {
    return this.options.probe();
  }

  /** The circuit opened on `error`. */
  async down(clientId: string, platform: string, error: ConnectorError): Promise<void> {
    const reason = error.message;
    await this.write(clientId, platform, 'WARNING', `${this.options.displayName} is not answering (${reason}): deliveries paused, retrying`, {
      code: error.code,
      status: error.status,
      reason,
      circuit: 'open',
    });
  }

  /** The circuit closed: counts the deliveries that wait (those due now), and says so. */
  async recovered(clientId: string, platform: string, now: number): Promise<void> {
    const { waiting, count } = await countWaiting(this.store, this.logger, clientId, platform, now);
    await this.write(clientId, platform, 'INFO', `${this.options.displayName} answers again: ${count} deliveries resumed`, {
      circuit: 'closed',
      resumed: waiting,
    });
  }

  private async write(clientId: string, platform: string, level: 'INFO' | 'WARNING', summary: string, details: Record<string, unknown>): Promise<void> {
    for (const clubId of this.options.clubIds) {
      try {
        await this.store.appendLog(this.options.log.outbound({ clientId, clubId, level, platform, summary, details }));
      } catch (error) {
        this.logger.error('writing a platform health entry failed', { platform, error });
      }
    }
  }
}
