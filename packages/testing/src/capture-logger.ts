import Transport from 'winston-transport';
import { createLogger, Redactor, type Logger } from '@connector/core';

/** A winston transport that keeps every line it is given, as written (after redaction). */
export class CapturingTransport extends Transport {
  readonly lines: string[] = [];
  override log(info: Record<string | symbol, unknown>, next: () => void): void {
    this.lines.push(String(info[Symbol.for('message')] ?? JSON.stringify(info)));
    next();
  }
}

/** One call a captured logger received, as it was handed over (before redaction). */
export interface LoggedCall {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  /** The call's metadata with that of the child loggers it went through. */
  meta: Record<string, unknown>;
}

/** What {@link captureLogger} gives. */
export interface CapturedLog {
  logger: Logger;
  /** Every line as written, after redaction (JSON): what reaches a log file. */
  lines: string[];
  /**
   * Every call as handed to the logger, before redaction: a secret found here reached the logger,
   * whatever the redactor would have done with it.
   */
  calls: LoggedCall[];
  redactor: Redactor;
  /** {@link calls} as one text to search: level, message and metadata of each call, a line each. */
  handedText(): string;
}

/** Records each call as handed over, then passes it on to the real logger. */
class RecordingLogger implements Logger {
  constructor(
    private readonly inner: Logger,
    private readonly calls: LoggedCall[],
    private readonly bound: Record<string, unknown> = {},
  ) {}

  debug(message: string, meta?: Record<string, unknown>) {
    this.record('debug', message, meta);
    this.inner.debug(message, meta);
  }
  info(message: string, meta?: Record<string, unknown>) {
    this.record('info', message, meta);
    this.inner.info(message, meta);
  }
  warn(message: string, meta?: Record<string, unknown>) {
    this.record('warn', message, meta);
    this.inner.warn(message, meta);
  }
  error(message: string, meta?: Record<string, unknown>) {
    this.record('error', message, meta);
    this.inner.error(message, meta);
  }
  child(meta: Record<string, unknown>): Logger {
    return new RecordingLogger(this.inner.child(meta), this.calls, { ...this.bound, ...meta });
  }
  isLevelEnabled(level: LoggedCall['level']): boolean {
    return this.inner.isLevelEnabled(level);
  }

  private record(level: LoggedCall['level'], message: string, meta?: Record<string, unknown>): void {
    // Kept only where the logger would write it, as the lines are.
    if (this.inner.isLevelEnabled(level)) this.calls.push({ level, message, meta: { ...this.bound, ...meta } });
  }
}

/**
 * A real logger (winston, redaction on) whose output is kept in memory for assertions, both as written
 * ({@link CapturedLog.lines}) and as handed over ({@link CapturedLog.calls}).
 */
export function captureLogger(redactor = new Redactor(), level: 'debug' | 'info' = 'debug'): CapturedLog {
  const transport = new CapturingTransport();
  const calls: LoggedCall[] = [];
  const logger = new RecordingLogger(createLogger({ level, redactor, transports: [transport] }), calls);
  return {
    logger,
    lines: transport.lines,
    calls,
    redactor,
    handedText: () => calls.map((call) => `${call.level} ${call.message} ${JSON.stringify(call.meta)}`).join('\n'),
  };
}
