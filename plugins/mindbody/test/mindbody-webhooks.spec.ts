import { WebhookSignatureError, type WebhookRequest } from '@connector/core/plugin';
import { turnUpPlugin, type SimulatorRuntime } from '@connector/testing';
import mindbodyPlugin, { activateMindbodySubscription, createMindbodySubscription, mindbodySignature } from '@connector/plugin-mindbody';
import { startMindbodySimulator, type MindbodySimulator } from '@connector/plugin-mindbody/simulator';
import { CLIENT, fullProspect, writeFor } from './support/mindbody-fixtures';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

const API_KEY = 'sim-api-key-0123456789abcdef';

/** A turn-up of the simulator with the subscription's key (or another) as webhookSignatureKey. */
function turnUpWithKey(simulator: MindbodySimulator, webhookSignatureKey: string | undefined): SimulatorRuntime<typeof mindbodyPlugin> {
  return turnUpPlugin(
    mindbodyPlugin,
    {
      turnUp: (options) => {
        const turnUp = simulator.turnUp(options);
        return { ...turnUp, options: { ...turnUp.options, ...(webhookSignatureKey ? { webhookSignatureKey } : {}) } };
      },
    },
    CLIENT,
  );
}

describe('MINDBODY webhooks (Webhooks API)', () => {
  let simulator: MindbodySimulator;
  let receiver: WebhookReceiver;
  let runtime: SimulatorRuntime<typeof mindbodyPlugin>;
  let key: string;
  const runtimes: SimulatorRuntime[] = [];

  /** Where the receiver stands once every webhook sent so far has arrived. */
  async function mark(): Promise<number> {
    await simulator.webhooksSettled();
    return receiver.requests.length;
  }

  /** Sends what the simulator has queued, then hands the requests received since `from` to the plugin. */
  async function received(from: number): Promise<WebhookRequest[]> {
    await simulator.webhooksSettled();
    return receiver.requests.slice(from);
  }

  beforeAll(async () => {
    simulator = await startMindbodySimulator();
    receiver = await startWebhookReceiver();
    const access = { apiKey: API_KEY, baseUrl: simulator.webhooksApiUrl };
    const created = await createMindbodySubscription(access, { webhookUrl: receiver.url, referenceId: 'client-1' });
    expect(created).toMatchObject({ status: 'PendingActivation', webhookUrl: receiver.url, messageSignatureKey: expect.any(String) });
    key = created.messageSignatureKey!;
    // Pending: nothing is sent yet.
    runtime = turnUpWithKey(simulator, key);
    runtimes.push(runtime);
    await runtime.prospects!.create!(writeFor(runtime, fullProspect({ firstName: 'Before', email: 'before@example.com' })));
    await simulator.webhooksSettled();
    expect(simulator.sentWebhooks()).toEqual([]);
    await expect(activateMindbodySubscription(access, created.subscriptionId)).resolves.toMatchObject({ status: 'Active' });
  });

  afterAll(async () => {
    await Promise.all(runtimes.map((r) => r.close()));
    await simulator?.close();
    await receiver?.close();
  });

  describe('the control plane', () => {
    it('created the subscription for the four client events, and activated it', () => {
      expect(simulator.webhookSubscriptions()).toEqual([
        expect.objectContaining({
          status: 'Active',
          webhookUrl: receiver.url,
          referenceId: 'client-1',
          eventSchemaVersion: 1,
          eventIds: ['client.created', 'client.updated', 'client.deactivated', 'clientMembershipAssignment.created'],
        }),
      ]);
    });

    it('reports a refused API key with MINDBODY’s reason, without the key', async () => {
      const attempt = createMindbodySubscription({ apiKey: 'wrong-key-123', baseUrl: simulator.webhooksApiUrl }, { webhookUrl: receiver.url });
      await expect(attempt).rejects.toThrow('POST /api/v1/subscriptions: MINDBODY answered 401: The API-Key is not valid.');
      await expect(attempt).rejects.not.toThrow(/wrong-key-123/);
    });

    it('reports an unknown subscription on activation', async () => {
      await expect(activateMindbodySubscription({ apiKey: API_KEY, baseUrl: simulator.webhooksApiUrl }, 'no-such-id')).rejects.toThrow(/answered 404/);
    });
  });

  describe('receive', () => {
    it('turns a signed client.created into the person, with MINDBODY’s messageId', async () => {
      const from = await mark();
      const id = await runtime.prospects!.create!(writeFor(runtime, fullProspect({ firstName: 'Wendy', lastName: 'Hook', email: 'wendy@example.com' })));
      const [request] = await received(from);
      expect(request.headers['x-mindbody-signature']).toMatch(/^sha256=[A-Za-z0-9+/]+=*$/);

      const messages = await runtime.webhooks!.receive(request);
      const sent = simulator.sentWebhooks().find((m) => m.body === request.rawBody.toString('utf8'))!;
      expect(sent.eventId).toBe('client.created');
      expect(messages).toEqual([
        {
          messageId: sent.messageId,
          people: [
            expect.objectContaining({
              platformId: id,
              platformClubId: runtime.turnUp.clubs['club-1'],
              modifiedAt: expect.stringMatching(/Z$/),
              person: expect.objectContaining({ firstName: 'Wendy', lastName: 'Hook', email: 'wendy@example.com', userType: 'PROSPECT', userStatus: 'ACTIVE' }),
            }),
          ],
        },
      ]);
    });

    it('follows a sale (the membership names the client; the update carries it as a member) and its end', async () => {
      const id = await runtime.prospects!.create!(writeFor(runtime, fullProspect({ firstName: 'Sally', lastName: 'Sale', email: 'sally@example.com' })));
      const from = await mark();
      simulator.sellMembership(id, 'Gold');
      const sale = await received(from);
      const saleMessages = (await Promise.all(sale.map((request) => runtime.webhooks!.receive(request)))).flat();
      expect(saleMessages).toEqual([
        { messageId: expect.any(String), changed: [{ platformId: id }] },
        {
          messageId: expect.any(String),
          people: [expect.objectContaining({ platformId: id, person: expect.objectContaining({ userType: 'MEMBER', userStatus: 'ACTIVE' }) })],
        },
      ]);
      // What core does for a `changed`: read the client.
      await expect(runtime.pull!.get!(id, runtime.clubContext('club-1')!)).resolves.toMatchObject({ person: { userType: 'MEMBER', userStatus: 'ACTIVE' } });

      const ended = await mark();
      simulator.endMembership(id, 'Terminated');
      const [end] = await received(ended);
      const [former] = await runtime.webhooks!.receive(end);
      expect(former.people?.[0]).toMatchObject({ platformId: id, person: { userType: 'MEMBER', userStatus: 'INACTIVE' } });
    });

    it('turns client.deactivated into an inactive person', async () => {
      const id = await runtime.members!.create!(
        writeFor(runtime, fullProspect({ firstName: 'Dave', lastName: 'Gone', email: 'dave@example.com', userType: 'MEMBER' })),
      );
      const from = await mark();
      simulator.deactivateClient(id);
      const [request] = await received(from);
      const [message] = await runtime.webhooks!.receive(request);
      expect(message.people?.[0]).toMatchObject({ platformId: id, person: { userType: 'MEMBER', userStatus: 'INACTIVE' } });
    });

    it('gives a redelivered message the same messageId (core changes nothing the second time)', async () => {
      const from = await mark();
      await runtime.prospects!.create!(writeFor(runtime, fullProspect({ firstName: 'Reed', lastName: 'Again', email: 'reed@example.com' })));
      const [first] = await received(from);
      const [original] = await runtime.webhooks!.receive(first);
      simulator.redeliverWebhook(original.messageId);
      const [again] = await received(from + 1);
      expect(again.rawBody.equals(first.rawBody)).toBe(true);
      await expect(runtime.webhooks!.receive(again)).resolves.toEqual([original]);
    });

    it('refuses a body that does not match its signature', async () => {
      const from = await mark();
      await runtime.prospects!.create!(writeFor(runtime, fullProspect({ firstName: 'Tom', lastName: 'Pered', email: 'tom@example.com' })));
      const [request] = await received(from);
      const tampered = { ...request, rawBody: Buffer.from(request.rawBody.toString('utf8').replace('"Tom"', '"Mallory"')) };
      await expect(runtime.webhooks!.receive(tampered)).rejects.toThrow(WebhookSignatureError);
      await expect(runtime.webhooks!.receive(tampered)).rejects.toThrow('X-Mindbody-Signature: does not match the body signed with webhookSignatureKey');
    });

    it('refuses a missing signature, one in another format, and one made with another key', async () => {
      const body = Buffer.from(JSON.stringify({ messageId: 'm-1', eventId: 'client.updated', eventData: { siteId: -99, clientId: '1' } }));
      const receive = (headers: Record<string, string>) => runtime.webhooks!.receive({ headers, rawBody: body, receivedAt: Date.now() });
      await expect(receive({})).rejects.toThrow(WebhookSignatureError);
      await expect(receive({})).rejects.toThrow(/X-Mindbody-Signature: missing/);
      const hex = mindbodySignature(body, key).replace(/^sha256=/, '');
      await expect(receive({ 'x-mindbody-signature': Buffer.from(hex, 'base64').toString('hex') })).rejects.toThrow(WebhookSignatureError);
      await expect(receive({ 'x-mindbody-signature': mindbodySignature(body, 'another-key') })).rejects.toThrow(WebhookSignatureError);
      await expect(receive({ 'x-mindbody-signature': mindbodySignature(body, key) })).resolves.toEqual([{ messageId: 'm-1', changed: [{ platformId: '1' }] }]);
    });

    it('refuses every webhook when the turn-up has no webhookSignatureKey', async () => {
      const keyless = turnUpWithKey(simulator, undefined);
      runtimes.push(keyless);
      const body = Buffer.from(JSON.stringify({ messageId: 'm-2', eventId: 'client.created', eventData: {} }));
      await expect(
        keyless.webhooks!.receive({ headers: { 'x-mindbody-signature': mindbodySignature(body, key) }, rawBody: body, receivedAt: Date.now() }),
      ).rejects.toThrow(/webhookSignatureKey: not set/);
    });

    it('acknowledges events of another site and other events without changes; a body that is not an event is a validation error', async () => {
      const sign = (value: unknown) => {
        const rawBody = Buffer.from(JSON.stringify(value));
        return { headers: { 'x-mindbody-signature': mindbodySignature(rawBody, key) }, rawBody, receivedAt: Date.now() };
      };
      const otherSite = {
        messageId: 'm-3',
        eventId: 'client.created',
        eventData: { siteId: 12345, clientId: '7', firstName: 'A', lastName: 'B', inactive: false },
      };
      await expect(runtime.webhooks!.receive(sign(otherSite))).resolves.toEqual([{ messageId: 'm-3' }]);
      await expect(runtime.webhooks!.receive(sign({ messageId: 'm-4', eventId: 'classRosterBooking.created', eventData: { siteId: -99 } }))).resolves.toEqual([
        { messageId: 'm-4' },
      ]);
      await expect(runtime.webhooks!.receive(sign({ eventId: 'client.created', eventData: {} }))).rejects.toThrow('body.messageId: is required');
      const notJson = Buffer.from('not json');
      await expect(
        runtime.webhooks!.receive({ headers: { 'x-mindbody-signature': mindbodySignature(notJson, key) }, rawBody: notJson, receivedAt: 0 }),
      ).rejects.toThrow('body: not JSON');
    });
  });
});
