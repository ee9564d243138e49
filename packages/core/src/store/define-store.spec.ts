import { z } from 'zod';
import { defineStore, isConnectorStoreDefinition, StoreDefinitionError, type StoreContext } from './define-store';
import { loadStore } from './load-store';
import { checkStoreOptions, openStore, StoreOptionsError } from './open-store';
import type { ConnectorStore } from './store';

/** A store package's definition whose `open` keeps what it was given (the store itself is not used). */
function journalDefinition() {
  const opened: Array<{ options: unknown; context: StoreContext }> = [];
  const definition = defineStore({
    type: 'journal',
    options: z.strictObject({
      folder: z.string({ error: 'must be a folder path' }),
      mode: z.enum(['FAST', 'SAFE'], { error: 'must be FAST or SAFE' }).default('SAFE'),
    }),
    open: (options, context) => {
      opened.push({ options, context });
      return { close: async () => undefined } as unknown as ConnectorStore;
    },
  });
  return { definition, opened };
}

describe('defineStore', () => {
  it('answers a frozen definition that names itself, displayName defaulting to the type', () => {
    const { definition } = journalDefinition();
    expect(definition).toMatchObject({ type: 'journal', displayName: 'journal', kind: 'connector-store' });
    expect(Object.isFrozen(definition)).toBe(true);
    expect(isConnectorStoreDefinition(definition)).toBe(true);
    expect(isConnectorStoreDefinition({ type: 'journal' })).toBe(false);
  });

  it('checks the definition eagerly, naming the store', () => {
    const open = () => ({}) as ConnectorStore;
    expect(() => defineStore({ type: 'Not Kebab', options: z.object({}), open })).toThrow(
      new StoreDefinitionError('store type must be lower-case kebab-case, got "Not Kebab"'),
    );
    expect(() => defineStore({ type: 'pg', options: {} as z.ZodObject, open })).toThrow('store pg: options must be a zod schema (z.strictObject({...}))');
    expect(() => defineStore({ type: 'pg', options: z.object({}), open: undefined as never })).toThrow('store pg: open(options, context) must be a function');
    expect(() => defineStore({ type: 'pg', displayName: '', options: z.object({}), open })).toThrow(
      'store pg: displayName must be a non-empty string when given',
    );
  });
});

describe('loadStore', () => {
  it('takes the default export of the package the configuration names', () => {
    const { definition } = journalDefinition();
    expect(loadStore('@acme/store-journal', () => ({ default: definition }))).toBe(definition);
    expect(loadStore('@acme/store-journal', () => definition)).toBe(definition);
  });

  it('names the package and the field when it cannot be loaded or is not a store', () => {
    const missing = () => {
      throw new Error("Cannot find module '@acme/nope'\nRequire stack: ...");
    };
    expect(() => loadStore('@acme/nope', missing)).toThrow(
      expect.objectContaining({ field: 'store.package', message: "store package @acme/nope could not be loaded: Cannot find module '@acme/nope'" }),
    );
    expect(() => loadStore('@acme/plugin', () => ({ default: { kind: 'connector-plugin' } }))).toThrow(
      'store package @acme/plugin does not default-export a defineStore(...) value',
    );
  });
});

describe('openStore', () => {
  it("opens with the options as the store's schema parsed them (defaults applied) and the context", async () => {
    const { definition, opened } = journalDefinition();
    const logger = { info: () => undefined } as unknown as StoreContext['logger'];
    await openStore({ package: 'journal', options: { folder: '/srv/data' } }, { logger }, () => definition);
    expect(opened).toEqual([{ options: { folder: '/srv/data', mode: 'SAFE' }, context: { logger } }]);
  });

  it('names every wrong option by its place in the configuration, and opens nothing', async () => {
    const { definition, opened } = journalDefinition();
    const error = await openStore({ package: 'journal', options: { mode: 'SLOW', colour: 'red' } }, {}, () => definition).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreOptionsError);
    expect((error as StoreOptionsError).problems).toEqual([
      'store.options.folder: is required',
      'store.options.mode: must be FAST or SAFE',
      'store.options.colour: is not a known field',
    ]);
    expect((error as StoreOptionsError).field).toBe('store.options.folder');
    expect(opened).toEqual([]);
    // Options written elsewhere (beside `type: sqlite`) are named where they are written.
    expect(() => checkStoreOptions(definition, { folder: 1 }, 'store')).toThrow('store.folder: must be a folder path');
  });
});
