import type { EntityKind, UserType } from '../model/person';
import type { PlatformRuntime } from '../runtime/platform-runtime';

/** What routing reads of a record's content: a person's userType (any content object will do). */
export interface RoutingFacts {
  userType?: UserType;
}

/** Whether a platform takes this kind of record at all (its capabilities). */
export function platformTakes(runtime: PlatformRuntime, kind: EntityKind, facts: RoutingFacts): boolean {
  const caps = runtime.plugin.capabilities;
  if (kind === 'person') return facts.userType === 'MEMBER' ? !!caps.members : !!caps.prospects;
  if (kind === 'staff') return caps.staff;
  return caps.leadSources.list;
}

/**
 * Routing: a record goes to every platform the client has turned up for the record's club, except the
 * platform that sent it, and only where the platform takes that kind of record.
 */
export function routeRecord(runtimes: readonly PlatformRuntime[], clubId: string, senderProvider: string, kind: EntityKind, facts: RoutingFacts): string[] {
  const sender = senderProvider.toUpperCase();
  return runtimes
    .filter((rt) => rt.turnUp.provider !== sender && rt.clubContext(clubId) !== undefined && platformTakes(rt, kind, facts))
    .map((rt) => rt.turnUp.platform);
}
