import { spawn } from 'node:child_process';
import os from 'node:os';

/**
 * The V8 flags the hub wants: a 64 MB young generation (semi-space) keeps the short-lived objects of
 * a request out of the old generation and halves the time in garbage collection under load (see
 * tools/bench). V8 reads it only when the heap is made, so `v8.setFlagsFromString` is too late (measured:
 * the new space stays at 32 MB); it must be on node's command line or in NODE_OPTIONS.
 */
export const HUB_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];

/** The commands that run a hub in this process. */
const HUB_COMMANDS = new Set(['serve', 'demo']);

/** The first word of `argv` that is not an option: the command (`serve` in `--verbose serve -c x`). */
export function commandOf(argv: readonly string[]): string | undefined {
  return argv.find((arg) => !arg.startsWith('-'));
}

/**
 * The hub's flags that this process lacks, for a command that runs a hub; none when node was started
 * with them (on its command line or in NODE_OPTIONS, as the systemd unit does), whatever their value.
 */
export function missingNodeFlags(argv: readonly string[], execArgv: readonly string[], nodeOptions = ''): string[] {
  const command = commandOf(argv);
  if (!command || !HUB_COMMANDS.has(command)) return [];
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].map((flag) => flag.split('=')[0].replace(/_/g, '-'));
  return HUB_NODE_FLAGS.filter((flag) => !given.includes(flag.split('=')[0]));
}

/**
 * Runs this script again in a node started with `flags`, and stays only to pass signals on: node 20
 * cannot replace its own process (no exec). The child is in its own process group, so a Ctrl-C reaches
 * it once (through this process) and is not read as a second, impatient one; it exits as this process
 * is told to, and this process exits with its code. If this process dies without a word (SIGKILL), the
 * child sees its IPC channel close and stops as on SIGTERM: no hub is left behind.
 */
export function relaunchWithFlags(flags: readonly string[], script: string, argv: readonly string[]): void {
  const child = spawn(process.execPath, [...process.execArgv, ...flags, script, ...argv], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  const forward = (signal: NodeJS.Signals) => () => {
    child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, forward(signal));
  child.on('error', (error) => {
    process.stderr.write(`error: could not start node again with ${flags.join(' ')}: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1));
  });
}
