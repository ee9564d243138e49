import { ConfigurationError } from '@connector/core';
import { formatPath } from './format-issues';

const REFERENCE = /\$?\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces every `${env:NAME}` in the strings of a configuration object by `env.NAME`, so secrets can
 * stay out of the file. `$${env:NAME}` is kept as the literal text `${env:NAME}`. A variable that is
 * not set fails with the field and the variable named: an empty secret is never what was meant.
 */
export function resolveEnvReferences(value: unknown, env: NodeJS.ProcessEnv, path: Array<string | number> = []): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${env:')) return value;
    return value.replace(REFERENCE, (match: string, name: string) => {
      if (match.startsWith('$$')) return match.slice(1);
      const resolved = env[name];
      if (resolved === undefined) {
        throw new ConfigurationError(`configuration is not valid: ${formatPath(path)}: environment variable ${name} is not set`, { field: formatPath(path) });
      }
      return resolved;
    });
  }
  if (Array.isArray(value)) return value.map((item, index) => resolveEnvReferences(item, env, [...path, index]));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = resolveEnvReferences(item, env, [...path, key]);
    return out;
  }
  return value;
}
