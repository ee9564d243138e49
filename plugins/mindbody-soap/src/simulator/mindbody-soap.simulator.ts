import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PlatformSimulator, SimulatedPerson, SimulatedStaffInput } from '@connector/testing';
import type { TurnUpInput } from '@connector/core/plugin';
import * as soap from 'soap';
import { CLIENT_SERVICE_PATH, STAFF_SERVICE_PATH } from '../mindbody-soap.constants';
import { fromSiteLocalDateTime } from '../pull/local-time';
import { MindbodySite, type ClientOutcome, type ClientWrite, type SiteClient, type SiteLocation, type SiteStaff } from './mindbody-site.database';
import { extractBodyPayload, soapFaultXml } from './soap-envelope';
import { findMindbodySpecs, MINDBODY_SPECS_MISSING } from './vendor-specs';
import { XsdValidator } from './xsd-validator';

/** Settings of {@link startMindbodySoapSimulator}. */
export interface MindbodySoapSimulatorOptions {
  /** Where MINDBODY's WSDLs are (default: `shared/specs/mindbody` beside the repository). */
  specsDir?: string;
  /** The site ID (default -99, MINDBODY's sandbox site). */
  siteId?: number;
  /** The source credentials the site accepts. */
  sourceName?: string;
  sourcePassword?: string;
  /** Staff login the site accepts as UserCredentials; without it the turn-up sends none. */
  staffLogin?: { username: string; password: string };
  /** The site's locations (default: 1 Main Street, 2 Harbourfront). */
  locations?: SiteLocation[];
  /** Referral types the site starts with (default none). */
  referralTypes?: string[];
  /** Client fields the site requires (GetRequiredClientFields), e.g. `['Email']`. */
  requiredClientFields?: string[];
  /** The site's IANA time zone: GetClients reads a zone-less LastModifiedDate in it (default UTC). */
  timeZone?: string;
}

/** One request the simulator received, for tests. */
export interface ReceivedSoapRequest {
  /** `ClientService` or `StaffService`. */
  service: string;
  /** The Body's first child's name, e.g. `AddOrUpdateClients`. */
  operation: string;
  xml: string;
  /** Schema problems; empty when the request was valid. */
  problems: string[];
  /** The HTTP status and body the simulator answered with (once answered). */
  answer?: { status: number; xml: string };
}

/** A MINDBODY SOAP simulator: {@link PlatformSimulator} plus what tests of this plugin look at. */
/** A turn-up that works against the simulator, its options typed as the simulator hands them out. */
export type MindbodySoapSimulatorTurnUp = Omit<TurnUpInput, 'plugin' | 'options'> & {
  options: {
    sourceName: string;
    sourcePassword: string;
    siteId: number;
    staffUsername?: string;
    staffPassword?: string;
    clientServiceWsdl: string;
    staffServiceWsdl: string;
  };
};

export interface MindbodySoapSimulator extends PlatformSimulator {
  readonly siteId: number;
  /** A working turn-up (see {@link PlatformSimulator.turnUp}), with typed options. */
  turnUp(options: { hubClubIds: string[]; badCredentials?: boolean }): MindbodySoapSimulatorTurnUp;
  /** Every request received, oldest first. */
  requests(): ReceivedSoapRequest[];
  /** The site's clients as stored, in MINDBODY's field names. */
  clients(): SiteClient[];
  /**
   * Makes the next `count` valid requests act on the site, then drops the connection instead of answering
   * (an answer lost on the way): the caller cannot know whether MINDBODY acted.
   */
  dropAnswerNext(count: number): void;
  /** Validates an element (the Body's first child) against a service's schema; empty when valid. */
  validate(service: 'ClientService' | 'StaffService', xml: string): Promise<string[]>;
  /** Fixes the site's clock (each change is stamped with it, for LastModifiedDate); undefined: real time. */
  setTime(iso: string | undefined): void;
  /** A sale at the front desk: the client is a member now (IsProspect false, active). */
  sellMembership(clientId: string): void;
  /** The membership ends: the client is marked Inactive (a former member, for a member). Done when it returns; the promise is the kit's shape. */
  endMembership(clientId: string): Promise<void>;
  /** A client entered at the club's front desk (not through the API), as a prospect; returns its ID. */
  addFrontDeskClient(person: { firstName: string; lastName: string; email?: string; mobile?: string }): string;
}

/** MINDBODY's own result statuses (StatusCode in the WSDL). */
type StatusCode = 'Success' | 'InvalidCredentials' | 'InvalidParameters' | 'InternalException' | 'Unknown' | 'FailedAction';

// MINDBODY documents Status as the field to read; these ErrorCode numbers are the simulator's own.
const ERROR_CODES: Record<StatusCode, number> = {
  Success: 200,
  InvalidCredentials: 101,
  InvalidParameters: 201,
  FailedAction: 202,
  InternalException: 900,
  Unknown: 999,
};

type Handler = (args: Record<string, unknown>) => unknown;
type Listener = (req: http.IncomingMessage, res: http.ServerResponse) => void;

function asArray<T>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function str(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return String(value);
}

/** A date as node-soap parsed it (a Date made from a zone-less dateTime, i.e. local time) → yyyy-mm-dd. */
function ymd(value: unknown): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  }
  return typeof value === 'string' ? value.slice(0, 10) : undefined;
}

/** Drops undefined values, keeping key order (node-soap writes elements in key order). */
function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

class MindbodySoapSimulatorImpl implements MindbodySoapSimulator {
  readonly site: MindbodySite;
  readonly siteId: number;
  private readonly sourceName: string;
  private readonly sourcePassword: string;
  private readonly staffLogin?: { username: string; password: string };
  private readonly server = http.createServer();
  private readonly counts: Record<string, number> = {};
  private readonly received: ReceivedSoapRequest[] = [];
  private readonly validators: Record<'ClientService' | 'StaffService', XsdValidator>;
  private failures = 0;
  private answersToDrop = 0;
  private port = 0;
  private readonly timeZone: string;

  constructor(
    private readonly wsdls: { clientService: string; staffService: string },
    options: MindbodySoapSimulatorOptions,
  ) {
    this.siteId = options.siteId ?? -99;
    this.sourceName = options.sourceName ?? 'ConnectorSimulator';
    this.sourcePassword = options.sourcePassword ?? 'sim-source-pw-7Kq2';
    this.staffLogin = options.staffLogin;
    this.timeZone = options.timeZone ?? 'UTC';
    this.site = new MindbodySite({
      locations: options.locations ?? [
        { ID: 1, Name: 'Main Street' },
        { ID: 2, Name: 'Harbourfront' },
      ],
      referralTypes: options.referralTypes ?? [],
      requiredClientFields: options.requiredClientFields ?? [],
    });
    this.validators = { ClientService: new XsdValidator(wsdls.clientService), StaffService: new XsdValidator(wsdls.staffService) };
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    await this.listen(CLIENT_SERVICE_PATH, this.wsdls.clientService, {
      Client_x0020_Service: {
        Client_x0020_ServiceSoap: {
          AddOrUpdateClients: (args: Record<string, unknown>) => this.addOrUpdateClients(args),
          GetClients: (args: Record<string, unknown>) => this.getClients(args),
          GetClientReferralTypes: (args: Record<string, unknown>) => this.getClientReferralTypes(args),
          GetRequiredClientFields: (args: Record<string, unknown>) => this.getRequiredClientFields(args),
        },
      },
    });
    await this.listen(STAFF_SERVICE_PATH, this.wsdls.staffService, {
      Staff_x0020_Service: { Staff_x0020_ServiceSoap: { GetStaff: (args: Record<string, unknown>) => this.getStaff(args) } },
    });
    // node-soap does not validate requests against the schema: validate (and inject failures) in front of it.
    const soapListeners = this.server.listeners('request') as Listener[];
    this.server.removeAllListeners('request');
    this.server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => this.receive(req, res, soapListeners));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  private listen(path: string, wsdlPath: string, services: Record<string, Record<string, Record<string, Handler>>>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      soap.listen(this.server, {
        path,
        xml: fs.readFileSync(wsdlPath, 'utf8'),
        services: services as unknown as soap.IServices,
        callback: (error: unknown) => (error ? reject(error) : resolve()),
      });
    });
  }

  private receive(req: http.IncomingMessage, res: http.ServerResponse, soapListeners: Listener[]): void {
    const pass = () => soapListeners.forEach((listener) => listener(req, res));
    if (req.method !== 'POST') return pass();
    const path = new URL(req.url ?? '/', this.url).pathname.replace(/\/$/, '').toLowerCase();
    const service = path === CLIENT_SERVICE_PATH.toLowerCase() ? 'ClientService' : path === STAFF_SERVICE_PATH.toLowerCase() ? 'StaffService' : undefined;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const xmlHeaders = { 'Content-Type': 'text/xml; charset=utf-8' };
      if (!service) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found');
      if (this.failures > 0) {
        this.failures--;
        return void res.writeHead(500, xmlHeaders).end(soapFaultXml('soap:Server', 'Server was unable to process request. ---> Simulated failure (failNext).'));
      }
      const xml = body.toString('utf8');
      const payload = extractBodyPayload(xml);
      const entry: ReceivedSoapRequest = { service, operation: payload?.operation ?? '', xml, problems: [] };
      this.received.push(entry);
      keepAnswer(res, entry);
      if (!payload) {
        entry.problems = ['The request is not a SOAP envelope with one element in its Body.'];
        return void res.writeHead(500, xmlHeaders).end(soapFaultXml('soap:Client', `Server was unable to read request. ---> ${entry.problems[0]}`));
      }
      this.validators[service]
        .validate(payload.xml)
        .then((problems) => {
          entry.problems = problems;
          if (problems.length > 0) {
            // As an asmx service whose deserializer refuses the document: a client fault, HTTP 500.
            const message = `Server was unable to read request. ---> There is an error in XML document. ---> ${problems.join(' ')}`;
            return void res.writeHead(500, xmlHeaders).end(soapFaultXml('soap:Client', message));
          }
          (req as http.IncomingMessage & { body?: Buffer }).body = body;
          if (this.answersToDrop > 0) {
            this.answersToDrop--;
            // node-soap acts on the site first, then writes the answer: cut the connection instead.
            res.write = (() => true) as typeof res.write;
            res.end = (() => {
              req.socket.destroy();
              return res;
            }) as typeof res.end;
          }
          pass();
        })
        .catch((error: unknown) => {
          res.writeHead(500, xmlHeaders).end(soapFaultXml('soap:Server', `Server was unable to process request. ---> ${String(error)}`));
        });
    });
  }

  private count(key: string): void {
    this.counts[key] = (this.counts[key] ?? 0) + 1;
  }

  /** MBResult's elements, in the schema's order. */
  private result(status: StatusCode, message: string | undefined, request: Record<string, unknown>, page: { count: number; index: number; pages: number }) {
    return compact({
      Status: status,
      ErrorCode: ERROR_CODES[status],
      Message: message,
      XMLDetail: (request.XMLDetail as string | null | undefined) ?? 'Full',
      ResultCount: page.count,
      CurrentPageIndex: page.index,
      TotalPageCount: page.pages,
    });
  }

  /** Checks SourceCredentials (and UserCredentials when sent) against the site: a failed result, or undefined. */
  private authenticate(request: Record<string, unknown>) {
    const source = (request.SourceCredentials ?? {}) as Record<string, unknown>;
    const sites = (credentials: Record<string, unknown>) => asArray((credentials.SiteIDs as { int?: unknown } | undefined)?.int).map(Number);
    const fail = (message: string) => this.result('InvalidCredentials', message, request, { count: 0, index: 0, pages: 0 });
    if (str(source.SourceName) !== this.sourceName || str(source.Password) !== this.sourcePassword) {
      return fail('Invalid SourceCredentials: the source name or password is wrong.');
    }
    if (!sites(source).includes(this.siteId)) return fail(`SourceCredentials have no access to site ${sites(source).join(', ') || '(none given)'}.`);
    if (request.UserCredentials) {
      const user = request.UserCredentials as Record<string, unknown>;
      if (!this.staffLogin || str(user.Username) !== this.staffLogin.username || str(user.Password) !== this.staffLogin.password) {
        return fail('Invalid UserCredentials: the username or password is wrong.');
      }
    }
    return undefined;
  }

  private page<T>(items: T[], request: Record<string, unknown>): { items: T[]; count: number; index: number; pages: number } {
    const size = typeof request.PageSize === 'number' && request.PageSize > 0 ? request.PageSize : 100;
    const index = typeof request.CurrentPageIndex === 'number' && request.CurrentPageIndex > 0 ? request.CurrentPageIndex : 0;
    const pages = Math.ceil(items.length / size);
    const slice = items.slice(index * size, index * size + size);
    return { items: slice, count: items.length, index, pages };
  }

  private addOrUpdateClients(args: Record<string, unknown>) {
    const request = (args.Request ?? {}) as Record<string, unknown>;
    const writes = asArray((request.Clients as { Client?: unknown } | undefined)?.Client)
      .filter(Boolean)
      .map((raw) => toClientWrite(raw as Record<string, unknown>));
    for (const write of writes) this.count(write.ID !== undefined && this.site.clients.has(write.ID) ? 'people.update' : 'people.create');
    const denied = this.authenticate(request);
    if (denied) return { AddOrUpdateClientsResult: denied };
    if (writes.length === 0) {
      return { AddOrUpdateClientsResult: this.result('InvalidParameters', 'Clients is required.', request, { count: 0, index: 0, pages: 0 }) };
    }
    const outcomes: ClientOutcome[] = writes.map((write) => this.site.addOrUpdate(write, str(request.UpdateAction), request.Test === true));
    const failed = outcomes.filter((o) => o.action === 'Failed');
    const status: StatusCode = failed.length > 0 ? 'FailedAction' : 'Success';
    const message = failed.length > 0 ? `${failed.length} of ${outcomes.length} clients failed validation.` : undefined;
    return {
      AddOrUpdateClientsResult: {
        ...this.result(status, message, request, { count: outcomes.length, index: 0, pages: 1 }),
        Clients: { Client: outcomes.map((o) => this.clientOut(o.client, o.action, o.messages)) },
      },
    };
  }

  private getClients(args: Record<string, unknown>) {
    const request = (args.Request ?? {}) as Record<string, unknown>;
    this.count('people.search');
    const denied = this.authenticate(request);
    if (denied) return { GetClientsResult: denied };
    const ids = asArray((request.ClientIDs as { string?: unknown } | undefined)?.string).map(String);
    const found = this.site.searchClients({ ids, text: str(request.SearchText), modifiedSince: this.modifiedSince(request.LastModifiedDate) });
    const page = this.page(found, request);
    return { GetClientsResult: { ...this.result('Success', undefined, request, page), Clients: { Client: page.items.map((c) => this.clientOut(c)) } } };
  }

  private getClientReferralTypes(args: Record<string, unknown>) {
    const request = (args.Request ?? {}) as Record<string, unknown>;
    this.count('leadSources.list');
    const denied = this.authenticate(request);
    if (denied) return { GetClientReferralTypesResult: denied };
    const types = this.site.referralTypes;
    return {
      GetClientReferralTypesResult: {
        ...this.result('Success', undefined, request, { count: types.length, index: 0, pages: 1 }),
        ReferralTypes: { string: [...types] },
      },
    };
  }

  private getRequiredClientFields(args: Record<string, unknown>) {
    const request = (args.Request ?? {}) as Record<string, unknown>;
    this.count('check');
    const denied = this.authenticate(request);
    if (denied) return { GetRequiredClientFieldsResult: denied };
    const fields = this.site.requiredClientFields;
    return {
      GetRequiredClientFieldsResult: {
        ...this.result('Success', undefined, request, { count: fields.length, index: 0, pages: 1 }),
        RequiredClientFields: { string: [...fields] },
      },
    };
  }

  private getStaff(args: Record<string, unknown>) {
    const request = (args.Request ?? {}) as Record<string, unknown>;
    this.count('staff.list');
    const denied = this.authenticate(request);
    if (denied) return { GetStaffResult: denied };
    const ids = asArray((request.StaffIDs as { long?: unknown } | undefined)?.long).map(String);
    const staff = this.site.staff.filter((s) => ids.length === 0 || ids.includes(String(s.ID)));
    const page = this.page(staff, request);
    return { GetStaffResult: { ...this.result('Success', undefined, request, page), StaffMembers: { Staff: page.items.map((s) => staffOut(s)) } } };
  }

  /** A client as MINDBODY answers it, elements in the schema's order. */
  private clientOut(client: SiteClient | ClientWrite, action?: ClientOutcome['action'], messages: string[] = []) {
    const location = this.site.locations.find((l) => l.ID === client.HomeLocationID);
    return compact({
      Messages: messages.length > 0 ? { string: messages } : undefined,
      Gender: client.Gender,
      Inactive: client.Inactive,
      Reps:
        client.Reps && client.Reps.length > 0
          ? {
              Rep: client.Reps.map((rep) => {
                const staff = this.site.staff.find((s) => String(s.ID) === rep.staffId);
                return { ID: rep.number, Staff: compact({ ID: rep.staffId, FirstName: staff?.FirstName, LastName: staff?.LastName, isMale: false }) };
              }),
            }
          : undefined,
      Action: action,
      ID: client.ID,
      FirstName: client.FirstName,
      LastName: client.LastName,
      Email: client.Email,
      AddressLine1: client.AddressLine1,
      AddressLine2: client.AddressLine2,
      City: client.City,
      State: client.State,
      PostalCode: client.PostalCode,
      Country: client.Country,
      MobilePhone: client.MobilePhone,
      HomePhone: client.HomePhone,
      WorkPhone: client.WorkPhone,
      BirthDate: client.BirthDate ? `${client.BirthDate}T00:00:00` : undefined,
      ReferredBy: client.ReferredBy,
      HomeLocation: client.HomeLocationID !== undefined ? compact({ ID: client.HomeLocationID, Name: location?.Name }) : undefined,
      IsProspect: client.IsProspect,
    });
  }

  // PlatformSimulator

  turnUp(options: { hubClubIds: string[]; badCredentials?: boolean }): MindbodySoapSimulatorTurnUp {
    const locations = this.site.locations;
    return {
      connection: { scheme: 'http', host: '127.0.0.1', port: this.port },
      platformClientId: String(this.siteId),
      clubs: Object.fromEntries(options.hubClubIds.map((id, i) => [id, String(locations[i % locations.length].ID)])),
      options: compact({
        sourceName: this.sourceName,
        sourcePassword: options.badCredentials ? `${this.sourcePassword}-wrong` : this.sourcePassword,
        siteId: this.siteId,
        staffUsername: this.staffLogin?.username,
        staffPassword: this.staffLogin?.password,
        clientServiceWsdl: this.wsdls.clientService,
        staffServiceWsdl: this.wsdls.staffService,
      }),
    };
  }

  async people(): Promise<SimulatedPerson[]> {
    return this.clients().map((client) => ({
      id: client.ID,
      firstName: client.FirstName,
      lastName: client.LastName,
      email: client.Email,
      mobile: client.MobilePhone,
      type: client.IsProspect ? 'PROSPECT' : 'MEMBER',
      ownerId: client.Reps[0]?.staffId,
      leadSourceId: client.ReferredBy,
      clubId: client.HomeLocationID === undefined ? undefined : String(client.HomeLocationID),
      raw: client,
    }));
  }

  addFrontDeskClient(person: { firstName: string; lastName: string; email?: string; mobile?: string }): string {
    const outcome = this.site.addOrUpdate(
      { FirstName: person.firstName, LastName: person.lastName, Email: person.email, MobilePhone: person.mobile, IsProspect: true },
      undefined,
      false,
    );
    if (outcome.action === 'Failed') throw new Error(`front desk client refused: ${outcome.messages.join('; ')}`);
    return outcome.client.ID!;
  }

  async addStaff(staff: SimulatedStaffInput): Promise<string> {
    return String(this.site.addStaff({ FirstName: staff.firstName, LastName: staff.lastName, Email: staff.email }).ID);
  }

  async leadSources(): Promise<Array<{ id: string; name: string }>> {
    // A MINDBODY referral type is known by its name only: the name is its ID.
    return this.site.referralTypes.map((name) => ({ id: name, name }));
  }

  async addLeadSource(name: string): Promise<string> {
    this.site.addReferralType(name);
    return name;
  }

  calls(): Record<string, number> {
    return { ...this.counts };
  }

  failNext(count: number): void {
    this.failures += count;
  }

  dropAnswerNext(count: number): void {
    this.answersToDrop += count;
  }

  setTime(iso: string | undefined): void {
    this.site.setTime(iso);
  }

  sellMembership(clientId: string): void {
    this.site.change(clientId, { IsProspect: false, Inactive: false });
  }

  async endMembership(clientId: string): Promise<void> {
    this.site.change(clientId, { Inactive: true });
  }

  /** LastModifiedDate as it arrived (node-soap's Date of a zone-less time, or its text) → a UTC instant, read in the site's zone. */
  private modifiedSince(value: unknown): number | undefined {
    if (value instanceof Date && !Number.isNaN(value.getTime())) {
      // node-soap read the zone-less time as this process's local time: its local parts are the wall clock sent.
      const parts = {
        y: value.getFullYear(),
        mo: value.getMonth() + 1,
        d: value.getDate(),
        h: value.getHours(),
        mi: value.getMinutes(),
        s: value.getSeconds(),
      };
      return fromSiteLocalDateTime(parts, this.timeZone);
    }
    const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(value) : null;
    if (!match) return undefined;
    const [y, mo, d, h, mi, s] = match.slice(1).map(Number);
    return fromSiteLocalDateTime({ y, mo, d, h, mi, s }, this.timeZone);
  }

  requests(): ReceivedSoapRequest[] {
    return [...this.received];
  }

  clients(): SiteClient[] {
    return [...this.site.clients.values()].map((c) => structuredClone(c));
  }

  validate(service: 'ClientService' | 'StaffService', xml: string): Promise<string[]> {
    return this.validators[service].validate(xml);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Records what is written to `res` into `entry.answer`, for tests that check the simulator's answers. */
function keepAnswer(res: http.ServerResponse, entry: ReceivedSoapRequest): void {
  const chunks: string[] = [];
  const keep = (chunk: unknown) => {
    if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) chunks.push(chunk.toString());
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk);
    return write(chunk, ...rest);
  }) as typeof res.write;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk !== 'function') keep(chunk);
    entry.answer = { status: res.statusCode, xml: chunks.join('') };
    return end(chunk, ...rest);
  }) as typeof res.end;
}

/** node-soap's parse of one `<Client>` → a site write (only the fields MINDBODY's Client has that we keep). */
function toClientWrite(raw: Record<string, unknown>): ClientWrite {
  const location = raw.HomeLocation as { ID?: unknown } | undefined;
  const reps = asArray((raw.Reps as { Rep?: unknown } | undefined)?.Rep) as Array<{ ID?: unknown; Staff?: { ID?: unknown } }>;
  return compact({
    ID: str(raw.ID),
    FirstName: str(raw.FirstName),
    LastName: str(raw.LastName),
    Email: str(raw.Email),
    Gender: str(raw.Gender),
    Inactive: typeof raw.Inactive === 'boolean' ? raw.Inactive : undefined,
    IsProspect: typeof raw.IsProspect === 'boolean' ? raw.IsProspect : undefined,
    AddressLine1: str(raw.AddressLine1),
    AddressLine2: str(raw.AddressLine2),
    City: str(raw.City),
    State: str(raw.State),
    PostalCode: str(raw.PostalCode),
    Country: str(raw.Country),
    MobilePhone: str(raw.MobilePhone),
    HomePhone: str(raw.HomePhone),
    WorkPhone: str(raw.WorkPhone),
    BirthDate: ymd(raw.BirthDate),
    ReferredBy: str(raw.ReferredBy),
    HomeLocationID: location?.ID === undefined || location.ID === null ? undefined : Number(location.ID),
    Reps:
      raw.Reps === undefined
        ? undefined
        : reps.filter((r) => r && r.Staff?.ID !== undefined).map((r) => ({ number: Number(r.ID), staffId: String(r.Staff!.ID) })),
  }) as ClientWrite;
}

/** A staff member as GetStaff answers it, elements in the schema's order. */
function staffOut(staff: SiteStaff) {
  return {
    Email: staff.Email,
    ID: staff.ID,
    Name: `${staff.FirstName} ${staff.LastName}`,
    FirstName: staff.FirstName,
    LastName: staff.LastName,
    isMale: false,
  };
}

/**
 * Starts a MINDBODY SOAP API simulator on 127.0.0.1 (a random port): node-soap servers made from
 * MINDBODY's own WSDLs for the Client Service (0_5_1) and the Staff Service (0_5), over an in-memory site.
 * Every request is validated against the WSDL's schema first (unknown elements, order, types, required
 * elements), as the real service's deserializer would; credentials are checked on every call.
 *
 * @throws Error when the vendor WSDLs cannot be found (see {@link findMindbodySpecs}).
 */
export async function startMindbodySoapSimulator(options: MindbodySoapSimulatorOptions = {}): Promise<MindbodySoapSimulator> {
  const specs = options.specsDir
    ? { clientServiceWsdl: `${options.specsDir}/mindbody-v5.1-ClientService.wsdl`, staffServiceWsdl: `${options.specsDir}/mindbody-v5.0-StaffService.wsdl` }
    : findMindbodySpecs();
  if (!specs) throw new Error(MINDBODY_SPECS_MISSING);
  const simulator = new MindbodySoapSimulatorImpl({ clientService: specs.clientServiceWsdl, staffService: specs.staffServiceWsdl }, options);
  return simulator.start();
}
