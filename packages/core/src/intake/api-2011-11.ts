import type { EntityKind } from '../model/person';
import { PROVIDER_INFO_NAMES, type FieldNaming } from './field-naming';

/** One field of the Connector API 2011-11: its element (and import column) name and the model field. */
export interface ApiField {
  /** The element in XML bodies, the column of an import file: `firstname`. */
  name: string;
  /** The hub model's field: `firstName`. */
  model: string;
}

const field = (name: string, model = name): ApiField => ({ name, model });

/**
 * The one 2011-11 field dictionary (docs/connector-api-2011-11.md), for every channel that speaks it:
 * the XML API reads and writes bodies with it, `connector import` reads columns with it, and both word
 * their errors with it. In the order XML answers list the fields. The staff owner is apart: it is an
 * element with children in XML (see {@link STAFF_OWNER}).
 */
export const API_2011_11: Readonly<Record<EntityKind, { info: string; fields: readonly ApiField[] }>> = {
  person: {
    info: 'userInfo',
    fields: [
      field('firstname', 'firstName'),
      field('lastname', 'lastName'),
      field('birthdate'),
      field('gender'),
      field('userStatus'),
      field('userType'),
      field('address1'),
      field('address2'),
      field('city'),
      field('zipcode'),
      field('state'),
      field('country'),
      field('mobile'),
      field('email'),
      field('homePhone'),
      field('workPhone'),
      field('company'),
      field('createdBy'),
      field('createdDate'),
      field('modifiedBy'),
      field('modifiedDate'),
      field('leadSource'),
    ],
  },
  staff: { info: 'staffInfo', fields: [field('firstname', 'firstName'), field('lastname', 'lastName'), field('email'), field('active')] },
  leadSource: { info: 'leadInfo', fields: [field('name'), field('active')] },
};

/**
 * A user's staff owner: `<staffOwner><email>` or `<staffOwner><recordID>` (a staff record the sender
 * saved) in XML; a `staffOwnerEmail` column (or a nested `staffOwner`) in an import file.
 */
export const STAFF_OWNER = { element: 'staffOwner', email: 'staffOwner.email', recordId: 'staffOwner.recordID', column: 'staffOwnerEmail' } as const;

/** Codes compared in upper case, so `active` or `Prospect` from a lenient sender still validates. */
export const UPPER_CASE_FIELDS: ReadonlySet<string> = new Set(['userStatus', 'userType', 'gender']);

const BY_NAME = Object.fromEntries(
  (Object.keys(API_2011_11) as EntityKind[]).map((kind) => [kind, new Map(API_2011_11[kind].fields.map((f) => [f.name.toLowerCase(), f]))]),
) as Record<EntityKind, Map<string, ApiField>>;
const NAME_BY_MODEL = Object.fromEntries(
  (Object.keys(API_2011_11) as EntityKind[]).map((kind) => [kind, new Map(API_2011_11[kind].fields.map((f) => [f.model, f.name]))]),
) as Record<EntityKind, Map<string, string>>;

/** The 2011-11 field of this kind named `name` (case-insensitive: senders disagree on `firstName` / `firstname`). */
export function apiField(kind: EntityKind, name: string): ApiField | undefined {
  return BY_NAME[kind].get(name.trim().toLowerCase());
}

/** A field's value as the model reads it: codes in upper case, `true`/`false` (also 1/0, yes/no) for `active`. */
export function apiValue(model: string, text: string): unknown {
  if (UPPER_CASE_FIELDS.has(model)) return text.trim().toUpperCase();
  if (model === 'active') return parseBooleanText(text);
  return text;
}

/** `true`/`false` (also 1/0, yes/no) as a boolean; anything else is passed on for validation to refuse. */
export function parseBooleanText(text: string): boolean | string {
  const lower = text.trim().toLowerCase();
  if (lower === 'true' || lower === '1' || lower === 'yes') return true;
  if (lower === 'false' || lower === '0' || lower === 'no') return false;
  return text;
}

function namedIn(kind: EntityKind, modelField: string, owner: { email: string; recordId: string }): string {
  const [head, ...rest] = modelField.split('.');
  const name = NAME_BY_MODEL[kind].get(head) ?? (head === 'ownerEmail' ? owner.email : head === 'ownerRecordId' ? owner.recordId : head);
  return [name, ...rest].join('.');
}

/** The envelope's names in XML bodies: `providerInfo.clientID`. */
export const XML_PROVIDER_INFO_NAMES: FieldNaming['providerInfo'] = {
  identifier: 'providerInfo.identifier',
  clientID: 'providerInfo.clientID',
  clubID: 'providerInfo.clubID',
  recordID: 'providerInfo.recordID',
};

function xmlNamingOf(kind: EntityKind): FieldNaming {
  const info = API_2011_11[kind].info;
  return {
    providerInfo: XML_PROVIDER_INFO_NAMES,
    content: (model) => `${info}.${namedIn(kind, model, { email: STAFF_OWNER.email, recordId: STAFF_OWNER.recordId })}`,
  };
}

function importNamingOf(kind: EntityKind): FieldNaming {
  return { providerInfo: PROVIDER_INFO_NAMES, content: (model) => namedIn(kind, model, { email: STAFF_OWNER.column, recordId: STAFF_OWNER.recordId }) };
}

const XML_NAMING: Record<EntityKind, FieldNaming> = { person: xmlNamingOf('person'), staff: xmlNamingOf('staff'), leadSource: xmlNamingOf('leadSource') };
const IMPORT_NAMING: Record<EntityKind, FieldNaming> = {
  person: importNamingOf('person'),
  staff: importNamingOf('staff'),
  leadSource: importNamingOf('leadSource'),
};

/** How the XML API names fields in messages: `userInfo.firstname`, `staffInfo.email`, `leadInfo.name`. */
export function xmlNaming(kind: EntityKind): FieldNaming {
  return XML_NAMING[kind];
}

/** How an import file names fields: its columns, `firstname`, `staffOwnerEmail`, `clubID`. */
export function importNaming(kind: EntityKind): FieldNaming {
  return IMPORT_NAMING[kind];
}
