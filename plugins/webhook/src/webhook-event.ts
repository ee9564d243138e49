import { createHash } from 'node:crypto';
import type { PersonWrite } from '@connector/core/plugin';

/** What happened to the person, as the event's `type` says it. */
export type PersonEventType = 'prospect.created' | 'prospect.updated' | 'member.created' | 'member.updated' | 'member.converted';

/**
 * The JSON a receiver gets, in the Standard Webhooks payload form (`type`, `timestamp`, `data`). `data`
 * is the hub's record: its UUID and version, the hub client, the club in both words, and the person in
 * the hub model's field names (lead source by name, staff owner by email).
 */
export interface PersonEvent {
  type: PersonEventType;
  /** When the hub sent this attempt (ISO-8601). */
  timestamp: string;
  data: {
    hubId: string;
    version?: number;
    clientId: string;
    platformClientId?: string;
    club: { hubClubId: string; platformClubId: string; timeZone: string };
    /** The ID the receiver answered for this person earlier (absent on a create). */
    receiverId?: string;
    person: PersonWrite['person'];
  };
}

/** The check's event: proves the URL answers and the receiver verifies the signature. */
export interface CheckEvent {
  type: 'connector.check';
  timestamp: string;
  data: { clientId: string };
}

/**
 * The `webhook-id` of one delivery of one version of a hub record to this turn-up: the same on every
 * retry, after a crash and on a dead-letter replay, so a receiver that keeps the ids it processed acts
 * once (the Standard Webhooks idempotency rule). Another version, or another webhook turn-up (core's
 * idempotency key is per platform), gets another id.
 */
export function webhookId(write: Pick<PersonWrite, 'hubId' | 'version' | 'idempotencyKey'>): string {
  const scope = write.idempotencyKey ?? write.hubId;
  const digest = createHash('sha256')
    .update(`connector-webhook\u0000${scope}\u0000${write.version ?? 0}`)
    .digest('base64url');
  return `msg_${digest.slice(0, 32)}`;
}
