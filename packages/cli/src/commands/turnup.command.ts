import type { Command } from 'commander';
import type { ConnectorPlugin, Redactor, TurnUpInput } from '@connector/core';
import type { HubConfig } from '@connector/hub';
import type { CommandContext } from '../cli';
import { CliError } from '../cli-error';
import { loadCliConfig, type ConfigFlags } from '../config/cli-config';
import { renderTable, terminalWidth } from '../output/table';
import { coreModule } from '../lazy';

/** One row of `connector turnup check`. */
export interface TurnUpCheckRow {
  client: string;
  platform: string;
  plugin: string;
  ok: boolean;
  /** What the check proved, or why the turn-up does not work (redacted). */
  detail: string;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Checks every turned-up platform of the configuration (or of one client): the plugin loads, the
 * turn-up's options and club mapping are valid for it, and its `check` operation succeeds against the
 * platform. Each turn-up is built on its own (as the Connector builds its runtimes), so one bad turn-up
 * is reported in its row instead of hiding the others.
 */
export async function checkTurnUps(config: HubConfig, options: { clientId?: string; timeoutMs?: number; redactor?: Redactor } = {}): Promise<TurnUpCheckRow[]> {
  const clients = options.clientId ? config.clients.filter((c) => c.id === options.clientId) : config.clients;
  if (options.clientId && clients.length === 0) {
    throw new CliError(`client ${options.clientId} is not in the configuration (clients: ${config.clients.map((c) => c.id).join(', ') || 'none'})`);
  }
  const redactor = options.redactor ?? new (coreModule().Redactor)();
  const logger = coreModule().createLogger({ level: 'silent', redactor });
  const timeoutMs = options.timeoutMs ?? 20_000;
  const checks = clients.flatMap((client) =>
    client.platforms.map(async (turnUp: TurnUpInput): Promise<TurnUpCheckRow> => {
      const row = { client: client.id, platform: turnUp.platform ?? turnUp.plugin, plugin: turnUp.plugin };
      let plugin: ConnectorPlugin;
      try {
        plugin = coreModule().loadPlugin(turnUp.plugin);
      } catch (error) {
        return { ...row, ok: false, detail: redactor.redactString(firstLine(error)) };
      }
      row.platform = turnUp.platform ?? plugin.id;
      try {
        const runtime = coreModule().createPlatformRuntime({ plugin, client, turnUp, logger, redactor });
        const result = await withTimeout(runtime.check.check(), timeoutMs, `${plugin.displayName} check`);
        return { ...row, ok: true, detail: redactor.redactString(result?.detail ?? 'ok') };
      } catch (error) {
        return { ...row, ok: false, detail: redactor.redactString(firstLine(error)) };
      }
    }),
  );
  return Promise.all(checks);
}

/** `connector turnup check [client]`. */
export function registerTurnUpCommand(program: Command, context: CommandContext): void {
  const turnup = program.command('turnup').description('turn-up tools: check that each turned-up platform works');
  turnup
    .command('check [client]')
    .description("validate each turned-up platform's options and run its check against the platform; exits 1 if any fails")
    .option('-c, --config <file>', 'configuration file (default: $CONNECTOR_CONFIG)')
    .option('--timeout <seconds>', 'give up on a platform after this long', '20')
    .option('--json', 'print the rows as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  connector turnup check --config connector.config.yaml\n  connector turnup check 1111 --config connector.config.yaml\n',
    )
    .action(async (clientId: string | undefined, flags: ConfigFlags & { timeout: string; json?: boolean }) => {
      const config = loadCliConfig(context.io, flags);
      const timeoutSeconds = Number(flags.timeout);
      if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new CliError('--timeout must be a number of seconds', 2);
      context.redactor = new (coreModule().Redactor)();
      const rows = await checkTurnUps(config, { clientId, timeoutMs: timeoutSeconds * 1000, redactor: context.redactor });
      if (flags.json) context.out(JSON.stringify(rows, null, 2));
      else if (rows.length === 0) context.out('No turned-up platform to check.');
      else {
        context.out(
          renderTable(
            rows,
            [
              { header: 'CLIENT', value: (r) => r.client },
              { header: 'PLATFORM', value: (r) => r.platform },
              { header: 'PLUGIN', value: (r) => r.plugin },
              { header: 'RESULT', value: (r) => (r.ok ? 'ok' : 'FAILED') },
              { header: 'DETAIL', value: (r) => r.detail, maxWidth: 160 },
            ],
            { width: terminalWidth(context.io.stdout) },
          ).trimEnd(),
        );
        const failed = rows.filter((r) => !r.ok).length;
        context.out(failed ? `\n${failed} of ${rows.length} turn-up(s) failed.` : `\nAll ${rows.length} turn-up(s) work.`);
      }
      if (rows.some((r) => !r.ok)) context.exitCode = 1;
    });
}
