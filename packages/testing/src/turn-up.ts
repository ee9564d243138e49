import { createLogger, createPlatformRuntime, Redactor, type ConnectorPlugin, type Logger, type PlatformRuntime, type PluginOptionsOf } from '@connector/core';
import { captureLogger, type CapturedLog } from './capture-logger';
import type { PlatformSimulator } from './simulator';

/** A plugin's runtime whose parsed options are typed from the plugin's options schema. */
export type SimulatorRuntime<P extends ConnectorPlugin = ConnectorPlugin> = PlatformRuntime & { readonly options: PluginOptionsOf<P> };

/** Settings of {@link turnUpPlugin} and {@link turnUpOnSimulator}. */
export interface TurnUpOptions {
  /** Hub club IDs of the test client, each mapped to a club of the simulator (default: club-1, club-2). */
  clubIds?: string[];
  /** The IANA time zone of every club (default: America/Vancouver). */
  timeZone?: string;
  /** The test client's ID (default: client-1). */
  clientId?: string;
  /** Turn up with a wrong secret. */
  badCredentials?: boolean;
  /** Replaces the simulator's club mapping, e.g. to map a club the platform does not have. */
  clubs?: Record<string, string>;
  /** Sends the calls to this port of 127.0.0.1 instead of the simulator's (a proxy in front of it, e.g. Prism). */
  viaPort?: number;
  /** Where the runtime logs (default: nowhere for {@link turnUpPlugin}; captured for {@link turnUpOnSimulator}). */
  logger?: Logger;
  /** The redactor the turn-up's secrets are added to (default: a new one, or the captured logger's). */
  redactor?: Redactor;
}

/**
 * Turns a plugin up on a running simulator through core's runtime, as the Connector would: the plugin's
 * operations are called directly on the answer. The options come back typed from the plugin's schema.
 * Anything that hands out a working turn-up will do as the simulator (a golden-sample server, say).
 */
export function turnUpPlugin<P extends ConnectorPlugin>(
  plugin: P,
  simulator: Pick<PlatformSimulator, 'turnUp'>,
  options: TurnUpOptions = {},
): SimulatorRuntime<P> {
  const clubIds = options.clubIds ?? ['club-1', 'club-2'];
  const turnUp = simulator.turnUp({ hubClubIds: clubIds, badCredentials: options.badCredentials });
  const connection = turnUp.connection && options.viaPort !== undefined ? { ...turnUp.connection, port: options.viaPort } : turnUp.connection;
  const runtime = createPlatformRuntime({
    plugin,
    client: {
      id: options.clientId ?? 'client-1',
      name: 'Test Fitness',
      clubs: clubIds.map((id, i) => ({ id, name: `Club ${i + 1}`, timeZone: options.timeZone ?? 'America/Vancouver' })),
    },
    turnUp: { ...turnUp, plugin: plugin.id, connection, clubs: options.clubs ?? turnUp.clubs },
    logger: options.logger ?? createLogger({ level: 'silent' }),
    redactor: options.redactor,
  });
  // Core parsed the options with this very plugin's schema: the type only says so.
  return runtime as SimulatorRuntime<P>;
}

/** A simulator with a plugin turned up on it: what {@link turnUpOnSimulator} gives. */
export interface SimulatorTurnUp<P extends ConnectorPlugin, S extends PlatformSimulator> {
  simulator: S;
  runtime: SimulatorRuntime<P>;
  /** What the turn-ups' logger was handed and wrote (redacted), when no logger was given. */
  log: CapturedLog;
  /** Another turn-up of the same client on the same simulator, e.g. with bad credentials; closed with it. */
  turnUp(options?: TurnUpOptions): SimulatorRuntime<P>;
  /** Releases every turn-up's transports, then stops the simulator. */
  close(): Promise<void>;
}

/**
 * Starts a simulator and turns the plugin up on it: the set-up every plugin's own tests need (start the
 * simulator, build the turn-up against it, close both). Logs are captured at debug level unless a
 * logger is given.
 *
 * @example
 * ```ts
 * const acme = await turnUpOnSimulator(acmePlugin, () => startAcmeSimulator(), { clubIds: ['north'] });
 * await acme.runtime.prospects!.create!({ hubId, person, club: acme.runtime.clubContext('north')! });
 * expect(await acme.simulator.people()).toHaveLength(1);
 * await acme.close();
 * ```
 */
export async function turnUpOnSimulator<P extends ConnectorPlugin, S extends PlatformSimulator>(
  plugin: P,
  startSimulator: () => Promise<S>,
  options: TurnUpOptions = {},
): Promise<SimulatorTurnUp<P, S>> {
  const simulator = await startSimulator();
  const log = captureLogger(options.redactor ?? new Redactor());
  const runtimes: SimulatorRuntime<P>[] = [];
  const turnUp = (extra: TurnUpOptions = {}) => {
    const runtime = turnUpPlugin(plugin, simulator, { logger: log.logger, redactor: log.redactor, ...options, ...extra });
    runtimes.push(runtime);
    return runtime;
  };
  let runtime: SimulatorRuntime<P>;
  try {
    runtime = turnUp();
  } catch (error) {
    // A turn-up the runtime refuses (a bad option, a club it does not know) must not leave a server running.
    await simulator.close();
    throw error;
  }
  return {
    simulator,
    runtime,
    log,
    turnUp,
    async close() {
      await Promise.all(runtimes.map((r) => r.close()));
      await simulator.close();
    },
  };
}
