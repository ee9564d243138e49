import path from 'node:path';
import type { Connector, ConnectorStore, Redactor } from '@connector/core';
import type { HubConfig } from '@connector/hub';
import { CliError } from '../cli-error';
import type { CliIo } from '../cli-io';
import { coreModule, hubModule } from '../lazy';

/** The flags every command that reads a configuration file accepts. */
export interface ConfigFlags {
  config?: string;
  /** Overrides the server port (wins over CONNECTOR_PORT and the file). */
  port?: string;
  /** Overrides the data folder (wins over CONNECTOR_DATA_DIR and the file). */
  dataDir?: string;
}

/** The configuration file named by `--config`, else by CONNECTOR_CONFIG. */
export function configPath(io: CliIo, flags: ConfigFlags): string {
  const file = flags.config ?? io.env.CONNECTOR_CONFIG;
  if (!file) throw new CliError('--config <file> is required (or set CONNECTOR_CONFIG)', 2);
  return path.resolve(io.cwd, file);
}

/**
 * The environment the hub's loader sees: flags are passed as the variables the loader already honours
 * (CONNECTOR_PORT, CONNECTOR_DATA_DIR), so the precedence is one rule: flag, then environment, then file.
 */
export function configEnv(io: CliIo, flags: ConfigFlags): Record<string, string | undefined> {
  const env = { ...io.env };
  if (flags.port !== undefined) env.CONNECTOR_PORT = flags.port;
  if (flags.dataDir !== undefined) env.CONNECTOR_DATA_DIR = path.resolve(io.cwd, flags.dataDir);
  else if (env.CONNECTOR_DATA_DIR) env.CONNECTOR_DATA_DIR = path.resolve(io.cwd, env.CONNECTOR_DATA_DIR);
  return env;
}

/** A configuration file that cannot work: one `field: reason` line per problem. */
export class ConfigFileError extends CliError {
  constructor(
    readonly problems: string[],
    readonly file: string,
  ) {
    super(problems.join('; '));
  }
}

/**
 * Loads and validates the configuration file. Problems come back as a {@link ConfigFileError}, printed
 * one per line with the field first (`error: clients[0].clubs: a client needs at least one club`);
 * problems with the file itself name the file.
 */
export function loadCliConfig(io: CliIo, flags: ConfigFlags): HubConfig {
  const file = configPath(io, flags);
  try {
    return hubModule().loadConfig(file, configEnv(io, flags));
  } catch (error) {
    const problems = (error as { problems?: unknown }).problems;
    if (!Array.isArray(problems)) throw error;
    // The file as the user named it, so the message points where they looked.
    const shown = flags.config ?? io.env.CONNECTOR_CONFIG ?? file;
    throw new ConfigFileError(
      problems.map((problem: string) => (/^(cannot read the file|not valid (YAML|JSON))/.test(problem) ? `${shown}: ${problem}` : problem)),
      shown,
    );
  }
}

/** A Connector on the configured store, without the HTTP server and without workers (unless started). */
export interface OpenedConnector {
  connector: Connector;
  store: ConnectorStore;
  redactor: Redactor;
  close(): Promise<void>;
}

/**
 * Opens the configured store (the one `serve` opens, by its package's definition) and builds the
 * Connector over it, for the commands that work on the data (import, log, dlq) rather than serve it.
 * The embedded SQLite store may be open in a running `connector serve` at the same time: it is made for
 * several processes.
 *
 * @throws HubConfigError naming the field when the store's package or one of its options is wrong.
 */
export async function openConnector(config: HubConfig, options: { verbose?: boolean } = {}): Promise<OpenedConnector> {
  const redactor = new (coreModule().Redactor)();
  redactor.addSecretValues(hubModule().storeSecrets(config.store));
  // The CLI's own output is the result; the winston lines are for --verbose only.
  const logger = coreModule().createLogger({ level: options.verbose ? 'info' : 'silent', redactor });
  // Inline checkpoints (when the store is SQLite): these commands are short jobs, and a checkpoint thread
  // would add ~50 MB to an import, whose memory must stay flat (a million lines in under 250 MB).
  const store = await hubModule().openConfiguredStore(hubModule().withSqliteOptions(config.store, { checkpoint: 'inline' }), { logger });
  let connector: Connector;
  try {
    connector = coreModule().Connector.create({ store, clients: config.clients, logger, redactor, engine: config.engine, worker: config.worker });
  } catch (error) {
    void store.close();
    throw error;
  }
  return {
    connector,
    store,
    redactor,
    async close() {
      await connector.stop(2_000);
      await store.close();
    },
  };
}
