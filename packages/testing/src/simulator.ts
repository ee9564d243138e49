import type { TurnUpInput } from '@connector/core';

/** A person as a platform simulator holds it, in the hub's words, for assertions. */
export interface SimulatedPerson {
  /** The platform's record ID. */
  id: string;
  firstName: string;
  lastName: string;
  email?: string;
  mobile?: string;
  /** What the platform holds the person as. */
  type: 'PROSPECT' | 'MEMBER';
  /** The platform's ID of the staff owner, if one is set. */
  ownerId?: string;
  /** The platform's ID of the lead source, if one is set. */
  leadSourceId?: string;
  /** The platform's club / location ID the person belongs to. */
  clubId?: string;
  /** The platform's own record, as stored. */
  raw: unknown;
}

/** A staff member to seed into a simulator. */
export interface SimulatedStaffInput {
  firstName: string;
  lastName: string;
  email: string;
}

/**
 * A platform simulator: a real server on 127.0.0.1 with an in-memory database. Every plugin's tests
 * and the conformance kit drive a plugin against one, then assert what it holds.
 */
export interface PlatformSimulator {
  /** The base URL the simulator listens on (http://127.0.0.1:PORT...). */
  readonly url: string;
  /**
   * A turn-up that works against this simulator: connection, plugin options and a club mapping for the
   * given hub club IDs. With `badCredentials`, the same turn-up with a wrong secret.
   */
  turnUp(options: { hubClubIds: string[]; badCredentials?: boolean }): Omit<TurnUpInput, 'plugin'>;
  /** Everyone the platform holds now. */
  people(): Promise<SimulatedPerson[]>;
  /** Seeds a staff member; returns the platform's staff ID. */
  addStaff(staff: SimulatedStaffInput): Promise<string>;
  /** The lead sources the platform holds now. */
  leadSources(): Promise<Array<{ id: string; name: string }>>;
  /** Seeds a lead source; returns the platform's ID. */
  addLeadSource(name: string): Promise<string>;
  /** How many calls of each kind the simulator served, e.g. { 'staff.list': 1 } (for cache assertions). */
  calls(): Record<string, number>;
  /** Makes the next `count` calls fail transiently (5xx / server fault), for retry tests. */
  failNext(count: number): void;
  close(): Promise<void>;

  // Two-way sync (optional): changes made in the platform itself, which the conformance kit's pull and
  // webhook sections need; without them those sections are skipped, saying so.

  /** Someone entered at the front desk of the platform's club mapped to `hubClubId`; returns the platform's ID. */
  enterPerson?(
    hubClubId: string,
    type: 'prospect' | 'member',
    person: { firstName: string; lastName: string; email?: string; mobile?: string },
  ): Promise<string>;
  /** A sale: the prospect becomes a member (a former member, a member again). */
  sell?(platformId: string): Promise<unknown>;
  /** The membership ends: a former member (expired, terminated or inactive). */
  endMembership?(platformId: string): Promise<unknown>;
  /** Sends signed webhooks of the changes above to `url` (undefined: stops). */
  sendWebhooksTo?(url: string | undefined): void;
  /** Sends the last webhook again, with its message ID; resolves with the receiver's HTTP status. */
  redeliverLastWebhook?(): Promise<number | undefined>;
  /** Sends the last webhook with a wrong signature; resolves with the receiver's HTTP status. */
  forgeLastWebhook?(): Promise<number | undefined>;
}
