export { MindbodySimulator, startMindbodySimulator, type MindbodyCallKey, type MindbodySimulatorOptions } from './mindbody.simulator';
export type { SimulatedMembership } from './mindbody-site.database';
export type { SentWebhook } from './webhook-sender';
export type { SimulatedSubscription } from './webhook-subscriptions';
export { MindbodyHttpError } from './mindbody-http.error';
