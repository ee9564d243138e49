import { API_2011_11, apiField, apiValue, ValidationError, XML_PROVIDER_INFO_NAMES, type EntityKind, type HubRecord } from '@connector/core';
import type { ProviderInfoInput, SaveCommand } from '../save/save-command';
import { element } from './xml-writer';

const PROVIDER_INFO_KEYS = ['identifier', 'clientID', 'clubID', 'recordID'] as const;
const PROVIDER_INFO_TAGS: ReadonlySet<string> = new Set(PROVIDER_INFO_KEYS.map((key) => key.toLowerCase()));

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

/**
 * Reads `<providerInfo>` (identifier, clientID, clubID, recordID); missing fields are left to the intake
 * to report, elements it does not know are added to `ignored` (`providerInfo.vendor`).
 */
export function readProviderInfo(body: Record<string, unknown>, ignored: string[]): ProviderInfoInput {
  const found = child(body, 'providerInfo');
  const info = readElement(found?.value, 'providerInfo')!;
  const out: ProviderInfoInput = {};
  for (const key of PROVIDER_INFO_KEYS) {
    const field = child(info, key);
    const text = readText(field?.value, XML_PROVIDER_INFO_NAMES[key]);
    if (text !== undefined) out[key] = text;
  }
  for (const tag of Object.keys(info)) if (!PROVIDER_INFO_TAGS.has(tag.toLowerCase())) noteIgnored(ignored, `providerInfo.${tag}`);
  return out;
}

/**
 * Notes an element the API does not know. The original API was forgiving, so such elements are not
 * refused; the answer and the Connector Log name them instead (a sender's `<ownerEmail>` would otherwise
 * leave a prospect without its owner, and no one would know).
 */
export function noteIgnored(ignored: string[], name: string): void {
  if (name.endsWith('#text') || ignored.includes(name)) return;
  ignored.push(name);
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

/**
 * Reads a record body's info element (`<staffInfo>`, `<leadInfo>`) by the 2011-11 dictionary into the
 * command's content. What the body holds besides providerInfo, the info element and a fetched record's
 * `<uuid>`, and what the info element holds that the dictionary does not know, goes to `ignored`.
 */
export function readInfoElement(kind: EntityKind, body: Record<string, unknown>, command: SaveCommand, ignored: string[]): void {
  const infoName = API_2011_11[kind].info;
  const lowerInfo = infoName.toLowerCase();
  for (const tag of Object.keys(body)) {
    const lower = tag.toLowerCase();
    if (lower !== 'providerinfo' && lower !== lowerInfo && lower !== 'uuid') noteIgnored(ignored, tag);
  }
  const info = readElement(child(body, infoName)?.value, infoName)!;
  for (const [tag, raw] of Object.entries(info)) {
    const field = apiField(kind, tag);
    if (!field) {
      noteIgnored(ignored, `${infoName}.${tag}`);
      continue;
    }
    const text = readText(raw, `${infoName}.${field.name}`);
    if (text !== undefined) command.content[field.model] = apiValue(field.model, text);
  }
}
