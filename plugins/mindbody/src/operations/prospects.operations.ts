import type { PersonWrite, ProspectOperations } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import type { MindbodyApi } from '../api/mindbody-api';
import { MindbodyApiToken } from '../mindbody.tokens';
import { addClient, updateClient } from './client-writes';

/** Prospects: MINDBODY clients with `IsProspect` true (`client/addclient`, `client/updateclient`). */
@injectable()
export class MindbodyProspects implements ProspectOperations {
  constructor(@inject(MindbodyApiToken) private readonly api: MindbodyApi) {}

  /** Adds the client; returns its new ID. */
  create(input: PersonWrite): Promise<string> {
    return addClient(this.api, input);
  }

  /** Updates the client `platformId` (its ID does not change). */
  update(platformId: string, input: PersonWrite): Promise<void> {
    return updateClient(this.api, platformId, input);
  }
}
