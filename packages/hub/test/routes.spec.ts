import { startHub } from './support/hub-fixture';

describe('the route table (Hub.routes)', () => {
  it('lists every route with its method, pattern and audience, HEAD left out', async () => {
    const f = await startHub();
    try {
      const routes = f.hub.routes.map((r) => `${r.method} ${r.url} ${r.audience}`);
      expect(routes).toEqual(
        expect.arrayContaining([
          'POST /connector/api/2011-11/user provider',
          'GET /api/v1/users/:uuid any',
          'POST /api/v1/dead-letters/:id/replay operator',
          'GET /healthz public',
        ]),
      );
      expect(routes.filter((r) => r.startsWith('HEAD '))).toEqual([]);
      // Every route answers: none is listed that the hub does not serve.
      for (const route of f.hub.routes) expect(f.hub.app.hasRoute({ method: route.method as 'GET', url: route.url })).toBe(true);
    } finally {
      await f.close();
    }
  });
});
