import { isSamePerson, type FindOperations, type PersonQuery } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import type { MindbodyApi } from '../api/mindbody-api';
import type { MindbodyClient, MindbodyGetClientsResponse } from '../api/mindbody-api.types';
import { MINDBODY_PATHS } from '../api/mindbody-paths';
import { clientIdentity } from '../mapping/client.mapper';
import { MindbodyApiToken } from '../mindbody.tokens';

/**
 * Finds a client MINDBODY already holds, for core's crash recovery: `GET client/clients` with
 * `request.searchText` (MINDBODY searches first name, last name and email): the email, or the last name
 * for a person without one; then core's `isSamePerson` (same names, and the same email, else the same
 * mobile). Inactive clients are included: a person delivered as INACTIVE is still there. MINDBODY keeps
 * no external reference, so the hub's ID cannot be used.
 */
@injectable()
export class MindbodyFind implements FindOperations {
  constructor(@inject(MindbodyApiToken) private readonly api: MindbodyApi) {}

  async find(query: PersonQuery): Promise<string | undefined> {
    const { person } = query;
    const email = person.email?.trim();
    // Without an email or a mobile, isSamePerson matches nobody: no need to ask.
    if (!email && !person.mobile?.trim()) return undefined;
    const searchText = email || person.lastName.trim();
    const matches = (client: MindbodyClient) => isSamePerson(clientIdentity(client), person);
    const pages = this.api.pages<MindbodyClient>(MINDBODY_PATHS.clients, { 'request.searchText': searchText, 'request.includeInactive': true }, (answer) => {
      const page = answer as MindbodyGetClientsResponse | undefined;
      return { items: page?.Clients ?? [], pagination: page?.PaginationResponse };
    });
    for await (const clients of pages) {
      const found = clients.find((client) => matches(client) && typeof client.Id === 'string' && client.Id !== '');
      if (found) return found.Id;
    }
    return undefined;
  }
}
