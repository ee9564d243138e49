import { definePlugin } from '@connector/core/plugin';
import type { DependencyContainer } from 'tsyringe';
import { MindbodySoapApi } from './api/mindbody-soap-api';
import { MINDBODY_CONNECTION, MINDBODY_SOAP_PLUGIN_ID } from './mindbody-soap.constants';
import { mindbodySoapOptionsSchema } from './mindbody-soap.options';
import { MindbodySoapCheck } from './operations/check.operation';
import { MindbodySoapFind } from './operations/find.operations';
import { MindbodySoapLeadSources } from './operations/lead-sources.operations';
import { MindbodySoapMembers } from './operations/members.operations';
import { MindbodySoapProspects } from './operations/prospects.operations';
import { MindbodySoapPull } from './operations/pull.operations';
import { MindbodySoapStaffList } from './operations/staff.operations';

/**
 * MINDBODY through its SOAP API 0.5.1 (Client Service 0_5_1, Staff Service 0_5): prospects and members as
 * MINDBODY clients (IsProspect), owners as sales reps, lead sources as referral types.
 */
export const mindbodySoapPlugin = definePlugin({
  id: MINDBODY_SOAP_PLUGIN_ID,
  displayName: 'MINDBODY (SOAP 0.5.1)',
  version: '0.1.0',
  description: 'MINDBODY SOAP API 0.5.1: AddOrUpdateClients, GetClients, GetClientReferralTypes, GetStaff (SourceCredentials, site ID).',
  connection: 'none',
  defaultConnection: MINDBODY_CONNECTION,
  options: mindbodySoapOptionsSchema,
  operations: {
    prospects: MindbodySoapProspects,
    members: MindbodySoapMembers,
    staff: MindbodySoapStaffList,
    leadSources: MindbodySoapLeadSources,
    find: MindbodySoapFind,
    check: MindbodySoapCheck,
    pull: MindbodySoapPull,
  },
  register(container: DependencyContainer) {
    // One API per turned-up client: its credentials and its SOAP clients.
    container.registerSingleton(MindbodySoapApi);
  },
  transport: {
    protocol: 'soap',
    // A SOAP call to MINDBODY's shared API hosts can take several seconds under load.
    timeoutMs: 30_000,
  },
  limits: [
    'MINDBODY cannot create or update referral types (lead sources) through the API: a lead source the site does not have is not sent, and the delivery logs a WARNING.',
    'Staff are never created: owners are linked by email to GetStaff, into the sales rep slot `salesRepNumber` (default 1).',
    "The hub's company, createdBy/createdDate and modifiedBy/modifiedDate have no place in a MINDBODY client: not sent, and the delivery logs a WARNING naming them.",
    'A value removed in the hub is not removed in MINDBODY: empty values are left out, so MINDBODY keeps what it holds.',
    'MINDBODY keeps no reference of ours: `find` matches on name and email (or mobile when there is no email).',
    'Fields the site requires (GetRequiredClientFields, shown by `check`) must be present, or MINDBODY refuses the client.',
    'Pull: a 0.5.1 client has no modified time, so each pull re-reads the hour before the previous one started; and no membership status, so a former member is an inactive member.',
  ],
});
