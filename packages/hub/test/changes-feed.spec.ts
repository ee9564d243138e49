import { KEYS, postXml, startHub, testConfig, userXml, type HubFixture } from './support/hub-fixture';

/** ABC may write client-a too: its writes are "another spoke's" for INTOUCH, and the other way round. */
const ABC_KEY = 'abc-key-0123456789abcdef012345';
const providers = [
  ...(testConfig('', { connection: {}, clubs: {}, options: {} }).providers as object[]),
  { id: 'ABC', apiKey: ABC_KEY, clients: ['client-a'] },
];

const as = {
  intouch: { authorization: `Bearer ${KEYS.intouch}` },
  crmb: { authorization: `Bearer ${KEYS.crmb}` },
  abc: { authorization: `Bearer ${ABC_KEY}` },
};

interface FeedAnswer {
  items: Array<{ kind: string; changedBy: string; provider: string; recordId: string; clientId: string; clubId: string; user?: { firstName: string } }>;
  cursor: string;
  more: boolean;
}

describe('the change feed (GET /api/v1/changes)', () => {
  let f: HubFixture;
  beforeEach(async () => (f = await startHub({ config: { providers } as never })));
  afterEach(async () => f?.close());

  const feed = async (headers: Record<string, string>, params: Record<string, string | number> = {}): Promise<FeedAnswer> => {
    const res = await f.http.get('/api/v1/changes', { headers, params });
    expect(res.status).toBe(200);
    return JSON.parse(res.data) as FeedAnswer;
  };
  const send = async (headers: Record<string, string>, fields: Parameters<typeof userXml>[0]) => {
    const res = await postXml(f, 'user', userXml(fields), headers);
    expect(res.status).toBe(200);
  };
  const named = (first: string) => `<firstname>${first}</firstname><lastname>Doe</lastname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType>`;

  it("lists what another spoke changed in the caller's clients, in commit order, never the caller's own writes", async () => {
    await send(as.abc, { recordId: 'A1', identifier: 'ABC', userInfo: named('Ann') });
    await send(as.intouch, { recordId: 'I1', userInfo: named('Ivy') });
    await send(as.abc, { recordId: 'A2', identifier: 'ABC', clubId: 'club-a2', userInfo: named('Bob') });

    const intouch = await feed(as.intouch);
    expect(intouch.items.map((i) => [i.recordId, i.changedBy, i.clubId, i.user?.firstName])).toEqual([
      ['A1', 'ABC', 'club-a1', 'Ann'],
      ['A2', 'ABC', 'club-a2', 'Bob'],
    ]);
    expect(intouch.more).toBe(false);
    const abc = await feed(as.abc);
    expect(abc.items.map((i) => [i.recordId, i.changedBy])).toEqual([['I1', 'INTOUCH']]);

    // Nothing new: the same cursor back, and an empty page.
    expect(await feed(as.intouch, { cursor: intouch.cursor })).toEqual({ items: [], cursor: intouch.cursor, more: false });
    // The caller's own change of its record does not come back to it; ABC's new content does.
    await send(as.intouch, { recordId: 'I1', userInfo: named('Ivy-Mae') });
    await send(as.abc, { recordId: 'A1', identifier: 'ABC', userInfo: named('Anna') });
    expect((await feed(as.intouch, { cursor: intouch.cursor })).items.map((i) => [i.recordId, i.user?.firstName])).toEqual([['A1', 'Anna']]);
  });

  it("never shows a provider another client's changes", async () => {
    await send(as.abc, { recordId: 'A1', identifier: 'ABC', userInfo: named('Ann') });
    await send(as.intouch, { recordId: 'I1', userInfo: named('Ivy') });
    const crmbSave = await postXml(
      f,
      'user',
      userXml({ recordId: 'C1', identifier: 'CRMB', clientId: 'client-b', clubId: 'club-b1', userInfo: named('Cy') }),
      as.crmb,
    );
    expect(crmbSave.status).toBe(200);

    // CRMB (client-b only) sees nothing of client-a, and may not ask for it.
    expect((await feed(as.crmb)).items).toEqual([]);
    const refused = await f.http.get('/api/v1/changes', { headers: as.crmb, params: { clientId: 'client-a' } });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.data).error.field).toBe('clientId');
    // INTOUCH and ABC (client-a) never see CRMB's record of client-b.
    expect((await feed(as.intouch)).items.map((i) => i.clientId)).toEqual(['client-a']);
    expect((await feed(as.abc)).items.map((i) => i.clientId)).toEqual(['client-a']);
  });

  it('pages with limit; the cursor resumes where the last page ended', async () => {
    for (const id of ['A1', 'A2', 'A3']) await send(as.abc, { recordId: id, identifier: 'ABC', userInfo: named(`N${id}`) });
    const first = await feed(as.intouch, { limit: 2 });
    expect(first.items.map((i) => i.recordId)).toEqual(['A1', 'A2']);
    expect(first.more).toBe(true);
    const second = await feed(as.intouch, { limit: 2, cursor: first.cursor });
    expect(second.items.map((i) => i.recordId)).toEqual(['A3']);
    expect(second.more).toBe(false);
  });

  it('refuses a cursor it did not give, a wait above 30 s, and callers that are not providers', async () => {
    const bad = await f.http.get('/api/v1/changes', { headers: as.intouch, params: { cursor: 'not-a-cursor' } });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.data).error).toMatchObject({ field: 'cursor', message: 'cursor: is not a cursor this hub answered' });
    const long = await f.http.get('/api/v1/changes', { headers: as.intouch, params: { wait: 31 } });
    expect(long.status).toBe(400);
    expect(JSON.parse(long.data).error.field).toBe('wait');
    expect((await f.http.get('/api/v1/changes')).status).toBe(401);
  });

  it('holds a long poll until a change arrives, and answers it', async () => {
    const { cursor } = await feed(as.intouch);
    let answered = false;
    const polling = feed(as.intouch, { cursor, wait: 25 }).finally(() => (answered = true));
    // Another request goes through meanwhile (its own write is not a change for it): the poll still waits.
    await send(as.intouch, { recordId: 'I9', userInfo: named('Own') });
    expect(answered).toBe(false);
    await send(as.abc, { recordId: 'A9', identifier: 'ABC', userInfo: named('Late') });
    const answer = await polling;
    expect(answer.items.map((i) => [i.recordId, i.user?.firstName])).toEqual([['A9', 'Late']]);
    expect(answer.cursor).not.toBe(cursor);
  });

  it('sees a change committed by another writer of the store while it waits', async () => {
    const { cursor } = await feed(as.intouch);
    const polling = feed(as.intouch, { cursor, wait: 25 });
    // Straight into the store, as a CLI import or another hub would: no signal in this process.
    await f.hub.store.saveRecord({
      clientId: 'client-a',
      clubId: 'club-a1',
      kind: 'person',
      origin: { provider: 'ABC', recordId: 'IMP1' },
      content: { firstName: 'Imp', lastName: 'Orted', userType: 'PROSPECT', userStatus: 'ACTIVE' },
      hash: 'imported-1',
      targets: [],
    });
    expect((await polling).items.map((i) => i.recordId)).toEqual(['IMP1']);
  });

  it('answers an empty page when the wait ends with no change, keeping the cursor', async () => {
    const { cursor } = await feed(as.intouch);
    expect(await feed(as.intouch, { cursor, wait: 1 })).toEqual({ items: [], cursor, more: false });
  });

  it('answers a waiting long poll at once when the hub stops, so a stop does not wait for it', async () => {
    const { cursor } = await feed(as.intouch);
    const polling = f.http.get('/api/v1/changes', { headers: as.intouch, params: { cursor, wait: 30 } });
    // A round trip after it: the poll is in the hub by now, waiting (the caller's own write does not wake it).
    await send(as.intouch, { recordId: 'I7', userInfo: named('Own') });
    await f.close();
    const answer = await polling;
    expect(answer.status).toBe(200);
    // Nothing for INTOUCH; its cursor moved past its own write.
    expect(JSON.parse(answer.data)).toMatchObject({ items: [], more: false });
  });

  it('is described in the OpenAPI document', async () => {
    const doc = JSON.parse((await f.http.get('/api/v1/openapi.json', { headers: as.intouch })).data);
    expect(Object.keys(doc.paths['/api/v1/changes'].get.responses)).toContain('200');
    expect(doc.components.schemas.Change.properties.changedBy.type).toBe('string');
  });
});

describe('the change feed in the 2011-11 style (GET /connector/api/2011-11/changes)', () => {
  let f: HubFixture;
  beforeEach(async () => (f = await startHub({ config: { providers } as never })));
  afterEach(async () => f?.close());

  const xml = (params: Record<string, string>, headers = as.intouch) => f.http.get('/connector/api/2011-11/changes', { headers, params });

  it('lists by client and club, with modified_since, as XML with a cursor', async () => {
    await postXml(f, 'user', userXml({ recordId: 'A1', identifier: 'ABC' }), as.abc);
    const later = new Date(Date.now() + 1).toISOString();
    await postXml(f, 'user', userXml({ recordId: 'A2', identifier: 'ABC', clubId: 'club-a2' }), as.abc);

    const all = await xml({ provider: 'INTOUCH', client_id: 'client-a' });
    expect(all.status).toBe(200);
    expect(all.headers['content-type']).toMatch(/^application\/xml/);
    expect(all.data).toMatch(/^<changes xmlns="http:\/\/www.intouchfollowup.com\/api\/2011-11"><cursor>[\w-]+<\/cursor><more>false<\/more><change>/);
    expect([...all.data.matchAll(/<recordID>([^<]+)<\/recordID>/g)].map((m) => m[1])).toEqual(['A1', 'A2']);
    expect(all.data).toContain('<changedBy>ABC</changedBy>');

    const club2 = await xml({ client_id: 'client-a', club_id: 'club-a2' });
    expect([...club2.data.matchAll(/<recordID>([^<]+)<\/recordID>/g)].map((m) => m[1])).toEqual(['A2']);
    const since = await xml({ client_id: 'client-a', modified_since: later });
    expect([...since.data.matchAll(/<recordID>([^<]+)<\/recordID>/g)].map((m) => m[1])).toEqual(['A2']);
  });

  it("refuses another provider's feed and a club of another client, as XML errors", async () => {
    const other = await xml({ provider: 'ABC', client_id: 'client-a' });
    expect(other.status).toBe(403);
    expect(other.data).toMatch(/<reason>FORBIDDEN<\/reason>/);
    const club = await xml({ client_id: 'client-a', club_id: 'club-b1' });
    expect(club.status).toBe(400);
    expect(club.data).toContain('club_id: is not a club of client client-a');
    expect((await xml({ client_id: 'client-b' })).status).toBe(403);
  });
});

describe('the change feed across a hub restart', () => {
  it('resumes from a cursor taken before the restart, with nothing lost or repeated', async () => {
    const first = await startHub({ config: { providers } as never });
    await postXml(first, 'user', userXml({ recordId: 'A1', identifier: 'ABC' }), as.abc);
    const before = JSON.parse((await first.http.get('/api/v1/changes', { headers: as.intouch })).data) as FeedAnswer;
    expect(before.items.map((i) => i.recordId)).toEqual(['A1']);
    await first.close({ keepData: true });

    const second = await startHub({ dataDir: first.dataDir, config: { providers } as never });
    try {
      await postXml(second, 'user', userXml({ recordId: 'A2', identifier: 'ABC' }), as.abc);
      const after = JSON.parse((await second.http.get('/api/v1/changes', { headers: as.intouch, params: { cursor: before.cursor } })).data) as FeedAnswer;
      expect(after.items.map((i) => i.recordId)).toEqual(['A2']);
    } finally {
      await second.close();
    }
  });
});
