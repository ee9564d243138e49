import type { PersonWrite } from '@connector/core/plugin';
import type { MindbodyApi } from '../api/mindbody-api';
import { reportDroppedFields, toAddClientRequest, toUpdateClientRequest } from '../mapping/client.mapper';

// Prospects and members are both MINDBODY clients (IsProspect tells them apart, set by the mapper), so
// their operations share these two calls.

/** Adds the client; returns its new ID. */
export async function addClient(api: MindbodyApi, input: PersonWrite): Promise<string> {
  reportDroppedFields(input);
  return api.addClient(toAddClientRequest(input));
}

/** Updates the client `platformId` (its ID does not change; a prospect updated as a member is converted). */
export async function updateClient(api: MindbodyApi, platformId: string, input: PersonWrite): Promise<void> {
  reportDroppedFields(input);
  await api.updateClient(toUpdateClientRequest(platformId, input));
}
