import { pluginOptionsToken, secret } from '@connector/core/plugin';
import { z } from 'zod';

/** The Standard Webhooks form of a signing secret: `whsec_` and 24 to 64 random bytes in base64. */
const SECRET_FORM = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

function secretBytes(value: string): number {
  return Buffer.from(value.slice('whsec_'.length), 'base64').length;
}

/**
 * The turn-up options of a webhook receiver. The URL is the turn-up's connection (scheme, host, port,
 * path). The secret is shared with the receiver, which verifies each signature with it (redacted everywhere;
 * an error names the field, never the value).
 */
export const webhookOptionsSchema = z.object({
  secret: secret(
    z
      .string()
      .regex(SECRET_FORM, 'must be a Standard Webhooks secret: whsec_ followed by base64')
      .refine((value) => secretBytes(value) >= 24 && secretBytes(value) <= 64, 'must hold 24 to 64 bytes after whsec_ (e.g. 32 random bytes in base64)'),
  ),
});

/** A webhook turn-up's parsed options. */
export type WebhookOptions = z.infer<typeof webhookOptionsSchema>;

/** Injects the parsed options: `@inject(WebhookOptionsToken) options: WebhookOptions`. */
export const WebhookOptionsToken = pluginOptionsToken(webhookOptionsSchema);
