import type { SimulatedPerson } from '@connector/testing';
import { exchange, bearer, type Answer } from './http';

/** Where a test record is saved: the provider that sends it, its client and club. */
export interface Sender {
  provider: string;
  apiKey: string;
  clientId: string;
  clubId: string;
}

/**
 * A prospect whose content says which record and which version it is: the last name names the record
 * (`Rel-r7`), the first name the version (`V3`), so what a platform holds can be checked against what
 * was answered.
 */
export function personOf(recordId: string, version: number): { firstName: string; lastName: string; email: string } {
  return { firstName: `V${version}`, lastName: `Rel-${recordId}`, email: `${recordId}@reliability.test` };
}

/** The record and version a simulated person holds, or undefined for a person no test record made. */
export function versionIn(person: SimulatedPerson): { recordId: string; version: number } | undefined {
  const record = /^Rel-(.+)$/.exec(person.lastName);
  const version = /^V(\d+)$/.exec(person.firstName);
  return record && version ? { recordId: record[1], version: Number(version[1]) } : undefined;
}

/** The 2011-11 XML of a prospect. */
export function userXml(sender: Sender, recordId: string, version: number): string {
  const p = personOf(recordId, version);
  return (
    `<user><providerInfo><identifier>${sender.provider}</identifier><clientID>${sender.clientId}</clientID>` +
    `<clubID>${sender.clubId}</clubID><recordID>${recordId}</recordID></providerInfo>` +
    `<userInfo><firstname>${p.firstName}</firstname><lastname>${p.lastName}</lastname><userStatus>ACTIVE</userStatus>` +
    `<userType>PROSPECT</userType><email>${p.email}</email></userInfo></user>`
  );
}

/** The JSON API body of a prospect. */
export function userJson(sender: Sender, recordId: string, version: number): string {
  const p = personOf(recordId, version);
  return JSON.stringify({
    clientId: sender.clientId,
    clubId: sender.clubId,
    recordId,
    user: { ...p, userType: 'PROSPECT', userStatus: 'ACTIVE' },
  });
}

/** Saves one version of a record through the XML or the JSON API; undefined when no answer came. */
export async function saveUser(hubUrl: string, sender: Sender, recordId: string, version: number, via: 'xml' | 'json'): Promise<Answer | undefined> {
  return via === 'xml'
    ? exchange(`${hubUrl}/connector/api/2011-11/user`, {
        method: 'POST',
        headers: { ...bearer(sender.apiKey), 'content-type': 'application/xml' },
        body: userXml(sender, recordId, version),
      })
    : exchange(`${hubUrl}/api/v1/users`, {
        method: 'POST',
        headers: { ...bearer(sender.apiKey), 'content-type': 'application/json' },
        body: userJson(sender, recordId, version),
      });
}

/** The platform's people by test record: record ID → the versions held (one entry per platform person). */
export function peopleByRecord(people: SimulatedPerson[]): Map<string, number[]> {
  const byRecord = new Map<string, number[]>();
  for (const person of people) {
    const held = versionIn(person);
    if (!held) continue;
    byRecord.set(held.recordId, [...(byRecord.get(held.recordId) ?? []), held.version]);
  }
  return byRecord;
}
