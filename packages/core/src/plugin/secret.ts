import { z } from 'zod';

/** The metadata key that marks a turn-up option as secret (also emitted into the JSON Schema). */
export const SECRET_META = 'x-secret';

/**
 * Marks a turn-up option as secret: it is redacted from every log line, error message and API answer,
 * and flagged `x-secret: true` in the generated JSON Schema.
 *
 * @example `options: z.object({ apiKey: secret(z.string().min(1)) })`
 */
export function secret<S extends z.ZodType>(schema: S): S {
  return schema.meta({ [SECRET_META]: true }) as S;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (let i = 0; i < 10; i++) {
    if (isSecretSchema(current)) return current;
    const def = (current as unknown as { def?: { innerType?: z.ZodType; in?: z.ZodType } }).def;
    const inner = def?.innerType ?? def?.in;
    if (!inner) return current;
    current = inner;
  }
  return current;
}

function isSecretSchema(schema: z.ZodType): boolean {
  const meta = schema.meta() as Record<string, unknown> | undefined;
  return meta?.[SECRET_META] === true;
}

/** The dotted paths of every secret field in an options schema (nested objects included). */
export function secretPaths(schema: z.ZodType, prefix = ''): string[] {
  const base = unwrap(schema);
  if (isSecretSchema(base)) return [prefix];
  const shape = (base as unknown as { shape?: Record<string, z.ZodType> }).shape;
  if (!shape || typeof shape !== 'object') return [];
  return Object.entries(shape).flatMap(([key, child]) => secretPaths(child, prefix ? `${prefix}.${key}` : key));
}
