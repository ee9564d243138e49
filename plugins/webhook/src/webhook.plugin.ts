import { definePlugin, type ConnectorPlugin } from '@connector/core/plugin';
import type { DependencyContainer } from 'tsyringe';
import { WebhookCheck } from './operations/check.operation';
import { WebhookMembers, WebhookProspects } from './operations/people.operations';
import { webhookOptionsSchema } from './webhook.options';
import { WebhookSender } from './webhook-sender';

/** How long a receiver has to answer one POST before the attempt counts as timed out (and is retried). */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * The webhook platform with another per-call timeout (tests use a short one to exercise a receiver that
 * times out without waiting ten seconds). The default export is `webhookPluginWith()`.
 */
export function webhookPluginWith(settings: { timeoutMs?: number } = {}): ConnectorPlugin<typeof webhookOptionsSchema> {
  return definePlugin({
    id: 'webhook',
    displayName: 'Webhook',
    version: '0.1.0',
    description: 'Outbound webhooks: each prospect or member change POSTed as JSON to a URL, signed per Standard Webhooks.',
    connection: 'required',
    options: webhookOptionsSchema,
    operations: {
      prospects: WebhookProspects,
      members: WebhookMembers,
      check: WebhookCheck,
    },
    register(container: DependencyContainer) {
      container.registerSingleton(WebhookSender);
    },
    transport: { protocol: 'rest', timeoutMs: settings.timeoutMs ?? WEBHOOK_TIMEOUT_MS },
    limits: [
      'Prospects and members only: staff and lead sources are not sent as events of their own.',
      'The person goes as the hub holds it, lead source by name and staff owner by email: a receiver has no lists to resolve them against, so the Connector Log notes that neither was resolved.',
      'A receiver must answer within 10 seconds; it should keep the webhook-id values it processed, since a retry after a timeout carries the same id.',
    ],
  });
}

/** The webhook platform: see README.md. */
export const webhookPlugin = webhookPluginWith();
