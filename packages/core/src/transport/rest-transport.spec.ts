import http from 'node:http';
import type { AddressInfo } from 'node:net';
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
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
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
  it('spaces calls by at least 1/rate from when each actually went out, never bunching late ones', async () => {
    const limiter = new RateLimiter(50);
    const sent: number[] = [];
    await Promise.all(Array.from({ length: 8 }, () => limiter.acquire().then(() => sent.push(performance.now()))));
    const gaps = sent.slice(1).map((t, i) => t - sent[i]);
    // 50/s with the 2 % margin is one call every 20.4 ms; a loaded machine only makes gaps longer.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(20);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
  });
});
