import type { Redactor } from '@connector/core';
import { coreModule } from './lazy';

/**
 * A failure the user can fix (a missing file, an unknown client, a bad flag): printed as one line, no
 * stack, with its exit code. Errors of the Connector itself are `ConnectorError`s and print the same way.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * The one message for a port another process holds, whichever command tried to listen (serve, demo,
 * simulate), or undefined when `error` is something else.
 */
export function portInUse(error: unknown, port: number | string): CliError | undefined {
  if ((error as NodeJS.ErrnoException | undefined)?.code !== 'EADDRINUSE') return undefined;
  return new CliError(`port ${port} is in use by another process: choose another with --port`);
}

/** How {@link formatError} renders. */
export interface FormatErrorOptions {
  /** Adds the stack and the chain of causes (still redacted). */
  verbose?: boolean;
  /** Removes known secrets (turn-up keys, passwords) from what is printed. */
  redactor?: Redactor;
}

function oneLine(error: unknown): string {
  if (error instanceof coreModule().ConnectorError) {
    const message = error.message;
    // Config errors name the field; say it first unless the message already does.
    return error.field && !message.includes(error.field) ? `${error.field}: ${message}` : message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Renders an error for the terminal: `error: <field>: <reason>` on one line, never a stack trace unless
 * `verbose`, never a secret.
 */
export function formatError(error: unknown, options: FormatErrorOptions = {}): string {
  const redact = (text: string) => (options.redactor ? options.redactor.redactString(text) : text);
  // A configuration error lists each wrong field: one line each, field first, as the user fixes them.
  const problems = (error as { problems?: unknown })?.problems;
  const lines =
    Array.isArray(problems) && problems.length > 0
      ? problems.map((problem) => `error: ${redact(String(problem)).split('\n')[0]}`)
      : [`error: ${redact(oneLine(error)).split('\n')[0]}`];
  if (options.verbose) {
    let current: unknown = error;
    for (let depth = 0; current instanceof Error && depth < 5; depth++) {
      if (current.stack) lines.push(redact(current.stack));
      current = current.cause;
      if (current instanceof Error) lines.push('caused by:');
    }
  } else if (!(error instanceof coreModule().ConnectorError) && !(error instanceof CliError)) {
    lines.push('(run again with --verbose for the details)');
  }
  return `${lines.join('\n')}\n`;
}
