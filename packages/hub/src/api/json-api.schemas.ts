import { leadSourceSchema, personSchema, staffSchema, unknownFieldProblem, ValidationError, type EntityKind, type HubRecord } from '@connector/core';
import { z } from 'zod';
import type { FieldNaming, SaveCommand } from '../save/save-command';

/** The JSON API's name for each kind: the body key and the path segment. */
export const JSON_RESOURCES = {
  person: { key: 'user', path: 'users' },
  staff: { key: 'staff', path: 'staff' },
  leadSource: { key: 'leadSource', path: 'lead-sources' },
} as const satisfies Record<EntityKind, { key: string; path: string }>;

const envelope = {
  provider: z.string().optional().describe('The sending provider; defaults to the provider of the API key, and must be it when given.'),
  clientId: z.string().describe('The client the record belongs to.'),
  clubId: z.string().describe('The club the record belongs to.'),
  recordId: z
    .string()
    .describe("The record's ID in the sending provider. Saving the same provider + client + club + recordId again updates the same hub record (same uuid)."),
};

// The JSON API is ours, so its bodies are strict at every level: an unknown field is refused (400
// naming it) instead of dropped, and the OpenAPI document says so (additionalProperties: false).
/** Body of `POST /api/v1/users`. */
export const userSaveSchema = z.strictObject({
  ...envelope,
  user: z.strictObject({
    ...personSchema.shape,
    ownerRecordId: z
      .string()
      .optional()
      .describe('The staff owner named by the recordId of a staff record this provider saved earlier (instead of ownerEmail).'),
  }),
});
/** Body of `POST /api/v1/staff`. */
export const staffSaveSchema = z.strictObject({ ...envelope, staff: z.strictObject(staffSchema.shape) });
/** Body of `POST /api/v1/lead-sources`. */
export const leadSourceSaveSchema = z.strictObject({ ...envelope, leadSource: z.strictObject(leadSourceSchema.shape) });

/** Field names as a lookup without a prototype (`toString` is not a field). */
type FieldSet = Readonly<Record<string, true | undefined>>;

function fieldSet(schema: { shape: object }): FieldSet {
  const set: Record<string, true> = Object.create(null);
  for (const name of Object.keys(schema.shape)) set[name] = true;
  return set;
}

/**
 * The fields a save body of each kind may have, at its top level and in its content, read from the body
 * schemas above so that what is refused is what the OpenAPI document describes. Checked by key, not by
 * a parse of the body schema: the model's parse of the content is the one parse per item (a batch
 * reader thread reads ~30,000 items a second). A lookup object, not a Set: 0.19 against 0.44 us per
 * user item (15 keys) in a loop of 500 bench items.
 */
const KNOWN_FIELDS: Record<EntityKind, { envelope: FieldSet; content: FieldSet }> = {
  person: { envelope: fieldSet(userSaveSchema), content: fieldSet(userSaveSchema.shape.user) },
  staff: { envelope: fieldSet(staffSaveSchema), content: fieldSet(staffSaveSchema.shape.staff) },
  leadSource: { envelope: fieldSet(leadSourceSaveSchema), content: fieldSet(leadSourceSaveSchema.shape.leadSource) },
};

/** Answer of a save. */
export const saveResultSchema = z.object({
  uuid: z.string().describe("The hub record's UUID."),
  created: z.boolean().describe('True when the record did not exist before (HTTP 201).'),
  changed: z.boolean().describe('False when the same content was saved again (nothing is delivered).'),
  deliveries: z.number().int().describe('Deliveries queued by this save.'),
});

/** The error body of every JSON answer in 400-599. */
export const errorBodySchema = z.object({
  error: z.object({
    reason: z.string().describe('VALIDATION, AUTHENTICATION, FORBIDDEN, NOT_FOUND, CONFLICT, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, DATABASE, UNKNOWN, …'),
    errorUUID: z.string().describe('Also written to the hub log: quote it to support.'),
    message: z.string(),
    field: z.string().optional(),
  }),
});

/** One item of a batch answer. */
export const batchResultSchema = z.object({
  results: z.array(
    z.object({
      index: z.number().int(),
      status: z.number().int().describe('201 created, 200 updated or unchanged, or the status the item alone would have had.'),
      uuid: z.string().optional(),
      created: z.boolean().optional(),
      changed: z.boolean().optional(),
      deliveries: z.number().int().optional(),
      error: errorBodySchema.shape.error.optional(),
    }),
  ),
});

const recordFields = {
  uuid: z.string(),
  clientId: z.string(),
  clubId: z.string(),
  provider: z.string().describe('The provider that sent the record.'),
  recordId: z.string().describe("The record's ID in that provider."),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
};
/** A user as the JSON API answers it. */
export const userViewSchema = z.object({ ...recordFields, user: personSchema });
/** A staff member as the JSON API answers it. */
export const staffViewSchema = z.object({ ...recordFields, staff: staffSchema });
/** A lead source as the JSON API answers it. */
export const leadSourceViewSchema = z.object({ ...recordFields, leadSource: leadSourceSchema });

/** One change of the change feed: who made it, and the record as the JSON API shows it (one of user, staff, leadSource). */
export const changeViewSchema = z.object({
  kind: z.enum(['person', 'staff', 'leadSource']),
  changedBy: z.string().describe('Who made the change: a provider ID, or platform:<turn-up key> for a change from a platform.'),
  ...recordFields,
  user: personSchema.optional(),
  staff: staffSchema.optional(),
  leadSource: leadSourceSchema.optional(),
});

/** A Connector Log entry as the log API answers it. */
export const logEntryViewSchema = z.object({
  id: z.number().int(),
  clientId: z.string(),
  clubId: z.string(),
  level: z.enum(['INFO', 'WARNING', 'ERROR']),
  direction: z.enum(['INBOUND', 'OUTBOUND']),
  platform: z.string(),
  recordUuid: z.string().optional(),
  deliveryId: z.string().optional(),
  person: z.string().optional(),
  summary: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
  createdAt: z.string().describe('ISO-8601 UTC.'),
  localTime: z.string().describe("The time in the club's time zone, e.g. 2026-11-27 05:12:03 PST."),
  timeZone: z.string(),
});

/** A delivery (queue entry) as the API answers it. */
export const deliveryViewSchema = z.object({
  id: z.string(),
  recordUuid: z.string(),
  clientId: z.string(),
  clubId: z.string(),
  platform: z.string(),
  kind: z.enum(['person', 'staff', 'leadSource']),
  state: z.enum(['pending', 'leased', 'done', 'dead']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().describe('ISO-8601 UTC.'),
  lastError: z.string().optional(),
  lastErrorCode: z.string().optional(),
  person: z.string().optional().describe('Who the record is about (dead-letter lists).'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** A link of a hub record to its ID in one platform. */
export const linkViewSchema = z.object({
  platform: z.string(),
  platformRecordId: z.string(),
  linkedType: z.enum(['PROSPECT', 'MEMBER', 'STAFF', 'LEAD_SOURCE']),
  delivered: z.boolean().describe("True when the platform holds the record's current content."),
  updatedAt: z.string(),
});

/** The whole story of one hub record. */
export const timelineSchema = z.object({
  record: z.object({ ...recordFields, kind: z.enum(['person', 'staff', 'leadSource']), content: z.record(z.string(), z.unknown()) }),
  links: z.array(linkViewSchema),
  deliveries: z.array(deliveryViewSchema),
  log: z.array(logEntryViewSchema),
});

/** A client as `GET /api/v1/clients` answers it: never options, connections or secrets. */
export const clientViewSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  clubs: z.array(z.object({ id: z.string(), name: z.string().optional(), timeZone: z.string() })),
  platforms: z.array(
    z.object({
      platform: z.string(),
      plugin: z.string(),
      displayName: z.string(),
      provider: z.string().describe('The identifier this platform sends with.'),
      clubs: z.record(z.string(), z.string()).describe('Hub club ID → the club ID in the platform.'),
    }),
  ),
});

const JSON_PROVIDER_INFO_NAMES: FieldNaming['providerInfo'] = { identifier: 'provider', clientID: 'clientId', clubID: 'clubId', recordID: 'recordId' };

function namingAt(kind: EntityKind, at: string): FieldNaming {
  const key = JSON_RESOURCES[kind].key;
  return {
    providerInfo: Object.fromEntries(Object.entries(JSON_PROVIDER_INFO_NAMES).map(([k, v]) => [k, at + v])) as FieldNaming['providerInfo'],
    content: (field) => `${at}${key}.${field}`,
  };
}

// Built once per kind: a batch of 500 items would otherwise build 500 identical namings.
const TOP_LEVEL_NAMING: Record<EntityKind, FieldNaming> = {
  person: namingAt('person', ''),
  staff: namingAt('staff', ''),
  leadSource: namingAt('leadSource', ''),
};

/** How the JSON API names fields of a top-level item of `kind` in its messages. */
export function jsonNaming(kind: EntityKind): FieldNaming {
  return TOP_LEVEL_NAMING[kind];
}

/**
 * An ID as sent. IDs are strings, as the OpenAPI document says: a number is refused rather than turned
 * into text, since `1111` and `"01111"` would name different clients and a JSON number loses digits.
 */
function asId(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  throw new ValidationError(`${field}: must be a string`, { field });
}

type Problems = Array<{ field: string; message: string }>;

/**
 * A NUL or a UTF-16 surrogate: a cheap scan (no `u` flag) that nearly every string passes; only a match
 * is looked at again, since a surrogate pair (an emoji) is valid text.
 */
const NUL_OR_SURROGATE = /[\0\uD800-\uDFFF]/;
/** A surrogate that is not half of a pair: in `u` mode pairs are one code point, so only lone ones match. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Why a string value is not text the hub can store and send on, or undefined. JSON lets a body escape
 * both (`\u0000`, `\ud800`): a NUL ends a string in C-based platforms and databases, and a lone
 * surrogate is not Unicode, so UTF-8 encoders replace it with U+FFFD; either way the record would
 * change on its way without a word.
 */
function textProblem(value: string): string | undefined {
  if (!NUL_OR_SURROGATE.test(value)) return undefined;
  if (value.includes('\0')) return 'must not contain a NUL character';
  return LONE_SURROGATE.test(value) ? 'must be valid Unicode text (a lone surrogate)' : undefined;
}

/** Escapes in a JSON text that parse into a NUL or a surrogate (`\u0000`, `\ud800`). */
const ESCAPED_NUL_OR_SURROGATE = /\\u(?:0000|[dD][89a-fA-F])/;
/** A surrogate written as it is: an emoji's pair, or a lone one if the text came from anything but UTF-8. */
const RAW_SURROGATE = /[\uD800-\uDFFF]/;

/**
 * False when the JSON text of a body cannot hold a NUL or a lone surrogate in any string: a batch's
 * items then skip the check of each value. Nearly every batch passes, cheaply: a text without `\u`
 * is not scanned for escapes, and V8 answers the surrogate test at once for a text it holds one byte
 * per character (no character above U+00FF). Checking each of an item's ~20 strings instead costs
 * about 0.4-0.7 us per user item, twice the rest of this read.
 */
export function mayHoldBadText(jsonText: string): boolean {
  return (jsonText.includes('\\u') && ESCAPED_NUL_OR_SURROGATE.test(jsonText)) || RAW_SURROGATE.test(jsonText) || jsonText.includes('\0');
}

/**
 * `problems` with one more for each key of `object` that is not in `known`, and, with `checkText`, for
 * each string value that is not valid text (`user.firstName: must not contain a NUL character`), named
 * at `path`; undefined while there are none. One pass over the keys, the one the item gets before the
 * model's parse.
 */
function findProblems(object: object, known: FieldSet, path: string, checkText: boolean, problems?: Problems): Problems | undefined {
  for (const key in object) {
    if (known[key] !== true) {
      (problems ??= []).push({ field: path + key, message: unknownFieldProblem(path + key, key, Object.keys(known)) });
      continue;
    }
    if (!checkText) continue;
    const value = (object as Record<string, unknown>)[key];
    const problem = typeof value === 'string' ? textProblem(value) : undefined;
    if (problem) (problems ??= []).push({ field: path + key, message: `${path}${key}: ${problem}` });
  }
  return problems;
}

/**
 * A user's fields without ownerRecordId, which names the owner and is not a model field. The content is
 * copied only when it is there: most items of a batch do not have it.
 */
function personFields(user: Record<string, unknown>): { content: Record<string, unknown>; ownerRecordId: unknown } {
  if (!Object.hasOwn(user, 'ownerRecordId')) return { content: user, ownerRecordId: undefined };
  const { ownerRecordId, ...content } = user;
  return { content, ownerRecordId };
}

/**
 * Reads one JSON save item into a save command; the content is validated by the save itself, so
 * messages name fields as the JSON API does (`user.firstName: is required`). Unknown fields, at the top
 * or in the content, are refused here (`user.ownerEmial: unknown field (did you mean ownerEmail?)`), as
 * are IDs that are not strings and strings holding a NUL or a lone surrogate. That check is here, not
 * in the model's schema: the model is shared with the XML API, whose parser already refuses both
 * (`&#0;`, `&#xD800;` are not well-formed; UTF-8 cannot carry a lone surrogate), and a refinement per
 * string field would add a second walk to the model's parse; here it rides on the pass over the keys.
 * on the event loop and on a batch reader thread alike. `checkText` false skips that check, for the
 * items of a batch whose text {@link mayHoldBadText} cleared.
 */
export function saveCommandFromJson(kind: EntityKind, body: unknown, providerId: string, at = '', checkText = true): SaveCommand {
  const key = JSON_RESOURCES[kind].key;
  const naming = at === '' ? TOP_LEVEL_NAMING[kind] : namingAt(kind, at);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError(`${at || 'body'}: must be a JSON object`, { field: at || 'body' });
  }
  const item = body as Record<string, unknown>;
  const content = item[key];
  const known = KNOWN_FIELDS[kind];
  const contentIsObject = content !== null && typeof content === 'object' && !Array.isArray(content);
  // Unknown fields and values that are not text first: `users` for `user` is better answered with the
  // name it meant, and a NUL is refused before anything reads the value.
  let problems = findProblems(item, known.envelope, at, checkText);
  if (contentIsObject) problems = findProblems(content as object, known.content, `${at}${key}.`, checkText, problems);
  if (problems) throw new ValidationError(problems.map((problem) => problem.message).join('; '), { field: problems[0].field });
  if (!contentIsObject) {
    throw new ValidationError(`${at}${key}: is required (an object)`, { field: `${at}${key}` });
  }
  const person = kind === 'person' ? personFields(content as Record<string, unknown>) : undefined;
  return {
    kind,
    providerInfo: {
      identifier: asId(item.provider, `${at}provider`) ?? providerId,
      clientID: asId(item.clientId, `${at}clientId`),
      clubID: asId(item.clubId, `${at}clubId`),
      recordID: asId(item.recordId, `${at}recordId`),
    },
    content: person ? person.content : (content as Record<string, unknown>),
    ownerRecordId: person ? asId(person.ownerRecordId, `${at}${key}.ownerRecordId`) : undefined,
    naming,
    api: 'json',
  };
}

/** The fields every answer about a hub record carries (the JSON API, the timeline). */
export function recordEnvelope(record: HubRecord): Record<string, unknown> {
  return {
    uuid: record.uuid,
    clientId: record.clientId,
    clubId: record.clubId,
    provider: record.origin.provider,
    recordId: record.origin.recordId,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** A hub record as the JSON API answers it. */
export function recordView(record: HubRecord): Record<string, unknown> {
  return { ...recordEnvelope(record), [JSON_RESOURCES[record.kind].key]: record.content };
}
