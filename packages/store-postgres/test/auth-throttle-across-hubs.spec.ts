import pg from 'pg';
import { createHub, type Hub } from '@connector/hub';
import { captureLogger } from '@connector/testing';
import { DATABASE_URL, describeWithPostgres, dropSchema, freshSchema } from './postgres-available';

const PROVIDER_KEY = 'auth-throttle-across-hubs-key-0123';
const GUESSER = '203.0.113.7';
const NEIGHBOUR = '198.51.100.4';
const MAX = 4;
const WINDOW_SECONDS = 600;

describeWithPostgres('the auth-failure throttle shared by hubs on one Postgres', () => {
  const schema = freshSchema('authx');
  const hubs: Hub[] = [];

  afterAll(async () => {
    await Promise.all(hubs.map((hub) => hub.close()));
    await dropSchema(schema);
  });

  const start = async (): Promise<{ hub: Hub; url: string }> => {
    const { logger, redactor } = captureLogger();
    const hub = await createHub(
      {
        store: { type: 'postgres', url: DATABASE_URL, schema },
        // The test's requests all come from 127.0.0.1: the address a trusted proxy forwards tells callers apart.
        server: { host: '127.0.0.1', port: 0, trustProxy: '127.0.0.1', authFailures: { max: MAX, windowSeconds: WINDOW_SECONDS } },
        providers: [{ id: 'INTOUCH', apiKey: PROVIDER_KEY, clients: ['client-a'] }],
        clients: [{ id: 'client-a', clubs: [{ id: 'club-a1', timeZone: 'America/New_York' }] }],
      },
      { logger, redactor },
    );
    hubs.push(hub);
    return { hub, url: (await hub.listen()).url };
  };
  const list = (base: string, from: string, key: string) =>
    fetch(`${base}/api/v1/users?clientId=client-a`, { headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': from } });

  /** Ends the address's window now, as if the window's 10 minutes had passed (the server's clock cannot be moved). */
  const endWindow = async (address: string): Promise<void> => {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      const ended = await client.query(`UPDATE "${schema}".counters SET resets_at = resets_at - $2 WHERE key = $1`, [
        `auth-failures:${address}`,
        WINDOW_SECONDS * 1000,
      ]);
      expect(ended.rowCount).toBe(1);
    } finally {
      await client.end();
    }
  };

  it('throttles an address on every hub once it failed on any, across a restart, until its window has passed', async () => {
    const [a, b] = [await start(), await start()];

    // Failures sent alternately to both hubs: each hub saw only half of them, yet they add up.
    for (let i = 0; i < MAX; i++) {
      const wrong = await list(i % 2 === 0 ? a.url : b.url, GUESSER, `wrong-key-${i}-0123456789abc`);
      expect(wrong.status).toBe(401);
    }
    const refused = await list(a.url, GUESSER, 'wrong-key-x-0123456789abc');
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { reason: string } }).error.reason).toBe('RATE_LIMITED');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);

    // The right key from that address waits too, whichever hub it reaches.
    expect((await list(a.url, GUESSER, PROVIDER_KEY)).status).toBe(429);
    expect((await list(b.url, GUESSER, PROVIDER_KEY)).status).toBe(429);
    // Another caller is not held back, on either hub.
    expect((await list(a.url, NEIGHBOUR, PROVIDER_KEY)).status).toBe(200);
    expect((await list(b.url, NEIGHBOUR, PROVIDER_KEY)).status).toBe(200);

    // A hub started anew knows the count too.
    await b.hub.close();
    const c = await start();
    expect((await list(c.url, GUESSER, PROVIDER_KEY)).status).toBe(429);

    await endWindow(GUESSER);
    expect((await list(c.url, GUESSER, PROVIDER_KEY)).status).toBe(200);
    expect((await list(a.url, GUESSER, PROVIDER_KEY)).status).toBe(200);
  });
});
