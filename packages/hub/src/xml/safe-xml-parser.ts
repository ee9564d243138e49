import { ValidationError } from '@connector/core';

/** A parsed XML body: the root element's name and its content (strings, objects, arrays of repeats). */
export interface XmlDocument {
  root: string;
  value: unknown;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const ENTITY_REFERENCE = /&(lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/g;

/**
 * Decodes the five predefined XML entities and character references. These expand to one character
 * each, so they cannot be abused; everything DOCTYPE-defined is refused before parsing.
 */
export function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY_REFERENCE, (match: string, name: string) => {
    if (name[0] !== '#') return PREDEFINED[name];
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
  });
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function malformed(text: string, index: number, what: string): ValidationError {
  return new ValidationError(`the body is not well-formed XML: ${what} (line ${lineAt(text, index)})`, { field: 'body' });
}

/** An element being read: its name as written (to match the end tag), its key and what it holds so far. */
interface Open {
  name: string;
  key: string;
  text: string;
  /** Text read since the last child or CDATA, not yet trimmed (comments do not split it). */
  pending: string;
  children?: Record<string, unknown>;
}

/** The name an element is filed under: namespace prefix dropped; `__proto__` kept harmless. */
function keyOf(name: string): string {
  const colon = name.indexOf(':');
  const key = colon < 0 ? name : name.slice(colon + 1);
  return key === '__proto__' ? '#__proto__' : key;
}

/** Trims and decodes the text gathered since the last boundary into the element's text. */
function settleText(element: Open): void {
  if (element.pending === '') return;
  const text = element.pending.trim();
  element.pending = '';
  if (text) element.text += decodeXmlText(text);
}

/** Files a closed element's value under its parent: a repeated name becomes an array. */
function addChild(parent: Open, key: string, value: unknown): void {
  // Objects without a prototype, so element names like "constructor" are ordinary keys.
  const children = (parent.children ??= Object.create(null) as Record<string, unknown>);
  if (!(key in children)) children[key] = value;
  else if (Array.isArray(children[key])) (children[key] as unknown[]).push(value);
  else children[key] = [children[key], value];
}

/**
 * The one pass over the body: refuses every `<!` that is not a comment or CDATA (DOCTYPE, ENTITY,
 * ELEMENT…: no XXE, no billion laughs, nothing is ever expanded), checks that tags nest and close and
 * that there is one root element, and builds the value as it goes: no attributes (the API has none), no
 * value guessing (a zipcode of 01234 stays a string), namespace prefixes dropped (senders that qualify
 * their elements still match), text trimmed with the five predefined entities and character references
 * decoded. An element with only text is a string (empty: ''), one with children an object (its text, if
 * any, under `#text`), a repeated child an array. This replaces a structural check followed by
 * fast-xml-parser, which forgave mismatched end tags and was a second full parse (a quarter of the CPU
 * of an XML save); the values it builds are the same.
 */
function readXml(text: string): XmlDocument {
  const open: Open[] = [];
  let root: XmlDocument | undefined;
  let i = 0;
  for (;;) {
    const lt = text.indexOf('<', i);
    const current = open.length > 0 ? open[open.length - 1] : undefined;
    if (current && (lt < 0 ? i < text.length : lt > i)) current.pending += lt < 0 ? text.slice(i) : text.slice(i, lt);
    if (lt < 0) break;
    const next = text.charCodeAt(lt + 1);
    if (next === 0x21 /* ! */) {
      if (text.startsWith('<!--', lt)) {
        const end = text.indexOf('-->', lt + 4);
        if (end < 0) throw malformed(text, lt, 'a comment is not closed');
        i = end + 3;
        continue;
      }
      if (text.startsWith('<![CDATA[', lt)) {
        const end = text.indexOf(']]>', lt + 9);
        if (end < 0) throw malformed(text, lt, 'a CDATA section is not closed');
        if (current) {
          // CDATA is kept as written (not trimmed), but decoded like other text, as the API always did.
          settleText(current);
          current.text += decodeXmlText(text.slice(lt + 9, end));
        }
        i = end + 3;
        continue;
      }
      throw new ValidationError('DOCTYPE and ENTITY declarations are not allowed in the body', { field: 'body' });
    }
    if (next === 0x3f /* ? */) {
      const end = text.indexOf('?>', lt + 2);
      if (end < 0) throw malformed(text, lt, 'a processing instruction is not closed');
      i = end + 2;
      continue;
    }
    // The end of the tag, stepping over quoted attribute values (which may hold ">").
    let gt = lt + 1;
    let quote = 0;
    for (; gt < text.length; gt++) {
      const c = text.charCodeAt(gt);
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) quote = c;
      else if (c === 0x3e) break;
    }
    if (gt >= text.length) throw malformed(text, lt, 'a tag is not closed');
    if (next === 0x2f /* / */) {
      const name = text.slice(lt + 2, gt).trim();
      const element = open.pop();
      if (!element || name !== element.name) throw malformed(text, lt, element ? `</${name}> closes <${element.name}>` : `</${name}> closes nothing`);
      settleText(element);
      let value: unknown = element.text;
      if (element.children) {
        if (element.text) element.children['#text'] = element.text;
        value = element.children;
      }
      if (open.length === 0) root = { root: element.key, value };
      else addChild(open[open.length - 1], element.key, value);
    } else {
      let end = lt + 1;
      for (; end < gt; end++) {
        const c = text.charCodeAt(end);
        if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2f) break;
      }
      const name = text.slice(lt + 1, end);
      if (!name) throw malformed(text, lt, 'a tag has no name');
      if (open.length === 0 && root) throw new ValidationError('the body must have exactly one root element', { field: 'body' });
      if (current) settleText(current);
      if (text.charCodeAt(gt - 1) !== 0x2f) open.push({ name, key: keyOf(name), text: '', pending: '' });
      else if (current) addChild(current, keyOf(name), '');
      else root = { root: keyOf(name), value: '' };
    }
    i = gt + 1;
  }
  if (open.length > 0) throw malformed(text, text.length, `<${open[open.length - 1].name}> is not closed`);
  if (!root) throw malformed(text, 0, 'there is no root element');
  return root;
}

/**
 * Checks that a body is well-formed as the API reads it: no DOCTYPE or entity declarations, tags that
 * nest and close, one root element.
 *
 * @throws ValidationError naming the problem (and the line, for malformed XML).
 */
export function checkXmlStructure(text: string): void {
  readXml(text);
}

/**
 * Parses an XML request body safely, in one pass. Refuses any DOCTYPE or entity declaration (so no
 * external entity is ever fetched and no entity is ever expanded), refuses markup whose tags do not
 * nest and close, and requires exactly one root element.
 *
 * @throws ValidationError naming the problem (and the line, for malformed XML).
 */
export function parseXmlBody(text: string): XmlDocument {
  if (text.trim() === '') throw new ValidationError('the body is empty; an XML document was expected', { field: 'body' });
  return readXml(text);
}
