import path from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from '../cli';
import { CliError } from '../cli-error';
import { loadCliConfig, type ConfigFlags } from '../config/cli-config';
import { coreModule, hubModule } from '../lazy';

/** `connector backup <file>`: a consistent copy of the store, taken while a hub may be serving from it. */
export function registerBackupCommand(program: Command, context: CommandContext): void {
  program
    .command('backup')
    .description(
      "copy the store to a new file while the hub keeps running (SQLite's online backup); restore by putting the copy back as connector.db while the hub is stopped",
    )
    .argument('<file>', 'the backup file to write (must not exist yet)')
    .option('-c, --config <file>', 'configuration file (default: $CONNECTOR_CONFIG)')
    .option('--data-dir <dir>', "the data folder (default: $CONNECTOR_DATA_DIR, else the file's store.dataDir)")
    .addHelpText('after', '\nExample:\n  connector backup --config connector.config.yaml /var/backups/connector/connector-$(date +%F).db\n')
    .action(async (file: string, flags: ConfigFlags) => {
      const config = loadCliConfig(context.io, flags);
      const destination = path.resolve(context.io.cwd, file);
      const store = await hubModule().openConfiguredStore(hubModule().withSqliteOptions(config.store, { checkpoint: 'inline' }), {
        logger: coreModule().createLogger({ level: 'silent' }),
      });
      try {
        if (!store.backup)
          throw new CliError(
            `the configured store (${config.store.type === 'package' ? config.store.package : 'sqlite'}) cannot back itself up: use its database's own backup tools`,
          );
        await store.backup(destination);
      } finally {
        await store.close();
      }
      context.out(`Backed up the store to ${destination}`);
    });
}
