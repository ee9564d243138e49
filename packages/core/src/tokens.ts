import type { InjectionToken } from 'tsyringe';
import type { ConnectorStore } from './store/store';
import type { Logger } from './logging/logger';
import type { Client, TurnUp } from './model/client';
import type { RestTransport } from './transport/rest-transport';
import type { SoapTransportFactory } from './transport/soap-transport';
import type {
  CheckOperation,
  FindOperations,
  LeadSourceOperations,
  MemberOperations,
  ProspectOperations,
  PullOperations,
  StaffOperations,
  WebhookOperations,
} from './plugin/operations';
import type { Clock } from './engine/clock';

/** The store and durable queue: in the runtime's container only; a turn-up's container refuses it. */
export const StoreToken: InjectionToken<ConnectorStore> = Symbol('Store');
/** The winston-backed logger, with redaction (root container; a child per turn-up). */
export const LoggerToken: InjectionToken<Logger> = Symbol('Logger');
/** The clock (root container), replaceable in tests. */
export const ClockToken: InjectionToken<Clock> = Symbol('Clock');

/** The client of the current child container. */
export const ClientToken: InjectionToken<Client> = Symbol('Client');
/** The validated turn-up of the current child container. */
export const TurnUpToken: InjectionToken<TurnUp> = Symbol('TurnUp');
/** The plugin's own turn-up options, parsed by its schema. Plugins inject it typed: `pluginOptionsToken(schema)`. */
export const PluginOptionsToken: InjectionToken<Record<string, unknown>> = Symbol('PluginOptions');
/** The REST transport bound to the turn-up's connection, with retry, rate limit and timeouts. */
export const RestTransportToken: InjectionToken<RestTransport> = Symbol('RestTransport');
/** Makes SOAP clients bound to the turn-up's connection, with the same policies. */
export const SoapTransportFactoryToken: InjectionToken<SoapTransportFactory> = Symbol('SoapTransportFactory');

/** Operation tokens: the plugin's classes, bound by core in each child container. */
export const ProspectOperationsToken: InjectionToken<ProspectOperations> = Symbol('ProspectOperations');
export const MemberOperationsToken: InjectionToken<MemberOperations> = Symbol('MemberOperations');
export const StaffOperationsToken: InjectionToken<StaffOperations> = Symbol('StaffOperations');
export const LeadSourceOperationsToken: InjectionToken<LeadSourceOperations> = Symbol('LeadSourceOperations');
export const FindOperationsToken: InjectionToken<FindOperations> = Symbol('FindOperations');
export const PullOperationsToken: InjectionToken<PullOperations> = Symbol('PullOperations');
export const WebhookOperationsToken: InjectionToken<WebhookOperations> = Symbol('WebhookOperations');
export const CheckOperationToken: InjectionToken<CheckOperation> = Symbol('CheckOperation');
