import { z } from 'zod';
import { definePlugin, isConnectorPlugin } from './define-plugin';
import { secret } from './secret';
import { loadPlugin } from './load-plugin';

class Check {
  async check() {}
}
class SaveProspects {
  async save() {
    return '1';
  }
}
class CreateOnly {
  async create() {
    return '1';
  }
}
class Members {
  async create() {
    return '1';
  }
  async update() {}
  async convertProspect() {}
}
class Staff {
  async list() {
    return [];
  }
}
class LeadSources {
  async list() {
    return [];
  }
  async create() {
    return '1';
  }
}

const base = {
  id: 'demo',
  displayName: 'Demo',
  version: '1.0.0',
  connection: 'required' as const,
  options: z.object({ apiKey: secret(z.string()), nested: z.object({ password: secret(z.string()).optional(), region: z.string() }) }),
};

describe('definePlugin', () => {
  it('derives capabilities from the operation classes', () => {
    const plugin = definePlugin({ ...base, operations: { check: Check, prospects: SaveProspects, members: Members, staff: Staff, leadSources: LeadSources } });
    expect(plugin.capabilities).toEqual({
      prospects: 'save',
      members: 'create+update',
      conversion: 'convertProspect',
      staff: true,
      leadSources: { list: true, create: true, update: false },
      find: false,
      merge: false,
      pull: { changes: false, get: false },
      webhooks: false,
      check: true,
    });
    expect(isConnectorPlugin(plugin)).toBe(true);
  });

  it('refuses an option key its schema does not know, instead of dropping it', () => {
    const plugin = definePlugin({ ...base, operations: { check: Check, prospects: SaveProspects } });
    const result = plugin.options.safeParse({ apiKey: 'k', nested: { region: 'eu' }, apiKye: 'k' });
    expect(result.success).toBe(false);
    expect(result.error!.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['apiKye'], path: [] })]);
    expect(plugin.options.safeParse({ apiKey: 'k', nested: { region: 'eu' } }).success).toBe(true);
  });

  it('finds every secret option, nested and optional ones included', () => {
    const plugin = definePlugin({ ...base, operations: { check: Check, prospects: SaveProspects } });
    expect(plugin.secretOptions).toEqual(['apiKey', 'nested.password']);
  });

  it('names the plugin and the gap when prospects have create without update', () => {
    expect(() => definePlugin({ ...base, operations: { check: Check, prospects: CreateOnly } })).toThrow(
      '[demo] prospects need `save` or both `create` and `update`; CreateOnly has only `create`',
    );
  });

  it('requires a check operation and at least one entity', () => {
    expect(() => definePlugin({ ...base, operations: { check: undefined as never, prospects: SaveProspects } })).toThrow('[demo] operations.check');
    expect(() => definePlugin({ ...base, operations: { check: Check } })).toThrow('[demo] supports no entity');
  });

  it('rejects an id that is not kebab-case', () => {
    expect(() => definePlugin({ ...base, id: 'Demo Plugin', operations: { check: Check, prospects: SaveProspects } })).toThrow(
      'plugin id must be lower-case kebab-case',
    );
  });

  it('loads a plugin by package name and refuses a package that is not one', () => {
    const plugin = definePlugin({ ...base, operations: { check: Check, prospects: SaveProspects } });
    expect(loadPlugin('x', () => ({ default: plugin }))).toBe(plugin);
    expect(() => loadPlugin('lodash', () => ({ map: 1 }))).toThrow('plugin package lodash does not default-export a definePlugin(...) value');
    expect(() => loadPlugin('@nope/missing')).toThrow(/plugin package @nope\/missing could not be loaded/);
  });
});
