import fs from 'node:fs';
import { ConnectorError, type Connector, type EntityKind, type SaveRecordInput } from '@connector/core';
import { CliError } from '../cli-error';
import { apiFieldName, apiValidationMessage, mapApiFields } from './api-fields';
import { formatFromFileName, isUnreadable, readRecords, type ImportFormat } from './record-reader';

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
  /** The sending provider's identifier, for lines without an `identifier` column (default IMPORT). */
  provider?: string;
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

/** The provider identifier of an import when neither the file nor `--provider` names one. */
export const DEFAULT_IMPORT_PROVIDER = 'IMPORT';

/**
 * Sends a file of records through the path the API uses: each line is validated and routed by
 * `Connector.prepare`, and batches are committed with `Connector.acceptPrepared` (one transaction per
 * batch, deliveries queued with the records). The file is streamed: memory holds one batch, not the
 * file, and the reader waits while a batch is written.
 */
export async function importFile(connector: Connector, options: ImportOptions): Promise<ImportSummary> {
  const format = options.format ?? formatFromFileName(options.file);
  if (!format) throw new CliError(`cannot tell the format of ${options.file} from its extension: give --format ndjson|csv|xml`);
  const client = connector.client(options.clientId);
  if (!client) {
    const known = connector.clients().map((c) => c.id).join(', ') || 'none';
    throw new CliError(`client ${options.clientId} is not in the configuration (clients: ${known})`);
  }
  if (options.clubId && !client.clubs.some((club) => club.id === options.clubId)) {
    throw new CliError(`club ${options.clubId} is not a club of client ${client.id} (clubs: ${client.clubs.map((c) => c.id).join(', ')})`);
  }
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

  let batch: SaveRecordInput[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const results = await connector.acceptPrepared(batch);
    for (const result of results) {
      if (result.changed) summary.saved++;
      else summary.unchanged++;
      if (result.created) summary.created++;
      summary.deliveriesQueued += result.deliveryIds.length;
    }
    batch = [];
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
        warnOnce(`column:${column}`, { line: item.line, field: column, message: `${column} is not a 2011-11 field of a ${item.kind === 'person' ? 'user' : item.kind}: ignored` });
      }
      const clientId = mapped.envelope.clientID ?? options.clientId;
      if (clientId !== options.clientId) {
        error({ line: item.line, field: 'clientID', message: `clientID ${clientId} is not the client being imported (--client ${options.clientId})` });
        continue;
      }
      const clubId = mapped.envelope.clubID ?? options.clubId;
      if (!clubId) {
        error({ line: item.line, field: 'clubID', message: 'clubID: is required (a clubID column, or --club for the whole file)' });
        continue;
      }
      if (!mapped.envelope.recordID) {
        error({ line: item.line, field: 'recordID', message: 'recordID: is required (the record\'s ID in the sending platform)' });
        continue;
      }
      let prepared: SaveRecordInput;
      try {
        prepared = connector.prepare({
          provider: mapped.envelope.identifier ?? options.provider ?? DEFAULT_IMPORT_PROVIDER,
          clientId,
          clubId,
          recordId: mapped.envelope.recordID,
          kind: item.kind,
          content: mapped.content,
        });
      } catch (cause) {
        if (!(cause instanceof ConnectorError)) throw cause;
        const field = cause.field ? apiFieldName(item.kind, cause.field) : undefined;
        error({ line: item.line, field, message: apiValidationMessage(item.kind, cause.message) });
        continue;
      }
      if (prepared.targets.length === 0) {
        warnOnce(`club:${clubId}:${item.kind}`, {
          line: item.line,
          field: 'clubID',
          message: `no platform of client ${clientId} receives ${item.kind === 'person' ? 'users' : item.kind} of club ${clubId}: saved in the hub only`,
        });
      }
      batch.push(prepared);
      if (batch.length >= batchSize) await flush();
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
