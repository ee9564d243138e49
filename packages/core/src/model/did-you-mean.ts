/**
 * The optimal-string-alignment distance between two strings: insertions, deletions, substitutions and
 * swaps of two neighbours each cost 1, so `platfroms` is 1 from `platforms`, as a reader sees it.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  // Three rows are enough: the swap looks two rows back.
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, beforePrevious[j - 2] + 1);
      current.push(best);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length];
}

/**
 * The known name an unknown one was probably meant to be: the same but for case (`timezone` for
 * `timeZone`), else the nearest within one edit for short names and two for names of five letters or
 * more, so a wrong name is not "corrected" into an unrelated one. Undefined when none is that close.
 */
export function closestName(unknown: string, known: Iterable<string>): string | undefined {
  const wanted = unknown.toLowerCase();
  const limit = wanted.length >= 5 ? 2 : 1;
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = name.toLowerCase() === wanted ? 0 : editDistance(wanted, name.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/**
 * A zod error map for fields a strict object does not know: `unknown field apiKye (did you mean
 * apiKey?)`, the known names taken from the object that refused them. Only names are shown, never a
 * value (it may be a secret). Other issues keep their own message.
 *
 * @example `schema.safeParse(input, { error: unknownFieldError })`
 */
export function unknownFieldError(issue: { code?: string; keys?: readonly string[]; inst?: unknown }): string | undefined {
  if (issue.code !== 'unrecognized_keys' || !issue.keys) return undefined;
  const shape = (issue.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape ?? {};
  const known = Object.keys(shape);
  return issue.keys
    .map((key) => {
      const meant = closestName(key, known);
      return `unknown field ${key}${meant ? ` (did you mean ${meant}?)` : ''}`;
    })
    .join('; ');
}

/** `user.ownerEmial: unknown field (did you mean ownerEmail?)`: an unknown key named where it was found. */
export function unknownFieldProblem(path: string, name: string, known: Iterable<string>): string {
  const close = closestName(name, known);
  return `${path}: unknown field${close ? ` (did you mean ${close}?)` : ''}`;
}
