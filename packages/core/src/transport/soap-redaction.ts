import { isSecretKey, REDACTED, type Redactor } from '../logging/redactor';

// A text-only element whose name looks secret (`<Password>…</Password>`, `<ns:ApiKey>…</ns:ApiKey>`); the name
// is then confirmed with isSecretKey. Matching only likely names keeps this cheap on every logged call.
const SECRET_LIKE_ELEMENT = /<((?:[\w.-]+:)?([\w.-]*(?:pass|pwd|secret|key|token|auth|cookie)[\w.-]*))(\s[^>]*)?>([^<]+)<\/\1>/gi;

/**
 * Removes secrets from a SOAP message before it is logged or shown: the text of every element whose name
 * is a secret key (`Password` of SourceCredentials and UserCredentials, `ApiKey`, `Token`, …), then every
 * secret value the redactor knows, wherever it appears.
 */
export function redactSoapXml(xml: string, redactor?: Redactor): string {
  const masked = xml.replace(SECRET_LIKE_ELEMENT, (whole, qname: string, local: string, attributes: string | undefined) =>
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
