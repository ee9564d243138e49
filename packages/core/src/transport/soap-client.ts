import { NotImplementedError } from '../errors/connector-error';
import type { Connection } from '../model/client';
import type { Logger } from '../logging/logger';
import type { Redactor } from '../logging/redactor';
import type { RetryPolicy } from './retry-policy';
import type { SoapClient, SoapServiceOptions, SoapTransportFactory } from './soap-transport';

/** Settings of the SOAP transport of one turned-up client. */
export interface SoapTransportOptions {
  pluginId: string;
  /** The turn-up's connection; the endpoint host. Absent for SaaS: the service's `endpoint` is used. */
  connection?: Connection;
  timeoutMs?: number;
  rateLimitPerSecond?: number;
  retry?: Partial<RetryPolicy>;
  logger?: Logger;
  redactor?: Redactor;
}

/** The SOAP transport on the `soap` package (placeholder until the MINDBODY SOAP work lands). */
export class NodeSoapTransportFactory implements SoapTransportFactory {
  constructor(private readonly options: SoapTransportOptions) {}
  async client(service: SoapServiceOptions): Promise<SoapClient> {
    throw new NotImplementedError(`SOAP transport is not implemented yet (${service.wsdl})`, { pluginId: this.options.pluginId });
  }
}
