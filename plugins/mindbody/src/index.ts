import { mindbodyPlugin } from './mindbody.plugin';

export { mindbodyPlugin } from './mindbody.plugin';
export { mindbodyOptionsSchema, type MindbodyOptions } from './mindbody.options';
export { MindbodyApiToken, StaffTokenCacheToken } from './mindbody.tokens';
export { MindbodyApi } from './api/mindbody-api';
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
export { MindbodyClientOperations } from './operations/prospects.operations';
export { MindbodyStaffOperations } from './operations/staff.operations';
export { MindbodyLeadSourceOperations } from './operations/lead-sources.operations';
export { MindbodyFindOperation } from './operations/find.operations';
export { MindbodyCheckOperation } from './operations/check.operation';

export default mindbodyPlugin;
