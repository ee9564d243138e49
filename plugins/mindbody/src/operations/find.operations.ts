import type { FindOperations, PersonQuery } from '@connector/core';
import { inject, injectable } from 'tsyringe';
import type { MindbodyApi } from '../api/mindbody-api';
import type { MindbodyClient, MindbodyGetClientsResponse } from '../api/mindbody-api.types';
import { MINDBODY_PATHS } from '../api/mindbody-paths';
import { MindbodyApiToken } from '../mindbody.tokens';

/** Case and runs of spaces do not make two names (or emails) different. */
function same(a: string | undefined, b: string | undefined): boolean {
  const norm = (value: string | undefined) => (value ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
  return norm(a) === norm(b);
}

/**
 * Finds a client MINDBODY already holds, for core's crash recovery: `GET client/clients` with
 * `request.searchText` (MINDBODY searches first name, last name and email), then an exact match on first
 * name, last name and email, which is also what MINDBODY calls a duplicate. Inactive clients are
 * included: a person delivered as INACTIVE is still there. MINDBODY keeps no external reference, so the
 * hub's ID cannot be used.
 */
@injectable()
export class MindbodyFindOperation implements FindOperations {
  constructor(@inject(MindbodyApiToken) private readonly api: MindbodyApi) {}

  async find(query: PersonQuery): Promise<string | undefined> {
    const { person } = query;
    const email = person.email?.trim();
    // Without an email, search by last name and accept only a client that has no email either.
    const searchText = email || person.lastName.trim();
    const matches = (client: MindbodyClient) =>
      same(client.FirstName, person.firstName) && same(client.LastName, person.lastName) && same(client.Email, email);
    const pages = this.api.pages<MindbodyClient>(
      MINDBODY_PATHS.clients,
      { 'request.searchText': searchText, 'request.includeInactive': true },
      (answer) => {
        const page = answer as MindbodyGetClientsResponse | undefined;
        return { items: page?.Clients ?? [], pagination: page?.PaginationResponse };
      },
    );
    for await (const clients of pages) {
      const found = clients.find((client) => matches(client) && typeof client.Id === 'string' && client.Id !== '');
      if (found) return found.Id;
    }
    return undefined;
  }
}
