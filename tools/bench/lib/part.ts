import type { BenchRow, SkippedPart } from './report';

/** What every part gets from run.ts. */
export interface PartContext {
  /** Smaller counts and fewer rounds (the whole run under a minute). */
  quick: boolean;
  /** The SQLite store's synchronous mode (the hub's default is FULL). */
  sync: 'FULL' | 'NORMAL';
  /** The Postgres server for the `postgres` part (`--store postgres`); the part is skipped without it. */
  postgresUrl?: string;
  /** Where to write CPU profiles of the measured windows (`--profile DIR`); none when undefined. */
  profileDir?: string;
  /** Progress lines (stderr), so the table on stdout stays clean. */
  progress(message: string): void;
}

/** What a part reports. */
export interface PartResult {
  rows: BenchRow[];
  skipped?: SkippedPart[];
}

/** A bench part: `delivery`, `hub`, `soap`, `import` or `postgres`. */
export interface BenchPart {
  name: string;
  description: string;
  run(context: PartContext): Promise<PartResult>;
}
