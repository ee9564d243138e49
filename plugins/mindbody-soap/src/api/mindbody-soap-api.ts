import { SoapTransportFactoryToken, type SoapClient, type SoapTransportFactory } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import { CLIENT_SERVICE_PATH, MINDBODY_CONNECTION, STAFF_SERVICE_PATH } from '../mindbody-soap.constants';
import { MindbodySoapOptionsToken, type MindbodySoapOptions } from '../mindbody-soap.options';
import { assertSuccess, items, savedClientId, strings } from './mindbody-result';
import type { ArrayOfString, MindbodyClient, MindbodyClientWrite, MindbodyResult, MindbodyStaff } from './mindbody-soap.types';

type XmlDetail = 'Bare' | 'Basic' | 'Full';

/** Pages fetched at most for one list, so a platform that keeps answering more pages cannot loop us. */
const MAX_PAGES = 50;
const STAFF_PAGE_SIZE = 500;
const CLIENT_PAGE_SIZE = 100;

/**
 * The MINDBODY SOAP API as the operations use it: the Client Service (0_5_1) and Staff Service (0_5)
 * through core's SOAP transport, credentials added to every request, answers checked (a Status other than
 * Success is an error with MINDBODY's message). One per turned-up client.
 */
@injectable()
export class MindbodySoapApi {
  constructor(
    @inject(SoapTransportFactoryToken) private readonly soap: SoapTransportFactory,
    @inject(MindbodySoapOptionsToken) private readonly options: MindbodySoapOptions,
  ) {}

  /** The Client Service, at the turn-up's connection (MINDBODY's host unless a simulator's is given). */
  clientService(): Promise<SoapClient> {
    return this.soap.client({
      wsdl: this.options.clientServiceWsdl,
      endpointPath: CLIENT_SERVICE_PATH,
      endpoint: `https://${MINDBODY_CONNECTION.host}${CLIENT_SERVICE_PATH}`,
    });
  }

  /** The Staff Service, likewise. */
  staffService(): Promise<SoapClient> {
    return this.soap.client({
      wsdl: this.options.staffServiceWsdl,
      endpointPath: STAFF_SERVICE_PATH,
      endpoint: `https://${MINDBODY_CONNECTION.host}${STAFF_SERVICE_PATH}`,
    });
  }

  /** MBRequest's elements in the schema's order; XMLDetail, PageSize and CurrentPageIndex are required (nil allowed). */
  private request(xmlDetail: XmlDetail, page?: { size: number; index: number }): Record<string, unknown> {
    const { sourceName, sourcePassword, siteId, staffUsername, staffPassword } = this.options;
    const siteIds = { int: [siteId] };
    return {
      SourceCredentials: { SourceName: sourceName, Password: sourcePassword, SiteIDs: siteIds },
      ...(staffUsername && staffPassword ? { UserCredentials: { Username: staffUsername, Password: staffPassword, SiteIDs: siteIds } } : {}),
      XMLDetail: xmlDetail,
      PageSize: page ? page.size : null,
      CurrentPageIndex: page ? page.index : null,
    };
  }

  /**
   * Adds (no ID) or updates one client; returns its MINDBODY ID. `Fail` for updates: an ID MINDBODY no
   * longer holds fails with its message instead of quietly creating a second client.
   */
  async addOrUpdateClient(client: MindbodyClientWrite): Promise<string> {
    const service = await this.clientService();
    const answer = await service.call<{ AddOrUpdateClientsResult?: MindbodyResult & { Clients?: { Client?: MindbodyClient[] } } }>(
      'AddOrUpdateClients',
      {
        Request: {
          ...this.request('Basic'),
          UpdateAction: client.ID ? 'Fail' : 'AddNew',
          Test: false,
          Clients: { Client: [client] },
        },
      },
      { idempotent: false },
    );
    return savedClientId('AddOrUpdateClients', answer?.AddOrUpdateClientsResult);
  }

  /** GetClients by search text (MINDBODY matches names, email and phones). */
  async getClients(searchText: string): Promise<MindbodyClient[]> {
    const service = await this.clientService();
    return this.pages(CLIENT_PAGE_SIZE, async (page) => {
      const answer = await service.call<{ GetClientsResult?: MindbodyResult & { Clients?: { Client?: MindbodyClient | MindbodyClient[] | null } } }>(
        'GetClients',
        { Request: { ...this.request('Basic', page), SearchText: searchText } },
        { idempotent: true },
      );
      const result = answer?.GetClientsResult;
      assertSuccess('GetClients', result);
      return { result, items: items(result?.Clients?.Client) };
    });
  }

  /**
   * One page of GetClients, for pull: every client (no search), or those modified on or after
   * `lastModifiedDate` (a zone-less site-local xs:dateTime), or the clients `clientIds`.
   */
  async getClientsPage(query: {
    lastModifiedDate?: string;
    clientIds?: string[];
    page: { size: number; index: number };
  }): Promise<{ clients: unknown[]; totalPages: number }> {
    const service = await this.clientService();
    const answer = await service.call<{ GetClientsResult?: MindbodyResult & { Clients?: { Client?: unknown } } }>(
      'GetClients',
      {
        Request: {
          ...this.request('Full', query.page),
          // GetClientsRequest's own elements, in the schema's order.
          ...(query.clientIds ? { ClientIDs: { string: query.clientIds } } : {}),
          ...(query.lastModifiedDate ? { LastModifiedDate: query.lastModifiedDate } : {}),
        },
      },
      { idempotent: true },
    );
    const result = answer?.GetClientsResult;
    assertSuccess('GetClients', result);
    return { clients: items<unknown>(result?.Clients?.Client), totalPages: result?.TotalPageCount ?? 0 };
  }

  /** The site's referral types (how clients heard of the business): names only. */
  async getClientReferralTypes(): Promise<string[]> {
    const service = await this.clientService();
    const answer = await service.call<{ GetClientReferralTypesResult?: MindbodyResult & { ReferralTypes?: ArrayOfString } }>(
      'GetClientReferralTypes',
      { Request: this.request('Basic') },
      { idempotent: true },
    );
    assertSuccess('GetClientReferralTypes', answer?.GetClientReferralTypesResult);
    return strings(answer?.GetClientReferralTypesResult?.ReferralTypes);
  }

  /** The site's required client fields: a cheap authenticated call, used by `check`. */
  async getRequiredClientFields(): Promise<string[]> {
    const service = await this.clientService();
    const answer = await service.call<{ GetRequiredClientFieldsResult?: MindbodyResult & { RequiredClientFields?: ArrayOfString } }>(
      'GetRequiredClientFields',
      { Request: this.request('Bare') },
      { idempotent: true },
    );
    assertSuccess('GetRequiredClientFields', answer?.GetRequiredClientFieldsResult);
    return strings(answer?.GetRequiredClientFieldsResult?.RequiredClientFields);
  }

  /** The site's staff with their email (XMLDetail Full), all pages. */
  async getStaff(): Promise<MindbodyStaff[]> {
    const service = await this.staffService();
    return this.pages(STAFF_PAGE_SIZE, async (page) => {
      const answer = await service.call<{ GetStaffResult?: MindbodyResult & { StaffMembers?: { Staff?: MindbodyStaff | MindbodyStaff[] | null } } }>(
        'GetStaff',
        // SessionTypeID, StartDateTime and LocationID filter availability; required by the schema, nil here.
        { Request: { ...this.request('Full', page), SessionTypeID: null, StartDateTime: null, LocationID: null } },
        { idempotent: true },
      );
      const result = answer?.GetStaffResult;
      assertSuccess('GetStaff', result);
      return { result, items: items(result?.StaffMembers?.Staff) };
    });
  }

  private async pages<T>(size: number, fetch: (page: { size: number; index: number }) => Promise<{ result?: MindbodyResult; items: T[] }>): Promise<T[]> {
    const all: T[] = [];
    for (let index = 0; index < MAX_PAGES; index++) {
      const { result, items: found } = await fetch({ size, index });
      all.push(...found);
      if (found.length === 0 || index + 1 >= (result?.TotalPageCount ?? 0)) break;
    }
    return all;
  }
}
