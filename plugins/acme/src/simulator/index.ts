export { startAcmeSimulator } from './acme.simulator';
export type { AcmeSimulator, AcmeSimulatorOptions, AcmeReceivedRequest, AcmeSimulatorTurnUp } from './acme.simulator';
export { ACME_CALL_KEYS } from './acme-call-key';
export type { AcmeCallKey } from './acme-call-key';
export type { FaultOptions } from './fault-queue';
export type { AcmePersonRecord, AcmeStaffRecord, AcmeLeadSourceRecord, AcmeClubRecord } from './acme.database';
export type { AcmeSentWebhook, AcmeWebhookTarget } from './acme-webhook-sender';
