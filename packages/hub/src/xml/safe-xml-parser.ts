import { ValidationError } from '@connector/core';
import sax from 'sax';

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

const DECLARATION = /<!(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon >= 0 ? qualified.slice(colon + 1) : qualified;
}

interface Frame {
  name: string;
  children?: Record<string, unknown>;
  text: string;
}

/**
 * Parses an XML request body safely, in one pass with sax in strict mode (which refuses markup that is
 * not well-formed: tags that do not nest or close, text outside the root, several roots). Any DOCTYPE or
 * markup declaration is refused before parsing (no external entity is ever fetched, no entity is ever
 * expanded); sax itself decodes only the predefined entities and character references and refuses any
 * other entity. Values are text, never coerced; namespace prefixes are dropped; repeated elements
 * become arrays.
 *
 * @throws ValidationError naming the problem (and the line, for malformed XML).
 */
export function parseXmlBody(text: string): XmlDocument {
  if (text.trim() === '') throw new ValidationError('the body is empty; an XML document was expected', { field: 'body' });
  if (DECLARATION.test(text)) throw new ValidationError('DOCTYPE and ENTITY declarations are not allowed in the body', { field: 'body' });
  const parser = sax.parser(true, { position: true });
  const stack: Frame[] = [];
  let document: XmlDocument | undefined;
  let failure: string | undefined;
  parser.onerror = (error: Error) => {
    failure ??= `the body is not well-formed XML: ${error.message.split('\n')[0]} (line ${parser.line + 1})`;
    throw error;
  };
  parser.onopentag = (tag) => {
    if (stack.length === 0 && document) {
      failure = 'the body must have exactly one root element';
      throw new Error(failure);
    }
    stack.push({ name: localName(tag.name), text: '' });
  };
  const onText = (value: string) => {
    if (stack.length > 0) stack[stack.length - 1].text += value;
  };
  parser.ontext = onText;
  parser.oncdata = onText;
  parser.onclosetag = () => {
    const frame = stack.pop()!;
    let value: unknown = frame.text.trim();
    if (frame.children) {
      if (value !== '') frame.children['#text'] = value;
      value = frame.children;
    }
    const parent = stack[stack.length - 1];
    if (!parent) {
      document = { root: frame.name, value };
      return;
    }
    const children = (parent.children ??= {});
    const existing = children[frame.name];
    if (existing === undefined) children[frame.name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else children[frame.name] = [existing, value];
  };
  try {
    parser.write(text).close();
  } catch (error) {
    throw new ValidationError(failure ?? `the body is not well-formed XML: ${(error as Error).message.split('\n')[0]}`, { field: 'body' });
  }
  if (!document) throw new ValidationError('the body must have exactly one root element', { field: 'body' });
  return document;
}
