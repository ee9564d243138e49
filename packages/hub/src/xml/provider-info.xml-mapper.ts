import { ValidationError, type HubRecord } from '@connector/core';
import type { ProviderInfoInput } from '../save/save-command';
import { element } from './xml-writer';

/** XML names of the providerInfo fields, for messages. */
export const XML_PROVIDER_INFO_NAMES: Record<keyof ProviderInfoInput, string> = {
  identifier: 'providerInfo.identifier',
  clientID: 'providerInfo.clientID',
  clubID: 'providerInfo.clubID',
  recordID: 'providerInfo.recordID',
};

/** An element with child elements, as the parser gives it; refuses text, repeats and absence. */
export function readElement(value: unknown, field: string, required = true): Record<string, unknown> | undefined {
  if (value === undefined || value === '') {
    if (!required) return undefined;
    throw new ValidationError(`${field}: is required`, { field });
  }
  if (Array.isArray(value)) throw new ValidationError(`${field}: must appear once`, { field });
  if (typeof value !== 'object' || value === null) throw new ValidationError(`${field}: must contain elements, not text`, { field });
  return value as Record<string, unknown>;
}

/** The text of a leaf element; empty means absent (the hub is forgiving with blank optional fields). */
export function readText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) throw new ValidationError(`${field}: must appear once`, { field });
  if (typeof value === 'object') throw new ValidationError(`${field}: must be text, not elements`, { field });
  const text = String(value);
  return text === '' ? undefined : text;
}

/** Finds a child element by name, ignoring case (senders disagree on clientID / clientId). */
export function child(parent: Record<string, unknown>, name: string): { tag: string; value: unknown } | undefined {
  if (name in parent) return { tag: name, value: parent[name] };
  const lower = name.toLowerCase();
  for (const tag of Object.keys(parent)) if (tag.toLowerCase() === lower) return { tag, value: parent[tag] };
  return undefined;
}

/** Reads `<providerInfo>` (identifier, clientID, clubID, recordID); missing fields are left to the save to report. */
export function readProviderInfo(body: Record<string, unknown>): ProviderInfoInput {
  const found = child(body, 'providerInfo');
  const info = readElement(found?.value, 'providerInfo')!;
  const out: ProviderInfoInput = {};
  for (const key of ['identifier', 'clientID', 'clubID', 'recordID'] as const) {
    const field = child(info, key);
    const text = readText(field?.value, XML_PROVIDER_INFO_NAMES[key]);
    if (text !== undefined) out[key] = text;
  }
  return out;
}

/** `<providerInfo>` of a stored record: the provider that sent it and its ID there. */
export function providerInfoXml(record: HubRecord): string {
  return `<providerInfo>${element('identifier', record.origin.provider)}${element('clientID', record.clientId)}${element('clubID', record.clubId)}${element('recordID', record.origin.recordId)}</providerInfo>`;
}

/** Refuses a body whose root element is not the endpoint's. */
export function expectRoot(root: string, expected: string): void {
  if (root.toLowerCase() !== expected.toLowerCase()) {
    throw new ValidationError(`the body must be a <${expected}> element, not <${root}>`, { field: 'body' });
  }
}

/** `true`/`false` (also 1/0, yes/no) as a boolean; anything else is passed on for validation to refuse. */
export function parseBooleanText(text: string): boolean | string {
  const lower = text.trim().toLowerCase();
  if (lower === 'true' || lower === '1' || lower === 'yes') return true;
  if (lower === 'false' || lower === '0' || lower === 'no') return false;
  return text;
}
