import { createHmac } from 'node:crypto';
import type { AcmePersonRecord } from './acme.database';

/** Where the simulator sends its webhooks, and the secret it signs them with. */
export interface AcmeWebhookTarget {
  url: string;
  secret: string;
}

/** One webhook the simulator sent, and what the receiver answered (0: no answer). */
export interface AcmeSentWebhook {
  id: string;
  status: number;
}

/**
 * Acme's signed webhooks (README.md, "Webhooks"): a POST of `{ id, type: "person.changed", createdAt,
 * person }` with `Acme-Webhook-Id`, `Acme-Webhook-Timestamp` (Unix seconds) and
 * `Acme-Signature: v1=<hex HMAC-SHA256 of "<id>.<timestamp>.<raw body>" with the endpoint's secret>`.
 */
export class AcmeWebhookSender {
  private target: AcmeWebhookTarget | undefined;
  private sequence = 0;
  private last: { id: string; body: string } | undefined;
  readonly sent: AcmeSentWebhook[] = [];

  setTarget(target: AcmeWebhookTarget | undefined): void {
    this.target = target;
  }

  /** Sends a person.changed event, when a target is set; resolves with the receiver's status. */
  async personChanged(person: AcmePersonRecord): Promise<number | undefined> {
    if (!this.target) return undefined;
    const id = `evt_${++this.sequence}`;
    const body = JSON.stringify({ id, type: 'person.changed', createdAt: new Date().toISOString(), person });
    this.last = { id, body };
    return this.send(id, body, this.target.secret);
  }

  /** Sends the last event again, as Acme does when it saw no 2xx (same ID, signed anew). */
  async redeliverLast(): Promise<number | undefined> {
    if (!this.target || !this.last) return undefined;
    return this.send(this.last.id, this.last.body, this.target.secret);
  }

  /** Sends the last event signed with another secret (a forgery), for tests of the receiver. */
  async forgeLast(): Promise<number | undefined> {
    if (!this.target || !this.last) return undefined;
    return this.send(`${this.last.id}_forged`, this.last.body, `not-${this.target.secret}`);
  }

  private async send(id: string, body: string, secret: string): Promise<number> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('hex');
    let status = 0;
    try {
      const response = await fetch(this.target!.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'acme-webhook-id': id, 'acme-webhook-timestamp': timestamp, 'acme-signature': `v1=${signature}` },
        body,
      });
      status = response.status;
      await response.arrayBuffer();
    } catch {
      status = 0;
    }
    this.sent.push({ id, status });
    return status;
  }
}
