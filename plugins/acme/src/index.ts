import { acmePlugin } from './acme.plugin';

export default acmePlugin;
export { acmePlugin };
export { AcmeOptionsToken, acmeOptionsSchema, type AcmeOptions } from './acme.options';
export { AcmeApi } from './api/acme-api';
export type * from './api/acme-api.types';
export { fromAcmePerson, personIdentity, toAcmePerson } from './mapping/person.mapper';
export { AcmeCheck } from './operations/check.operation';
export { AcmeFind } from './operations/find.operations';
export { AcmeLeadSources } from './operations/lead-sources.operations';
export { AcmeMembers } from './operations/members.operations';
export { AcmeProspects } from './operations/prospects.operations';
export { AcmePull } from './operations/pull.operations';
export { AcmeWebhooks } from './operations/webhooks.operations';
export { AcmeStaffList } from './operations/staff.operations';
