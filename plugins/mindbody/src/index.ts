import { mindbodyPlugin } from './mindbody.plugin';

export { mindbodyPlugin } from './mindbody.plugin';
export { mindbodyOptionsSchema, type MindbodyOptions } from './mindbody-options.schema';
export { MindbodyApiToken, StaffTokenCacheToken } from './mindbody.tokens';
export { MindbodyApi } from './api/mindbody-api.client';
export { StaffTokenCache, TOKEN_RENEWAL_MARGIN_MS } from './api/staff-token.cache';
export { MINDBODY_PATHS, MINDBODY_V6_BASE_PATH } from './api/mindbody-paths';
export type * from './api/mindbody-api.types';
export {
  MINDBODY_UNSUPPORTED_PERSON_FIELDS,
  OWNER_SALES_REP_NUMBER,
  droppedPersonFields,
  toAddClientRequest,
  toUpdateClientRequest,
} from './mapping/client.mapper';
export { MindbodyClientOperations } from './operations/mindbody-clients.operations';
export { MindbodyStaffOperations } from './operations/mindbody-staff.operations';
export { MindbodyLeadSourceOperations } from './operations/mindbody-lead-sources.operations';
export { MindbodyFindOperation } from './operations/mindbody-find.operation';
export { MindbodyCheckOperation } from './operations/mindbody-check.operation';

export default mindbodyPlugin;
