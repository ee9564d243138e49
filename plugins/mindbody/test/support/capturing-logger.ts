import type { Logger } from '@connector/core';

/** One line a {@link CapturingLogger} received. */
export interface CapturedLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  meta: Record<string, unknown>;
}

/**
 * A logger that keeps every line as it was handed over, before any redaction: a secret found here
 * reached the logger, whatever the redactor would have done with it.
 */
export class CapturingLogger implements Logger {
  constructor(
    readonly lines: CapturedLine[] = [],
    private readonly bound: Record<string, unknown> = {},
  ) {}

  debug(message: string, meta?: Record<string, unknown>) { this.push('debug', message, meta); }
  info(message: string, meta?: Record<string, unknown>) { this.push('info', message, meta); }
  warn(message: string, meta?: Record<string, unknown>) { this.push('warn', message, meta); }
  error(message: string, meta?: Record<string, unknown>) { this.push('error', message, meta); }
  child(meta: Record<string, unknown>): Logger {
    return new CapturingLogger(this.lines, { ...this.bound, ...meta });
  }
  isLevelEnabled(): boolean {
    return true;
  }

  /** Everything logged, as one text to search. */
  text(): string {
    return this.lines.map((line) => `${line.level} ${line.message} ${JSON.stringify(line.meta)}`).join('\n');
  }

  private push(level: CapturedLine['level'], message: string, meta?: Record<string, unknown>) {
    this.lines.push({ level, message, meta: { ...this.bound, ...meta } });
  }
}
