import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  Connector,
  loadStore,
  openStore,
  Redactor,
  STORE_PACKAGES,
  type Clock,
  type ConnectorPlugin,
  type DeliveryEngineOptions,
  type WorkerOptions,
  type ConnectorStore,
  type LogEntry,
  type Person,
  type SaveRecordResult,
  type TurnUpInput,
} from '@connector/core';
import { captureLogger } from './capture-logger';
import type { PlatformSimulator } from './simulator';
import type { ContractStore } from './store-contract/contract-store';

/**
 * Opens the store of one harness, in `dataDir` where the store keeps files (a fresh temp folder unless the
 * test gives one). The store must offer the test support methods (getLink, recordIntent...) that plugin
 * tests use to inspect it.
 */
export type HarnessStoreFactory = (dataDir: string, clock?: Clock) => ContractStore | Promise<ContractStore>;

const TEST_SUPPORT = ['getLink', 'putLink', 'deleteLink', 'recordIntent'] as const;

/**
 * The harness's default store: the embedded SQLite store, opened by configuration (its package name)
 * as a hub with no store section would, with `synchronous: NORMAL` (tests need no fsync per commit).
 * Loaded by name rather than imported, so this kit does not depend on a store package.
 */
export const embeddedHarnessStore: HarnessStoreFactory = async (dataDir, clock) =>
  withTestSupport(await openStore({ package: STORE_PACKAGES.sqlite, options: { dataDir, synchronous: 'NORMAL' } }, clock ? { clock } : {}));

/**
 * Loads the default store's package now. On a cold transform cache its first load takes seconds; a suite
 * that calls this while it is collected keeps that out of its first test's timeout.
 */
export function preloadEmbeddedHarnessStore(): void {
  loadStore(STORE_PACKAGES.sqlite);
}

/** The store, if it offers the test support methods; else it is closed and the error names what is missing. */
async function withTestSupport(store: ConnectorStore): Promise<ContractStore> {
  const missing = TEST_SUPPORT.filter((method) => typeof (store as Partial<ContractStore>)[method] !== 'function');
  if (missing.length === 0) return store as ContractStore;
  await store.close();
  throw new Error(`the harness's store lacks ${missing.join(', ')} (StoreTestSupport): give createHarness a store factory whose store has them`);
}

/** Settings of {@link createHarness}. */
export interface HarnessOptions {
  plugin: ConnectorPlugin;
  simulator: PlatformSimulator;
  /** Hub club IDs of the test client (default: two clubs). */
  clubIds?: string[];
  /** Turn up with a wrong secret. */
  badCredentials?: boolean;
  /** Engine retry timing (tests keep it short). */
  retryBaseMs?: number;
  maxAttempts?: number;
  /** The store file's folder (default: a fresh temp folder, removed by `close`). */
  dataDir?: string;
  /** Opens the store (default: {@link embeddedHarnessStore}, the embedded SQLite store). */
  store?: HarnessStoreFactory;
  /** The engine's and the store's clock, so a test can let hours pass (default: the wall clock). */
  clock?: Clock;
  /** More engine and worker settings (the retry horizon, the circuit breaker), over the harness's. */
  engine?: DeliveryEngineOptions;
  worker?: WorkerOptions;
  /** Core's turn-up settings over the simulator's turn-up (e.g. `{ matchBeforeCreate: false }`). */
  turnUp?: Pick<TurnUpInput, 'matchBeforeCreate' | 'mergeDuplicates' | 'concurrency' | 'rateLimitPerSecond' | 'callBudget' | 'pull'>;
}

/** A hub in a box: a real Connector on a real store (SQLite unless told), one client turned up on one simulator. */
export interface Harness {
  connector: Connector;
  store: ContractStore;
  simulator: PlatformSimulator;
  clientId: string;
  clubIds: string[];
  /** Every line the winston logger wrote (redacted JSON). */
  lines: string[];
  redactor: Redactor;
  dataDir: string;
  /** Sends a person as the CRM would (provider `CRM`), waits until every delivery settled. */
  send(person: Partial<Person> & Pick<Person, 'firstName' | 'lastName'>, options?: { recordId?: string; clubId?: string }): Promise<SaveRecordResult<'person'>>;
  /** The Connector Log of the test client, newest first. */
  log(): Promise<LogEntry[]>;
  /** Waits until nothing is queued or in flight. */
  settle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

let counter = 0;

/** Builds a {@link Harness}: the way plugin tests drive core's delivery engine against a simulator. */
export async function createHarness(options: HarnessOptions): Promise<Harness> {
  const clubIds = options.clubIds ?? ['club-north', 'club-south'];
  const clientId = 'client-1';
  const ownDir = !options.dataDir;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'connector-harness-'));
  const store = await (options.store ?? embeddedHarnessStore)(dataDir, options.clock);
  const { logger, lines, redactor } = captureLogger();
  const turnUp = options.simulator.turnUp({ hubClubIds: clubIds, badCredentials: options.badCredentials });
  const connector = Connector.create({
    store,
    logger,
    redactor,
    plugins: () => options.plugin,
    clients: [
      {
        id: clientId,
        name: 'Test Fitness',
        clubs: clubIds.map((id, i) => ({ id, name: `Club ${i + 1}`, timeZone: 'America/Vancouver' })),
        platforms: [{ ...turnUp, ...options.turnUp, plugin: options.plugin.id }],
      },
    ],
    clock: options.clock,
    engine: { retryBaseMs: options.retryBaseMs ?? 50, maxAttempts: options.maxAttempts ?? 4, cache: { missRefreshMs: 60_000 }, ...options.engine },
    worker: { pollIntervalMs: 20, leaseMs: 5_000, ...options.worker },
  });
  connector.start();

  const settle = async (timeoutMs = 15_000) => {
    if (!(await connector.drain(timeoutMs))) throw new Error(`deliveries did not settle within ${timeoutMs} ms`);
  };
  return {
    connector,
    store,
    simulator: options.simulator,
    clientId,
    clubIds,
    lines,
    redactor,
    dataDir,
    async send(person, sendOptions = {}) {
      const result = await connector.accept({
        provider: 'CRM',
        clientId,
        clubId: sendOptions.clubId ?? clubIds[0],
        recordId: sendOptions.recordId ?? `crm-${++counter}`,
        kind: 'person',
        content: { userType: 'PROSPECT', userStatus: 'ACTIVE', ...person },
      });
      await settle();
      return result;
    },
    log: () => store.listLog({ clientId, limit: 1000 }),
    settle,
    async close() {
      await connector.stop(1_000);
      await store.close();
      if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
