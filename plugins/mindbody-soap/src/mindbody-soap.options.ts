import { pluginOptionsToken, secret } from '@connector/core/plugin';
import { z } from 'zod';
import { DEFAULT_CLIENT_SERVICE_WSDL, DEFAULT_STAFF_SERVICE_WSDL } from './mindbody-soap.constants';

/**
 * The turn-up options of MINDBODY (SOAP 0.5.1): the integration's source credentials (SourceCredentials),
 * the site, optionally a staff login (UserCredentials) for sites that require one, the sales rep slot the
 * owner goes into, and where the WSDLs are.
 */
export const mindbodySoapOptionsSchema = z
  .object({
    /** The developer account's source name (SourceCredentials.SourceName). */
    sourceName: z.string().trim().min(1, 'must not be empty'),
    /** The source password (SourceCredentials.Password). */
    sourcePassword: secret(z.string().min(1, 'must not be empty')),
    /** The client's MINDBODY site ID (-99 is MINDBODY's sandbox). */
    siteId: z.coerce.number({ error: 'must be a MINDBODY site ID (a number)' }).int('must be a whole number'),
    /** A staff login sent as UserCredentials, for sites whose calls need staff permissions. */
    staffUsername: z.string().trim().min(1, 'must not be empty').optional(),
    staffPassword: secret(z.string().min(1, 'must not be empty')).optional(),
    /** Which of MINDBODY's six sales rep slots (Client.Reps) takes the record's owner. */
    salesRepNumber: z.number().int().min(1).max(6).default(1),
    /** The Client Service WSDL (0_5_1): a file path or URL. */
    clientServiceWsdl: z.string().min(1).default(DEFAULT_CLIENT_SERVICE_WSDL),
    /** The Staff Service WSDL (0_5): a file path or URL. */
    staffServiceWsdl: z.string().min(1).default(DEFAULT_STAFF_SERVICE_WSDL),
  })
  .refine((o) => (o.staffUsername === undefined) === (o.staffPassword === undefined), {
    message: 'staffUsername and staffPassword go together (UserCredentials)',
    path: ['staffPassword'],
  });

/** MINDBODY's parsed turn-up options. */
export type MindbodySoapOptions = z.infer<typeof mindbodySoapOptionsSchema>;

/** Injects the parsed turn-up options, typed: `@inject(MindbodySoapOptionsToken) options: MindbodySoapOptions`. */
export const MindbodySoapOptionsToken = pluginOptionsToken(mindbodySoapOptionsSchema);
