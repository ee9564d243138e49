import { NotFoundError } from '@connector/core';
import type { FastifyInstance } from 'fastify';
import type { HubContext } from './hub-context';
import { JSON_API_PREFIX } from './json-api.routes';

/** Where platforms post their webhooks: `/api/v1/webhooks/<client>/<platform>`. */
export const WEBHOOK_PATH = `${JSON_API_PREFIX}/webhooks/:client/:platform`;

/** Header values as strings (a repeated header's values joined), names in lower case as Node gives them. */
function headerMap(headers: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]));
}

/**
 * Webhooks in (two-way sync). No API key: the platform's plugin verifies the request's signature on its
 * raw bytes with the turn-up's secret (401 and an INBOUND WARNING when it fails; the body is never
 * echoed nor logged). 202 once the changes are durable; a redelivered message changes nothing. The body
 * is limited like every endpoint's (413).
 */
export async function webhookRoutes(app: FastifyInstance, ctx: HubContext): Promise<void> {
  // The signature covers the bytes as sent: this scope keeps every body as a Buffer, whatever its type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.post<{ Params: { client: string; platform: string } }>(WEBHOOK_PATH, { config: { audience: 'public' } }, async (request, reply) => {
    const { client, platform } = request.params;
    const runtime = ctx.connector.runtime(client, platform);
    // The path's values are not echoed: this endpoint answers anyone.
    if (!runtime?.plugin.capabilities.webhooks) throw new NotFoundError('no webhook endpoint at this address');
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const outcome = await ctx.connector.receiveWebhook(client, platform, { headers: headerMap(request.headers), rawBody, receivedAt: Date.now() });
    return reply
      .code(202)
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ accepted: outcome.messages, duplicates: outcome.duplicates, changed: outcome.saved }));
  });
}
