import { ValidationError } from '@connector/core';
import { UnsupportedMediaTypeError } from '../errors/hub-errors';

// Fatal: a byte sequence that is not UTF-8 is refused, never turned into U+FFFD and stored.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Encodings an XML body may declare, by the lower-case label, and the WHATWG decoder that reads it. */
const XML_DECODERS: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'us-ascii': 'utf-8',
  ascii: 'utf-8',
  // WHATWG decodes the Latin-1 labels as windows-1252, its superset (the same for all printable Latin-1).
  'iso-8859-1': 'windows-1252',
  'iso_8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
};

function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1].toLowerCase();
}

/** The encoding an XML body says it is in: a byte order mark, else its XML declaration. */
function declaredXmlEncoding(body: Buffer): string | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  // The declaration is ASCII in every encoding the API reads but UTF-16 (which has a BOM).
  const head = body.subarray(0, 200).toString('latin1');
  const declared = /^<\?xml[^?]*?\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
  return declared?.[1].toLowerCase();
}

/** Where the first byte that is not UTF-8 is (the error path only: the valid path is one decode). */
function firstInvalidByte(body: Buffer): number {
  let i = 0;
  while (i < body.length) {
    const b = body[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = body[i + k];
      let low = 0x80;
      let high = 0xbf;
      // The second byte's range excludes overlong forms, surrogates and code points above U+10FFFF.
      if (k === 1 && b === 0xe0) low = 0xa0;
      if (k === 1 && b === 0xed) high = 0x9f;
      if (k === 1 && b === 0xf0) low = 0x90;
      if (k === 1 && b === 0xf4) high = 0x8f;
      if (c === undefined || c < low || c > high) return i;
    }
    i += need + 1;
  }
  return body.length;
}

/** "the value of <firstname> … (line 3, column 18)": where invalid UTF-8 was found, in the channel's words. */
function invalidUtf8Error(body: Buffer, format: 'xml' | 'json'): ValidationError {
  const at = firstInvalidByte(body);
  const before = body.subarray(0, at).toString('utf8');
  const lines = before.split('\n');
  const where = `line ${lines.length}, column ${lines[lines.length - 1].length + 1}`;
  const name =
    format === 'xml'
      ? /<([A-Za-z_][\w.:-]*)(?:\s[^<>]*)?>[^<]*$/.exec(before)?.[1]?.replace(/^.*:/, '')
      : /"((?:[^"\\]|\\.)+)"\s*:\s*"(?:[^"\\]|\\.)*$/.exec(before)?.[1];
  const what = name ? (format === 'xml' ? `the text of <${name}>` : `the value of ${name}`) : 'the body';
  return new ValidationError(`${what} is not valid UTF-8 (${where}); send UTF-8 or declare the encoding`, { field: name ?? 'body' });
}

function decodeUtf8(body: Buffer, format: 'xml' | 'json'): string {
  try {
    return UTF8.decode(body);
  } catch {
    throw invalidUtf8Error(body, format);
  }
}

/**
 * The text of a JSON body: UTF-8 only (RFC 8259), refused with 400 naming the field where it is not
 * valid UTF-8, and 415 when Content-Type declares another charset.
 */
export function jsonBodyText(body: Buffer, contentType: string | undefined): string {
  const charset = charsetOf(contentType);
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new UnsupportedMediaTypeError(`JSON bodies are read in UTF-8 only, not in the charset ${charset}`);
  }
  return decodeUtf8(body, 'json');
}

/**
 * The text of an XML body in the encoding it declares (Content-Type's charset, else a byte order
 * mark, else the XML declaration; UTF-8 when none): UTF-8, ISO-8859-1 / windows-1252 or UTF-16. Any
 * other declared encoding is refused with 415 naming it; bytes that are not UTF-8 in a UTF-8 body with
 * 400 naming the element.
 */
export function xmlBodyText(body: Buffer, contentType: string | undefined): string {
  const declared = charsetOf(contentType) ?? declaredXmlEncoding(body) ?? 'utf-8';
  const decoder = XML_DECODERS[declared];
  if (!decoder) {
    throw new UnsupportedMediaTypeError(`the body's encoding ${declared} is not read here; send UTF-8, ISO-8859-1, windows-1252 or UTF-16`);
  }
  if (decoder === 'utf-8') return decodeUtf8(body, 'xml');
  try {
    // ignoreBOM false: the decoder drops a leading byte order mark.
    return new TextDecoder(decoder, { fatal: true }).decode(body);
  } catch {
    throw new ValidationError(`the body is not valid ${declared}`, { field: 'body' });
  }
}
