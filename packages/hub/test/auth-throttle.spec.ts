import path from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_DB_FILE_NAME } from '@connector/store-sqlite';
import { KEYS, OPERATORS, basic, postXml, startHub, userXml, type HubFixture } from './support/hub-fixture';

const PAGE = { 'x-connector-log': '1', 'content-type': 'application/json' };

describe('an address that keeps failing to authenticate is refused for a while', () => {
  let f: HubFixture;
  beforeEach(async () => {
    f = await startHub({ config: { server: { host: '127.0.0.1', port: 0, authFailures: { max: 3, windowSeconds: 60 } } } });
  });
  afterEach(() => f.close());

  const users = async () => (JSON.parse((await f.http.get('/api/v1/users?clientId=client-a', { headers: f.intouch })).data) as { items: unknown[] }).items;

  it('answers 429 with Retry-After after the failures allowed, even to the right key, and saves nothing', async () => {
    for (let i = 0; i < 3; i++) {
      const wrong = await postXml(f, 'user', userXml({ recordId: `guess-${i}` }), { authorization: `Bearer not-the-key-${i}-0123456789` });
      expect(wrong.status).toBe(401);
    }
    const refused = await postXml(f, 'user', userXml({ recordId: 'guess-3' }), { authorization: 'Bearer not-the-key-3-0123456789' });
    expect(refused.status).toBe(429);
    expect(refused.data).toContain('<reason>RATE_LIMITED</reason>');
    expect(refused.data).toContain('too many failed authentications from this address');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // The right key from the same address waits too: guessing must not tell it apart.
    const right = await postXml(f, 'user', userXml({ recordId: 'honest' }));
    expect(right.status).toBe(429);
    const list = await f.http.get('/api/v1/users?clientId=client-a', { headers: f.intouch });
    expect(list.status).toBe(429);
    // Nothing any of these requests carried was saved.
    const stored = f.hub.store.listRecords({ clientId: 'client-a' });
    expect(await stored).toEqual([]);
  });

  it('counts wrong operator passwords, on the API and at the Connector Log sign-in, together', async () => {
    const wrongBasic = await f.http.get('/api/v1/clients/client-a/log', { headers: { authorization: basic({ name: 'alice', password: 'guess-1' }) } });
    expect(wrongBasic.status).toBe(401);
    for (const password of ['guess-2', 'guess-3']) {
      expect((await f.http.post('/log/login', { name: 'alice', password }, { headers: PAGE })).status).toBe(401);
    }
    const fourth = await f.http.post('/log/login', { name: OPERATORS.alice.name, password: OPERATORS.alice.password }, { headers: PAGE });
    expect(fourth.status).toBe(429);
    expect(fourth.headers['set-cookie']).toBeUndefined();
  });

  it('does not count callers who authenticate, nor requests to public pages', async () => {
    for (let i = 0; i < 5; i++) expect((await postXml(f, 'user', userXml({ recordId: `ok-${i}` }))).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await f.http.get('/healthz')).status).toBe(200);
    expect(await users()).toHaveLength(5);
    // Two wrong keys are still answered 401, and the right one still works: nothing else was counted.
    for (let i = 0; i < 2; i++)
      expect((await postXml(f, 'user', userXml({ recordId: 'x' }), { authorization: `Bearer wrong-${i}-0123456789abc` })).status).toBe(401);
    expect((await postXml(f, 'user', userXml({ recordId: 'ok-5' }), { authorization: `Bearer ${KEYS.intouch}` })).status).toBe(200);
  });

  it('keeps counting across a restart of the hub on the same data folder', async () => {
    for (let i = 0; i < 2; i++) {
      expect((await postXml(f, 'user', userXml({ recordId: `before-${i}` }), { authorization: `Bearer before-${i}-0123456789abc` })).status).toBe(401);
    }
    await f.close({ keepData: true });
    f = await startHub({ dataDir: f.dataDir, config: { server: { host: '127.0.0.1', port: 0, authFailures: { max: 3, windowSeconds: 60 } } } });

    // The third failure is the one the restarted hub counts on top of the two it did not see.
    expect((await postXml(f, 'user', userXml({ recordId: 'after' }), { authorization: 'Bearer after-0-0123456789abc' })).status).toBe(401);
    const right = await postXml(f, 'user', userXml({ recordId: 'honest' }));
    expect(right.status).toBe(429);
    expect(right.data).toContain('too many failed authentications from this address');
    expect(await f.hub.store.listRecords({ clientId: 'client-a' })).toEqual([]);
  });

  it('lets authentication go on, and warns once, when the store cannot count', async () => {
    // Another connection takes the counters away: every read and add of the hub's throttle fails.
    const raw = new Database(path.join(f.dataDir, SQLITE_DB_FILE_NAME));
    try {
      raw.exec('DROP TABLE counters');
    } finally {
      raw.close();
    }
    for (let i = 0; i < 4; i++) {
      expect((await postXml(f, 'user', userXml({ recordId: `x-${i}` }), { authorization: `Bearer wrong-${i}-0123456789abc` })).status).toBe(401);
    }
    // Past `max` failures, yet the right key is let in: no one is locked out while the store is away.
    expect((await postXml(f, 'user', userXml({ recordId: 'honest' }))).status).toBe(200);
    const warnings = f.lines.filter((line) => line.includes('auth-failure throttle: cannot'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0])).toMatchObject({ level: 'warn' });
    expect(warnings[0]).toContain('authentication goes on unthrottled');
  });

  it('counts by the address a trusted reverse proxy forwards, when told to trust it', async () => {
    await f.close();
    f = await startHub({ config: { server: { host: '127.0.0.1', port: 0, trustProxy: '127.0.0.1', authFailures: { max: 3, windowSeconds: 60 } } } });
    const from = (address: string, key: string) =>
      postXml(f, 'user', userXml({ recordId: `via-${address}` }), { authorization: `Bearer ${key}`, 'x-forwarded-for': address });
    for (let i = 0; i < 3; i++) expect((await from('203.0.113.7', `wrong-key-${i}-0123456789`)).status).toBe(401);
    expect((await from('203.0.113.7', KEYS.intouch)).status).toBe(429);
    // Another caller behind the same proxy is not held back.
    expect((await from('198.51.100.4', KEYS.intouch)).status).toBe(200);
  });
});
