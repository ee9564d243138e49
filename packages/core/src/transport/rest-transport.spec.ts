import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { RestTransport } from './rest-transport';
import { RateLimiter } from './rate-limiter';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void;

async function serve(handler: Handler): Promise<{ port: number; hits: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server = http.createServer((req, res) => handler(req, res, ++n));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hits: () => n,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

describe('RestTransport', () => {
  let server: Awaited<ReturnType<typeof serve>> | undefined;
  afterEach(async () => server?.close());
  const transport = (port: number, extra = {}) =>
    new RestTransport({ pluginId: 'demo', connection: { scheme: 'http', host: '127.0.0.1', port, path: '/api' }, retry: { baseDelayMs: 5 }, ...extra });

  it('retries a 503 and returns the answer that follows', async () => {
    server = await serve((req, res, n) => (n === 1 ? json(res, 503, { message: 'busy' }) : json(res, 201, { id: 'p1', path: req.url })));
    const answer = await transport(server.port).post<{ id: string; path: string }>('/prospects', { a: 1 });
    expect(answer.data).toEqual({ id: 'p1', path: '/api/prospects' });
    expect(server.hits()).toBe(2);
  });

  it('waits as long as Retry-After says on a 429', async () => {
    server = await serve((_req, res, n) => (n === 1 ? json(res, 429, { message: 'slow down' }, { 'retry-after': '1' }) : json(res, 200, { ok: true })));
    const started = Date.now();
    await transport(server.port).get('/staff');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.hits()).toBe(2);
  });

  it('does not retry a 400 and carries the platform message', async () => {
    server = await serve((_req, res) => json(res, 400, { message: 'email must be an email address' }));
    await expect(transport(server.port).post('/prospects', {})).rejects.toMatchObject({
      code: 'PLATFORM_REJECTED',
      retryable: false,
      status: 400,
      message: '[demo] POST /prospects was rejected (400): email must be an email address',
    });
    expect(server.hits()).toBe(1);
  });

  it('maps 401 to AUTHENTICATION and a timeout to TIMEOUT', async () => {
    server = await serve((req, res) => (req.url?.includes('slow') ? setTimeout(() => json(res, 200, {}), 500) : json(res, 401, { message: 'bad key' })));
    await expect(transport(server.port).get('/account')).rejects.toMatchObject({ code: 'AUTHENTICATION', retryable: false });
    await expect(transport(server.port, { timeoutMs: 50, retry: { maxRetries: 0 } }).get('/slow')).rejects.toMatchObject({ code: 'TIMEOUT', retryable: true });
  });

  it('does not repeat a POST after a dropped connection (the platform may have acted)', async () => {
    server = await serve((req) => req.socket.destroy());
    await expect(transport(server.port).post('/prospects', {})).rejects.toMatchObject({ code: 'NETWORK', retryable: true });
    expect(server.hits()).toBe(1);
  });

  it('repeats a GET after a dropped connection', async () => {
    server = await serve((req, res, n) => (n === 1 ? req.socket.destroy() : json(res, 200, [])));
    await expect(transport(server.port).get('/staff')).resolves.toMatchObject({ status: 200 });
    expect(server.hits()).toBe(2);
  });
});

describe('RateLimiter', () => {
  it('never sends a call ahead of its place on an even grid at 98 % of the rate (minus a few ms of tolerance)', async () => {
    const limiter = new RateLimiter(50);
    const sent: number[] = [];
    await Promise.all(Array.from({ length: 12 }, () => limiter.acquire().then(() => sent.push(performance.now()))));
    // 50/s with the 2 % margin is one call every 20.4 ms, with 1 ms of tolerance at this rate. A loaded
    // machine only makes calls later, never earlier, so in any second at most (1000 + 1) / 20.4 + 1 = 50
    // calls go out.
    const interval = 1000 / (50 * RateLimiter.MARGIN);
    sent.forEach((at, k) => expect(at - sent[0]).toBeGreaterThanOrEqual(k * interval - 1 - 0.5));
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
  });

  it('gives no burst for idle time: after a pause the grid starts again from the next call', async () => {
    const limiter = new RateLimiter(50);
    await limiter.acquire();
    await sleep(200);
    const sent: number[] = [];
    await Promise.all(Array.from({ length: 4 }, () => limiter.acquire().then(() => sent.push(performance.now()))));
    const interval = 1000 / (50 * RateLimiter.MARGIN);
    sent.forEach((at, k) => expect(at - sent[0]).toBeGreaterThanOrEqual(k * interval - 1 - 0.5));
  });

  it('never lets more calls out in any second than the declared rate, even with late timers absorbed', async () => {
    // 300/s: the tolerance is at its widest here that still keeps any second under the rate.
    const limiter = new RateLimiter(300);
    const sent: number[] = [];
    await Promise.all(Array.from({ length: 330 }, () => limiter.acquire().then(() => sent.push(performance.now()))));
    for (let i = 0; i < sent.length; i++) {
      const inSecond = sent.filter((at) => at >= sent[i] && at < sent[i] + 1000).length;
      expect(inSecond).toBeLessThanOrEqual(300);
    }
  });
});
