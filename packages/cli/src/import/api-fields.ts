import type { EntityKind } from '@connector/core';

/**
 * The columns of an import file, named as the Connector API 2011-11 names them (docs/connector-api-
 * 2011-11.md), so a file exported from a platform that spoke the old API imports without renaming.
 */
export const USER_FIELDS: Readonly<Record<string, string>> = {
  firstname: 'firstName',
  lastname: 'lastName',
  userType: 'userType',
  userStatus: 'userStatus',
  birthdate: 'birthdate',
  gender: 'gender',
  address1: 'address1',
  address2: 'address2',
  city: 'city',
  zipcode: 'zipcode',
  state: 'state',
  country: 'country',
  mobile: 'mobile',
  email: 'email',
  homePhone: 'homePhone',
  workPhone: 'workPhone',
  company: 'company',
  createdBy: 'createdBy',
  createdDate: 'createdDate',
  modifiedBy: 'modifiedBy',
  modifiedDate: 'modifiedDate',
  staffOwnerEmail: 'ownerEmail',
  leadSource: 'leadSource',
};

/** Staff columns (`--kind staff`, or `<staff>` elements). */
export const STAFF_FIELDS: Readonly<Record<string, string>> = {
  firstname: 'firstName',
  lastname: 'lastName',
  email: 'email',
  active: 'active',
};

/** Lead source columns (`--kind leadsource`, or `<leadSource>` elements). */
export const LEAD_SOURCE_FIELDS: Readonly<Record<string, string>> = {
  name: 'name',
  active: 'active',
};

/** Columns of the envelope (`providerInfo` in the XML), on every line of a CSV or NDJSON file. */
export const ENVELOPE_FIELDS = ['clubID', 'recordID', 'clientID', 'identifier'] as const;

const FIELDS_BY_KIND: Record<EntityKind, Readonly<Record<string, string>>> = {
  person: USER_FIELDS,
  staff: STAFF_FIELDS,
  leadSource: LEAD_SOURCE_FIELDS,
};

/** The 2011-11 name of each hub field, per kind, to name fields in errors the way the file does. */
const API_NAME_BY_KIND = Object.fromEntries(
  Object.entries(FIELDS_BY_KIND).map(([kind, fields]) => [kind, Object.fromEntries(Object.entries(fields).map(([api, hub]) => [hub, api]))]),
) as Record<EntityKind, Record<string, string>>;

/** One record read from a file, before validation: its envelope and its 2011-11 fields. */
export interface RawRecord {
  /** The line the record starts on (1-based; a CSV header is line 1). */
  line: number;
  kind: EntityKind;
  /** Field name → value, as in the file. */
  fields: Record<string, unknown>;
  /** The record's own text, where the format has one (an XML element, to send on as is). */
  raw?: string;
}

function normaliseKey(key: string): string {
  return key.trim().toLowerCase();
}

/** Case-insensitive lookup tables, built once: a header "FirstName" or "firstname" both work. */
const LOOKUP_BY_KIND = Object.fromEntries(
  Object.entries(FIELDS_BY_KIND).map(([kind, fields]) => [kind, new Map(Object.entries(fields).map(([api, hub]) => [normaliseKey(api), hub]))]),
) as Record<EntityKind, Map<string, string>>;
const ENVELOPE_LOOKUP = new Map<string, string>(ENVELOPE_FIELDS.map((name) => [normaliseKey(name), name]));

/** The content and envelope of a raw record, in the hub's words. */
export interface MappedRecord {
  content: Record<string, unknown>;
  envelope: Partial<Record<(typeof ENVELOPE_FIELDS)[number], string>>;
  /** Columns that are neither a field of the kind nor part of the envelope (ignored). */
  unknown: string[];
}

/** Codes compared in upper case, as the XML API does: `active` or `Prospect` from a lenient sender validates. */
const UPPER_CASE: ReadonlySet<string> = new Set(['userType', 'userStatus', 'gender']);

function coerce(hubField: string, value: unknown): unknown {
  if (UPPER_CASE.has(hubField) && typeof value === 'string') return value.trim().toUpperCase();
  // CSV cells are strings: "true"/"false" for the boolean fields; everything else stays as written.
  if (hubField === 'active' && typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true' || lower === '1' || lower === 'yes') return true;
    if (lower === 'false' || lower === '0' || lower === 'no') return false;
  }
  if (typeof value === 'number') return String(value);
  return value;
}

/**
 * Maps a record of 2011-11 columns to the hub's content. Empty cells and nulls count as absent, as in
 * the XML API where an element left out means "not given".
 */
export function mapApiFields(kind: EntityKind, fields: Record<string, unknown>): MappedRecord {
  const lookup = LOOKUP_BY_KIND[kind];
  const content: Record<string, unknown> = {};
  const envelope: MappedRecord['envelope'] = {};
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) continue;
    const norm = normaliseKey(key);
    const envelopeName = ENVELOPE_LOOKUP.get(norm) as keyof MappedRecord['envelope'] | undefined;
    if (envelopeName) {
      envelope[envelopeName] = String(value).trim();
      continue;
    }
    if (kind === 'person' && norm === 'staffowner') {
      // The XML API's <staffOwner>: an email, or { email } when an NDJSON line nests it as the XML does.
      const email = typeof value === 'object' ? (value as { email?: unknown }).email : value;
      if (typeof email === 'string' && email.trim() !== '') content.ownerEmail = email.trim();
      else unknown.push(key);
      continue;
    }
    const hubField = lookup.get(norm);
    if (hubField) content[hubField] = coerce(hubField, value);
    else unknown.push(key);
  }
  return { content, envelope, unknown };
}

/** The 2011-11 name of a hub field (`ownerEmail` → `staffOwnerEmail`), for messages. */
export function apiFieldName(kind: EntityKind, hubField: string): string {
  const [head, ...rest] = hubField.split('.');
  return [API_NAME_BY_KIND[kind][head] ?? head, ...rest].join('.');
}

/**
 * Rewrites a validation message of core ("user is not valid: lastName: is required; email: …") into the
 * file's words ("lastname: is required; …").
 */
export function apiValidationMessage(kind: EntityKind, message: string): string {
  const body = message.replace(/^.*? is not valid: /, '');
  return body
    .split('; ')
    .map((problem) => problem.replace(/^([A-Za-z0-9_.]+):/, (_, field: string) => `${apiFieldName(kind, field)}:`))
    .join('; ');
}

/** Parses `--kind` / an XML element name into an entity kind. */
export function parseKind(name: string): EntityKind | undefined {
  const norm = name.trim().toLowerCase().replace(/[-_\s]/g, '');
  if (norm === 'user' || norm === 'users' || norm === 'person' || norm === 'prospect' || norm === 'member') return 'person';
  if (norm === 'staff') return 'staff';
  if (norm === 'leadsource' || norm === 'leadsources') return 'leadSource';
  return undefined;
}
