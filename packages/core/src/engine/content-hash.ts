import crypto from 'node:crypto';

/**
 * An object's keys (as Object.keys gives them, the order JSON.stringify writes them in), each quoted
 * with its colon; and the order the canonical JSON writes them in, as indexes into `keys`.
 */
interface KeyOrder {
  keys: string[];
  quoted: string[];
  canonical: number[];
}

/**
 * Key orders of the shapes seen lately. A model's records come out of its schema with the same keys in
 * the same order, so sorting them for each record (~2 us of a record's ~9) is nearly always work done
 * before; a shape is found again by comparing its keys, which are interned strings.
 */
const recentOrders: KeyOrder[] = [];
const RECENT_ORDERS = 16;

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The order in which JSON.stringify writes an object built by inserting `keys` sorted: integer-like
 * keys ascending by value first (as JavaScript orders them in any object), then the others sorted.
 * Taken from such an object itself, so it is that order by construction.
 */
function keyOrder(keys: string[]): KeyOrder {
  for (const known of recentOrders) if (sameKeys(known.keys, keys)) return known;
  const sorted: Record<string, true> = {};
  for (const key of [...keys].sort()) sorted[key] = true;
  const at = new Map(keys.map((key, i) => [key, i]));
  const found = { keys, quoted: keys.map((key) => `${JSON.stringify(key)}:`), canonical: Object.keys(sorted).map((key) => at.get(key)!) };
  if (recentOrders.length === RECENT_ORDERS) recentOrders.shift();
  recentOrders.push(found);
  return found;
}

/** What JSON.stringify escapes in a string: quotes, backslashes, control characters and lone surrogates. */
// eslint-disable-next-line no-control-regex -- the control characters are exactly what must be escaped
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** The copy the canonical JSON is defined by (see {@link canonicalJson}); built only for the rare value that needs it. */
function sortedCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedCopy);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined && item !== null && item !== '') out[key] = sortedCopy(item);
    }
    return out;
  }
  return value;
}

/** A string as JSON: quoted by hand when nothing in it needs escaping (~4x cheaper than JSON.stringify). */
function stringJson(value: string): string {
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/** An object's canonical JSON from its key order: fields in canonical order, empty values left out. */
function canonicalObject(
  object: Record<string, unknown>,
  { keys, quoted, canonical }: KeyOrder,
  valueJson: (item: unknown, at: number) => string | undefined,
): string {
  let out = '{';
  for (const i of canonical) {
    const item = object[keys[i]];
    if (item === undefined || item === null || item === '') continue;
    const text = valueJson(item, i);
    if (text === undefined) continue;
    out += out.length > 1 ? `,${quoted[i]}${text}` : `${quoted[i]}${text}`;
  }
  return `${out}}`;
}

/**
 * The canonical JSON of a value, written directly: exactly `JSON.stringify(c)` where `c` is a copy of
 * the value with every object's keys sorted and its empty values (undefined, null, '') left out, arrays
 * kept as they are (`undefined` when the value itself has no JSON, as JSON.stringify says). Building
 * that copy and stringifying it cost twice as much; content-hash.spec.ts compares the two.
 */
function canonicalJson(value: unknown): string | undefined {
  if (typeof value === 'string') return stringJson(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += `${i ? ',' : ''}${canonicalJson(value[i]) ?? 'null'}`;
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  // A field named toJSON holding a function: the copy kept it, so JSON.stringify called it.
  if (typeof object.toJSON === 'function' && Object.prototype.propertyIsEnumerable.call(object, 'toJSON')) return JSON.stringify(sortedCopy(object));
  return canonicalObject(object, keyOrder(Object.keys(object)), canonicalJson);
}

/**
 * `JSON.stringify(content)` and the canonical JSON of a record's content, written in one pass over its
 * fields: each value is turned into JSON once and used in both (a record's fields are nearly all
 * strings). Nested objects and arrays get their canonical form from {@link canonicalJson}.
 */
function bothJson(content: object): { json: string; canonical: string } {
  const object = content as Record<string, unknown>;
  const order = keyOrder(Object.keys(object));
  const { keys, quoted } = order;
  const texts: Array<string | undefined> = new Array(keys.length);
  let json = '{';
  for (let i = 0; i < keys.length; i++) {
    const item = object[keys[i]];
    const text = typeof item === 'string' ? stringJson(item) : JSON.stringify(item);
    texts[i] = text;
    if (text !== undefined) json += json.length > 1 ? `,${quoted[i]}${text}` : `${quoted[i]}${text}`;
  }
  // Primitives write the same in both; objects and arrays have their canonical form.
  const canonical = canonicalObject(object, order, (item, at) => (typeof item === 'object' ? canonicalJson(item) : texts[at]));
  return { json: `${json}}`, canonical };
}

/**
 * sha256 of a string, base64url. `crypto.hash` (node 20.12+) does it in one call, without building a
 * Hash object: about a third cheaper for a record's few hundred bytes, and it is called once per save.
 * Older node 20 releases (engines allow them) fall back to createHash; both give the same digest.
 */
const sha256: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'base64url')
    : (text) => crypto.createHash('sha256').update(text).digest('base64url');

/**
 * The hash of a record's content: sha256 of its canonical JSON (keys sorted, empty values dropped), so
 * the same content sent twice, in any key order, is recognised as unchanged (delivery rule 5). Stored
 * with every record: it must never change for the same content (content-hash.spec.ts pins it).
 */
export function contentHash(content: unknown): string {
  return sha256(canonicalJson(content) as string);
}

/**
 * A record's content as the store writes it (`JSON.stringify(content)`, exactly) and its
 * {@link contentHash}, made together: cheaper than the two apart, and both are needed for every save.
 */
export function encodeContent(content: object): { json: string; hash: string } {
  if (Array.isArray(content) || typeof (content as { toJSON?: unknown }).toJSON === 'function') {
    return { json: JSON.stringify(content), hash: contentHash(content) };
  }
  const { json, canonical } = bothJson(content);
  return { json, hash: sha256(canonical) };
}
