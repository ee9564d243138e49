import fs from 'node:fs';
import path from 'node:path';
import { createLogger } from '@connector/core';
import { createHub, loadConfig, type HubRoute } from '@connector/hub';
import { startAcmeSimulator, type AcmeSimulator } from '@connector/plugin-acme/simulator';
import { basic, bearer, call, eventually, exchange, type Answer } from './support/http';
import { killAll, ProcessOutput, startHubProcess, type HubProcess } from './support/hub-process';
import { NOT_TENANT_SCOPED, requestsFor, type TenantData } from './support/route-requests';
import { REPLAY } from './support/run-settings';
import { scenarioFolder, writeHubConfig, type TestOperator, type TestProvider } from './support/test-hub';

// Every secret of the configuration: searched for in everything the hub says and keeps.
const SECRETS = {
  providerKeyA: 'alpha-provider-key-f3c9e1d07a',
  providerKeyB: 'bravo-provider-key-8b21c6e4f5',
  operatorPasswordA: 'alpha-operator-pw-5d7e9a',
  operatorPasswordB: 'bravo-operator-pw-2c4f6b',
  acmeKeyA: 'alpha-acme-api-key-91ab3c',
  acmeKeyB: 'bravo-acme-api-key-47de8f',
  connectionPasswordA: 'alpha-connection-pw-6e0b2d',
};
const PROVIDERS: TestProvider[] = [
  { id: 'ALPHA', apiKey: SECRETS.providerKeyA, clients: ['A1'] },
  { id: 'BRAVO', apiKey: SECRETS.providerKeyB, clients: ['B1'] },
];
const OPERATORS: TestOperator[] = [
  { name: 'alice', password: SECRETS.operatorPasswordA, clients: ['A1'] },
  { name: 'bruno', password: SECRETS.operatorPasswordB, clients: ['B1'] },
];
// What only tenant B's own callers may ever read.
const B_MARKERS = [
  'Bellatrix',
  'Bravoleak',
  'bellatrix@bravo-leak.test',
  'Stanislav',
  'Bravostaff',
  'Bravo Leak Source',
  'Client B1',
  'Dorian',
  'Deadletterbravo',
];

type Kind = 'provider' | 'operator' | 'session';
type Credentials = Record<Kind, Record<string, string>>;

/** The kinds of caller a route's audience lets in (public routes: without credentials as well). */
function kindsFor(route: HubRoute): Array<Kind | 'none'> {
  if (route.audience === 'provider') return ['provider'];
  if (route.audience === 'operator') return ['operator', 'session'];
  if (route.audience === 'any') return ['provider', 'operator', 'session'];
  return ['none', 'provider', 'operator'];
}

/** Refused: 403 or 404; a batch answered 200 refuses when each of its items is refused. */
function refused(answer: Answer): boolean {
  if (answer.status === 403 || answer.status === 404) return true;
  if (answer.status !== 200) return false;
  const results = batchResults(answer);
  return results !== undefined && results.length > 0 && results.every((r) => r.status === 403 || r.status === 404);
}

/** The per-item results of a JSON batch answer, if it is one. */
function batchResults(answer: Answer): Array<{ status: number }> | undefined {
  try {
    const results = (JSON.parse(answer.text) as { results?: Array<{ status: number }> }).results;
    return Array.isArray(results) ? results : undefined;
  } catch {
    return undefined;
  }
}

/** The owner's request worked: 2xx, and each item of a batch too. */
function worked(answer: Answer): boolean {
  if (answer.status < 200 || answer.status > 299) return false;
  return batchResults(answer)?.every((r) => r.status < 300) ?? true;
}

describe(`tenant isolation and secrets: every route across tenants, every secret searched (${REPLAY})`, () => {
  const folder = scenarioFolder('tenants');
  const hubs: HubProcess[] = [];
  const simulators: AcmeSimulator[] = [];
  const output = new ProcessOutput();
  // Every answer of the hub in this file, searched for secrets at the end.
  const answers: Array<{ what: string; text: string }> = [];
  let hub: HubProcess;
  let config: string;
  let credentials: { A: Credentials; B: Credentials };
  let dataB: TenantData;
  let deadLetterA: { id: string; recordUuid: string };

  const send = async (what: string, url: string, init: Parameters<typeof exchange>[1] = {}): Promise<Answer> => {
    const answer = await call(url, init);
    answers.push({ what, text: `${[...answer.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${answer.text}` });
    return answer;
  };

  /** Saves one of a tenant's records through the JSON API; its UUID. */
  const saveAs = async (key: string, resource: string, body: Record<string, unknown>) => {
    const answer = await send(`save ${resource}`, `${hub.url}/api/v1/${resource}`, {
      method: 'POST',
      headers: { ...bearer(key), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(answer.status).toBeLessThan(300);
    return (JSON.parse(answer.text) as { uuid: string }).uuid;
  };

  /** A dead letter of the client: a create the platform refuses for good (a 400). */
  const deadLetterOf = async (acme: AcmeSimulator, key: string, operator: Record<string, string>, clientId: string, clubId: string, name: [string, string]) => {
    acme.failNext(1, 400, { on: 'people.create' });
    const recordUuid = await saveAs(key, 'users', {
      clientId,
      clubId,
      recordId: 'dead-1',
      user: { firstName: name[0], lastName: name[1], userType: 'PROSPECT', userStatus: 'ACTIVE' },
    });
    return eventually(
      async () => {
        const dead = JSON.parse((await send('dead letters', `${hub.url}/api/v1/clients/${clientId}/dead-letters`, { headers: operator })).text) as {
          items: Array<{ id: string; recordUuid: string }>;
        };
        return dead.items.find((item) => item.recordUuid === recordUuid);
      },
      `a dead letter for ${clientId}`,
      60_000,
    );
  };

  /** Signs an operator in on the log page; the headers its page sends with the session. */
  const sessionOf = async (operator: TestOperator) => {
    const login = await send('login', `${hub.url}/log/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-connector-log': '1' },
      body: JSON.stringify({ name: operator.name, password: operator.password }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]);
    return { cookie: cookie.join('; '), 'x-connector-log': '1' };
  };

  beforeAll(async () => {
    const acmeA = await startAcmeSimulator({ apiKey: SECRETS.acmeKeyA });
    const acmeB = await startAcmeSimulator({ apiKey: SECRETS.acmeKeyB });
    simulators.push(acmeA, acmeB);
    config = writeHubConfig(folder.dir, {
      providers: PROVIDERS,
      operators: OPERATORS,
      clients: [
        { id: 'A1', clubs: ['alpha-club'], acme: acmeA },
        { id: 'B1', clubs: ['bravo-club'], acme: acmeB },
      ],
      extra: { log: { level: 'debug' }, engine: { retryBaseMs: 100, retryMaxMs: 500 } },
    });
    // The connection password is a secret too (the simulator does not read it).
    const file = JSON.parse(fs.readFileSync(config, 'utf8')) as { clients: Array<{ platforms: Array<{ connection: Record<string, unknown> }> }> };
    file.clients[0].platforms[0].connection.password = SECRETS.connectionPasswordA;
    fs.writeFileSync(config, JSON.stringify(file, null, 2));
    hub = await startHubProcess(config, output);
    hubs.push(hub);

    const [opA, opB] = [basic(OPERATORS[0].name, OPERATORS[0].password), basic(OPERATORS[1].name, OPERATORS[1].password)];
    credentials = {
      A: { provider: bearer(SECRETS.providerKeyA), operator: opA, session: await sessionOf(OPERATORS[0]) },
      B: { provider: bearer(SECRETS.providerKeyB), operator: opB, session: await sessionOf(OPERATORS[1]) },
    };
    deadLetterA = await deadLetterOf(acmeA, SECRETS.providerKeyA, opA, 'A1', 'alpha-club', ['Ada', 'Alphadead']);
    const deadB = await deadLetterOf(acmeB, SECRETS.providerKeyB, opB, 'B1', 'bravo-club', ['Dorian', 'Deadletterbravo']);
    const club = { clientId: 'B1', clubId: 'bravo-club' };
    dataB = {
      provider: 'BRAVO',
      ...club,
      userUuid: await saveAs(SECRETS.providerKeyB, 'users', {
        ...club,
        recordId: 'b-user',
        user: { firstName: 'Bellatrix', lastName: 'Bravoleak', email: 'bellatrix@bravo-leak.test', userType: 'PROSPECT', userStatus: 'ACTIVE' },
      }),
      userRecordId: 'b-user',
      staffUuid: await saveAs(SECRETS.providerKeyB, 'staff', {
        ...club,
        recordId: 'b-staff',
        staff: { firstName: 'Stanislav', lastName: 'Bravostaff', email: 'stanislav@bravo-leak.test' },
      }),
      staffRecordId: 'b-staff',
      leadSourceUuid: await saveAs(SECRETS.providerKeyB, 'lead-sources', { ...club, recordId: 'b-source', leadSource: { name: 'Bravo Leak Source' } }),
      leadSourceRecordId: 'b-source',
      deadLetterId: deadB.id,
    };
  });

  afterAll(async () => {
    await killAll(hubs);
    await Promise.all(simulators.map((acme) => acme.close()));
    folder.cleanup();
  });

  /** The hub's route table, read from a hub built in this process on the same configuration and an empty data folder. */
  const routeTable = async (): Promise<readonly HubRoute[]> => {
    const loaded = loadConfig(config, { CONNECTOR_DATA_DIR: path.join(folder.dir, 'route-table') });
    const probe = await createHub(loaded, { logger: createLogger({ level: 'silent' }) });
    try {
      return probe.routes;
    } finally {
      await probe.close();
    }
  };

  it("answers 403 or 404 to every route aimed at another tenant's data, by its providers, operators and sessions, and leaks nothing", async () => {
    const routes = await routeTable();
    expect(routes.length).toBeGreaterThan(20);
    const routeKey = (route: HubRoute) => `${route.method} ${route.url}`;
    const tries: Array<{ label: string; route: string; scoped: boolean; attack: Answer; owner: () => Promise<Answer>; ownerAnswer?: Answer }> = [];
    for (const route of routes) {
      for (const request of requestsFor(route, dataB)) {
        for (const kind of kindsFor(route)) {
          const headers = (tenant: 'A' | 'B') => ({
            ...(kind === 'none' ? {} : credentials[tenant][kind]),
            ...(request.contentType ? { 'content-type': request.contentType } : {}),
          });
          const url = `${hub.url}${request.path}`;
          const label = `${request.method} ${request.path} as A's ${kind}`;
          const attack = await send(label, url, { method: request.method, headers: headers('A'), body: request.body?.('ALPHA') });
          const owner = () => send(`B's own: ${label}`, url, { method: request.method, headers: headers('B'), body: request.body?.('BRAVO') });
          tries.push({ label, route: routeKey(route), scoped: !NOT_TENANT_SCOPED.has(routeKey(route)), attack, owner });
        }
      }
    }
    // The owners' own requests after every attack (a replay by the owner changes the dead letter): a
    // refusal of A counts only where B, asking the same, is answered.
    for (const attempt of tries) if (attempt.scoped) attempt.ownerAnswer = await attempt.owner();

    const leaks = tries
      .filter((t) => B_MARKERS.some((marker) => t.attack.text.includes(marker)))
      .map((t) => `${t.label}: ${t.attack.status} ${t.attack.text.slice(0, 200)}`);
    const meaningful = tries.filter((t) => t.scoped && t.ownerAnswer && worked(t.ownerAnswer));
    const notRefused = meaningful.filter((t) => !refused(t.attack)).map((t) => `${t.label}: ${t.attack.status} ${t.attack.text.slice(0, 200)}`);
    // Each tenant-scoped route was tried with at least one request its owner can make.
    const untried = routes.map(routeKey).filter((key) => !NOT_TENANT_SCOPED.has(key) && !meaningful.some((t) => t.route === key));
    expect({ leaks, notRefused, untried }).toEqual({ leaks: [], notRefused: [], untried: [] });
    expect(meaningful.length).toBeGreaterThan(routes.length);
  });

  it('never shows a secret: not in a log line, an answer, a page, /metrics or the store files, even sent in the wrong field', async () => {
    const { A } = credentials;
    // Secrets where they do not belong: a key as the identifier, a key as the provider, a password as a key.
    const xml = (identifier: string, clientId: string) =>
      `<user><providerInfo><identifier>${identifier}</identifier><clientID>${clientId}</clientID><clubID>alpha-club</clubID><recordID>x</recordID></providerInfo>` +
      `<userInfo><firstname>Wrong</firstname><lastname>Field</lastname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType></userInfo></user>`;
    const misplaced: Array<[string, string, Parameters<typeof exchange>[1]]> = [
      [
        'key as identifier',
        '/connector/api/2011-11/user',
        { method: 'POST', headers: { ...A.provider, 'content-type': 'application/xml' }, body: xml(SECRETS.providerKeyB, 'A1') },
      ],
      [
        'key as client',
        '/connector/api/2011-11/user',
        { method: 'POST', headers: { ...A.provider, 'content-type': 'application/xml' }, body: xml('ALPHA', SECRETS.providerKeyB) },
      ],
      [
        'key as provider',
        '/api/v1/users',
        {
          method: 'POST',
          headers: { ...A.provider, 'content-type': 'application/json' },
          body: JSON.stringify({
            provider: SECRETS.providerKeyB,
            clientId: 'A1',
            clubId: 'alpha-club',
            recordId: 'x',
            user: { firstName: 'W', lastName: 'F', userType: 'PROSPECT', userStatus: 'ACTIVE' },
          }),
        },
      ],
      ['key as record', `/api/v1/users/${SECRETS.providerKeyB}`, { headers: A.provider }],
      ['key as club', `/api/v1/clients/${SECRETS.acmeKeyA}/log`, { headers: A.operator }],
      ['password as key', '/api/v1/clients', { headers: bearer(SECRETS.operatorPasswordA) }],
      ['platform key as key', '/api/v1/clients', { headers: { 'x-api-key': SECRETS.acmeKeyA } }],
      ['key as password', '/api/v1/clients', { headers: basic('alice', SECRETS.providerKeyA) }],
      [
        'key as sign-in password',
        '/log/login',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-connector-log': '1' },
          body: JSON.stringify({ name: 'alice', password: SECRETS.providerKeyB }),
        },
      ],
    ];
    for (const [what, urlPath, init] of misplaced) {
      const answer = await send(what, `${hub.url}${urlPath}`, init);
      expect([what, answer.status >= 400 && answer.status < 500]).toEqual([what, true]);
    }
    // What an operator reads: the Connector Log, a dead letter's timeline, the page, /metrics.
    await send('log A', `${hub.url}/api/v1/clients/A1/log?limit=1000`, { headers: A.operator });
    await send('dead letters A', `${hub.url}/api/v1/clients/A1/dead-letters`, { headers: A.operator });
    await send('timeline A', `${hub.url}/api/v1/records/${deadLetterA.recordUuid}/timeline`, { headers: A.operator });
    for (const page of ['/log', '/log/assets/log.js', '/log/assets/log.css', '/metrics', '/api/v1/openapi.json', '/healthz'])
      await send(page, `${hub.url}${page}`, { headers: A.operator });

    // The hub's own log, and every file of its store, read while it runs (the WAL included).
    const found: string[] = [];
    const search = (where: string, text: string | Buffer) => {
      for (const [name, secret] of Object.entries(SECRETS)) if (text.includes(secret)) found.push(`${name} in ${where}`);
    };
    for (const { what, text } of answers) search(`the answer to ${what}`, text);
    search('the hub process output', output.text());
    const dataDir = path.join(folder.dir, 'data');
    for (const file of fs.readdirSync(dataDir)) search(`the store file ${file}`, fs.readFileSync(path.join(dataDir, file)));
    expect(output.text().split('\n').length).toBeGreaterThan(20);
    expect(fs.readdirSync(dataDir).length).toBeGreaterThan(0);
    expect(found).toEqual([]);
  });
});
