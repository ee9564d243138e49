import { AcmeHttpError } from './acme-http.error';
import type { LeadSourceBody, PeopleQuery, PersonBody } from './acme.schemas';

/** A club of the simulated Acme account. */
export interface AcmeClubRecord {
  id: string;
  name: string;
}

/** A person as Acme stores and answers it (the JSON of the API). */
export interface AcmePersonRecord extends Omit<PersonBody, 'status'> {
  id: string;
  clubId: string;
  type: 'prospect' | 'member';
  status: 'active' | 'inactive';
  /** Set when the person became a member (created as one, or converted). */
  memberSince?: string;
  createdAt: string;
  updatedAt: string;
}

/** A staff member. An empty `clubIds` means the person works at every club of the account. */
export interface AcmeStaffRecord {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  clubIds: string[];
}

/** A lead source. Without `clubId` it is account-wide: every club lists it. */
export interface AcmeLeadSourceRecord {
  id: string;
  name: string;
  active: boolean;
  clubId?: string;
}

function sameName(a: string, b: string): boolean {
  const norm = (value: string) => value.trim().replace(/\s+/g, ' ').toLowerCase();
  return norm(a) === norm(b);
}

/**
 * The in-memory database of one simulated Acme account. Every rule the API documents (club scoping,
 * prospect vs member, unique lead source names) lives here, so the routes only parse and answer.
 */
export class AcmeDatabase {
  readonly account = { id: 'acct-1', name: 'Acme Fitness (simulated)' };
  private readonly clubs = new Map<string, AcmeClubRecord>();
  private readonly clubByHubId = new Map<string, string>();
  private readonly persons = new Map<string, AcmePersonRecord>();
  private readonly staff = new Map<string, AcmeStaffRecord>();
  private readonly sources = new Map<string, AcmeLeadSourceRecord>();
  private readonly sequences = new Map<string, number>();
  /** The change feed: the sequence number of each person's last change (the feed's cursor counts these). */
  private readonly changeSeq = new Map<string, number>();
  private lastChange = 0;

  /**
   * @param uniqueLeadSourceNames - false: a second lead source of the same name is created, not refused
   * with 409, as a platform that does not deduplicate (for tests of the hub's own once-only create).
   */
  constructor(private readonly uniqueLeadSourceNames = true) {}

  /** Stores a person as changed now: it moves to the end of the change feed. */
  private put(record: AcmePersonRecord): AcmePersonRecord {
    this.persons.set(record.id, record);
    this.changeSeq.set(record.id, ++this.lastChange);
    return structuredClone(record);
  }

  private nextId(prefix: string): string {
    const next = (this.sequences.get(prefix) ?? 0) + 1;
    this.sequences.set(prefix, next);
    return `${prefix}-${next}`;
  }

  /** The Acme club for a hub club ID, created on first use so turn-ups stay stable. */
  clubForHub(hubClubId: string): string {
    let id = this.clubByHubId.get(hubClubId);
    if (!id) {
      id = `club-${this.clubs.size + 1}`;
      this.clubs.set(id, { id, name: `Club ${this.clubs.size + 1} (hub ${hubClubId})` });
      this.clubByHubId.set(hubClubId, id);
    }
    return id;
  }

  listClubs(): AcmeClubRecord[] {
    return [...this.clubs.values()].map((club) => ({ ...club }));
  }

  private club(clubId: string): AcmeClubRecord {
    const club = this.clubs.get(clubId);
    if (!club) throw new AcmeHttpError(404, `club ${clubId} not found`);
    return club;
  }

  private person(id: string): AcmePersonRecord {
    const person = this.persons.get(id);
    if (!person) throw new AcmeHttpError(404, `person ${id} not found`);
    return person;
  }

  private checkReferences(clubId: string, body: PersonBody): void {
    if (body.ownerStaffId !== undefined) {
      const owner = this.staff.get(body.ownerStaffId);
      if (!owner || (owner.clubIds.length > 0 && !owner.clubIds.includes(clubId))) {
        throw new AcmeHttpError(400, `ownerStaffId ${body.ownerStaffId} is not a staff member of club ${clubId}`, 'ownerStaffId');
      }
    }
    if (body.leadSourceId !== undefined) {
      const source = this.sources.get(body.leadSourceId);
      if (!source || (source.clubId !== undefined && source.clubId !== clubId)) {
        throw new AcmeHttpError(400, `leadSourceId ${body.leadSourceId} is not a lead source of club ${clubId}`, 'leadSourceId');
      }
    }
  }

  /** POST /v1/clubs/:clubId/prospects|members. */
  createPerson(clubId: string, type: AcmePersonRecord['type'], body: PersonBody): AcmePersonRecord {
    this.club(clubId);
    this.checkReferences(clubId, body);
    const now = new Date().toISOString();
    const record: AcmePersonRecord = {
      ...body,
      id: this.nextId('p'),
      clubId,
      type,
      ...(type === 'member' ? { memberSince: now } : {}),
      createdAt: now,
      updatedAt: now,
    };
    return this.put(record);
  }

  /** PUT /v1/prospects/:id and /v1/members/:id: replaces every field; externalRef is kept when left out. */
  updatePerson(id: string, type: AcmePersonRecord['type'], body: PersonBody): AcmePersonRecord {
    const current = this.person(id);
    if (current.type !== type) {
      const hint = current.type === 'member' ? `update it with PUT /v1/members/${id}` : `convert it first with POST /v1/prospects/${id}/convert`;
      throw new AcmeHttpError(409, `person ${id} is a ${current.type}: ${hint}`);
    }
    return this.replace(current, body, type);
  }

  /** POST /v1/prospects/:id/convert: idempotent, so a retry after a lost answer succeeds. */
  convertProspect(id: string, body: PersonBody): AcmePersonRecord {
    return this.replace(this.person(id), body, 'member');
  }

  private replace(current: AcmePersonRecord, body: PersonBody, type: AcmePersonRecord['type']): AcmePersonRecord {
    this.checkReferences(current.clubId, body);
    const now = new Date().toISOString();
    const record: AcmePersonRecord = {
      ...body,
      externalRef: body.externalRef ?? current.externalRef,
      id: current.id,
      clubId: current.clubId,
      type,
      ...(type === 'member' ? { memberSince: current.memberSince ?? now } : {}),
      createdAt: current.createdAt,
      updatedAt: now,
    };
    if (record.externalRef === undefined) delete record.externalRef;
    return this.put(record);
  }

  /**
   * GET /v1/clubs/:clubId/people/changes: the club's people changed after the cursor `since` (a change
   * sequence number; 0 or absent: from the start), oldest change first. A person changed twice appears
   * once, at its last change. `cursor` is where the next page starts; `done` says nothing is left.
   */
  changes(clubId: string, since: number, limit: number): { items: AcmePersonRecord[]; cursor: string; done: boolean } {
    this.club(clubId);
    const after = [...this.persons.values()]
      .filter((person) => person.clubId === clubId && (this.changeSeq.get(person.id) ?? 0) > since)
      .sort((a, b) => this.changeSeq.get(a.id)! - this.changeSeq.get(b.id)!);
    const items = after.slice(0, limit);
    const cursor = items.length ? this.changeSeq.get(items[items.length - 1].id)! : since;
    return { items: items.map((person) => structuredClone(person)), cursor: String(cursor), done: items.length === after.length };
  }

  /** GET /v1/people/:id. */
  getPerson(id: string): AcmePersonRecord {
    return structuredClone(this.person(id));
  }

  /** A sale at the club (the simulator's, not the API's): the prospect becomes a member; a former member is one again. */
  sell(id: string): AcmePersonRecord {
    const current = this.person(id);
    const now = new Date().toISOString();
    return this.put({
      ...current,
      type: 'member',
      status: 'active',
      memberSince: current.status === 'inactive' ? now : (current.memberSince ?? now),
      updatedAt: now,
    });
  }

  /** A membership that ends (expired, cancelled): the member stays a member, inactive (a former member). */
  endMembership(id: string): AcmePersonRecord {
    const current = this.person(id);
    if (current.type !== 'member') throw new AcmeHttpError(409, `person ${id} is a ${current.type}: only a membership can end`);
    return this.put({ ...current, status: 'inactive', updatedAt: new Date().toISOString() });
  }

  /** GET /v1/clubs/:clubId/people: filters combine with AND; email matches case-insensitively. */
  searchPeople(clubId: string, query: PeopleQuery): AcmePersonRecord[] {
    this.club(clubId);
    const email = query.email?.toLowerCase();
    return [...this.persons.values()]
      .filter((person) => person.clubId === clubId)
      .filter((person) => query.externalRef === undefined || person.externalRef === query.externalRef)
      .filter((person) => email === undefined || person.email?.toLowerCase() === email)
      .map((person) => structuredClone(person));
  }

  /** Everyone, in creation order (for the simulator's assertions). */
  allPeople(): AcmePersonRecord[] {
    return [...this.persons.values()].map((person) => structuredClone(person));
  }

  addStaff(staff: Omit<AcmeStaffRecord, 'id' | 'clubIds'>, clubIds: string[]): string {
    const id = this.nextId('s');
    this.staff.set(id, { id, ...staff, clubIds: [...clubIds] });
    return id;
  }

  /** GET /v1/clubs/:clubId/staff. */
  listStaff(clubId: string): Array<Omit<AcmeStaffRecord, 'clubIds'>> {
    this.club(clubId);
    return [...this.staff.values()]
      .filter((staff) => staff.clubIds.length === 0 || staff.clubIds.includes(clubId))
      .map(({ clubIds: _clubIds, ...staff }) => ({ ...staff }));
  }

  /** GET /v1/clubs/:clubId/lead-sources: the club's own and the account-wide ones. */
  listLeadSources(clubId: string): AcmeLeadSourceRecord[] {
    this.club(clubId);
    return [...this.sources.values()].filter((source) => source.clubId === undefined || source.clubId === clubId).map((source) => ({ ...source }));
  }

  allLeadSources(): AcmeLeadSourceRecord[] {
    return [...this.sources.values()].map((source) => ({ ...source }));
  }

  private checkUniqueName(name: string, clubId: string | undefined, except?: string): void {
    if (!this.uniqueLeadSourceNames) return;
    const clash = [...this.sources.values()].find(
      (source) => source.id !== except && sameName(source.name, name) && (source.clubId === undefined || clubId === undefined || source.clubId === clubId),
    );
    if (clash) throw new AcmeHttpError(409, `a lead source named "${clash.name}" already exists (${clash.id})`, 'name');
  }

  /** POST /v1/clubs/:clubId/lead-sources; without a club (seeding), an account-wide lead source. */
  createLeadSource(clubId: string | undefined, body: LeadSourceBody): AcmeLeadSourceRecord {
    if (clubId !== undefined) this.club(clubId);
    this.checkUniqueName(body.name, clubId);
    const record: AcmeLeadSourceRecord = { id: this.nextId('ls'), name: body.name, active: body.active };
    if (clubId !== undefined) record.clubId = clubId;
    this.sources.set(record.id, record);
    return { ...record };
  }

  /** PUT /v1/lead-sources/:id. */
  updateLeadSource(id: string, body: LeadSourceBody): AcmeLeadSourceRecord {
    const current = this.sources.get(id);
    if (!current) throw new AcmeHttpError(404, `lead source ${id} not found`);
    this.checkUniqueName(body.name, current.clubId, id);
    const record = { ...current, name: body.name, active: body.active };
    this.sources.set(id, record);
    return { ...record };
  }
}
