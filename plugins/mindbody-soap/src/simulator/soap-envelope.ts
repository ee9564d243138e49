/** The payload of a SOAP request, ready for schema validation. */
export interface SoapBodyPayload {
  /** The local name of the Body's first child: the operation's element (`AddOrUpdateClients`). */
  operation: string;
  /** That element as a standalone document, with the namespaces declared above it carried onto it. */
  xml: string;
}

const START_TAG = /<([\w.-]+:)?([\w.-]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;

function declarations(attributes: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of attributes.matchAll(/\s(xmlns(?::[\w.-]+)?)\s*=\s*("[^"]*"|'[^']*')/g)) found.set(m[1], m[2]);
  return found;
}

/**
 * Takes the Body's first child out of a SOAP 1.1/1.2 envelope and carries the namespace declarations of
 * the Envelope and Body onto it, so it can be validated on its own against the service's schema. Returns
 * undefined when `xml` is not an envelope with a Body holding one element.
 */
export function extractBodyPayload(xml: string): SoapBodyPayload | undefined {
  const envelopeAt = xml.search(/<([\w.-]+:)?Envelope\b/);
  if (envelopeAt < 0) return undefined;
  START_TAG.lastIndex = envelopeAt;
  const envelope = START_TAG.exec(xml);
  if (!envelope) return undefined;
  const prefix = envelope[1] ?? '';
  const inherited = declarations(envelope[3]);

  const bodyOpen = new RegExp(`<${prefix.replace('.', '\\.')}Body\\b`, 'g');
  bodyOpen.lastIndex = START_TAG.lastIndex;
  const bodyMatch = bodyOpen.exec(xml);
  if (!bodyMatch) return undefined;
  START_TAG.lastIndex = bodyMatch.index;
  const body = START_TAG.exec(xml);
  if (!body || body[4]) return undefined;
  for (const [name, value] of declarations(body[3])) inherited.set(name, value);
  const contentStart = START_TAG.lastIndex;
  const contentEnd = xml.lastIndexOf(`</${prefix}Body>`);
  if (contentEnd < contentStart) return undefined;
  const content = xml.slice(contentStart, contentEnd).trim();

  START_TAG.lastIndex = 0;
  const child = START_TAG.exec(content);
  if (!child) return undefined;
  const own = declarations(child[3]);
  const carried = [...inherited].filter(([name]) => !own.has(name)).map(([name, value]) => ` ${name}=${value}`);
  const openTag = child[0];
  const insertAt = openTag.length - (child[4] ? 2 : 1);
  const standalone = openTag.slice(0, insertAt) + carried.join('') + openTag.slice(insertAt) + content.slice(openTag.length);
  return { operation: child[2], xml: standalone };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A SOAP 1.1 fault as an ASP.NET (asmx) service writes it: `soap:Client` when the request could not be
 * read, `soap:Server` when the service failed. asmx answers both with HTTP 500.
 */
export function soapFaultXml(code: 'soap:Client' | 'soap:Server', message: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">' +
    `<soap:Body><soap:Fault><faultcode>${code}</faultcode><faultstring>${escapeXml(message)}</faultstring><detail /></soap:Fault></soap:Body>` +
    '</soap:Envelope>'
  );
}
