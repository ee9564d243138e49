import type { MemberOperations, PersonWrite } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import type { MindbodyApi } from '../api/mindbody-api';
import { MindbodyApiToken } from '../mindbody.tokens';
import { addClient, updateClient } from './client-writes';

/**
 * Members: MINDBODY clients with `IsProspect` false. Conversion has no call of its own: core updates the
 * linked client as a member, which sends `IsProspect: false` to the same client ID.
 */
@injectable()
export class MindbodyMembers implements MemberOperations {
  constructor(@inject(MindbodyApiToken) private readonly api: MindbodyApi) {}

  /** Adds the client; returns its new ID. */
  create(input: PersonWrite): Promise<string> {
    return addClient(this.api, input);
  }

  /** Updates the client `platformId`, which converts a prospect it holds. */
  update(platformId: string, input: PersonWrite): Promise<void> {
    return updateClient(this.api, platformId, input);
  }
}
