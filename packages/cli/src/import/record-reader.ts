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

async function* readCsv(stream: fs.ReadStream, kind: EntityKind, delimiter: string): AsyncGenerator<ReadItem> {
  const skipped: UnreadableLine[] = [];
  const parser = parseCsv({
    columns: (header: string[]) => header.map((name) => name.trim()),
    bom: true,
    delimiter,
    info: true,
    skip_empty_lines: true,
    trim: true,
    // A malformed row is one bad line of the import, not the end of it.
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      const line = typeof error?.lines === 'number' ? error.lines : 0;
      skipped.push({ line, error: `not a valid CSV row (${error?.message ?? 'unreadable'})` });
      return undefined;
    },
  });
  stream.pipe(parser);
  stream.on('error', (error) => parser.destroy(error));
  for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    while (skipped.length > 0) yield skipped.shift() as UnreadableLine;
    yield { line: item.info.lines, kind, fields: item.record };
  }
  while (skipped.length > 0) yield skipped.shift() as UnreadableLine;
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
      return readCsv(stream, options.kind, file.toLowerCase().endsWith('.tsv') ? '\t' : ',');
    case 'xml':
      return readXml(stream);
  }
}

export { parseKind };
