import type { PersonWrite, ProspectOperations } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import { AcmeApi } from '../api/acme-api';
import { toAcmePerson } from '../mapping/person.mapper';
import { createWithKey } from './create-with-key';

/** Prospects: Acme has separate create (POST /v1/clubs/:clubId/prospects) and update (PUT /v1/prospects/:id). */
@injectable()
export class AcmeProspects implements ProspectOperations {
  constructor(@inject(AcmeApi) private readonly api: AcmeApi) {}

  async create(input: PersonWrite): Promise<string> {
    return createWithKey(this.api, 'prospect', input);
  }

  async update(platformId: string, input: PersonWrite): Promise<void> {
    await this.api.updatePerson('prospect', platformId, toAcmePerson(input));
  }
}
