import type { ChangesPage, ChangesQuery, ClubContext, PlatformPerson, PullOperations } from '@connector/core/plugin';
import { ConnectorError } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import { AcmeApi } from '../api/acme-api';
import { fromAcmePerson } from '../mapping/person.mapper';

/**
 * Pull (two-way sync): Acme's change feed of a club, whose cursor is Acme's own (a change sequence
 * number), and one person by ID for webhooks that name a person.
 */
@injectable()
export class AcmePull implements PullOperations {
  constructor(@inject(AcmeApi) private readonly api: AcmeApi) {}

  async changes({ club, cursor, limit }: ChangesQuery): Promise<ChangesPage> {
    // Acme answers at most 500 per page.
    const page = await this.api.changes(club.platformClubId, cursor, Math.min(limit, 500));
    return { items: page.items.map(fromAcmePerson), cursor: page.cursor, done: page.done };
  }

  async get(platformId: string, _club: ClubContext): Promise<PlatformPerson | undefined> {
    try {
      return fromAcmePerson(await this.api.getPerson(platformId));
    } catch (error) {
      if (error instanceof ConnectorError && error.status === 404) return undefined;
      throw error;
    }
  }
}
