import { isSecretKey, REDACTED, type Redactor } from '../logging/redactor';

// An element with text content only (no child elements): `<Password>…</Password>`, `<ns:Password>…</ns:Password>`.
const LEAF_ELEMENT = /<((?:[\w.-]+:)?([\w.-]+))(\s[^>]*)?>([^<]+)<\/\1>/g;

/**
 * Removes secrets from a SOAP message before it is logged or shown: the text of every element whose name
 * is a secret key (`Password` of SourceCredentials and UserCredentials, `ApiKey`, `Token`, …), then every
 * secret value the redactor knows, wherever it appears.
 */
export function redactSoapXml(xml: string, redactor?: Redactor): string {
  const masked = xml.replace(LEAF_ELEMENT, (whole, qname: string, local: string, attributes: string | undefined) =>
    isSecretKey(local) ? `<${qname}${attributes ?? ''}>${REDACTED}</${qname}>` : whole,
  );
  return redactor ? redactor.redactString(masked) : masked;
}

/**
 * The values under secret keys in a call's arguments (e.g. `SourceCredentials.Password`), so the redactor
 * can remove them from anything else (a fault that echoes the request, an error message).
 */
export function secretValuesOf(args: unknown, found: string[] = [], depth = 0): string[] {
  if (depth > 8 || !args || typeof args !== 'object') return found;
  for (const [key, value] of Object.entries(args as Record<string, unknown>)) {
    if (typeof value === 'string' && value && isSecretKey(key)) found.push(value);
    else if (value && typeof value === 'object') secretValuesOf(value, found, depth + 1);
  }
  return found;
}
