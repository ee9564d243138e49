import { ValidationError } from '@connector/core';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

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

const DECLARATION = /<!(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;

/**
 * Refuses what must never be parsed (any DOCTYPE or entity declaration: no XXE, no billion laughs) and
 * markup that is not well-formed, using fast-xml-parser's validator: its parser alone forgives
 * mismatched or missing end tags, so a truncated body could otherwise be saved as a shorter record.
 */
export function checkXmlStructure(text: string): void {
  if (DECLARATION.test(text)) throw new ValidationError('DOCTYPE and ENTITY declarations are not allowed in the body', { field: 'body' });
  const result = XMLValidator.validate(text);
  if (result !== true) {
    throw new ValidationError(`the body is not well-formed XML: ${result.err.msg} (line ${result.err.line})`, { field: 'body' });
  }
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
