/** The namespace of the Connector API 2011-11 answers. */
export const API_NAMESPACE = 'http://www.intouchfollowup.com/api/2011-11';

/** The Content-Type of every XML answer. */
export const XML_CONTENT_TYPE = 'application/xml; charset=utf-8';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const NEEDS_ESCAPE = /[&<>"']/;
// Characters XML 1.0 cannot carry at all, even escaped; dropped rather than producing a broken document.
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes text for an element's content. */
export function escapeXml(text: string): string {
  const clean = text.replace(INVALID_XML_CHARS, '');
  return NEEDS_ESCAPE.test(clean) ? clean.replace(/[&<>"']/g, (c) => ESCAPES[c]) : clean;
}

/** `<name>text</name>`, or nothing when the value is absent. */
export function element(name: string, value: string | number | boolean | undefined | null): string {
  if (value === undefined || value === null) return '';
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

// The save answer is the hot path: two constant halves around the UUID (a UUID needs no escaping).
const SAVE_PREFIX = `<response xmlns="${API_NAMESPACE}"><uuid>`;
const SAVE_SUFFIX = '</uuid></response>';

/**
 * The answer of a successful save: `<response xmlns="…"><uuid>…</uuid></response>`. Elements of the body
 * that the API does not know (saved without them) are listed after the UUID, in
 * `<ignoredElements><element>userInfo.ownerEmail</element></ignoredElements>`: a client that reads only
 * `<uuid>` reads the same answer as before.
 */
export function saveAnswer(uuid: string, ignored?: readonly string[]): string {
  if (!ignored?.length) return SAVE_PREFIX + uuid + SAVE_SUFFIX;
  return `${SAVE_PREFIX}${uuid}</uuid><ignoredElements>${ignored.map((name) => element('element', name)).join('')}</ignoredElements></response>`;
}

/** The answer of a failed call: `<error><reason/><errorUUID/><message/></error>`. */
export function errorAnswer(error: { reason: string; errorUUID: string; message: string }): string {
  return `<error>${element('reason', error.reason)}${element('errorUUID', error.errorUUID)}${element('message', error.message)}</error>`;
}

/** Wraps elements in a root element carrying the API namespace. */
export function document(root: string, inner: string): string {
  return `<${root} xmlns="${API_NAMESPACE}">${inner}</${root}>`;
}
