/*
 * The JSON of the Acme API v1 as the plugin sees it (README.md, "API"). Written from the documentation,
 * not shared with the simulator, so a disagreement between the two shows up in the tests.
 */

/** Phone numbers of a person. */
export interface AcmePhones {
  mobile?: string;
  home?: string;
  work?: string;
}

/** A postal address; `country` is an ISO 3166-1 alpha-2 code. */
export interface AcmeAddress {
  line1?: string;
  line2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
}

/** What the plugin sends to create, update or convert a person. PUT replaces: what is left out is cleared. */
export interface AcmePersonBody {
  /** The hub record's UUID, searched by `find`. */
  externalRef?: string;
  firstName: string;
  lastName: string;
  status: 'active' | 'inactive';
  email?: string;
  /** YYYY-MM-DD. */
  birthDate?: string;
  gender?: 'female' | 'male';
  company?: string;
  phones?: AcmePhones;
  address?: AcmeAddress;
  ownerStaffId?: string;
  leadSourceId?: string;
}

/** A person as Acme answers it. */
export interface AcmePerson extends AcmePersonBody {
  id: string;
  clubId: string;
  type: 'prospect' | 'member';
  memberSince?: string;
  createdAt: string;
  updatedAt: string;
}

/** A staff member of a club. */
export interface AcmeStaff {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
}

/** What the plugin sends to create or update a lead source. */
export interface AcmeLeadSourceBody {
  name: string;
  active: boolean;
}

/** A lead source; without `clubId` it is account-wide. */
export interface AcmeLeadSource extends AcmeLeadSourceBody {
  id: string;
  clubId?: string;
}

/** GET /v1/account. */
export interface AcmeAccount {
  id: string;
  name: string;
  clubs: Array<{ id: string; name: string }>;
}

/** Every Acme list answer. */
export interface AcmeList<T> {
  items: T[];
}

/** The two kinds of person, as they appear in Acme's paths. */
export type AcmePersonKind = 'prospect' | 'member';

/** GET /v1/clubs/:clubId/people/changes: a page of the change feed. */
export interface AcmeChanges {
  items: AcmePerson[];
  /** Where the next page starts (give it as `since`). */
  cursor: string;
  /** True when nothing changed after this page. */
  done: boolean;
}

/** The body of an Acme webhook (README.md, "Webhooks"). */
export interface AcmeWebhookEvent {
  id: string;
  type: 'person.changed';
  createdAt: string;
  person: AcmePerson;
}
