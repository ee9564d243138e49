/** A client as the simulated MINDBODY site stores it, in MINDBODY's field names. */
export interface SiteClient {
  ID: string;
  FirstName: string;
  LastName: string;
  Email?: string;
  Gender?: string;
  Inactive: boolean;
  IsProspect: boolean;
  AddressLine1?: string;
  AddressLine2?: string;
  City?: string;
  State?: string;
  PostalCode?: string;
  Country?: string;
  MobilePhone?: string;
  HomePhone?: string;
  WorkPhone?: string;
  /** yyyy-mm-dd */
  BirthDate?: string;
  ReferredBy?: string;
  HomeLocationID?: number;
  /** Sales reps: rep number (1–6) → staff ID. */
  Reps: Array<{ number: number; staffId: string }>;
}

/** A staff member of the simulated site. */
export interface SiteStaff {
  ID: number;
  FirstName: string;
  LastName: string;
  Email: string;
}

/** A location (club) of the simulated site. */
export interface SiteLocation {
  ID: number;
  Name: string;
}

/** A client write as it arrived (node-soap's parse of one `<Client>`), fields optional. */
export type ClientWrite = Partial<Omit<SiteClient, 'ID' | 'Reps' | 'HomeLocationID' | 'BirthDate'>> & {
  ID?: string;
  BirthDate?: string;
  HomeLocationID?: number;
  Reps?: Array<{ number: number; staffId: string }>;
};

/** What happened to one client of an AddOrUpdateClients request. */
export interface ClientOutcome {
  action: 'Added' | 'Updated' | 'Failed';
  client: SiteClient | ClientWrite;
  messages: string[];
}

const FIELD_NAMES: Record<string, keyof SiteClient> = {
  firstname: 'FirstName',
  lastname: 'LastName',
  email: 'Email',
  birthdate: 'BirthDate',
  gender: 'Gender',
  addressline1: 'AddressLine1',
  city: 'City',
  state: 'State',
  postalcode: 'PostalCode',
  country: 'Country',
  mobilephone: 'MobilePhone',
  homephone: 'HomePhone',
  workphone: 'WorkPhone',
  referredby: 'ReferredBy',
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The in-memory MINDBODY site behind the simulator: its clients, staff, referral types and locations, and
 * the rules the real site applies to a client write (names required, the site's required fields, a valid
 * email, known location, referral type and staff).
 */
export class MindbodySite {
  readonly clients = new Map<string, SiteClient>();
  readonly staff: SiteStaff[] = [];
  readonly referralTypes: string[];
  readonly locations: SiteLocation[];
  readonly requiredClientFields: string[];
  private nextClientId = 100_000_001;
  private nextStaffId = 100;
  /** When each client was last changed (ms, UTC): MINDBODY keeps it, a 0.5.1 Client does not show it. */
  private readonly modifiedAt = new Map<string, number>();
  private fixedTime: number | undefined;

  /** The site's clock; a fixed time (tests) or the real one. */
  now(): number {
    return this.fixedTime ?? Date.now();
  }

  /** Fixes the site's clock at `iso` (undefined: the real time again). */
  setTime(iso: string | undefined): void {
    this.fixedTime = iso === undefined ? undefined : Date.parse(iso);
  }

  /** Changes a client as the front desk would (a sale, a cancelled membership), stamping the change. */
  change(id: string, fields: Partial<Pick<SiteClient, 'IsProspect' | 'Inactive'>>): SiteClient {
    const client = this.clients.get(id);
    if (!client) throw new Error(`No client ${id}`);
    Object.assign(client, fields);
    this.modifiedAt.set(id, this.now());
    return client;
  }

  constructor(options: { locations: SiteLocation[]; referralTypes: string[]; requiredClientFields: string[] }) {
    this.locations = options.locations.map((l) => ({ ...l }));
    this.referralTypes = [...options.referralTypes];
    this.requiredClientFields = [...options.requiredClientFields];
  }

  addStaff(staff: Omit<SiteStaff, 'ID'>): SiteStaff {
    const added = { ID: this.nextStaffId++, ...staff };
    this.staff.push(added);
    return added;
  }

  addReferralType(name: string): void {
    if (!this.referralTypes.includes(name)) this.referralTypes.push(name);
  }

  /**
   * Adds or updates one client. Without ID: a new client. With an ID the site holds: an update of the
   * fields given. With an ID it does not hold: added under that ID when `updateAction` is `AddNew`,
   * else failed. `test` checks without saving (MINDBODY's Test flag).
   */
  addOrUpdate(write: ClientWrite, updateAction: string | undefined, test: boolean): ClientOutcome {
    const existing = write.ID !== undefined ? this.clients.get(write.ID) : undefined;
    if (write.ID !== undefined && !existing && updateAction !== 'AddNew') {
      return { action: 'Failed', client: write, messages: [`Client ID ${write.ID} does not exist.`] };
    }
    const defined = Object.fromEntries(Object.entries(write).filter(([, v]) => v !== undefined)) as ClientWrite;
    const merged: SiteClient = {
      Inactive: false,
      IsProspect: false,
      Reps: [],
      ...existing,
      ...defined,
      ID: existing?.ID ?? write.ID ?? '',
    } as SiteClient;
    if (write.Reps) {
      const byNumber = new Map((existing?.Reps ?? []).map((r) => [r.number, r]));
      for (const rep of write.Reps) byNumber.set(rep.number, rep);
      merged.Reps = [...byNumber.values()].sort((a, b) => a.number - b.number);
    }
    const messages = this.problems(merged);
    if (messages.length > 0) return { action: 'Failed', client: write, messages };
    if (test) return { action: existing ? 'Updated' : 'Added', client: merged, messages: [] };
    if (!merged.ID) merged.ID = String(this.nextClientId++);
    this.clients.set(merged.ID, merged);
    this.modifiedAt.set(merged.ID, this.now());
    return { action: existing ? 'Updated' : 'Added', client: merged, messages: [] };
  }

  private problems(client: SiteClient): string[] {
    const problems: string[] = [];
    if (!client.FirstName?.trim()) problems.push('FirstName is required.');
    if (!client.LastName?.trim()) problems.push('LastName is required.');
    for (const field of this.requiredClientFields) {
      const key = FIELD_NAMES[field.toLowerCase().replace(/[^a-z0-9]/g, '')];
      if (key && (client[key] === undefined || client[key] === '')) problems.push(`${field} is a required field for this site.`);
    }
    if (client.Email !== undefined && client.Email !== '' && !EMAIL.test(client.Email)) problems.push(`'${client.Email}' is not a valid email address.`);
    if (client.HomeLocationID !== undefined && !this.locations.some((l) => l.ID === client.HomeLocationID)) {
      problems.push(`Location ID ${client.HomeLocationID} does not exist.`);
    }
    if (client.ReferredBy !== undefined && client.ReferredBy !== '' && !this.referralTypes.includes(client.ReferredBy)) {
      problems.push(`'${client.ReferredBy}' is not a referral type of this site.`);
    }
    for (const rep of client.Reps) {
      if (rep.number < 1 || rep.number > 6) problems.push(`Sales rep number ${rep.number} must be between 1 and 6.`);
      if (!this.staff.some((s) => String(s.ID) === rep.staffId)) problems.push(`Staff ID ${rep.staffId} does not exist.`);
    }
    if (client.BirthDate !== undefined && client.BirthDate > new Date().toISOString().slice(0, 10)) problems.push('BirthDate cannot be in the future.');
    if (client.Gender !== undefined && client.Gender !== '' && !['Male', 'Female', 'None'].includes(client.Gender)) {
      problems.push(`'${client.Gender}' is not a valid gender (Male, Female).`);
    }
    return problems;
  }

  /** GetClients: by IDs, modified on or after a time, and/or a search text matched against names, email and phones (case ignored). */
  searchClients(search: { ids?: string[]; text?: string; modifiedSince?: number }): SiteClient[] {
    const text = search.text?.trim().toLowerCase();
    return [...this.clients.values()].filter((client) => {
      if (search.ids && search.ids.length > 0 && !search.ids.includes(client.ID)) return false;
      if (search.modifiedSince !== undefined && (this.modifiedAt.get(client.ID) ?? 0) < search.modifiedSince) return false;
      if (!text) return true;
      const haystack = [client.FirstName, client.LastName, `${client.FirstName} ${client.LastName}`, client.Email, client.MobilePhone, client.HomePhone];
      return haystack.some((value) => value?.toLowerCase().includes(text));
    });
  }
}
