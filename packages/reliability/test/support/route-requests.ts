import type { HubRoute } from '@connector/hub';

/** The IDs of one tenant's data that a request can aim at. */
export interface TenantData {
  provider: string;
  clientId: string;
  clubId: string;
  userUuid: string;
  userRecordId: string;
  staffUuid: string;
  staffRecordId: string;
  leadSourceUuid: string;
  leadSourceRecordId: string;
  deadLetterId: string;
}

/** A request aimed at a tenant's data through one route. */
export interface RouteRequest {
  route: HubRoute;
  method: string;
  path: string;
  contentType?: string;
  /** The body, written for the calling provider (its identifier where the API wants one). */
  body?: (callerProvider: string) => string;
}

/** Routes that are not about one tenant: any caller may use them, as long as no other tenant's data is in the answer. */
export const NOT_TENANT_SCOPED = new Set([
  'GET /healthz',
  'GET /metrics',
  'GET /api/v1/openapi.json',
  'GET /api/v1/clients',
  'GET /log',
  'GET /log/',
  'GET /log/assets/*',
  'POST /log/login',
  'POST /log/logout',
  'GET /log/session',
  // A platform's webhook is authenticated by the signature its turn-up's secret makes, not by a tenant's
  // key (a forged or cross-client signature is 401: the two-way sync tests); here only its answers are
  // searched for the other tenant's data.
  'POST /api/v1/webhooks/:client/:platform',
]);

/** Which of the tenant's records a path is about: its user, staff member or lead source. */
function resource(path: string, data: TenantData): { uuid: string; recordId: string; kind: 'user' | 'staff' | 'leadSource' } {
  if (/staff/.test(path)) return { uuid: data.staffUuid, recordId: data.staffRecordId, kind: 'staff' };
  if (/lead/.test(path)) return { uuid: data.leadSourceUuid, recordId: data.leadSourceRecordId, kind: 'leadSource' };
  return { uuid: data.userUuid, recordId: data.userRecordId, kind: 'user' };
}

const XML_BODIES = {
  user: (p: string, d: TenantData, recordId: string) =>
    `<user><providerInfo><identifier>${p}</identifier><clientID>${d.clientId}</clientID><clubID>${d.clubId}</clubID><recordID>${recordId}</recordID></providerInfo>` +
    `<userInfo><firstname>Cross</firstname><lastname>Tenant</lastname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType></userInfo></user>`,
  staff: (p: string, d: TenantData, recordId: string) =>
    `<staff><providerInfo><identifier>${p}</identifier><clientID>${d.clientId}</clientID><clubID>${d.clubId}</clubID><recordID>${recordId}</recordID></providerInfo>` +
    `<staffInfo><firstname>Cross</firstname><lastname>Tenant</lastname><email>cross@tenant.test</email></staffInfo></staff>`,
  leadSource: (p: string, d: TenantData, recordId: string) =>
    `<leadSource><providerInfo><identifier>${p}</identifier><clientID>${d.clientId}</clientID><clubID>${d.clubId}</clubID><recordID>${recordId}</recordID></providerInfo>` +
    `<leadInfo><name>Cross tenant</name></leadInfo></leadSource>`,
};

const JSON_ITEMS = {
  user: { user: { firstName: 'Cross', lastName: 'Tenant', userType: 'PROSPECT', userStatus: 'ACTIVE' } },
  staff: { staff: { firstName: 'Cross', lastName: 'Tenant', email: 'cross@tenant.test' } },
  leadSource: { leadSource: { name: 'Cross tenant' } },
};

/**
 * The requests that aim one route at `data`: path parameters filled with its IDs (an unknown parameter
 * gets its user's UUID), the query variants the route's API reads, and for saves a body written into
 * its client. A route added later is covered the same way, without a change here.
 */
export function requestsFor(route: HubRoute, data: TenantData): RouteRequest[] {
  const target = resource(route.url, data);
  const path = route.url
    .replace(':clientId', data.clientId)
    .replace(':id', data.deadLetterId)
    .replace(':uuid', target.uuid)
    .replace(/:[A-Za-z]+/g, data.userUuid)
    .replace('*', 'log.js');
  const base = { route, method: route.method };
  if (route.method === 'GET' && path.endsWith('/changes')) {
    // The change feeds read the caller's own clients; they are aimed at another tenant by naming its client.
    const query = path.startsWith('/connector/')
      ? [`client_id=${data.clientId}`, `provider=${data.provider}&client_id=${data.clientId}`]
      : [`clientId=${data.clientId}`];
    return query.map((q) => ({ ...base, path: `${path}?${q}` }));
  }
  if (route.method === 'GET' && path.startsWith('/connector/')) {
    const byRecord = target.kind === 'leadSource' ? 'identifier' : 'record_id';
    const byUuid = target.kind === 'leadSource' ? 'identifier' : 'uuid';
    return [
      `${byUuid}=${target.uuid}`,
      `client_id=${data.clientId}`,
      `${byRecord}=${target.recordId}&provider=${data.provider}&client_id=${data.clientId}&club_id=${data.clubId}`,
    ].map((query) => ({ ...base, path: `${path}?${query}` }));
  }
  if (route.method === 'GET' && /^\/api\/v1\/(users|staff|lead-sources)$/.test(path)) return [{ ...base, path: `${path}?clientId=${data.clientId}` }];
  if (route.method === 'POST' && path.startsWith('/connector/')) {
    // As the caller's own provider, and as the owner's (another provider's identifier).
    return [
      { ...base, path, contentType: 'application/xml', body: (caller) => XML_BODIES[target.kind](caller, data, target.recordId) },
      { ...base, path, contentType: 'application/xml', body: () => XML_BODIES[target.kind](data.provider, data, target.recordId) },
    ];
  }
  if (route.method === 'POST' && path.startsWith('/api/v1/') && !path.includes('/dead-letters/')) {
    const item = { clientId: data.clientId, clubId: data.clubId, recordId: target.recordId, ...JSON_ITEMS[target.kind] };
    const body = path.endsWith('/batch') ? JSON.stringify([item]) : JSON.stringify(item);
    return [{ ...base, path, contentType: 'application/json', body: () => body }];
  }
  return [{ ...base, path }];
}
