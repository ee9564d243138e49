import { postXml, startHub, type HubFixture } from './support/hub-fixture';

describe('/metrics counts every refused request', () => {
  let f: HubFixture;
  beforeAll(async () => {
    f = await startHub();
  });
  afterAll(() => f.close());

  const refused = async (method: string, route: string, status: number) => {
    const metrics = (await f.http.get('/metrics', { headers: f.intouch })).data as string;
    const line = new RegExp(
      `^connector_http_refused_total\\{method="${method}",route="${route.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}",status="${status}"\\} (\\d+)$`,
      'm',
    );
    return Number(line.exec(metrics)?.[1] ?? 0);
  };

  it('counts a JSON body that does not parse, an XML body that does not parse, a missing key and an unknown URL, by route pattern and status', async () => {
    const json = { ...f.intouch, 'content-type': 'application/json' };
    expect((await f.http.post('/api/v1/users', '{"clientId": ', { headers: json })).status).toBe(400);
    expect((await f.http.post('/api/v1/users', '[1,', { headers: json })).status).toBe(400);
    expect((await postXml(f, 'user', '<user><providerInfo>')).status).toBe(400);
    expect((await f.http.get('/api/v1/users?clientId=client-a')).status).toBe(401);
    expect((await f.http.get('/api/v1/no-such-thing/abc')).status).toBe(404);

    expect(await refused('POST', '/api/v1/users', 400)).toBe(2);
    expect(await refused('POST', '/connector/api/2011-11/user', 400)).toBe(1);
    expect(await refused('GET', '/api/v1/users', 401)).toBe(1);
    // An unknown URL is counted under "unmatched", never under the URL it named.
    expect(await refused('GET', 'unmatched', 404)).toBe(1);
    expect((await f.http.get('/metrics', { headers: f.intouch })).data).not.toContain('no-such-thing');
  });
});
