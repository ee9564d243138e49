import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { captureLogger } from '@connector/testing';
import { startAcmeSimulator, type AcmeSimulator } from '@connector/plugin-acme/simulator';
import axios, { type AxiosInstance } from 'axios';
import { createHub, parseConfig, type Hub, type HubConfigInput } from '../../src';

/** API keys and operator credentials of the test configuration. */
export const KEYS = {
  /** INTOUCH, may write client-a only. */
  intouch: 'intouch-key-0123456789abcdef',
  /** CRMB, may write client-b only. */
  crmb: 'crmb-key-0123456789abcdef0123',
};
export const OPERATORS = {
  alice: { name: 'alice', password: 'alice-password-1' },
  root: { name: 'root', password: 'root-password-123' },
};

/** Authorization header of an operator. */
export function basic(operator: { name: string; password: string }): string {
  return `Basic ${Buffer.from(`${operator.name}:${operator.password}`).toString('base64')}`;
}

/** A user save as the XML API 2011-11 takes it. */
export function userXml(fields: { recordId: string; clientId?: string; clubId?: string; identifier?: string; userInfo?: string; extra?: string }): string {
  const info =
    fields.userInfo ??
    '<firstname>Foo</firstname><lastname>Bar</lastname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType><email>foo@bar.com</email><mobile>555-555-5555</mobile><zipcode>01234</zipcode>';
  return `<?xml version="1.0" encoding="UTF-8"?>
<user>
  <providerInfo>
    <identifier>${fields.identifier ?? 'INTOUCH'}</identifier>
    <clientID>${fields.clientId ?? 'client-a'}</clientID>
    <clubID>${fields.clubId ?? 'club-a1'}</clubID>
    <recordID>${fields.recordId}</recordID>
  </providerInfo>
  <userInfo>${info}</userInfo>${fields.extra ?? ''}
</user>`;
}

/** Settings of {@link startHub}. */
export interface HubFixtureOptions {
  dataDir?: string;
  acme?: AcmeSimulator;
  /** Added to (and replacing parts of) the test configuration. */
  config?: Partial<HubConfigInput>;
  /** Acme port when the simulator is not running (deliveries then fail with a network error). */
  acmePort?: number;
}

/** A hub on 127.0.0.1 over a temp data folder, client-a turned up on an Acme simulator. */
export interface HubFixture {
  hub: Hub;
  url: string;
  acme?: AcmeSimulator;
  dataDir: string;
  /** Every line the hub's winston logger wrote. */
  lines: string[];
  /** axios bound to the hub; never throws on a status. */
  http: AxiosInstance;
  /** As the INTOUCH provider (Bearer). */
  intouch: Record<string, string>;
  close(options?: { keepData?: boolean; keepAcme?: boolean }): Promise<void>;
}

/** The test configuration (before env references are resolved). */
export function testConfig(dataDir: string, acmeTurnUp: { connection: unknown; clubs: Record<string, string>; options: unknown }): HubConfigInput {
  return {
    store: { type: 'sqlite', dataDir, synchronous: 'NORMAL' },
    server: { host: '127.0.0.1', port: 0, bodyLimitBytes: 16 * 1024 },
    providers: [
      { id: 'INTOUCH', apiKey: KEYS.intouch, clients: ['client-a'] },
      { id: 'CRMB', apiKey: KEYS.crmb, clients: ['client-b'] },
    ],
    operators: [
      { name: OPERATORS.alice.name, password: OPERATORS.alice.password, clients: ['client-a'] },
      { name: OPERATORS.root.name, password: OPERATORS.root.password, clients: '*' },
    ],
    clients: [
      {
        id: 'client-a',
        name: 'Alpha Fitness',
        clubs: [
          { id: 'club-a1', name: 'Alpha Downtown', timeZone: 'America/Vancouver' },
          { id: 'club-a2', name: 'Alpha East', timeZone: 'America/New_York' },
        ],
        platforms: [{ plugin: '@connector/plugin-acme', ...(acmeTurnUp as object) } as never],
      },
      { id: 'client-b', name: 'Beta Gyms', clubs: [{ id: 'club-b1', timeZone: 'Europe/Paris' }], platforms: [] },
    ],
    engine: { maxAttempts: 3, retryBaseMs: 50, retryMaxMs: 200 },
    worker: { pollIntervalMs: 20, leaseMs: 5_000 },
    log: { level: 'debug' },
  };
}

/** Starts a hub (and, unless given, an Acme simulator) for a test. */
export async function startHub(options: HubFixtureOptions = {}): Promise<HubFixture> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'connector-hub-'));
  const acme = options.acme ?? (options.acmePort === undefined ? await startAcmeSimulator() : undefined);
  const turnUp = acme
    ? acme.turnUp({ hubClubIds: ['club-a1', 'club-a2'] })
    : {
        connection: { scheme: 'http', host: '127.0.0.1', port: options.acmePort },
        clubs: { 'club-a1': 'club-1', 'club-a2': 'club-2' },
        options: { apiKey: 'acme-sim-key' },
      };
  const base = testConfig(dataDir, turnUp);
  const { logger, lines, redactor } = captureLogger();
  const hub = await createHub(parseConfig({ ...base, ...options.config }, {}), { logger, redactor });
  const { url } = await hub.listen();
  const http = axios.create({ baseURL: url, validateStatus: () => true, transformResponse: (data) => data });
  return {
    hub,
    url,
    acme,
    dataDir,
    lines,
    http,
    intouch: { authorization: `Bearer ${KEYS.intouch}` },
    async close(closeOptions = {}) {
      await hub.close();
      if (!closeOptions.keepAcme) await acme?.close();
      if (!closeOptions.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Posts an XML save as INTOUCH. */
export function postXml(fixture: HubFixture, resource: 'user' | 'staff' | 'leadsource', body: string, headers: Record<string, string> = fixture.intouch) {
  return fixture.http.post(`/connector/api/2011-11/${resource}`, body, { headers: { 'content-type': 'application/xml', ...headers } });
}

/** The <uuid> of a save answer. */
export function uuidOf(body: string): string {
  const match = /<uuid>([^<]+)<\/uuid>/.exec(body);
  if (!match) throw new Error(`no <uuid> in ${body}`);
  return match[1];
}

/** Waits until `check` holds (polling), or fails with `what`. */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}
