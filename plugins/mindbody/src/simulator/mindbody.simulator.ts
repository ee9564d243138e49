import type { PlatformSimulator, SimulatedPerson, SimulatedStaffInput } from '@connector/testing';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import { MINDBODY_V6_BASE_PATH } from '../api/mindbody-paths';
import { checkAddClientRequest, checkMergeClientsRequest, checkUpdateClientRequest } from './client-request.validator';
import { invalidParameter, MindbodyHttpError } from './mindbody-http.error';
import { MindbodySiteDatabase, type SimulatedMembership, type StoredClient } from './mindbody-site.database';
import { eventDataOf } from './webhook-events';
import { WebhookSender, type SentWebhook } from './webhook-sender';
import { WebhookSubscriptions, type SimulatedSubscription } from './webhook-subscriptions';

/** The kinds of call the simulator counts (see {@link MindbodySimulator.calls}). */
export type MindbodyCallKey =
  'token.issue' | 'people.create' | 'people.update' | 'people.search' | 'people.duplicates' | 'people.merge' | 'staff.list' | 'leadSources.list' | 'check';

/** Settings of {@link startMindbodySimulator}; every one has a default. */
export interface MindbodySimulatorOptions {
  /** The site ID the simulator answers for (default "-99", MINDBODY's sandbox site). */
  siteId?: string;
  apiKey?: string;
  staffUsername?: string;
  staffPassword?: string;
  /** How long an issued staff token lives (default 24 h, as MINDBODY's). */
  tokenLifetimeMs?: number;
  /** Locations the site has from the start (default: none; `turnUp` adds one per hub club). */
  locations?: string[];
  /** Referral types the site has from the start. */
  referralTypes?: string[];
}

type Fault = { kind: 'fail' } | { kind: 'rateLimit'; retryAfterSeconds: number };

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_PAGE = 100;
const MAX_PAGE = 200;

/** Query parameters as MINDBODY reads them: case-insensitive, with or without the `request.` prefix. */
function normaliseQuery(query: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    const name = key.toLowerCase().replace(/^request\./, '');
    const values = (Array.isArray(value) ? value : [value]).map(String);
    out.set(name, [...(out.get(name) ?? []), ...values]);
  }
  return out;
}

function intParam(query: Map<string, string[]>, name: string, fallback: number): number {
  const raw = query.get(name)?.[0];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw invalidParameter(`request.${name} must be a whole number, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

function boolParam(query: Map<string, string[]>, name: string): boolean | undefined {
  const raw = query.get(name)?.[0];
  if (raw === undefined || raw === '') return undefined;
  if (!/^(true|false)$/i.test(raw)) throw invalidParameter(`request.${name} must be true or false, got ${JSON.stringify(raw)}`);
  return raw.toLowerCase() === 'true';
}

function dateTimeParam(query: Map<string, string[]>, name: string): string | undefined {
  const raw = query.get(name)?.[0];
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(raw) || Number.isNaN(Date.parse(raw))) {
    throw invalidParameter(`request.${name} must be a date-time, got ${JSON.stringify(raw)}`);
  }
  return raw;
}

function paging(query: Map<string, string[]>): { limit: number; offset: number } {
  const limit = intParam(query, 'limit', DEFAULT_PAGE);
  if (limit < 1 || limit > MAX_PAGE) throw invalidParameter(`request.limit must be 1 to ${MAX_PAGE}, got ${limit}`);
  return { limit, offset: intParam(query, 'offset', 0) };
}

/**
 * A MINDBODY Public API v6 site on 127.0.0.1, for the plugin's tests and the conformance kit: the subset
 * the plugin uses (usertoken/issue, client/addclient, client/updateclient, client/clients,
 * client/clientduplicates, client/mergeclients, client/clientreferraltypes, staff/staff, site/locations) under `/public/v6`, stateful, with MINDBODY's
 * authentication (Api-Key and SiteId headers, staff user token) and error bodies, and injectable faults.
 */
export class MindbodySimulator implements PlatformSimulator {
  readonly siteId: string;
  private readonly apiKey: string;
  private readonly staffUsername: string;
  private readonly staffPassword: string;
  private readonly tokenLifetimeMs: number;
  private readonly db: MindbodySiteDatabase;
  private readonly counts: Partial<Record<MindbodyCallKey, number>> = {};
  private readonly faults: Fault[] = [];
  private readonly clubLocations = new Map<string, number>();
  private readonly subscriptions: WebhookSubscriptions;
  private readonly webhooks: WebhookSender;
  private port = 0;

  constructor(
    private readonly server: FastifyInstance,
    options: MindbodySimulatorOptions,
  ) {
    this.siteId = options.siteId ?? '-99';
    this.apiKey = options.apiKey ?? 'sim-api-key-0123456789abcdef';
    this.staffUsername = options.staffUsername ?? 'connector.staff';
    this.staffPassword = options.staffPassword ?? 'sim-staff-password';
    this.tokenLifetimeMs = options.tokenLifetimeMs ?? DAY_MS;
    this.db = new MindbodySiteDatabase(this.siteId);
    for (const name of options.locations ?? []) this.db.addLocation(name);
    for (const name of options.referralTypes ?? []) this.db.addReferralType(name);
    this.subscriptions = new WebhookSubscriptions(this.apiKey, () => new Date().toISOString());
    this.webhooks = new WebhookSender(this.subscriptions, () => new Date().toISOString());
    this.db.onEvent = (event) => this.webhooks.publish(event.eventId, eventDataOf(event, this.siteId, this.db.render(event.client)));
    this.routes();
    this.subscriptions.register(this.server);
  }

  /** The origin the simulator listens on (http://127.0.0.1:PORT); the API lives under `/public/v6`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The API's base URL (`url` + `/public/v6`). */
  get baseUrl(): string {
    return `${this.url}${MINDBODY_V6_BASE_PATH}`;
  }

  /** @internal Starts listening on a free port of 127.0.0.1. */
  async listen(): Promise<void> {
    await this.server.listen({ host: '127.0.0.1', port: 0 });
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  turnUp(options: { hubClubIds: string[]; badCredentials?: boolean }) {
    const clubs: Record<string, string> = {};
    for (const hubClubId of options.hubClubIds) clubs[hubClubId] = String(this.locationFor(hubClubId));
    return {
      connection: { scheme: 'http' as const, host: '127.0.0.1', port: this.port, path: MINDBODY_V6_BASE_PATH },
      clubs,
      options: {
        apiKey: this.apiKey,
        siteId: this.siteId,
        staffUsername: this.staffUsername,
        staffPassword: options.badCredentials ? `${this.staffPassword}-wrong` : this.staffPassword,
      },
    };
  }

  async people(): Promise<SimulatedPerson[]> {
    return this.db.allClients().map((client) => this.toSimulatedPerson(client));
  }

  async addStaff(staff: SimulatedStaffInput): Promise<string> {
    return String(this.db.addStaff(staff).Id);
  }

  async leadSources(): Promise<Array<{ id: string; name: string }>> {
    return this.db.listReferralTypes().map((name) => ({ id: name, name }));
  }

  async addLeadSource(name: string): Promise<string> {
    return this.db.addReferralType(name);
  }

  /**
   * A client entered at the club's front desk (not through the API), as a prospect of the hub club's
   * location; returns its ID. `beforeDuplicateRule`: one made before MINDBODY refused duplicates, so it
   * may share first name, last name and email with another client.
   */
  addFrontDeskClient(
    person: { firstName: string; lastName: string; email?: string; mobile?: string; hubClubId?: string },
    beforeDuplicateRule = false,
  ): string {
    const home = person.hubClubId !== undefined ? { HomeLocation: { Id: this.locationFor(person.hubClubId) } } : {};
    const client = this.db.addFrontDeskClient(
      { FirstName: person.firstName, LastName: person.lastName, Email: person.email, MobilePhone: person.mobile, ...home },
      beforeDuplicateRule,
    );
    return client.Id;
  }

  /**
   * What the business does with MINDBODY's Merge Duplicate Clients tool: every other client with the same
   * first name, last name and email as `keepId` is merged into it.
   */
  mergeAtFrontDesk(keepId: string): void {
    this.db.mergeDuplicatesInto(keepId);
  }

  /** Adds a location to the site; returns its ID. */
  addLocation(name: string): string {
    return String(this.db.addLocation(name).Id);
  }

  calls(): Record<string, number> {
    return { ...this.counts };
  }

  failNext(count: number): void {
    for (let i = 0; i < count; i++) this.faults.push({ kind: 'fail' });
  }

  /** Makes the next `count` calls answer 429 with `Retry-After: retryAfterSeconds`. */
  rateLimitNext(count: number, retryAfterSeconds = 1): void {
    for (let i = 0; i < count; i++) this.faults.push({ kind: 'rateLimit', retryAfterSeconds });
  }

  /** Revokes every staff token issued so far, as an expiry or a password change would. */
  revokeTokens(): void {
    this.db.revokeTokens();
  }

  /** Every staff token issued so far (to prove none of them reaches a log). */
  issuedTokens(): string[] {
    return this.db.issuedTokens();
  }

  /** The Webhooks API's base URL on this simulator (`url`: the control plane lives at the origin). */
  get webhooksApiUrl(): string {
    return this.url;
  }

  /** Fixes the site's clock (every change gets this `LastModifiedDateTime`); undefined: real time. */
  setTime(iso: string | undefined): void {
    this.db.setTime(iso);
  }

  /** A sale: `clientId` gets a membership and is a member now (webhooks: membership assignment, client update). */
  sellMembership(clientId: string, name = 'Unlimited Monthly'): SimulatedMembership {
    return this.db.sellMembership(clientId, name);
  }

  /** The client's membership ends: `Status` Expired or Terminated, a former member. Done when it returns; the promise is the kit's shape. */
  async endMembership(clientId: string, status: 'Expired' | 'Terminated' = 'Expired'): Promise<void> {
    this.db.endMembership(clientId, status);
  }

  /** Marks the client's profile inactive (client.deactivated). */
  deactivateClient(clientId: string): void {
    this.db.deactivateClient(clientId);
  }

  /** The Webhooks API subscriptions, with their signature keys. */
  webhookSubscriptions(): SimulatedSubscription[] {
    return this.subscriptions.all();
  }

  /** Every webhook request sent so far (after `webhooksSettled()`, with the status each got). */
  sentWebhooks(): SentWebhook[] {
    return this.webhooks.messages();
  }

  /** Sends the message `messageId` again, byte for byte, as MINDBODY's redelivery does. */
  redeliverWebhook(messageId: string): void {
    this.webhooks.redeliver(messageId);
  }

  /** Waits until every webhook request started so far was answered. */
  webhooksSettled(): Promise<void> {
    return this.webhooks.settled();
  }

  async close(): Promise<void> {
    await this.webhooks.settled();
    await this.server.close();
  }

  private locationFor(hubClubId: string): number {
    let id = this.clubLocations.get(hubClubId);
    if (id === undefined) {
      id = this.db.addLocation(`Club ${hubClubId}`).Id as number;
      this.clubLocations.set(hubClubId, id);
    }
    return id;
  }

  private toSimulatedPerson(client: StoredClient): SimulatedPerson {
    const owner = client.SalesReps?.find((rep) => (rep.SalesRepNumber ?? 1) === 1);
    return {
      id: client.Id,
      firstName: client.FirstName ?? '',
      lastName: client.LastName ?? '',
      email: client.Email,
      mobile: client.MobilePhone,
      type: client.IsProspect ? 'PROSPECT' : 'MEMBER',
      ownerId: owner?.Id !== undefined ? String(owner.Id) : undefined,
      leadSourceId: client.ReferredBy || undefined,
      clubId: client.HomeLocation?.Id !== undefined ? String(client.HomeLocation.Id) : undefined,
      raw: this.db.render(client),
    };
  }

  // ---- HTTP ---------------------------------------------------------------------------------------

  private routes(): void {
    // Set before the routes, so that every route answers its errors the MINDBODY way.
    this.server.setNotFoundHandler((request, reply) => {
      reply.code(404).send(new MindbodyHttpError(404, 'NotFound', `No resource ${request.method} ${request.url}`).toBody());
    });
    this.server.setErrorHandler((error, _request, reply) => {
      if (error instanceof MindbodyHttpError) return reply.code(error.status).send(error.toBody());
      const status = (error as { statusCode?: number }).statusCode;
      // Fastify's own refusals (a body that is not JSON, ...) are the client's fault, like MINDBODY's 400s.
      if (status && status >= 400 && status < 500) return reply.code(400).send(invalidParameter((error as Error).message).toBody());
      return reply.code(500).send(new MindbodyHttpError(500, 'InternalError', 'An internal error occurred').toBody());
    });

    const base = MINDBODY_V6_BASE_PATH;
    const route = (method: 'GET' | 'POST', path: string, key: MindbodyCallKey, handler: (request: FastifyRequest) => unknown, needsStaffToken = true) => {
      this.server.route({
        method,
        url: `${base}/${path}`,
        handler: async (request: FastifyRequest, reply: FastifyReply) => {
          this.counts[key] = (this.counts[key] ?? 0) + 1;
          const fault = this.faults.shift();
          if (fault?.kind === 'fail') {
            return reply.code(503).send(new MindbodyHttpError(503, 'ServiceUnavailable', 'The service is temporarily unavailable').toBody());
          }
          if (fault?.kind === 'rateLimit') {
            return reply
              .code(429)
              .header('Retry-After', String(fault.retryAfterSeconds))
              .send(new MindbodyHttpError(429, 'TooManyRequests', 'Too many requests: slow down').toBody());
          }
          this.authenticate(request, needsStaffToken);
          return reply.code(200).send(handler(request));
        },
      });
    };

    route('POST', 'usertoken/issue', 'token.issue', (request) => this.issueToken(request.body), false);
    route('POST', 'client/addclient', 'people.create', (request) => {
      const client = this.db.addClient(checkAddClientRequest(request.body));
      return { Client: this.db.render(client, 'Added') };
    });
    route('POST', 'client/updateclient', 'people.update', (request) => {
      const client = this.db.updateClient(checkUpdateClientRequest(request.body));
      return { Client: this.db.render(client, 'Updated') };
    });
    route('GET', 'client/clients', 'people.search', (request) => {
      const query = normaliseQuery(request.query);
      const found = this.db.searchClients({
        searchText: query.get('searchtext')?.[0],
        clientIds: query.get('clientids'),
        includeInactive: boolParam(query, 'includeinactive'),
        isProspect: boolParam(query, 'isprospect'),
        lastModifiedDate: dateTimeParam(query, 'lastmodifieddate'),
        ...paging(query),
      });
      return { PaginationResponse: found.pagination, Clients: found.items.map((client) => this.db.render(client)) };
    });
    route('GET', 'client/clientduplicates', 'people.duplicates', (request) => {
      const query = normaliseQuery(request.query);
      const found = this.db.findDuplicates({
        firstName: query.get('firstname')?.[0],
        lastName: query.get('lastname')?.[0],
        email: query.get('email')?.[0],
        ...paging(query),
      });
      return {
        PaginationResponse: found.pagination,
        ClientDuplicates: found.items.map(({ Id, UniqueId, FirstName, LastName, Email }) => ({ Id, UniqueId, FirstName, LastName, Email })),
      };
    });
    route('POST', 'client/mergeclients', 'people.merge', (request) => {
      const { source, target } = checkMergeClientsRequest(request.body);
      this.db.mergeClients(source, target);
      return {};
    });
    route('GET', 'client/clientreferraltypes', 'leadSources.list', (request) => {
      boolParam(normaliseQuery(request.query), 'includeinactive');
      return { ReferralTypes: this.db.listReferralTypes() };
    });
    route('GET', 'staff/staff', 'staff.list', (request) => {
      const { limit, offset } = paging(normaliseQuery(request.query));
      const found = this.db.listStaff(limit, offset);
      return { PaginationResponse: found.pagination, StaffMembers: found.items };
    });
    route('GET', 'site/locations', 'check', (request) => {
      const { limit, offset } = paging(normaliseQuery(request.query));
      const found = this.db.listLocations(limit, offset);
      return { PaginationResponse: found.pagination, Locations: found.items };
    });
  }

  private authenticate(request: FastifyRequest, needsStaffToken: boolean): void {
    const apiKey = request.headers['api-key'];
    if (typeof apiKey !== 'string' || apiKey === '') throw new MindbodyHttpError(401, 'DeniedAccess', 'Missing API key (Api-Key header)');
    if (apiKey !== this.apiKey) throw new MindbodyHttpError(401, 'DeniedAccess', 'Invalid API key');
    const siteId = request.headers.siteid;
    if (typeof siteId !== 'string' || siteId === '') throw new MindbodyHttpError(400, 'MissingRequiredFields', 'The SiteId header is required');
    if (siteId !== this.siteId) throw new MindbodyHttpError(401, 'DeniedAccess', `This API key has no access to site ${siteId}`);
    if (!needsStaffToken) return;
    const authorization = request.headers.authorization;
    const token = typeof authorization === 'string' ? authorization.replace(/^Bearer\s+/i, '').trim() : '';
    if (!token) throw new MindbodyHttpError(401, 'DeniedAccess', 'A staff user token is required (Authorization header)');
    if (!this.db.isValidToken(token)) throw new MindbodyHttpError(401, 'DeniedAccess', 'The staff user token is invalid or has expired');
  }

  private issueToken(body: unknown) {
    const request = (body ?? {}) as Record<string, unknown>;
    if (typeof request.Username !== 'string' || typeof request.Password !== 'string') {
      throw new MindbodyHttpError(400, 'MissingRequiredFields', 'Username and Password are required');
    }
    if (request.Username !== this.staffUsername || request.Password !== this.staffPassword) {
      throw new MindbodyHttpError(401, 'DeniedAccess', 'Invalid staff username or password');
    }
    const { token, expiresAt } = this.db.issueToken(this.tokenLifetimeMs);
    return {
      TokenType: 'Bearer',
      AccessToken: token,
      Expires: new Date(expiresAt).toISOString(),
      User: { Id: 0, FirstName: 'Connector', LastName: 'Staff', Type: 'Staff' },
    };
  }
}

/**
 * Starts a {@link MindbodySimulator} on a free port of 127.0.0.1. Close it with `close()` (in `afterAll`).
 *
 * @example
 * ```ts
 * const simulator = await startMindbodySimulator();
 * const runtime = createPlatformRuntime({ plugin: mindbodyPlugin, client, turnUp: { plugin: '@connector/plugin-mindbody', ...simulator.turnUp({ hubClubIds: ['c1'] }) } });
 * ```
 */
export async function startMindbodySimulator(options: MindbodySimulatorOptions = {}): Promise<MindbodySimulator> {
  const simulator = new MindbodySimulator(Fastify({ logger: false }), options);
  await simulator.listen();
  return simulator;
}
