import { ConnectorError, RestTransportToken, type RestRequest, type RestTransport } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import { MindbodyOptionsToken, type MindbodyOptions } from '../mindbody.options';
import { StaffTokenCacheToken } from '../mindbody.tokens';
import type { MindbodyAddClientRequest, MindbodyClientResponse, MindbodyPagination, MindbodyUpdateClientRequest } from './mindbody-api.types';
import { siteHeaders } from './mindbody-headers';
import { MINDBODY_MAX_PAGE_SIZE, MINDBODY_PATHS } from './mindbody-paths';
import { isUnauthorized, type StaffTokenCache } from './staff-token.cache';

/** Query parameters as the swagger names them (`request.searchText`, `request.limit`, ...). */
export type MindbodyQuery = NonNullable<RestRequest['query']>;

/** A paged list answer: the items of one page and its `PaginationResponse`. */
export interface MindbodyPage<T> {
  items: T[];
  pagination?: MindbodyPagination;
}

/**
 * A runaway guard for paging: far above any real site (200 x 5,000 = one million rows), it only stops a
 * server that ignores `request.offset` from keeping us in a loop forever.
 */
const MAX_PAGES = 5_000;

/**
 * The MINDBODY Public API v6 as one turned-up client sees it: every call carries the Api-Key and SiteId
 * headers and the staff user token, through core's REST transport (which owns retries, Retry-After and
 * the rate limit). When MINDBODY answers 401, the token is renewed and the call made once more: a 401
 * means the call was refused before it did anything, so repeating it is safe even for a create.
 */
@injectable()
export class MindbodyApi {
  constructor(
    @inject(RestTransportToken) private readonly http: RestTransport,
    @inject(MindbodyOptionsToken) private readonly options: MindbodyOptions,
    @inject(StaffTokenCacheToken) private readonly tokens: StaffTokenCache,
  ) {}

  /** The site this turn-up talks to. */
  get siteId(): string {
    return this.options.siteId;
  }

  /** GET with the staff token. */
  async get<T>(path: string, query?: MindbodyQuery): Promise<T> {
    return this.authorized(async (headers) => (await this.http.get<T>(path, query, headers)).data);
  }

  /**
   * POST with the staff token. `idempotent` says whether the transport may repeat the call after an
   * unknown outcome (a timeout): true for an update that sets the same values again, false for a create.
   */
  async post<T>(path: string, body: unknown, idempotent: boolean): Promise<T> {
    return this.authorized(async (headers) => (await this.http.post<T>(path, body, { headers, idempotent })).data);
  }

  /**
   * The pages of a paged list (`request.limit` / `request.offset`, answered with a `PaginationResponse`),
   * one call per page, lazily: a caller that finds what it looks for stops the calls.
   */
  async *pages<T>(path: string, query: MindbodyQuery, pick: (answer: unknown) => MindbodyPage<T>): AsyncGenerator<T[]> {
    let offset = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await this.get<unknown>(path, { ...query, 'request.limit': MINDBODY_MAX_PAGE_SIZE, 'request.offset': offset });
      const { items, pagination } = pick(answer);
      yield items;
      offset += items.length;
      const total = pagination?.TotalResults;
      // Without a total, a short page is the last one; with one, stop when we have them all.
      const done = items.length === 0 || (typeof total === 'number' ? offset >= total : items.length < MINDBODY_MAX_PAGE_SIZE);
      if (done) return;
    }
  }

  /** `POST client/addclient`; returns the new client's ID. */
  async addClient(body: MindbodyAddClientRequest): Promise<string> {
    // Not idempotent: after an unknown outcome core looks the client up (`find`) before creating again.
    const answer = await this.post<MindbodyClientResponse>(MINDBODY_PATHS.addClient, body, false);
    const id = answer?.Client?.Id;
    if (typeof id !== 'string' || id === '') {
      throw new ConnectorError('UNKNOWN', `POST ${MINDBODY_PATHS.addClient} answered without Client.Id: the client may or may not have been added`, {
        pluginId: 'mindbody',
      });
    }
    return id;
  }

  /** `POST client/updateclient`. */
  async updateClient(body: MindbodyUpdateClientRequest): Promise<void> {
    // Setting the same values twice has the same effect, so the transport may repeat it after a timeout.
    await this.post<MindbodyClientResponse>(MINDBODY_PATHS.updateClient, body, true);
  }

  /** Every item of a paged list. */
  async listAll<T>(path: string, query: MindbodyQuery, pick: (answer: unknown) => MindbodyPage<T>): Promise<T[]> {
    const all: T[] = [];
    for await (const items of this.pages(path, query, pick)) all.push(...items);
    return all;
  }

  private async authorized<T>(call: (headers: Record<string, string>) => Promise<T>): Promise<T> {
    const token = await this.tokens.token();
    try {
      return await call(this.headers(token));
    } catch (error) {
      if (!isUnauthorized(error)) throw error;
      this.tokens.invalidate(token);
      return call(this.headers(await this.tokens.token()));
    }
  }

  private headers(token: string): Record<string, string> {
    // MINDBODY takes the staff user token as the bare Authorization value (the swagger's `authorization`
    // header: "A staff user authorization token").
    return { ...siteHeaders(this.options), Authorization: token };
  }
}
