import type { EntityKind } from '@connector/core';
import { coreModule } from '../lazy';

/** Column → model field for one kind, from core's one 2011-11 dictionary. */
function columnsOf(kind: EntityKind): Readonly<Record<string, string>> {
  return Object.fromEntries(coreModule().API_2011_11[kind].fields.map((field) => [field.name, field.model]));
}

/**
 * The columns of an import file, named as the Connector API 2011-11 names them (docs/connector-api-
 * 2011-11.md), so a file exported from a platform that spoke the old API imports without renaming. The
 * staff owner, an element with children in XML, is the `staffOwnerEmail` column in a flat file.
 */
export const USER_FIELDS: Readonly<Record<string, string>> = { ...columnsOf('person'), [coreModule().STAFF_OWNER.column]: 'ownerEmail' };

/** Staff columns (`--kind staff`, or `<staff>` elements). */
export const STAFF_FIELDS: Readonly<Record<string, string>> = columnsOf('staff');

/** Lead source columns (`--kind leadsource`, or `<leadSource>` elements). */
export const LEAD_SOURCE_FIELDS: Readonly<Record<string, string>> = columnsOf('leadSource');

/** Columns of the envelope (`providerInfo` in the XML), on every line of a CSV or NDJSON file. */
export const ENVELOPE_FIELDS = ['clubID', 'recordID', 'clientID', 'identifier'] as const;

const FIELDS_BY_KIND: Record<EntityKind, Readonly<Record<string, string>>> = {
  person: USER_FIELDS,
  staff: STAFF_FIELDS,
  leadSource: LEAD_SOURCE_FIELDS,
};

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

/** A cell as the model reads it, as the XML API reads an element: codes in upper case, `active` as a boolean. */
function coerce(hubField: string, value: unknown): unknown {
  if (typeof value === 'string') return coreModule().apiValue(hubField, value);
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
    if (kind === 'person' && norm === coreModule().STAFF_OWNER.element.toLowerCase()) {
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

/** Parses `--kind` / an XML element name into an entity kind. */
export function parseKind(name: string): EntityKind | undefined {
  const norm = name
    .trim()
    .toLowerCase()
    .replace(/[-_\s]/g, '');
  if (norm === 'user' || norm === 'users' || norm === 'person' || norm === 'prospect' || norm === 'member') return 'person';
  if (norm === 'staff') return 'staff';
  if (norm === 'leadsource' || norm === 'leadsources') return 'leadSource';
  return undefined;
}
