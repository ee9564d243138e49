import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import net from 'node:net';
import { KEYS, startHub, userXml, type HubFixture } from './support/hub-fixture';

const MB = 1024 * 1024;
// Per size and API: half with fetch, half with http.request.
const TRIES = 10;
const run = promisify(execFile);

// The client runs in a process of its own, as real clients do: in the hub's own event loop the close
// and the client's writes would take turns, and the reset that clients meet would not happen.
const CLIENT = `
const http = require('node:http');
const [url, contentType, size, tries, authorization] = process.argv.slice(1);
const body = Buffer.alloc(Number(size), 0x20);
const headers = { authorization, 'content-type': contentType };
const viaHttp = () => new Promise((resolve) => {
  const request = http.request(url, { method: 'POST', headers }, (response) => {
    const chunks = [];
    response.on('data', (chunk) => chunks.push(chunk));
    response.on('end', () => resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
    response.on('error', (error) => resolve({ status: 0, text: 'failed: ' + error.code }));
  });
  request.on('error', (error) => resolve({ status: 0, text: 'failed: ' + error.code }));
  request.end(body);
});
const viaFetch = () => fetch(url, { method: 'POST', headers, body })
  .then(async (res) => ({ status: res.status, text: await res.text() }))
  .catch((error) => ({ status: 0, text: 'failed: ' + ((error.cause && error.cause.code) || error.message) }));
(async () => {
  const answers = [];
  for (let i = 0; i < Number(tries); i++) answers.push(await viaFetch(), await viaHttp());
  process.stdout.write(JSON.stringify(answers));
})();
`;

/** Sends `tries` bodies of `size` bytes with fetch and as many with http.request, each all at once, from another process. */
async function postFromAnotherProcess(url: string, contentType: string, size: number, tries: number): Promise<Array<{ status: number; text: string }>> {
  const { stdout } = await run(process.execPath, ['-e', CLIENT, url, contentType, String(size), String(tries), `Bearer ${KEYS.intouch}`], {
    timeout: 100_000,
    maxBuffer: 16 * MB,
  });
  return JSON.parse(stdout) as Array<{ status: number; text: string }>;
}

jest.setTimeout(120_000);

describe('HTTP input limits', () => {
  let f: HubFixture;

  beforeAll(async () => {
    // The default body limit (1 MiB) and request timeout.
    f = await startHub({ config: { server: { host: '127.0.0.1', port: 0 } } });
  });
  afterAll(() => f.close());

  const apis = [
    { api: 'XML', path: '/connector/api/2011-11/user', contentType: 'application/xml', reason: /<reason>PAYLOAD_TOO_LARGE<\/reason>/ },
    { api: 'JSON', path: '/api/v1/users', contentType: 'application/json', reason: /"reason":"PAYLOAD_TOO_LARGE"/ },
  ];

  describe.each(apis)('a body over the limit sent at once to the $api API', ({ path, contentType, reason }) => {
    it.each([2, 5, 20])('is answered 413 with the reason every time, never reset, at %i MB', async (size) => {
      const answers = await postFromAnotherProcess(`${f.url}${path}`, contentType, size * MB, TRIES / 2);
      expect(answers.map((a) => (a.status === 413 && reason.test(a.text) ? '413' : `${a.status} ${a.text.slice(0, 200)}`))).toEqual(Array(TRIES).fill('413'));
    });
  });

  it('answers or closes a request whose body is shorter than its Content-Length within the request timeout, not holding it', async () => {
    const short = await startHub({ config: { server: { host: '127.0.0.1', port: 0, requestTimeoutMs: 500 } } });
    const { port } = new URL(short.url);
    const outcome = await new Promise<string>((resolve) => {
      const socket = net.connect(Number(port), '127.0.0.1');
      let received = '';
      // Far beyond the configured 500 ms: the hub must have answered or closed long before.
      const giveUp = setTimeout(() => {
        socket.destroy();
        resolve('still open after 15 s');
      }, 15_000);
      socket.on('data', (chunk) => (received += chunk.toString('utf8')));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearTimeout(giveUp);
        resolve(received === '' ? 'closed' : received.split('\r\n')[0]);
      });
      socket.write(
        `POST /api/v1/users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${KEYS.intouch}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"clientId":`,
      );
    });
    await short.close();
    expect(['closed', 'HTTP/1.1 408 Request Timeout']).toContain(outcome);
  });

  it('refuses XML nested deeper than 100 levels with 400 naming the limit, and reads 100 levels', async () => {
    const nest = (depth: number) => `${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}`;
    for (const depth of [101, 10_000, 100_000]) {
      const res = await f.http.post('/connector/api/2011-11/user', userXml({ recordId: `deep-${depth}`, extra: nest(depth) }), {
        headers: { ...f.intouch, 'content-type': 'application/xml' },
      });
      expect({ depth, status: res.status }).toEqual({ depth, status: 400 });
      expect(res.data).toContain('deeper than 100 levels');
    }
    // The root is level 1: 99 more under <user> make 100, still read (the unknown element ignored).
    const ok = await f.http.post('/connector/api/2011-11/user', userXml({ recordId: 'deep-ok', extra: nest(99) }), {
      headers: { ...f.intouch, 'content-type': 'application/xml' },
    });
    expect(ok.status).toBe(200);
  });
});
