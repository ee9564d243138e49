import { isSamePerson, type FindOperations, type PersonQuery } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import { AcmeApi } from '../api/acme-api';
import { personIdentity } from '../mapping/person.mapper';

/**
 * Finds a person Acme already holds in the club: by the hub's UUID (the `externalRef` every write
 * sets), else by email, then core's `isSamePerson` (the same names and email). `findAll` lists them all,
 * so core can warn of a duplicate.
 */
@injectable()
export class AcmeFind implements FindOperations {
  constructor(@inject(AcmeApi) private readonly api: AcmeApi) {}

  async find(query: PersonQuery): Promise<string | undefined> {
    return (await this.findAll(query))[0];
  }

  /** Every Acme person for the hub person, oldest first (Acme lists people in the order it created them). */
  async findAll({ hubId, person, club }: PersonQuery): Promise<string[]> {
    const byRef = await this.api.searchPeople(club.platformClubId, { externalRef: hubId });
    if (byRef.length > 0) return byRef.map((candidate) => candidate.id);
    const email = person.email?.trim();
    // Acme searches by reference or email only: without an email there is nothing more to ask.
    if (!email) return [];
    const candidates = await this.api.searchPeople(club.platformClubId, { email });
    // Someone carrying another hub record's reference is that record's person (e.g. a family sharing
    // an email), so claiming them would merge two hub records into one Acme person.
    return candidates.filter((candidate) => (candidate.externalRef ?? hubId) === hubId && isSamePerson(personIdentity(candidate), person)).map((c) => c.id);
  }
}
