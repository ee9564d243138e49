import { CliError } from '../cli-error';
import { pluginPackageName } from './plugin-catalog';

/** What the CLI needs of a plugin's simulator (every simulator of the testing kit has at least this). */
export interface LoadedSimulator {
  readonly url: string;
  /** A turn-up that works against the simulator (connection, options, club mapping). */
  turnUp?(options: { hubClubIds: string[] }): { connection?: unknown; clubs: Record<string, string>; options?: Record<string, unknown> };
  addStaff?(staff: { firstName: string; lastName: string; email: string }, clubIds?: string[]): Promise<string>;
  addLeadSource?(name: string, clubId?: string): Promise<string>;
  people?(): Promise<Array<{ id?: string; firstName: string; lastName: string; type: string; email?: string; clubId?: string }>>;
  /** A sale at the club (two-way sync): the prospect becomes a member in the platform. */
  sell?(platformId: string): Promise<unknown>;
  close(): Promise<void>;
}

/** A plugin's simulator entry, found by its export name. */
export interface SimulatorEntry {
  packageName: string;
  /** The exported function's name, e.g. `startAcmeSimulator`. */
  exportName: string;
  start(options: { port?: number }): Promise<LoadedSimulator>;
}

/**
 * Finds a plugin's simulator: the package's `/simulator` entry, and in it the exported function named
 * `start…Simulator`. Found by name so a new plugin's simulator works with `connector simulate` as soon
 * as it follows the template, with no list to update here.
 */
export function findSimulator(plugin: string, requireFn: (id: string) => unknown = require): SimulatorEntry {
  const packageName = pluginPackageName(plugin);
  let module: Record<string, unknown>;
  try {
    module = requireFn(`${packageName}/simulator`) as Record<string, unknown>;
  } catch (error) {
    const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new CliError(`${packageName} has no simulator that loads (${packageName}/simulator): ${detail}`);
  }
  const starters = Object.entries(module).filter(([name, value]) => /^start\w*Simulator$/.test(name) && typeof value === 'function');
  if (starters.length === 0) throw new CliError(`${packageName}/simulator exports no start…Simulator function`);
  if (starters.length > 1) {
    throw new CliError(`${packageName}/simulator exports several simulators (${starters.map(([name]) => name).join(', ')}): cannot tell which to start`);
  }
  const [exportName, start] = starters[0];
  return {
    packageName,
    exportName,
    start: (options) => (start as (o: { port?: number }) => Promise<LoadedSimulator>)(options),
  };
}
