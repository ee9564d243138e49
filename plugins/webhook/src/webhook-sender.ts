import { randomUUID } from 'node:crypto';
import {
  ClientToken,
  NotFoundError,
  PlatformRejectedError,
  RestTransportToken,
  TurnUpToken,
  type Client,
  type PersonWrite,
  type RestTransport,
  type TurnUp,
} from '@connector/core/plugin';
import { Webhook } from 'standardwebhooks';
import { inject, injectable } from 'tsyringe';
import { WebhookOptionsToken, type WebhookOptions } from './webhook.options';
import { webhookId, type CheckEvent, type PersonEvent, type PersonEventType } from './webhook-event';

/**
 * Posts signed events to the turn-up's URL through core's REST transport (which owns timeouts, retries,
 * Retry-After, pacing and the status → error mapping). Signed with the `standardwebhooks` package.
 */
@injectable()
export class WebhookSender {
  private readonly signer: Webhook;

  constructor(
    @inject(RestTransportToken) private readonly http: RestTransport,
    @inject(WebhookOptionsToken) options: WebhookOptions,
    @inject(ClientToken) private readonly client: Client,
    @inject(TurnUpToken) private readonly turnUp: TurnUp,
  ) {
    this.signer = new Webhook(options.secret);
  }

  /** Posts a person's change; answers the receiver's ID for the person (its `id` if it answered one, else the hub's). */
  async sendPerson(type: PersonEventType, write: PersonWrite, receiverId?: string): Promise<string> {
    const event: PersonEvent = {
      type,
      timestamp: new Date().toISOString(),
      data: {
        hubId: write.hubId,
        ...(write.version !== undefined ? { version: write.version } : {}),
        clientId: this.client.id,
        ...(this.turnUp.platformClientId ? { platformClientId: this.turnUp.platformClientId } : {}),
        club: write.club,
        ...(receiverId ? { receiverId } : {}),
        person: write.person,
      },
    };
    const answer = await this.post(webhookId(write), event);
    const id = answer && typeof answer === 'object' ? (answer as { id?: unknown }).id : undefined;
    return typeof id === 'string' && id.length > 0 ? id : (receiverId ?? write.hubId);
  }

  /** Posts a `connector.check` event (a fresh id each time: it is not a change). */
  async sendCheck(): Promise<void> {
    const event: CheckEvent = { type: 'connector.check', timestamp: new Date().toISOString(), data: { clientId: this.client.id } };
    await this.post(`msg_check_${randomUUID()}`, event);
  }

  private async post(id: string, event: PersonEvent | CheckEvent): Promise<unknown> {
    // The exact bytes signed are the bytes sent: the body goes as this string.
    const body = JSON.stringify(event);
    const sentAt = new Date();
    const headers = {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': this.signer.sign(id, sentAt, body),
    };
    try {
      // Repeatable: a receiver keeps the ids it processed, so a repeat after a timeout acts once.
      return (await this.http.post('', body, { headers, idempotent: true })).data;
    } catch (error) {
      // A 404 is a wrong URL here, not "the record is gone": a dead letter like any other 4xx.
      if (error instanceof NotFoundError) throw new PlatformRejectedError(error.message, { pluginId: 'webhook', status: 404, cause: error });
      throw error;
    }
  }
}
