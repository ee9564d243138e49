export { WebhookReceiver, startWebhookReceiver, type ReceivedWebhook } from './webhook-receiver';
