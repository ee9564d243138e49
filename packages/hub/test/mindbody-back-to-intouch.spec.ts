import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LogEntry, Person } from '@connector/core';
import { activateMindbodySubscription, createMindbodySubscription } from '@connector/plugin-mindbody';
import { startMindbodySimulator, type MindbodySimulator } from '@connector/plugin-mindbody/simulator';
import type { PersonEvent } from '@connector/plugin-webhook';
import { startWebhookReceiver, type WebhookReceiver } from '@connector/plugin-webhook/simulator';
import { captureLogger } from '@connector/testing';
import axios from 'axios';
import { createHub, parseConfig, type Hub } from '../src';
import { KEYS, testConfig, userXml, uuidOf } from './support/hub-fixture';

/**
 * The whole way round, issues 16 and 17 end to end: InTouch (which only sends) sends a prospect; the
 * hub delivers it to MINDBODY v6; MINDBODY sells a membership and later ends it; the hub learns both by
 * pull or by MINDBODY's signed webhook, keeps the UUID, and InTouch hears of each through the change feed
 * and through its webhook turn-up. MINDBODY is never written again.
 */
interface World {
  hub: Hub;
  url: string;
  mindbody: MindbodySimulator;
  receiver: WebhookReceiver;
  close(): Promise<void>;
}

async function startWorld(mindbody: MindbodySimulator, webhookSignatureKey?: string): Promise<World> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'connector-mb-intouch-'));
  const receiver = await startWebhookReceiver();
  const base = testConfig(dataDir, { connection: {}, clubs: {}, options: {} });
  const mb = mindbody.turnUp({ hubClubIds: ['club-a1', 'club-a2'] });
  base.clients![0].platforms = [
    { plugin: '@connector/plugin-mindbody', platform: 'mindbody', ...mb, options: { ...mb.options, ...(webhookSignatureKey ? { webhookSignatureKey } : {}) } },
    // provider INTOUCH: InTouch's own saves are not posted back to it, what others change is.
    { plugin: '@connector/plugin-webhook', platform: 'intouch-hooks', provider: 'INTOUCH', ...receiver.turnUp({ hubClubIds: ['club-a1', 'club-a2'] }) },
  ] as never;
  const { logger, redactor } = captureLogger();
  const hub = await createHub(parseConfig(base, {}), { logger, redactor });
  const { url } = await hub.listen();
  return {
    hub,
    url,
    mindbody,
    receiver,
    async close() {
      await hub.close();
      await receiver.close();
      await mindbody.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const http = axios.create({ validateStatus: () => true, transformResponse: (data) => data });
const intouch = { authorization: `Bearer ${KEYS.intouch}` };

interface FeedItem {
  uuid: string;
  changedBy: string;
  user: Person;
}

/** InTouch's side of the feed: a poller that keeps its cursor between reads, as InTouch would. */
class FeedPoller {
  private cursor: string | undefined;
  constructor(private readonly url: string) {}

  /** Reads (long-polling) until a change about `uuid` matches `wanted`; answers the items read on the way. */
  async until(uuid: string, wanted: Partial<Person>): Promise<FeedItem[]> {
    const seen: FeedItem[] = [];
    for (let round = 0; round < 20; round++) {
      const answer = await http.get(`${this.url}/api/v1/changes`, { headers: intouch, params: { wait: 2, ...(this.cursor ? { cursor: this.cursor } : {}) } });
      expect(answer.status).toBe(200);
      const page = JSON.parse(answer.data as string) as { items: FeedItem[]; cursor: string };
      this.cursor = page.cursor;
      seen.push(...page.items);
      if (page.items.some((i) => i.uuid === uuid && Object.entries(wanted).every(([k, v]) => i.user[k as keyof Person] === v))) return seen;
    }
    throw new Error(`the feed never showed ${uuid} as ${JSON.stringify(wanted)}`);
  }
}

/** Saves a prospect as INTOUCH through the XML API 2011-11; answers the hub's UUID. */
async function sendProspect(w: World, recordId: string, first: string, last: string, email: string): Promise<string> {
  const userInfo = `<firstname>${first}</firstname><lastname>${last}</lastname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType><email>${email}</email>`;
  const answer = await http.post(`${w.url}/connector/api/2011-11/user`, userXml({ recordId, userInfo }), {
    headers: { 'content-type': 'application/xml', ...intouch },
  });
  expect(answer.status).toBe(200);
  return uuidOf(answer.data as string);
}

async function mindbodyClient(w: World, email: string) {
  const found = (await w.mindbody.people()).filter((p) => p.email === email);
  expect(found).toHaveLength(1);
  return found[0];
}

/** MINDBODY's writes (creates, updates, merges): they must not move once the prospect is there. */
function mindbodyWrites(w: World): number {
  const calls = w.mindbody.calls();
  return (calls['people.create'] ?? 0) + (calls['people.update'] ?? 0) + (calls['people.merge'] ?? 0);
}

/** The receiver's verified events about `uuid`. */
function hooksAbout(w: World, uuid: string): PersonEvent[] {
  expect(w.receiver.requests().every((r) => r.verified)).toBe(true);
  return w.receiver.events().filter((e): e is PersonEvent => e.type !== ('connector.check' as string) && e.data.hubId === uuid);
}

async function story(w: World, uuid: string): Promise<string[]> {
  const entries: LogEntry[] = await w.hub.store.listLog({ clientId: 'client-a', recordUuid: uuid, limit: 100 });
  return entries.reverse().map((e) => `${e.level} ${e.direction} ${e.platform}: ${e.summary}`);
}

describe('a MINDBODY sale comes back to InTouch (prospect → member → former member)', () => {
  // Two simulators, a hub and long polls: more than jest's 5 s default on a shared machine.
  jest.setTimeout(30_000);
  let w: World | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  it('by pull: the member and then the former member reach InTouch through the feed and a signed webhook, with the same UUID', async () => {
    w = await startWorld(await startMindbodySimulator());
    const poller = new FeedPoller(w.url);
    const uuid = await sendProspect(w, 'it-1', 'Nora', 'Vale', 'nora@example.com');
    expect(await w.hub.connector.drain()).toBe(true);
    const client = await mindbodyClient(w, 'nora@example.com');
    expect(client.type).toBe('PROSPECT');
    // InTouch's own prospect is not sent back to InTouch.
    expect(hooksAbout(w, uuid)).toEqual([]);
    const writes = mindbodyWrites(w);

    w.mindbody.sellMembership(client.id);
    expect(await w.hub.connector.pull('client-a', 'mindbody')).toMatchObject({ saved: 1 });
    expect((await w.hub.store.getRecord(uuid))?.content).toMatchObject({ userType: 'MEMBER', userStatus: 'ACTIVE', firstName: 'Nora' });
    expect(await w.hub.connector.drain()).toBe(true);
    const member = await poller.until(uuid, { userType: 'MEMBER', userStatus: 'ACTIVE' });
    expect(member.filter((i) => i.uuid === uuid).map((i) => i.changedBy)).toEqual(['platform:mindbody']);
    const [converted] = hooksAbout(w, uuid);
    expect(converted.type).toMatch(/^member\./);
    expect(converted.data.person).toMatchObject({ firstName: 'Nora', lastName: 'Vale', userType: 'MEMBER', userStatus: 'ACTIVE' });

    await w.mindbody.endMembership(client.id);
    expect(await w.hub.connector.pull('client-a', 'mindbody')).toMatchObject({ saved: 1 });
    expect(await w.hub.connector.drain()).toBe(true);
    const former = await poller.until(uuid, { userType: 'MEMBER', userStatus: 'INACTIVE' });
    expect(former.filter((i) => i.uuid === uuid).map((i) => i.changedBy)).toEqual(['platform:mindbody']);
    const hooks = hooksAbout(w, uuid);
    expect(hooks).toHaveLength(2);
    expect(hooks[1].data.person).toMatchObject({ userType: 'MEMBER', userStatus: 'INACTIVE' });

    // Nothing echoes: MINDBODY holds one client, not written again, and a further pull brings nothing.
    expect(await w.hub.connector.pull('client-a', 'mindbody')).toMatchObject({ saved: 0 });
    expect(await w.hub.connector.drain()).toBe(true);
    expect(mindbodyWrites(w)).toBe(writes);
    expect(await w.mindbody.people()).toHaveLength(1);
    expect(await w.hub.store.listRecords({ clientId: 'client-a' })).toHaveLength(1);

    expect(await story(w, uuid)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^INFO OUTBOUND mindbody: Nora Vale .* entered in INTOUCH and sent to MINDBODY \(Public API v6\): created/),
        expect.stringMatching(/^INFO INBOUND MINDBODY: Nora Vale <nora@example.com> .*became a member: sent to intouch-hooks$/),
        expect.stringMatching(/^INFO OUTBOUND intouch-hooks: Nora Vale .* changed in MINDBODY \(Public API v6\) and sent to Webhook: created/),
        expect.stringMatching(/^INFO INBOUND MINDBODY: Nora Vale <nora@example.com> .*became a former member: sent to intouch-hooks$/),
      ]),
    );
  });

  it("by MINDBODY's signed webhook: the hub answers 202, records the member and the former member, and InTouch hears both ways", async () => {
    const mindbody = await startMindbodySimulator();
    const access = { apiKey: 'sim-api-key-0123456789abcdef', baseUrl: mindbody.webhooksApiUrl };
    // The key is shown once, when the subscription is created; the hub's URL is known once it listens.
    const subscription = await createMindbodySubscription(access, { webhookUrl: 'http://127.0.0.1:9/not-yet' });
    w = await startWorld(mindbody, subscription.messageSignatureKey);
    const poller = new FeedPoller(w.url);
    const uuid = await sendProspect(w, 'it-2', 'Omar', 'Reyes', 'omar@example.com');
    expect(await w.hub.connector.drain()).toBe(true);
    const client = await mindbodyClient(w, 'omar@example.com');
    const writes = mindbodyWrites(w);

    const moved = await http.patch(
      `${mindbody.webhooksApiUrl}/api/v1/subscriptions/${subscription.subscriptionId}`,
      JSON.stringify({ webhookUrl: `${w.url}/api/v1/webhooks/client-a/mindbody` }),
      { headers: { 'content-type': 'application/json', 'API-Key': access.apiKey } },
    );
    expect(moved.status).toBe(200);
    expect((await activateMindbodySubscription(access, subscription.subscriptionId)).status).toBe('Active');

    w.mindbody.sellMembership(client.id);
    await w.mindbody.webhooksSettled();
    expect(w.mindbody.sentWebhooks().map((m) => m.status)).toEqual(w.mindbody.sentWebhooks().map(() => 202));
    expect(w.mindbody.sentWebhooks().length).toBeGreaterThan(0);
    expect((await w.hub.store.getRecord(uuid))?.content).toMatchObject({ userType: 'MEMBER', userStatus: 'ACTIVE' });
    expect(await w.hub.connector.drain()).toBe(true);
    await poller.until(uuid, { userType: 'MEMBER', userStatus: 'ACTIVE' });
    // A sale sends two messages (the membership assignment, then client.updated): one change, InTouch
    // hears of the member once.
    const sold = hooksAbout(w, uuid);
    expect(sold).toHaveLength(1);
    expect(sold.map((e) => [e.data.person.userType, e.data.person.userStatus])).toEqual(sold.map(() => ['MEMBER', 'ACTIVE']));
    expect(sold[0].data.person).toMatchObject({ firstName: 'Omar', lastName: 'Reyes' });

    await w.mindbody.endMembership(client.id);
    await w.mindbody.webhooksSettled();
    expect(w.mindbody.sentWebhooks().every((m) => m.status === 202)).toBe(true);
    expect((await w.hub.store.getRecord(uuid))?.content).toMatchObject({ userType: 'MEMBER', userStatus: 'INACTIVE' });
    expect(await w.hub.connector.drain()).toBe(true);
    const former = await poller.until(uuid, { userType: 'MEMBER', userStatus: 'INACTIVE' });
    expect(former.filter((i) => i.uuid === uuid).every((i) => i.changedBy === 'platform:mindbody')).toBe(true);
    const hooks = hooksAbout(w, uuid);
    expect(hooks).toHaveLength(sold.length + 1);
    expect(hooks.at(-1)!.data.person).toMatchObject({ userType: 'MEMBER', userStatus: 'INACTIVE' });

    expect(mindbodyWrites(w)).toBe(writes);
    expect(await w.mindbody.people()).toHaveLength(1);
    expect(await w.hub.store.listRecords({ clientId: 'client-a' })).toHaveLength(1);
    const lines = await story(w, uuid);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^INFO INBOUND MINDBODY: Omar Reyes <omar@example.com> .*became a member: sent to intouch-hooks$/),
        expect.stringMatching(/^INFO INBOUND MINDBODY: Omar Reyes <omar@example.com> .*became a former member: sent to intouch-hooks$/),
      ]),
    );
  });
});
