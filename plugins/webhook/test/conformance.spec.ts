import { describePluginConformance } from '@connector/testing';
import webhookPlugin from '@connector/plugin-webhook';
import { startWebhookReceiver } from '@connector/plugin-webhook/simulator';

describePluginConformance(webhookPlugin, { simulator: () => startWebhookReceiver() });
