import type { Command } from 'commander';
import type { CommandContext } from '../cli';
import { loadCliConfig, type ConfigFlags } from '../config/cli-config';
import { renderTable, terminalWidth } from '../output/table';
import { BUNDLED_PLUGINS, describeCapabilities, describeOptions, loadPluginEntries, type PluginEntry, type PluginOptionInfo } from '../plugins/plugin-catalog';

function renderEntry(entry: PluginEntry, width?: number): string {
  const plugin = entry.plugin;
  if (!plugin) return `${entry.packageName}\n  NOT LOADED: ${entry.error}`;
  const lines = [`${plugin.id}: ${plugin.displayName} ${plugin.version} (${entry.packageName})`];
  if (plugin.description) lines.push(`  ${plugin.description}`);
  lines.push(`  connection: ${plugin.connection === 'required' ? 'required (host, scheme, credentials)' : 'none (SaaS)'}`);
  lines.push(`  capabilities: ${describeCapabilities(plugin.capabilities).join(', ')}`);
  const options = describeOptions(plugin);
  if (options.length === 0) lines.push('  turn-up options: none');
  else {
    lines.push('  turn-up options:');
    const table = renderTable(
      options,
      [
        { header: 'NAME', value: (o) => o.name },
        { header: 'TYPE', value: (o) => o.type, maxWidth: 40 },
        { header: 'REQUIRED', value: (o) => (o.required ? 'yes' : 'no') },
        { header: 'SECRET', value: (o) => (o.secret ? 'secret' : '') },
        ...(options.some((o) => o.description) ? [{ header: 'DESCRIPTION', value: (o: PluginOptionInfo) => o.description ?? '', maxWidth: 80 }] : []),
      ],
      { width: width && width - 4 },
    );
    lines.push(table.trimEnd().replace(/^/gm, '    '));
  }
  if (plugin.limits?.length) lines.push('  limits:', ...plugin.limits.map((limit) => `    - ${limit}`));
  return lines.join('\n');
}

/** `connector plugins list`. */
export function registerPluginsCommand(program: Command, context: CommandContext): void {
  const plugins = program.command('plugins').description('the platform plugins');
  plugins
    .command('list')
    .description('each plugin (the ones the configuration names, else the bundled ones) with its capabilities and turn-up options')
    .option('-c, --config <file>', 'list the plugins this configuration turns up')
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExamples:\n  connector plugins list\n  connector plugins list --config connector.config.yaml\n')
    .action(async (flags: ConfigFlags & { json?: boolean }) => {
      const fromConfig = flags.config ?? context.io.env.CONNECTOR_CONFIG;
      let names: string[] = [...BUNDLED_PLUGINS];
      if (fromConfig) {
        const config = loadCliConfig(context.io, flags);
        names = [...new Set(config.clients.flatMap((client) => client.platforms.map((p) => p.plugin)))];
      }
      const entries = loadPluginEntries(names);
      if (flags.json) {
        context.out(
          JSON.stringify(
            entries.map((e) =>
              e.plugin
                ? {
                    package: e.packageName,
                    id: e.plugin.id,
                    displayName: e.plugin.displayName,
                    version: e.plugin.version,
                    connection: e.plugin.connection,
                    capabilities: e.plugin.capabilities,
                    options: describeOptions(e.plugin),
                    limits: e.plugin.limits ?? [],
                  }
                : { package: e.packageName, error: e.error },
            ),
            null,
            2,
          ),
        );
      } else if (entries.length === 0) {
        context.out('The configuration turns up no plugin.');
      } else {
        context.out(entries.map((entry) => renderEntry(entry, terminalWidth(context.io.stdout))).join('\n\n'));
        const failed = entries.filter((e) => !e.plugin).length;
        if (failed) context.out(`\n${failed} of ${entries.length} plugin(s) did not load.`);
      }
      // A plugin the configuration names must load; a bundled one still in the making need not.
      if (fromConfig && entries.some((e) => !e.plugin)) context.exitCode = 1;
    });
}
