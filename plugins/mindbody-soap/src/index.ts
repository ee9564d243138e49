import { mindbodySoapPlugin } from './mindbody-soap.plugin';

export default mindbodySoapPlugin;
export { mindbodySoapPlugin };
export { MindbodySoapOptionsToken, mindbodySoapOptionsSchema, type MindbodySoapOptions } from './mindbody-soap.options';
export * from './mindbody-soap.constants';
export { MindbodySoapApi } from './api/mindbody-soap-api';
export type * from './api/mindbody-soap.types';
export { clientIdentity, droppedPersonFields, reportDroppedFields, toMindbodyClient, type ClientWriteOptions } from './mapping/client.mapper';
export { MindbodySoapCheck } from './operations/check.operation';
export { MindbodySoapFind } from './operations/find.operations';
export { MindbodySoapLeadSources } from './operations/lead-sources.operations';
export { MindbodySoapMembers } from './operations/members.operations';
export { MindbodySoapProspects } from './operations/prospects.operations';
export { MindbodySoapStaffList } from './operations/staff.operations';
export { MindbodySoapPull } from './operations/pull.operations';
export { soapLifecycleOf, toSoapPlatformPerson, type PulledSoapClient } from './mapping/pulled-client.mapper';
export { SOAP_PULL_MAX_PAGE_SIZE, SOAP_PULL_OVERLAP_MS, type SoapPullCursor } from './pull/pull-cursor';
export { fromSiteLocalDateTime, toSiteLocalDateTime } from './pull/local-time';
