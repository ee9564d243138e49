import type { Command } from 'commander';
import type { LogLevel } from '@connector/core';
import type { CommandContext } from '../cli';
import { CliError } from '../cli-error';
import { loadCliConfig, openConnector, type ConfigFlags } from '../config/cli-config';
import { renderLog } from '../output/log-view';
import { terminalWidth } from '../output/table';

const LEVELS: Record<string, LogLevel> = { info: 'INFO', warning: 'WARNING', warn: 'WARNING', error: 'ERROR' };

/** Finds a club of a client by ID, or by name (case-insensitive) for convenience at the terminal. */
export function resolveClub(client: { id: string; clubs: Array<{ id: string; name?: string }> }, idOrName: string): string {
  const club = client.clubs.find((c) => c.id === idOrName) ?? client.clubs.find((c) => c.name?.toLowerCase() === idOrName.toLowerCase());
  if (!club)
    throw new CliError(
      `club ${idOrName} is not a club of client ${client.id} (clubs: ${client.clubs.map((c) => (c.name ? `${c.id} "${c.name}"` : c.id)).join(', ')})`,
    );
  return club.id;
}

/** `connector log`. */
export function registerLogCommand(program: Command, context: CommandContext): void {
  program
    .command('log')
    .description("print the Connector Log of a client: time in the club's time zone, level, platform, summary")
    .requiredOption('--client <id>', 'the client')
    .option('--club <id>', 'only this club (ID or name)')
    .option('--level <level>', 'only INFO, WARNING or ERROR entries')
    .option('--platform <platform>', 'only entries of this platform (turn-up key, e.g. acme)')
    .option('--search <text>', 'only entries whose person or summary contains this')
    .option('--limit <n>', 'the newest n entries', '50')
    .option('--json', 'print the entries as JSON lines (with their details)')
    .option('-c, --config <file>', 'configuration file (default: $CONNECTOR_CONFIG)')
    .option('--data-dir <dir>', "the data folder (default: $CONNECTOR_DATA_DIR, else the file's store.dataDir)")
    .addHelpText(
      'after',
      '\nExamples:\n  connector log --client 1111 --config connector.config.yaml\n  connector log --client 1111 --club Harbor --level ERROR --limit 20\n',
    )
    .action(
      async (flags: ConfigFlags & { client: string; club?: string; level?: string; platform?: string; search?: string; limit: string; json?: boolean }) => {
        const level = flags.level === undefined ? undefined : LEVELS[flags.level.toLowerCase()];
        if (flags.level !== undefined && !level) throw new CliError(`--level must be INFO, WARNING or ERROR, not ${flags.level}`, 2);
        const limit = Number(flags.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new CliError('--limit must be a whole number from 1 to 1000', 2);
        const config = loadCliConfig(context.io, flags);
        const client = config.clients.find((c) => c.id === flags.client);
        if (!client)
          throw new CliError(`client ${flags.client} is not in the configuration (clients: ${config.clients.map((c) => c.id).join(', ') || 'none'})`);
        const clubId = flags.club === undefined ? undefined : resolveClub(client, flags.club);
        const opened = await openConnector(config, { verbose: context.verbose });
        context.redactor = opened.redactor;
        try {
          const entries = await opened.store.listLog({ clientId: client.id, clubId, level, platform: flags.platform, search: flags.search, limit });
          if (flags.json) {
            for (const entry of [...entries].reverse()) context.out(JSON.stringify(opened.redactor.redact(entry)));
            return;
          }
          if (entries.length === 0) {
            context.out(
              `The Connector Log of client ${client.id} has no entries${level || clubId || flags.platform || flags.search ? ' that match' : ' yet'}.`,
            );
            return;
          }
          context.out(renderLog(entries, client, { width: terminalWidth(context.io.stdout) }));
          if (entries.length === limit) context.out(`\n(the newest ${limit} entries; --limit shows more)`);
        } finally {
          await opened.close();
        }
      },
    );
}
