import { startWebhookReceiver, type WebhookReceiver } from '@connector/plugin-webhook/simulator';
import type { PersonEvent } from '@connector/plugin-webhook';
import { eventually, KEYS, postXml, startHub, testConfig, userXml, type HubFixture } from './support/hub-fixture';

/**
 * A sending-only system (INTOUCH) hears what another spoke (ABC, writing the same client) changed, both
 * ways: polling the feed, and through a webhook turn-up whose receiver verifies each signature.
 */
describe('changes back to a system that only sends', () => {
  const ABC_KEY = 'abc-key-0123456789abcdef012345';
  let f: HubFixture;
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    receiver = await startWebhookReceiver();
    const base = testConfig('', { connection: {}, clubs: {}, options: {} });
    const hooks = receiver.turnUp({ hubClubIds: ['club-a1', 'club-a2'] });
    f = await startHub({
      config: {
        providers: [...(base.providers as object[]), { id: 'ABC', apiKey: ABC_KEY, clients: ['client-a'] }],
        clients: [
          {
            id: 'client-a',
            clubs: [{ id: 'club-a1', timeZone: 'America/Vancouver' }, { id: 'club-a2' }],
            // provider INTOUCH: what InTouch sends is not posted back to it.
            platforms: [{ plugin: '@connector/plugin-webhook', platform: 'intouch-hooks', provider: 'INTOUCH', ...hooks }],
          },
          { id: 'client-b', clubs: [{ id: 'club-b1' }], platforms: [] },
        ],
      } as never,
    });
  });
  afterEach(async () => {
    await f?.close();
    await receiver?.close();
  });

  it("reaches InTouch through the feed and through a signed webhook, and InTouch's own save comes back through neither", async () => {
    const intouch = { authorization: `Bearer ${KEYS.intouch}` };
    const own = await postXml(f, 'user', userXml({ recordId: 'I1' }), intouch);
    expect(own.status).toBe(200);
    const member = '<firstname>Max</firstname><lastname>Member</lastname><userStatus>ACTIVE</userStatus><userType>MEMBER</userType>';
    const abc = await postXml(f, 'user', userXml({ recordId: 'A1', identifier: 'ABC', userInfo: member }), { authorization: `Bearer ${ABC_KEY}` });
    expect(abc.status).toBe(200);

    // The poller.
    const page = JSON.parse((await f.http.get('/api/v1/changes', { headers: intouch, params: { wait: 10 } })).data);
    expect(page.items.map((i: { recordId: string; user: { userType: string } }) => [i.recordId, i.user.userType])).toEqual([['A1', 'MEMBER']]);

    // The webhook: verified by the receiver, and only ABC's record.
    const [event] = await eventually(() => receiver.events().length > 0 && receiver.events(), 'the webhook');
    expect(receiver.requests().every((r) => r.verified)).toBe(true);
    expect((event as PersonEvent).type).toBe('member.created');
    expect((event as PersonEvent).data.person).toMatchObject({ firstName: 'Max', userType: 'MEMBER' });
    await f.hub.connector.drain(5_000);
    expect(receiver.events()).toHaveLength(1);
  });

  it('leaves out of a feed the changes that came from a platform turned up as the same system', async () => {
    // As the two-way sync saves a change pulled from a platform: changedBy platform:<key>.
    const fromPlatform = (recordId: string, platform: string) =>
      f.hub.store.saveRecord({
        clientId: 'client-a',
        clubId: 'club-a1',
        kind: 'person',
        origin: { provider: 'INTOUCH', recordId },
        content: { firstName: 'Pat', lastName: recordId, userType: 'MEMBER', userStatus: 'ACTIVE' },
        hash: `pulled-${recordId}`,
        targets: [],
        changedBy: `platform:${platform}`,
      });
    await fromPlatform('P1', 'intouch-hooks'); // InTouch's own platform: not news to InTouch
    await fromPlatform('P2', 'mindbody'); // another system's
    const read = async (key: string) =>
      (
        JSON.parse((await f.http.get('/api/v1/changes', { headers: { authorization: `Bearer ${key}` } })).data) as {
          items: Array<{ recordId: string; changedBy: string }>;
        }
      ).items.map((i) => [i.recordId, i.changedBy]);
    expect(await read(KEYS.intouch)).toEqual([['P2', 'platform:mindbody']]);
    expect(await read(ABC_KEY)).toEqual([
      ['P1', 'platform:intouch-hooks'],
      ['P2', 'platform:mindbody'],
    ]);
  });
});
