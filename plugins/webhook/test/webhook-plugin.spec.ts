import { createHarness, type Harness } from '@connector/testing';
import { webhookOptionsSchema, webhookPluginWith, type PersonEvent } from '@connector/plugin-webhook';
import { startWebhookReceiver, type WebhookReceiver } from '@connector/plugin-webhook/simulator';
import { Webhook } from 'standardwebhooks';

// A short per-call timeout, so a receiver that answers late is a timeout within the test.
const plugin = webhookPluginWith({ timeoutMs: 300 });
const JANE = { firstName: 'Jane', lastName: 'Doe', email: 'jane@example.com' };

describe('the webhook platform', () => {
  let receiver: WebhookReceiver;
  let h: Harness;
  beforeEach(async () => {
    receiver = await startWebhookReceiver();
    h = await createHarness({ plugin, simulator: receiver, retryBaseMs: 20, maxAttempts: 6 });
  });
  afterEach(async () => {
    await h.close();
    await receiver.close();
  });

  it('POSTs each change as JSON, signed per Standard Webhooks with the turn-up secret', async () => {
    const saved = await h.send({ ...JANE, leadSource: 'Facebook' }, { recordId: 'crm-1' });
    const [request] = receiver.requests();
    expect(request).toMatchObject({ verified: true, duplicate: false, status: 200 });
    expect(request.id).toMatch(/^msg_[\w-]{32}$/);
    expect(Number(request.timestamp)).toBeGreaterThan(0);
    const event = request.event as PersonEvent;
    expect(event).toMatchObject({
      type: 'prospect.created',
      data: {
        hubId: saved.record.uuid,
        version: 1,
        clientId: h.clientId,
        club: { hubClubId: h.clubIds[0], platformClubId: 'site-1' },
        person: { ...JANE, userType: 'PROSPECT', leadSource: 'Facebook' },
      },
    });
    expect(Date.parse(event.timestamp)).not.toBeNaN();

    // The link holds the receiver's ID; a change is an update naming it; conversion says so.
    const [person] = await receiver.people();
    expect((await h.store.getLink(saved.record.uuid, h.clientId, 'webhook'))?.platformRecordId).toBe(person.id);
    await h.send({ ...JANE, userType: 'MEMBER' }, { recordId: 'crm-1' });
    expect(receiver.events().map((e) => [e.type, e.data.version, e.data.receiverId])).toEqual([
      ['prospect.created', 1, undefined],
      ['member.converted', 2, person.id],
    ]);
  });

  it("signs the bytes it sends: the receiver's secret verifies them, another secret does not", async () => {
    await h.send({ ...JANE }, { recordId: 'crm-2' });
    const [request] = receiver.requests();
    const headers = { 'webhook-id': request.id!, 'webhook-timestamp': request.timestamp!, 'webhook-signature': request.signature! };
    expect(new Webhook(receiver.secret).verify(request.body, headers)).toEqual(request.event);
    const other = new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`);
    expect(() => other.verify(request.body, headers)).toThrow('No matching signature found');
    // A body changed on the way fails too.
    expect(() => new Webhook(receiver.secret).verify(request.body.replace('Jane', 'Jake'), headers)).toThrow('No matching signature found');
  });

  it('dead-letters a 4xx at once, and a replay carries the same webhook-id', async () => {
    receiver.failNext(1, 422);
    const saved = await h.send({ ...JANE }, { recordId: 'crm-3' });
    const [dead] = await h.store.listDeadLetters({ clientId: h.clientId });
    expect(dead).toMatchObject({ recordUuid: saved.record.uuid, attempts: 1, lastErrorCode: 'PLATFORM_REJECTED' });
    expect((await h.log())[0].level).toBe('ERROR');

    await h.connector.replay(dead.id);
    await h.settle();
    const [refused, replayed] = receiver.requests();
    expect(refused.status).toBe(422);
    expect(replayed).toMatchObject({ id: refused.id, verified: true, status: 200, duplicate: false });
    expect(receiver.events()).toHaveLength(1);
  });

  it('retries a receiver that times out, with the same webhook-id: nothing lost, nothing acted on twice', async () => {
    // The first POST is acted on but answered after the sender gave up; the retry is the same delivery.
    receiver.delayNext(1, 1_500);
    await h.send({ ...JANE }, { recordId: 'crm-4' });
    await h.send({ ...JANE, mobile: '555-0100' }, { recordId: 'crm-4' });

    const requests = receiver.requests();
    expect(requests.length).toBeGreaterThanOrEqual(3);
    expect(requests[1]).toMatchObject({ id: requests[0].id, duplicate: true });
    // By webhook-id and content: one event per version, in order.
    const events = receiver.events();
    expect(events.map((e) => [e.data.version, e.data.person.mobile])).toEqual([
      [1, undefined],
      [2, '555-0100'],
    ]);
    const ids = new Set(requests.map((r) => r.id));
    expect(ids.size).toBe(2);
    expect(await receiver.people()).toHaveLength(1);
    expect((await h.log()).map((e) => e.level)).toEqual(['INFO', 'INFO']);
  });

  it('retries 5xx answers with the same webhook-id until the receiver takes it', async () => {
    receiver.failNext(2, 503);
    await h.send({ ...JANE }, { recordId: 'crm-5' });
    const requests = receiver.requests();
    expect(requests.map((r) => r.status)).toEqual([503, 503, 200]);
    expect(new Set(requests.map((r) => r.id)).size).toBe(1);
    expect(receiver.events()).toHaveLength(1);
  });

  it('dead-letters a URL the receiver does not serve (404) instead of retrying it', async () => {
    const wrong = await createHarness({
      plugin,
      simulator: {
        ...receiver,
        turnUp: (o: { hubClubIds: string[] }) => ({ ...receiver.turnUp(o), connection: { ...receiver.turnUp(o).connection, path: '/nope' } }),
      } as never,
    });
    try {
      await wrong.send({ ...JANE }, { recordId: 'crm-6' });
      const [dead] = await wrong.store.listDeadLetters({ clientId: wrong.clientId });
      expect(dead).toMatchObject({ attempts: 1, lastErrorCode: 'PLATFORM_REJECTED' });
    } finally {
      await wrong.close();
    }
  });
});

describe('webhook turn-up options', () => {
  it('refuses a secret not in the Standard Webhooks form, naming the reason and not the value', () => {
    const result = webhookOptionsSchema.safeParse({ secret: 'hunter2-is-my-password' });
    expect(result.success).toBe(false);
    const message = JSON.stringify(result.error?.issues);
    expect(message).toContain('must be a Standard Webhooks secret');
    expect(message).not.toContain('hunter2');
    expect(webhookOptionsSchema.safeParse({ secret: `whsec_${Buffer.alloc(8).toString('base64')}` }).success).toBe(false);
    expect(webhookOptionsSchema.safeParse({ secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}` }).success).toBe(true);
  });
});
