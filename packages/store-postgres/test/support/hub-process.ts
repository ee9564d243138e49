import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');

/** A `connector serve` running as a process of its own. */
export interface HubProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGKILL: the process dies at once, holding whatever leases it had. */
  kill9(): void;
  /** Ctrl-C, then waits for the exit (bounded). */
  stop(): Promise<number | null>;
}

/** Starts `connector serve --config <file> --port 0` from the sources, resolving once it listens. */
export async function startHubProcess(configFile: string, env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<HubProcess> {
  // The hub's node flag on the command line, so the CLI does not relaunch itself: a kill -9 of this pid
  // must hit the hub itself, not a parent whose child would then stop gracefully.
  const args = ['--max-semi-space-size=64', '-r', './tools/scripts/register.js', 'packages/cli/src/main.ts', 'serve', '--config', configFile, '--port', '0'];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the hub did not start within ${timeoutMs} ms:\n${text}`)), timeoutMs);
    const check = (): void => {
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (found && text.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the hub exited (${code}) before listening:\n${text}`));
    });
  });
  return {
    url,
    child,
    output: () => text,
    kill9: () => child.kill('SIGKILL'),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
