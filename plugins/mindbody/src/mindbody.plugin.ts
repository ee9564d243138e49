import { definePlugin } from '@connector/core/plugin';
import type { DependencyContainer } from 'tsyringe';
import { MindbodyApi } from './api/mindbody-api';
import { MINDBODY_V6_BASE_PATH } from './api/mindbody-paths';
import { StaffTokenCache } from './api/staff-token.cache';
import { mindbodyOptionsSchema } from './mindbody.options';
import { MindbodyApiToken, StaffTokenCacheToken } from './mindbody.tokens';
import { MindbodyCheck } from './operations/check.operation';
import { MindbodyFind } from './operations/find.operations';
import { MindbodyLeadSources } from './operations/lead-sources.operations';
import { MindbodyMembers } from './operations/members.operations';
import { MindbodyProspects } from './operations/prospects.operations';
import { MindbodyPull } from './operations/pull.operations';
import { MindbodyWebhooks } from './operations/webhooks.operations';
import { MindbodyStaffList } from './operations/staff.operations';

/**
 * MINDBODY Public API v6 (REST): prospects and members as MINDBODY clients, staff (listed), lead sources
 * (client referral types, listed only), `find` by first name, last name and email (`client/clientduplicates`),
 * `merge` (`client/mergeclients`) and `check`. See README.md.
 */
export const mindbodyPlugin = definePlugin({
  id: 'mindbody',
  displayName: 'MINDBODY (Public API v6)',
  version: '0.1.0',
  description: 'MINDBODY Public API v6 (REST): clients as prospects and members, staff, referral types.',
  connection: 'none',
  defaultConnection: { scheme: 'https', host: 'api.mindbodyonline.com', path: MINDBODY_V6_BASE_PATH },
  options: mindbodyOptionsSchema,
  operations: {
    prospects: MindbodyProspects,
    members: MindbodyMembers,
    staff: MindbodyStaffList,
    leadSources: MindbodyLeadSources,
    find: MindbodyFind,
    check: MindbodyCheck,
    pull: MindbodyPull,
    webhooks: MindbodyWebhooks,
  },
  register(container: DependencyContainer) {
    // Singletons of the client's child container: one staff token per turned-up client.
    container.registerSingleton(StaffTokenCacheToken, StaffTokenCache);
    container.registerSingleton(MindbodyApiToken, MindbodyApi);
  },
  transport: { protocol: 'rest' },
  limits: [
    'Lead sources (client referral types) can only be listed: MINDBODY cannot create or update them through the API; a prospect whose lead source is missing is sent without ReferredBy.',
    'Not sent, MINDBODY has no field for them: company, createdBy, modifiedBy, modifiedDate (and createdDate unless it is a date).',
    'No external reference: a record is found again by first and last name with the email (client/clientduplicates) or, without one, the mobile number.',
    'A field cleared in the hub keeps its old value in MINDBODY (updateclient changes only the fields sent).',
    'MINDBODY refuses a second client with the same first name, last name and email: the hub looks the person up first and links the client it finds (matchBeforeCreate).',
    'Sales rep (owner) cannot be changed on a cross-regional client (MINDBODY rule).',
    'Pull and webhooks do not read the sales rep back: MINDBODY names it by staff ID, the hub by email.',
    'One Webhooks API subscription serves every site of the developer account: events of other sites are acknowledged and ignored.',
  ],
});
