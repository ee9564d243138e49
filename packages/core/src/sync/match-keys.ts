import type { PersonIdentity } from '../model/person-match';

/**
 * How SmartMatch compares a person: each part reduced so that case, accents, spaces and punctuation do
 * not matter (`"O'Brien-Smith "` and `obrien smith` are one name, `(604) 555-0100` and `604.555.0100`
 * one number). A store keeps these keys beside every person record, indexed, and looks them up.
 */
export interface PersonMatchKeys {
  /** First + " " + last name, each reduced to its letters and digits; empty when either is blank. */
  name: string;
  /** The email without spaces, in lower case; empty when none. */
  email: string;
  /** The mobile number's digits; empty when none. */
  mobile: string;
}

/** Letters and digits only, accents dropped, lower case. */
function reduce(value: string | null | undefined): string {
  return (value ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** The SmartMatch keys of a person (see {@link PersonMatchKeys}). */
export function personMatchKeys(person: PersonIdentity): PersonMatchKeys {
  const first = reduce(person.firstName);
  const last = reduce(person.lastName);
  return {
    name: first && last ? `${first} ${last}` : '',
    email: (person.email ?? '').replace(/\s+/g, '').toLowerCase(),
    mobile: (person.mobile ?? '').replace(/\D/g, ''),
  };
}
