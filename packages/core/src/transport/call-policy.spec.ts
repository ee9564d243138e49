import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectorError } from '../errors/connector-error';
import { backoffDelay, type CallClock, parseRetryAfter } from './call-policy';
import { RestTransport } from './rest-transport';

/** A clock whose sleeps return at once and are written down: waits are asserted, not timed. */
class FakeCallClock implements CallClock {
  at = 0;
  readonly waits: number[] = [];
  now(): number {
    return this.at;
  }
  async sleep(ms: number): Promise<void> {
    this.waits.push(ms);
    this.at += ms;
  }
}

/** One scripted answer: a status with headers, or a dropped connection. */
type Answer = { status: number; headers?: Record<string, string>; body?: unknown } | 'drop';

/** A platform on 127.0.0.1 that plays a script of answers (the last one repeats) and counts the calls. */
async function platform(script: Answer[]): Promise<{ port: number; calls: string[]; close: () => Promise<void> }> {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    const answer = script[Math.min(calls.length, script.length) - 1];
    if (answer === 'drop') return req.socket.destroy();
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(answer.body ?? { message: `answer ${calls.length}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    calls,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('the call policy, through the REST transport against a platform on 127.0.0.1', () => {
  let server: Awaited<ReturnType<typeof platform>> | undefined;
  let transport: RestTransport | undefined;
  afterEach(async () => {
    transport?.close();
    await server?.close();
  });

  function connect(port: number, clock: CallClock, retry: Partial<ConstructorParameters<typeof RestTransport>[0]['retry']> = {}): RestTransport {
    transport = new RestTransport({
      pluginId: 'demo',
      connection: { scheme: 'http', host: '127.0.0.1', port },
      retry: { baseDelayMs: 100, maxDelayMs: 30_000, ...retry },
      clock,
    });
    return transport;
  }

  it('waits as long as Retry-After says on a 429, then returns the answer that follows', async () => {
    server = await platform([
      { status: 429, headers: { 'retry-after': '7' } },
      { status: 200, body: [{ id: 's1' }] },
    ]);
    const clock = new FakeCallClock();
    const answer = await connect(server.port, clock).get('/staff');
    expect(answer.data).toEqual([{ id: 's1' }]);
    expect(server.calls).toEqual(['GET /staff', 'GET /staff']);
    expect(clock.waits).toEqual([7_000]);
  });

  it('repeats even a create after a 429, since the platform surely did not act on it', async () => {
    server = await platform([
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 201, body: { id: 'p1' } },
    ]);
    const clock = new FakeCallClock();
    await expect(connect(server.port, clock).post('/prospects', { name: 'Ada' })).resolves.toMatchObject({ status: 201, data: { id: 'p1' } });
    expect(server.calls).toEqual(['POST /prospects', 'POST /prospects']);
  });

  it('backs off exponentially with jitter and gives up after maxRetries with the last failure', async () => {
    server = await platform([{ status: 502 }]);
    const clock = new FakeCallClock();
    const error = await connect(server.port, clock, { maxRetries: 3 })
      .get('/staff')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PLATFORM_UNAVAILABLE', status: 502, retryable: true });
    expect((error as Error).message).toBe('[demo] GET /staff failed on the platform (502): answer 4');
    expect(server.calls).toHaveLength(4);
    // Retry k waits between half and all of 100 ms x 2^(k-1).
    expect(clock.waits).toHaveLength(3);
    clock.waits.forEach((wait, k) => {
      expect(wait).toBeGreaterThanOrEqual(50 * 2 ** k);
      expect(wait).toBeLessThanOrEqual(100 * 2 ** k);
    });
  });

  it('does not repeat a create after a 500: the platform may have acted, so the engine looks first', async () => {
    server = await platform([{ status: 500 }, { status: 201 }]);
    const clock = new FakeCallClock();
    await expect(connect(server.port, clock).post('/prospects', {})).rejects.toMatchObject({ code: 'PLATFORM_UNAVAILABLE', retryable: true });
    expect(server.calls).toHaveLength(1);
    expect(clock.waits).toEqual([]);
  });

  it('repeats a create after a 503 but not after a dropped connection', async () => {
    server = await platform([{ status: 503 }, { status: 201, body: { id: 'p2' } }]);
    await expect(connect(server.port, new FakeCallClock()).post('/prospects', {})).resolves.toMatchObject({ data: { id: 'p2' } });
    expect(server.calls).toHaveLength(2);
    await server.close();
    transport?.close();

    server = await platform(['drop', { status: 201 }]);
    await expect(connect(server.port, new FakeCallClock()).post('/prospects', {})).rejects.toMatchObject({ code: 'NETWORK', retryable: true });
    expect(server.calls).toHaveLength(1);
  });

  it('repeats even a create when the connection is refused (nothing listens, so nothing was done)', async () => {
    server = await platform([{ status: 201 }]);
    const port = server.port;
    await server.close();
    server = undefined;
    const clock = new FakeCallClock();
    const error = await connect(port, clock)
      .post('/prospects', {})
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NETWORK', retryable: true });
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect(clock.waits).toHaveLength(2);
  });

  it('caps a Retry-After at maxDelayMs, so a platform cannot park a call', async () => {
    server = await platform([{ status: 503, headers: { 'retry-after': '3600' } }, { status: 200 }]);
    const clock = new FakeCallClock();
    await connect(server.port, clock, { maxDelayMs: 5_000 }).get('/staff');
    expect(clock.waits).toEqual([5_000]);
  });

  it('hands a wait longer than maxElapsedMs up to the caller with the Retry-After, instead of waiting', async () => {
    server = await platform([{ status: 429, headers: { 'retry-after': '20' } }, { status: 200 }]);
    const clock = new FakeCallClock();
    const error = await connect(server.port, clock, { maxElapsedMs: 10_000 })
      .get('/staff')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 20_000 });
    expect(server.calls).toHaveLength(1);
    expect(clock.waits).toEqual([]);
  });

  it('does not retry what the platform refused (4xx)', async () => {
    server = await platform([{ status: 422, body: { message: 'email is not valid' } }]);
    const clock = new FakeCallClock();
    await expect(connect(server.port, clock).put('/prospects/p1', {})).rejects.toMatchObject({
      code: 'PLATFORM_REJECTED',
      retryable: false,
      message: '[demo] PUT /prospects/p1 was rejected (422): email is not valid',
    });
    expect(server.calls).toHaveLength(1);
  });

  it('waits for real with the system clock (timers/promises)', async () => {
    server = await platform([
      { status: 503, headers: { 'retry-after': '0' } },
      { status: 200, body: { ok: true } },
    ]);
    transport = new RestTransport({ pluginId: 'demo', connection: { scheme: 'http', host: '127.0.0.1', port: server.port }, retry: { baseDelayMs: 2 } });
    await expect(transport.get('/ping')).resolves.toMatchObject({ data: { ok: true } });
    expect(server.calls).toHaveLength(2);
  });
});

describe('backoffDelay (the transports and the delivery queue)', () => {
  const queue = { baseDelayMs: 2_000, maxDelayMs: 600_000 };
  const limited = (retryAfterMs: number) => new ConnectorError('RATE_LIMITED', 'slow down', { retryAfterMs });

  it('doubles from the base, between half and all of it, up to the cap', () => {
    expect([1, 2, 3].map((attempt) => backoffDelay(queue, attempt, undefined, () => 0))).toEqual([1_000, 2_000, 4_000]);
    expect([1, 2, 3].map((attempt) => backoffDelay(queue, attempt, undefined, () => 1))).toEqual([2_000, 4_000, 8_000]);
    expect(backoffDelay(queue, 40, undefined, () => 1)).toBe(600_000);
  });

  it('never retries sooner than the platform asked, nor later than the cap because of it', () => {
    expect(backoffDelay(queue, 1, limited(45_000), () => 1)).toBe(45_000);
    expect(backoffDelay(queue, 3, limited(10), () => 0)).toBe(4_000);
    expect(backoffDelay(queue, 1, limited(3_600_000), () => 0)).toBe(600_000);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2_000);
    expect(parseRetryAfter('1.5')).toBe(1_500);
    const now = Date.parse('2026-12-05T12:00:00Z');
    expect(parseRetryAfter('Sat, 05 Dec 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 05 Dec 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
