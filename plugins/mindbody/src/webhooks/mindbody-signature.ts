import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header MINDBODY signs every webhook request in. */
export const MINDBODY_SIGNATURE_HEADER = 'x-mindbody-signature';

const PREFIX = 'sha256=';

/**
 * The `X-Mindbody-Signature` value of a body: `sha256=` and the base64 HMAC-SHA256 of the raw body bytes,
 * keyed by the subscription's `messageSignatureKey` taken as UTF-8 text (as MINDBODY's documentation
 * and its published verification samples compute it).
 */
export function mindbodySignature(rawBody: Buffer | string, messageSignatureKey: string): string {
  return PREFIX + createHmac('sha256', Buffer.from(messageSignatureKey, 'utf8')).update(rawBody).digest('base64');
}

/** Whether `header` is the signature of `rawBody` under the key, compared in constant time. */
export function isMindbodySignature(header: string, rawBody: Buffer, messageSignatureKey: string): boolean {
  const value = header.trim();
  if (!value.toLowerCase().startsWith(PREFIX)) return false;
  const given = Buffer.from(value.slice(PREFIX.length), 'base64');
  const expected = Buffer.from(mindbodySignature(rawBody, messageSignatureKey).slice(PREFIX.length), 'base64');
  // timingSafeEqual needs equal lengths; a length that differs is a wrong signature, not a secret.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
