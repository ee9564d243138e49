import { createHash } from 'node:crypto';

const REJECTED_VALUES = new WeakMap<object, string>();

/** Hex digits of the SHA-256 kept: enough to tell two values apart in a log, far too few to recover one. */
const PREFIX_LENGTH = 8;

/**
 * A value that failed authentication or scoping (a provider identifier, a client or club ID) as a log
 * line may show it: `sha256 3f2a9c1b…`. Such a value is never quoted in clear, in an answer or a log:
 * senders put API keys in the wrong field, and the hub holds only the keys' digests, so its redactor
 * cannot recognise them.
 */
export function hashPrefixOf(value: string): string {
  return `sha256 ${createHash('sha256').update(value).digest('hex').slice(0, PREFIX_LENGTH)}…`;
}

/** Remembers, for the log line of `error`, which field held a rejected value and its hash prefix. Returns `error`. */
export function withRejectedValue<E extends object>(error: E, field: string, value: string): E {
  REJECTED_VALUES.set(error, `${field} (${hashPrefixOf(value)})`);
  return error;
}

/**
 * The field and hash prefix of the value `error` rejected (`clientId (sha256 3f2a9c1b…)`), for a log
 * line beside the answer's message, which names the field only; undefined for any other error.
 */
export function rejectedValueOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? REJECTED_VALUES.get(error) : undefined;
}
