import type { Command } from 'commander';
import type { CommandContext } from '../cli';
import { portInUse } from '../cli-error';
import { untilAborted } from '../cli-io';
import { loadCliConfig, type ConfigFlags } from '../config/cli-config';
import { hubModule } from '../lazy';

/** One line per client: its clubs and the platforms it is turned up on (by platform key). */
export function describeClients(
  clients: ReadonlyArray<{ id: string; name?: string; clubs: readonly unknown[]; platforms: ReadonlyArray<{ platform?: string; plugin: string }> }>,
): string[] {
  return clients.map((client) => {
    const platforms = client.platforms.map((p) => p.platform ?? p.plugin).join(', ') || 'no platform';
    return `  client ${client.id}${client.name ? ` (${client.name})` : ''}: ${client.clubs.length} club(s), platforms: ${platforms}`;
  });
}

/** `connector serve`: runs the hub from a configuration file until SIGINT / SIGTERM. */
export function registerServeCommand(program: Command, context: CommandContext): void {
  program
    .command('serve')
    .description('run the hub (XML API 2011-11, JSON API, workers) from a configuration file until Ctrl-C')
    .option('-c, --config <file>', 'configuration file, JSON or YAML (default: $CONNECTOR_CONFIG)')
    .option('-p, --port <port>', "listen on this port (default: $CONNECTOR_PORT, else the file's server.port)")
    .option('--data-dir <dir>', "the data folder (default: $CONNECTOR_DATA_DIR, else the file's store.dataDir)")
    .addHelpText('after', '\nExample:\n  connector serve --config examples/demo/connector.config.yaml\n')
    .action(async (flags: ConfigFlags) => {
      // A bad file fails here, before anything listens, naming the field.
      const config = loadCliConfig(context.io, flags);
      const hub = await hubModule().createHub(config);
      let url: string;
      try {
        ({ url } = await hub.listen());
      } catch (error) {
        await hub.close();
        throw portInUse(error, config.server.port) ?? error;
      }
      context.out(`Connector hub listening on ${url}`);
      // The pid is the hub's own (a service manager or a script signals it); the V8 flags show it was started as meant.
      const v8Flags = process.execArgv.filter((flag) => flag.startsWith('--max-'));
      context.out(`  pid ${process.pid}, node ${process.version}${v8Flags.length > 0 ? ` ${v8Flags.join(' ')}` : ''}`);
      for (const line of describeClients(hub.connector.clients())) context.out(line);
      context.out(`  ${hubModule().describeStore(config.store)}`);
      context.out(`  XML API:  ${url}/connector/api/2011-11/user (Authorization: Bearer <provider key>)`);
      context.out(`  JSON API: ${url}/api/v1`);
      context.out('Press Ctrl-C to stop.');
      await untilAborted(context.io.shutdown);
      context.note('stopping: letting in-flight deliveries finish…');
      await hub.close();
      context.note('stopped.');
    });
}
