import { ConnectorError, type MemberOperations, type PersonWrite } from '@connector/core';
import { inject, injectable } from 'tsyringe';
import type { MindbodyApi } from '../api/mindbody-api';
import type { MindbodyClientResponse } from '../api/mindbody-api.types';
import { MINDBODY_PATHS } from '../api/mindbody-paths';
import { droppedPersonFields, toAddClientRequest, toUpdateClientRequest } from '../mapping/client.mapper';
import { MindbodyApiToken } from '../mindbody.tokens';

/**
 * Prospects and members: both are MINDBODY clients, told apart by `IsProspect`. The same class serves
 * both entities. Conversion has no call of its own: core updates the linked client as a member, which
 * sends `IsProspect: false` to the same client ID.
 */
@injectable()
export class MindbodyClientOperations implements MemberOperations {
  constructor(@inject(MindbodyApiToken) private readonly api: MindbodyApi) {}

  /** `POST client/addclient`; returns the new client's ID. */
  async create(input: PersonWrite): Promise<string> {
    reportDropped(input);
    // Not idempotent: after an unknown outcome core looks the client up (`find`) before creating again.
    const answer = await this.api.post<MindbodyClientResponse>(MINDBODY_PATHS.addClient, toAddClientRequest(input), false);
    const id = answer?.Client?.Id;
    if (typeof id !== 'string' || id === '') {
      throw new ConnectorError('UNKNOWN', `POST ${MINDBODY_PATHS.addClient} answered without Client.Id: the client may or may not have been added`, {
        pluginId: 'mindbody',
      });
    }
    return id;
  }

  /** `POST client/updateclient` of the client `platformId` (its ID does not change). */
  async update(platformId: string, input: PersonWrite): Promise<void> {
    reportDropped(input);
    // Setting the same values twice has the same effect, so the transport may repeat it after a timeout.
    await this.api.post<MindbodyClientResponse>(MINDBODY_PATHS.updateClient, toUpdateClientRequest(platformId, input), true);
  }
}

/** MINDBODY has no place for some of the hub's fields: say so (core logs a WARNING), drop nothing silently. */
function reportDropped(input: PersonWrite): void {
  for (const field of droppedPersonFields(input.person)) input.warn?.(`${field} not sent: MINDBODY (Public API v6) has no field for it`);
}
