import fs from 'node:fs';
import type { EntityKind } from '@connector/core';
import type { RawRecord } from '../import/api-fields';
import { isUnreadable } from '../import/record-reader';
import { XmlRecordScanner } from '../import/xml-record.scanner';

const ENDPOINT: Record<EntityKind, string> = { person: 'user', staff: 'staff', leadSource: 'leadsource' };

/** What the hub answered to one record. */
export interface XmlSendResult {
  record: RawRecord;
  status: number;
  /** The hub's UUID of the record, on success. */
  uuid?: string;
  /** `REASON: message` on failure. */
  error?: string;
}

function tagText(xml: string, tag: string): string | undefined {
  return new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
}

/** Reads every record (`<user>`, `<staff>`, `<leadSource>`) of a 2011-11 XML file, in order. */
export function readXmlRecords(file: string): RawRecord[] {
  const scanner = new XmlRecordScanner();
  const items = [...scanner.push(fs.readFileSync(file, 'utf8')), ...scanner.end()];
  return items.filter((item): item is RawRecord => !isUnreadable(item));
}

/**
 * POSTs each record, as written in the file, to the hub's Connector API 2011-11 endpoint of its kind
 * (`/connector/api/2011-11/user|staff|leadsource`) with a provider's API key, one request per record
 * as a platform would send them.
 */
export async function sendXmlRecords(baseUrl: string, apiKey: string, records: readonly RawRecord[]): Promise<XmlSendResult[]> {
  const results: XmlSendResult[] = [];
  for (const record of records) {
    const response = await fetch(`${baseUrl}/connector/api/2011-11/${ENDPOINT[record.kind]}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/xml; charset=utf-8', accept: 'application/xml' },
      body: record.raw ?? '',
    });
    const body = await response.text();
    if (response.ok) results.push({ record, status: response.status, uuid: tagText(body, 'uuid') });
    else
      results.push({
        record,
        status: response.status,
        error: `${tagText(body, 'reason') ?? 'HTTP ' + response.status}: ${tagText(body, 'message') ?? body.slice(0, 200)}`,
      });
  }
  return results;
}

/** "user Jane Doe (it-1001)" or "leadSource Facebook (ls-facebook)". */
export function describeRawRecord(record: RawRecord): string {
  const f = record.fields;
  const name = record.kind === 'leadSource' ? String(f.name ?? '?') : [f.firstname, f.lastname].filter(Boolean).join(' ') || String(f.email ?? '?');
  const what = record.kind === 'person' ? String(f.userType ?? 'user').toLowerCase() : record.kind === 'leadSource' ? 'lead source' : 'staff';
  return `${what} ${name} (${String(f.recordID ?? '?')})`;
}
