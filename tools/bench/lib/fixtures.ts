import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import winston from 'winston';
import { createLogger, Redactor, type Logger, type Person } from '@connector/core';

/** A fresh temporary folder under the OS temp dir, and a function that removes it. */
export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `connector-bench-${prefix}-`));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The production logger (winston, JSON, redaction, level info) writing to nowhere: its CPU counts as it
 * would in the hub, without filling the terminal.
 */
export function quietLogger(): { logger: Logger; redactor: Redactor } {
  const redactor = new Redactor();
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const logger = createLogger({ level: 'info', redactor, transports: [new winston.transports.Stream({ stream: sink })] });
  return { logger, redactor };
}

/** The bench's hub client: one club (or more), no platforms unless given. */
export const BENCH_CLIENT_ID = 'bench-client';
export const BENCH_CLUB_IDS = ['bench-club-1', 'bench-club-2'];

/** A prospect as a CRM would send it; `i` makes it distinct. */
export function benchPerson(i: number, extra: Partial<Person> = {}): Person {
  return {
    firstName: 'Bench',
    lastName: `Person${i}`,
    userType: 'PROSPECT',
    userStatus: 'ACTIVE',
    email: `bench.person${i}@example.com`,
    mobile: `555-01${String(i % 100).padStart(2, '0')}`,
    city: 'Spuzzum',
    country: 'CA',
    ...extra,
  };
}

/** Sleeps `ms` milliseconds. */
export { setTimeout as sleep } from 'node:timers/promises';

/** CPU time (user + system) in microseconds since `since`. */
export function cpuMicros(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return used.user + used.system;
}
