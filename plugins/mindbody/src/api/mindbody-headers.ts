import type { MindbodyOptions } from '../mindbody.options';

/** The headers every MINDBODY call carries: the developer's API key and the business's site. */
export function siteHeaders(options: MindbodyOptions): Record<string, string> {
  return { 'Api-Key': options.apiKey, SiteId: options.siteId };
}
