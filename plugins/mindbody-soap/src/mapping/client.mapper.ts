import { ConfigurationError, type Person, type PersonIdentity, type PersonWrite } from '@connector/core/plugin';
import type { MindbodyClient, MindbodyClientWrite } from '../api/mindbody-soap.types';
import { MINDBODY_SOAP_PLUGIN_ID } from '../mindbody-soap.constants';

/** How one person is written: as a prospect or a member, into which sales rep slot, under which ID. */
export interface ClientWriteOptions {
  isProspect: boolean;
  salesRepNumber: number;
  /** The linked MINDBODY client ID, for an update. */
  id?: string;
}

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** The MINDBODY location of the club: HomeLocation.ID is an int in the WSDL. */
export function locationId(input: PersonWrite): number {
  const raw = input.club.platformClubId.trim();
  if (!/^-?\d+$/.test(raw)) {
    throw new ConfigurationError(
      `club ${input.club.hubClubId} maps to ${JSON.stringify(input.club.platformClubId)}, which is not a MINDBODY location ID (a number)`,
      { pluginId: MINDBODY_SOAP_PLUGIN_ID, field: `clubs.${input.club.hubClubId}` },
    );
  }
  return Number(raw);
}

/**
 * A hub person as a MINDBODY client (AddOrUpdateClients), keys in the WSDL's order. Everything the hub
 * holds that MINDBODY's Client has is sent; values the person does not have are left out, so MINDBODY
 * keeps what it holds. The owner goes into a sales rep slot (Reps), the lead source into ReferredBy, the
 * club into HomeLocation.
 */
export function toMindbodyClient(input: PersonWrite, options: ClientWriteOptions): MindbodyClientWrite {
  const { person } = input;
  const client: MindbodyClientWrite = {
    Gender: person.gender === 'M' ? 'Male' : person.gender === 'F' ? 'Female' : undefined,
    Inactive: person.userStatus === 'INACTIVE',
    // MINDBODY reads the staff ID of a rep; `isMale` is there only because the schema requires it.
    Reps: input.ownerId ? { Rep: [{ ID: options.salesRepNumber, Staff: { ID: input.ownerId, isMale: false } }] } : undefined,
    ID: options.id,
    FirstName: person.firstName.trim(),
    LastName: person.lastName.trim(),
    Email: present(person.email),
    AddressLine1: present(person.address1),
    AddressLine2: present(person.address2),
    City: present(person.city),
    State: present(person.state),
    PostalCode: present(person.zipcode),
    Country: present(person.country)?.toUpperCase(),
    MobilePhone: present(person.mobile),
    HomePhone: present(person.homePhone),
    WorkPhone: present(person.workPhone),
    BirthDate: person.birthdate ? `${person.birthdate}T00:00:00` : undefined,
    ReferredBy: present(input.leadSourceId),
    HomeLocation: { ID: locationId(input) },
    IsProspect: options.isProspect,
  };
  // node-soap would write an undefined value as an empty element; leave the element out instead.
  return Object.fromEntries(Object.entries(client).filter(([, value]) => value !== undefined)) as unknown as MindbodyClientWrite;
}

/** Hub fields a MINDBODY 0.5.1 Client has no element for, that this person has a value in. */
export function droppedPersonFields(person: Person): string[] {
  const fields = ['company', 'createdBy', 'createdDate', 'modifiedBy', 'modifiedDate'] as const;
  return fields.filter((field) => present(person[field]) !== undefined);
}

/**
 * MINDBODY has no place for some of the hub's fields: says so through `input.warn` (core logs a WARNING),
 * so nothing is dropped silently.
 */
export function reportDroppedFields(input: PersonWrite): void {
  for (const field of droppedPersonFields(input.person)) input.warn?.(`${field} not sent: a MINDBODY (SOAP 0.5.1) client has no field for it`);
}

/** Who a MINDBODY client is, in the hub's words, for core's `isSamePerson`. */
export function clientIdentity(client: MindbodyClient): PersonIdentity {
  return { firstName: client.FirstName, lastName: client.LastName, email: client.Email, mobile: client.MobilePhone };
}
