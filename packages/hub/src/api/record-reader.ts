import { NotFoundError, ValidationError, withRejectedValue, type Client, type Connector, type EntityKind, type HubRecord } from '@connector/core';
import { canUseClient, type Principal } from '../auth/authenticator';
import { ForbiddenError } from '../errors/hub-errors';

const KIND_WORDS: Record<EntityKind, string> = { person: 'user', staff: 'staff record', leadSource: 'lead source' };

/** A list query as both APIs give it. */
export interface RecordListQuery {
  clientId?: string;
  clubId?: string;
  /** Only records this provider sent. */
  provider?: string;
  limit?: number;
  offset?: number;
}

/** Reads a positive whole number from a query string. */
export function queryInt(value: unknown, field: string, min: number, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ValidationError(`${field}: must be a whole number from ${min} to ${max}`, { field });
  return n;
}

/**
 * Reads hub records for callers, within their clients: a record of a client the caller may not use is
 * answered as not found, so UUIDs of other clients reveal nothing.
 */
export class RecordReader {
  constructor(private readonly connector: Connector) {}

  /**
   * The client, if the caller may use it: 403 for another client, 404 for an unknown one. Neither
   * quotes the ID, which failed scoping (a caller may put a key there); the log line gets a hash prefix.
   */
  client(principal: Principal, clientId: string | undefined, field = 'clientId'): Client {
    if (!clientId) throw new ValidationError(`${field}: is required`, { field });
    if (!canUseClient(principal, clientId)) throw withRejectedValue(new ForbiddenError(`${field}: you may not read this client`, { field }), field, clientId);
    const client = this.connector.client(clientId);
    if (!client) throw withRejectedValue(new NotFoundError(`${field}: is not a client of this hub`, { field }), field, clientId);
    return client;
  }

  /** One record by UUID, of this kind, in the caller's clients (and sent by `provider` when given). */
  async get(principal: Principal, uuid: string, kind: EntityKind, provider?: string): Promise<HubRecord> {
    const record = await this.connector.store.getRecord(uuid);
    if (!record || record.kind !== kind || !canUseClient(principal, record.clientId) || (provider && record.origin.provider !== provider.toUpperCase())) {
      // Not quoted: a UUID or provider that fails the caller's scope may be anything, a key included.
      throw new NotFoundError(`no ${KIND_WORDS[kind]} with this uuid${provider ? ' sent by this provider' : ''} in your clients`);
    }
    return record;
  }

  /** One record by the sender's ID: provider + client + club + recordID. */
  async getByOrigin(
    principal: Principal,
    kind: EntityKind,
    origin: { clientId?: string; clubId?: string; provider?: string; recordId: string },
    names: { clientId: string; clubId: string; provider: string },
  ): Promise<HubRecord> {
    const client = this.client(principal, origin.clientId, names.clientId);
    if (!origin.clubId) throw new ValidationError(`${names.clubId}: is required with a record ID`, { field: names.clubId });
    if (!origin.provider) throw new ValidationError(`${names.provider}: is required with a record ID`, { field: names.provider });
    const record = await this.connector.store.findRecordByOrigin(
      client.id,
      origin.clubId,
      { provider: origin.provider.toUpperCase(), recordId: origin.recordId },
      kind,
    );
    if (!record || record.kind !== kind)
      throw new NotFoundError(`no ${KIND_WORDS[kind]} with this record ID from this provider in this club of client ${client.id}`);
    return record;
  }

  /** The records of one client (and club, and sender), oldest first. */
  async list(principal: Principal, kind: EntityKind, query: RecordListQuery, names: { clientId: string; clubId: string }): Promise<HubRecord[]> {
    const client = this.client(principal, query.clientId, names.clientId);
    if (query.clubId && !client.clubs.some((club) => club.id === query.clubId)) {
      throw withRejectedValue(new NotFoundError(`${names.clubId}: is not a club of client ${client.id}`, { field: names.clubId }), names.clubId, query.clubId);
    }
    return this.connector.store.listRecords({
      clientId: client.id,
      clubId: query.clubId || undefined,
      provider: query.provider ? query.provider.toUpperCase() : undefined,
      kind,
      limit: query.limit ?? 100,
      offset: query.offset ?? 0,
    });
  }
}
