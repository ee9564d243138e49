import path from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from '../cli';
import { CliError } from '../cli-error';
import { loadCliConfig, openConnector, type ConfigFlags } from '../config/cli-config';
import { heapGuard } from '../import/heap-guard';
import { createProgressReporter } from '../import/import-progress';
import type { ImportIssue, ImportSummary } from '../import/importer';
import type { ImportFormat } from '../import/record-reader';
import { deliverNow } from './deliver-now';

// Loaded when an import runs (they bring core): `connector --help` needs neither.
const apiFields = (): typeof import('../import/api-fields') => require('../import/api-fields');
const importer = (): typeof import('../import/importer') => require('../import/importer');

interface ImportFlags extends ConfigFlags {
  client: string;
  club?: string;
  provider?: string;
  format?: string;
  kind: string;
  batchSize: string;
  deliver?: boolean;
  wait: string;
}

function issueLine(issue: ImportIssue): string {
  return `  ${issue.line !== undefined ? `line ${issue.line}: ` : ''}${issue.message}`;
}

/** The summary printed at the end of an import. */
export function renderImportSummary(summary: ImportSummary, clientId: string): string {
  const errors = importer().errorTotal(summary);
  const lines = [
    `Imported ${summary.file} (${summary.format}) into client ${clientId}`,
    ...(summary.provider ? [`  sent as       ${summary.provider}`] : []),
    `  records read  ${summary.records}`,
    `  saved         ${summary.saved} (${summary.created} new, ${summary.saved - summary.created} updated)`,
    `  unchanged     ${summary.unchanged}`,
    `  warnings      ${summary.warnings.length}`,
    `  errors        ${errors}`,
    `  deliveries    ${summary.deliveriesQueued} queued`,
  ];
  if (summary.warnings.length) lines.push('warnings:', ...summary.warnings.map(issueLine));
  if (errors) {
    lines.push('errors (these lines were not saved):', ...summary.errors.map(issueLine));
    if (summary.errorsNotListed) lines.push(`  … and ${summary.errorsNotListed} more`);
  }
  return lines.join('\n');
}

/** `connector import <file>`. */
export function registerImportCommand(program: Command, context: CommandContext): void {
  program
    .command('import <file>')
    .description('send a file of records (NDJSON, CSV with a header, or 2011-11 XML) through the hub, in batches')
    .requiredOption('--client <id>', 'the client the records belong to')
    .option('--club <id>', 'the club of lines without a clubID column')
    .option(
      '--provider <id>',
      "the sending provider's identifier, for lines without an identifier column: one of the configuration's providers (default: the only one that may write the client)",
    )
    .option('--format <format>', 'ndjson, csv or xml (default: from the extension: .ndjson/.jsonl, .csv/.tsv, .xml)')
    .option('--kind <kind>', 'what the lines of a CSV / NDJSON file are: user, staff or leadsource', 'user')
    .option('--batch-size <n>', 'records per transaction', '500')
    .option('--deliver', 'also deliver to the platforms now, in this process, and wait (without it, a running `connector serve` delivers)')
    .option('--wait <seconds>', 'with --deliver: how long to wait for the deliveries', '120')
    .option('-c, --config <file>', 'configuration file (default: $CONNECTOR_CONFIG)')
    .option('--data-dir <dir>', "the data folder (default: $CONNECTOR_DATA_DIR, else the file's store.dataDir)")
    .addHelpText(
      'after',
      `
Columns (CSV header / NDJSON keys) use the Connector API 2011-11 names:
  clubID recordID [clientID identifier]  firstname lastname userType userStatus birthdate gender
  address1 address2 city zipcode state country mobile email homePhone workPhone company
  createdBy createdDate modifiedBy modifiedDate staffOwnerEmail leadSource
Exit code 1 when a line was not saved (the summary names the line and the field).

Examples:
  connector import members.csv --client 1111 --config connector.config.yaml
  connector import prospects.ndjson --client 1111 --deliver \\
    --club 11111111-1111-1111-1111-111111111111
`,
    )
    .action(async (file: string, flags: ImportFlags) => {
      const format = flags.format?.toLowerCase();
      if (format !== undefined && format !== 'ndjson' && format !== 'csv' && format !== 'xml')
        throw new CliError(`--format must be ndjson, csv or xml, not ${flags.format}`, 2);
      const kind = apiFields().parseKind(flags.kind);
      if (!kind) throw new CliError(`--kind must be user, staff or leadsource, not ${flags.kind}`, 2);
      const batchSize = Number(flags.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new CliError('--batch-size must be a whole number from 1 to 10000', 2);
      const config = loadCliConfig(context.io, flags);
      const opened = await openConnector(config, { verbose: context.verbose });
      context.redactor = opened.redactor;
      const progress = createProgressReporter(context.io.stderr);
      const collectGarbage = heapGuard();
      try {
        const summary = await importer()
          .importFile(opened.connector, {
            file: path.resolve(context.io.cwd, file),
            format: format as ImportFormat | undefined,
            kind,
            clientId: flags.client,
            clubId: flags.club,
            provider: flags.provider,
            // The configuration's providers: an import sends as one of them, as the API would take it.
            senders: config.providers.map((p) => ({ provider: p.id, clients: p.clients, credential: 'the configuration' })),
            batchSize,
            onProgress: (p) => {
              progress.update(p);
              // After every batch: keeps the peak RSS of a million-line import flat (see heapGuard).
              collectGarbage();
            },
          })
          .finally(() => progress.stop());
        context.out(renderImportSummary({ ...summary, file }, flags.client));
        if (flags.deliver && summary.deliveriesQueued > 0) {
          context.note(`delivering ${summary.deliveriesQueued} deliveries…`);
          const result = await deliverNow(opened, [flags.client], Number(flags.wait) * 1000);
          context.out(
            `  delivered     ${result.counts.INFO} INFO, ${result.counts.WARNING} WARNING, ${result.counts.ERROR} ERROR` +
              (result.settled ? '' : ' (some are still queued for a retry: `connector serve` will go on)'),
          );
          context.out(`See them with: connector log --client ${flags.client}${result.counts.ERROR ? ' --level ERROR' : ''}`);
        }
        if (importer().errorTotal(summary) > 0) context.exitCode = 1;
      } finally {
        await opened.close();
      }
    });
}
