import type { z } from 'zod';
import { closestName } from '@connector/core';
import { knownKeysAt } from './known-keys';

/** A field path as people read it: `clients[0].platforms[1].options.apiKey`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}

// The messages for zod's own issues are core's, so records and configuration files say them alike.
export { friendlyErrors } from '@connector/core';

/**
 * The reason given for a field no schema knows: `unknown field`, and the known field it was probably
 * meant to be when one is close (`unknown field (did you mean timeZone?)`). Only names are shown, never
 * the value, which may be a secret.
 */
export function unknownFieldReason(key: string, known: Iterable<string>): string {
  const meant = closestName(key, known);
  return meant ? `unknown field (did you mean ${meant}?)` : 'unknown field';
}

/**
 * One line per problem: `field.path: reason` (unknown keys each get a line of their own). Given the
 * schema the issues came from, an unknown key is answered with the known one it is closest to.
 *
 * @param prefix - where the checked value sits in the file, e.g. `clients[0].platforms[1].options`.
 * @param schema - the schema that reported the issues (its field names are the suggestions).
 */
export function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: ReadonlyArray<PropertyKey> = [],
  schema?: z.ZodType,
  within: ReadonlyArray<PropertyKey> = [],
): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = schema ? knownKeysAt(schema, [...within, ...issue.path]) : [];
      for (const key of issue.keys) lines.push(`${formatPath([...prefix, ...issue.path, key])}: ${unknownFieldReason(key, known)}`);
      continue;
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0 && issue.message === 'Invalid input') {
      // Report the branch that got furthest rather than zod's bare "Invalid input".
      const deepest = issue.errors.reduce(
        (best, branch) => (branch.length && branch[0].path.length > (best[0]?.path.length ?? -1) ? branch : best),
        issue.errors[0],
      );
      if (deepest.length) {
        lines.push(...formatIssues(deepest, [...prefix, ...issue.path], schema, [...within, ...issue.path]));
        continue;
      }
    }
    lines.push(`${formatPath([...prefix, ...issue.path])}: ${issue.message}`);
  }
  return lines;
}
