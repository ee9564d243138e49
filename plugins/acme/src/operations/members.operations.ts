import type { MemberOperations, PersonWrite } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import { AcmeApi } from '../api/acme-api';
import { toAcmePerson } from '../mapping/person.mapper';
import { createWithKey } from './create-with-key';

/** Members: create, update, and Acme's own conversion of a prospect (which keeps the person's ID). */
@injectable()
export class AcmeMembers implements MemberOperations {
  constructor(@inject(AcmeApi) private readonly api: AcmeApi) {}

  async create(input: PersonWrite): Promise<string> {
    return createWithKey(this.api, 'member', input);
  }

  async update(platformId: string, input: PersonWrite): Promise<void> {
    await this.api.updatePerson('member', platformId, toAcmePerson(input));
  }

  /** Converts and writes the member's current fields in one call. */
  async convertProspect(platformId: string, input: PersonWrite): Promise<string> {
    // Acme documents that the ID survives conversion; returning what it answered keeps core right even
    // if that ever changes.
    return (await this.api.convertProspect(platformId, toAcmePerson(input))).id;
  }
}
