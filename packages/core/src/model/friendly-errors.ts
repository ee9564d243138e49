/**
 * Error messages for the issues zod reports without a message of the schema's own: "is required" for a
 * missing field, "must be a number" rather than "Invalid input: expected number, received string".
 * Passed to `safeParse` so schemas that say what they want keep their words (records and configuration
 * files alike).
 */
export const friendlyErrors = (issue: { code?: string; input?: unknown; expected?: unknown; values?: unknown[] }): string | undefined => {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'is required';
    const expected = String(issue.expected);
    const article = /^[aeiou]/.test(expected) ? 'an' : 'a';
    return `must be ${article} ${expected}`;
  }
  if (issue.code === 'invalid_value' && Array.isArray(issue.values)) {
    return `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
  }
  return undefined;
};
