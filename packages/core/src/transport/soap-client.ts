import * as soap from 'soap';
import { ConfigurationError, type ConnectorError } from '../errors/connector-error';
import type { Logger } from '../logging/logger';
import type { Redactor } from '../logging/redactor';
import type { Connection } from '../model/client';
import { CallPolicy, createPlatformHttp, type CallAdapter, type CallClock, type PlatformHttp, type RetryPolicy } from './call-policy';
import { connectionBaseUrl } from './rest-transport';
import type { CallSpender } from './call-budget';
import type { CallPacer } from './shared-rate-limiter';
import { toSoapTransportError } from './soap-fault';
import { redactSoapXml, secretValuesOf } from './soap-redaction';
import type { SoapCallOptions, SoapClient, SoapServiceOptions, SoapTransportFactory } from './soap-transport';

/** Settings of the SOAP transport of one turned-up client. */
export interface SoapTransportOptions {
  pluginId: string;
  /** The turn-up's connection; the endpoint host. Absent for SaaS: the service's `endpoint` is used. */
  connection?: Connection;
  /** Per-call timeout (default 15 s), WSDL download included. */
  timeoutMs?: number;
  /** Calls per second to the platform, shared by every service of this turn-up (default: unlimited). */
  rateLimitPerSecond?: number;
  /** Paces the calls on a grid shared by hubs instead (see {@link CallPolicyOptions.pacer}). */
  pacer?: CallPacer;
  /** The turn-up's call budget, spent before each call (see {@link CallPolicyOptions.budget}). */
  budget?: CallSpender;
  retry?: Partial<RetryPolicy>;
  /** Receives one debug line per call, with the request and response XML, secrets removed. */
  logger?: Logger;
  /** The process-wide redactor: credentials found in calls are added to it. */
  redactor?: Redactor;
  /** The clock of the retry waits (tests give a fake one). */
  clock?: CallClock;
}

/** Longest response XML written to a debug line. */
const MAX_LOGGED_XML = 8_000;

/**
 * The SOAP transport on the `soap` package. One factory serves one turned-up client: it loads each WSDL
 * once (node-soap keeps the parsed WSDL process-wide; this factory keeps one client per WSDL and
 * endpoint), points it at the turn-up's connection, and adapts node-soap's calls and failures to the
 * {@link CallPolicy} the REST transport uses too: pacing at the rate limit, timeouts, retries with backoff
 * for transient failures (reads always; writes only when the platform surely did not act), faults and HTTP
 * errors mapped to the error taxonomy, and debug logging with secrets removed.
 */
export class NodeSoapTransportFactory implements SoapTransportFactory {
  private readonly clients = new Map<string, Promise<SoapClient>>();
  private readonly http: PlatformHttp;
  private readonly calls: SoapCalls;

  constructor(private readonly options: SoapTransportOptions) {
    this.calls = new SoapCalls(options);
    this.http = createPlatformHttp({ timeoutMs: options.timeoutMs });
  }

  /** A client of `service`, made once per WSDL and endpoint and reused. */
  client(service: SoapServiceOptions): Promise<SoapClient> {
    const endpoint = this.endpointOf(service);
    const key = `${service.wsdl}\n${endpoint ?? ''}`;
    let pending = this.clients.get(key);
    if (!pending) {
      pending = this.load(service.wsdl, endpoint);
      this.clients.set(key, pending);
      // A WSDL that could not be loaded (network, typo) is tried again on the next call.
      pending.catch(() => this.clients.delete(key));
    }
    return pending;
  }

  /** Closes the kept-alive connections (the runtime's shutdown; tests). */
  close(): void {
    this.http.close();
  }

  /** The turn-up's connection with the service's path, else the service's own endpoint. */
  private endpointOf(service: SoapServiceOptions): string | undefined {
    const connection = this.options.connection;
    if (connection && service.endpointPath) return `${connectionBaseUrl(connection)}/${service.endpointPath.replace(/^\/+/, '')}`;
    return service.endpoint;
  }

  private async load(wsdl: string, endpoint: string | undefined): Promise<SoapClient> {
    const { pluginId } = this.options;
    let inner: soap.Client;
    try {
      inner = await soap.createClientAsync(wsdl, {
        endpoint,
        // soap ships its own axios typings; the instance is the same kind of object.
        request: this.http.axios as unknown as soap.IOptions['request'],
        wsdl_options: { timeout: this.options.timeoutMs ?? 15_000 },
      });
    } catch (raw) {
      const error = toSoapTransportError(raw, pluginId, `WSDL ${wsdl}`, (m) => this.calls.clean(m));
      if (error.code !== 'UNKNOWN') throw error;
      // Not a transport failure: a WSDL node-soap cannot read.
      const reason = this.calls.clean(raw instanceof Error ? raw.message : String(raw));
      throw new ConfigurationError(`the WSDL ${wsdl} could not be loaded: ${reason}`, { pluginId, cause: raw });
    }
    let effective = endpoint ?? declaredEndpoint(inner) ?? wsdl;
    if (!endpoint && this.options.connection) {
      // No path given: keep the WSDL's own address path, on the turn-up's host.
      const declared = declaredEndpoint(inner);
      if (declared) {
        effective = `${connectionBaseUrl(this.options.connection)}${new URL(declared).pathname}`;
        inner.setEndpoint(effective);
      }
    }
    return new NodeSoapClient(inner, this.calls, effective);
  }
}

/** Every call of one turn-up's SOAP services: the call policy, error mapping, and logging without secrets. */
class SoapCalls implements CallAdapter<SoapCall, unknown> {
  private readonly policy: CallPolicy;
  private readonly knownSecrets = new Set<string>();

  constructor(readonly options: SoapTransportOptions) {
    // One policy for every service of the turn-up, so they share the platform's rate limit.
    this.policy = new CallPolicy(options);
  }

  /** Runs one call; `send` makes one attempt and says which XML it sent. */
  run<T>(operation: string, endpoint: string, args: Record<string, unknown>, options: SoapCallOptions, send: () => Attempt<T>): Promise<T> {
    this.learnSecrets(args);
    const call: SoapCall = { operation, endpoint, send, sent: undefined, started: 0 };
    // A write is not repeated after an unknown outcome: the delivery engine looks the record up first.
    return this.policy.run(this, call, options.idempotent ?? false) as Promise<T>;
  }

  async attempt(call: SoapCall): Promise<unknown> {
    const { logger } = this.options;
    call.started = performance.now();
    const { sent, answer } = call.send();
    call.sent = sent;
    const [result, responseXml] = await answer;
    if (logger) {
      const xml = this.logsXml(logger);
      logger.debug('platform call', {
        plugin: this.options.pluginId,
        operation: call.operation,
        endpoint: call.endpoint,
        ms: Math.round(performance.now() - call.started),
        request: xml && sent !== undefined ? this.clean(sent) : undefined,
        response: xml && typeof responseXml === 'string' ? this.clean(responseXml.slice(0, MAX_LOGGED_XML)) : undefined,
      });
    }
    return result;
  }

  toError(raw: unknown, call: SoapCall): ConnectorError {
    return toSoapTransportError(raw, this.options.pluginId, call.operation, (m) => this.clean(m));
  }

  failed(error: ConnectorError, willRetry: boolean, call: SoapCall): void {
    const { logger } = this.options;
    logger?.debug('platform call failed', {
      plugin: this.options.pluginId,
      operation: call.operation,
      endpoint: call.endpoint,
      ms: Math.round(performance.now() - call.started),
      code: error.code,
      status: error.status,
      willRetry,
      request: logger && this.logsXml(logger) && call.sent !== undefined ? this.clean(call.sent) : undefined,
    });
  }

  /**
   * Whether debug lines will be written, so the XML is worth cleaning. winston formats (and redacts) every
   * line before its transports drop it by level, which would cost every call a redaction of its XML; a
   * logger that can tell its level (`isLevelEnabled`) saves that. Without it the XML is always logged.
   */
  private logsXml(logger: Logger): boolean {
    const levels = logger as Logger & { isLevelEnabled?(level: string): boolean };
    return typeof levels.isLevelEnabled === 'function' ? levels.isLevelEnabled('debug') : true;
  }

  /** Removes secrets from XML or a message. */
  clean(text: string): string {
    return redactSoapXml(text, this.options.redactor);
  }

  private learnSecrets(args: Record<string, unknown>): void {
    const redactor = this.options.redactor;
    if (!redactor) return;
    const fresh = secretValuesOf(args).filter((value) => !this.knownSecrets.has(value));
    if (fresh.length === 0) return;
    for (const value of fresh) this.knownSecrets.add(value);
    redactor.addSecretValues(fresh);
  }
}

/** One attempt of a call: the XML it sent and the answer to come. */
interface Attempt<T> {
  sent: string | undefined;
  answer: Promise<[T, string?]>;
}

/** One call under way: what the debug lines name, and its last attempt. */
interface SoapCall {
  operation: string;
  endpoint: string;
  send: () => Attempt<unknown>;
  /** The XML of the last attempt. */
  sent: string | undefined;
  /** When the last attempt started (performance.now()). */
  started: number;
}

/** The soap:address of the WSDL's first port. */
function declaredEndpoint(client: soap.Client): string | undefined {
  const services = client.wsdl.definitions.services ?? {};
  for (const service of Object.values(services)) {
    for (const port of Object.values(service.ports ?? {})) {
      const location = (port as { location?: string }).location;
      if (location) return location;
    }
  }
  return undefined;
}

type AsyncOperation = (args: unknown) => Promise<[unknown, string?, unknown?, string?]>;

/** One SOAP service of one turn-up. */
class NodeSoapClient implements SoapClient {
  private lastSent?: string;

  constructor(
    private readonly inner: soap.Client,
    private readonly calls: SoapCalls,
    private readonly endpoint: string,
  ) {}

  call<T = unknown>(operation: string, args: Record<string, unknown>, options: SoapCallOptions = {}): Promise<T> {
    const method = (this.inner as unknown as Record<string, AsyncOperation | undefined>)[`${operation}Async`];
    if (typeof method !== 'function') {
      return Promise.reject(new ConfigurationError(`SOAP operation ${operation} is not in the WSDL`, { pluginId: this.calls.options.pluginId }));
    }
    return this.calls.run<T>(operation, this.endpoint, args, options, () => {
      const answer = method.call(this.inner, args).then(([result, responseXml]) => [result as T, responseXml] as [T, string?]);
      // node-soap builds the envelope synchronously inside the call above, so this is this call's XML
      // even when other calls on the same client are in flight.
      this.lastSent = this.inner.lastRequest;
      return { sent: this.lastSent, answer };
    });
  }

  lastRequestXml(): string | undefined {
    return this.lastSent === undefined ? undefined : this.calls.clean(this.lastSent);
  }
}
