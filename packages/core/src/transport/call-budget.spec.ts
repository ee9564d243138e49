import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectorError } from '../errors/connector-error';
import { MemoryCounterStore, type CounterStore } from '../store/counter-store';
import { CallBudget } from './call-budget';
import { RestTransport } from './rest-transport';

const HOUR = 3_600_000;

/** A clock the test moves by hand: 22:00 UTC, two hours before the budget's day ends. */
function testClock() {
  let now = Date.parse('2026-12-05T22:00:00Z');
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function budget(counters: CounterStore, clock: { now: () => number }, perDay = 3): CallBudget {
  return new CallBudget({
    clientId: 'client-1',
    platform: 'mindbody',
    displayName: 'MINDBODY',
    settings: { perDay, resetsAt: '00:00', timeZone: 'UTC' },
    counters,
    now: clock.now,
  });
}

/** Counts what a budget asks of the store. */
function countingStore(inner: CounterStore) {
  const asked = { add: 0 };
  const store: CounterStore = {
    addToCounter: (key, points, windowMs) => {
      asked.add++;
      return inner.addToCounter(key, points, windowMs);
    },
    readCounter: (key) => inner.readCounter(key),
  };
  return { store, asked };
}

async function refusal(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ConnectorError)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

describe('a call budget', () => {
  it('is one budget for two hubs on one store, refused with the time left until the reset', async () => {
    const clock = testClock();
    const counters = new MemoryCounterStore(clock.now);
    const [hubA, hubB] = [budget(counters, clock), budget(counters, clock)];
    await hubA.spend();
    await hubB.spend();
    await hubA.spend();
    const error = await refusal(hubB.spend());
    expect(error).toMatchObject({ code: 'BUDGET_SPENT', retryable: true, retryAfterMs: 2 * HOUR, field: 'callBudget.perDay' });
    expect(error.message).toBe("MINDBODY's call budget of 3 a day is spent: no call until 2026-12-06 00:00 UTC");
    expect(await hubA.usage()).toEqual({ spent: 3, perDay: 3 });
    expect(hubA.callsLeft(clock.now())).toBe(0);
  });

  it('asks the store nothing more once it has seen the budget spent, and spends again the next day', async () => {
    const clock = testClock();
    const { store, asked } = countingStore(new MemoryCounterStore(clock.now));
    const hub = budget(store, clock, 1);
    expect(hub.callsLeft(clock.now())).toBeUndefined();
    await hub.spend();
    await refusal(hub.spend());
    expect(asked.add).toBe(2);
    for (let i = 0; i < 5; i++) expect((await refusal(hub.spend())).code).toBe('BUDGET_SPENT');
    expect(asked.add).toBe(2);
    expect(hub.spentAt(clock.now())?.date).toBe('2026-12-05');

    clock.advance(2 * HOUR);
    expect(hub.spentAt(clock.now())).toBeUndefined();
    await hub.spend();
    expect(await hub.usage()).toEqual({ spent: 1, perDay: 1 });
  });

  it('lets a call through uncounted when the store cannot be reached', async () => {
    const clock = testClock();
    const down: CounterStore = {
      addToCounter: () => Promise.reject(new Error('connection refused')),
      readCounter: () => Promise.reject(new Error('connection refused')),
    };
    await expect(budget(down, clock, 1).spend()).resolves.toBeUndefined();
  });
});

describe('a call budget in the REST transport, against a platform on 127.0.0.1', () => {
  let server: http.Server | undefined;
  let transport: RestTransport | undefined;
  afterEach(async () => {
    transport?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('spends one call per attempt, retries included, and makes none once the budget is spent', async () => {
    const received: string[] = [];
    // The first answer is a 503 (retried), the others succeed.
    server = http.createServer((req, res) => {
      received.push(`${req.method} ${req.url}`);
      res.writeHead(received.length === 1 ? 503 : 200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const clock = testClock();
    transport = new RestTransport({
      pluginId: 'demo',
      connection: { scheme: 'http', host: '127.0.0.1', port: (server.address() as AddressInfo).port },
      retry: { baseDelayMs: 1, maxDelayMs: 1 },
      budget: budget(new MemoryCounterStore(clock.now), clock, 3),
    });
    await transport.get('/people/1');
    await transport.get('/people/2');
    const error = await refusal(transport.get('/people/3'));
    expect(error.code).toBe('BUDGET_SPENT');
    expect(received).toEqual(['GET /people/1', 'GET /people/1', 'GET /people/2']);
  });
});
