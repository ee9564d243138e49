import type { DependencyContainer, InjectionToken } from 'tsyringe';
import { ConfigurationError, type ConnectorError, PluginDefinitionError } from '../errors/connector-error';
import type { Logger } from '../logging/logger';
import type { Redactor } from '../logging/redactor';
import type { Connection } from '../model/client';
import type { ConnectorPlugin, TransportProtocol } from '../plugin/define-plugin';
import { RestTransportToken, SoapTransportFactoryToken } from '../tokens';
import { RestTransport } from './rest-transport';
import { NodeSoapTransportFactory } from './soap-client';
import type { CallSpender } from './call-budget';
import type { CallPacer } from './shared-rate-limiter';

/** What the transport of one turn-up is made from. */
export interface TransportSettings {
  connection?: Connection;
  rateLimitPerSecond?: number;
  /** Makes the pacer of a rate shared by hubs (the store's call grid); without it the transport paces alone. */
  pacing?: (ratePerSecond: number) => CallPacer;
  /** The turn-up's call budget, spent before every call of the transport (none: calls are not counted). */
  budget?: CallSpender;
  /** The turn-up's call timeout; wins over the plugin's. */
  timeoutMs?: number;
  logger: Logger;
  redactor: Redactor;
}

const TRANSPORTS: Record<TransportProtocol, { token: InjectionToken<unknown>; name: string }> = {
  rest: { token: RestTransportToken, name: 'the REST transport (RestTransportToken)' },
  soap: { token: SoapTransportFactoryToken, name: 'the SOAP transport (SoapTransportFactoryToken)' },
};

/**
 * The transport of one turned-up client: only the one its plugin declares (`transport.protocol`) is made
 * and bound, so a turn-up holds no idle connection pool of the other kind. The other token answers with an
 * error naming the plugin, which the runtime shows instead of tsyringe's "unregistered dependency".
 */
export class TransportBinding {
  private transport?: { close(): void };
  /** The last refusal thrown, to be recognised inside the error tsyringe wraps around it. */
  private refused?: { protocol: TransportProtocol; reason: string; error: ConnectorError };

  constructor(
    private readonly plugin: ConnectorPlugin,
    container: DependencyContainer,
    settings: TransportSettings,
  ) {
    const declared = plugin.transport?.protocol;
    for (const protocol of Object.keys(TRANSPORTS) as TransportProtocol[]) {
      const made = protocol === declared ? this.make(protocol, settings) : undefined;
      if (made) {
        this.transport = made;
        container.register(TRANSPORTS[protocol].token, { useValue: made });
      } else {
        const reason =
          protocol === declared
            ? 'the turn-up has no connection and the plugin no defaultConnection'
            : declared
              ? `its definition declares transport.protocol '${declared}': core binds only the declared transport`
              : `its definition declares no transport: add transport: { protocol: '${protocol}' } to its definePlugin(...)`;
        container.register(TRANSPORTS[protocol].token, { useFactory: () => this.refuse(protocol, reason) });
      }
    }
  }

  /**
   * The error to show for a failed resolution: the refusal it met, naming the class that asked for the
   * transport (tsyringe names it in the error it wraps around the refusal); otherwise undefined.
   */
  refusal(error: unknown): ConnectorError | undefined {
    const refused = this.refused;
    if (!refused || !(error instanceof Error)) return undefined;
    if (error === refused.error) return refused.error;
    if (!error.message.includes(refused.error.message)) return undefined;
    const asking = [...error.message.matchAll(/of "([\w$]+)" constructor/g)].pop()?.[1];
    return this.refusalError(refused.protocol, refused.reason, asking, error);
  }

  /** Closes the kept-alive connections of the bound transport (the runtime's shutdown). */
  close(): void {
    this.transport?.close();
  }

  private make(protocol: TransportProtocol, settings: TransportSettings): RestTransport | NodeSoapTransportFactory | undefined {
    const { plugin } = this;
    const rateLimitPerSecond = settings.rateLimitPerSecond ?? plugin.transport?.rateLimitPerSecond;
    const common = {
      pluginId: plugin.id,
      timeoutMs: settings.timeoutMs ?? plugin.transport?.timeoutMs,
      rateLimitPerSecond,
      pacer: rateLimitPerSecond && settings.pacing ? settings.pacing(rateLimitPerSecond) : undefined,
      budget: settings.budget,
      logger: settings.logger,
    };
    if (protocol === 'soap') return new NodeSoapTransportFactory({ ...common, connection: settings.connection, redactor: settings.redactor });
    return settings.connection ? new RestTransport({ ...common, connection: settings.connection }) : undefined;
  }

  private refuse(protocol: TransportProtocol, reason: string): never {
    const error = this.refusalError(protocol, reason);
    this.refused = { protocol, reason, error };
    throw error;
  }

  private refusalError(protocol: TransportProtocol, reason: string, asking?: string, cause?: unknown): ConnectorError {
    const what = `${asking ?? 'the plugin'} asks for ${TRANSPORTS[protocol].name}, but ${reason}`;
    const options = { pluginId: this.plugin.id, cause };
    return protocol === this.plugin.transport?.protocol ? new ConfigurationError(what, options) : new PluginDefinitionError(what, options);
  }
}
