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
export { MindbodyPull } from './operations/pull.operations';
export { MindbodyWebhooks } from './operations/webhooks.operations';
export { FORMER_MEMBER_STATUSES, lifecycleOf, toPlatformPerson } from './mapping/pulled-client.mapper';
export { PULL_OVERLAP_MS, type MindbodyPullCursor } from './pull/pull-cursor';
export { isMindbodySignature, mindbodySignature, MINDBODY_SIGNATURE_HEADER } from './webhooks/mindbody-signature';
export { MINDBODY_CLIENT_EVENT_IDS } from './webhooks/webhook-event';
export {
  activateMindbodySubscription,
  createMindbodySubscription,
  MINDBODY_WEBHOOKS_API_URL,
  type MindbodySubscription,
  type MindbodyWebhooksApiAccess,
} from './webhooks/subscription-control';

export default mindbodyPlugin;
