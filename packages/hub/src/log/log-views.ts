import { describeRecord, type Client, type Delivery, type HubRecord, type Link, type LogEntry, type Redactor } from '@connector/core';
import { clubLocalTime } from './club-time';

/** The club's time zone (UTC for a club no longer configured). */
export function clubTimeZone(client: Client | undefined, clubId: string): string {
  return client?.clubs.find((club) => club.id === clubId)?.timeZone ?? 'UTC';
}

/** A log entry with its time rendered in the club's time zone; details are redacted once more on the way out. */
export function logEntryView(entry: LogEntry, client: Client | undefined, redactor: Redactor): Record<string, unknown> {
  const timeZone = clubTimeZone(client, entry.clubId);
  return { ...entry, ...(entry.details ? { details: redactor.redact(entry.details) } : {}), localTime: clubLocalTime(entry.createdAt, timeZone), timeZone };
}

/** A delivery as the API shows it (lease internals left out; the platform's error redacted). */
export function deliveryView(delivery: Delivery, redactor: Redactor, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: delivery.id,
    recordUuid: delivery.recordUuid,
    clientId: delivery.clientId,
    clubId: delivery.clubId,
    platform: delivery.platform,
    kind: delivery.kind,
    state: delivery.state,
    attempts: delivery.attempts,
    nextAttemptAt: new Date(delivery.nextAttemptAt).toISOString(),
    ...(delivery.lastError !== undefined ? { lastError: redactor.redactString(delivery.lastError) } : {}),
    ...(delivery.lastErrorCode !== undefined ? { lastErrorCode: delivery.lastErrorCode } : {}),
    ...extra,
    createdAt: delivery.createdAt,
    updatedAt: delivery.updatedAt,
  };
}

/** A link to a platform record; `delivered` says whether the platform holds the current content. */
export function linkView(link: Link, record: HubRecord): Record<string, unknown> {
  return {
    platform: link.platform,
    platformRecordId: link.platformRecordId,
    linkedType: link.linkedType,
    delivered: link.deliveredHash === record.hash,
    updatedAt: link.updatedAt,
  };
}

/** Who a hub record is about, for lists of dead letters (as the Connector Log names them). */
export function recordPerson(record: HubRecord | undefined): string | undefined {
  return record ? describeRecord(record.kind, record.content).person : undefined;
}
