import { LOG_PAGE_CSP } from '../src/web/log-page.routes';
import { KEYS, OPERATORS, basic, eventually, postXml, startHub, userXml, uuidOf, type HubFixture } from './support/hub-fixture';

/** The page's own calls carry this header; a cookie alone is never enough. */
const PAGE = { 'x-connector-log': '1' };

describe('Connector Log page: assets, headers and the operator session (HTTP)', () => {
  let f: HubFixture;

  beforeAll(async () => {
    f = await startHub();
  });
  afterAll(() => f.close());

  const signIn = async (operator: { name: string; password: string }) => {
    const res = await f.http.post(
      '/log/login',
      { name: operator.name, password: operator.password },
      { headers: { ...PAGE, 'content-type': 'application/json' } },
    );
    const cookie = String(res.headers['set-cookie']?.[0] ?? '');
    return { res, cookie, session: cookie.split(';')[0] };
  };

  it('serves the page and its two assets from the hub, with a strict Content-Security-Policy', async () => {
    const page = await f.http.get('/log');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(LOG_PAGE_CSP);
    expect(LOG_PAGE_CSP).toMatch(/^default-src 'self'; script-src 'self'; style-src 'self';/);
    expect(LOG_PAGE_CSP).not.toContain('unsafe');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    // No inline script or style, nothing from another host.
    expect(page.data).not.toMatch(/<script>|<script [^>]*>[^<]|<style|\sstyle=|\son\w+=/i);
    expect(page.data).toContain('<script src="/log/assets/log.js" defer></script>');

    const js = await f.http.get('/log/assets/log.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.data).not.toContain('innerHTML');
    const css = await f.http.get('/log/assets/log.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    for (const body of [page.data, js.data, css.data]) expect(body).not.toMatch(/https?:\/\//);

    expect((await f.http.get('/log/assets/log.html')).status).toBe(404);
    expect((await f.http.get('/log/assets/..%2Flog-page.routes.ts')).status).toBe(404);
    const slash = await f.http.get('/log/', { maxRedirects: 0 });
    expect(slash.status).toBe(301);
    expect(slash.headers.location).toBe('/log');
  });

  it('signs an operator in with an HttpOnly, SameSite=Strict cookie, and refuses a wrong password', async () => {
    const wrong = await f.http.post('/log/login', { name: 'alice', password: 'guess' }, { headers: PAGE });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.data).error.message).toBe('the operator name or password is not valid');
    // No Basic challenge: the browser must not pop up its own dialog over the page.
    expect(wrong.headers['www-authenticate']).toBeUndefined();
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect((await f.http.post('/log/login', { name: 'alice' }, { headers: PAGE })).status).toBe(400);
    // Only the page signs in (a form posted from elsewhere cannot).
    expect((await f.http.post('/log/login', { name: 'alice', password: OPERATORS.alice.password })).status).toBe(403);

    const { res, cookie } = await signIn(OPERATORS.alice);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.data)).toEqual({ operator: 'alice' });
    expect(cookie).toMatch(/^connector_log_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(cookie).not.toContain(OPERATORS.alice.password);
  });

  it('lets the session read what the operator may read, from the page only, until sign-out', async () => {
    const { session } = await signIn(OPERATORS.alice);
    const asPage = { ...PAGE, cookie: session };

    expect(JSON.parse((await f.http.get('/log/session', { headers: asPage })).data)).toEqual({ operator: 'alice' });
    const clients = await f.http.get('/api/v1/clients', { headers: asPage });
    expect(JSON.parse(clients.data).items.map((c: { id: string }) => c.id)).toEqual(['client-a']);
    expect((await f.http.get('/api/v1/clients/client-a/log', { headers: asPage })).status).toBe(200);
    expect((await f.http.get('/api/v1/clients/client-b/log', { headers: asPage })).status).toBe(403);

    // The cookie without the page's header (a request another origin could make) is not a credential.
    const bare = await f.http.get('/api/v1/clients/client-a/log', { headers: { cookie: session } });
    expect(bare.status).toBe(401);
    expect(bare.headers['www-authenticate']).toContain('Basic');
    // An operator session never saves records.
    const save = await postXml(f, 'user', userXml({ recordId: 'by-session' }), asPage);
    expect(save.status).toBe(401);
    // Explicit credentials win over the cookie.
    const provider = await f.http.get('/api/v1/clients/client-b/log', { headers: { ...asPage, 'x-api-key': KEYS.crmb } });
    expect(provider.status).toBe(200);

    const out = await f.http.post('/log/logout', {}, { headers: asPage });
    expect(out.status).toBe(200);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    const after = await f.http.get('/api/v1/clients', { headers: asPage });
    expect(after.status).toBe(401);
    expect(after.headers['www-authenticate']).toBeUndefined();
    expect((await f.http.get('/log/session', { headers: asPage })).status).toBe(401);
  });

  it('lets a signed-in operator replay a dead letter', async () => {
    f.acme!.failNext(1, 422, { on: 'people.create' });
    const uuid = uuidOf(
      (
        await postXml(
          f,
          'user',
          userXml({
            recordId: 'session-dlq',
            userInfo: '<firstname>Rita</firstname><lastname>Replay</lastname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType>',
          }),
        )
      ).data,
    );
    const { session } = await signIn(OPERATORS.alice);
    const asPage = { ...PAGE, cookie: session };
    const dead = await eventually(async () => {
      const items = JSON.parse((await f.http.get('/api/v1/clients/client-a/dead-letters', { headers: asPage })).data).items;
      return items.find((d: { recordUuid: string }) => d.recordUuid === uuid);
    }, 'the dead letter');
    const replay = await f.http.post(`/api/v1/dead-letters/${dead.id}/replay`, '{}', { headers: { ...asPage, 'content-type': 'application/json' } });
    expect(replay.status).toBe(202);
    await eventually(async () => (await f.acme!.people()).find((p) => p.lastName === 'Replay'), 'Acme to hold Rita');
  });

  it("counts each club's errors of the last 24 hours", async () => {
    await postXml(
      f,
      'user',
      userXml({
        recordId: 'count-1',
        clubId: 'club-a2',
        userInfo: '<firstname>Bad</firstname><lastname>Mail</lastname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType><email>nope</email>',
      }),
    );
    await eventually(async () => {
      const log = JSON.parse(
        (await f.http.get('/api/v1/clients/client-a/log?level=ERROR&club=club-a2', { headers: { authorization: basic(OPERATORS.alice) } })).data,
      );
      return log.entries.length === 1;
    }, 'the error to be logged');
    const res = await f.http.get('/api/v1/clients/client-a/error-counts', { headers: { authorization: basic(OPERATORS.alice) } });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.data);
    expect(Date.parse(body.until) - Date.parse(body.since)).toBe(24 * 3600_000);
    expect(body.clubs).toEqual([
      { clubId: 'club-a1', name: 'Alpha Downtown', timeZone: 'America/Vancouver', errors: 1 },
      { clubId: 'club-a2', name: 'Alpha East', timeZone: 'America/New_York', errors: 1 },
    ]);
    expect((await f.http.get('/api/v1/clients/client-b/error-counts', { headers: { authorization: basic(OPERATORS.alice) } })).status).toBe(403);
    expect((await f.http.get('/api/v1/clients/client-a/error-counts')).status).toBe(401);
  });
});
