import type { EntityKind } from '../model/person';

/** Who a record is about, as the Connector Log and the CLI's tables name it. */
export interface RecordDescription {
  /** The person's name and email ("Jane Doe <jane@example.com>"), or the lead source's name. */
  person: string;
  /** The record in a few words: "Jane Doe <jane@example.com> (prospect)", "Staff Sam Sales <sam@…>", `Lead source "Web"`. */
  summary: string;
  /** The same, short, for a column of a CLI table: "Jane Doe (prospect)", "Staff sam@club.example", `Lead source "Web"`. */
  label: string;
}

/** A string's trimmed text, or undefined when it is not a string or is blank. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * The one way to describe a record in log lines and tables. It reads content that may not be valid yet
 * (a refused record is described too), so every field is optional here and read as text.
 */
export function describeRecord(kind: EntityKind, content: Readonly<Record<string, unknown>> | object): RecordDescription {
  const fields = content as Record<string, unknown>;
  if (kind === 'leadSource') {
    const name = text(fields.name) ?? '(no name)';
    const summary = `Lead source "${name}"`;
    return { person: name, summary, label: summary };
  }
  const name = [text(fields.firstName), text(fields.lastName)].filter(Boolean).join(' ') || '(no name)';
  const email = text(fields.email);
  const person = email ? `${name} <${email}>` : name;
  // Staff are linked by email, so a staff member's label is the email.
  if (kind === 'staff') return { person, summary: `Staff ${person}`, label: `Staff ${email ?? name}` };
  const type = text(fields.userType)?.toLowerCase();
  const typed = type === 'prospect' || type === 'member';
  return { person, summary: typed ? `${person} (${type})` : person, label: typed ? `${name} (${type})` : name };
}
