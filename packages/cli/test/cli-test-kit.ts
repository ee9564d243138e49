import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import YAML from 'yaml';
import { run, type CliIo } from '../src';
// The commands load core and the hub on first use (src/lazy.ts); a test file loads them when it is
// imported, as before, so a test's own time is not spent compiling them.
import '@connector/core';
import '@connector/hub';

/** A captured stream: what a command wrote, as one string. */
export class CapturedOutput {
  text = '';
  constructor(readonly isTTY = false) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/** The result of a command run in-process. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A command started in-process that keeps running (serve, simulate, demo) until `stop()`. */
export interface RunningCli {
  stdout: CapturedOutput;
  stderr: CapturedOutput;
  /** Resolves once stdout contains `text`; rejects if the command ended first or after `timeoutMs`. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Sends the shutdown signal (Ctrl-C) and waits for the exit code. */
  stop(): Promise<CliRun>;
  done: Promise<CliRun>;
}

/** Starts `connector <argv>` in-process, with captured stdout/stderr and a shutdown signal of its own. */
export function startCli(argv: string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): RunningCli {
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const controller = new AbortController();
  const io: CliIo = { stdout, stderr, env: options.env ?? {}, cwd: options.cwd ?? process.cwd(), shutdown: controller.signal };
  let finished = false;
  const done = run(argv, io).then((code) => {
    finished = true;
    return { code, stdout: stdout.text, stderr: stderr.text };
  });
  return {
    stdout,
    stderr,
    done,
    async waitFor(text, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      const found = () => (typeof text === 'string' ? stdout.text.includes(text) : text.test(stdout.text));
      while (!found()) {
        if (finished) throw new Error(`the command ended before printing ${text}:\n${stdout.text}\n${stderr.text}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${text}:\n${stdout.text}\n${stderr.text}`);
        await sleep(20);
      }
      return stdout.text;
    },
    async stop() {
      controller.abort('SIGINT');
      return done;
    },
  };
}

/** Runs `connector <argv>` in-process to the end. */
export async function runCli(argv: string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<CliRun> {
  return startCli(argv, options).done;
}

/** A fresh temporary folder, removed by `cleanup()`. */
export function tempDir(prefix = 'connector-cli-test-'): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The hub club IDs of the test client. */
export const CLUBS = { downtown: 'club-downtown', harbor: 'club-harbor' } as const;

/** A provider key the test configurations accept. */
export const TEST_PROVIDER_KEY = 'test-provider-key-0123456789';

/** Writes a configuration file for a client turned up on an Acme simulator; returns its path. */
export function writeConfig(
  dir: string,
  options: {
    acme?: { port: number; clubs: Record<string, string>; apiKey: string };
    extraClients?: unknown[];
    file?: string;
    mutate?(config: Record<string, unknown>): void;
  } = {},
): string {
  const config: Record<string, unknown> = {
    store: { type: 'sqlite', dataDir: './data', synchronous: 'NORMAL' },
    server: { host: '127.0.0.1', port: 0 },
    providers: [{ id: 'INTOUCH', apiKey: TEST_PROVIDER_KEY, clients: '*' }],
    clients: [
      {
        id: '1111',
        name: 'Test Fitness',
        clubs: [
          { id: CLUBS.downtown, name: 'Downtown', timeZone: 'America/New_York' },
          { id: CLUBS.harbor, name: 'Harbor', timeZone: 'America/Los_Angeles' },
        ],
        platforms: options.acme
          ? [
              {
                plugin: '@connector/plugin-acme',
                platform: 'acme',
                connection: { scheme: 'http', host: '127.0.0.1', port: options.acme.port },
                clubs: options.acme.clubs,
                options: { apiKey: options.acme.apiKey },
              },
            ]
          : [],
      },
      ...(options.extraClients ?? []),
    ],
    engine: { maxAttempts: 2, retryBaseMs: 50 },
    worker: { pollIntervalMs: 20 },
    log: { level: 'silent' },
  };
  options.mutate?.(config);
  const file = path.join(dir, options.file ?? 'connector.config.yaml');
  fs.writeFileSync(file, YAML.stringify(config));
  return file;
}
