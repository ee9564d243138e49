import { KEYS, OPERATORS, basic, postXml, startHub, userXml, type HubFixture } from './support/hub-fixture';

const PAGE = { 'x-connector-log': '1' };
const WRONG_KEY = 'wrong-key-0f9e8d7c6b5a4f3e2d1c';
const WRONG_PASSWORD = 'not-alices-password-42';

/**
 * Senders put their API key in the wrong field, and guess credentials: a value that failed
 * authentication or scoping is never shown, in an answer, the hub's log, the Connector Log or /metrics.
 */
describe('values that failed authentication or scoping are never shown', () => {
  let f: HubFixture;

  beforeAll(async () => {
    f = await startHub();
  });
  afterAll(() => f.close());

  const postJson = (url: string, body: unknown, headers: Record<string, string> = f.intouch) =>
    f.http.post(url, JSON.stringify(body), { headers: { ...headers, 'content-type': 'application/json' } });
  const jane = (envelope: Record<string, unknown>) => ({
    clientId: 'client-a',
    clubId: 'club-a1',
    recordId: 'r-secret',
    ...envelope,
    user: { firstName: 'Jane', lastName: 'Json', userType: 'PROSPECT', userStatus: 'ACTIVE' },
  });
  /** Everything a person could read afterwards: the Connector Log of both clients and /metrics. */
  const readable = async (): Promise<string> => {
    const root = { authorization: basic(OPERATORS.root) };
    const pages = await Promise.all(
      ['/api/v1/clients/client-a/log', '/api/v1/clients/client-b/log', '/metrics'].map((url) => f.http.get(url, { headers: root })),
    );
    for (const page of pages) expect(page.status).toBe(200);
    return pages.map((page) => String(page.data)).join('\n');
  };

  it.each([
    ['<identifier>', { identifier: KEYS.intouch }, 403, 'identifier: is not the provider of this API key (INTOUCH)'],
    ["<identifier> (another provider's key)", { identifier: KEYS.crmb }, 403, 'identifier: is not the provider of this API key (INTOUCH)'],
    ['<clientID>', { clientId: KEYS.intouch }, 403, 'clientID: provider INTOUCH may not write records of this client'],
    ['<clubID>', { clubId: KEYS.intouch }, 400, 'clubID: is not a club of client client-a'],
  ])('XML: the key in %s is answered by field and reason, and logged as a hash prefix', async (_where, fields, status, message) => {
    const key = Object.values(fields)[0];
    const before = f.lines.length;
    const res = await postXml(f, 'user', userXml({ recordId: 'r-secret', ...fields }));
    expect(res.status).toBe(status);
    expect(res.data).toContain(message);
    expect(res.data).not.toContain(key);
    const lines = f.lines.slice(before).join('\n');
    expect(lines).toContain('request refused');
    expect(lines).toMatch(/(identifier|clientID|clubID) \(sha256 [0-9a-f]{8}…\)/);
    expect(lines).not.toContain(key);
    expect(await readable()).not.toContain(key);
  });

  it('JSON: the key in provider or clientId, alone or in a batch, is never echoed or logged', async () => {
    const before = f.lines.length;
    const provider = await postJson('/api/v1/users', jane({ provider: KEYS.intouch }));
    expect(provider.status).toBe(403);
    expect(JSON.parse(provider.data).error).toMatchObject({
      reason: 'FORBIDDEN',
      field: 'provider',
      message: 'provider: is not the provider of this API key (INTOUCH)',
    });
    const client = await postJson('/api/v1/users', jane({ clientId: KEYS.intouch }));
    expect(client.status).toBe(403);
    expect(JSON.parse(client.data).error).toMatchObject({ field: 'clientId', message: 'clientId: provider INTOUCH may not write records of this client' });
    const batch = await postJson('/api/v1/users/batch', [jane({ provider: KEYS.crmb }), jane({ clientId: KEYS.intouch }), jane({ clubId: KEYS.intouch })]);
    expect(batch.status).toBe(200);
    expect(JSON.parse(batch.data).results.map((result: { status: number }) => result.status)).toEqual([403, 403, 400]);
    // A client of this hub the key may not write, read back by its ID in the URL, is not quoted either.
    const read = await f.http.get(`/api/v1/clients/${KEYS.intouch}/log`, { headers: f.intouch });
    expect(read.status).toBe(403);
    // Nor a key asked for as a record's sender or UUID, or as a record ID's club.
    const bySender = await f.http.get('/connector/api/2011-11/user', {
      params: { uuid: '01890a5d-ac96-774b-bcce-b302099a8057', provider: KEYS.intouch },
      headers: f.intouch,
    });
    const byUuid = await f.http.get(`/api/v1/users/${KEYS.intouch}`, { headers: f.intouch });
    const byOrigin = await f.http.get('/connector/api/2011-11/user', {
      params: { record_id: 'r-1', provider: KEYS.intouch, client_id: 'client-a', club_id: KEYS.intouch },
      headers: f.intouch,
    });
    expect([bySender.status, byUuid.status, byOrigin.status]).toEqual([404, 404, 404]);

    const lines = f.lines.slice(before).join('\n');
    for (const answer of [provider, client, batch, read, bySender, byUuid, byOrigin]) {
      expect(answer.data).not.toContain(KEYS.intouch);
      expect(answer.data).not.toContain(KEYS.crmb);
    }
    expect(lines).toMatch(/provider \(sha256 [0-9a-f]{8}…\)/);
    expect(lines).not.toContain(KEYS.intouch);
    expect(lines).not.toContain(KEYS.crmb);
    const page = await readable();
    expect(page).not.toContain(KEYS.intouch);
    expect(page).not.toContain(KEYS.crmb);
  });

  it('a wrong API key, operator password or sign-in is answered 401 and never logged', async () => {
    const before = f.lines.length;
    const answers = [
      await postXml(f, 'user', userXml({ recordId: 'r-wrong' }), { authorization: `Bearer ${WRONG_KEY}` }),
      await postJson('/api/v1/users', jane({}), { 'x-api-key': WRONG_KEY }),
      await postJson('/api/v1/users', jane({}), { authorization: `Token ${WRONG_KEY}` }),
      await f.http.get('/api/v1/clients/client-a/log', { headers: { authorization: basic({ name: 'alice', password: WRONG_PASSWORD }) } }),
      await f.http.post('/log/login', { name: 'alice', password: WRONG_PASSWORD }, { headers: PAGE }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401]);
    const secrets = [WRONG_KEY, WRONG_PASSWORD, Buffer.from(`alice:${WRONG_PASSWORD}`).toString('base64')];
    const lines = f.lines.slice(before).join('\n');
    expect(lines).toContain('request refused');
    for (const secret of secrets) {
      for (const answer of answers) expect(String(answer.data)).not.toContain(secret);
      expect(lines).not.toContain(secret);
    }
  });
});
