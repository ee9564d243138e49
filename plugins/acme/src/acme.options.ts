import { pluginOptionsToken, secret } from '@connector/core/plugin';
import { z } from 'zod';

/** The turn-up options of Acme: the account's API key (secret: redacted everywhere). */
export const acmeOptionsSchema = z.object({
  apiKey: secret(z.string().min(1, 'must not be empty')),
});

/** Acme's parsed turn-up options. */
export type AcmeOptions = z.infer<typeof acmeOptionsSchema>;

/** Injects Acme's parsed turn-up options, typed: `@inject(AcmeOptionsToken) options: AcmeOptions`. */
export const AcmeOptionsToken = pluginOptionsToken(acmeOptionsSchema);
