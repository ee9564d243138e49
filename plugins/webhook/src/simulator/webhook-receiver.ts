import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PlatformSimulator, SimulatedPerson } from '@connector/testing';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { PersonEvent } from '../webhook-event';

/** The path the receiver listens on (the turn-up's `connection.path`). */
const PATH = '/hooks/connector';

/** One POST the receiver got, verified or not, in order of arrival. */
export interface ReceivedWebhook {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  /** The body as received (the signed bytes). */
  body: string;
  /** True when the signature matched the receiver's secret. */
  verified: boolean;
  /** True when this id had been processed before (a retry or a replay): not acted on again. */
  duplicate: boolean;
  /** What the receiver answered (the status, or `timeout` when the answer came after the caller gave up). */
  status: number;
  /** The parsed body, when verified. */
  event?: PersonEvent | { type: 'connector.check'; data: unknown };
}

/** The next requests' fault: a status answered without acting, or an answer held back after acting. */
type Fault = { kind: 'status'; status: number } | { kind: 'delay'; ms: number };

/**
 * A webhook receiver for tests and demos: an HTTP server on 127.0.0.1 that verifies each signature with
 * `standardwebhooks` (401 when it fails), processes each webhook-id once (a repeat is answered as the
 * first, and counted), records everything it got, and fails on demand: statuses, or answers held longer
 * than the sender's timeout (the event is processed first, as a slow receiver would).
 */
export class WebhookReceiver implements PlatformSimulator {
  /** The receiver's signing secret, in the Standard Webhooks form. */
  readonly secret = `whsec_${randomBytes(32).toString('base64')}`;
  private readonly verifier = new Webhook(this.secret);
  private readonly received: ReceivedWebhook[] = [];
  private readonly processed = new Map<string, { receiverId: string }>();
  private readonly people_ = new Map<string, SimulatedPerson>();
  private readonly counts: Record<string, number> = {};
  private readonly faults: Fault[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private nextPerson = 1;
  private port = 0;

  private constructor(private readonly server: http.Server) {}

  /** Starts a receiver on a free port of 127.0.0.1. */
  static async start(): Promise<WebhookReceiver> {
    const server = http.createServer();
    const receiver = new WebhookReceiver(server);
    server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => receiver.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver.port = (server.address() as AddressInfo).port;
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}${PATH}`;
  }

  turnUp({ hubClubIds, badCredentials = false }: { hubClubIds: string[]; badCredentials?: boolean }) {
    return {
      connection: { scheme: 'http' as const, host: '127.0.0.1', port: this.port, path: PATH },
      clubs: Object.fromEntries(hubClubIds.map((id, i) => [id, `site-${i + 1}`])),
      options: { secret: badCredentials ? `whsec_${randomBytes(32).toString('base64')}` : this.secret },
    };
  }

  /** The people as the events processed so far left them, by the receiver's ID. */
  async people(): Promise<SimulatedPerson[]> {
    return [...this.people_.values()];
  }

  /** Every POST received, in order (retries and refused ones included). */
  requests(): ReceivedWebhook[] {
    return [...this.received];
  }

  /** The events acted on: one per webhook-id, in order of first arrival. */
  events(): PersonEvent[] {
    return this.received.filter((r) => r.verified && !r.duplicate && r.status < 300 && r.event?.type !== 'connector.check').map((r) => r.event as PersonEvent);
  }

  calls(): Record<string, number> {
    return { ...this.counts };
  }

  /** The next `count` requests are answered `status` (default 503) without being acted on. */
  failNext(count: number, status = 503): void {
    for (let i = 0; i < count; i++) this.faults.push({ kind: 'status', status });
  }

  /** The next `count` requests are acted on, then answered only after `ms` (longer than the sender's timeout: it gives up). */
  delayNext(count: number, ms: number): void {
    for (let i = 0; i < count; i++) this.faults.push({ kind: 'delay', ms });
  }

  async addStaff(): Promise<string> {
    throw new Error('a webhook receiver has no staff list');
  }

  async leadSources(): Promise<Array<{ id: string; name: string }>> {
    return [];
  }

  async addLeadSource(): Promise<string> {
    throw new Error('a webhook receiver has no lead sources');
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => this.receive(request, Buffer.concat(chunks).toString('utf8'), response));
  }

  private receive(request: http.IncomingMessage, body: string, response: http.ServerResponse): void {
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const entry: ReceivedWebhook = {
      id: header('webhook-id'),
      timestamp: header('webhook-timestamp'),
      signature: header('webhook-signature'),
      body,
      verified: false,
      duplicate: false,
      status: 0,
    };
    this.received.push(entry);
    const answer = (status: number, json: unknown) => {
      entry.status = status;
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    };
    if (request.method !== 'POST' || request.url !== PATH) return answer(404, { message: `no such endpoint: ${request.method} ${request.url}` });
    try {
      entry.event = this.verifier.verify(body, {
        'webhook-id': entry.id ?? '',
        'webhook-timestamp': entry.timestamp ?? '',
        'webhook-signature': entry.signature ?? '',
      }) as ReceivedWebhook['event'];
      entry.verified = true;
    } catch (error) {
      if (error instanceof WebhookVerificationError) return answer(401, { message: `signature verification failed: ${error.message}` });
      return answer(400, { message: 'the body is not JSON' });
    }
    const fault = this.faults.shift();
    if (fault?.kind === 'status') return answer(fault.status, { message: `simulated failure (${fault.status})` });
    const result = this.act(entry);
    if (fault?.kind === 'delay') {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (!response.destroyed) answer(200, result);
      }, fault.ms);
      this.timers.add(timer);
      return;
    }
    answer(200, result);
  }

  /** Acts on a verified event once per webhook-id; a repeat gets the first answer. */
  private act(entry: ReceivedWebhook): { id?: string; ok: true } {
    const event = entry.event!;
    if (event.type === 'connector.check') {
      this.counts['connector.check'] = (this.counts['connector.check'] ?? 0) + 1;
      return { ok: true };
    }
    const known = this.processed.get(entry.id!);
    if (known) {
      entry.duplicate = true;
      return { id: known.receiverId, ok: true };
    }
    const { data } = event;
    this.counts[event.type] = (this.counts[event.type] ?? 0) + 1;
    const existing = [...this.people_.values()].find((p) => (p.raw as PersonEvent['data']).hubId === data.hubId);
    const id = existing?.id ?? `person-${this.nextPerson++}`;
    this.people_.set(id, {
      id,
      firstName: data.person.firstName,
      lastName: data.person.lastName,
      email: data.person.email,
      mobile: data.person.mobile,
      type: data.person.userType,
      clubId: data.club.platformClubId,
      raw: data,
    });
    this.processed.set(entry.id!, { receiverId: id });
    return { id, ok: true };
  }
}

/** Starts a {@link WebhookReceiver} on 127.0.0.1. */
export function startWebhookReceiver(): Promise<WebhookReceiver> {
  return WebhookReceiver.start();
}
