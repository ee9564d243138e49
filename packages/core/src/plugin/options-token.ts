import type { InjectionToken } from 'tsyringe';
import type { z } from 'zod';
import { PluginOptionsToken } from '../tokens';

/**
 * The token under which core binds a plugin's turn-up options, parsed by its schema, typed from that
 * schema: inject it and the options arrive as `z.output<typeof schema>`, with no cast. Declare it next to
 * the schema, so operation classes import it without importing the plugin's definition (which imports
 * them).
 *
 * Every plugin gets the same token at run time: each turn-up has a child container of its own, holding
 * one plugin's options, so the type is the only thing that differs.
 *
 * @example
 * ```ts
 * export const acmeOptionsSchema = z.object({ apiKey: secret(z.string()) });
 * export const AcmeOptionsToken = pluginOptionsToken(acmeOptionsSchema);
 * // in an operation class or API client:
 * constructor(@inject(AcmeOptionsToken) options: AcmeOptions) { options.apiKey; }
 * ```
 */
export function pluginOptionsToken<S extends z.ZodType>(_schema?: S): InjectionToken<z.output<S>> {
  return PluginOptionsToken as InjectionToken<z.output<S>>;
}
