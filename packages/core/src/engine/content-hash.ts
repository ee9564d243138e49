import { createHash } from 'node:crypto';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined && item !== null && item !== '') out[key] = canonical(item);
    }
    return out;
  }
  return value;
}

/**
 * The hash of a record's content: sha256 of its canonical JSON (keys sorted, empty values dropped), so
 * the same content sent twice, in any key order, is recognised as unchanged (delivery rule 5).
 */
export function contentHash(content: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical(content))).digest('base64url');
}
