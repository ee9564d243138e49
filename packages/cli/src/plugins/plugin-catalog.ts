import type { ConnectorPlugin, PluginCapabilities } from '@connector/core';
import { coreModule } from '../lazy';

/** The plugins that ship with the Connector, listed when no configuration names any. */
export const BUNDLED_PLUGINS = [
  '@connector/plugin-acme',
  '@connector/plugin-mindbody-soap',
  '@connector/plugin-mindbody',
  '@connector/plugin-webhook',
] as const;

/** One plugin package as `connector plugins list` sees it: loaded, or why not. */
export interface PluginEntry {
  packageName: string;
  plugin?: ConnectorPlugin;
  /** Why the package did not load (one line). */
  error?: string;
}

/** One turn-up option of a plugin, read from its zod schema. */
export interface PluginOptionInfo {
  /** Dotted for nested options. */
  name: string;
  type: string;
  required: boolean;
  secret: boolean;
  description?: string;
}

/** The package name of a plugin given as `acme` or as `@connector/plugin-acme`. */
export function pluginPackageName(nameOrId: string): string {
  if (nameOrId.startsWith('@') || nameOrId.includes('/')) return nameOrId;
  if (nameOrId.startsWith('plugin-')) return `@connector/${nameOrId}`;
  return `@connector/plugin-${nameOrId}`;
}

/** Loads each package; one that fails is reported, not thrown, so the others still list. */
export function loadPluginEntries(packageNames: readonly string[], requireFn?: (id: string) => unknown): PluginEntry[] {
  return packageNames.map((packageName) => {
    try {
      return { packageName, plugin: coreModule().loadPlugin(packageName, requireFn) };
    } catch (error) {
      return { packageName, error: (error instanceof Error ? error.message : String(error)).split('\n')[0] };
    }
  });
}

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  description?: string;
  'x-secret'?: boolean;
}

function typeName(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return [...new Set(variants.map(typeName))].join(' | ');
  if (schema.type === 'array') return `${schema.items ? typeName(schema.items) : 'any'}[]`;
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  return schema.type ?? 'any';
}

function isSecret(schema: JsonSchema): boolean {
  return schema['x-secret'] === true || !!(schema.anyOf ?? schema.oneOf)?.some(isSecret);
}

/**
 * The turn-up options of a plugin, from its zod schema (via zod's JSON Schema, as an input: an option
 * with a default is not required). Secrets are the ones the plugin marked with `secret(...)`.
 */
export function describeOptions(plugin: ConnectorPlugin): PluginOptionInfo[] {
  const options = plugin.options as unknown as { toJSONSchema(params: Record<string, unknown>): JsonSchema };
  const root = options.toJSONSchema({ io: 'input', unrepresentable: 'any' });
  const secrets = new Set(plugin.secretOptions);
  const out: PluginOptionInfo[] = [];
  const walk = (schema: JsonSchema, prefix: string, parentRequired: boolean) => {
    const required = new Set(schema.required ?? []);
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      const name = prefix ? `${prefix}.${key}` : key;
      const isRequired = parentRequired && required.has(key);
      if (child.properties && !isSecret(child)) {
        walk(child, name, isRequired);
        continue;
      }
      out.push({ name, type: typeName(child), required: isRequired, secret: isSecret(child) || secrets.has(name), description: child.description });
    }
  };
  walk(root, '', true);
  return out;
}

/** The capabilities in words: `prospects (create+update), members (save), conversion (convertProspect), …`. */
export function describeCapabilities(capabilities: PluginCapabilities): string[] {
  const out: string[] = [];
  if (capabilities.prospects) out.push(`prospects (${capabilities.prospects})`);
  if (capabilities.members) out.push(`members (${capabilities.members})`);
  if (capabilities.conversion) out.push(`conversion (${capabilities.conversion})`);
  if (capabilities.staff) out.push('staff (list)');
  const ls = capabilities.leadSources;
  if (ls.list) out.push(`lead sources (${['list', ls.create ? 'create' : '', ls.update ? 'update' : ''].filter(Boolean).join(', ')})`);
  if (capabilities.find) out.push('find');
  if (capabilities.merge) out.push('merge');
  if (capabilities.check) out.push('check');
  return out;
}
