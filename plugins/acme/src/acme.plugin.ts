import { definePlugin } from '@connector/core/plugin';
import type { DependencyContainer } from 'tsyringe';
import { acmeOptionsSchema } from './acme.options';
import { AcmeApi } from './api/acme-api';
import { AcmeCheck } from './operations/check.operation';
import { AcmeFind } from './operations/find.operations';
import { AcmeLeadSources } from './operations/lead-sources.operations';
import { AcmeMembers } from './operations/members.operations';
import { AcmeProspects } from './operations/prospects.operations';
import { AcmePull } from './operations/pull.operations';
import { AcmeWebhooks } from './operations/webhooks.operations';
import { AcmeStaffList } from './operations/staff.operations';

/**
 * Acme, the reference platform: plain REST with an API key, every capability of the plugin contract.
 * Copy this package to start a new plugin (README.md says what to change).
 */
export const acmePlugin = definePlugin({
  id: 'acme',
  displayName: 'Acme',
  version: '0.1.0',
  description: 'Acme API v1 (REST, JSON, X-Api-Key): prospects, members with conversion, staff, lead sources; two-way: a change feed and signed webhooks.',
  connection: 'required',
  options: acmeOptionsSchema,
  operations: {
    prospects: AcmeProspects,
    members: AcmeMembers,
    staff: AcmeStaffList,
    leadSources: AcmeLeadSources,
    find: AcmeFind,
    pull: AcmePull,
    webhooks: AcmeWebhooks,
    check: AcmeCheck,
  },
  register(container: DependencyContainer) {
    // One API client per turned-up client: the child container holds that client's key and transport.
    container.registerSingleton(AcmeApi);
  },
  transport: {
    protocol: 'rest',
    // Acme allows 50 calls per second per API key: core paces calls under it instead of meeting 429s.
    rateLimitPerSecond: 50,
  },
  limits: [
    "The hub's createdBy, createdDate, modifiedBy and modifiedDate are not sent: Acme keeps its own timestamps.",
    "An email Acme does not accept (it must look like name@domain.tld) fails the delivery with Acme's message.",
    'Lead source names are unique per club in Acme (case and spaces ignored).',
  ],
});
