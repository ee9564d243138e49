import type { HubRecord, Person } from '@connector/core';
import type { FieldNaming, SaveCommand } from '../save/save-command';
import { child, expectRoot, providerInfoXml, readElement, readProviderInfo, readText, XML_PROVIDER_INFO_NAMES } from './provider-info.xml-mapper';
import type { XmlDocument } from './safe-xml-parser';
import { document, element } from './xml-writer';

type PersonField = Exclude<keyof Person, 'ownerEmail'>;

/** userInfo element → hub person field, in the order answers list them. */
const USER_FIELDS: ReadonlyArray<readonly [xml: string, model: PersonField]> = [
  ['firstname', 'firstName'],
  ['lastname', 'lastName'],
  ['birthdate', 'birthdate'],
  ['gender', 'gender'],
  ['userStatus', 'userStatus'],
  ['userType', 'userType'],
  ['address1', 'address1'],
  ['address2', 'address2'],
  ['city', 'city'],
  ['zipcode', 'zipcode'],
  ['state', 'state'],
  ['country', 'country'],
  ['mobile', 'mobile'],
  ['email', 'email'],
  ['homePhone', 'homePhone'],
  ['workPhone', 'workPhone'],
  ['company', 'company'],
  ['createdBy', 'createdBy'],
  ['createdDate', 'createdDate'],
  ['modifiedBy', 'modifiedBy'],
  ['modifiedDate', 'modifiedDate'],
  ['leadSource', 'leadSource'],
];
const BY_XML = new Map(USER_FIELDS.map(([xml, model]) => [xml.toLowerCase(), { xml, model }]));
const XML_BY_MODEL = new Map<string, string>([...USER_FIELDS.map(([xml, model]) => [model, xml] as [string, string]), ['ownerEmail', 'staffOwner.email'], ['ownerRecordId', 'staffOwner.recordID']]);
// Codes are compared in upper case, so `active` or `Prospect` from a lenient sender still validates.
const UPPER_CASE: ReadonlySet<string> = new Set(['userStatus', 'userType', 'gender']);

/** How the XML API names person fields in messages: `userInfo.firstname`. */
export const XML_USER_NAMING: FieldNaming = {
  providerInfo: XML_PROVIDER_INFO_NAMES,
  content: (field) => `userInfo.${XML_BY_MODEL.get(field.split('.')[0]) ?? field}`,
};

/** Reads `<staffOwner>`: `<email>`, or `<recordID>` of a staff record the provider saved, or bare text as an email. */
function readStaffOwner(value: unknown, command: SaveCommand): void {
  if (typeof value === 'string' || value === undefined) {
    const email = readText(value, 'userInfo.staffOwner');
    if (email) command.content.ownerEmail = email;
    return;
  }
  const owner = readElement(value, 'userInfo.staffOwner')!;
  const email = readText(child(owner, 'email')?.value, 'userInfo.staffOwner.email');
  const recordId = readText(child(owner, 'recordID')?.value, 'userInfo.staffOwner.recordID');
  if (email) command.content.ownerEmail = email;
  else if (recordId) command.ownerRecordId = recordId;
}

/**
 * Maps a `<user>` body to a save: providerInfo, then the userInfo fields by name (case-insensitive;
 * unknown elements are ignored so newer senders keep working), `<staffOwner>` and `<leadSource>`
 * (inside userInfo, or beside it).
 */
export function userFromXml(doc: XmlDocument): SaveCommand {
  expectRoot(doc.root, 'user');
  const body = readElement(doc.value, 'user')!;
  const command: SaveCommand = { kind: 'person', providerInfo: readProviderInfo(body), content: {}, naming: XML_USER_NAMING, api: 'xml' };
  const info = readElement(child(body, 'userInfo')?.value, 'userInfo')!;
  for (const source of [body, info]) {
    for (const [tag, raw] of Object.entries(source)) {
      const lower = tag.toLowerCase();
      if (lower === 'staffowner') {
        readStaffOwner(raw, command);
        continue;
      }
      const field = BY_XML.get(lower);
      // Beside userInfo, only leadSource is read: the rest of <user> is the envelope.
      if (!field || (source === body && field.model !== 'leadSource')) continue;
      const text = readText(raw, `userInfo.${field.xml}`);
      if (text === undefined) continue;
      command.content[field.model] = UPPER_CASE.has(field.model) ? text.trim().toUpperCase() : text;
    }
  }
  return command;
}

function userInfoXml(person: Person): string {
  let out = '';
  for (const [xml, model] of USER_FIELDS) out += element(xml, person[model]);
  if (person.ownerEmail) out += `<staffOwner>${element('email', person.ownerEmail)}</staffOwner>`;
  return `<userInfo>${out}</userInfo>`;
}

/** One user record as an element (no namespace: for lists and single answers alike). */
export function userElement(record: HubRecord<'person'>): string {
  return `<user>${element('uuid', record.uuid)}${providerInfoXml(record)}${userInfoXml(record.content)}</user>`;
}

/** The answer of a user fetch. */
export function userDocument(record: HubRecord<'person'>): string {
  return document('user', userElement(record).slice('<user>'.length, -'</user>'.length));
}

/** The answer of a user list. */
export function usersDocument(records: Array<HubRecord<'person'>>): string {
  return document('users', records.map(userElement).join(''));
}
