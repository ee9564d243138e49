import fs from 'node:fs';
import readline from 'node:readline';
import { parse as parseCsv, type CsvError } from 'csv-parse';
import type { EntityKind } from '@connector/core';
import { parseKind, type RawRecord } from './api-fields';
import { XmlRecordScanner } from './xml-record.scanner';

/** The formats `connector import` reads. */
export type ImportFormat = 'ndjson' | 'csv' | 'xml';

/** A line that could not be read as a record at all (bad JSON, a CSV row with too many cells). */
export interface UnreadableLine {
  line: number;
  error: string;
}

/** What a reader yields: a record to validate, or a line it could not read. */
export type ReadItem = RawRecord | UnreadableLine;

/** True for a line the reader could not parse. */
export function isUnreadable(item: ReadItem): item is UnreadableLine {
  return 'error' in item;
}

/** Guesses the format from the file name; undefined when the extension says nothing. */
export function formatFromFileName(file: string): ImportFormat | undefined {
  const lower = file.toLowerCase();
  if (/\.(ndjson|jsonl)$/.test(lower)) return 'ndjson';
  if (/\.(csv|tsv)$/.test(lower)) return 'csv';
  if (lower.endsWith('.xml')) return 'xml';
  return undefined;
}

/** How a file is read. */
export interface ReadOptions {
  format: ImportFormat;
  /** The kind of every line of a CSV / NDJSON file (XML names it per element). */
  kind: EntityKind;
}

const INFO_ELEMENTS: Record<string, EntityKind> = { userinfo: 'person', staffinfo: 'staff', leadinfo: 'leadSource' };

/**
 * Flattens the 2011-11 envelope shape (`{ providerInfo: {...}, userInfo: {...} }`) into one level of
 * columns, so an NDJSON line may be written either flat or as the XML API nests it.
 */
function flattenEnvelope(value: Record<string, unknown>, kind: EntityKind): { kind: EntityKind; fields: Record<string, unknown> } {
  const fields: Record<string, unknown> = {};
  let found = kind;
  for (const [key, inner] of Object.entries(value)) {
    const lower = key.toLowerCase();
    if ((lower === 'providerinfo' || lower in INFO_ELEMENTS) && inner && typeof inner === 'object' && !Array.isArray(inner)) {
      if (lower in INFO_ELEMENTS) found = INFO_ELEMENTS[lower];
      Object.assign(fields, inner);
    } else {
      fields[key] = inner;
    }
  }
  return { kind: found, fields };
}

async function* readNdjson(stream: fs.ReadStream, kind: EntityKind): AsyncGenerator<ReadItem> {
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield { line, error: `not valid JSON (${(error as Error).message})` };
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      yield { line, error: 'a line must be one JSON object' };
      continue;
    }
    const flat = flattenEnvelope(value as Record<string, unknown>, kind);
    yield { line, kind: flat.kind, fields: flat.fields };
  }
}

/**
 * csv-parse errors after which the parser may have read past the line where the bad row began: a quote
 * that opens a field and does not close on its line reads the next lines into that field (a quoted
 * field may hold line breaks), to the end of the file or to some later quote.
 */
const RUNAWAY_ROW_ERRORS: ReadonlySet<string> = new Set(['CSV_QUOTE_NOT_CLOSED', 'CSV_INVALID_CLOSING_QUOTE', 'CSV_MAX_RECORD_SIZE']);

/**
 * The most text one CSV row may hold. A row is a person, a few hundred bytes; the bound is what keeps a
 * quote that never closes from gathering the rest of a large file in memory before it is noticed.
 */
const MAX_CSV_ROW_BYTES = 1024 * 1024;

/** Where a file is read from: its byte offset and the number of lines before it. */
interface CsvStart {
  offset: number;
  linesBefore: number;
}

/**
 * The offset just past the first line at `offset` that is not empty (line breaks: LF, CRLF or CR), and
 * how many lines that took (the empty ones before it included).
 */
async function skipLine(file: string, offset: number): Promise<{ next: number; lines: number }> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const chunk = Buffer.alloc(64 * 1024);
    let at = offset;
    let lines = 0;
    let text = false;
    let afterCr = false;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, at);
      if (bytesRead === 0) return { next: at, lines: lines + (text || afterCr ? 1 : 0) };
      for (let i = 0; i < bytesRead; i++) {
        const byte = chunk[i];
        if (afterCr) {
          // A CR ended a line: CRLF is one break, a CR alone is one too.
          afterCr = false;
          lines++;
          const end = byte === 0x0a ? at + i + 1 : at + i;
          if (text) return { next: end, lines };
          if (byte === 0x0a) continue;
        }
        if (byte === 0x0d) afterCr = true;
        else if (byte === 0x0a) {
          lines++;
          if (text) return { next: at + i + 1, lines };
        } else text = true;
      }
      at += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

async function* readCsv(stream: fs.ReadStream, file: string, kind: EntityKind, delimiter: string): AsyncGenerator<ReadItem> {
  let header: string[] | undefined;
  let start: CsvStart = { offset: 0, linesBefore: 0 };
  let source: fs.ReadStream = stream;
  for (;;) {
    // Rows the parser skipped, each with the number of rows it had read before: the parser runs ahead
    // of this loop, so a skipped row is yielded once the rows before it are.
    const skipped: Array<UnreadableLine & { after: number }> = [];
    let parsed = 0;
    let yielded = 0;
    const { offset, linesBefore } = start;
    // Where the last row the parser finished (read or skipped) ends, in this source: a runaway row began after it.
    let finished = { bytes: 0, lines: 0 };
    let runaway: { bytes: number; lines: number; error: CsvError } | undefined;
    const parser = parseCsv({
      columns:
        header ??
        ((names: string[]) => {
          finished = { bytes: parser.info.bytes, lines: parser.info.lines };
          return (header = names.map((name) => name.trim()));
        }),
      // Only the file's first byte may be a BOM.
      bom: offset === 0,
      delimiter,
      info: true,
      skip_empty_lines: true,
      trim: true,
      max_record_size: MAX_CSV_ROW_BYTES,
      // A malformed row is one bad line of the import, not the end of it.
      skip_records_with_error: true,
      on_record: (record: Record<string, string>, context: { bytes: number; lines: number }) => {
        // Rows the parser reads after a runaway row are read again from the line after where it began.
        if (runaway) return null;
        finished = { bytes: context.bytes, lines: context.lines };
        parsed++;
        return record;
      },
      on_skip: (error: CsvError | undefined) => {
        if (runaway) return undefined;
        const line = typeof error?.lines === 'number' ? error.lines : 0;
        if (error && (RUNAWAY_ROW_ERRORS.has(error.code) || line > finished.lines + 1)) {
          runaway = { ...finished, error };
          // Nothing more of this reading is wanted: stop it rather than read the rest of the file.
          setImmediate(() => parser.destroy());
          return undefined;
        }
        skipped.push({ line: linesBefore + line, error: `not a valid CSV row (${withoutLine(error?.message ?? 'unreadable')})`, after: parsed });
        finished = { bytes: parser.info.bytes, lines: line };
        return undefined;
      },
    });
    source.pipe(parser);
    source.on('error', (error) => parser.destroy(error));
    try {
      for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
        while (skipped.length > 0 && skipped[0].after <= yielded) yield unreadable(skipped.shift()!);
        yielded++;
        yield { line: linesBefore + item.info.lines, kind, fields: item.record };
      }
    } catch (error) {
      // The parser stopped on purpose after a runaway row.
      if (!runaway) throw error;
    } finally {
      source.destroy();
    }
    while (skipped.length > 0) yield unreadable(skipped.shift()!);
    if (!runaway) return;
    // Report the line where the bad row began, and go on with the line after it.
    const rowAt = offset + runaway.bytes;
    const { next, lines } = await skipLine(file, rowAt);
    const badLine = linesBefore + runaway.lines + lines;
    yield { line: badLine, error: `not a valid CSV row (${runawayReason(runaway.error)}); the lines after it are read on their own` };
    start = { offset: next, linesBefore: badLine };
    source = fs.createReadStream(file, { start: next, highWaterMark: 64 * 1024 });
  }
}

/** A skipped row as the reader yields it, without the bookkeeping of when to yield it. */
function unreadable({ line, error }: UnreadableLine): UnreadableLine {
  return { line, error };
}

/** csv-parse's message without its line number, which counts from where that reading started. */
function withoutLine(message: string): string {
  return message.replace(/ (at|on) line \d+/, '');
}

/** Why a row ran past its own line, in a user's words. */
function runawayReason(error: CsvError): string {
  if (error.code === 'CSV_MAX_RECORD_SIZE') return `longer than ${MAX_CSV_ROW_BYTES / 1024 / 1024} MiB: a quote that opens on this line seems not to close`;
  if (error.code === 'CSV_QUOTE_NOT_CLOSED' || error.code === 'CSV_INVALID_CLOSING_QUOTE') return 'a quote that opens on this line does not close on it';
  return withoutLine(error.message);
}

async function* readXml(stream: fs.ReadStream): AsyncGenerator<ReadItem> {
  const scanner = new XmlRecordScanner();
  stream.setEncoding('utf8');
  for await (const chunk of stream as AsyncIterable<string>) {
    yield* scanner.push(chunk);
  }
  yield* scanner.end();
}

/**
 * Reads a file record by record without holding it in memory: readline for NDJSON, csv-parse's stream
 * for CSV, a streaming scanner for XML. The consumer pulls, so a slow store slows the reading down
 * (backpressure) instead of filling memory.
 */
export function readRecords(stream: fs.ReadStream, file: string, options: ReadOptions): AsyncGenerator<ReadItem> {
  switch (options.format) {
    case 'ndjson':
      return readNdjson(stream, options.kind);
    case 'csv':
      return readCsv(stream, file, options.kind, file.toLowerCase().endsWith('.tsv') ? '\t' : ',');
    case 'xml':
      return readXml(stream);
  }
}

export { parseKind };
