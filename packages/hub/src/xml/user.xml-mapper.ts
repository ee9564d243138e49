import { API_2011_11, apiField, apiValue, STAFF_OWNER, xmlNaming, type HubRecord, type Person } from '@connector/core';
import type { SaveCommand } from '../save/save-command';
import { child, expectRoot, noteIgnored, providerInfoXml, readElement, readProviderInfo, readText } from './provider-info.xml-mapper';
import type { XmlDocument } from './safe-xml-parser';
import { document, element } from './xml-writer';

const INFO = API_2011_11.person.info;
/** Children of `<user>` that are not content: the envelope, the record's own elements, the hub's UUID (a fetched record sent back). */
const USER_ELEMENTS: ReadonlySet<string> = new Set(['providerinfo', 'userinfo', 'uuid']);

/** Reads `<staffOwner>`: `<email>`, or `<recordID>` of a staff record the provider saved, or bare text as an email. */
function readStaffOwner(value: unknown, command: SaveCommand, ignored: string[]): void {
  if (typeof value === 'string' || value === undefined) {
    const email = readText(value, `${INFO}.${STAFF_OWNER.element}`);
    if (email) command.content.ownerEmail = email;
    return;
  }
  const owner = readElement(value, `${INFO}.${STAFF_OWNER.element}`)!;
  const email = readText(child(owner, 'email')?.value, `${INFO}.${STAFF_OWNER.email}`);
  const recordId = readText(child(owner, 'recordID')?.value, `${INFO}.${STAFF_OWNER.recordId}`);
  if (email) command.content.ownerEmail = email;
  else if (recordId) command.ownerRecordId = recordId;
  for (const tag of Object.keys(owner)) {
    const lower = tag.toLowerCase();
    if (lower !== 'email' && lower !== 'recordid') noteIgnored(ignored, `${INFO}.${STAFF_OWNER.element}.${tag}`);
  }
}

/**
 * Maps a `<user>` body to a save: providerInfo, then the userInfo fields by name (case-insensitive),
 * `<staffOwner>` and `<leadSource>` (inside userInfo, or beside it). Elements the API does not know are
 * taken no further but listed in `ignored` (the answer and the Connector Log name them).
 */
export function userFromXml(doc: XmlDocument): SaveCommand {
  expectRoot(doc.root, 'user');
  const body = readElement(doc.value, 'user')!;
  const ignored: string[] = [];
  const command: SaveCommand = { kind: 'person', providerInfo: readProviderInfo(body, ignored), content: {}, naming: xmlNaming('person'), api: 'xml' };
  const info = readElement(child(body, INFO)?.value, INFO)!;
  for (const source of [body, info]) {
    for (const [tag, raw] of Object.entries(source)) {
      const lower = tag.toLowerCase();
      if (lower === STAFF_OWNER.element.toLowerCase()) {
        readStaffOwner(raw, command, ignored);
        continue;
      }
      const field = apiField('person', tag);
      if (source === body) {
        // Beside userInfo, only leadSource is read: the rest of <user> is the envelope.
        if (field?.model !== 'leadSource') {
          if (!USER_ELEMENTS.has(lower)) noteIgnored(ignored, tag);
          continue;
        }
      } else if (!field) {
        noteIgnored(ignored, `${INFO}.${tag}`);
        continue;
      }
      const text = readText(raw, `${INFO}.${field.name}`);
      if (text === undefined) continue;
      command.content[field.model] = apiValue(field.model, text);
    }
  }
  if (ignored.length > 0) command.ignored = ignored;
  return command;
}

function userInfoXml(person: Person): string {
  let out = '';
  for (const { name, model } of API_2011_11.person.fields) out += element(name, person[model as keyof Person]);
  if (person.ownerEmail) out += `<${STAFF_OWNER.element}>${element('email', person.ownerEmail)}</${STAFF_OWNER.element}>`;
  return `<${INFO}>${out}</${INFO}>`;
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
