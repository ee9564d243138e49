import type { PlatformSimulator, SimulatedPerson, SimulatedStaffInput } from '@connector/testing';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ACME_CALL_KEYS, type AcmeCallKey } from './acme-call-key';
import { AcmeDatabase } from './acme.database';
import { AcmeHttpError } from './acme-http.error';
import { acmeRoutes, type AcmeRoute } from './acme.routes';
import { FaultQueue, type FaultOptions } from './fault-queue';
import { IdempotencyKeys } from './idempotency-keys';
import { RateWindow } from './rate-window';
import { AcmeWebhookSender, type AcmeSentWebhook } from './acme-webhook-sender';
import type { AcmePersonRecord } from './acme.database';

/** Settings of {@link startAcmeSimulator}. */
export interface AcmeSimulatorOptions {
  /** The API key the simulator accepts in `X-Api-Key` (default `acme-sim-key`). */
  apiKey?: string;
  /** Added to every call, to make timing visible (default 0). */
  latencyMs?: number;
  /** Calls per second allowed before a 429 with Retry-After (default: unlimited). */
  rateLimitPerSecond?: number;
  /** The port to listen on (default 0: any free port). */
  port?: number;
  /** The secret the simulator signs webhooks with (default `acme-sim-webhook-secret`). */
  webhookSecret?: string;
  /**
   * false: Acme does not deduplicate lead sources: a second one of the same name is created (not refused
   * with 409) and the `Idempotency-Key` of a lead-source create is ignored, so only the hub can keep a
   * new source from being created twice (default true).
   */
  deduplicateLeadSources?: boolean;
}

/** One request the simulator received, whatever it answered (for assertions on what was sent). */
export interface AcmeReceivedRequest {
  method: string;
  /** The URL path, without the query string. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** The kind of call, when the path is an Acme endpoint. */
  key?: AcmeCallKey;
  /** The `Idempotency-Key` header, when one was sent. */
  idempotencyKey?: string;
}

/** A turn-up that works against the simulator. */
export interface AcmeSimulatorTurnUp {
  connection: { scheme: 'http'; host: '127.0.0.1'; port: number };
  /** Hub club ID → Acme club ID; stable for the simulator's life. */
  clubs: Record<string, string>;
  options: { apiKey: string; webhookSecret: string };
}

/** The Acme simulator: a real HTTP server with an in-memory Acme account and fault injection. */
export interface AcmeSimulator extends PlatformSimulator {
  readonly port: number;
  /** The API key it accepts. */
  readonly apiKey: string;
  turnUp(options: { hubClubIds: string[]; badCredentials?: boolean }): AcmeSimulatorTurnUp;
  /**
   * A person entered at the club's front desk (not through the API, so without an externalRef), as a
   * prospect of the hub club's Acme club; returns the Acme ID.
   */
  addFrontDeskPerson(person: { hubClubId: string; firstName: string; lastName: string; email?: string; mobile?: string }): string;
  /** Seeds a staff member; without `clubIds` they work at every club. */
  addStaff(staff: SimulatedStaffInput, clubIds?: string[]): Promise<string>;
  /** Seeds a lead source; without `clubId` it is account-wide. */
  addLeadSource(name: string, clubId?: string): Promise<string>;
  /** Calls served (authenticated, not faulted, not rate limited), by kind; kinds never called are absent. */
  calls(): Record<string, number>;
  /**
   * How many calls were answered 429 for going over `rateLimitPerSecond` (0 without a limit); the 429s
   * a test asked for with `rateLimitNext` are not counted.
   */
  rateLimited(): number;
  /** Every request received, in order, including faulted and refused ones. */
  requests(): AcmeReceivedRequest[];
  /** The next `count` calls answer `status` (default 503) without acting. */
  failNext(count: number, status?: number, options?: FaultOptions): void;
  /** The next `count` calls answer 429 with `Retry-After: retryAfterSeconds`, without acting. */
  rateLimitNext(count: number, retryAfterSeconds: number, options?: FaultOptions): void;
  /**
   * The next `count` calls wait `ms` before being handled normally: a slow create saves only after the
   * wait (a create with an `Idempotency-Key` holds its key meanwhile, so a repeat gets 409).
   */
  delayNext(count: number, ms: number, options?: FaultOptions): void;
  /**
   * Waits until every call received so far has been handled, including slow ones whose caller gave up
   * (a create that lands after its answer timed out): then `people()` shows what Acme finally holds.
   */
  settled(): Promise<void>;
  /** The next `count` calls are performed at once (the write is saved), and answered `ms` later. */
  answerLateNext(count: number, ms: number, options?: FaultOptions): void;
  /** The next `count` calls get their connection destroyed without an answer, before acting. */
  dropNext(count: number, options?: FaultOptions): void;
  /** The next `count` calls are performed (the write is committed), then the connection is destroyed. */
  dropAfterCommitNext(count: number, options?: FaultOptions): void;
  /**
   * Someone entered at the club's front desk (not through the API): a prospect or a member of the Acme
   * club mapped to `hubClubId`. Returns Acme's ID. Sends a webhook when a target is set.
   */
  enterPerson(
    hubClubId: string,
    type: 'prospect' | 'member',
    person: { firstName: string; lastName: string; email?: string; mobile?: string },
  ): Promise<string>;
  /** A sale at the club: the prospect becomes a member (a former member, a member again). Sends a webhook when a target is set. */
  sell(id: string): Promise<AcmePersonRecord>;
  /** The membership ends: the member becomes inactive (a former member). Sends a webhook when a target is set. */
  endMembership(id: string): Promise<AcmePersonRecord>;
  /** The secret webhooks are signed with (in every turn-up's `webhookSecret`). */
  readonly webhookSecret: string;
  /** Where the simulated changes above are sent as signed webhooks (undefined: not sent). */
  sendWebhooksTo(url: string | undefined): void;
  /** Sends the last webhook again (same ID); resolves with the receiver's status. */
  redeliverLastWebhook(): Promise<number | undefined>;
  /** Sends the last webhook signed with a wrong secret; resolves with the receiver's status. */
  forgeLastWebhook(): Promise<number | undefined>;
  /** The webhooks sent, in order, with the receivers' answers. */
  webhooksSent(): AcmeSentWebhook[];
}

const DEFAULT_API_KEY = 'acme-sim-key';

function json(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header('content-type', 'application/json; charset=utf-8').send(body);
}

/** Ends the exchange without an answer, as a platform that crashed or lost the connection would. */
function destroy(request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  request.raw.socket.destroy();
}

class AcmeSimulatorServer implements AcmeSimulator {
  readonly apiKey: string;
  readonly webhookSecret: string;
  private readonly db: AcmeDatabase;
  private readonly webhooks = new AcmeWebhookSender();
  private readonly faults = new FaultQueue();
  private readonly idempotencyKeys = new IdempotencyKeys();
  private readonly counts = new Map<AcmeCallKey, number>();
  private readonly received: AcmeReceivedRequest[] = [];
  private readonly recorded = new WeakSet<FastifyRequest>();
  private readonly rateWindow: RateWindow | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly timers = new Set<{ timer: NodeJS.Timeout; done: () => void }>();
  private readonly app: FastifyInstance;
  private listeningPort = 0;

  constructor(private readonly options: AcmeSimulatorOptions) {
    this.apiKey = options.apiKey ?? DEFAULT_API_KEY;
    this.db = new AcmeDatabase(options.deduplicateLeadSources ?? true);
    this.webhookSecret = options.webhookSecret ?? 'acme-sim-webhook-secret';
    this.rateWindow = options.rateLimitPerSecond ? new RateWindow(options.rateLimitPerSecond) : undefined;
    // Closing must not wait for keep-alive sockets or for calls a test made slow on purpose.
    this.app = Fastify({ logger: false, forceCloseConnections: true });
    this.app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
      // Body-parser errors (bad JSON, wrong content type) never reach a route: record them here.
      this.record(request);
      const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
      return json(reply, status, { message: status === 500 ? 'internal error' : error.message });
    });
    this.app.setNotFoundHandler((request, reply) => {
      this.record(request);
      return json(reply, 404, { message: `no such endpoint: ${request.method} ${request.url.split('?')[0]}` });
    });
    for (const route of acmeRoutes(this.db)) {
      this.app.route({ method: route.method, url: route.url, handler: (request, reply) => this.track(this.serve(route, request, reply)) });
    }
  }

  get port(): number {
    return this.listeningPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.listeningPort}`;
  }

  async listen(): Promise<void> {
    await this.app.listen({ host: '127.0.0.1', port: this.options.port ?? 0 });
    const address = this.app.server.address();
    this.listeningPort = typeof address === 'object' && address ? address.port : 0;
  }

  private record(request: FastifyRequest, key?: AcmeCallKey): void {
    if (this.recorded.has(request)) return;
    this.recorded.add(request);
    this.received.push({
      method: request.method,
      path: request.url.split('?')[0],
      query: { ...(request.query as Record<string, string> | undefined) },
      body: request.body === undefined ? undefined : structuredClone(request.body),
      ...(key ? { key } : {}),
      ...(typeof request.headers['idempotency-key'] === 'string' ? { idempotencyKey: request.headers['idempotency-key'] } : {}),
    });
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => entry.done(), ms),
        done: () => {
          clearTimeout(entry.timer);
          this.timers.delete(entry);
          resolve();
        },
      };
      this.timers.add(entry);
    });
  }

  private track<T>(handling: Promise<T>): Promise<T> {
    this.inFlight.add(handling);
    const done = () => this.inFlight.delete(handling);
    handling.then(done, done);
    return handling;
  }

  async settled(): Promise<void> {
    // Bounded: a call that arrives while waiting is waited for too, a few rounds at most.
    for (let round = 0; round < 10 && this.inFlight.size > 0; round++) await Promise.allSettled([...this.inFlight]);
  }

  /** The pipeline of every call: record, latency, injected fault, auth, rate limit, then the route. */
  private async serve(route: AcmeRoute, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | void> {
    this.record(request, route.key);
    // The rate limit counts a call when it arrived, before the latency a test adds.
    const arrivedAt = Date.now();
    await this.sleep(this.options.latencyMs ?? 0);
    const fault = this.faults.take(route.key);
    if (fault?.kind === 'drop') return destroy(request, reply);
    if (fault?.kind === 'fail') return json(reply, fault.status, { message: `Acme failed on purpose (simulated ${fault.status})` });
    if (fault?.kind === 'rateLimit') {
      reply.header('retry-after', String(fault.retryAfterSeconds));
      return json(reply, 429, { message: 'too many requests (simulated)' });
    }
    const key = request.headers['x-api-key'];
    if (key === undefined || key === '') return json(reply, 401, { message: 'the X-Api-Key header is missing' });
    if (key !== this.apiKey) return json(reply, 401, { message: 'the API key (X-Api-Key) is not valid' });
    const admitted = this.rateWindow?.admit(arrivedAt) ?? { ok: true };
    if (!admitted.ok) {
      reply.header('retry-after', String(admitted.retryAfterSeconds));
      return json(reply, 429, { message: `rate limit of ${this.options.rateLimitPerSecond} calls per second exceeded` });
    }
    const idempotencyKey = this.idempotencyKeyOf(route, request);
    if (idempotencyKey !== undefined) {
      const decision = this.idempotencyKeys.begin(idempotencyKey, `${route.method} ${request.url.split('?')[0]}`);
      if (decision.kind === 'inProgress') {
        return json(reply, 409, { code: 'idempotency_key_in_use', message: 'a request with this Idempotency-Key is still being processed: retry later' });
      }
      if (decision.kind === 'otherEndpoint') {
        return json(reply, 422, { code: 'idempotency_key_reused', message: `the Idempotency-Key was first used for ${decision.endpoint}` });
      }
      if (decision.kind === 'replay') return json(reply.header('idempotent-replayed', 'true'), decision.answer.status, decision.answer.body);
    }
    let answer: { status: number; body: unknown } | undefined;
    try {
      // A slow create holds its key while it waits: a repeat meanwhile is answered 409, not performed.
      if (fault?.kind === 'delay') await this.sleep(fault.ms);
      this.counts.set(route.key, (this.counts.get(route.key) ?? 0) + 1);
      try {
        answer = route.handle({
          params: request.params as Record<string, string>,
          query: (request.query ?? {}) as Record<string, string>,
          body: request.body,
        });
      } catch (error) {
        if (!(error instanceof AcmeHttpError)) throw error;
        answer = { status: error.status, body: error.toBody() };
      }
      if (idempotencyKey !== undefined) this.idempotencyKeys.complete(idempotencyKey, answer);
    } finally {
      if (idempotencyKey !== undefined && answer === undefined) this.idempotencyKeys.release(idempotencyKey);
    }
    if (fault?.kind === 'dropAfterCommit') return destroy(request, reply);
    if (fault?.kind === 'answerLate') await this.sleep(fault.ms);
    return json(reply, answer.status, answer.body);
  }

  /** The `Idempotency-Key` of a create (Acme honours it on creates only), if one was sent. */
  private idempotencyKeyOf(route: AcmeRoute, request: FastifyRequest): string | undefined {
    if (route.method !== 'POST' || !route.key.endsWith('.create')) return undefined;
    if (route.key === 'leadSources.create' && this.options.deduplicateLeadSources === false) return undefined;
    const value = request.headers['idempotency-key'];
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  turnUp({ hubClubIds, badCredentials = false }: { hubClubIds: string[]; badCredentials?: boolean }): AcmeSimulatorTurnUp {
    const clubs = Object.fromEntries(hubClubIds.map((hubClubId) => [hubClubId, this.db.clubForHub(hubClubId)]));
    return {
      connection: { scheme: 'http', host: '127.0.0.1', port: this.listeningPort },
      clubs,
      options: { apiKey: badCredentials ? `wrong-${this.apiKey}` : this.apiKey, webhookSecret: this.webhookSecret },
    };
  }

  async people(): Promise<SimulatedPerson[]> {
    return this.db.allPeople().map((person) => ({
      id: person.id,
      firstName: person.firstName,
      lastName: person.lastName,
      ...(person.email !== undefined ? { email: person.email } : {}),
      ...(person.phones?.mobile !== undefined ? { mobile: person.phones.mobile } : {}),
      type: person.type === 'member' ? 'MEMBER' : 'PROSPECT',
      ...(person.ownerStaffId !== undefined ? { ownerId: person.ownerStaffId } : {}),
      ...(person.leadSourceId !== undefined ? { leadSourceId: person.leadSourceId } : {}),
      clubId: person.clubId,
      raw: person,
    }));
  }

  addFrontDeskPerson(person: { hubClubId: string; firstName: string; lastName: string; email?: string; mobile?: string }): string {
    const { hubClubId, mobile, ...names } = person;
    return this.db.createPerson(this.db.clubForHub(hubClubId), 'prospect', { ...names, status: 'active', ...(mobile ? { phones: { mobile } } : {}) }).id;
  }

  async addStaff(staff: SimulatedStaffInput, clubIds: string[] = []): Promise<string> {
    return this.db.addStaff({ firstName: staff.firstName, lastName: staff.lastName, email: staff.email }, clubIds);
  }

  async leadSources(): Promise<Array<{ id: string; name: string }>> {
    return this.db.allLeadSources().map(({ id, name }) => ({ id, name }));
  }

  async addLeadSource(name: string, clubId?: string): Promise<string> {
    return this.db.createLeadSource(clubId, { name, active: true }).id;
  }

  calls(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const key of ACME_CALL_KEYS) {
      const count = this.counts.get(key);
      if (count) out[key] = count;
    }
    return out;
  }

  rateLimited(): number {
    return this.rateWindow?.refused ?? 0;
  }

  requests(): AcmeReceivedRequest[] {
    return this.received.map((request) => structuredClone(request));
  }

  failNext(count: number, status = 503, options?: FaultOptions): void {
    this.faults.add({ kind: 'fail', status }, count, options);
  }

  rateLimitNext(count: number, retryAfterSeconds: number, options?: FaultOptions): void {
    this.faults.add({ kind: 'rateLimit', retryAfterSeconds }, count, options);
  }

  delayNext(count: number, ms: number, options?: FaultOptions): void {
    this.faults.add({ kind: 'delay', ms }, count, options);
  }

  answerLateNext(count: number, ms: number, options?: FaultOptions): void {
    this.faults.add({ kind: 'answerLate', ms }, count, options);
  }

  dropNext(count: number, options?: FaultOptions): void {
    this.faults.add({ kind: 'drop' }, count, options);
  }

  dropAfterCommitNext(count: number, options?: FaultOptions): void {
    this.faults.add({ kind: 'dropAfterCommit' }, count, options);
  }

  async enterPerson(
    hubClubId: string,
    type: 'prospect' | 'member',
    person: { firstName: string; lastName: string; email?: string; mobile?: string },
  ): Promise<string> {
    const { mobile, ...rest } = person;
    const created = this.db.createPerson(this.db.clubForHub(hubClubId), type, { ...rest, status: 'active', ...(mobile ? { phones: { mobile } } : {}) });
    await this.webhooks.personChanged(created);
    return created.id;
  }

  async sell(id: string): Promise<AcmePersonRecord> {
    const person = this.db.sell(id);
    await this.webhooks.personChanged(person);
    return person;
  }

  async endMembership(id: string): Promise<AcmePersonRecord> {
    const person = this.db.endMembership(id);
    await this.webhooks.personChanged(person);
    return person;
  }

  sendWebhooksTo(url: string | undefined): void {
    this.webhooks.setTarget(url ? { url, secret: this.webhookSecret } : undefined);
  }

  redeliverLastWebhook(): Promise<number | undefined> {
    return this.webhooks.redeliverLast();
  }

  forgeLastWebhook(): Promise<number | undefined> {
    return this.webhooks.forgeLast();
  }

  webhooksSent(): AcmeSentWebhook[] {
    return this.webhooks.sent.map((sent) => ({ ...sent }));
  }

  async close(): Promise<void> {
    // Wake calls parked in a delay, so closing does not wait for them.
    for (const entry of [...this.timers]) entry.done();
    await this.app.close();
  }
}

/**
 * Starts an Acme simulator on 127.0.0.1 (any free port unless `options.port` is given). It logs nothing;
 * close it when done.
 *
 * @example
 * ```ts
 * const acme = await startAcmeSimulator();
 * const turnUp = acme.turnUp({ hubClubIds: ['hub-club-1'] });
 * // ... drive the plugin, then:
 * expect(await acme.people()).toHaveLength(1);
 * await acme.close();
 * ```
 */
export async function startAcmeSimulator(options: AcmeSimulatorOptions = {}): Promise<AcmeSimulator> {
  const simulator = new AcmeSimulatorServer(options);
  await simulator.listen();
  return simulator;
}
