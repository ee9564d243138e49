import type { ChangesPage, ChangesQuery, ClubContext, PlatformPerson, PullOperations } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import type { MindbodyApi, MindbodyQuery } from '../api/mindbody-api';
import type { MindbodyClient, MindbodyGetClientsResponse } from '../api/mindbody-api.types';
import { MINDBODY_MAX_PAGE_SIZE, MINDBODY_PATHS } from '../api/mindbody-paths';
import { toPlatformPerson, utcInstant } from '../mapping/pulled-client.mapper';
import { MindbodyApiToken } from '../mindbody.tokens';
import { later, nextSweep, readCursor, writeCursor } from '../pull/pull-cursor';

/**
 * Pull: `GET client/clients` with `request.lastModifiedDate`, inactive clients included (a former member
 * is one), 200 at most per call. The cursor is described at {@link readCursor}'s type. Each club's pull
 * keeps the clients whose home location is that club's location, and the clients without a home
 * location (MINDBODY has no location filter on this call: the other clients belong to other clubs).
 */
@injectable()
export class MindbodyPull implements PullOperations {
  constructor(@inject(MindbodyApiToken) private readonly api: MindbodyApi) {}

  async changes(query: ChangesQuery): Promise<ChangesPage> {
    const cursor = readCursor(query.cursor);
    const started = cursor.started ?? new Date().toISOString();
    const limit = Math.max(1, Math.min(query.limit, MINDBODY_MAX_PAGE_SIZE));
    const params: MindbodyQuery = { 'request.includeInactive': true, 'request.limit': limit, 'request.offset': cursor.offset };
    if (cursor.since) params['request.lastModifiedDate'] = cursor.since;
    const answer = await this.api.get<MindbodyGetClientsResponse | undefined>(MINDBODY_PATHS.clients, params);
    const clients = answer?.Clients ?? [];

    let max = cursor.max;
    for (const client of clients) max = later(max, utcInstant(client.LastModifiedDateTime));
    const offset = cursor.offset + clients.length;
    const total = answer?.PaginationResponse?.TotalResults;
    // With a total, the sweep ends when it has them all; without one, at a short page.
    const done = clients.length === 0 || (typeof total === 'number' ? offset >= total : clients.length < limit);
    const items = clients.map(toPlatformPerson).filter((item): item is PlatformPerson => item !== undefined && belongsTo(item, query.club));
    const next = done ? nextSweep({ ...cursor, max, started }, Date.now()) : { v: 1 as const, since: cursor.since, offset, max, started };
    return { items, cursor: writeCursor(next), done };
  }

  /** Reads one client (active or not) by its ID. */
  async get(platformId: string): Promise<PlatformPerson | undefined> {
    const answer = await this.api.get<MindbodyGetClientsResponse | undefined>(MINDBODY_PATHS.clients, {
      'request.clientIDs': platformId,
      'request.includeInactive': true,
      'request.limit': 1,
    });
    const client = (answer?.Clients ?? []).find((found: MindbodyClient) => String(found.Id) === platformId);
    return client ? toPlatformPerson(client) : undefined;
  }
}

function belongsTo(item: PlatformPerson, club: ClubContext): boolean {
  return item.platformClubId === undefined || item.platformClubId === club.platformClubId.trim();
}
