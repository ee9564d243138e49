import { createHash } from 'node:crypto';

/** What identifies one hub record's place in one platform. */
export interface IdempotencyScope {
  clientId: string;
  platform: string;
  recordUuid: string;
}

/**
 * The idempotency key core gives every create of a hub record in a platform (`PersonWrite.idempotencyKey`).
 *
 * Derived only from the client, the platform and the record's UUID, so it is the same for every attempt,
 * after a crash, in another hub process, and after the record's content changed: the platform must answer
 * any later create of this record with the record the first create made. The record version is left out
 * on purpose: a version 2 created after version 1's create timed out would otherwise make a second
 * person. Hashed so it has one shape (32 URL-safe characters) whatever the IDs look like, and says nothing
 * about the client to the platform.
 */
export function idempotencyKey(scope: IdempotencyScope): string {
  const hash = createHash('sha256').update(`connector-create\u0000${scope.clientId}\u0000${scope.platform}\u0000${scope.recordUuid}`).digest('base64url');
  return hash.slice(0, 32);
}

/**
 * The idempotency key of a lead source's create: one per client, platform, platform club and name (as
 * core compares names: case and spaces ignored), since that is what makes two lead sources the same.
 */
export function leadSourceIdempotencyKey(scope: { clientId: string; platform: string; platformClubId: string; normalizedName: string }): string {
  const hash = createHash('sha256')
    .update(`connector-lead-source\u0000${scope.clientId}\u0000${scope.platform}\u0000${scope.platformClubId}\u0000${scope.normalizedName}`)
    .digest('base64url');
  return hash.slice(0, 32);
}
