import type { Person, PlatformPerson } from '@connector/core/plugin';
import type { MindbodyClient } from '../api/mindbody-api.types';

/**
 * MINDBODY's `Client.Status` values that end a membership: the client was a member and is no more. The
 * swagger lists Declined, Non-Member, Active, Expired, Suspended and Terminated.
 */
export const FORMER_MEMBER_STATUSES: ReadonlySet<string> = new Set(['expired', 'terminated']);

const GENDER: Record<string, Person['gender']> = { male: 'M', female: 'F' };

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed ? trimmed : undefined;
}

/** The calendar day of a MINDBODY date-time (`1990-02-03T00:00:00`), or undefined when it is none. */
function day(value: unknown): string | undefined {
  const raw = text(value);
  const match = raw ? /^(\d{4}-\d{2}-\d{2})/.exec(raw) : null;
  return match ? match[1] : undefined;
}

/** A MINDBODY date-time as an ISO-8601 instant: MINDBODY's UTC times often come without an offset. */
export function utcInstant(value: unknown): string | undefined {
  const raw = text(value);
  if (!raw || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(raw)) return undefined;
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(raw) ? raw : `${raw}Z`;
  const at = Date.parse(withZone);
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

/**
 * Prospect or member, active or former, from MINDBODY's three fields:
 * - `Status` Expired or Terminated: a former member (MEMBER + INACTIVE), whatever the other two say;
 * - `IsProspect` true: a PROSPECT;
 * - otherwise a MEMBER: the plugin writes members as clients with `IsProspect` false, so a client that
 *   is not a prospect reads back as a member even without a membership (`Status` Non-Member), or a
 *   member the hub sent would come back demoted;
 * - `Active` false (the client's profile is inactive): INACTIVE.
 */
export function lifecycleOf(client: Pick<MindbodyClient, 'Status' | 'IsProspect' | 'Active'>): Pick<Person, 'userType' | 'userStatus'> {
  if (FORMER_MEMBER_STATUSES.has((client.Status ?? '').trim().toLowerCase())) return { userType: 'MEMBER', userStatus: 'INACTIVE' };
  return { userType: client.IsProspect === true ? 'PROSPECT' : 'MEMBER', userStatus: client.Active === false ? 'INACTIVE' : 'ACTIVE' };
}

/**
 * A client MINDBODY answered (`ClientWithSuspensionInfo`) in the hub's model. The sales rep is not read
 * back: MINDBODY names it by staff ID and the hub names owners by email. A client without a first or
 * last name cannot be a hub person: undefined.
 */
export function toPlatformPerson(client: MindbodyClient): PlatformPerson | undefined {
  const id = client.Id !== undefined && client.Id !== null ? String(client.Id).trim() : '';
  const firstName = text(client.FirstName);
  const lastName = text(client.LastName);
  if (!id || !firstName || !lastName) return undefined;
  const country = text(client.Country);
  const person: Person = withoutUndefined({
    firstName,
    lastName,
    ...lifecycleOf(client),
    email: text(client.Email),
    mobile: text(client.MobilePhone),
    homePhone: text(client.HomePhone),
    workPhone: text(client.WorkPhone),
    address1: text(client.AddressLine1),
    address2: text(client.AddressLine2),
    city: text(client.City),
    state: text(client.State),
    zipcode: text(client.PostalCode),
    country: country && /^[A-Za-z]{2}$/.test(country) ? country.toUpperCase() : undefined,
    birthdate: day(client.BirthDate),
    gender: GENDER[(client.Gender ?? '').trim().toLowerCase()],
    leadSource: text(client.ReferredBy),
    createdDate: utcInstant(client.CreationDate),
    // No modifiedDate in the content: the client's modified time is the item's `modifiedAt`. In the
    // content it made a sale count twice (the membership event reads the client, with its time; the
    // client.updated event carries none), so the other spokes got the same member two times.
  });
  const locationId = client.HomeLocation?.Id;
  return withoutUndefined({
    platformId: id,
    person,
    modifiedAt: utcInstant(client.LastModifiedDateTime),
    platformClubId: locationId !== undefined && locationId !== null ? String(locationId) : undefined,
  });
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
