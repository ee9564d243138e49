import type { Command } from 'commander';
import type { CommandContext } from '../cli';
import { loadCliConfig, type ConfigFlags } from '../config/cli-config';
import { describeClients } from './serve.command';
import { hubModule } from '../lazy';

/** `connector config schema|check`. */
export function registerConfigCommand(program: Command, context: CommandContext): void {
  const config = program.command('config').description('the configuration file: its JSON Schema, and a check of its shape');
  config
    .command('schema')
    .description('print the JSON Schema of the configuration file (for editors: point "$schema" at the saved file)')
    .addHelpText('after', '\nExample:\n  connector config schema > connector.config.schema.json\n')
    .action(() => {
      context.out(JSON.stringify(hubModule().configJsonSchema(), null, 2));
    });
  config
    .command('check')
    .description(
      'validate the configuration file as `serve` does (fields, env references, cross references, each plugin loaded and its turn-ups checked) without opening the store or starting anything; `turnup check` also tries the platforms',
    )
    .option('-c, --config <file>', 'configuration file (default: $CONNECTOR_CONFIG)')
    .action((flags: ConfigFlags) => {
      // `serve` runs this same validation: a file this command accepts is one `serve` starts with.
      const { config: loaded } = hubModule().validateConfiguration(loadCliConfig(context.io, flags));
      context.out('The configuration is valid.');
      context.out(`  server: ${loaded.server.host}:${loaded.server.port}${loaded.server.tls ? ' (https)' : ''}, ${hubModule().describeStore(loaded.store)}`);
      context.out(`  providers: ${loaded.providers.map((p) => p.id).join(', ') || 'none'}`);
      for (const line of describeClients(loaded.clients)) context.out(line);
    });
}
