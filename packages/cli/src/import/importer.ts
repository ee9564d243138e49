import fs from 'node:fs';
import type { Connector, EntityKind, IntakeCommand, IntakeSender, SaveRecordInput } from '@connector/core';
import { CliError } from '../cli-error';
import { mapApiFields } from './api-fields';
import { chooseImportSender, configuredSender } from './import-sender';
import { formatFromFileName, isUnreadable, readRecords, type ImportFormat } from './record-reader';
import { coreModule } from '../lazy';

/** What `connector import` needs. */
export interface ImportOptions {
  file: string;
  /** Default: from the file's extension. */
  format?: ImportFormat;
  /** The kind of the lines of a CSV / NDJSON file (default: users). XML names it per element. */
  kind?: EntityKind;
  clientId: string;
  /** The club of lines without a clubID column. */
  clubId?: string;
  /**
   * The sending provider's identifier, for lines without an `identifier` column (default: the only
   * provider of `senders` that may write the client).
   */
  provider?: string;
  /** The providers of the configuration: a line is sent as one of them, as the API would take it. */
  senders: readonly IntakeSender[];
  /** Records per transaction (default 500). */
  batchSize?: number;
  /** Problems listed one by one in the summary (the rest are counted); default 100. */
  maxListed?: number;
  /** Called after every batch. */
  onProgress?(progress: ImportProgress): void;
}

/** Where an import is. */
export interface ImportProgress {
  /** Records read so far (good and bad). */
  records: number;
  saved: number;
  unchanged: number;
  errors: number;
  bytesRead: number;
  totalBytes: number;
}

/** One problem of an import: a line that was not saved (error) or something the user should know. */
export interface ImportIssue {
  line?: number;
  /** The field, in the file's (2011-11) words. */
  field?: string;
  message: string;
}

/** What `connector import` reports. */
export interface ImportSummary {
  file: string;
  format: ImportFormat;
  /** Which provider lines without an identifier column were sent as, and why that one. */
  provider?: string;
  records: number;
  /** Created or changed in the hub. */
  saved: number;
  created: number;
  /** Same content as the hub already held: nothing queued. */
  unchanged: number;
  /** Deliveries queued to the client's platforms. */
  deliveriesQueued: number;
  warnings: ImportIssue[];
  errors: ImportIssue[];
  /** Errors beyond `maxListed`, counted only. */
  errorsNotListed: number;
}

/**
 * Sends a file of records through the door the API uses: each line becomes a command to core's intake
 * (the same envelope, rights and content checks, refusals in the Connector Log), sent as a configured
 * provider, and batches are committed with `Connector.acceptPrepared` (one transaction per batch,
 * deliveries queued with the records). The file is streamed: memory holds one batch, not the file, and
 * the reader waits while a batch is written.
 */
export async function importFile(connector: Connector, options: ImportOptions): Promise<ImportSummary> {
  const format = options.format ?? formatFromFileName(options.file);
  if (!format) throw new CliError(`cannot tell the format of ${options.file} from its extension: give --format ndjson|csv|xml`);
  const client = connector.client(options.clientId);
  if (!client) {
    const known =
      connector
        .clients()
        .map((c) => c.id)
        .join(', ') || 'none';
    throw new CliError(`client ${options.clientId} is not in the configuration (clients: ${known})`);
  }
  if (options.clubId && !client.clubs.some((club) => club.id === options.clubId)) {
    throw new CliError(`club ${options.clubId} is not a club of client ${client.id} (clubs: ${client.clubs.map((c) => c.id).join(', ')})`);
  }
  const provider = chooseImportSender(options.senders, client.id, options.provider);
  let totalBytes: number;
  try {
    totalBytes = fs.statSync(options.file).size;
  } catch {
    throw new CliError(`cannot read ${options.file}: no such file`);
  }

  const batchSize = options.batchSize ?? 500;
  const maxListed = options.maxListed ?? 100;
  const summary: ImportSummary = {
    file: options.file,
    format,
    ...(provider.note ? { provider: provider.note } : {}),
    records: 0,
    saved: 0,
    created: 0,
    unchanged: 0,
    deliveriesQueued: 0,
    warnings: [],
    errors: [],
    errorsNotListed: 0,
  };
  const warned = new Set<string>();
  const warnOnce = (key: string, issue: ImportIssue) => {
    if (warned.has(key)) return;
    warned.add(key);
    summary.warnings.push(issue);
  };
  let errorCount = 0;
  const error = (issue: ImportIssue) => {
    errorCount++;
    if (summary.errors.length < maxListed) summary.errors.push(issue);
    else summary.errorsNotListed++;
  };

  const stream = fs.createReadStream(options.file, { highWaterMark: 64 * 1024 });
  const progress = () =>
    options.onProgress?.({
      records: summary.records,
      saved: summary.saved,
      unchanged: summary.unchanged,
      errors: errorCount,
      bytesRead: stream.bytesRead,
      totalBytes,
    });

  // A batch of commands for the intake, each with its sender and its line.
  let commands: IntakeCommand[] = [];
  let senders: IntakeSender[] = [];
  const flush = async () => {
    if (commands.length === 0) return;
    const taken = await connector.intake.takeMany(senders, commands);
    const batch: SaveRecordInput[] = [];
    taken.forEach((result, i) => {
      const command = commands[i];
      const line = command.at!.line;
      const input = result.input;
      if (!input) {
        if (!(result.error instanceof coreModule().ConnectorError)) throw result.error;
        error({ line, ...(result.error.field ? { field: result.error.field } : {}), message: result.error.message });
        return;
      }
      if (input.targets.length === 0) {
        warnOnce(`club:${input.clubId}:${command.kind}`, {
          line,
          field: 'clubID',
          message: `no platform of client ${input.clientId} receives ${command.kind === 'person' ? 'users' : command.kind} of club ${input.clubId}: saved in the hub only`,
        });
      }
      batch.push(input);
    });
    commands = [];
    senders = [];
    if (batch.length > 0) {
      const results = await connector.acceptPrepared(batch);
      for (const result of results) {
        if (result.changed) summary.saved++;
        else summary.unchanged++;
        if (result.created) summary.created++;
        summary.deliveriesQueued += result.deliveryIds.length;
      }
    }
    progress();
  };

  try {
    for await (const item of readRecords(stream, options.file, { format, kind: options.kind ?? 'person' })) {
      summary.records++;
      if (isUnreadable(item)) {
        error({ line: item.line, message: item.error });
        continue;
      }
      const mapped = mapApiFields(item.kind, item.fields);
      for (const column of mapped.unknown) {
        warnOnce(`column:${column}`, {
          line: item.line,
          field: column,
          message: `${column} is not a 2011-11 field of a ${item.kind === 'person' ? 'user' : item.kind}: ignored`,
        });
      }
      const clientId = mapped.envelope.clientID ?? options.clientId;
      if (clientId !== options.clientId) {
        error({ line: item.line, field: 'clientID', message: `clientID ${clientId} is not the client being imported (--client ${options.clientId})` });
        continue;
      }
      // The sender: the line's identifier column, else the import's provider; always a configured one.
      const identifier = mapped.envelope.identifier;
      const sender = identifier !== undefined ? configuredSender(options.senders, identifier) : provider.sender;
      if (!sender) {
        const message =
          identifier !== undefined
            ? `identifier: ${identifier} is not a provider of the configuration (providers: ${options.senders.map((s) => s.provider).join(', ') || 'none'})`
            : `identifier: is required (${provider.missing})`;
        error({ line: item.line, field: 'identifier', message });
        continue;
      }
      commands.push({
        kind: item.kind,
        providerInfo: { identifier: sender.provider, clientID: clientId, clubID: mapped.envelope.clubID ?? options.clubId, recordID: mapped.envelope.recordID },
        naming: coreModule().importNaming(item.kind),
        api: 'import',
        content: mapped.content,
        at: { line: item.line },
      });
      senders.push(sender);
      if (commands.length >= batchSize) await flush();
    }
    await flush();
  } finally {
    stream.destroy();
  }
  progress();
  return summary;
}

/** The total of errors of a summary (listed and counted). */
export function errorTotal(summary: ImportSummary): number {
  return summary.errors.length + summary.errorsNotListed;
}
