import type { FastifyInstance } from 'fastify';
import type { HubContext } from './hub-context';
import { JSON_API_PREFIX } from './json-api.routes';
import { openApiDocument } from './openapi';

// A lookup by primary key: proves the store answers without scanning anything.
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** /healthz (no auth), /metrics (per `server.metrics`) and the OpenAPI description. */
export async function opsRoutes(app: FastifyInstance, ctx: HubContext): Promise<void> {
  // 200 while the store reads and writes; 503 `degraded` when it cannot write (a full disk), 503
  // `unavailable` when it cannot even read. The store's error names no path beyond the data folder's name.
  app.get('/healthz', { config: { audience: 'public' } }, async (_request, reply) => {
    try {
      await ctx.store.getRecord(NIL_UUID);
    } catch (error) {
      ctx.logger.error('health check: the store is not reachable', { error });
      return reply.code(503).send({ status: 'unavailable', reason: 'DATABASE' });
    }
    const store = ctx.store.health ? await ctx.store.health() : { ok: true };
    if (store.ok) return reply.code(200).send({ status: 'ok', store: { ok: true } });
    ctx.logger.error('health check: the store cannot write', { error: store.error });
    return reply.code(503).send({ status: 'degraded', store: { ok: false, error: store.error } });
  });

  if (ctx.config.server.metrics !== 'off') {
    app.get('/metrics', { config: { audience: ctx.config.server.metrics === 'public' ? 'public' : 'any' } }, async (_request, reply) => {
      const body = await ctx.metrics.registry.metrics();
      return reply.code(200).header('content-type', ctx.metrics.registry.contentType).send(body);
    });
  }

  // Public: it describes the routes and their answers, it holds no data (and no secret of the configuration).
  const openapi = JSON.stringify(openApiDocument());
  app.get(`${JSON_API_PREFIX}/openapi.json`, { config: { audience: 'public' } }, async (_request, reply) =>
    reply.code(200).header('content-type', 'application/json; charset=utf-8').send(openapi),
  );
}
