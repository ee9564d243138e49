/** INFO (saved), WARNING (saved, something missing or dropped), ERROR (not saved, and why). */
export type LogLevel = 'INFO' | 'WARNING' | 'ERROR';
/** OUTBOUND: the hub sent to a platform. INBOUND: a platform sent to the hub. */
export type LogDirection = 'INBOUND' | 'OUTBOUND';

/** One entry of a club's Connector Log. */
export interface LogEntry {
  id: number;
  clientId: string;
  clubId: string;
  level: LogLevel;
  direction: LogDirection;
  /** The receiving platform (OUTBOUND) or the sending provider (INBOUND). */
  platform: string;
  recordUuid?: string;
  deliveryId?: string;
  /** Who the entry is about, e.g. "Jane Doe <jane@example.com>". */
  person?: string;
  /** One line naming the person and the direction, e.g. "Jane Doe (prospect) entered in INTOUCH and sent to Acme". */
  summary: string;
  /** What was sent, what the platform answered, why it failed: redacted before it is stored. */
  details?: Record<string, unknown>;
  /** ISO-8601 UTC. */
  createdAt: string;
}

/** A new log entry (the store assigns the id and, unless given, the time). */
export type NewLogEntry = Omit<LogEntry, 'id' | 'createdAt'> & { createdAt?: string };

/** Filters of {@link LogStore.listLog}; newest first. */
export interface LogQuery {
  clientId: string;
  clubId?: string;
  level?: LogLevel;
  platform?: string;
  direction?: LogDirection;
  recordUuid?: string;
  /** Matches the person or summary, case-insensitively. */
  search?: string;
  /** ISO-8601 bounds, inclusive. */
  since?: string;
  until?: string;
  /** Entries with an id below this one (paging, newest first). */
  beforeId?: number;
  limit?: number;
}

/**
 * The Connector Log. An entry about a delivery is written with the delivery's outcome, in its
 * transaction, by the composite {@link ConnectorStore} (`finishDeliveries`, `rescheduleDelivery`,
 * `deadLetter`); `appendLog` is for entries that stand alone (an inbound refusal).
 */
export interface LogStore {
  appendLog(entry: NewLogEntry): Promise<LogEntry>;
  listLog(query: LogQuery): Promise<LogEntry[]>;
}
