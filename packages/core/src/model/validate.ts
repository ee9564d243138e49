import { z } from 'zod';
import { ValidationError } from '../errors/connector-error';
import { unknownFieldError } from './did-you-mean';

/**
 * Parses `input` with `schema`, or throws a {@link ValidationError} whose message names every field
 * that is wrong and why ("email: must be an email address; lastName: is required").
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input, { error: unknownFieldError });
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || what;
    return `${path}: ${issue.message}`;
  });
  const first = result.error.issues[0];
  throw new ValidationError(`${what} is not valid: ${problems.join('; ')}`, {
    field: first?.path.map(String).join('.') || undefined,
  });
}
