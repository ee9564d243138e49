import { randomBytes } from 'node:crypto';
import type {
  MindbodyAddClientRequest,
  MindbodyClient,
  MindbodyClientFields,
  MindbodyLocation,
  MindbodyPagination,
  MindbodyStaffMember,
  MindbodyUpdateClientRequest,
} from '../api/mindbody-api.types';
import { invalidParameter, MindbodyHttpError } from './mindbody-http.error';

/** A client as the simulated site stores it. */
export interface StoredClient extends MindbodyClientFields {
  Id: string;
  UniqueId: number;
  CreationDate: string;
  LastModifiedDateTime: string;
}

/** A page of a list, with MINDBODY's `PaginationResponse`. */
export interface Paged<T> {
  items: T[];
  pagination: MindbodyPagination;
}

/** What `GET client/clients` filters on. */
export interface ClientSearch {
  searchText?: string;
  clientIds?: string[];
  includeInactive?: boolean;
  isProspect?: boolean;
  /** `request.lastModifiedDate`: clients modified on or after it. */
  lastModifiedDate?: string;
  limit: number;
  offset: number;
}

const norm = (value: string | undefined) => (value ?? '').trim().toLowerCase();

function page<T>(all: T[], limit: number, offset: number): Paged<T> {
  const items = all.slice(offset, offset + limit);
  return { items, pagination: { RequestedLimit: limit, RequestedOffset: offset, PageSize: items.length, TotalResults: all.length } };
}

/** What changed in the site, for the webhooks the simulator sends (MINDBODY's event IDs). */
export type SiteEvent =
  | { eventId: 'client.created' | 'client.updated' | 'client.deactivated'; client: StoredClient; previousEmail?: string }
  | { eventId: 'clientMembershipAssignment.created'; client: StoredClient; membership: SimulatedMembership };

/** A membership the simulated site sold to a client. */
export interface SimulatedMembership {
  membershipId: number;
  name: string;
  /** The client's `Status` while it holds the membership. */
  status: 'Active' | 'Expired' | 'Terminated' | 'Suspended';
}

/**
 * The in-memory MINDBODY site behind the simulator: locations, staff, referral types, clients and the
 * staff user tokens it has issued. It enforces the rules a plugin meets in MINDBODY: references must
 * exist (locations, staff as sales reps, referral types) and no two clients share first name, last
 * name and email.
 */
export class MindbodySiteDatabase {
  private readonly locations = new Map<number, MindbodyLocation>();
  private readonly staff = new Map<number, MindbodyStaffMember>();
  private readonly referralTypes: string[] = [];
  private readonly clients = new Map<string, StoredClient>();
  private readonly tokens = new Map<string, number>();
  private readonly issued: string[] = [];
  private nextClientId = 100_000_001;
  private nextStaffId = 100_001;
  private nextLocationId = 1;
  private readonly memberships = new Map<string, SimulatedMembership>();
  private nextMembershipId = 1;
  private fixedTime: string | undefined;
  /** Told of every change the site commits (the simulator sends webhooks from it). */
  onEvent: (event: SiteEvent) => void = () => undefined;

  constructor(readonly siteId: string) {}

  /** The site's clock: `LastModifiedDateTime` of every change. A fixed time makes equal modified times. */
  now(): string {
    return this.fixedTime ?? new Date().toISOString();
  }

  /** Fixes the site's clock at `iso` (undefined: the real time again). */
  setTime(iso: string | undefined): void {
    this.fixedTime = iso === undefined ? undefined : new Date(iso).toISOString();
  }

  // ---- locations, staff, referral types ----------------------------------------------------------

  addLocation(name: string, id = this.nextLocationId): MindbodyLocation {
    this.nextLocationId = Math.max(this.nextLocationId, id + 1);
    const location = { Id: id, Name: name, SiteID: Number(this.siteId) };
    this.locations.set(id, location);
    return location;
  }

  listLocations(limit: number, offset: number): Paged<MindbodyLocation> {
    return page([...this.locations.values()], limit, offset);
  }

  addStaff(staff: { firstName: string; lastName: string; email: string }): MindbodyStaffMember {
    const member = {
      Id: this.nextStaffId++,
      FirstName: staff.firstName,
      LastName: staff.lastName,
      Email: staff.email,
      Name: `${staff.firstName} ${staff.lastName}`,
    };
    this.staff.set(member.Id, member);
    return member;
  }

  listStaff(limit: number, offset: number): Paged<MindbodyStaffMember> {
    return page([...this.staff.values()], limit, offset);
  }

  addReferralType(name: string): string {
    if (!this.referralTypes.some((known) => known === name)) this.referralTypes.push(name);
    return name;
  }

  listReferralTypes(): string[] {
    return [...this.referralTypes];
  }

  // ---- staff user tokens ------------------------------------------------------------------------

  issueToken(lifetimeMs: number): { token: string; expiresAt: number } {
    const token = `mbsim-${randomBytes(18).toString('base64url')}`;
    const expiresAt = Date.now() + lifetimeMs;
    this.tokens.set(token, expiresAt);
    this.issued.push(token);
    return { token, expiresAt };
  }

  isValidToken(token: string): boolean {
    const expiresAt = this.tokens.get(token);
    return expiresAt !== undefined && expiresAt > Date.now();
  }

  revokeTokens(): void {
    this.tokens.clear();
  }

  issuedTokens(): string[] {
    return [...this.issued];
  }

  // ---- clients ----------------------------------------------------------------------------------

  addClient(request: MindbodyAddClientRequest): StoredClient {
    const { Test, ...fields } = request;
    this.checkReferences(fields);
    this.checkDuplicate(fields);
    const now = this.now();
    const client: StoredClient = {
      Active: true,
      IsProspect: false,
      ...fields,
      Id: String(this.nextClientId),
      UniqueId: this.nextClientId,
      CreationDate: fields.CreationDate ?? now,
      LastModifiedDateTime: now,
    };
    // Test mode: "validated, but no client data is added or updated".
    if (Test) return client;
    this.nextClientId += 1;
    this.clients.set(client.Id, client);
    this.onEvent({ eventId: 'client.created', client });
    return client;
  }

  updateClient(request: MindbodyUpdateClientRequest): StoredClient {
    const { Id, ...fields } = request.Client;
    const existing = this.clients.get(Id);
    if (!existing) throw new MindbodyHttpError(404, 'ClientNotFound', `Client with Id ${Id} was not found at site ${this.siteId}`);
    this.checkReferences(fields);
    const updated: StoredClient = { ...existing, ...fields, Id, LastModifiedDateTime: this.now() };
    // "Updates made to any inactive clients will automatically reactivate the client unless Active is
    // explicitly set to false."
    if (fields.Active === undefined) updated.Active = true;
    this.checkDuplicate(updated, Id);
    if (!request.Test) {
      this.clients.set(Id, updated);
      this.onEvent({ eventId: 'client.updated', client: updated, previousEmail: existing.Email !== updated.Email ? existing.Email : undefined });
    }
    return updated;
  }

  searchClients(search: ClientSearch): Paged<StoredClient> {
    const text = norm(search.searchText);
    const ids = search.clientIds ? new Set(search.clientIds) : undefined;
    const found = [...this.clients.values()].filter((client) => {
      if (!search.includeInactive && client.Active === false) return false;
      if (search.isProspect !== undefined && !!client.IsProspect !== search.isProspect) return false;
      if (ids && !ids.has(client.Id)) return false;
      if (search.lastModifiedDate !== undefined && Date.parse(client.LastModifiedDateTime) < Date.parse(search.lastModifiedDate)) return false;
      if (!text) return true;
      const haystack = [client.FirstName, client.LastName, client.Email, `${client.FirstName ?? ''} ${client.LastName ?? ''}`];
      return haystack.some((value) => norm(value).includes(text));
    });
    return page(found, search.limit, search.offset);
  }

  /**
   * A sale at the front desk: the client gets a membership, is a prospect no more, and is active. MINDBODY
   * sends clientMembershipAssignment.created, then client.updated.
   */
  sellMembership(clientId: string, name: string): SimulatedMembership {
    const client = this.change(clientId, { IsProspect: false, Active: true });
    const membership: SimulatedMembership = { membershipId: this.nextMembershipId++, name, status: 'Active' };
    this.memberships.set(clientId, membership);
    this.onEvent({ eventId: 'clientMembershipAssignment.created', client, membership });
    this.onEvent({ eventId: 'client.updated', client });
    return membership;
  }

  /** The client's membership ends (`Status` Expired or Terminated): a former member. Sends client.updated. */
  endMembership(clientId: string, status: 'Expired' | 'Terminated'): void {
    const membership = this.memberships.get(clientId) ?? { membershipId: this.nextMembershipId++, name: 'Membership', status };
    this.memberships.set(clientId, { ...membership, status });
    this.onEvent({ eventId: 'client.updated', client: this.change(clientId, {}) });
  }

  /** The client's profile is made inactive (`Active` false). Sends client.deactivated. */
  deactivateClient(clientId: string): void {
    this.onEvent({ eventId: 'client.deactivated', client: this.change(clientId, { Active: false }) });
  }

  /** The client's membership, if the site sold one. */
  membershipOf(clientId: string): SimulatedMembership | undefined {
    return this.memberships.get(clientId);
  }

  private change(clientId: string, fields: Partial<StoredClient>): StoredClient {
    const existing = this.clients.get(clientId);
    if (!existing) throw new MindbodyHttpError(404, 'ClientNotFound', `Client with Id ${clientId} was not found at site ${this.siteId}`);
    const changed: StoredClient = { ...existing, ...fields, LastModifiedDateTime: this.now() };
    this.clients.set(clientId, changed);
    return changed;
  }

  /**
   * `GET client/clientduplicates`: the clients with this first name, last name and email (case-insensitive);
   * "for there to be results, all three parameters must match", so a missing one finds nobody.
   */
  findDuplicates(search: { firstName?: string; lastName?: string; email?: string; limit: number; offset: number }): Paged<StoredClient> {
    const wanted = [search.firstName, search.lastName, search.email].map(norm);
    const found = wanted.some((value) => value === '')
      ? []
      : [...this.clients.values()].filter((client) => [client.FirstName, client.LastName, client.Email].map(norm).every((value, i) => value === wanted[i]));
    return page(found, search.limit, search.offset);
  }

  /** `POST client/mergeclients`: the source client (by UniqueId) is merged into the target and is gone. */
  mergeClients(sourceUniqueId: number, targetUniqueId: number): void {
    if (sourceUniqueId === targetUniqueId) throw invalidParameter('SourceClientId and TargetClientId must be two different clients');
    const byUniqueId = (uniqueId: number, field: string) => {
      const client = [...this.clients.values()].find((candidate) => candidate.UniqueId === uniqueId);
      if (!client) throw new MindbodyHttpError(404, 'ClientNotFound', `${field}: client with UniqueId ${uniqueId} was not found at site ${this.siteId}`);
      return client;
    };
    const source = byUniqueId(sourceUniqueId, 'SourceClientId');
    const target = byUniqueId(targetUniqueId, 'TargetClientId');
    // The target keeps its profile; what it lacks, it takes from the source (history is not simulated).
    const held = Object.fromEntries(Object.entries(target).filter(([, value]) => value !== undefined && value !== null && value !== ''));
    this.clients.delete(source.Id);
    this.clients.set(target.Id, {
      ...source,
      ...held,
      Id: target.Id,
      UniqueId: target.UniqueId,
      LastModifiedDateTime: this.now(),
    } as StoredClient);
  }

  /** Merges every client with the same first name, last name and email into `keepId` (the business's own tool). */
  mergeDuplicatesInto(keepId: string): void {
    const keep = this.clients.get(keepId);
    if (!keep) throw new Error(`no client ${keepId}`);
    const { items } = this.findDuplicates({ firstName: keep.FirstName, lastName: keep.LastName, email: keep.Email, limit: this.clients.size, offset: 0 });
    for (const other of items) if (other.Id !== keepId) this.mergeClients(other.UniqueId, keep.UniqueId);
  }

  /**
   * A client entered at the front desk, not through the API. With `beforeDuplicateRule`, one made before
   * MINDBODY refused duplicates (May 2020): it may share first name, last name and email with another.
   */
  addFrontDeskClient(fields: MindbodyClientFields, beforeDuplicateRule = false): StoredClient {
    this.checkReferences(fields);
    if (!beforeDuplicateRule) this.checkDuplicate(fields);
    const now = this.now();
    const client: StoredClient = {
      Active: true,
      IsProspect: true,
      ...fields,
      Id: String(this.nextClientId),
      UniqueId: this.nextClientId,
      CreationDate: now,
      LastModifiedDateTime: now,
    };
    this.nextClientId += 1;
    this.clients.set(client.Id, client);
    this.onEvent({ eventId: 'client.created', client });
    return client;
  }

  allClients(): StoredClient[] {
    return [...this.clients.values()];
  }

  /** A client as the API answers it (ClientWithSuspensionInfo), references filled in. */
  render(client: StoredClient, action?: 'Added' | 'Updated'): MindbodyClient & { Action?: string } {
    const location = client.HomeLocation?.Id !== undefined ? this.locations.get(client.HomeLocation.Id) : undefined;
    return {
      ...client,
      Status: this.memberships.get(client.Id)?.status ?? (client.IsProspect ? 'Non-Member' : 'Active'),
      HomeLocation: location ? { ...location } : client.HomeLocation,
      SalesReps: client.SalesReps?.map((rep) => {
        const staff = rep.Id !== undefined ? this.staff.get(rep.Id) : undefined;
        return { ...rep, FirstName: staff?.FirstName, LastName: staff?.LastName };
      }),
      ...(action ? { Action: action } : {}),
    };
  }

  private checkReferences(fields: MindbodyClientFields): void {
    const locationId = fields.HomeLocation?.Id;
    if (locationId !== undefined && !this.locations.has(locationId)) {
      throw invalidParameter(`HomeLocation ${locationId} is not a location of site ${this.siteId}`);
    }
    for (const rep of fields.SalesReps ?? []) {
      if (rep.Id === undefined || !this.staff.has(rep.Id)) throw invalidParameter(`Sales rep ${rep.Id} is not a staff member of site ${this.siteId}`);
    }
    if (fields.ReferredBy !== undefined && fields.ReferredBy !== '' && !this.referralTypes.includes(fields.ReferredBy)) {
      throw invalidParameter(
        `ReferredBy ${JSON.stringify(fields.ReferredBy)} is not a referral type of site ${this.siteId} (see GET client/clientreferraltypes)`,
      );
    }
  }

  /** MINDBODY: "A duplicate client is created when two profiles have the same first name, last name and email." */
  private checkDuplicate(fields: MindbodyClientFields, exceptId?: string): void {
    if (!norm(fields.Email)) return;
    const duplicate = [...this.clients.values()].find(
      (client) =>
        client.Id !== exceptId &&
        norm(client.FirstName) === norm(fields.FirstName) &&
        norm(client.LastName) === norm(fields.LastName) &&
        norm(client.Email) === norm(fields.Email),
    );
    if (duplicate) {
      throw new MindbodyHttpError(400, 'InvalidClientCreation', `A client with the same first name, last name and email already exists (Id ${duplicate.Id})`);
    }
  }
}
