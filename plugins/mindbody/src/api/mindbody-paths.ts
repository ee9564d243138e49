/**
 * The endpoints the plugin calls, relative to the connection's base URL. The vendor swagger has no
 * basePath: its paths read `/public/v{version}/...`, so the version prefix lives in the connection's
 * path (`/public/v6`, the plugin's default connection) and these stay relative to it.
 */
export const MINDBODY_PATHS = {
  issueToken: 'usertoken/issue',
  addClient: 'client/addclient',
  updateClient: 'client/updateclient',
  clients: 'client/clients',
  clientDuplicates: 'client/clientduplicates',
  mergeClients: 'client/mergeclients',
  referralTypes: 'client/clientreferraltypes',
  staff: 'staff/staff',
  locations: 'site/locations',
} as const;

/** The base path of Public API v6 on MINDBODY's host. */
export const MINDBODY_V6_BASE_PATH = '/public/v6';

/** The largest page MINDBODY serves (`request.limit`); the default is 100. */
export const MINDBODY_MAX_PAGE_SIZE = 200;
