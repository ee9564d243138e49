import 'reflect-metadata';
import { z } from 'zod';
import { Connector, definePlugin, type PersonWrite } from '@connector/core';
import { PostgresStore } from '../src';
import { DATABASE_URL, describeWithPostgres, dropSchema, freshSchema } from './postgres-available';

/** What the in-process platform received, by first name, in order. */
const received: string[] = [];

class Check {
  async check(): Promise<void> {}
}

class Prospects {
  async save(input: PersonWrite): Promise<string> {
    received.push(input.person.firstName ?? '');
    return `p-${received.length}`;
  }
}

const recordingPlugin = definePlugin({
  id: 'recording',
  displayName: 'Recording platform',
  version: '1.0.0',
  connection: 'none',
  options: z.object({}),
  operations: { check: Check, prospects: Prospects },
});

const clients = [{ id: 'client-1', clubs: [{ id: 'club-1' }], platforms: [{ plugin: 'recording', clubs: { 'club-1': 'r-club' } }] }];

describeWithPostgres('two hubs on one Postgres schema', () => {
  const schema = freshSchema('w');
  let stores: PostgresStore[] = [];
  let hubs: Connector[] = [];

  afterAll(async () => {
    await Promise.all(hubs.map((h) => h.close(1000)));
    await Promise.all(stores.map((s) => s.close()));
    await dropSchema(schema);
  });

  it('wakes the idle workers of the other hub at once when one hub accepts a record (their poll is an hour)', async () => {
    stores = [await PostgresStore.connect({ url: DATABASE_URL, schema }), await PostgresStore.connect({ url: DATABASE_URL, schema })];
    const make = (store: PostgresStore) =>
      Connector.create({ store, clients, plugins: { recording: recordingPlugin }, worker: { pollIntervalMs: 3_600_000, leaseMs: 30_000 } });
    hubs = [make(stores[0]), make(stores[1])];
    // Only hub B runs workers; hub A only takes records (its own wake-up goes to no worker).
    hubs[1].start();
    expect(await stores[1].listening()).toBe(true);
    await hubs[1].drain(5_000);

    await hubs[0].accept({
      provider: 'CRM',
      clientId: 'client-1',
      clubId: 'club-1',
      recordId: 'L1',
      kind: 'person',
      content: { firstName: 'Jane', lastName: 'Doe', userType: 'PROSPECT', userStatus: 'ACTIVE', email: 'jane@example.com' },
    });

    // Bounded wait: without the NOTIFY, B's workers would sleep for an hour and this would time out.
    expect(await hubs[1].drain(20_000)).toBe(true);
    expect(received).toEqual(['Jane']);
    const [record] = await stores[0].listRecords({ clientId: 'client-1' });
    expect(await stores[0].listLinks(record.uuid)).toEqual([expect.objectContaining({ platform: 'recording', platformRecordId: 'p-1' })]);
  });
});
