import type { Person, PersonWrite } from '@connector/core/plugin';
import type { SimulatorRuntime, TurnUpOptions } from '@connector/testing';

/** The hub client every test turns up (with the kit's `turnUpPlugin` / `turnUpOnSimulator`): two clubs in New York. */
export const CLIENT: TurnUpOptions = { clientId: 'client-1', clubIds: ['club-1', 'club-2'], timeZone: 'America/New_York' };

/** A prospect with every field of the person model set. */
export function fullProspect(overrides: Partial<Person> = {}): Person {
  return {
    firstName: 'Jane',
    lastName: 'Doe',
    userType: 'PROSPECT',
    userStatus: 'ACTIVE',
    birthdate: '1990-02-03',
    gender: 'F',
    address1: '1 Main Street',
    address2: 'Apt 4',
    city: 'Springfield',
    zipcode: '12345',
    state: 'IL',
    country: 'us',
    mobile: '555-0101',
    email: 'jane.doe@example.com',
    homePhone: '555-0102',
    workPhone: '555-0103',
    company: 'Acme Corp',
    createdBy: 'frontdesk',
    createdDate: '2024-05-06T07:08:09Z',
    modifiedBy: 'manager',
    modifiedDate: '2024-05-07T10:00:00Z',
    ownerEmail: 'sam.sales@example.com',
    leadSource: 'Website',
    ...overrides,
  };
}

/** What core hands the plugin for `person` in club-1 of `runtime`. */
export function writeFor(runtime: SimulatorRuntime, person: Person, extra: Partial<PersonWrite> = {}): PersonWrite {
  return { hubId: '6f1c1d2e-0000-4000-8000-000000000001', person, club: runtime.clubContext('club-1')!, ...extra };
}
