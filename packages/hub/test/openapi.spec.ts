import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { basic, KEYS, OPERATORS, eventually, postXml, startHub, userXml, uuidOf, type HubFixture } from './support/hub-fixture';

type Json = Record<string, any>;

/** fastify's pattern in OpenAPI's words: `:uuid` is `{uuid}`, the static files' `*` is `{file}`. */
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}').replace(/\*$/, '{file}');

describe('the OpenAPI description (/api/v1/openapi.json)', () => {
  let f: HubFixture;
  let doc: Json;
  let ajv: Ajv2020;

  beforeAll(async () => {
    f = await startHub();
    const served = await f.http.get('/api/v1/openapi.json');
    expect(served.status).toBe(200);
    doc = JSON.parse(served.data);
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(doc, 'openapi');
  });
  afterAll(() => f.close());

  /** Checks a real answer against the schema the description gives for its path, method, status and type. */
  async function expectDocumented(method: 'get' | 'post', path: string, answer: { status: number; data: string; headers: Json }): Promise<void> {
    const operation = doc.paths[path]?.[method];
    expect(operation).toBeDefined();
    const response = operation.responses[String(answer.status)];
    if (!response) throw new Error(`${method.toUpperCase()} ${path} answered ${answer.status}, which the description does not list: ${answer.data}`);
    const type = String(answer.headers['content-type']).split(';')[0];
    expect(Object.keys(response.content ?? {})).toContain(type);
    if (type !== 'application/json') return;
    const pointer = ['paths', path, method, 'responses', String(answer.status), 'content', type, 'schema']
      .map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1'))
      .join('/');
    const validate = ajv.getSchema(`openapi#/${pointer}`)!;
    const body = JSON.parse(answer.data);
    if (!validate(body)) throw new Error(`${method.toUpperCase()} ${path} ${answer.status}: ${ajv.errorsText(validate.errors)}\n${answer.data}`);
  }

  it('lists every route the hub serves, each with an operationId and tags, and nothing it does not serve', () => {
    const served = f.hub.routes.map((route) => `${route.method} ${openApiPath(route.url)}`).sort();
    const described = Object.entries(doc.paths as Json).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    expect([...new Set(served)]).toEqual([...new Set(described)].sort());
    const operations = Object.values(doc.paths as Json).flatMap((item) => Object.values(item as Json));
    const ids = operations.map((operation) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Set((doc.tags as Json[]).map((tag) => tag.name));
    for (const operation of operations) expect(operation.tags.length > 0 && operation.tags.every((tag: string) => tags.has(tag))).toBe(true);
  });

  it('describes what the JSON API really answers, for saves, reads, the log and its refusals', async () => {
    const headers = { ...f.intouch, 'content-type': 'application/json' };
    const jane = {
      clientId: 'client-a',
      clubId: 'club-a1',
      recordId: 'oa-1',
      user: { firstName: 'Jane', lastName: 'Open', userType: 'PROSPECT', userStatus: 'ACTIVE', email: 'oa-1@example.com' },
    };
    const created = await f.http.post('/api/v1/users', JSON.stringify(jane), { headers });
    await expectDocumented('post', '/api/v1/users', created);
    const uuid = JSON.parse(created.data).uuid as string;
    await expectDocumented('post', '/api/v1/users', await f.http.post('/api/v1/users', JSON.stringify(jane), { headers }));
    await expectDocumented('post', '/api/v1/users', await f.http.post('/api/v1/users', JSON.stringify({ ...jane, user: { lastName: 'Open' } }), { headers }));
    await expectDocumented('post', '/api/v1/users', await f.http.post('/api/v1/users', '{"clientId":', { headers }));
    await expectDocumented(
      'post',
      '/api/v1/users',
      await f.http.post('/api/v1/users', JSON.stringify(jane), { headers: { 'content-type': 'application/json' } }),
    );
    const batch = [
      { clientId: 'client-a', clubId: 'club-a2', recordId: 'oa-s1', staff: { firstName: 'Sam', lastName: 'Staff', email: 'sam@example.com' } },
      { clientId: 'client-a' },
    ];
    await expectDocumented('post', '/api/v1/staff/batch', await f.http.post('/api/v1/staff/batch', JSON.stringify(batch), { headers }));
    await expectDocumented(
      'post',
      '/api/v1/lead-sources',
      await f.http.post(
        '/api/v1/lead-sources',
        JSON.stringify({ clientId: 'client-a', clubId: 'club-a1', recordId: 'oa-l1', leadSource: { name: 'Open Day' } }),
        { headers },
      ),
    );

    await expectDocumented('get', '/api/v1/users/{uuid}', await f.http.get(`/api/v1/users/${uuid}`, { headers: f.intouch }));
    await expectDocumented('get', '/api/v1/users', await f.http.get('/api/v1/users?clientId=client-a', { headers: f.intouch }));
    await expectDocumented('get', '/api/v1/staff', await f.http.get('/api/v1/staff?clientId=client-a', { headers: f.intouch }));
    await expectDocumented('get', '/api/v1/lead-sources', await f.http.get('/api/v1/lead-sources?clientId=client-a', { headers: f.intouch }));
    await expectDocumented('get', '/api/v1/users/{uuid}', await f.http.get('/api/v1/users/00000000-0000-0000-0000-000000000000', { headers: f.intouch }));

    const operator = { authorization: basic(OPERATORS.alice) };
    await eventually(async () => (await f.acme!.people()).find((person) => person.email === 'oa-1@example.com'), 'Acme to hold Jane', 10_000);
    await expectDocumented('get', '/api/v1/clients', await f.http.get('/api/v1/clients', { headers: operator }));
    await expectDocumented('get', '/api/v1/clients/{clientId}/log', await f.http.get('/api/v1/clients/client-a/log', { headers: operator }));
    await expectDocumented('get', '/api/v1/clients/{clientId}/error-counts', await f.http.get('/api/v1/clients/client-a/error-counts', { headers: operator }));
    await expectDocumented('get', '/api/v1/clients/{clientId}/dead-letters', await f.http.get('/api/v1/clients/client-a/dead-letters', { headers: operator }));
    await expectDocumented('get', '/api/v1/clients/{clientId}/log', await f.http.get('/api/v1/clients/client-b/log', { headers: operator }));
    await expectDocumented('get', '/api/v1/records/{uuid}/timeline', await f.http.get(`/api/v1/records/${uuid}/timeline`, { headers: operator }));
    await expectDocumented('post', '/api/v1/dead-letters/{id}/replay', await f.http.post('/api/v1/dead-letters/no-such-id/replay', '', { headers: operator }));
  }, 60_000);

  it('describes /healthz, /metrics, the XML API and the log page sign-in as they answer', async () => {
    await expectDocumented('get', '/healthz', await f.http.get('/healthz'));
    await expectDocumented('get', '/metrics', await f.http.get('/metrics', { headers: f.intouch }));
    await expectDocumented('get', '/metrics', await f.http.get('/metrics'));
    const saved = await postXml(f, 'user', userXml({ recordId: 'oa-x1' }));
    await expectDocumented('post', '/connector/api/2011-11/user', saved);
    await expectDocumented(
      'get',
      '/connector/api/2011-11/user',
      await f.http.get(`/connector/api/2011-11/user?uuid=${uuidOf(saved.data)}`, { headers: f.intouch }),
    );
    await expectDocumented(
      'post',
      '/connector/api/2011-11/user',
      await postXml(f, 'user', '<user><providerInfo>', { authorization: `Bearer ${KEYS.intouch}` }),
    );
    const page = { 'content-type': 'application/json', 'x-connector-log': '1' };
    const signedIn = await f.http.post('/log/login', JSON.stringify(OPERATORS.alice), { headers: page });
    await expectDocumented('post', '/log/login', signedIn);
    await expectDocumented('post', '/log/login', await f.http.post('/log/login', JSON.stringify({ name: 'alice' }), { headers: page }));
    await expectDocumented('get', '/log/session', await f.http.get('/log/session'));
  }, 30_000);
});
