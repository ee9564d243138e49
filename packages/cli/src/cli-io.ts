/** Where a command writes: stdout for results, stderr for progress and errors. */
export interface CliOutput {
  write(text: string): unknown;
  /** True when the stream is a terminal (progress bars, colours). */
  readonly isTTY?: boolean;
  /** Columns of the terminal, when known. */
  readonly columns?: number;
}

/**
 * Everything a command touches of its process, so tests run commands in-process and capture what they
 * print: the streams, the environment, the working folder and the shutdown signal.
 */
export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  env: Record<string, string | undefined>;
  cwd: string;
  /**
   * Aborted when the process is asked to stop (SIGINT / SIGTERM). Long-running commands (serve,
   * simulate, demo) run until it fires; tests abort it themselves.
   */
  shutdown: AbortSignal;
}

/** The io of the real process; SIGINT and SIGTERM abort `shutdown` (a second signal exits at once). */
export function processIo(): CliIo {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      // A second Ctrl-C while closing means "now": do not wait for in-flight deliveries.
      process.stderr.write(`\n${signal} again: exiting without waiting\n`);
      process.exit(130);
    }
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  if (process.channel) {
    // Started by the bin's relaunch (launch/node-flags.ts): when that parent is gone, stop as on SIGTERM.
    process.channel.unref();
    process.once('disconnect', () => onSignal('SIGTERM'));
  }
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    shutdown: controller.signal,
  };
}

/** Resolves when `signal` is aborted (at once if it already is). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
