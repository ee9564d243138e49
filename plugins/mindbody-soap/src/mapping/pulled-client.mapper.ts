import type { Person, PlatformPerson } from '@connector/core/plugin';

/** A client as GetClients answers it, as node-soap parses it (the fields pull reads). */
export interface PulledSoapClient {
  ID?: string | number;
  FirstName?: string;
  LastName?: string;
  Email?: string;
  Gender?: string;
  Inactive?: boolean | string | null;
  IsProspect?: boolean | string | null;
  AddressLine1?: string;
  AddressLine2?: string;
  City?: string;
  State?: string;
  PostalCode?: string;
  Country?: string;
  MobilePhone?: string;
  HomePhone?: string;
  WorkPhone?: string;
  BirthDate?: string | Date | null;
  ReferredBy?: string;
  HomeLocation?: { ID?: number | string | null } | null;
}

const GENDER: Record<string, Person['gender']> = { male: 'M', female: 'F' };

function text(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const trimmed = String(value).trim();
  return trimmed ? trimmed : undefined;
}

/** xs:boolean as node-soap hands it (a boolean, or its text). */
function bool(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
}

/** A birth date: MINDBODY's zone-less `1990-02-03T00:00:00`, or the Date node-soap made of it (local time). */
function day(value: unknown): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  }
  const match = typeof value === 'string' ? /^(\d{4}-\d{2}-\d{2})/.exec(value.trim()) : null;
  return match ? match[1] : undefined;
}

/**
 * Prospect or member, active or former. A 0.5.1 Client has no membership status (no `Status`): only
 * `IsProspect` and `Inactive`. So: IsProspect → PROSPECT, else MEMBER; Inactive → INACTIVE. A member
 * that is inactive is the former member (MEMBER + INACTIVE), as in the 2011-11 API.
 */
export function soapLifecycleOf(client: Pick<PulledSoapClient, 'IsProspect' | 'Inactive'>): Pick<Person, 'userType' | 'userStatus'> {
  return { userType: bool(client.IsProspect) ? 'PROSPECT' : 'MEMBER', userStatus: bool(client.Inactive) ? 'INACTIVE' : 'ACTIVE' };
}

/** A GetClients client in the hub's model; undefined for one without an ID or names. */
export function toSoapPlatformPerson(client: PulledSoapClient): PlatformPerson | undefined {
  const id = text(client.ID);
  const firstName = text(client.FirstName);
  const lastName = text(client.LastName);
  if (!id || !firstName || !lastName) return undefined;
  const country = text(client.Country);
  const person = Object.fromEntries(
    Object.entries({
      firstName,
      lastName,
      ...soapLifecycleOf(client),
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
      gender: GENDER[(text(client.Gender) ?? '').toLowerCase()],
      leadSource: text(client.ReferredBy),
    }).filter(([, v]) => v !== undefined),
  ) as Person;
  const location = text(client.HomeLocation?.ID ?? undefined);
  return location ? { platformId: id, person, platformClubId: location } : { platformId: id, person };
}
