import type { Command } from 'commander';
import type { PullSummary } from '@connector/core';
import type { CommandContext } from '../cli';
import { CliError } from '../cli-error';
import { loadCliConfig, openConnector, type ConfigFlags } from '../config/cli-config';
import { deliverNow } from './deliver-now';

/**
 * `connector sync <client> [platform]`: one pull now of a client's platforms that can be pulled (or of
 * the one named), with a line of progress per page. The changes are committed with their cursors as a
 * running hub's scheduled pull would; a running `connector serve` delivers them, or `--deliver` here.
 */
export function registerSyncCommand(program: Command, context: CommandContext): void {
  program
    .command('sync <client> [platform]')
    .description("two-way sync: pull the people a client's platforms changed since the last pull, now (SmartMatch, then the other platforms)")
    .option('-c, --config <file>', 'configuration file (default: $CONNECTOR_CONFIG)')
    .option('--deliver', 'also deliver the changes to the other platforms now, in this process, and wait')
    .option('--wait <seconds>', 'with --deliver: how long to wait for the deliveries', '120')
    .addHelpText('after', '\nExamples:\n  connector sync 1111 --config connector.config.yaml\n  connector sync 1111 acme --deliver\n')
    .action(async (clientId: string, platform: string | undefined, flags: ConfigFlags & { deliver?: boolean; wait: string }) => {
      const config = loadCliConfig(context.io, flags);
      const opened = await openConnector(config, { verbose: context.verbose });
      context.redactor = opened.redactor;
      try {
        const client = opened.connector.client(clientId);
        if (!client)
          throw new CliError(
            `client ${clientId} is not in the configuration (clients: ${
              opened.connector
                .clients()
                .map((c) => c.id)
                .join(', ') || 'none'
            })`,
          );
        const runtimes = opened.connector.runtimes(clientId);
        const pullable = runtimes.filter((r) => r.plugin.capabilities.pull.changes).map((r) => r.turnUp.platform);
        if (platform && !runtimes.some((r) => r.turnUp.platform === platform)) {
          throw new CliError(`client ${clientId} has no platform ${platform} (platforms: ${runtimes.map((r) => r.turnUp.platform).join(', ') || 'none'})`);
        }
        if (platform && !pullable.includes(platform)) throw new CliError(`platform ${platform} cannot be pulled: its plugin has no pull operations`);
        const platforms = platform ? [platform] : pullable;
        if (platforms.length === 0) {
          context.out(`No platform of client ${clientId} can be pulled.`);
          return;
        }
        const summaries: PullSummary[] = [];
        for (const key of platforms) {
          summaries.push(
            await opened.connector.pull(clientId, key, {
              onPage: (p) =>
                context.note(
                  `${p.platform} club ${p.clubId} page ${p.page}: ${p.read} read, ${p.saved} saved, ${p.unchanged} unchanged, ${p.refused} refused${p.done ? ' (done)' : ''}`,
                ),
            }),
          );
        }
        for (const s of summaries) {
          context.out(`${s.platform}: ${s.read} people read in ${s.pages} page(s): ${s.saved} saved, ${s.unchanged} unchanged, ${s.refused} refused`);
        }
        if (flags.deliver) {
          const waitSeconds = Number(flags.wait);
          if (!Number.isFinite(waitSeconds) || waitSeconds <= 0) throw new CliError('--wait must be a number of seconds', 2);
          const delivered = await deliverNow(opened, [clientId], waitSeconds * 1000);
          context.out(
            `deliveries: ${delivered.counts.INFO} done, ${delivered.counts.WARNING} with warnings, ${delivered.counts.ERROR} failed${delivered.settled ? '' : ' (some still queued)'}`,
          );
        }
        if (summaries.some((s) => s.refused > 0)) context.exitCode = 1;
      } finally {
        await opened.close();
      }
    });
}
