import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError, WebhookSignatureError, type WebhookMessage, type WebhookOperations, type WebhookRequest } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import { AcmeOptionsToken, type AcmeOptions } from '../acme.options';
import type { AcmeWebhookEvent } from '../api/acme-api.types';
import { fromAcmePerson } from '../mapping/person.mapper';

/** How old a signed time stamp may be (either way) before the request is taken for a replay. */
const TOLERANCE_SECONDS = 300;

/**
 * Acme's webhooks (README.md, "Webhooks"): `Acme-Signature: v1=<hex HMAC-SHA256 of
 * "<Acme-Webhook-Id>.<Acme-Webhook-Timestamp>.<raw body>">` with the turn-up's `webhookSecret`, a time
 * stamp within 5 minutes, then the event's person. The event ID is the message ID core deduplicates by.
 */
@injectable()
export class AcmeWebhooks implements WebhookOperations {
  constructor(@inject(AcmeOptionsToken) private readonly options: AcmeOptions) {}

  async receive(request: WebhookRequest): Promise<WebhookMessage[]> {
    const secret = this.options.webhookSecret;
    if (!secret) throw new WebhookSignatureError('this turn-up has no webhookSecret: Acme webhooks cannot be verified, so none is taken');
    const id = request.headers['acme-webhook-id'];
    const timestamp = request.headers['acme-webhook-timestamp'];
    const signature = request.headers['acme-signature'];
    if (!id || !timestamp || !signature) throw new WebhookSignatureError('Acme-Webhook-Id, Acme-Webhook-Timestamp and Acme-Signature are required');
    if (!/^\d+$/.test(timestamp) || Math.abs(request.receivedAt / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) {
      throw new WebhookSignatureError('Acme-Webhook-Timestamp is not within 5 minutes of now (a replay, or a clock far off)');
    }
    const expected = createHmac('sha256', secret).update(`${id}.${timestamp}.`).update(request.rawBody).digest();
    const given = Buffer.from(signature.replace(/^v1=/, ''), 'hex');
    if (!signature.startsWith('v1=') || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new WebhookSignatureError('Acme-Signature does not match the body signed with the webhookSecret');
    }
    let event: AcmeWebhookEvent;
    try {
      event = JSON.parse(request.rawBody.toString('utf8')) as AcmeWebhookEvent;
    } catch {
      throw new ValidationError('the webhook body is not JSON', { field: 'body' });
    }
    if (event?.type !== 'person.changed' || !event.person?.id) return [{ messageId: id }];
    return [{ messageId: id, people: [fromAcmePerson(event.person)] }];
  }
}
