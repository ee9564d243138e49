import { definePlugin, type PersonWrite, type ProspectOperations } from '@connector/core';
import { injectable } from 'tsyringe';
import { z } from 'zod';

/** Called as each create starts (the Postgres part times save-to-start with it). */
let createStarted: ((hubId: string) => void) | undefined;

/** Hears of the next creates until called again (undefined: no one listens). */
export function onIdleCreate(listener: ((hubId: string) => void) | undefined): void {
  createStarted = listener;
}

/** A platform that does no work at all: every create answers at once (on the next turn of the loop). */
@injectable()
class IdleProspects implements ProspectOperations {
  async create(input: PersonWrite): Promise<string> {
    createStarted?.(input.hubId);
    await new Promise((resolve) => setImmediate(resolve));
    return `idle-${input.hubId}`;
  }
  async update(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

@injectable()
class IdleCheck {
  async check() {
    return { detail: 'nothing to check' };
  }
}

/** The bench's platform that costs nothing: what is measured is the hub's own work. */
export const idlePlugin = definePlugin({
  id: 'idle',
  displayName: 'Idle',
  version: '0.0.0',
  connection: 'none',
  options: z.object({}),
  operations: { prospects: IdleProspects, check: IdleCheck },
});

/** The file's path, which a configuration names as the plugin (`plugin: IDLE_PLUGIN_PATH`) for a hub process to load. */
export const IDLE_PLUGIN_PATH = __filename;

// A plugin package default-exports its definition: so does this file, for `connector serve` processes.
export default idlePlugin;
