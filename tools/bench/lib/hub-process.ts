import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { REGISTER, REPO_ROOT } from './child';

/** A `connector serve` of the bench's, running as a process of its own. */
export interface BenchHubProcess {
  url: string;
  pid: number;
  /** CPU time (user + system) the process has used so far, in microseconds (Linux; 0 elsewhere). */
  cpuMicros(): number;
  /** Ctrl-C, then waits for the exit (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux, whatever the kernel's HZ). */
const USER_HZ = 100;

function processCpuMicros(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: the fields after it start past its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / USER_HZ;
  } catch {
    return 0;
  }
}

/**
 * Starts `connector serve --config <file> --port 0` from the sources, as a user's `npm run connector`
 * does, and resolves once it listens. Its output is kept for the error when it does not start.
 */
export async function startBenchHub(configFile: string, timeoutMs = 120_000): Promise<BenchHubProcess> {
  // The hub's node flag on the command line, so the CLI does not relaunch itself under another pid.
  const args = ['--max-semi-space-size=64', '-r', REGISTER, 'packages/cli/src/main.ts', 'serve', '--config', configFile, '--port', '0'];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, CONNECTOR_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text = (text + chunk.toString('utf8')).slice(-20_000)));
  child.stderr.on('data', (chunk: Buffer) => (text = (text + chunk.toString('utf8')).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`connector serve did not start within ${timeoutMs} ms:\n${text}`));
    }, timeoutMs);
    const check = (): void => {
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (found && text.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    };
    child.stdout.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`connector serve exited before listening:\n${text}`));
    });
  });
  const pid = child.pid ?? 0;
  return {
    url,
    pid,
    cpuMicros: () => processCpuMicros(pid),
    async stop(graceMs = 20_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
