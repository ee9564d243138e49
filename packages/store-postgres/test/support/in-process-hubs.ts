import 'reflect-metadata';
import acmePlugin from '@connector/plugin-acme';
import { startAcmeSimulator, type AcmeSimulator, type AcmeSimulatorOptions } from '@connector/plugin-acme/simulator';
import { Connector, type DeliveryEngineOptions, type WorkerOptions } from '@connector/core';
import { captureLogger } from '@connector/testing';
import { PostgresStore } from '../../src';
import { DATABASE_URL, dropSchema, freshSchema } from '../postgres-available';

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

/** Options of {@link openHubs}. */
export type HubOptions = Parameters<typeof openHubs>[3];

/**
 * A suite's fresh schema, with its Acme simulator and hubs closed and the schema dropped after all its
 * tests. `open` starts the simulator and opens the hubs on it (none started).
 */
export function hubsOnFreshSchema(prefix: string) {
  const schema = freshSchema(prefix);
  const opened: { acme?: AcmeSimulator; hubs: InProcessHub[] } = { hubs: [] };
  afterAll(async () => {
    await closeHubs(opened.hubs);
    await opened.acme?.close();
    await dropSchema(schema);
  });
  return {
    schema,
    async open(count: number, simulator: AcmeSimulatorOptions = {}, hubs: HubOptions = {}): Promise<{ acme: AcmeSimulator; hubs: InProcessHub[] }> {
      const acme = (opened.acme = await startAcmeSimulator(simulator));
      opened.hubs = await openHubs(count, schema, acme, hubs);
      return { acme, hubs: opened.hubs };
    },
  };
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
