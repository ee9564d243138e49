import { pluginOptionsToken, secret } from '@connector/core/plugin';
import { z } from 'zod';

/**
 * The turn-up options of the MINDBODY plugin. MINDBODY is SaaS: there is no connection to give, but every
 * call carries the developer's API key and the business's site ID, and a staff user token issued for a
 * staff login of that site (business mode: the mode in which client search and sales reps work).
 */
export const mindbodyOptionsSchema = z.object({
  /** The developer account's API key (sent as the `Api-Key` header). */
  apiKey: secret(z.string({ error: 'is required' }).min(1, 'must not be empty')),
  /** The business's site ID (sent as the `SiteId` header); -99 is MINDBODY's sandbox site. */
  siteId: z
    .string({ error: 'is required (as a string, e.g. "-99")' })
    .regex(/^-?\d+$/, 'must be the MINDBODY site ID, digits only (e.g. "-99" for the sandbox)'),
  /** A staff login of the site, used to issue the staff user token. */
  staffUsername: z.string({ error: 'is required' }).min(1, 'must not be empty'),
  /** That staff login's password. */
  staffPassword: secret(z.string({ error: 'is required' }).min(1, 'must not be empty')),
  /**
   * The `messageSignatureKey` of the Webhooks API subscription that posts to this turn-up (returned once,
   * when the subscription is created): webhooks are verified with it. Without it, webhooks are refused.
   */
  webhookSignatureKey: secret(z.string().min(1, 'must not be empty')).optional(),
});

/** Parsed turn-up options of the MINDBODY plugin. */
export type MindbodyOptions = z.infer<typeof mindbodyOptionsSchema>;

/** Injects the parsed turn-up options, typed: `@inject(MindbodyOptionsToken) options: MindbodyOptions`. */
export const MindbodyOptionsToken = pluginOptionsToken(mindbodyOptionsSchema);
