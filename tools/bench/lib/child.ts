import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The repository root (tools/bench/lib → ../../..). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');
/** Lets a child run TypeScript directly, as `npm run bench` does. */
export const REGISTER = path.join(REPO_ROOT, 'tools/scripts/register.js');

/** A message a child sends: the answer to a call, or `ready` once it is set up. */
type ChildMessage = { type: 'ready'; info: unknown } | { type: 'result'; id: number; result: unknown } | { type: 'error'; id: number; message: string };

/**
 * A helper process running one of tools/bench/children/*.ts, driven by calls over IPC. Simulators and
 * load generators run in children so their CPU is not counted with the hub's.
 */
export class BenchChild<Info = unknown> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly info: Info,
  ) {
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') return;
      const call = this.pending.get(message.id);
      if (!call) return;
      this.pending.delete(message.id);
      if (message.type === 'result') call.resolve(message.result);
      else call.reject(new Error(message.message));
    });
    child.on('exit', (code, signal) => {
      this.exited = true;
      for (const call of this.pending.values()) call.reject(new Error(`bench child exited (${code ?? signal}) during a call`));
      this.pending.clear();
    });
  }

  /** The child's process ID. */
  get pid(): number {
    return this.child.pid ?? 0;
  }

  /**
   * Starts `children/<name>.ts` with `options` (passed as JSON in argv) and waits for it to say it is
   * ready (up to `timeoutMs`).
   */
  static async start<Info>(name: string, options: unknown, timeoutMs = 60_000, nodeArgs: string[] = []): Promise<BenchChild<Info>> {
    const script = path.join(__dirname, '..', 'children', `${name}.ts`);
    const child = fork(script, [JSON.stringify(options ?? {})], {
      cwd: REPO_ROOT,
      execArgv: [...nodeArgs, '-r', REGISTER],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, CONNECTOR_LOG_LEVEL: 'warn' },
    });
    const info = await new Promise<Info>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`bench child ${name} was not ready within ${timeoutMs} ms`));
      }, timeoutMs);
      const onMessage = (message: ChildMessage) => {
        if (message.type !== 'ready') return;
        clearTimeout(timer);
        child.off('exit', onExit);
        child.off('message', onMessage);
        resolve(message.info as Info);
      };
      const onExit = (code: number | null, signal: string | null) => {
        clearTimeout(timer);
        reject(new Error(`bench child ${name} exited (${code ?? signal}) before it was ready`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
    return new BenchChild<Info>(child, info);
  }

  /** Calls `method` in the child; rejects with the child's error message. */
  call<T = unknown>(method: string, ...args: unknown[]): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`bench child has exited; cannot call ${method}`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, method, args });
    });
  }

  /** Asks the child to close and exit; kills it if it has not exited within `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      await Promise.race([this.call('close'), sleep(graceMs)]);
    } catch {
      // It may exit before answering.
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

/** What a child's `serve` gets: the handlers of the calls it answers. */
export type ChildHandlers = Record<string, (...args: never[]) => unknown>;

/**
 * The child side: reads its options from argv, sets up, says `ready` with `info`, then answers calls
 * until `close` (which runs `onClose` and exits).
 */
export async function serveChild<Options>(
  setup: (options: Options) => Promise<{ info: unknown; handlers: ChildHandlers; onClose(): Promise<void> }>,
): Promise<void> {
  const send = (message: ChildMessage) => process.send?.(message);
  const options = JSON.parse(process.argv[2] ?? '{}') as Options;
  // A parent that died must not leave its helpers running.
  process.on('disconnect', () => process.exit(0));
  const { info, handlers, onClose } = await setup(options);
  process.on('message', async (message: { id: number; method: string; args: unknown[] }) => {
    try {
      if (message.method === 'close') {
        await onClose();
        // Exit once the answer is written to the channel.
        process.send?.({ type: 'result', id: message.id, result: true } satisfies ChildMessage, undefined, {}, () => process.exit(0));
        return;
      }
      const handler = handlers[message.method] as ((...args: unknown[]) => unknown) | undefined;
      if (!handler) throw new Error(`no such call: ${message.method}`);
      send({ type: 'result', id: message.id, result: await handler(...message.args) });
    } catch (error) {
      send({ type: 'error', id: message.id, message: error instanceof Error ? error.message : String(error) });
    }
  });
  send({ type: 'ready', info });
}
