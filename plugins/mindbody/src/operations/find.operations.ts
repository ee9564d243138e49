import { ConnectorError, isSamePerson, type FindOperations, type PersonQuery } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import type { MindbodyClientDuplicate, MindbodyGetClientDuplicatesResponse, MindbodyMergeClientsRequest } from '../api/client-duplicates.types';
import type { MindbodyApi } from '../api/mindbody-api';
import type { MindbodyClient, MindbodyGetClientsResponse } from '../api/mindbody-api.types';
import { MINDBODY_PATHS } from '../api/mindbody-paths';
import { clientIdentity } from '../mapping/client.mapper';
import { MindbodyApiToken } from '../mindbody.tokens';

/** A client found for a person: the ID the API uses, and the system ID a merge takes. */
interface Candidate {
  Id: string;
  UniqueId?: number;
}

const hasId = <T extends { Id?: string }>(client: T): client is T & { Id: string } => typeof client.Id === 'string' && client.Id !== '';

/**
 * Finds the clients MINDBODY already holds for a person, for core's look-up before a create (a person
 * entered at the front desk, or a create retried after a crash), and merges two of them.
 *
 * With an email: `GET client/clientduplicates` with first name, last name and email, the very rule by
 * which MINDBODY refuses a second client ("a duplicate client ... has the same first name, last name and
 * email"), so what it finds is what an `addclient` would collide with. Without one: `GET client/clients`
 * with the last name as `request.searchText` (inactive clients included), then core's `isSamePerson`
 * (the same names and mobile). MINDBODY keeps no external reference, so the hub's ID cannot be used.
 * Oldest first: by `UniqueId`, which MINDBODY assigns in increasing order.
 */
@injectable()
export class MindbodyFind implements FindOperations {
  constructor(@inject(MindbodyApiToken) private readonly api: MindbodyApi) {}

  async find(query: PersonQuery): Promise<string | undefined> {
    return (await this.candidates(query))[0]?.Id;
  }

  async findAll(query: PersonQuery): Promise<string[]> {
    return (await this.candidates(query)).map((candidate) => candidate.Id);
  }

  /**
   * `POST client/mergeclients`: `duplicateId` is merged into `keepId`. The request takes the clients'
   * `UniqueId`s, read with the same search that found them.
   */
  async merge(keepId: string, duplicateId: string, query: PersonQuery): Promise<void> {
    const found = await this.candidates(query);
    const uniqueId = (id: string) => {
      const unique = found.find((candidate) => candidate.Id === id)?.UniqueId;
      if (typeof unique !== 'number') {
        throw new ConnectorError('NOT_FOUND', `client ${id} is no longer among the clients that match this person: not merged`, {
          pluginId: 'mindbody',
          retryable: false,
        });
      }
      return unique;
    };
    const body: MindbodyMergeClientsRequest = { SourceClientId: uniqueId(duplicateId), TargetClientId: uniqueId(keepId) };
    // Not repeated after an unknown outcome: a merge done once leaves no source to merge again.
    await this.api.post<unknown>(MINDBODY_PATHS.mergeClients, body, false);
  }

  private async candidates({ person }: PersonQuery): Promise<Candidate[]> {
    const email = person.email?.trim();
    const found = email ? await this.duplicatesOf(person.firstName.trim(), person.lastName.trim(), email) : await this.byMobile(person);
    return found.sort((a, b) => (a.UniqueId ?? Number.MAX_SAFE_INTEGER) - (b.UniqueId ?? Number.MAX_SAFE_INTEGER));
  }

  private async duplicatesOf(firstName: string, lastName: string, email: string): Promise<Candidate[]> {
    const filter = { 'request.firstName': firstName, 'request.lastName': lastName, 'request.email': email };
    const clients = await this.api.listAll<MindbodyClientDuplicate>(MINDBODY_PATHS.clientDuplicates, filter, (answer) => {
      const page = answer as MindbodyGetClientDuplicatesResponse | undefined;
      return { items: page?.ClientDuplicates ?? [], pagination: page?.PaginationResponse };
    });
    return clients.filter(hasId).map(({ Id, UniqueId }) => ({ Id, UniqueId }));
  }

  /** A person without an email: by last name, then the same names and mobile (`isSamePerson`). */
  private async byMobile(person: PersonQuery['person']): Promise<Candidate[]> {
    // Without an email or a mobile, isSamePerson matches nobody: no need to ask.
    if (!person.mobile?.trim()) return [];
    const clients = await this.api.listAll<MindbodyClient>(
      MINDBODY_PATHS.clients,
      { 'request.searchText': person.lastName.trim(), 'request.includeInactive': true },
      (answer) => {
        const page = answer as MindbodyGetClientsResponse | undefined;
        return { items: page?.Clients ?? [], pagination: page?.PaginationResponse };
      },
    );
    return clients
      .filter((client) => hasId(client) && isSamePerson(clientIdentity(client), person))
      .map((client) => ({ Id: client.Id!, UniqueId: client.UniqueId }));
  }
}
