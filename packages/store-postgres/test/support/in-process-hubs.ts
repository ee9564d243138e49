import 'reflect-metadata';
import acmePlugin from '@connector/plugin-acme';
import type { AcmeSimulator } from '@connector/plugin-acme/simulator';
import { Connector, type DeliveryEngineOptions, type WorkerOptions } from '@connector/core';
import { captureLogger } from '@connector/testing';
import { PostgresStore } from '../../src';
import { DATABASE_URL } from '../postgres-available';

/** One in-process hub on the shared schema: its own store (pool, LISTEN connection) and engine (caches). */
export interface InProcessHub {
  connector: Connector;
  store: PostgresStore;
  /** Deliveries this hub attempted. */
  attempts: number;
}

export const CLIENT = 'client-1';
export const CLUB = 'club-1';

/**
 * `count` hubs on one Postgres schema, each turned up for client-1 / club-1 on the Acme simulator, none
 * started: the test starts the ones that should deliver.
 */
export async function openHubs(
  count: number,
  schema: string,
  acme: AcmeSimulator,
  options: { engine?: DeliveryEngineOptions; worker?: WorkerOptions; turnUp?: Record<string, unknown> } = {},
): Promise<InProcessHub[]> {
  const hubs: InProcessHub[] = [];
  for (let i = 0; i < count; i++) {
    const store = await PostgresStore.connect({ url: DATABASE_URL, schema });
    const { logger, redactor } = captureLogger();
    const hub: InProcessHub = { store, attempts: 0 } as InProcessHub;
    hub.connector = Connector.create({
      store,
      logger,
      redactor,
      plugins: { '@connector/plugin-acme': acmePlugin },
      clients: [
        { id: CLIENT, clubs: [{ id: CLUB }], platforms: [{ plugin: '@connector/plugin-acme', ...acme.turnUp({ hubClubIds: [CLUB] }), ...options.turnUp }] },
      ],
      engine: options.engine,
      worker: options.worker,
      onDelivery: () => void hub.attempts++,
    });
    hubs.push(hub);
  }
  return hubs;
}

/** Closes the hubs and their stores. */
export async function closeHubs(hubs: InProcessHub[]): Promise<void> {
  await Promise.all(hubs.map((hub) => hub.connector.close(1000)));
  await Promise.all(hubs.map((hub) => hub.store.close()));
}

/** A prospect from the CRM, through the intake of `hub`. */
export async function acceptPerson(
  hub: InProcessHub,
  recordId: string,
  content: { firstName: string; leadSource?: string; ownerEmail?: string },
): Promise<void> {
  await hub.connector.accept({
    provider: 'CRM',
    clientId: CLIENT,
    clubId: CLUB,
    recordId,
    kind: 'person',
    content: { lastName: 'Doe', userType: 'PROSPECT', userStatus: 'ACTIVE', email: `${recordId.toLowerCase()}@example.com`, ...content },
  });
}
