import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inject, injectable } from 'tsyringe';
import { z } from 'zod';
import { definePlugin, type TransportProtocol } from '../plugin/define-plugin';
import { createPlatformRuntime, type PlatformRuntime } from '../runtime/platform-runtime';
import { RestTransportToken, SoapTransportFactoryToken } from '../tokens';
import type { RestTransport } from './rest-transport';
import type { SoapTransportFactory } from './soap-transport';

/** Checks the turn-up with one GET through the REST transport. */
@injectable()
class PingCheck {
  constructor(@inject(RestTransportToken) private readonly http: RestTransport) {}
  async check() {
    const answer = await this.http.get<{ site: string }>('/ping');
    return { detail: answer.data.site };
  }
}

/** Takes prospects through the SOAP transport. */
@injectable()
class SoapProspects {
  constructor(@inject(SoapTransportFactoryToken) private readonly soap: SoapTransportFactory) {}
  async save() {
    await this.soap.client({ wsdl: 'unused.wsdl' });
    return 'p-1';
  }
}

/** A plugin's own API client, which the operations reach through the container. */
@injectable()
class SoapApi {
  constructor(@inject(SoapTransportFactoryToken) readonly soap: SoapTransportFactory) {}
}
@injectable()
class ProspectsThroughApi {
  constructor(@inject(SoapApi) readonly api: SoapApi) {}
  async save() {
    return 'p-1';
  }
}

function plugin(
  id: string,
  protocol: TransportProtocol | undefined,
  prospects: new (...args: never[]) => { save(): Promise<string> },
  connection: 'required' | 'none' = 'required',
) {
  return definePlugin({
    id,
    displayName: id,
    version: '1.0.0',
    connection,
    options: z.object({}),
    operations: { check: PingCheck, prospects },
    register: (container) => container.registerSingleton(SoapApi),
    transport: protocol ? { protocol } : undefined,
  });
}

describe('the transport a runtime binds', () => {
  let server: http.Server;
  let port: number;
  let pings = 0;
  const runtimes: PlatformRuntime[] = [];

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      pings++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ site: 'site 7' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await Promise.all(runtimes.map((runtime) => runtime.close()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function turnUp(definition: ReturnType<typeof plugin>): PlatformRuntime {
    const runtime = createPlatformRuntime({
      plugin: definition,
      client: { id: 'client-a', clubs: [{ id: 'club-1' }] },
      turnUp: { plugin: definition.id, clubs: { 'club-1': 'c1' }, connection: { scheme: 'http', host: '127.0.0.1', port } },
      logger: {
        debug() {},
        info() {},
        warn() {},
        error() {},
        child() {
          return this;
        },
        isLevelEnabled: () => false,
      },
    });
    runtimes.push(runtime);
    return runtime;
  }

  it('binds the REST transport to a plugin that declares rest', async () => {
    const runtime = turnUp(plugin('rest-only', 'rest', ProspectsThroughApi));
    await expect(runtime.check.check()).resolves.toEqual({ detail: 'site 7' });
    expect(pings).toBe(1);
  });

  it('names the plugin and the class when a class injects the transport the plugin did not declare', () => {
    const runtime = turnUp(plugin('rest-only', 'rest', SoapProspects));
    expect(() => runtime.prospects).toThrow(
      "[rest-only] SoapProspects asks for the SOAP transport (SoapTransportFactoryToken), but its definition declares transport.protocol 'rest': core binds only the declared transport",
    );
    expect(() => runtime.prospects).toThrow(expect.objectContaining({ code: 'PLUGIN_DEFINITION', retryable: false }));
  });

  it("names the class that asked, deep in the plugin's own classes too", () => {
    const runtime = turnUp(plugin('rest-only', 'rest', ProspectsThroughApi));
    expect(() => runtime.prospects).toThrow(
      "[rest-only] SoapApi asks for the SOAP transport (SoapTransportFactoryToken), but its definition declares transport.protocol 'rest'",
    );
    const soapRuntime = turnUp(plugin('soap-only', 'soap', ProspectsThroughApi));
    expect(() => soapRuntime.check).toThrow(
      "[soap-only] PingCheck asks for the REST transport (RestTransportToken), but its definition declares transport.protocol 'soap': core binds only the declared transport",
    );
  });

  it('tells a plugin that declares no transport how to declare one', () => {
    const runtime = turnUp(plugin('no-transport', undefined, SoapProspects));
    expect(() => runtime.check).toThrow(
      "[no-transport] PingCheck asks for the REST transport (RestTransportToken), but its definition declares no transport: add transport: { protocol: 'rest' } to its definePlugin(...)",
    );
  });

  it('says so when a REST plugin has no connection to call', () => {
    const saas = plugin('saas', 'rest', ProspectsThroughApi, 'none');
    const runtime = createPlatformRuntime({
      plugin: saas,
      client: { id: 'client-a', clubs: [{ id: 'club-1' }] },
      turnUp: { plugin: 'saas', clubs: { 'club-1': 'c1' } },
      logger: {
        debug() {},
        info() {},
        warn() {},
        error() {},
        child() {
          return this;
        },
        isLevelEnabled: () => false,
      },
    });
    expect(() => runtime.check).toThrow(
      '[saas] PingCheck asks for the REST transport (RestTransportToken), but the turn-up has no connection and the plugin no defaultConnection',
    );
    expect(() => runtime.check).toThrow(expect.objectContaining({ code: 'CONFIGURATION' }));
  });

  it('refuses an unknown protocol when the plugin is defined', () => {
    expect(() => plugin('carrier-pigeon', 'pigeon' as TransportProtocol, SoapProspects)).toThrow(
      "[carrier-pigeon] transport.protocol must be 'rest' or 'soap', got \"pigeon\"",
    );
  });
});
