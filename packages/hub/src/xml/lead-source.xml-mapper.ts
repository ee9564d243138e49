import { API_2011_11, apiField, apiValue, xmlNaming, type HubRecord } from '@connector/core';
import type { SaveCommand } from '../save/save-command';
import { child, expectRoot, noteIgnored, providerInfoXml, readElement, readProviderInfo, readText } from './provider-info.xml-mapper';
import type { XmlDocument } from './safe-xml-parser';
import { document, element } from './xml-writer';

const INFO = API_2011_11.leadSource.info;
const LEAD_SOURCE_ELEMENTS: ReadonlySet<string> = new Set(['providerinfo', 'leadinfo', 'uuid']);

/** Maps a `<leadSource>` body (providerInfo + leadInfo: name, active) to a save; elements the API does not know are listed in `ignored`. */
export function leadSourceFromXml(doc: XmlDocument): SaveCommand {
  expectRoot(doc.root, 'leadSource');
  const body = readElement(doc.value, 'leadSource')!;
  const ignored: string[] = [];
  const command: SaveCommand = { kind: 'leadSource', providerInfo: readProviderInfo(body, ignored), content: {}, naming: xmlNaming('leadSource'), api: 'xml' };
  for (const tag of Object.keys(body)) if (!LEAD_SOURCE_ELEMENTS.has(tag.toLowerCase())) noteIgnored(ignored, tag);
  const info = readElement(child(body, INFO)?.value, INFO)!;
  for (const [tag, raw] of Object.entries(info)) {
    const field = apiField('leadSource', tag);
    if (!field) {
      noteIgnored(ignored, `${INFO}.${tag}`);
      continue;
    }
    const text = readText(raw, `${INFO}.${field.name}`);
    if (text !== undefined) command.content[field.model] = apiValue(field.model, text);
  }
  if (ignored.length > 0) command.ignored = ignored;
  return command;
}

/** One lead source as an element. */
export function leadSourceElement(record: HubRecord<'leadSource'>): string {
  const info = `<${INFO}>${element('name', record.content.name)}${element('active', record.content.active)}</${INFO}>`;
  return `<leadSource>${element('uuid', record.uuid)}${providerInfoXml(record)}${info}</leadSource>`;
}

/** The answer of a lead-source fetch. */
export function leadSourceDocument(record: HubRecord<'leadSource'>): string {
  return document('leadSource', leadSourceElement(record).slice('<leadSource>'.length, -'</leadSource>'.length));
}

/** The answer of a lead-source list. */
export function leadSourcesDocument(records: Array<HubRecord<'leadSource'>>): string {
  return document('leadSources', records.map(leadSourceElement).join(''));
}
