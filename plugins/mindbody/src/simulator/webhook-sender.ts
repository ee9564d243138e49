import { randomUUID } from 'node:crypto';
import { mindbodySignature, MINDBODY_SIGNATURE_HEADER } from '../webhooks/mindbody-signature';
import type { WebhookSubscriptions } from './webhook-subscriptions';

/** One webhook request the simulator sent (or tried to), as it went on the wire. */
export interface SentWebhook {
  messageId: string;
  eventId: string;
  subscriptionId: string;
  url: string;
  /** The raw JSON body. */
  body: string;
  /** The `X-Mindbody-Signature` header it carried. */
  signature: string;
  /** The HTTP status the webhook URL answered, or the error when it could not be reached. */
  status?: number;
  error?: string;
}

/**
 * Sends MINDBODY's webhook requests to every Active subscription of an event: one POST per event, the
 * body `{ messageId, eventId, eventSchemaVersion, eventInstanceOriginationDateTime, eventData }`, signed
 * in X-Mindbody-Signature with the subscription's messageSignatureKey. Sends run in the background;
 * `settled()` waits for them (tests), `redeliver(messageId)` sends the very same request again, as
 * MINDBODY does when it retries a message.
 */
export class WebhookSender {
  private readonly sent: SentWebhook[] = [];
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly subscriptions: WebhookSubscriptions,
    private readonly now: () => string,
  ) {}

  /** Sends `eventData` as `eventId` to every Active subscription of it. */
  publish(eventId: string, eventData: Record<string, unknown>): void {
    for (const subscription of this.subscriptions.activeFor(eventId)) {
      const body = JSON.stringify({
        messageId: randomUUID(),
        eventId,
        eventSchemaVersion: subscription.eventSchemaVersion,
        eventInstanceOriginationDateTime: this.now(),
        eventData,
      });
      const message: SentWebhook = {
        messageId: (JSON.parse(body) as { messageId: string }).messageId,
        eventId,
        subscriptionId: subscription.subscriptionId,
        url: subscription.webhookUrl,
        body,
        signature: mindbodySignature(body, subscription.messageSignatureKey),
      };
      this.track(this.post(message));
    }
  }

  /** Sends an already-sent message again, byte for byte (MINDBODY's redelivery). */
  redeliver(messageId: string): void {
    const original = this.sent.find((message) => message.messageId === messageId);
    if (!original) throw new Error(`No webhook message ${messageId} was sent`);
    this.track(this.post({ ...original, status: undefined, error: undefined }));
  }

  /** Every request sent so far, redeliveries included, in order. */
  messages(): SentWebhook[] {
    return this.sent.map((message) => ({ ...message }));
  }

  /** Waits until every request started so far has been answered (or failed). */
  async settled(): Promise<void> {
    // Bounded: each round awaits what was started before it; sends start no further sends.
    for (let round = 0; round < 10 && this.pending.size > 0; round++) await Promise.allSettled([...this.pending]);
  }

  private track(send: Promise<void>): void {
    this.pending.add(send);
    void send.finally(() => this.pending.delete(send));
  }

  private async post(message: SentWebhook): Promise<void> {
    this.sent.push(message);
    try {
      const answer = await fetch(message.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [MINDBODY_SIGNATURE_HEADER]: message.signature },
        body: message.body,
      });
      message.status = answer.status;
      await answer.arrayBuffer();
    } catch (error) {
      message.error = error instanceof Error ? error.message : String(error);
    }
  }
}
