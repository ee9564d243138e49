import { encodeContent } from '../engine/content-hash';
import { leadSourceSchema, personSchema, staffSchema, type EntityContent, type EntityKind } from './person';
import { parseOrThrow } from './validate';

/** The model's schema of each kind of record. */
export const ENTITY_SCHEMAS = { person: personSchema, staff: staffSchema, leadSource: leadSourceSchema } as const;
const WHAT: Record<EntityKind, string> = { person: 'user', staff: 'staff', leadSource: 'lead source' };

/** A record's content as the model reads it, with the hash that recognises it when it is sent again. */
export interface PreparedContent<K extends EntityKind = EntityKind> {
  content: EntityContent[K];
  /** `JSON.stringify(content)`: what the store writes (made with the hash, in one pass). */
  json: string;
  hash: string;
}

/**
 * The part of preparing a save that needs no configuration and no store: the content checked against
 * the model and hashed. Pure, so it may run on another thread (the hub checks large JSON batches beside
 * the event loop with the intake's checkContent, which words refusals for the channel, and hands the
 * result to the intake as a CheckedCommand).
 *
 * @throws ValidationError naming the model's fields ("user is not valid: email: must be an email address").
 */
export function prepareContent<K extends EntityKind>(kind: K, content: unknown): PreparedContent<K> {
  const parsed = parseOrThrow(ENTITY_SCHEMAS[kind], content, WHAT[kind]) as EntityContent[K];
  const { json, hash } = encodeContent(parsed);
  return { content: parsed, json, hash };
}
