import type { WebhookRequest } from '@connector/core/plugin';
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';

/** A webhook URL on 127.0.0.1 that keeps every request as the hub would hand it to the plugin. */
export interface WebhookReceiver {
  url: string;
  requests: WebhookRequest[];
  close(): Promise<void>;
}

/** Starts a {@link WebhookReceiver} that answers 202 to every POST, keeping the raw body. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const server = Fastify({ logger: false });
  const requests: WebhookRequest[] = [];
  server.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  server.post('/hooks/mindbody', async (request, reply) => {
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    requests.push({ headers, rawBody: request.body as Buffer, receivedAt: Date.now() });
    return reply.code(202).send();
  });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const { port } = server.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/mindbody`, requests, close: () => server.close() };
}
