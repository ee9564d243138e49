import { createLogger, createPlatformRuntime, type Logger, type Person, type PersonWrite, type PlatformRuntime, type Redactor } from '@connector/core';
import mindbodyPlugin from '../../src';
import type { MindbodySimulator } from '../../src/simulator';

/** The hub client every test turns up: two clubs. */
export const CLIENT = {
  id: 'client-1',
  name: 'Fit Club Co',
  clubs: [
    { id: 'club-1', name: 'Downtown', timeZone: 'America/New_York' },
    { id: 'club-2', name: 'Uptown', timeZone: 'America/New_York' },
  ],
};

/** Settings of {@link mindbodyRuntime}. */
export interface RuntimeOptions {
  /** Send the calls to this port instead of the simulator's (a Prism proxy in front of it). */
  viaPort?: number;
  badCredentials?: boolean;
  clubs?: Record<string, string>;
  logger?: Logger;
  redactor?: Redactor;
}

/** The MINDBODY plugin turned up for {@link CLIENT} against a simulator, through core's runtime. */
export function mindbodyRuntime(simulator: MindbodySimulator, options: RuntimeOptions = {}): PlatformRuntime {
  const turnUp = simulator.turnUp({ hubClubIds: ['club-1', 'club-2'], badCredentials: options.badCredentials });
  return createPlatformRuntime({
    plugin: mindbodyPlugin,
    client: CLIENT,
    turnUp: {
      plugin: '@connector/plugin-mindbody',
      ...turnUp,
      clubs: options.clubs ?? turnUp.clubs,
      connection: { ...turnUp.connection!, port: options.viaPort ?? turnUp.connection!.port },
    },
    logger: options.logger ?? createLogger({ level: 'silent' }),
    redactor: options.redactor,
  });
}

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
export function writeFor(runtime: PlatformRuntime, person: Person, extra: Partial<PersonWrite> = {}): PersonWrite {
  return { hubId: '6f1c1d2e-0000-4000-8000-000000000001', person, club: runtime.clubContext('club-1')!, ...extra };
}
