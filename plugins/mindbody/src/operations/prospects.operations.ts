import type { PersonWrite, ProspectOperations } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import type { MindbodyApi } from '../api/mindbody-api';
import { reportDroppedFields, toAddClientRequest, toUpdateClientRequest } from '../mapping/client.mapper';
import { MindbodyApiToken } from '../mindbody.tokens';

/** Prospects: MINDBODY clients with `IsProspect` true (`client/addclient`, `client/updateclient`). */
@injectable()
export class MindbodyProspects implements ProspectOperations {
  constructor(@inject(MindbodyApiToken) private readonly api: MindbodyApi) {}

  /** Adds the client; returns its new ID. */
  async create(input: PersonWrite): Promise<string> {
    reportDroppedFields(input);
    return this.api.addClient(toAddClientRequest(input));
  }

  /** Updates the client `platformId` (its ID does not change). */
  async update(platformId: string, input: PersonWrite): Promise<void> {
    reportDroppedFields(input);
    await this.api.updateClient(toUpdateClientRequest(platformId, input));
  }
}
