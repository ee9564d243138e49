import { isSamePerson, type FindOperations, type PersonQuery } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import { MindbodySoapApi } from '../api/mindbody-soap-api';
import { clientIdentity } from '../mapping/client.mapper';

/**
 * Finds a client MINDBODY already holds, so a create retried after a crash updates it instead of making a
 * second one. MINDBODY 0.5.1 keeps no reference of ours, so: GetClients with the email (or the name when
 * there is none) as SearchText, then core's `isSamePerson` (same names, and the same email or mobile).
 * Core asks it before a first create too (`matchBeforeCreate`), so a client entered at the front desk is
 * linked rather than added twice.
 */
@injectable()
export class MindbodySoapFind implements FindOperations {
  constructor(@inject(MindbodySoapApi) private readonly api: MindbodySoapApi) {}

  async find(query: PersonQuery): Promise<string | undefined> {
    return (await this.findAll(query))[0];
  }

  /** Every client that is the person, in the order GetClients lists them (so core sees a duplicate). */
  async findAll(query: PersonQuery): Promise<string[]> {
    const { person } = query;
    const email = person.email?.trim();
    if (!email && !person.mobile?.trim()) return [];
    const clients = await this.api.getClients(email || `${person.firstName.trim()} ${person.lastName.trim()}`);
    return clients.filter((client) => client.ID && isSamePerson(clientIdentity(client), person)).map((client) => String(client.ID));
  }
}
