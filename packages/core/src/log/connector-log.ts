import type { Redactor } from '../logging/redactor';
import type { NewLogEntry } from '../store/store';

/** What an OUTBOUND entry says: a delivery to a platform (`platform`, the receiving one), or why there was none. */
export type OutboundEntry = Omit<NewLogEntry, 'direction' | 'createdAt'>;

/** What an INBOUND entry says: a record a provider sent, refused (ERROR) or taken with a remark (WARNING). */
export type InboundEntry = Omit<NewLogEntry, 'direction' | 'createdAt' | 'platform' | 'deliveryId'> & {
  /** The sending provider (the entry's platform). */
  provider: string;
};

/**
 * The one writer of Connector Log entries, INBOUND and OUTBOUND: every entry's person, summary and
 * details are redacted here, so neither the engine nor the intake can forget to. It builds entries;
 * the caller stores them (the engine in the transaction that finishes a delivery, the intake at once).
 */
export class ConnectorLog {
  constructor(private readonly redactor: Redactor) {}

  /** An entry about a delivery to a platform. */
  outbound(entry: OutboundEntry): NewLogEntry {
    return this.entry('OUTBOUND', entry.platform, entry);
  }

  /** An entry about a record a provider sent to the hub. */
  inbound(entry: InboundEntry): NewLogEntry {
    return this.entry('INBOUND', entry.provider, entry);
  }

  private entry(direction: NewLogEntry['direction'], platform: string, entry: OutboundEntry | InboundEntry): NewLogEntry {
    const out: NewLogEntry = {
      clientId: entry.clientId,
      clubId: entry.clubId,
      level: entry.level,
      direction,
      platform,
      summary: this.redactor.redactString(entry.summary),
    };
    if (entry.recordUuid !== undefined) out.recordUuid = entry.recordUuid;
    if ('deliveryId' in entry && entry.deliveryId !== undefined) out.deliveryId = entry.deliveryId;
    if (entry.person !== undefined) out.person = this.redactor.redactString(entry.person);
    if (entry.details !== undefined) out.details = this.redactor.redact(entry.details);
    return out;
  }
}
