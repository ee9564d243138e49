import type { Command } from 'commander';
import type { Delivery, HubRecord } from '@connector/core';
import type { HubConfig } from '@connector/hub';
import type { CommandContext } from '../cli';
import { CliError } from '../cli-error';
import { loadCliConfig, openConnector, type ConfigFlags } from '../config/cli-config';
import { formatClubTime } from '../output/club-time';
import { renderTable, terminalWidth } from '../output/table';
import { deliverNow } from './deliver-now';
import { resolveClub } from './log.command';
import { coreModule } from '../lazy';

/** Who a hub record is, in a few words ("Lee Park (prospect)"), as core describes records everywhere. */
export function describeRecord(record: HubRecord | undefined): string {
  return record ? coreModule().describeRecord(record.kind, record.content).label : '(record gone)';
}

function clubTimeZone(config: HubConfig, delivery: Delivery): string {
  return config.clients.find((c) => c.id === delivery.clientId)?.clubs.find((c) => c.id === delivery.clubId)?.timeZone ?? 'UTC';
}

/** `connector dlq list|replay`. */
export function registerDlqCommand(program: Command, context: CommandContext): void {
  const dlq = program.command('dlq').description('dead letters: deliveries a platform refused for good (bad data, bad credentials)');
  dlq
    .command('list')
    .description('list the dead letters, newest first, with the reason')
    .option('--client <id>', 'only this client')
    .option('--club <id>', 'only this club (ID or name; needs --client)')
    .option('--platform <platform>', 'only this platform (turn-up key)')
    .option('--limit <n>', 'at most n', '50')
    .option('--json', 'print them as JSON lines')
    .option('-c, --config <file>', 'configuration file (default: $CONNECTOR_CONFIG)')
    .option('--data-dir <dir>', 'the data folder')
    .addHelpText('after', '\nExample:\n  connector dlq list --client 1111 --config connector.config.yaml\n')
    .action(async (flags: ConfigFlags & { client?: string; club?: string; platform?: string; limit: string; json?: boolean }) => {
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new CliError('--limit must be a whole number from 1 to 1000', 2);
      const config = loadCliConfig(context.io, flags);
      let clubId: string | undefined;
      if (flags.club !== undefined) {
        const client = config.clients.find((c) => c.id === flags.client);
        if (!client) throw new CliError('--club needs --client <id> of a configured client');
        clubId = resolveClub(client, flags.club);
      }
      const opened = await openConnector(config, { verbose: context.verbose });
      context.redactor = opened.redactor;
      try {
        const letters = await opened.store.listDeadLetters({ clientId: flags.client, clubId, platform: flags.platform, limit });
        const rows = await Promise.all(letters.map(async (d) => ({ delivery: d, who: describeRecord(await opened.store.getRecord(d.recordUuid)) })));
        if (flags.json) {
          for (const row of rows) context.out(JSON.stringify(opened.redactor.redact({ ...row.delivery, leaseToken: undefined, who: row.who })));
          return;
        }
        if (rows.length === 0) {
          context.out('No dead letters.');
          return;
        }
        context.out(
          renderTable(
            rows,
            [
              { header: 'ID', value: (r) => r.delivery.id },
              { header: 'CLIENT', value: (r) => r.delivery.clientId },
              { header: 'PLATFORM', value: (r) => r.delivery.platform },
              { header: 'WHO', value: (r) => r.who, maxWidth: 40 },
              { header: 'ATTEMPTS', value: (r) => String(r.delivery.attempts) },
              { header: 'SINCE (club time)', value: (r) => formatClubTime(r.delivery.updatedAt, clubTimeZone(config, r.delivery)) },
              {
                header: 'REASON',
                value: (r) => opened.redactor.redactString([r.delivery.lastErrorCode, r.delivery.lastError].filter(Boolean).join(': ') || '-'),
                maxWidth: 120,
              },
            ],
            { width: terminalWidth(context.io.stdout) },
          ).trimEnd(),
        );
        context.out('\nReplay one after fixing the cause: connector dlq replay <ID>');
      } finally {
        await opened.close();
      }
    });
  dlq
    .command('replay <id>')
    .description('put a dead letter back in the queue (a running `connector serve` delivers it, or --deliver does it now)')
    .option('--deliver', 'deliver it now, in this process, and print the outcome')
    .option('--wait <seconds>', 'with --deliver: how long to wait', '60')
    .option('-c, --config <file>', 'configuration file (default: $CONNECTOR_CONFIG)')
    .option('--data-dir <dir>', 'the data folder')
    .action(async (id: string, flags: ConfigFlags & { deliver?: boolean; wait: string }) => {
      const config = loadCliConfig(context.io, flags);
      const opened = await openConnector(config, { verbose: context.verbose });
      context.redactor = opened.redactor;
      try {
        const existing = await opened.store.getDelivery(id);
        if (!existing) throw new CliError(`no delivery ${id} (see connector dlq list)`);
        if (existing.state !== 'dead') throw new CliError(`delivery ${id} is not a dead letter (it is ${existing.state})`);
        const delivery = await opened.connector.replay(id);
        if (!delivery) throw new CliError(`delivery ${id} could not be replayed (it is no longer a dead letter)`);
        const who = describeRecord(await opened.store.getRecord(delivery.recordUuid));
        context.out(`Delivery ${id} of ${who} to ${delivery.platform} is queued again.`);
        if (!flags.deliver) {
          context.out('A running `connector serve` on this data folder delivers it; or run again with --deliver.');
          return;
        }
        const result = await deliverNow(opened, [delivery.clientId], Number(flags.wait) * 1000);
        const entry = [...result.entries].reverse().find((e) => e.deliveryId === id || e.recordUuid === delivery.recordUuid);
        if (entry) context.out(`${entry.level}: ${entry.summary}`);
        const after = await opened.store.getDelivery(id);
        if (after?.state === 'dead') context.exitCode = 1;
        else if (after?.state !== 'done') context.out(`The delivery is ${after?.state ?? 'gone'}: it will be retried.`);
      } finally {
        await opened.close();
      }
    });
}
