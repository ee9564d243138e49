import { randomUUID } from 'node:crypto';

const ERROR_UUIDS = new WeakMap<object, string>();

/**
 * The errorUUID of an error, made on first use: the Connector Log entry of a refused record and the
 * answer to its sender quote the same one, so support finds one from the other.
 */
export function errorUUIDOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return randomUUID();
  let id = ERROR_UUIDS.get(error);
  if (!id) {
    id = randomUUID();
    ERROR_UUIDS.set(error, id);
  }
  return id;
}
