import { SingleBar } from 'cli-progress';
import type { CliOutput } from '../cli-io';
import type { ImportProgress } from './importer';

/** Shows how far an import is. */
export interface ProgressReporter {
  update(progress: ImportProgress): void;
  stop(): void;
}

function percent(progress: ImportProgress): string {
  return progress.totalBytes > 0 ? `${Math.min(100, Math.floor((progress.bytesRead / progress.totalBytes) * 100))}%` : '?%';
}

/**
 * A progress bar (cli-progress) on stderr when stderr is a terminal; otherwise a line every few
 * seconds, so a CI log or a redirected stderr gets a readable trace instead of control characters.
 * The bar measures bytes read: the number of records is not known until the end of a streamed file.
 */
export function createProgressReporter(stderr: CliOutput, options: { intervalMs?: number; now?: () => number } = {}): ProgressReporter {
  if (stderr.isTTY) {
    const bar = new SingleBar({
      stream: stderr as NodeJS.WritableStream,
      format: 'importing [{bar}] {percentage}% | {records} records, {saved} saved, {errors} errors',
      barsize: 30,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    });
    let started = false;
    return {
      update(progress) {
        const payload = { records: progress.records, saved: progress.saved, errors: progress.errors };
        if (!started) {
          bar.start(Math.max(1, progress.totalBytes), progress.bytesRead, payload);
          started = true;
        } else bar.update(progress.bytesRead, payload);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? 2_000;
  let last = now();
  return {
    update(progress) {
      if (now() - last < intervalMs) return;
      last = now();
      stderr.write(
        `importing: ${progress.records} records read (${percent(progress)}), ${progress.saved} saved, ${progress.unchanged} unchanged, ${progress.errors} errors\n`,
      );
    },
    stop() {},
  };
}
