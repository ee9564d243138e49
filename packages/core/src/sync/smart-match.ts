import type { Person } from '../model/person';
import type { HubRecord, TwoWayStore } from '../store/store';
import { personMatchKeys } from './match-keys';

/** Which SmartMatch rule found the candidates, in words for the Connector Log. */
export type MatchRule = 'name, email and mobile' | 'name and email' | 'name and mobile';

/** What SmartMatch decided for a platform's person. */
export type MatchDecision =
  | { kind: 'link'; recordUuid: string }
  | { kind: 'one'; rule: MatchRule; record: HubRecord }
  | { kind: 'several'; rule: MatchRule; records: HubRecord[] }
  | { kind: 'none' };

/** Where SmartMatch looks: the platform's person, its ID there, the client and platform. */
export interface MatchQuery {
  clientId: string;
  platform: string;
  platformId: string;
  person: Pick<Person, 'firstName' | 'lastName' | 'email' | 'mobile'>;
}

/**
 * SmartMatch: the hub record a platform's person belongs to. By the link (the platform's ID) first; else
 * by full name + email + mobile, else name + email, else name + mobile (case, accents, spaces and
 * punctuation ignored; see `personMatchKeys`), the first rule that finds anyone deciding. Records already
 * linked to another person of this platform are not candidates. One candidate: that record. Several: the
 * caller makes a new record and warns, naming them (never a silent merge). None: a new record.
 */
export async function smartMatch(store: Pick<TwoWayStore, 'findLinkByPlatformId' | 'findPeopleByKeys'>, query: MatchQuery): Promise<MatchDecision> {
  const link = await store.findLinkByPlatformId(query.clientId, query.platform, query.platformId);
  if (link) return { kind: 'link', recordUuid: link.recordUuid };
  const keys = personMatchKeys(query.person);
  if (!keys.name) return { kind: 'none' };
  const rules: Array<[MatchRule, { email?: string; mobile?: string }]> = [];
  if (keys.email && keys.mobile) rules.push(['name, email and mobile', { email: keys.email, mobile: keys.mobile }]);
  if (keys.email) rules.push(['name and email', { email: keys.email }]);
  if (keys.mobile) rules.push(['name and mobile', { mobile: keys.mobile }]);
  for (const [rule, fields] of rules) {
    const records = await store.findPeopleByKeys({ clientId: query.clientId, name: keys.name, ...fields, notLinkedTo: query.platform });
    if (records.length === 1) return { kind: 'one', rule, record: records[0] };
    if (records.length > 1) return { kind: 'several', rule, records };
  }
  return { kind: 'none' };
}
