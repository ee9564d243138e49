import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectorError, type ConnectorPlugin, type Person } from '@connector/core';
import type { Harness } from './harness';

/** What the two-way sections borrow from {@link describePluginConformance}. */
export interface TwoWaySectionContext {
  start(): Promise<Harness>;
  /** `it`, or a skip naming the reason. */
  when(condition: boolean, reason: string): (name: string, fn: () => Promise<void>) => void;
  /** What the simulator can do in the platform itself (see `ConformanceOptions.simulates`). */
  simulates: { changes?: boolean; webhooks?: boolean };
}

/**
 * A webhook endpoint for a harness, as the hub serves one: the raw body to the Connector, 202 once the
 * changes are durable, 401 for a bad signature. On 127.0.0.1, any free port.
 */
async function webhookEndpoint(h: Harness, platform: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
      h.connector.receiveWebhook(h.clientId, platform, { headers, rawBody: Buffer.concat(chunks), receivedAt: Date.now() }).then(
        () => response.writeHead(202).end(),
        (error: unknown) => response.writeHead(error instanceof ConnectorError && error.code === 'WEBHOOK_SIGNATURE' ? 401 : 500).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/webhooks`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * The conformance kit's two-way sections: pull (a sale and an ended membership made in the platform
 * come back to the same hub record; a front-desk person becomes a new one; no echo) and webhooks in
 * (signed, applied once, a forgery refused and logged). Skipped, with the reason, where the plugin has
 * no pull or webhooks, or its simulator cannot make such changes.
 */
export function describeTwoWaySections(plugin: ConnectorPlugin, ctx: TwoWaySectionContext): void {
  const caps = plugin.capabilities;
  const canSell = !!ctx.simulates.changes;
  const pull = ctx.when(
    caps.pull.changes && canSell,
    caps.pull.changes ? 'has a simulator that cannot simulate sales (sell, endMembership, enterPerson)' : 'cannot be pulled (no pull operations)',
  );
  const hooks = ctx.when(caps.webhooks && canSell && !!ctx.simulates.webhooks, caps.webhooks ? 'has a simulator that sends no webhooks' : 'takes no webhooks');
  const ids = async (h: Harness) => (await h.simulator.people()).map((p) => p.id);

  pull('pull: a sale made in the platform comes back as a member of the same hub record, and nothing echoes', async () => {
    const h = await ctx.start();
    const saved = await h.send({ firstName: 'Sale', lastName: 'Back', email: 'sale.back@example.com' }, { recordId: 'two-way-1' });
    const [platformId] = await ids(h);
    await h.simulator.sell!(platformId);
    expect(await h.connector.pull(h.clientId, plugin.id)).toMatchObject({ saved: 1 });
    const record = await h.store.getRecord(saved.record.uuid);
    expect(record?.content).toMatchObject({ userType: 'MEMBER', userStatus: 'ACTIVE' });
    const [entry] = await h.store.listLog({ clientId: h.clientId, direction: 'INBOUND', limit: 1 });
    expect(entry).toMatchObject({ recordUuid: saved.record.uuid, level: 'INFO' });
    expect(entry.summary).toContain('became a member');
    await h.settle();
    expect(await h.connector.pull(h.clientId, plugin.id)).toMatchObject({ saved: 0 });
  });

  pull('pull: a person entered in the platform becomes a hub record, then a former member when the membership ends', async () => {
    const h = await ctx.start();
    const platformId = await h.simulator.enterPerson!(h.clubIds[0], 'member', { firstName: 'Front', lastName: 'Desk', email: 'front.desk@example.com' });
    expect(await h.connector.pull(h.clientId, plugin.id)).toMatchObject({ saved: 1 });
    const [record] = await h.store.listRecords({ clientId: h.clientId });
    expect(record.content).toMatchObject({ firstName: 'Front', userType: 'MEMBER', userStatus: 'ACTIVE' });
    await h.simulator.endMembership!(platformId);
    await h.connector.pull(h.clientId, plugin.id);
    expect((await h.store.getRecord(record.uuid))?.content as Person).toMatchObject({ userType: 'MEMBER', userStatus: 'INACTIVE' });
  });

  ctx.when(caps.pull.get && canSell, caps.pull.get ? 'has a simulator that cannot enter people' : 'cannot read one person (no pull.get)')(
    'pull.get reads one person the platform holds',
    async () => {
      const h = await ctx.start();
      const platformId = await h.simulator.enterPerson!(h.clubIds[0], 'prospect', { firstName: 'Read', lastName: 'One', email: 'read.one@example.com' });
      const runtime = h.connector.runtime(h.clientId, plugin.id)!;
      expect(await runtime.pull!.get!(platformId, runtime.clubContext(h.clubIds[0])!)).toMatchObject({
        platformId,
        person: { firstName: 'Read', lastName: 'One', userType: 'PROSPECT' },
      });
    },
  );

  hooks('webhooks: a signed webhook changes the hub record once; a redelivery changes nothing; a forgery is refused and logged', async () => {
    const h = await ctx.start();
    const endpoint = await webhookEndpoint(h, plugin.id);
    try {
      const saved = await h.send({ firstName: 'Hook', lastName: 'Sale', email: 'hook.sale@example.com' }, { recordId: 'two-way-2' });
      h.simulator.sendWebhooksTo!(endpoint.url);
      await h.simulator.sell!((await ids(h))[0]);
      const sold = await h.store.getRecord(saved.record.uuid);
      expect(sold?.content).toMatchObject({ userType: 'MEMBER' });
      expect(await h.simulator.redeliverLastWebhook!()).toBe(202);
      expect(await h.simulator.forgeLastWebhook!()).toBe(401);
      expect((await h.store.getRecord(saved.record.uuid))?.version).toBe(sold?.version);
      const warnings = await h.store.listLog({ clientId: h.clientId, direction: 'INBOUND', level: 'WARNING' });
      expect(warnings).toHaveLength(1);
    } finally {
      h.simulator.sendWebhooksTo!(undefined);
      await endpoint.close();
    }
  });
}
