import type { HubRecord } from '@connector/core';
import type { FieldNaming, SaveCommand } from '../save/save-command';
import { child, expectRoot, parseBooleanText, providerInfoXml, readElement, readProviderInfo, readText, XML_PROVIDER_INFO_NAMES } from './provider-info.xml-mapper';
import type { XmlDocument } from './safe-xml-parser';
import { document, element } from './xml-writer';

/** How the XML API names lead-source fields in messages: `leadInfo.name`. */
export const XML_LEAD_SOURCE_NAMING: FieldNaming = {
  providerInfo: XML_PROVIDER_INFO_NAMES,
  content: (field) => `leadInfo.${field}`,
};

/** Maps a `<leadSource>` body (providerInfo + leadInfo: name, active) to a save. */
export function leadSourceFromXml(doc: XmlDocument): SaveCommand {
  expectRoot(doc.root, 'leadSource');
  const body = readElement(doc.value, 'leadSource')!;
  const command: SaveCommand = { kind: 'leadSource', providerInfo: readProviderInfo(body), content: {}, naming: XML_LEAD_SOURCE_NAMING, api: 'xml' };
  const info = readElement(child(body, 'leadInfo')?.value, 'leadInfo')!;
  const name = readText(child(info, 'name')?.value, 'leadInfo.name');
  const active = readText(child(info, 'active')?.value, 'leadInfo.active');
  if (name !== undefined) command.content.name = name;
  if (active !== undefined) command.content.active = parseBooleanText(active);
  return command;
}

/** One lead source as an element. */
export function leadSourceElement(record: HubRecord<'leadSource'>): string {
  const info = `<leadInfo>${element('name', record.content.name)}${element('active', record.content.active)}</leadInfo>`;
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
