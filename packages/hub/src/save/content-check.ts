import { ConnectorError, ENTITY_SCHEMAS, ValidationError, type EntityKind } from '@connector/core';
import { formatPath, friendlyErrors } from '../config/format-issues';
import type { FieldNaming } from './save-command';

/**
 * Checks content against the hub model, naming wrong fields in the API's words. Saves call it only once
 * core has refused the content (the hot path parses once), to say why as the caller's API would.
 */
export function validateContent(kind: EntityKind, content: Record<string, unknown>, naming: FieldNaming): Record<string, unknown> {
  const result = ENTITY_SCHEMAS[kind].safeParse(content, { error: friendlyErrors });
  if (result.success) return result.data as Record<string, unknown>;
  const problems = result.error.issues.map((issue) => `${naming.content(formatPath(issue.path))}: ${issue.message}`);
  throw new ValidationError(problems.join('; '), { field: naming.content(formatPath(result.error.issues[0].path)) });
}

/**
 * Core's refusal of content, said in the API's words: core names the model's fields, so the content is
 * checked again (only on failure; the hot path parses once) with the API's naming. Other errors are
 * answered as they are.
 */
export function inApiWords(error: unknown, kind: EntityKind, content: Record<string, unknown>, naming: FieldNaming): unknown {
  if (!(error instanceof ConnectorError) || error.code !== 'VALIDATION') return error;
  try {
    validateContent(kind, content, naming);
  } catch (named) {
    if (named instanceof ConnectorError) return named;
  }
  return error;
}

/** A string's trimmed text, or undefined when it is not a string or is blank. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Who a rejected record was about, in the words the engine's log entries use. */
export function describeRecord(kind: EntityKind, content: Record<string, unknown>): { person: string; summary: string } {
  if (kind === 'leadSource') {
    const name = str(content.name) ?? '(no name)';
    return { person: name, summary: `Lead source "${name}"` };
  }
  const name = [str(content.firstName), str(content.lastName)].filter(Boolean).join(' ') || '(no name)';
  const email = str(content.email);
  const person = email ? `${name} <${email}>` : name;
  if (kind === 'staff') return { person, summary: `Staff ${person}` };
  const type = str(content.userType)?.toLowerCase();
  return { person, summary: type === 'prospect' || type === 'member' ? `${person} (${type})` : person };
}

/** A person whose owner is named by the recordID of a staff record (read from the store). */
export function needsOwnerLookup(command: { kind: EntityKind; ownerRecordId?: string; content: Record<string, unknown> }): boolean {
  return command.ownerRecordId !== undefined && command.kind === 'person' && !command.content.ownerEmail;
}
