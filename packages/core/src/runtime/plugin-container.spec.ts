import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import { z } from 'zod';
import { definePlugin } from '../plugin/define-plugin';
import { pluginOptionsToken } from '../plugin/options-token';
import type { ConnectorStore } from '../store/store';
import { StoreToken, TurnUpToken } from '../tokens';
import { Connector } from './connector';
import { createPlatformRuntime } from './platform-runtime';

const optionsSchema = z.object({ region: z.string() });
const OptionsToken = pluginOptionsToken(optionsSchema);

@injectable()
class Check {
  constructor(@inject(OptionsToken) private readonly options: z.output<typeof optionsSchema>) {}
  async check() {
    return { detail: `region ${this.options.region}` };
  }
}

/** A plugin that asks for the store: its container must refuse. */
@injectable()
class StoreReadingProspects {
  constructor(@inject(StoreToken) readonly store: ConnectorStore) {}
  async save() {
    return 'p-1';
  }
}

const plugin = definePlugin({
  id: 'nosy',
  displayName: 'Nosy',
  version: '1.0.0',
  connection: 'none',
  options: optionsSchema,
  operations: { check: Check, prospects: StoreReadingProspects },
});

describe("a turn-up's container", () => {
  // Nothing here reaches the store: it only has to be told apart from everything else.
  const store = { name: 'the store' } as unknown as ConnectorStore;
  const connector = Connector.create({
    store,
    clients: [{ id: 'client-a', clubs: [{ id: 'club-1' }], platforms: [{ plugin: 'nosy', clubs: { 'club-1': 'c-1' }, options: { region: 'eu' } }] }],
    plugins: { nosy: plugin },
  });
  const runtime = connector.runtime('client-a', 'nosy')!;

  it('cannot resolve the store, and says why', () => {
    expect(() => runtime.container.resolve(StoreToken)).toThrow('[nosy] a plugin cannot use the store');
    expect(() => runtime.prospects).toThrow('a plugin cannot use the store');
  });

  it('still holds what a plugin may inject: the turn-up and its typed options', async () => {
    expect(runtime.container.resolve(TurnUpToken).clubs).toEqual({ 'club-1': 'c-1' });
    expect(runtime.container.resolve(plugin.optionsToken).region).toBe('eu');
    await expect(runtime.check.check()).resolves.toEqual({ detail: 'region eu' });
  });

  it('is not where the runtime keeps the store: the runtime container still resolves it', () => {
    expect(connector.container.resolve(StoreToken)).toBe(store);
    expect(connector.store).toBe(store);
  });
});

describe('matchBeforeCreate and mergeDuplicates of a turn-up', () => {
  const turnUp = (extra: Record<string, unknown>) => ({ plugin: 'nosy', clubs: { 'club-1': 'c-1' }, options: { region: 'eu' }, ...extra });
  const client = { id: 'client-a', clubs: [{ id: 'club-1' }] };

  it('refuses either one, named, when asked of a plugin that cannot look up or merge', () => {
    expect(() => createPlatformRuntime({ plugin, client, turnUp: turnUp({ matchBeforeCreate: true }) })).toThrow(
      'turn-up (client client-a, platform nosy): matchBeforeCreate: Nosy cannot look a person up (no find)',
    );
    expect(() => createPlatformRuntime({ plugin, client, turnUp: turnUp({ mergeDuplicates: true }) })).toThrow(
      'turn-up (client client-a, platform nosy): mergeDuplicates: Nosy cannot merge two records of one person',
    );
  });

  it('takes false, and a value that is not a boolean is refused naming the field', () => {
    expect(createPlatformRuntime({ plugin, client, turnUp: turnUp({ matchBeforeCreate: false, mergeDuplicates: false }) }).turnUp.matchBeforeCreate).toBe(
      false,
    );
    expect(() => createPlatformRuntime({ plugin, client, turnUp: turnUp({ matchBeforeCreate: 'yes' }) })).toThrow(/matchBeforeCreate.*must be true or false/);
  });
});
