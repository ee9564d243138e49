import { randomBytes } from 'node:crypto';

/**
 * A time-ordered UUID (version 7, RFC 9562): 48 bits of epoch milliseconds, then random bits. New keys
 * land at the end of the primary-key index, so a commit of many saves touches a few index pages.
 * Written here rather than taken from the `uuid` package: the workspace's hoisted copy is an older
 * major without v7.
 */
export function timeOrderedUUID(now = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
