import { ValidationError } from '@connector/core';
import { SaxesParser } from 'saxes';

/** A parsed XML body: the root element's name and its content (strings, objects, arrays of repeats). */
export interface XmlDocument {
  root: string;
  value: unknown;
}

const DECLARATION = /<!(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;

/** The deepest nesting of elements a body may have (the 2011-11 documents need 3). */
export const MAX_XML_DEPTH = 100;

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
 * Parses an XML request body safely, in one pass with saxes (a strict, conformant, non-validating
 * parser: it refuses markup that is not well-formed, such as tags that do not nest or close, text
 * outside the root, several roots). Any DOCTYPE or markup declaration is refused before parsing (no
 * external entity is ever fetched, no entity is ever expanded); saxes itself decodes only the
 * predefined entities and character references and refuses any other entity. Values are text, never
 * coerced; namespace prefixes are dropped; repeated elements become arrays; elements nest at most
 * {@link MAX_XML_DEPTH} levels.
 *
 * @throws ValidationError naming the problem and its line.
 */
export function parseXmlBody(text: string): XmlDocument {
  if (text.trim() === '') throw new ValidationError('the body is empty; an XML document was expected', { field: 'body' });
  if (DECLARATION.test(text)) throw new ValidationError('DOCTYPE and ENTITY declarations are not allowed in the body', { field: 'body' });
  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: Frame[] = [];
  let document: XmlDocument | undefined;
  parser.on('opentag', (tag) => {
    // Refused at the first element too deep, so a body of 100,000 levels is not read to its end.
    if (stack.length >= MAX_XML_DEPTH) {
      throw new ValidationError(`the body nests elements deeper than ${MAX_XML_DEPTH} levels (line ${parser.line})`, { field: 'body' });
    }
    stack.push({ name: localName(tag.name), text: '' });
  });
  const onText = (value: string) => {
    if (stack.length > 0) stack[stack.length - 1].text += value;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
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
  });
  try {
    parser.write(text).close();
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError(`the body is not well-formed XML: ${describeXmlError(error)}`, { field: 'body' });
  }
  if (!document) throw new ValidationError('the body must have exactly one root element', { field: 'body' });
  return document;
}

/** saxes says "line:column: message"; the answer says "message (line N, column M)". */
function describeXmlError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const located = /^(\d+):(\d+): (.*)$/s.exec(message);
  if (!located) return message.split('\n')[0];
  return `${located[3].split('\n')[0].replace(/\.$/, '')} (line ${located[1]}, column ${Number(located[2]) + 1})`;
}
