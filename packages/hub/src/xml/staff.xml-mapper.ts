import type { HubRecord, Staff } from '@connector/core';
import type { FieldNaming, SaveCommand } from '../save/save-command';
import { child, expectRoot, parseBooleanText, providerInfoXml, readElement, readProviderInfo, readText, XML_PROVIDER_INFO_NAMES } from './provider-info.xml-mapper';
import type { XmlDocument } from './safe-xml-parser';
import { document, element } from './xml-writer';

const STAFF_FIELDS: ReadonlyArray<readonly [xml: string, model: keyof Staff]> = [
  ['firstname', 'firstName'],
  ['lastname', 'lastName'],
  ['email', 'email'],
  ['active', 'active'],
];
const BY_XML = new Map(STAFF_FIELDS.map(([xml, model]) => [xml.toLowerCase(), { xml, model }]));
const XML_BY_MODEL = new Map<string, string>(STAFF_FIELDS.map(([xml, model]) => [model, xml]));

/** How the XML API names staff fields in messages: `staffInfo.email`. */
export const XML_STAFF_NAMING: FieldNaming = {
  providerInfo: XML_PROVIDER_INFO_NAMES,
  content: (field) => `staffInfo.${XML_BY_MODEL.get(field) ?? field}`,
};

/** Maps a `<staff>` body (providerInfo + staffInfo: firstname, lastname, email, active) to a save. */
export function staffFromXml(doc: XmlDocument): SaveCommand {
  expectRoot(doc.root, 'staff');
  const body = readElement(doc.value, 'staff')!;
  const command: SaveCommand = { kind: 'staff', providerInfo: readProviderInfo(body), content: {}, naming: XML_STAFF_NAMING, api: 'xml' };
  const info = readElement(child(body, 'staffInfo')?.value, 'staffInfo')!;
  for (const [tag, raw] of Object.entries(info)) {
    const field = BY_XML.get(tag.toLowerCase());
    if (!field) continue;
    const text = readText(raw, `staffInfo.${field.xml}`);
    if (text === undefined) continue;
    command.content[field.model] = field.model === 'active' ? parseBooleanText(text) : text;
  }
  return command;
}

/** One staff record as an element. */
export function staffElement(record: HubRecord<'staff'>): string {
  const staff = record.content;
  const info = STAFF_FIELDS.map(([xml, model]) => element(xml, staff[model])).join('');
  return `<staff>${element('uuid', record.uuid)}${providerInfoXml(record)}<staffInfo>${info}</staffInfo></staff>`;
}

/** The answer of a staff fetch. */
export function staffDocument(record: HubRecord<'staff'>): string {
  return document('staff', staffElement(record).slice('<staff>'.length, -'</staff>'.length));
}

/** The answer of a staff list. */
export function staffListDocument(records: Array<HubRecord<'staff'>>): string {
  return document('staffList', records.map(staffElement).join(''));
}
