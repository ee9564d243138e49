import fs from 'node:fs';
import { loadPlugin, type ConnectorPlugin } from '@connector/core';
import { formatIssues, formatPath, friendlyErrors } from './format-issues';
import { HubConfigError, parseConfig, type HubConfig, type HubConfigInput } from './load-config';
import { checkConfiguredStore } from './open-configured-store';

/** What {@link validateConfiguration} may be given besides the configuration. */
export interface ValidateConfigurationOptions {
  /** Resolves a plugin package name (default: core's loadPlugin, i.e. `require`). */
  plugins?: (packageName: string) => ConnectorPlugin;
}

/** A configuration the hub can run on: every plugin loaded, every turn-up checked, the TLS files read. */
export interface ValidatedConfiguration {
  config: HubConfig;
  /** The plugins named by the turn-ups, each loaded once (give it to the Connector). */
  plugins: (packageName: string) => ConnectorPlugin;
  /** The certificate and key of `server.tls`, read. */
  tls?: { cert: Buffer; key: Buffer };
}

function readTlsFile(file: string, field: 'cert' | 'key', problems: string[]): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    problems.push(`server.tls.${field}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    return undefined;
  }
}

/**
 * The one check of a configuration, for `connector serve` and `connector config check` alike: the file's
 * fields (see parseConfig), the store (its package loads, its options suit its schema), then each turn-up against its plugin: the package loads, the options suit
 * the plugin's schema (unknown options refused), a connection is given where the plugin needs one,
 * every mapped club is a club of the client, and no platform key is used twice in a client. The TLS
 * files must be readable. Nothing is opened: no store, no port, no platform call.
 *
 * @throws HubConfigError with one `field.path: reason` line per problem, e.g.
 *   `clients[0].platforms[1].options.apiKey: is required`.
 */
export function validateConfiguration(input: HubConfig | HubConfigInput, options: ValidateConfigurationOptions = {}): ValidatedConfiguration {
  const config = parseConfig(input);
  const load = options.plugins ?? loadPlugin;
  const loaded = new Map<string, ConnectorPlugin>();
  const plugins = (name: string): ConnectorPlugin => {
    let plugin = loaded.get(name);
    if (!plugin) {
      plugin = load(name);
      loaded.set(name, plugin);
    }
    return plugin;
  };

  const problems: string[] = [];
  // The store package loads and its options suit its schema (nothing is opened).
  try {
    checkConfiguredStore(config.store);
  } catch (error) {
    if (!(error instanceof HubConfigError)) throw error;
    problems.push(...error.problems);
  }
  config.clients.forEach((client, i) => {
    const keys = new Map<string, number>();
    client.platforms.forEach((turnUp, j) => {
      const at = ['clients', i, 'platforms', j];
      let plugin: ConnectorPlugin;
      try {
        plugin = plugins(turnUp.plugin);
      } catch (error) {
        problems.push(`${formatPath([...at, 'plugin'])}: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      const parsed = plugin.options.safeParse(turnUp.options ?? {}, { error: friendlyErrors });
      if (!parsed.success) problems.push(...formatIssues(parsed.error.issues, [...at, 'options'], plugin.options));
      if (plugin.connection === 'required' && !turnUp.connection) {
        problems.push(`${formatPath([...at, 'connection'])}: is required by ${plugin.displayName} (host, scheme, credentials)`);
      }
      // Asked for explicitly, a look-up or a merge the plugin cannot do is refused rather than ignored.
      if (turnUp.matchBeforeCreate === true && !plugin.capabilities.find) {
        problems.push(`${formatPath([...at, 'matchBeforeCreate'])}: ${plugin.displayName} cannot look a person up (no find)`);
      }
      if (turnUp.mergeDuplicates === true && !plugin.capabilities.merge) {
        problems.push(`${formatPath([...at, 'mergeDuplicates'])}: ${plugin.displayName} cannot merge two records of one person`);
      }
      for (const hubClubId of Object.keys(turnUp.clubs)) {
        if (!client.clubs.some((club) => club.id === hubClubId))
          problems.push(`${formatPath([...at, 'clubs', hubClubId])}: ${hubClubId} is not a club of client ${client.id}`);
      }
      // Core keys each turn-up by its plugin's id when the file gives no platform key.
      const key = turnUp.platform ?? plugin.id;
      const first = keys.get(key);
      if (first !== undefined) {
        problems.push(
          `${formatPath([...at, 'platform'])}: platform ${key} is already turned up in clients[${i}].platforms[${first}] (give each a distinct "platform" key)`,
        );
      } else keys.set(key, j);
    });
  });
  let tls: ValidatedConfiguration['tls'];
  if (config.server.tls) {
    const cert = readTlsFile(config.server.tls.cert, 'cert', problems);
    const key = readTlsFile(config.server.tls.key, 'key', problems);
    if (cert && key) tls = { cert, key };
  }
  if (problems.length) throw new HubConfigError(problems);
  return { config, plugins, tls };
}
