import { z } from 'zod';
import { ConnectorError, ValidationError } from '../errors/connector-error';
import { describeRecord } from '../log/describe-record';
import type { EntityKind } from '../model/person';
import { ENTITY_SCHEMAS, prepareContent, type PreparedContent } from '../model/prepare-content';
import type { FieldNaming } from './field-naming';
import { friendlyErrors } from '../model/friendly-errors';

/** Content the model refused, said in the channel's words, with whom it was about. */
export interface RefusedContent {
  invalid: { message: string; field?: string; person: string; summary: string };
}

/**
 * Messages for the issues zod reports without one of the schema's own: "is required" for a missing
 * field, "must be a string" rather than "Invalid input: expected string, received number".
 */
function pathOf(issue: z.core.$ZodIssue): string {
  return issue.path.map(String).join('.');
}

/** Checks content against the model again, naming every wrong field in the channel's words. */
function refusalInWords(kind: EntityKind, content: unknown, naming: FieldNaming): ValidationError | undefined {
  const result = ENTITY_SCHEMAS[kind].safeParse(content, { error: friendlyErrors });
  if (result.success) return undefined;
  const problems = result.error.issues.map((issue) => `${naming.content(pathOf(issue))}: ${issue.message}`);
  return new ValidationError(problems.join('; '), { field: naming.content(pathOf(result.error.issues[0])) });
}

/**
 * The content checked against the model and hashed ({@link prepareContent}), or refused in the channel's
 * words (`userInfo.lastname: is required`). The content is parsed once when it is valid; only a refusal
 * parses it again to name the fields. Pure: it may run on another thread (the hub's batch reader).
 *
 * @throws ValidationError naming each wrong field as the channel names it.
 */
export function checkContent<K extends EntityKind>(kind: K, content: unknown, naming: FieldNaming): PreparedContent<K> {
  try {
    return prepareContent(kind, content);
  } catch (error) {
    throw inChannelWords(error, kind, content, naming);
  }
}

/** The model's refusal of content said in the channel's words; other errors as they are. */
export function inChannelWords(error: unknown, kind: EntityKind, content: unknown, naming: FieldNaming): unknown {
  if (!(error instanceof ConnectorError) || error.code !== 'VALIDATION') return error;
  return refusalInWords(kind, content, naming) ?? error;
}

/**
 * What a thread that checked content hands back for content the model refused: the reason in the
 * channel's words and whom it was about, so the intake can refuse and log it without the content.
 */
export function refusedContent(kind: EntityKind, content: Record<string, unknown>, error: ConnectorError): RefusedContent {
  const who = describeRecord(kind, content);
  return { invalid: { message: error.message, ...(error.field ? { field: error.field } : {}), person: who.person, summary: who.summary } };
}
