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

/** A real logger (winston, redaction on) whose output is kept in memory for assertions. */
export function captureLogger(redactor = new Redactor(), level: 'debug' | 'info' = 'debug'): { logger: Logger; lines: string[]; redactor: Redactor } {
  const transport = new CapturingTransport();
  return { logger: createLogger({ level, redactor, transports: [transport] }), lines: transport.lines, redactor };
}
