import { startMindbodySimulator, type MindbodySimulator } from '@connector/plugin-mindbody/simulator';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

/** The simulator's two-way sync parts with plain fetch: lastModifiedDate queries and the Webhooks API. */
describe('MINDBODY simulator: lastModifiedDate and the Webhooks API', () => {
  let sim: MindbodySimulator;
  let receiver: WebhookReceiver;
  let apiKey: string;
  let publicHeaders: Record<string, string>;

  beforeEach(async () => {
    sim = await startMindbodySimulator();
    receiver = await startWebhookReceiver();
    const turnUp = sim.turnUp({ hubClubIds: ['club-a'] }).options;
    apiKey = turnUp.apiKey;
    const issued = await fetch(`${sim.baseUrl}/usertoken/issue`, {
      method: 'POST',
      headers: { 'Api-Key': apiKey, SiteId: turnUp.siteId, 'Content-Type': 'application/json' },
      body: JSON.stringify({ Username: turnUp.staffUsername, Password: turnUp.staffPassword }),
    });
    const token = ((await issued.json()) as { AccessToken: string }).AccessToken;
    publicHeaders = { 'Api-Key': apiKey, SiteId: turnUp.siteId, Authorization: token };
  });

  afterEach(async () => {
    await sim.close();
    await receiver.close();
  });

  async function addClient(firstName: string): Promise<string> {
    const answer = await fetch(`${sim.baseUrl}/client/addclient`, {
      method: 'POST',
      headers: { ...publicHeaders, 'Content-Type': 'application/json' },
      body: JSON.stringify({ FirstName: firstName, LastName: 'Sim', IsProspect: true }),
    });
    return ((await answer.json()) as { Client: { Id: string } }).Client.Id;
  }

  async function subscriptions(method: string, path: string, body?: unknown, key = apiKey) {
    const answer = await fetch(`${sim.webhooksApiUrl}/api/v1/subscriptions${path}`, {
      method,
      headers: { ...(key ? { 'API-Key': key } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: answer.status, body: (await answer.json()) as any };
  }

  it('answers request.lastModifiedDate with the clients modified on or after it, and refuses a value that is no date-time', async () => {
    sim.setTime('2026-01-01T10:00:00Z');
    const early = await addClient('Early');
    sim.setTime('2026-01-01T12:00:00Z');
    const late = await addClient('Late');
    const since = async (value: string) => {
      const answer = await fetch(`${sim.baseUrl}/client/clients?request.lastModifiedDate=${encodeURIComponent(value)}`, { headers: publicHeaders });
      return { status: answer.status, body: (await answer.json()) as any };
    };
    expect((await since('2026-01-01T12:00:00Z')).body.Clients.map((c: { Id: string }) => c.Id)).toEqual([late]);
    const both = await since('2026-01-01T09:00:00Z');
    expect(both.body.Clients.map((c: { Id: string; LastModifiedDateTime: string }) => [c.Id, c.LastModifiedDateTime])).toEqual([
      [early, '2026-01-01T10:00:00.000Z'],
      [late, '2026-01-01T12:00:00.000Z'],
    ]);
    sim.setTime('2026-01-02T08:00:00Z');
    sim.sellMembership(early);
    expect((await since('2026-01-02T00:00:00Z')).body.Clients).toEqual([expect.objectContaining({ Id: early, IsProspect: false, Status: 'Active' })]);
    sim.endMembership(early, 'Terminated');
    expect((await since('2026-01-02T00:00:00Z')).body.Clients[0].Status).toBe('Terminated');
    expect(await since('yesterday')).toMatchObject({ status: 400, body: { Error: { Code: 'InvalidParameter' } } });
  });

  it('keeps the signature key out of every answer but the creation, and needs the API-Key', async () => {
    expect(await subscriptions('GET', '', undefined, '')).toMatchObject({ status: 401, body: { errors: [{ errorType: 'missingAPIKeyHeader' }] } });
    const created = await subscriptions('POST', '', { eventIds: ['client.created'], eventSchemaVersion: 1, webhookUrl: receiver.url });
    expect(created).toMatchObject({ status: 200, body: { isSuccess: true, value: { status: 'PendingActivation', messageSignatureKey: expect.any(String) } } });
    const id = created.body.value.subscriptionId as string;
    const listed = await subscriptions('GET', '');
    expect(listed.body.value.items).toEqual([expect.objectContaining({ subscriptionId: id })]);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.value.messageSignatureKey);
    expect((await subscriptions('GET', `/${id}`)).body.value).not.toHaveProperty('messageSignatureKey');
    expect(await subscriptions('POST', '', { eventIds: [], webhookUrl: receiver.url })).toMatchObject({ status: 400 });
  });

  it('sends nothing before activation nor after deactivation; once active, signs each event', async () => {
    const created = await subscriptions('POST', '', { eventIds: ['client.created', 'client.deactivated'], eventSchemaVersion: 1, webhookUrl: receiver.url });
    const id = created.body.value.subscriptionId as string;
    await addClient('Pending');
    await sim.webhooksSettled();
    expect(sim.sentWebhooks()).toEqual([]);

    expect((await subscriptions('PATCH', `/${id}`, { status: 'Active' })).body.value.status).toBe('Active');
    const active = await addClient('Active');
    sim.sellMembership(active); // client.updated and the assignment are not subscribed
    sim.deactivateClient(active);
    await sim.webhooksSettled();
    const sent = sim.sentWebhooks();
    expect(sent.map((m) => [m.eventId, m.status])).toEqual([
      ['client.created', 202],
      ['client.deactivated', 202],
    ]);
    expect(JSON.parse(sent[0].body)).toEqual({
      messageId: sent[0].messageId,
      eventId: 'client.created',
      eventSchemaVersion: 1,
      eventInstanceOriginationDateTime: expect.stringMatching(/Z$/),
      eventData: expect.objectContaining({ siteId: -99, clientId: active, firstName: 'Active', isProspect: true, inactive: false, status: 'Non-Member' }),
    });
    expect(receiver.requests.map((r) => r.headers['x-mindbody-signature'])).toEqual(sent.map((m) => m.signature));

    expect((await subscriptions('DELETE', `/${id}`)).body.value.message).toBe('Subscription deactivated successfully.');
    await addClient('After');
    await sim.webhooksSettled();
    expect(sim.sentWebhooks()).toHaveLength(2);
  });
});
