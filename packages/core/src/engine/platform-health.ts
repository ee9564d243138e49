import type { ConnectorError } from '../errors/connector-error';
import type { ConnectorLog } from '../log/connector-log';
import type { Logger } from '../logging/logger';
import type { ConnectorStore } from '../store/store';
import { countWaiting, writeToClubs } from './turn-up-notices';

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

  private write(clientId: string, platform: string, level: 'INFO' | 'WARNING', summary: string, details: Record<string, unknown>): Promise<void> {
    return writeToClubs(
      this.store,
      this.options.log,
      this.logger,
      this.options.clubIds,
      { clientId, platform, level, summary, details },
      'a platform health entry',
    );
  }
}
