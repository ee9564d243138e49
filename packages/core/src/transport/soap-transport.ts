/**
 * The SOAP transport's public face. Plugins call typed operations through a {@link SoapClient};
 * nothing above the transport sees the `soap` package's types.
 */

/** Where a SOAP service is and how to call it. */
export interface SoapServiceOptions {
  /** The WSDL: a file path or URL (loaded once per client and reused). */
  wsdl: string;
  /** The endpoint path on the turn-up's connection host (e.g. `/0_5_1/ClientService.asmx`). */
  endpointPath?: string;
  /** A full endpoint URL, when the turn-up has no connection of its own (SaaS default). */
  endpoint?: string;
}

/** Options of one SOAP call. */
export interface SoapCallOptions {
  /** Whether the call may be repeated after an unknown outcome (reads: true; writes: false). */
  idempotent?: boolean;
}

/** A SOAP service bound to a turn-up's connection, with retry, rate limit and timeouts. */
export interface SoapClient {
  /** Calls `operation` with `args` (the request body as an object) and returns the parsed result. */
  call<T = unknown>(operation: string, args: Record<string, unknown>, options?: SoapCallOptions): Promise<T>;
  /** The XML of the last request sent (secrets redacted), for golden-sample tests and debugging. */
  lastRequestXml(): string | undefined;
}

/** Makes (and caches) SOAP clients for one turned-up client. */
export interface SoapTransportFactory {
  client(options: SoapServiceOptions): Promise<SoapClient>;
}
