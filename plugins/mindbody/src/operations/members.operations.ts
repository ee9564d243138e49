import type { MemberOperations, PersonWrite } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import type { MindbodyApi } from '../api/mindbody-api';
import { reportDroppedFields, toAddClientRequest, toUpdateClientRequest } from '../mapping/client.mapper';
import { MindbodyApiToken } from '../mindbody.tokens';

/**
 * Members: MINDBODY clients with `IsProspect` false. Conversion has no call of its own: core updates the
 * linked client as a member, which sends `IsProspect: false` to the same client ID.
 */
@injectable()
export class MindbodyMembers implements MemberOperations {
  constructor(@inject(MindbodyApiToken) private readonly api: MindbodyApi) {}

  /** Adds the client; returns its new ID. */
  async create(input: PersonWrite): Promise<string> {
    reportDroppedFields(input);
    return this.api.addClient(toAddClientRequest(input));
  }

  /** Updates the client `platformId`, which converts a prospect it holds. */
  async update(platformId: string, input: PersonWrite): Promise<void> {
    reportDroppedFields(input);
    await this.api.updateClient(toUpdateClientRequest(platformId, input));
  }
}
