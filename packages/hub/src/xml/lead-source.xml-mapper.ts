import { API_2011_11, xmlNaming, type HubRecord } from '@connector/core';
import type { SaveCommand } from '../save/save-command';
import { expectRoot, providerInfoXml, readElement, readInfoElement, readProviderInfo } from './provider-info.xml-mapper';
import type { XmlDocument } from './safe-xml-parser';
import { document, element } from './xml-writer';

const INFO = API_2011_11.leadSource.info;

/** Maps a `<leadSource>` body (providerInfo + leadInfo: name, active) to a save; elements the API does not know are listed in `ignored`. */
export function leadSourceFromXml(doc: XmlDocument): SaveCommand {
  expectRoot(doc.root, 'leadSource');
  const body = readElement(doc.value, 'leadSource')!;
  const ignored: string[] = [];
  const command: SaveCommand = { kind: 'leadSource', providerInfo: readProviderInfo(body, ignored), content: {}, naming: xmlNaming('leadSource'), api: 'xml' };
  readInfoElement('leadSource', body, command, ignored);
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
