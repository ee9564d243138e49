import type { LeadSource, Person } from '../model/person';

/** The club a delivery is for, as both the hub and the platform know it. */
export interface ClubContext {
  /** The hub's club ID. */
  hubClubId: string;
  /** The club's ID in the platform (from the turn-up's club mapping). */
  platformClubId: string;
  /** IANA time zone of the club. */
  timeZone: string;
}

/**
 * What core hands a plugin to write one person. Core has already resolved the staff owner and the lead
 * source to the platform's own IDs (delivery rules 1 and 2); the plugin only maps and calls.
 */
export interface PersonWrite {
  /** The hub record's UUID: where the platform keeps an external reference, store it (used by `find`). */
  hubId: string;
  /**
   * The hub record's version this write carries (it increases with every change of content). With
   * `hubId` it names one delivery of one version, e.g. a webhook's id, the same on every retry and
   * replay of that version. Absent when core calls an operation outside a delivery (tests, tools).
   */
  version?: number;
  person: Person;
  club: ClubContext;
  /** The platform's ID of the staff owner, when one matched by email. */
  ownerId?: string;
  /** The platform's ID of the lead source, when one matched or was created. */
  leadSourceId?: string;
  /**
   * Core's idempotency key for a create of this hub record in this platform: send it where the platform
   * takes one (an `Idempotency-Key` header, a client reference), so a create repeated after a timeout,
   * a lost answer or a crash gives back the record the first one made instead of a second record.
   *
   * It is the same for every attempt, every hub process and every version of the record (it is derived
   * from the client, the platform and the record's UUID, not from its content): a create retried after
   * the content changed must still find the first one. A platform that answers a repeated key with the
   * first record may hold the older content then: update it with this write before returning the ID.
   * Absent when core calls an operation outside a delivery (tests, tools).
   */
  idempotencyKey?: string;
  /**
   * Reports something the platform cannot carry (a field it has no place for): the delivery is still
   * made, and core logs it as a WARNING, so nothing is dropped silently. Plugins never log themselves.
   */
  warn?(message: string): void;
}

/**
 * Prospect (lead) operations. Provide `save`, or both `create` and `update`.
 *
 * @example
 * ```ts
 * @injectable()
 * export class AcmeProspects implements ProspectOperations {
 *   constructor(@inject(RestTransportToken) private readonly http: RestTransport) {}
 *   async create(input: PersonWrite) { return (await this.http.post('/prospects', toAcme(input))).data.id; }
 *   async update(id: string, input: PersonWrite) { await this.http.put(`/prospects/${id}`, toAcme(input)); }
 * }
 * ```
 */
export interface ProspectOperations {
  /** Creates the person; returns the platform's record ID. */
  create?(input: PersonWrite): Promise<string>;
  /** Updates the person known by `platformId`; may return a new ID when the platform re-keys. */
  update?(platformId: string, input: PersonWrite): Promise<string | void>;
  /** Creates (no `platformId`) or updates; returns the platform's record ID. */
  save?(input: PersonWrite, platformId?: string): Promise<string>;
}

/**
 * Member operations: the same as prospects, plus `convertProspect` where the platform has its own
 * conversion. Without it, core converts by updating the linked record as a member.
 */
export interface MemberOperations extends ProspectOperations {
  /**
   * Turns the prospect known by `platformId` into a member; may return a new ID. Core also calls it when
   * it sends a member to a record it found (`find`) rather than linked, whose type in the platform it
   * does not know (a prospect entered at the front desk, or a member): it must then take a member too,
   * updating it as one.
   */
  convertProspect?(platformId: string, input: PersonWrite): Promise<string | void>;
}

/** A staff member as a platform lists it. */
export interface PlatformStaff {
  id: string;
  email?: string;
  firstName?: string;
  lastName?: string;
}

/** Staff: listed only. The Connector never creates or updates staff in a platform. */
export interface StaffOperations {
  /** The staff of one club (ID and email at least). Core caches the list per client + club. */
  list(club: ClubContext): Promise<PlatformStaff[]>;
}

/** A lead source as a platform lists it. */
export interface PlatformLeadSource {
  id: string;
  name: string;
  active?: boolean;
}

/** What core adds to a create besides the entity (a second argument, so existing plugins still fit). */
export interface CreateOptions {
  /**
   * Core's idempotency key for this create: the same for every attempt (for a lead source: its club and
   * name). Send it where the platform takes one; see `PersonWrite.idempotencyKey`.
   */
  idempotencyKey?: string;
}

/** Lead sources: `list`, and `create` / `update` where the platform can. */
export interface LeadSourceOperations {
  list(club: ClubContext): Promise<PlatformLeadSource[]>;
  create?(leadSource: LeadSource, club: ClubContext, options?: CreateOptions): Promise<string>;
  update?(platformId: string, leadSource: LeadSource, club: ClubContext): Promise<void>;
}

/** How core asks a platform whether it already holds a person. */
export interface PersonQuery {
  hubId: string;
  person: Person;
  club: ClubContext;
}

/**
 * Finds a person the platform already holds (by the hub's reference where the platform keeps one, else
 * email and name). Core calls it before a create: when a create may already have happened (a delivery
 * retried after a crash), so it updates that record instead of creating another; and before the first
 * create of a person in the platform (the turn-up's `matchBeforeCreate`, on by default), so a person
 * entered at the club's front desk is linked rather than entered twice.
 */
export interface FindOperations {
  find(query: PersonQuery): Promise<string | undefined>;
  /**
   * Every record the platform holds for this hub person (the same matching as `find`), oldest first.
   * Optional: where the platform can list them, core prefers it to `find` and, when it answers more than
   * one ID, keeps the first and writes one WARNING naming all of them (a duplicate made before, e.g. by a
   * create the platform saved after its answer timed out), so an operator can merge them.
   */
  findAll?(query: PersonQuery): Promise<string[]>;
  /**
   * Merges the platform record `duplicateId` into `keepId` (both found by `findAll` for `query`): the
   * platform keeps `keepId`, with what it holds of the other (history, purchases, visits), and drops
   * `duplicateId`. Optional: where the platform can (MINDBODY v6 `client/mergeclients`). Core calls it
   * only when the turn-up allows it (`mergeDuplicates: true`), since a merge cannot be undone, and
   * logs each merge. Never called with the same ID twice.
   */
  merge?(keepId: string, duplicateId: string, query: PersonQuery): Promise<void>;
}

/** What `check` reports. */
export interface CheckResult {
  /** A short human line, e.g. "site 123, 2 locations". */
  detail?: string;
}

/** A cheap authenticated call that proves the turn-up works (credentials, host, site). */
export interface CheckOperation {
  check(): Promise<CheckResult | void>;
}

/**
 * A person as a platform holds it, read by a pull or taken from a webhook, in the hub's model. Core
 * matches it to a hub record (the link, else SmartMatch), saves it through the intake and sends the
 * change to the other platforms: never back to this one.
 */
export interface PlatformPerson {
  /** The platform's ID of the person. */
  platformId: string;
  /**
   * The person in the hub's model. `userType` MEMBER with `userStatus` INACTIVE is a former member
   * (the platform says expired, terminated or inactive); PROSPECT or MEMBER ACTIVE otherwise.
   */
  person: Person;
  /** When the platform last changed the person (ISO-8601), where it says. */
  modifiedAt?: string;
  /**
   * The platform's ID of the person's club, where the platform says (a home location): core maps it to
   * the hub club through the turn-up's club mapping. Absent: the club the pull was asked for.
   */
  platformClubId?: string;
}

/** What core asks of {@link PullOperations.changes}. */
export interface ChangesQuery {
  /** The club being pulled. */
  club: ClubContext;
  /**
   * Where the previous page ended, as the plugin returned it (opaque to core), or undefined for the
   * first pull of this turn-up and club. A plugin whose platform has no modified time keeps its own
   * notion here (e.g. the start of the previous pull minus an overlap).
   */
  cursor?: string;
  /** Most items wanted in the page (the plugin may return fewer, never more). */
  limit: number;
}

/** One page of changes. */
export interface ChangesPage {
  items: PlatformPerson[];
  /** Where the next page starts: core stores it in the transaction that commits this page's items. */
  cursor: string;
  /** True when the platform has nothing after this page (for now). */
  done: boolean;
}

/**
 * Pull: the people a platform changed since a cursor. Optional; core schedules it per turn-up
 * (`pull: { every }`) and runs it on demand (`connector sync`), paced inside the platform's limits.
 */
export interface PullOperations {
  changes(query: ChangesQuery): Promise<ChangesPage>;
  /** Reads one person now (for a webhook that says only which person changed). */
  get?(platformId: string, club: ClubContext): Promise<PlatformPerson | undefined>;
}

/** A webhook request as the hub received it: the plugin checks the signature on the raw bytes. */
export interface WebhookRequest {
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  rawBody: Buffer;
  /** When the hub received it (ms since the epoch), for checks of a signed time stamp. */
  receivedAt: number;
}

/** One message of a webhook request, in the hub's model. */
export interface WebhookMessage {
  /** The platform's message ID: a redelivered message with the same ID changes nothing. */
  messageId: string;
  /** People the message carries in full. */
  people?: PlatformPerson[];
  /** Platform IDs of people the message only names: core reads each with {@link PullOperations.get}. */
  changed?: Array<{ platformId: string; platformClubId?: string }>;
}

/**
 * Webhooks in: the plugin verifies a request with its turn-up's secret and turns it into messages.
 * Core answers 202 once the messages' changes are durable, deduplicates by message ID and logs.
 */
export interface WebhookOperations {
  /**
   * Returns the messages of a verified request. Throws {@link WebhookSignatureError} when the signature
   * is missing or wrong (core answers 401), a `ValidationError` when the body cannot be read (400).
   */
  receive(request: WebhookRequest): Promise<WebhookMessage[]>;
}
