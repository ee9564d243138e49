import { ConfigurationError, type ClubContext, type Person, type PersonIdentity, type PersonWrite } from '@connector/core/plugin';
import type { MindbodyAddClientRequest, MindbodyClient, MindbodyClientFields, MindbodyUpdateClientRequest } from '../api/mindbody-api.types';

/**
 * The person fields MINDBODY has nowhere to keep, so they are never sent: it has no company (employer)
 * name (`IsCompany` marks a client that *is* a company), and who created or changed the record and when
 * it was last changed are MINDBODY's own bookkeeping. The hub's reference (`hubId`) is not kept either:
 * MINDBODY has no external-reference field, so `find` matches by email and name.
 */
export const MINDBODY_UNSUPPORTED_PERSON_FIELDS = ['company', 'createdBy', 'modifiedBy', 'modifiedDate'] as const satisfies ReadonlyArray<keyof Person>;

/**
 * Which sales rep slot the owner fills. MINDBODY sites have up to six kinds of sales rep; the first is
 * the one every site has, and the one its screens call "Sales Rep".
 */
export const OWNER_SALES_REP_NUMBER = 1;

const GENDER: Record<NonNullable<Person['gender']>, string> = { M: 'Male', F: 'Female' };

/** An optional text, or undefined when it is missing or blank (MINDBODY would store the blank). */
function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * A calendar date as the swagger's date-time. The swagger wants RFC 3339 (Prism refuses a date-time
 * without an offset), so the date goes as midnight UTC.
 */
export function toMindbodyDate(date: string): string {
  return `${date}T00:00:00Z`;
}

/** The hub's creation date, when it reads as a date or a date-time, as an RFC 3339 date-time. */
export function toMindbodyDateTime(value: string | undefined): string | undefined {
  const raw = text(value);
  if (!raw) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) return toMindbodyDate(raw);
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(raw)) return undefined;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

/**
 * The MINDBODY location of a club. Location IDs are integers in the API (`Location.Id`), so a club mapped
 * to anything else is a turn-up mistake, reported as such rather than as a rejected delivery.
 */
export function locationIdOf(club: ClubContext): number {
  const id = club.platformClubId.trim();
  if (!/^\d+$/.test(id)) {
    throw new ConfigurationError(
      `club ${club.hubClubId} is mapped to ${JSON.stringify(club.platformClubId)}: a MINDBODY location ID is a whole number (see GET site/locations)`,
      { pluginId: 'mindbody', field: `clubs.${club.hubClubId}` },
    );
  }
  return Number(id);
}

/** The client fields every write carries: the same for `addclient` and `updateclient`. */
export function toClientFields(input: PersonWrite): MindbodyClientFields {
  const { person } = input;
  const fields: MindbodyClientFields = {
    FirstName: person.firstName.trim(),
    LastName: person.lastName.trim(),
    // The member flag: a prospect is a client marked IsProspect; conversion clears it on the same client.
    IsProspect: person.userType === 'PROSPECT',
    // Always sent: updateclient re-activates an inactive client unless Active is explicitly false.
    Active: person.userStatus === 'ACTIVE',
    Email: text(person.email),
    MobilePhone: text(person.mobile),
    HomePhone: text(person.homePhone),
    WorkPhone: text(person.workPhone),
    AddressLine1: text(person.address1),
    AddressLine2: text(person.address2),
    City: text(person.city),
    State: text(person.state),
    PostalCode: text(person.zipcode),
    Country: person.country?.toUpperCase(),
    BirthDate: person.birthdate ? toMindbodyDate(person.birthdate) : undefined,
    Gender: person.gender ? GENDER[person.gender] : undefined,
    // Referral types are plain strings in MINDBODY: the lead source's platform ID is its name.
    ReferredBy: text(input.leadSourceId),
    SalesReps: ownerSalesReps(input.ownerId),
    HomeLocation: { Id: locationIdOf(input.club) },
  };
  return withoutUndefined(fields);
}

/** `POST client/addclient` for a new prospect or member. */
export function toAddClientRequest(input: PersonWrite): MindbodyAddClientRequest {
  const fields = toClientFields(input);
  return withoutUndefined({
    ...fields,
    FirstName: fields.FirstName ?? '',
    LastName: fields.LastName ?? '',
    // Only on create: it is the day the client joined the business, which an update does not change.
    CreationDate: toMindbodyDateTime(input.person.createdDate),
  });
}

/**
 * `POST client/updateclient` for the client `clientId`. MINDBODY updates only the fields sent, so a field
 * cleared in the hub keeps its old value in MINDBODY (see README, "Limits").
 */
export function toUpdateClientRequest(clientId: string, input: PersonWrite): MindbodyUpdateClientRequest {
  return { Client: { Id: clientId, ...toClientFields(input) } };
}

/**
 * The fields of `person` that carry a value MINDBODY will not receive: the unsupported fields, and a
 * creation date that is not a date. Core or an operator can show them; the plugin itself does not log.
 */
export function droppedPersonFields(person: Person): Array<keyof Person> {
  const dropped: Array<keyof Person> = MINDBODY_UNSUPPORTED_PERSON_FIELDS.filter((field) => text(person[field]) !== undefined);
  if (text(person.createdDate) && !toMindbodyDateTime(person.createdDate)) dropped.push('createdDate');
  return dropped;
}

/** Who a MINDBODY client is, in the hub's words, for core's `isSamePerson`. */
export function clientIdentity(client: MindbodyClient): PersonIdentity {
  return { firstName: client.FirstName, lastName: client.LastName, email: client.Email, mobile: client.MobilePhone };
}

/** MINDBODY has no place for some of the hub's fields: say so (core logs a WARNING), drop nothing silently. */
export function reportDroppedFields(input: PersonWrite): void {
  for (const field of droppedPersonFields(input.person)) input.warn?.(`${field} not sent: MINDBODY (Public API v6) has no field for it`);
}

function ownerSalesReps(ownerId: string | undefined): MindbodyClientFields['SalesReps'] {
  const id = ownerId?.trim();
  // Staff IDs are integers in MINDBODY; an owner ID from anywhere but the staff list cannot be one.
  if (!id || !/^\d+$/.test(id)) return undefined;
  return [{ Id: Number(id), SalesRepNumber: OWNER_SALES_REP_NUMBER }];
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
