import type { EntityContent, EntityKind, Person } from '../model/person';
import type { PlatformRuntime } from '../runtime/platform-runtime';

/** Whether a platform takes this kind of record at all (its capabilities). */
export function platformTakes<K extends EntityKind>(runtime: PlatformRuntime, kind: K, content: EntityContent[K]): boolean {
  const caps = runtime.plugin.capabilities;
  if (kind === 'person') return (content as Person).userType === 'MEMBER' ? !!caps.members : !!caps.prospects;
  if (kind === 'staff') return caps.staff;
  return caps.leadSources.list;
}

/**
 * Routing: a record goes to every platform the client has turned up for the record's club, except the
 * platform that sent it, and only where the platform takes that kind of record.
 */
export function routeRecord<K extends EntityKind>(
  runtimes: readonly PlatformRuntime[],
  clubId: string,
  senderProvider: string,
  kind: K,
  content: EntityContent[K],
): string[] {
  const sender = senderProvider.toUpperCase();
  return runtimes
    .filter((rt) => rt.turnUp.provider !== sender && rt.clubContext(clubId) !== undefined && platformTakes(rt, kind, content))
    .map((rt) => rt.turnUp.platform);
}
