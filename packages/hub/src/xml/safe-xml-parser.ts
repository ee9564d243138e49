import { ValidationError } from '@connector/core';
import { XMLParser } from 'fast-xml-parser';

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

/*
 * One parser for every request (it keeps no state between parses): no attributes (the API has none), no
 * value guessing (a zipcode of 01234 stays a string), namespace prefixes dropped (senders that qualify
 * their elements still match), and no entity processing at all (no XXE, no billion laughs).
 */
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: true,
  trimValues: true,
  // Callbacks get a matcher instead of a path string built for every tag: measurably faster.
  jPath: false,
  tagValueProcessor: (_tag: string, value: string) => decodeXmlText(value),
});

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function malformed(text: string, index: number, what: string): ValidationError {
  return new ValidationError(`the body is not well-formed XML: ${what} (line ${lineAt(text, index)})`, { field: 'body' });
}

/**
 * One pass over the markup, before the parser: refuses every `<!` that is not a comment or CDATA
 * (DOCTYPE, ENTITY, ELEMENT…: no XXE, no billion laughs), and checks that tags nest and close and that
 * there is one root element. fast-xml-parser builds the values but forgives mismatched or missing end
 * tags, so without this a truncated or garbled body could be saved as a shorter record. About five
 * times cheaper than fast-xml-parser's full validator, which would be a second parse.
 */
export function checkXmlStructure(text: string): void {
  const open: string[] = [];
  let roots = 0;
  let i = 0;
  for (;;) {
    const lt = text.indexOf('<', i);
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
      const expected = open.pop();
      if (name !== expected) throw malformed(text, lt, expected ? `</${name}> closes <${expected}>` : `</${name}> closes nothing`);
    } else {
      let end = lt + 1;
      for (; end < gt; end++) {
        const c = text.charCodeAt(end);
        if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2f) break;
      }
      const name = text.slice(lt + 1, end);
      if (!name) throw malformed(text, lt, 'a tag has no name');
      if (open.length === 0 && ++roots > 1) throw new ValidationError('the body must have exactly one root element', { field: 'body' });
      if (text.charCodeAt(gt - 1) !== 0x2f) open.push(name);
    }
    i = gt + 1;
  }
  if (open.length > 0) throw malformed(text, text.length, `<${open[open.length - 1]}> is not closed`);
  if (roots === 0) throw malformed(text, 0, 'there is no root element');
}

/**
 * Parses an XML request body safely. Refuses any DOCTYPE or entity declaration before parsing (so no
 * external entity is ever fetched and no entity is ever expanded), refuses markup whose tags do not
 * nest and close, and requires exactly one root element.
 *
 * @throws ValidationError naming the problem (and the line, for malformed XML).
 */
export function parseXmlBody(text: string): XmlDocument {
  if (text.trim() === '') throw new ValidationError('the body is empty; an XML document was expected', { field: 'body' });
  checkXmlStructure(text);
  const parsed = parser.parse(text) as Record<string, unknown>;
  const roots = Object.keys(parsed);
  if (roots.length !== 1 || Array.isArray(parsed[roots[0]])) {
    throw new ValidationError('the body must have exactly one root element', { field: 'body' });
  }
  return { root: roots[0], value: parsed[roots[0]] };
}
