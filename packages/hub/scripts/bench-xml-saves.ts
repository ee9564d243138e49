// Measures one-record XML saves per second through the whole hub (HTTP, auth, XML parsing, validation,
// group commit into SQLite with synchronous FULL). The load comes from a child process with keep-alive
// connections, so the hub's event loop is its own. No platform is turned up: this measures the save path.
//   node -r ./tools/scripts/register.js packages/hub/scripts/bench-xml-saves.ts [seconds] [connections]
import { fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@connector/core';
import { createHub, parseConfig } from '../src';

const KEY = 'bench-key-0123456789abcdef';

function body(i: number): string {
  return `<user><providerInfo><identifier>INTOUCH</identifier><clientID>bench</clientID><clubID>club-1</clubID><recordID>r-${i}</recordID></providerInfo><userInfo><firstname>Foo</firstname><lastname>Bar${i}</lastname><birthdate>1972-03-12</birthdate><gender>M</gender><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType><address1>1234 Fake St</address1><city>Spuzzum</city><zipcode>12345</zipcode><state>WA</state><country>US</country><mobile>555-555-5555</mobile><email>foo${i}@bar.com</email><modifiedDate>2012-04-10T04:11:07.023Z</modifiedDate></userInfo></user>`;
}

async function loadGenerator(): Promise<void> {
  const [url, seconds, connections, offset] = process.argv.slice(3);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connections) });
  const deadline = Date.now() + Number(seconds) * 1000;
  let next = Number(offset);
  let ok = 0;
  let failed = 0;
  const worker = async () => {
    while (Date.now() < deadline) {
      const status = await new Promise<number>((resolve, reject) => {
        const payload = body(next++);
        const req = http.request(
          `${url}/connector/api/2011-11/user`,
          { method: 'POST', agent, headers: { 'content-type': 'application/xml', 'x-api-key': KEY, 'content-length': Buffer.byteLength(payload) } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
      if (status === 200) ok++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: Number(connections) }, worker));
  process.send!({ ok, failed });
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 10);
  const connections = Number(process.argv[3] ?? 64);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'connector-bench-'));
  const hub = await createHub(
    parseConfig({
      store: { type: 'sqlite', dataDir, synchronous: 'FULL' },
      server: { port: 0 },
      providers: [{ id: 'INTOUCH', apiKey: KEY, clients: '*' }],
      clients: [{ id: 'bench', clubs: [{ id: 'club-1', timeZone: 'America/Vancouver' }] }],
    }),
    { logger: createLogger({ level: 'error' }) },
  );
  const { url } = await hub.listen();
  // Warm up (JIT, statement cache), then measure.
  await run(url, 1, connections, 10_000_000);
  const started = Date.now();
  const result = await run(url, seconds, connections, 0);
  const elapsed = (Date.now() - started) / 1000;
  console.log(
    `${result.ok} saves in ${elapsed.toFixed(1)} s: ${Math.round(result.ok / elapsed)} saves/s (${result.failed} failed, ${connections} connections)`,
  );
  console.log(
    (await hub.metrics.registry.getSingleMetricAsString('connector_group_commit_batch_size'))
      .split('\n')
      .filter((l) => /_(sum|count) /.test(l))
      .join('\n'),
  );
  await hub.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

function run(url: string, seconds: number, connections: number, offset: number): Promise<{ ok: number; failed: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['load', url, String(seconds), String(connections), String(offset)], {
      execArgv: ['-r', path.resolve(__dirname, '../../../tools/scripts/register.js')],
    });
    child.on('message', (message) => resolve(message as { ok: number; failed: number }));
    child.on('error', reject);
  });
}

if (process.argv[2] === 'load') void loadGenerator();
else void main();
