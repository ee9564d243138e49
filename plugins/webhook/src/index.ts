import { webhookPlugin } from './webhook.plugin';

export default webhookPlugin;
export { webhookPlugin, webhookPluginWith, WEBHOOK_TIMEOUT_MS } from './webhook.plugin';
export { WebhookOptionsToken, webhookOptionsSchema, type WebhookOptions } from './webhook.options';
export { webhookId, type CheckEvent, type PersonEvent, type PersonEventType } from './webhook-event';
export { WebhookSender } from './webhook-sender';
export { WebhookCheck } from './operations/check.operation';
export { WebhookMembers, WebhookProspects } from './operations/people.operations';
