import type { ChangesPage, ChangesQuery, ClubContext, PlatformPerson, PullOperations } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import { MindbodySoapApi } from '../api/mindbody-soap-api';
import { toSoapPlatformPerson, type PulledSoapClient } from '../mapping/pulled-client.mapper';
import { toSiteLocalDateTime } from '../pull/local-time';
import { readSoapCursor, SOAP_PULL_MAX_PAGE_SIZE, SOAP_PULL_OVERLAP_MS, writeSoapCursor } from '../pull/pull-cursor';

/**
 * Pull: GetClients with `LastModifiedDate`, paged by PageSize / CurrentPageIndex (cursor: see
 * {@link readSoapCursor}'s type). `LastModifiedDate` goes in the club's local time, as MINDBODY keeps a
 * site's times. Each club's pull keeps the clients whose HomeLocation is that club's location, and those
 * without one (GetClients has no location filter).
 */
@injectable()
export class MindbodySoapPull implements PullOperations {
  constructor(@inject(MindbodySoapApi) private readonly api: MindbodySoapApi) {}

  async changes(query: ChangesQuery): Promise<ChangesPage> {
    const cursor = readSoapCursor(query.cursor);
    const started = cursor.started ?? new Date().toISOString();
    const size = cursor.size ?? Math.max(1, Math.min(query.limit, SOAP_PULL_MAX_PAGE_SIZE));
    const lastModifiedDate = cursor.since ? toSiteLocalDateTime(Date.parse(cursor.since), query.club.timeZone) : undefined;
    const { clients, totalPages } = await this.api.getClientsPage({ lastModifiedDate, page: { size, index: cursor.page } });
    const done = clients.length === 0 || cursor.page + 1 >= totalPages;
    const items = (clients as PulledSoapClient[])
      .map(toSoapPlatformPerson)
      .filter((item): item is PlatformPerson => item !== undefined && belongsTo(item, query.club));
    const next = done
      ? { v: 1 as const, since: new Date(Date.parse(started) - SOAP_PULL_OVERLAP_MS).toISOString(), page: 0 }
      : { v: 1 as const, since: cursor.since, page: cursor.page + 1, size, started };
    return { items, cursor: writeSoapCursor(next), done };
  }

  /** Reads one client by its ID. */
  async get(platformId: string): Promise<PlatformPerson | undefined> {
    const { clients } = await this.api.getClientsPage({ clientIds: [platformId], page: { size: 1, index: 0 } });
    const client = (clients as PulledSoapClient[]).find((found) => String(found.ID) === platformId);
    return client ? toSoapPlatformPerson(client) : undefined;
  }
}

function belongsTo(item: PlatformPerson, club: ClubContext): boolean {
  return item.platformClubId === undefined || item.platformClubId === club.platformClubId.trim();
}
