import type { Connection } from '@connector/core/plugin';

/** Where MINDBODY's SOAP API lives (the plugin's default connection; a turn-up's connection overrides it). */
export const MINDBODY_CONNECTION: Connection = { scheme: 'https', host: 'api.mindbodyonline.com' };

/** The Client Service (API 0_5_1) on the connection's host. */
export const CLIENT_SERVICE_PATH = '/0_5_1/ClientService.asmx';
/** The Staff Service (API 0_5) on the connection's host. */
export const STAFF_SERVICE_PATH = '/0_5/StaffService.asmx';

/** MINDBODY's published WSDLs, used when a turn-up gives no file or URL of its own. */
export const DEFAULT_CLIENT_SERVICE_WSDL = `https://api.mindbodyonline.com${CLIENT_SERVICE_PATH}?wsdl`;
export const DEFAULT_STAFF_SERVICE_WSDL = `https://api.mindbodyonline.com${STAFF_SERVICE_PATH}?wsdl`;

/** The plugin's id, named in every error it raises. */
export const MINDBODY_SOAP_PLUGIN_ID = 'mindbody-soap';
