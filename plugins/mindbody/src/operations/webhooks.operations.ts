import { WebhookSignatureError, type WebhookMessage, type WebhookOperations, type WebhookRequest } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import type { MindbodyClient } from '../api/mindbody-api.types';
import { toPlatformPerson, utcInstant } from '../mapping/pulled-client.mapper';
import { MindbodyOptionsToken, type MindbodyOptions } from '../mindbody.options';
import { isMindbodySignature, MINDBODY_SIGNATURE_HEADER } from '../webhooks/mindbody-signature';
import { readWebhookEvents, type MindbodyWebhookEvent } from '../webhooks/webhook-event';

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : typeof value === 'number' ? String(value) : undefined;

/** A location ID as the event carries it: a number, or an object with an ID. */
function locationId(value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    return str(o.id ?? o.Id);
  }
  return str(value);
}

/**
 * Webhooks in, from MINDBODY's Webhooks API. Each request is verified first: `X-Mindbody-Signature` must
 * be `sha256=` + base64 HMAC-SHA256 of the raw body under the turn-up's `webhookSignatureKey`
 * (compared in constant time); else {@link WebhookSignatureError}. Then each event becomes a message
 * with MINDBODY's `messageId` (core deduplicates by it):
 * - client.created / client.updated / client.deactivated carry the whole client: `people` (deactivated:
 *   INACTIVE). An event without the `inactive` flag says only who changed: `changed` (core reads it);
 * - clientMembershipAssignment.created names the client only: `changed`;
 * - events of another site (one subscription covers every site of the developer account) and other
 *   event IDs: the message alone, with nothing to change.
 */
@injectable()
export class MindbodyWebhooks implements WebhookOperations {
  constructor(@inject(MindbodyOptionsToken) private readonly options: MindbodyOptions) {}

  async receive(request: WebhookRequest): Promise<WebhookMessage[]> {
    this.verify(request);
    return readWebhookEvents(request.rawBody).map((event) => this.toMessage(event));
  }

  private verify(request: WebhookRequest): void {
    const key = this.options.webhookSignatureKey;
    if (!key)
      throw new WebhookSignatureError('webhookSignatureKey: not set for this turn-up, so no MINDBODY webhook can be verified', { pluginId: 'mindbody' });
    const header = request.headers[MINDBODY_SIGNATURE_HEADER];
    if (!header) throw new WebhookSignatureError('X-Mindbody-Signature: missing', { pluginId: 'mindbody' });
    if (!isMindbodySignature(header, request.rawBody, key)) {
      throw new WebhookSignatureError('X-Mindbody-Signature: does not match the body signed with webhookSignatureKey', { pluginId: 'mindbody' });
    }
  }

  private toMessage(event: MindbodyWebhookEvent): WebhookMessage {
    const { messageId, eventData: data } = event;
    if (str(data.siteId) !== undefined && str(data.siteId) !== this.options.siteId) return { messageId };
    const clientId = str(data.clientId);
    if (!clientId) return { messageId };
    const platformClubId = locationId(data.homeLocation);
    const named = { messageId, changed: [platformClubId ? { platformId: clientId, platformClubId } : { platformId: clientId }] };
    switch (event.eventId) {
      case 'clientMembershipAssignment.created':
        return named;
      case 'client.created':
      case 'client.updated':
      case 'client.deactivated': {
        const deactivated = event.eventId === 'client.deactivated';
        if (!deactivated && typeof data.inactive !== 'boolean') return named;
        const person = toPlatformPerson(toClient(data, deactivated));
        if (!person) return named;
        // The event has no modified time of the client: the time MINDBODY says the event happened.
        const modifiedAt = utcInstant(event.eventInstanceOriginationDateTime) ?? person.modifiedAt;
        return { messageId, people: [modifiedAt ? { ...person, modifiedAt } : person] };
      }
      default:
        return { messageId };
    }
  }
}

/** The event's client in the Public API's words, so that pull and webhooks map it the same way. */
function toClient(data: Record<string, unknown>, deactivated: boolean): MindbodyClient {
  const location = locationId(data.homeLocation);
  return {
    Id: str(data.clientId),
    FirstName: str(data.firstName),
    LastName: str(data.lastName),
    Email: str(data.email),
    MobilePhone: str(data.mobilePhone),
    HomePhone: str(data.homePhone),
    WorkPhone: str(data.workPhone),
    AddressLine1: str(data.addressLine1),
    AddressLine2: str(data.addressLine2),
    City: str(data.city),
    State: str(data.state),
    PostalCode: str(data.postalCode),
    Country: str(data.country),
    BirthDate: str(data.birthDateTime),
    Gender: str(data.gender),
    ReferredBy: str(data.referredBy),
    CreationDate: str(data.creationDateTime),
    Status: str(data.status),
    IsProspect: data.isProspect === true,
    Active: deactivated ? false : data.inactive !== true,
    HomeLocation: location !== undefined && /^\d+$/.test(location) ? { Id: Number(location) } : undefined,
  };
}
