import { z } from 'zod';
import { ValidationError } from '../errors/connector-error';

/**
 * Parses `input` with `schema`, or throws a {@link ValidationError} whose message names every field
 * that is wrong and why ("email: must be an email address; lastName: is required").
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
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

/**
 * Edits between two words (insert, delete, substitute, or swap two neighbours: `ownerEmial` is one edit
 * from `ownerEmail`), ignoring case: senders disagree on `clientID` / `clientId`.
 */
function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let before: number[] = [];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) current[j] = Math.min(current[j], before[j - 2] + 1);
    }
    before = previous;
    previous = current;
  }
  return previous[y.length];
}

/**
 * The known name a misspelt one most likely meant ("did you mean ownerEmail?"), or undefined when none
 * is close: at most a third of the name's letters wrong (at least one), so `zip` does not suggest `city`.
 */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  const allowed = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `user.ownerEmial: unknown field (did you mean ownerEmail?)`: an unknown key named where it was found. */
export function unknownFieldProblem(path: string, name: string, known: Iterable<string>): string {
  const close = closestName(name, known);
  return `${path}: unknown field${close ? ` (did you mean ${close}?)` : ''}`;
}
