import {
  checkContent,
  ConnectorError,
  needsOwnerLookup,
  refusedContent,
  type EntityKind,
  type ProviderInfoInput,
  type RefusedContent,
  type UserType,
} from '@connector/core';
import secureJson from 'secure-json-parse';
import { v7 as timeOrderedUUID } from 'uuid';
import { mayHoldBadText, saveCommandFromJson } from '../api/json-api.schemas';
import { bodyFingerprint } from './idempotency-cache';

/**
 * One item of a JSON batch as read beside the event loop: everything that needs neither the hub's
 * configuration nor its store is done (the item read, the content checked and hashed); the rest
 * (the caller's rights, the client and club, routing, the owner lookup, the save) is the event loop's.
 * Flat and of strings, so that handing it between threads costs little.
 */
export type ReadItem =
  /**
   * Checked content, as the JSON the store writes, with its hash, what routing reads and the UUID the
   * record gets if it is new (made here, so the event loop need not); its envelope.
   */
  | ({ type: 'ready'; contentJson: string; hash: string; userType?: UserType; uuid: string } & ProviderInfoInput)
  /** The item could not be read as a save (not an object, no `user`, an ID that is not a string). */
  | { type: 'unreadable'; message: string; field?: string }
  /** The content is not valid: why, naming the fields as the JSON API does, and whom it was about; its envelope. */
  | ({ type: 'invalid' } & RefusedContent & ProviderInfoInput)
  /** Names its owner by a staff recordID: read again where the store is. */
  | { type: 'owner-lookup'; itemJson: string };

/** A batch body read beside the event loop, or why it must be read on it (its errors are answered there). */
export type ReadBatch = { ok: true; items: ReadItem[]; fingerprint?: string } | { ok: false; why: string };

/** As fastify reads JSON bodies: `__proto__` and `constructor.prototype` keys are refused. */
const PARSE_OPTIONS = { protoAction: 'error', constructorAction: 'error' } as const;

function readItem(kind: EntityKind, item: unknown, providerId: string, checkText: boolean): ReadItem {
  let command;
  try {
    command = saveCommandFromJson(kind, item, providerId, '', checkText);
  } catch (error) {
    if (error instanceof ConnectorError) return { type: 'unreadable', message: error.message, ...(error.field ? { field: error.field } : {}) };
    throw error;
  }
  if (needsOwnerLookup(command)) return { type: 'owner-lookup', itemJson: JSON.stringify(item) };
  try {
    // The intake's own content check, in the JSON API's words: the event loop's intake trusts what it answers.
    const { content, json, hash } = checkContent(kind, command.content, command.naming);
    const userType = kind === 'person' ? (content as { userType: UserType }).userType : undefined;
    return { type: 'ready', ...command.providerInfo, contentJson: json, hash, ...(userType ? { userType } : {}), uuid: timeOrderedUUID() };
  } catch (error) {
    if (!(error instanceof ConnectorError) || error.code !== 'VALIDATION') throw error;
    return { type: 'invalid', ...command.providerInfo, ...refusedContent(kind, command.content, error) };
  }
}

/**
 * Reads a JSON batch body (`POST /api/v1/<resource>/batch`) item by item. A body that is not a JSON
 * array of 1 to `maxItems` items is left to the event loop, which answers its error as it always has.
 */
export function readBatchBody(kind: EntityKind, body: string, providerId: string, options: { maxItems: number; fingerprint: boolean }): ReadBatch {
  let parsed: unknown;
  try {
    parsed = secureJson.parse(body, undefined, PARSE_OPTIONS);
  } catch {
    return { ok: false, why: 'not JSON' };
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > options.maxItems) return { ok: false, why: 'not a batch' };
  const checkText = mayHoldBadText(body);
  const items = parsed.map((item) => readItem(kind, item, providerId, checkText));
  return { ok: true, items, ...(options.fingerprint ? { fingerprint: bodyFingerprint(parsed) } : {}) };
}

/** Strings per ready item on the wire: identifier, clientID, clubID, recordID, contentJson, hash, userType, uuid. */
const READY_SLOTS = 8;

/**
 * A read batch as handed between threads: the ready items (nearly all of a batch) as one flat array of
 * strings, the few others as they are. Receiving an object per item costs ~3.4 us per item on the event
 * loop (each object brings its keys again); this ~1.4 us, objects rebuilt included.
 */
export type WireBatch =
  | { ok: true; count: number; ready: Array<string | undefined>; readyAt: number[]; others: Array<{ at: number; item: ReadItem }>; fingerprint?: string }
  | { ok: false; why: string };

/** Packs a read batch for another thread (see {@link WireBatch}). */
export function toWire(batch: ReadBatch): WireBatch {
  if (!batch.ok) return batch;
  const ready: Array<string | undefined> = [];
  const readyAt: number[] = [];
  const others: Array<{ at: number; item: ReadItem }> = [];
  batch.items.forEach((item, at) => {
    if (item.type !== 'ready') {
      others.push({ at, item });
      return;
    }
    readyAt.push(at);
    ready.push(item.identifier, item.clientID, item.clubID, item.recordID, item.contentJson, item.hash, item.userType, item.uuid);
  });
  return { ok: true, count: batch.items.length, ready, readyAt, others, ...(batch.fingerprint !== undefined ? { fingerprint: batch.fingerprint } : {}) };
}

/** Unpacks what {@link toWire} packed: the same read batch. */
export function fromWire(wire: WireBatch): ReadBatch {
  if (!wire.ok) return wire;
  const items: ReadItem[] = new Array(wire.count);
  const r = wire.ready;
  wire.readyAt.forEach((at, n) => {
    const i = n * READY_SLOTS;
    const item: ReadItem = {
      type: 'ready',
      identifier: r[i],
      clientID: r[i + 1],
      clubID: r[i + 2],
      recordID: r[i + 3],
      contentJson: r[i + 4]!,
      hash: r[i + 5]!,
      uuid: r[i + 7]!,
    };
    if (r[i + 6] !== undefined) item.userType = r[i + 6] as UserType;
    items[at] = item;
  });
  for (const { at, item } of wire.others) items[at] = item;
  return { ok: true, items, ...(wire.fingerprint !== undefined ? { fingerprint: wire.fingerprint } : {}) };
}
