import type { Person, PersonIdentity, PersonWrite, PlatformPerson } from '@connector/core/plugin';
import type { AcmeAddress, AcmePerson, AcmePersonBody, AcmePhones } from '../api/acme-api.types';

/** Blank means absent: the hub accepts empty strings, Acme rejects e.g. an empty email as malformed. */
function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Drops undefined fields, and returns undefined for an object left empty (Acme then clears it). */
function compact<T extends object>(value: T): T | undefined {
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  return entries.length > 0 ? (Object.fromEntries(entries) as T) : undefined;
}

/**
 * Maps a hub person to the body of Acme's create, update and convert calls. The whole person is sent
 * every time because Acme's PUT replaces: a field cleared in the hub is cleared in Acme.
 *
 * Not sent: `userType` (the endpoint says prospect or member), `ownerEmail` and `leadSource` (core has
 * resolved them to `ownerId` and `leadSourceId`), and the hub's created/modified by/date (Acme keeps
 * its own timestamps).
 */
export function toAcmePerson(input: PersonWrite): AcmePersonBody {
  const { person } = input;
  const phones = compact<AcmePhones>({
    mobile: present(person.mobile),
    home: present(person.homePhone),
    work: present(person.workPhone),
  });
  const address = compact<AcmeAddress>({
    line1: present(person.address1),
    line2: present(person.address2),
    city: present(person.city),
    region: present(person.state),
    postalCode: present(person.zipcode),
    country: present(person.country)?.toUpperCase(),
  });
  const body: AcmePersonBody = {
    externalRef: input.hubId,
    firstName: person.firstName.trim(),
    lastName: person.lastName.trim(),
    status: person.userStatus === 'INACTIVE' ? 'inactive' : 'active',
    email: present(person.email),
    birthDate: present(person.birthdate),
    gender: person.gender === 'F' ? 'female' : person.gender === 'M' ? 'male' : undefined,
    company: present(person.company),
    phones,
    address,
    ownerStaffId: present(input.ownerId),
    leadSourceId: present(input.leadSourceId),
  };
  return compact(body) ?? body;
}

/** Who an Acme person is, in the hub's words, for core's `isSamePerson`. */
export function personIdentity(person: AcmePerson): PersonIdentity {
  return { firstName: person.firstName, lastName: person.lastName, email: person.email, mobile: person.phones?.mobile };
}

/**
 * Maps an Acme person back to the hub's model (two-way sync): a member whose status is inactive is a
 * former member (MEMBER + INACTIVE). Not mapped back: the owner and lead source (Acme holds its own IDs
 * of them; the hub keeps the names it has) and Acme's timestamps.
 */
export function fromAcmePerson(acme: AcmePerson): PlatformPerson {
  const gender = acme.gender === 'female' ? 'F' : acme.gender === 'male' ? 'M' : undefined;
  const person: Person = {
    firstName: acme.firstName,
    lastName: acme.lastName,
    userType: acme.type === 'member' ? 'MEMBER' : 'PROSPECT',
    userStatus: acme.status === 'inactive' ? 'INACTIVE' : 'ACTIVE',
    email: acme.email,
    birthdate: acme.birthDate,
    gender,
    company: acme.company,
    mobile: acme.phones?.mobile,
    homePhone: acme.phones?.home,
    workPhone: acme.phones?.work,
    address1: acme.address?.line1,
    address2: acme.address?.line2,
    city: acme.address?.city,
    state: acme.address?.region,
    zipcode: acme.address?.postalCode,
    country: acme.address?.country,
  };
  const defined = Object.fromEntries(Object.entries(person).filter(([, value]) => value !== undefined)) as Person;
  return { platformId: acme.id, person: defined, modifiedAt: acme.updatedAt, platformClubId: acme.clubId };
}
