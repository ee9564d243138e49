import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AcmeSimulator } from '@connector/plugin-acme/simulator';

/** A provider of the test configurations: its identifier, its key, the clients it writes. */
export interface TestProvider {
  id: string;
  apiKey: string;
  clients: string[];
}

/** An operator of the test configurations. */
export interface TestOperator {
  name: string;
  password: string;
  clients: string[];
}

/** A client turned up on one Acme simulator. */
export interface TestClient {
  id: string;
  clubs: string[];
  acme?: AcmeSimulator;
  /** Turn-up settings beside the simulator's (a short call timeout, the concurrency). */
  turnUp?: Record<string, unknown>;
}

/** A fresh data folder for one scenario, removed by `cleanup()`. */
export function scenarioFolder(name: string): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `connector-reliability-${name}-`));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Writes the hub's configuration (JSON) into `dir` and returns its path: the clients on their simulators,
 * the providers and operators, and quick engine and worker settings so that retries and leases after a
 * kill take seconds, not minutes. `extra` is merged at the top level (engine, worker, server, log).
 */
export function writeHubConfig(
  dir: string,
  setup: { providers: TestProvider[]; operators?: TestOperator[]; clients: TestClient[]; extra?: Record<string, unknown> },
): string {
  const config = {
    store: { type: 'sqlite', dataDir: './data' },
    server: { host: '127.0.0.1', port: 0, metrics: 'auth' },
    providers: setup.providers,
    operators: setup.operators ?? [],
    clients: setup.clients.map((client) => ({
      id: client.id,
      name: `Client ${client.id}`,
      clubs: client.clubs.map((id) => ({ id, name: `Club ${id}`, timeZone: 'America/New_York' })),
      platforms: client.acme
        ? [{ plugin: '@connector/plugin-acme', platform: 'acme', ...client.acme.turnUp({ hubClubIds: client.clubs }), ...client.turnUp }]
        : [],
    })),
    engine: { retryBaseMs: 100, retryMaxMs: 1000 },
    worker: { pollIntervalMs: 50, leaseMs: 2000, breaker: { failureThreshold: 5, probeBaseMs: 200, probeMaxMs: 1000 } },
    log: { level: 'info' },
    ...setup.extra,
  };
  const file = path.join(dir, 'connector.config.json');
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}
