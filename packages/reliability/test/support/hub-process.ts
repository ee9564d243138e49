import { spawn } from 'node:child_process';
import path from 'node:path';

/** The repository root (packages/reliability/test/support → ../../../..). */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

/** A `connector serve` running in a process of its own. */
export interface HubProcess {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly pid: number;
  /** True until the process has exited. */
  alive(): boolean;
  /** kill -9: no shutdown, no flush; resolves once the process is gone. */
  kill9(): Promise<void>;
  /** Ctrl-C (SIGINT): the graceful stop; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Everything the hub processes of a test wrote to stdout and stderr, kept to search for secrets. */
export class ProcessOutput {
  private readonly chunks: string[] = [];
  add(chunk: Buffer | string): void {
    this.chunks.push(chunk.toString());
  }
  text(): string {
    return this.chunks.join('');
  }
}

const STARTUP_TIMEOUT_MS = 120_000;

// Hubs still running when the test process exits (a test that failed half-way) go with it.
const running = new Set<{ kill(signal: NodeJS.Signals): boolean }>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts `connector serve --config <configFile> --port 0` as a child process and resolves once it listens.
 *
 * Every hub process of the suite starts HERE, so how the `connector` command is launched (the TypeScript
 * sources through ts-node today, a compiled runtime later) changes in this one function.
 */
export async function startHubProcess(configFile: string, output: ProcessOutput = new ProcessOutput()): Promise<HubProcess> {
  // The hub's node flag on the command line, so the bin does not relaunch itself: a kill -9 of this pid
  // must hit the hub itself, not a parent whose child would then stop gracefully.
  const args = ['--max-semi-space-size=64', path.join(REPO_ROOT, 'packages/cli/bin/connector.js'), 'serve', '--config', configFile, '--port', '0'];
  const child = spawn(process.execPath, args, {
    cwd: path.dirname(configFile),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CONNECTOR_PORT: undefined, CONNECTOR_DATA_DIR: undefined, CONNECTOR_CONFIG: undefined },
  });
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  let seen = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the hub did not listen within ${STARTUP_TIMEOUT_MS} ms:\n${seen.slice(-4000)}`));
    }, STARTUP_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output.add(chunk);
      seen += chunk.toString();
      const match = /Connector hub listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the hub exited (${code}) before it listened:\n${seen.slice(-4000)}`));
    });
  });
  let alive = true;
  void exited.then(() => (alive = false));
  return {
    url,
    pid: child.pid ?? 0,
    alive: () => alive,
    async kill9() {
      if (!alive) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (alive) child.kill('SIGINT');
      return exited;
    },
  };
}

/** Stops hubs left running by a failed test (kill -9: a failed test has nothing to flush). */
export async function killAll(hubs: Iterable<HubProcess>): Promise<void> {
  await Promise.all([...hubs].map((hub) => hub.kill9()));
}
