import type { z } from 'zod';

/** The parts of a zod 4 definition that lead from a schema to the objects inside it. */
interface WalkDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: readonly z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
}

const def = (schema: z.ZodType): WalkDef => (schema as unknown as { _zod: { def: WalkDef } })._zod.def;

/** The schemas a value may be checked against, through defaults, optionals, pipes, unions and lazies. */
function concrete(schema: z.ZodType, depth = 0): z.ZodType[] {
  if (depth > 20) return [];
  const d = def(schema);
  const inner = d.innerType ?? (d.type === 'pipe' ? d.in : undefined) ?? (d.type === 'lazy' ? d.getter?.() : undefined);
  if (inner) return concrete(inner, depth + 1);
  if (d.type === 'union' && d.options) return d.options.flatMap((option) => concrete(option, depth + 1));
  if (d.type === 'intersection' && d.left && d.right) return [...concrete(d.left, depth + 1), ...concrete(d.right, depth + 1)];
  return [schema];
}

/**
 * The field names an object schema knows at `path` (as zod reports an issue's path), so an unknown
 * field can be answered with the one that was probably meant. Empty when the path leads to no object.
 */
export function knownKeysAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  let current = concrete(schema);
  for (const key of path) {
    current = current.flatMap((candidate) => {
      const d = def(candidate);
      if (d.type === 'object' && d.shape && typeof key === 'string' && Object.hasOwn(d.shape, key)) return concrete(d.shape[key]);
      if (d.type === 'array' && d.element && typeof key === 'number') return concrete(d.element);
      if (d.type === 'record' && d.valueType) return concrete(d.valueType);
      return [];
    });
  }
  return [...new Set(current.flatMap((candidate) => (def(candidate).type === 'object' ? Object.keys(def(candidate).shape ?? {}) : [])))];
}
