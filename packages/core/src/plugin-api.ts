/*
 * `@connector/core/plugin`: everything a plugin package may use from core, and nothing of the runtime.
 * The Connector, the delivery engine, the workers, the store and the logger are `@connector/core`'s
 * other face: a plugin maps and calls its platform, and core does the rest (DESIGN.md, "The plugin
 * contract"). Only what is exported here is part of the contract plugins build on.
 */

// A plugin's classes are decorated (tsyringe): the Reflect metadata API must exist before they load.
import 'reflect-metadata';

// The plugin contract: the definition, secrets, the typed options token and the operations.
export {
  definePlugin,
  type ConnectorPlugin,
  type OperationClass,
  type PluginCapabilities,
  type PluginDefinition,
  type PluginOperations,
  type PluginOptionsOf,
  type PluginTransportDefaults,
  type WriteStyle,
} from './plugin/define-plugin';
export { secret } from './plugin/secret';
export { pluginOptionsToken } from './plugin/options-token';
export type * from './plugin/operations';

// The model: the hub's entities, a turned-up client, and the one meaning of "the same person".
export * from './model/person';
export type { Client, Club, Connection, TurnUp, TurnUpInput } from './model/client';
export * from './model/person-match';
export * from './model/zoned-time';

// Errors: what a plugin throws, and what the transports throw for it.
export * from './errors/connector-error';

// Transports: a plugin injects them; core owns their retries, pacing, timeouts and error mapping.
export type { RestRequest, RestResponse, RestTransport } from './transport/rest-transport';
export type { SoapCallOptions, SoapClient, SoapServiceOptions, SoapTransportFactory } from './transport/soap-transport';

// The tokens a plugin may inject (with its options token), in the child container of its turn-up.
export { ClientToken, RestTransportToken, SoapTransportFactoryToken, TurnUpToken } from './tokens';
