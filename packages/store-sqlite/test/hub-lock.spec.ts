import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConnectorStore } from '@connector/core';
import { sqliteStore } from '../src';
import { prospect } from './fixtures/prospect';

function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'connector-lock-'));
}

/** Opens the store as `connector serve` does. */
function openAsHub(dataDir: string): ConnectorStore {
  return sqliteStore.open({ dataDir, checkpoint: 'inline' }, { role: 'hub' });
}

/** Opens the store as `connector import`, `log` and `dlq` do. */
function openAsTool(dataDir: string): ConnectorStore {
  return sqliteStore.open({ dataDir, checkpoint: 'inline' }, {});
}

/** What opening threw (the test fails if it did not throw). */
function refusal(open: () => unknown): Error {
  try {
    open();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the open to be refused');
}

/** A hub in another process holding the lock of `dataDir`; resolves once it holds it. */
async function startHolder(dataDir: string): Promise<ChildProcess> {
  const child = fork(path.join(__dirname, 'fixtures', 'hub-lock-holder.ts'), [dataDir], {
    execArgv: ['-r', path.resolve(__dirname, '../../../tools/scripts/register.js')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the holder exited with ${code}`)));
  });
  return child;
}

describe('one hub per data folder', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
  const tempDir = () => {
    const dir = makeTempDir();
    dirs.push(dir);
    return dir;
  };

  it('refuses a second hub, naming the folder and the holder, and lets the next one start once the first closed', async () => {
    const dataDir = tempDir();
    const first = openAsHub(dataDir);
    const error = refusal(() => openAsHub(dataDir));
    expect(error).toMatchObject({ code: 'DATABASE', retryable: false });
    expect(error.message).toMatch(
      new RegExp(
        `^the data folder ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by another hub \\(pid ${process.pid} on ${os.hostname()}, ` +
          'started \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\); the embedded SQLite store serves one hub',
      ),
    );
    expect(error.message).toMatch(/for several hubs use a shared store$/);
    // The first hub goes on writing.
    expect((await first.saveRecord(prospect('L1'))).created).toBe(true);
    await first.close();

    const next = openAsHub(dataDir);
    expect(await next.getRecord((await next.saveRecord(prospect('L2'))).record.uuid)).toBeDefined();
    await next.close();
  });

  it('lets the short commands (import, log, dlq) open the store beside a running hub', async () => {
    const dataDir = tempDir();
    const hub = openAsHub(dataDir);
    const tool = openAsTool(dataDir);
    try {
      await tool.saveRecords([prospect('imported-1'), prospect('imported-2')]);
      expect((await hub.listRecords({ clientId: 'client-1' })).map((r) => r.origin.recordId)).toEqual(['imported-1', 'imported-2']);
    } finally {
      await tool.close();
      await hub.close();
    }
  });

  it('is not blocked by a hub that crashed (kill -9): its lock went with its process', async () => {
    const dataDir = tempDir();
    const holder = await startHolder(dataDir);
    try {
      expect(refusal(() => openAsHub(dataDir)).message).toContain(`in use by another hub (pid ${holder.pid} on ${os.hostname()}`);
    } finally {
      const exited = new Promise((resolve) => holder.once('exit', resolve));
      holder.kill('SIGKILL');
      await exited;
    }
    // The dead hub's row is still in the lock file; the lock itself is gone.
    const next = openAsHub(dataDir);
    expect((await next.saveRecord(prospect('after-crash'))).created).toBe(true);
    await next.close();
  }, 30_000);
});
