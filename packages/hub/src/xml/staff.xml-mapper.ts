import { API_2011_11, xmlNaming, type HubRecord, type Staff } from '@connector/core';
import type { SaveCommand } from '../save/save-command';
import { expectRoot, providerInfoXml, readElement, readInfoElement, readProviderInfo } from './provider-info.xml-mapper';
import type { XmlDocument } from './safe-xml-parser';
import { document, element } from './xml-writer';

const INFO = API_2011_11.staff.info;

/**
 * Maps a `<staff>` body (providerInfo + staffInfo: firstname, lastname, email, active) to a save;
 * elements the API does not know are listed in `ignored`.
 */
export function staffFromXml(doc: XmlDocument): SaveCommand {
  expectRoot(doc.root, 'staff');
  const body = readElement(doc.value, 'staff')!;
  const ignored: string[] = [];
  const command: SaveCommand = { kind: 'staff', providerInfo: readProviderInfo(body, ignored), content: {}, naming: xmlNaming('staff'), api: 'xml' };
  readInfoElement('staff', body, command, ignored);
  if (ignored.length > 0) command.ignored = ignored;
  return command;
}

/** One staff record as an element. */
export function staffElement(record: HubRecord<'staff'>): string {
  const staff = record.content;
  const info = API_2011_11.staff.fields.map(({ name, model }) => element(name, staff[model as keyof Staff])).join('');
  return `<staff>${element('uuid', record.uuid)}${providerInfoXml(record)}<${INFO}>${info}</${INFO}></staff>`;
}

/** The answer of a staff fetch. */
export function staffDocument(record: HubRecord<'staff'>): string {
  return document('staff', staffElement(record).slice('<staff>'.length, -'</staff>'.length));
}

/** The answer of a staff list. */
export function staffListDocument(records: Array<HubRecord<'staff'>>): string {
  return document('staffList', records.map(staffElement).join(''));
}
