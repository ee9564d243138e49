import path from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from '../cli';
import { CliError, portInUse } from '../cli-error';
import { untilAborted } from '../cli-io';
import { loadCliConfig, type ConfigFlags } from '../config/cli-config';
import { pluginPackageName } from '../plugins/plugin-catalog';
import { findSimulator } from '../plugins/simulator-loader';

// Loaded when a simulator runs: `connector --help` needs neither.
const yaml = (): typeof import('yaml') => require('yaml');
const seeding = (): typeof import('../demo/simulator-seed') => require('../demo/simulator-seed');

interface SimulateFlags extends ConfigFlags {
  clubs?: string;
  seed?: string;
}

/** `connector simulate <plugin>`. */
export function registerSimulateCommand(program: Command, context: CommandContext): void {
  program
    .command('simulate <plugin>')
    .description("start a plugin's platform simulator on 127.0.0.1 (in memory) and print a turn-up that works against it; runs until Ctrl-C")
    .option('-p, --port <port>', 'the port (default: any free port)')
    .option('--clubs <ids>', 'hub club IDs to create clubs for, comma-separated (default: the clubs the --config file turns up on this plugin)')
    .option('-c, --config <file>', "take the hub club IDs from this configuration's turn-ups of the plugin")
    .option('--seed <file>', 'seed staff and lead sources from this YAML file (see examples/demo/simulator-seed.yaml)')
    .addHelpText(
      'after',
      '\nExamples:\n  connector simulate acme --port 4010\n  connector simulate acme --port 4010 --config examples/demo/connector.config.yaml \\\n    --seed examples/demo/simulator-seed.yaml\n',
    )
    .action(async (plugin: string, flags: SimulateFlags) => {
      const port = flags.port === undefined ? 0 : Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError('--port must be a port number', 2);
      const packageName = pluginPackageName(plugin);
      let hubClubIds =
        flags.clubs
          ?.split(',')
          .map((s) => s.trim())
          .filter(Boolean) ?? [];
      let expected: Record<string, string> | undefined;
      if (hubClubIds.length === 0 && (flags.config ?? context.io.env.CONNECTOR_CONFIG)) {
        // Only the config's clubs are wanted here: its port and data folder are the hub's, not ours.
        const config = loadCliConfig(context.io, { config: flags.config });
        const turnUps = config.clients.flatMap((client) => client.platforms.filter((p) => p.plugin === packageName));
        if (turnUps.length === 0) throw new CliError(`the configuration turns up no platform with ${packageName}`);
        expected = Object.assign({}, ...turnUps.map((t) => t.clubs));
        hubClubIds = Object.keys(expected ?? {});
      }
      if (hubClubIds.length === 0) hubClubIds = ['my-club'];

      const entry = findSimulator(plugin);
      let simulator;
      try {
        simulator = await entry.start({ port });
      } catch (error) {
        throw portInUse(error, port) ?? error;
      }
      try {
        context.out(`${packageName} simulator listening on ${simulator.url} (in memory: stopping it forgets everything)`);
        const turnUp = simulator.turnUp?.({ hubClubIds });
        if (turnUp) {
          if (expected && Object.entries(turnUp.clubs).some(([hub, id]) => expected?.[hub] !== id)) {
            context.note(`note: the simulator's club IDs differ from the configuration's mapping; use these: ${JSON.stringify(turnUp.clubs)}`);
          }
          if (flags.seed) {
            const notes = await seeding().seedSimulator(simulator, seeding().readSeed(path.resolve(context.io.cwd, flags.seed)), turnUp.clubs);
            for (const note of notes) context.out(`  seeded ${note}`);
          }
          // The simulator's key is a fixed test key, not a secret of anyone: printing it is the point.
          const snippet = yaml().stringify({ platforms: [{ plugin: packageName, ...turnUp }] }, { indent: 2 });
          context.out(`\nTurn-up for your configuration file (clients[].platforms):\n\n${snippet.replace(/^/gm, '  ').trimEnd()}\n`);
        }
        context.out('\nPress Ctrl-C to stop.');
        await untilAborted(context.io.shutdown);
      } finally {
        await simulator.close();
      }
      context.note('simulator stopped.');
    });
}
