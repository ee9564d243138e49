import { mindbodyPlugin } from './mindbody.plugin';

export { mindbodyPlugin } from './mindbody.plugin';
export { MindbodyOptionsToken, mindbodyOptionsSchema, type MindbodyOptions } from './mindbody.options';
export { MindbodyApiToken, StaffTokenCacheToken } from './mindbody.tokens';
export { MindbodyApi } from './api/mindbody-api';
export { StaffTokenCache, TOKEN_RENEWAL_MARGIN_MS } from './api/staff-token.cache';
export { MINDBODY_PATHS, MINDBODY_V6_BASE_PATH } from './api/mindbody-paths';
export type * from './api/mindbody-api.types';
export {
  MINDBODY_UNSUPPORTED_PERSON_FIELDS,
  OWNER_SALES_REP_NUMBER,
  clientIdentity,
  droppedPersonFields,
  reportDroppedFields,
  toAddClientRequest,
  toUpdateClientRequest,
} from './mapping/client.mapper';
export { MindbodyCheck } from './operations/check.operation';
export { MindbodyFind } from './operations/find.operations';
export { MindbodyLeadSources } from './operations/lead-sources.operations';
export { MindbodyMembers } from './operations/members.operations';
export { MindbodyProspects } from './operations/prospects.operations';
export { MindbodyStaffList } from './operations/staff.operations';

export default mindbodyPlugin;
