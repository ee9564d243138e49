import winston from 'winston';
import { Redactor } from './redactor';

/** The logger every part of the Connector writes to: JSON lines, secrets redacted. */
export interface Logger {
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
  /** A logger that adds `meta` to every line. */
  child(meta: Record<string, unknown>): Logger;
  /** Whether lines of `level` are written: lets callers skip building costly debug details. */
  isLevelEnabled(level: 'debug' | 'info' | 'warn' | 'error'): boolean;
}

/** Settings of {@link createLogger}. */
export interface LoggerOptions {
  level?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Shared with the rest of the process, so secrets registered anywhere are redacted here too. */
  redactor?: Redactor;
  /** Where lines go (default: stdout as JSON lines). Tests pass a capturing transport. */
  transports?: winston.transport[];
}

class WinstonLogger implements Logger {
  constructor(private readonly inner: winston.Logger) {}
  // winston formats (and so redacts) a line before its transports drop it by level: check first.
  debug(message: string, meta?: Record<string, unknown>) {
    if (this.inner.isLevelEnabled('debug')) this.inner.debug(message, meta);
  }
  info(message: string, meta?: Record<string, unknown>) {
    this.inner.info(message, meta);
  }
  warn(message: string, meta?: Record<string, unknown>) {
    this.inner.warn(message, meta);
  }
  error(message: string, meta?: Record<string, unknown>) {
    this.inner.error(message, meta);
  }
  child(meta: Record<string, unknown>): Logger {
    return new WinstonLogger(this.inner.child(meta));
  }
  isLevelEnabled(level: 'debug' | 'info' | 'warn' | 'error'): boolean {
    return !this.inner.silent && this.inner.isLevelEnabled(level);
  }
}

/**
 * Creates the winston logger: JSON lines with a timestamp, and a redaction step that runs on every line
 * (message and metadata) before any transport sees it.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const redactor = options.redactor ?? new Redactor();
  const redact = winston.format((info) => {
    const clean = redactor.redact({ ...info }) as Record<string | symbol, unknown>;
    for (const key of Object.keys(info)) delete (info as Record<string, unknown>)[key];
    Object.assign(info, clean);
    return info;
  });
  const level = options.level ?? (process.env.CONNECTOR_LOG_LEVEL as LoggerOptions['level']) ?? 'info';
  const inner = winston.createLogger({
    level: level === 'silent' ? 'error' : level,
    silent: level === 'silent',
    format: winston.format.combine(redact(), winston.format.timestamp(), winston.format.json()),
    transports: options.transports ?? [new winston.transports.Console()],
  });
  return new WinstonLogger(inner);
}
