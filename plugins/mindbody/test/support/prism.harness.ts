import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A running Stoplight Prism, validating every request (and answer) against a spec. */
export interface PrismServer {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  /**
   * Validation problems Prism reported since the last call (request and response), and forgets them.
   * Prism logs a request after it has answered it, so this first waits for its log to go quiet.
   */
  takeViolations(): Promise<string[]>;
  /** Everything Prism printed, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

/** Settings of {@link startPrism}. */
export interface PrismOptions {
  spec: string;
  /** Proxy mode: validate, then forward to this origin (stateful answers); mock mode without it. */
  upstream?: string;
  /** How long to wait for Prism to listen (it loads a big spec in about 2-3 s). */
  startTimeoutMs?: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function prismBin(): string {
  const pkg = require.resolve('@stoplight/prism-cli/package.json');
  const bin = (require(pkg) as { bin: Record<string, string> }).bin.prism;
  return path.resolve(path.dirname(pkg), bin);
}

// Prism's log lines that report a schema violation (an error in --errors mode, or a warning).
const VIOLATION = /\[VALIDATOR\].*(✖|⚠)|Violation:|UNPROCESSABLE_ENTITY|VIOLATIONS/;

/**
 * Starts Prism 5 (`prism mock` or `prism proxy`, with `--errors`) on a free port of 127.0.0.1 and resolves
 * once it listens. Run it with the same Node as the tests; close it in `afterAll`.
 */
export async function startPrism(options: PrismOptions): Promise<PrismServer> {
  const port = await freePort();
  const args = options.upstream ? ['proxy', options.spec, options.upstream] : ['mock', options.spec];
  args.push('-h', '127.0.0.1', '-p', String(port), '--errors');
  const child: ChildProcess = spawn(process.execPath, [prismBin(), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  let log = '';
  let pending: string[] = [];
  let lastOutputAt = Date.now();
  const onData = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    log += text;
    lastOutputAt = Date.now();
    for (const line of text.split('\n')) if (VIOLATION.test(line)) pending.push(line.trim());
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  await new Promise<void>((resolve, reject) => {
    const timeout = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Prism did not listen on 127.0.0.1:${port} within ${options.startTimeoutMs ?? 30_000} ms:\n${log}`));
    }, options.startTimeoutMs ?? 30_000);
    const check = (chunk: Buffer) => {
      if (/Prism is listening on/.test(chunk.toString('utf8')) || /Prism is listening on/.test(log)) done(resolve);
    };
    const done = (settle: () => void) => {
      clearTimeout(timeout);
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', early);
      settle();
    };
    const early = (code: number | null) => done(() => reject(new Error(`Prism exited (${code}) before listening:\n${log}`)));
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', early);
  });
  pending = [];

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async takeViolations() {
      const quietMs = 250;
      const deadline = Date.now() + 5_000;
      await sleep(quietMs);
      while (Date.now() - lastOutputAt < quietMs && Date.now() < deadline) {
        await sleep(50);
      }
      const out = pending;
      pending = [];
      return out;
    },
    output: () => log,
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
