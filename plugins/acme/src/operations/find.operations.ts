import { isSamePerson, type FindOperations, type PersonQuery } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import { AcmeApi } from '../api/acme-api';
import { personIdentity } from '../mapping/person.mapper';

/**
 * Finds a person Acme already holds in the club: by the hub's UUID (the `externalRef` every write
 * sets), else by email, then core's `isSamePerson` (the same names and email).
 */
@injectable()
export class AcmeFind implements FindOperations {
  constructor(@inject(AcmeApi) private readonly api: AcmeApi) {}

  async find({ hubId, person, club }: PersonQuery): Promise<string | undefined> {
    const [byRef] = await this.api.searchPeople(club.platformClubId, { externalRef: hubId });
    if (byRef) return byRef.id;
    const email = person.email?.trim();
    // Acme searches by reference or email only: without an email there is nothing more to ask.
    if (!email) return undefined;
    const candidates = await this.api.searchPeople(club.platformClubId, { email });
    // Someone carrying another hub record's reference is that record's person (e.g. a family sharing
    // an email), so claiming them would merge two hub records into one Acme person.
    const match = candidates.find((candidate) => (candidate.externalRef ?? hubId) === hubId && isSamePerson(personIdentity(candidate), person));
    return match?.id;
  }
}
