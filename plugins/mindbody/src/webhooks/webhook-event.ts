import { ValidationError } from '@connector/core/plugin';

/** The client events the plugin turns into changes (the others are acknowledged and ignored). */
export const MINDBODY_CLIENT_EVENT_IDS = ['client.created', 'client.updated', 'client.deactivated', 'clientMembershipAssignment.created'] as const;

/** One event as the Webhooks API posts it. */
export interface MindbodyWebhookEvent {
  messageId: string;
  eventId: string;
  eventSchemaVersion?: number;
  eventInstanceOriginationDateTime?: string;
  eventData: Record<string, unknown>;
}

/** Reads a webhook body (one event per request; a list of events is read too). */
export function readWebhookEvents(rawBody: Buffer): MindbodyWebhookEvent[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new ValidationError('body: not JSON', { pluginId: 'mindbody', field: 'body' });
  }
  const events = Array.isArray(parsed) ? parsed : [parsed];
  return events.map((event: unknown, index) => {
    const at = Array.isArray(parsed) ? `body[${index}]` : 'body';
    const e = (event ?? {}) as Record<string, unknown>;
    if (typeof e.messageId !== 'string' || e.messageId === '')
      throw new ValidationError(`${at}.messageId: is required`, { pluginId: 'mindbody', field: `${at}.messageId` });
    if (typeof e.eventId !== 'string' || e.eventId === '')
      throw new ValidationError(`${at}.eventId: is required`, { pluginId: 'mindbody', field: `${at}.eventId` });
    if (typeof e.eventData !== 'object' || e.eventData === null || Array.isArray(e.eventData)) {
      throw new ValidationError(`${at}.eventData: must be an object`, { pluginId: 'mindbody', field: `${at}.eventData` });
    }
    return e as unknown as MindbodyWebhookEvent;
  });
}
