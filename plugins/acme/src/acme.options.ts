import { pluginOptionsToken, secret } from '@connector/core/plugin';
import { z } from 'zod';

/** The turn-up options of Acme: the account's API key and the webhook endpoint's signing secret (secrets: redacted everywhere). */
export const acmeOptionsSchema = z.object({
  apiKey: secret(z.string().min(1, 'must not be empty')),
  /** The secret Acme signs webhooks with (shown once when the endpoint is added in Acme). Without it, webhooks are refused. */
  webhookSecret: secret(z.string().min(16, 'must be the 16+ character secret Acme showed for the webhook endpoint')).optional(),
});

/** Acme's parsed turn-up options. */
export type AcmeOptions = z.infer<typeof acmeOptionsSchema>;

/** Injects Acme's parsed turn-up options, typed: `@inject(AcmeOptionsToken) options: AcmeOptions`. */
export const AcmeOptionsToken = pluginOptionsToken(acmeOptionsSchema);
