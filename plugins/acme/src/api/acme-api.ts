import { ConnectorError, RestTransportToken, type RestTransport } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import { AcmeOptionsToken, type AcmeOptions } from '../acme.options';
import type {
  AcmeAccount,
  AcmeChanges,
  AcmeLeadSource,
  AcmeLeadSourceBody,
  AcmeList,
  AcmePerson,
  AcmePersonBody,
  AcmePersonKind,
  AcmeStaff,
} from './acme-api.types';

const segment = encodeURIComponent;

/**
 * Acme's 409 for a create whose `Idempotency-Key` is still being processed (README, "Idempotent
 * creates"): retryable, unlike other 409s, since the first create will land and the repeat will then be
 * answered with it. Any other error is returned as it is.
 */
function stillProcessing(error: unknown, what: string): unknown {
  if (!(error instanceof ConnectorError) || error.status !== 409 || !/Idempotency-Key is still being processed/.test(error.message)) return error;
  return new ConnectorError('CONFLICT', `Acme is still processing an earlier create of this ${what} (409): tried again later`, {
    retryable: true,
    status: 409,
    pluginId: 'acme',
    cause: error,
  });
}

/**
 * A typed client of the Acme API v1: one method per endpoint, the API key on every call. It only
 * speaks HTTP through core's transport, which owns retries, pacing, timeouts and error mapping.
 */
@injectable()
export class AcmeApi {
  private readonly headers: Record<string, string>;

  constructor(
    @inject(RestTransportToken) private readonly http: RestTransport,
    @inject(AcmeOptionsToken) options: AcmeOptions,
  ) {
    this.headers = { 'X-Api-Key': options.apiKey };
  }

  /** GET /v1/account: the account and its clubs. */
  async account(): Promise<AcmeAccount> {
    return (await this.http.get<AcmeAccount>('/v1/account', undefined, this.headers)).data;
  }

  /**
   * POST /v1/clubs/:clubId/prospects|members. With `idempotencyKey` (core's key for this hub record),
   * Acme answers a repeated create with the person the first one made (`replayed`), so the transport may
   * repeat it after a timeout; while the first is still being processed Acme answers 409, a retryable
   * error here: the delivery is tried again later, by when the first has landed.
   */
  async createPerson(kind: AcmePersonKind, clubId: string, body: AcmePersonBody, idempotencyKey?: string): Promise<{ person: AcmePerson; replayed: boolean }> {
    const path = `/v1/clubs/${segment(clubId)}/${kind}s`;
    const options = idempotencyKey ? { headers: { ...this.headers, 'Idempotency-Key': idempotencyKey }, idempotent: true } : { headers: this.headers };
    try {
      const response = await this.http.post<AcmePerson>(path, body, options);
      return { person: response.data, replayed: response.headers['idempotent-replayed'] === 'true' };
    } catch (error) {
      throw stillProcessing(error, kind);
    }
  }

  /** PUT /v1/prospects|members/:id. */
  async updatePerson(kind: AcmePersonKind, id: string, body: AcmePersonBody): Promise<AcmePerson> {
    return (await this.http.put<AcmePerson>(`/v1/${kind}s/${segment(id)}`, body, { headers: this.headers })).data;
  }

  /** POST /v1/prospects/:id/convert. */
  async convertProspect(id: string, body: AcmePersonBody): Promise<AcmePerson> {
    // Acme documents conversion as idempotent, so the transport may repeat it after a lost answer.
    const options = { headers: this.headers, idempotent: true };
    return (await this.http.post<AcmePerson>(`/v1/prospects/${segment(id)}/convert`, body, options)).data;
  }

  /** GET /v1/clubs/:clubId/people?externalRef=…&email=… (filters combine with AND). */
  async searchPeople(clubId: string, query: { externalRef?: string; email?: string }): Promise<AcmePerson[]> {
    const path = `/v1/clubs/${segment(clubId)}/people`;
    return (await this.http.get<AcmeList<AcmePerson>>(path, query, this.headers)).data.items;
  }

  /** GET /v1/clubs/:clubId/people/changes?since=…&limit=…: the club's people changed after a cursor, oldest change first. */
  async changes(clubId: string, since: string | undefined, limit: number): Promise<AcmeChanges> {
    const path = `/v1/clubs/${segment(clubId)}/people/changes`;
    return (await this.http.get<AcmeChanges>(path, { since: since ?? '0', limit: String(limit) }, this.headers)).data;
  }

  /** GET /v1/people/:id. */
  async getPerson(id: string): Promise<AcmePerson> {
    return (await this.http.get<AcmePerson>(`/v1/people/${segment(id)}`, undefined, this.headers)).data;
  }

  /** GET /v1/clubs/:clubId/staff. */
  async listStaff(clubId: string): Promise<AcmeStaff[]> {
    return (await this.http.get<AcmeList<AcmeStaff>>(`/v1/clubs/${segment(clubId)}/staff`, undefined, this.headers)).data.items;
  }

  /** GET /v1/clubs/:clubId/lead-sources: the club's own and the account-wide ones. */
  async listLeadSources(clubId: string): Promise<AcmeLeadSource[]> {
    const path = `/v1/clubs/${segment(clubId)}/lead-sources`;
    return (await this.http.get<AcmeList<AcmeLeadSource>>(path, undefined, this.headers)).data.items;
  }

  /**
   * POST /v1/clubs/:clubId/lead-sources. With `idempotencyKey` the transport may repeat it after a lost
   * answer; a 409 (in progress, or the name exists) goes up to core, which lists the lead sources then.
   */
  async createLeadSource(clubId: string, body: AcmeLeadSourceBody, idempotencyKey?: string): Promise<AcmeLeadSource> {
    const path = `/v1/clubs/${segment(clubId)}/lead-sources`;
    const options = idempotencyKey ? { headers: { ...this.headers, 'Idempotency-Key': idempotencyKey }, idempotent: true } : { headers: this.headers };
    try {
      return (await this.http.post<AcmeLeadSource>(path, body, options)).data;
    } catch (error) {
      throw stillProcessing(error, 'lead source');
    }
  }

  /** PUT /v1/lead-sources/:id. */
  async updateLeadSource(id: string, body: AcmeLeadSourceBody): Promise<AcmeLeadSource> {
    return (await this.http.put<AcmeLeadSource>(`/v1/lead-sources/${segment(id)}`, body, { headers: this.headers })).data;
  }
}
