import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import * as soap from 'soap';
import type { AddressInfo } from 'node:net';
import { Redactor } from '../logging/redactor';
import type { Logger } from '../logging/logger';
import { MemoryCounterStore } from '../store/counter-store';
import { CallBudget } from './call-budget';
import { NodeSoapTransportFactory } from './soap-client';

// A tiny document/literal service in the style of ASP.NET asmx services (MINDBODY's kind): one read and
// one write, credentials inside the request.
const NS = 'urn:test:things';
const WSDL = `<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:s="http://www.w3.org/2001/XMLSchema"
  xmlns:tns="${NS}" targetNamespace="${NS}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/">
  <wsdl:types>
    <s:schema elementFormDefault="qualified" targetNamespace="${NS}">
      <s:complexType name="Credentials"><s:sequence>
        <s:element minOccurs="0" maxOccurs="1" name="SourceName" type="s:string" />
        <s:element minOccurs="0" maxOccurs="1" name="Password" type="s:string" />
      </s:sequence></s:complexType>
      <s:complexType name="ThingRequest"><s:sequence>
        <s:element minOccurs="0" maxOccurs="1" name="SourceCredentials" type="tns:Credentials" />
        <s:element minOccurs="1" maxOccurs="1" name="ID" type="s:int" />
        <s:element minOccurs="0" maxOccurs="1" name="Name" type="s:string" />
      </s:sequence></s:complexType>
      <s:complexType name="ThingResult"><s:sequence>
        <s:element minOccurs="1" maxOccurs="1" name="ID" type="s:int" />
        <s:element minOccurs="0" maxOccurs="1" name="Name" type="s:string" />
      </s:sequence></s:complexType>
      <s:element name="GetThing"><s:complexType><s:sequence>
        <s:element minOccurs="0" maxOccurs="1" name="Request" type="tns:ThingRequest" />
      </s:sequence></s:complexType></s:element>
      <s:element name="GetThingResponse"><s:complexType><s:sequence>
        <s:element minOccurs="0" maxOccurs="1" name="GetThingResult" type="tns:ThingResult" />
      </s:sequence></s:complexType></s:element>
      <s:element name="SaveThing"><s:complexType><s:sequence>
        <s:element minOccurs="0" maxOccurs="1" name="Request" type="tns:ThingRequest" />
      </s:sequence></s:complexType></s:element>
      <s:element name="SaveThingResponse"><s:complexType><s:sequence>
        <s:element minOccurs="0" maxOccurs="1" name="SaveThingResult" type="tns:ThingResult" />
      </s:sequence></s:complexType></s:element>
    </s:schema>
  </wsdl:types>
  <wsdl:message name="GetThingSoapIn"><wsdl:part name="parameters" element="tns:GetThing" /></wsdl:message>
  <wsdl:message name="GetThingSoapOut"><wsdl:part name="parameters" element="tns:GetThingResponse" /></wsdl:message>
  <wsdl:message name="SaveThingSoapIn"><wsdl:part name="parameters" element="tns:SaveThing" /></wsdl:message>
  <wsdl:message name="SaveThingSoapOut"><wsdl:part name="parameters" element="tns:SaveThingResponse" /></wsdl:message>
  <wsdl:portType name="ThingsSoap">
    <wsdl:operation name="GetThing"><wsdl:input message="tns:GetThingSoapIn" /><wsdl:output message="tns:GetThingSoapOut" /></wsdl:operation>
    <wsdl:operation name="SaveThing"><wsdl:input message="tns:SaveThingSoapIn" /><wsdl:output message="tns:SaveThingSoapOut" /></wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="ThingsSoap" type="tns:ThingsSoap">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http" />
    <wsdl:operation name="GetThing"><soap:operation soapAction="${NS}/GetThing" style="document" />
      <wsdl:input><soap:body use="literal" /></wsdl:input><wsdl:output><soap:body use="literal" /></wsdl:output></wsdl:operation>
    <wsdl:operation name="SaveThing"><soap:operation soapAction="${NS}/SaveThing" style="document" />
      <wsdl:input><soap:body use="literal" /></wsdl:input><wsdl:output><soap:body use="literal" /></wsdl:output></wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="Things">
    <wsdl:port name="ThingsSoap" binding="tns:ThingsSoap"><soap:address location="https://things.example.com/v1/Things.asmx" /></wsdl:port>
  </wsdl:service>
</wsdl:definitions>`;

const SERVICE_PATH = '/v1/Things.asmx';
const PASSWORD = 'hunter2-secret';

/** What the next POST gets instead of the service's answer. */
type Injection = 'server-fault' | 'client-fault' | 401 | 503 | 429 | 'slow' | 'not-soap';

function faultXml(code: string, message: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
    `<soap:Fault><faultcode>${code}</faultcode><faultstring>${message}</faultstring><detail /></soap:Fault></soap:Body></soap:Envelope>`
  );
}

/** A node-soap server with a queue of failures to inject, counting what it received. */
class FakeThingsServer {
  readonly received: Array<{ url: string; body: string }> = [];
  wsdlDownloads = 0;
  readonly inject: Injection[] = [];
  private readonly server = http.createServer();
  private readonly saved = new Map<number, string>();

  async start(): Promise<string> {
    // node-soap installs its listener once the WSDL is parsed: wait for it before wrapping it.
    await new Promise<void>((resolve, reject) =>
      soap.listen(this.server, {
        path: SERVICE_PATH,
        xml: WSDL,
        services: {
          Things: {
            ThingsSoap: {
              GetThing: (args: { Request: { ID: number } }) => ({
                GetThingResult: { ID: args.Request.ID, Name: this.saved.get(args.Request.ID) ?? `thing ${args.Request.ID}` },
              }),
              SaveThing: (args: { Request: { ID: number; Name: string } }) => {
                this.saved.set(args.Request.ID, args.Request.Name);
                return { SaveThingResult: { ID: args.Request.ID, Name: args.Request.Name } };
              },
            },
          },
        },
        callback: (err: unknown) => (err ? reject(err) : resolve()),
      }),
    );
    // Put the injections in front of node-soap's own listener.
    const soapListeners = this.server.listeners('request') as Array<(req: http.IncomingMessage, res: http.ServerResponse) => void>;
    this.server.removeAllListeners('request');
    this.server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      if (req.method === 'GET') {
        this.wsdlDownloads++;
        return soapListeners.forEach((listener) => listener(req, res));
      }
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        this.received.push({ url: req.url ?? '', body: body.toString() });
        const injection = this.inject.shift();
        const xml = { 'Content-Type': 'text/xml; charset=utf-8' };
        if (injection === 'server-fault') return res.writeHead(500, xml).end(faultXml('soap:Server', 'Server was unable to process request. ---> boom'));
        if (injection === 'client-fault') return res.writeHead(500, xml).end(faultXml('soap:Client', 'The value notabool is not a valid Boolean'));
        if (injection === 401) return res.writeHead(401).end('Unauthorized');
        if (injection === 503) return res.writeHead(503, { 'Retry-After': '0' }).end('Service Unavailable');
        if (injection === 429) return res.writeHead(429, { 'Retry-After': '4' }).end('Too Many Requests');
        if (injection === 'not-soap') return res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>maintenance</body></html>');
        (req as http.IncomingMessage & { body?: Buffer }).body = body;
        const deliver = () => soapListeners.forEach((listener) => listener(req, res));
        if (injection === 'slow') setTimeout(deliver, 400);
        else deliver();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A logger that keeps what it was given. */
class FakeLogger implements Logger {
  readonly lines: Array<{ level: string; message: string; meta?: Record<string, unknown> }> = [];
  debug(message: string, meta?: Record<string, unknown>) {
    this.lines.push({ level: 'debug', message, meta });
  }
  info(message: string, meta?: Record<string, unknown>) {
    this.lines.push({ level: 'info', message, meta });
  }
  warn(message: string, meta?: Record<string, unknown>) {
    this.lines.push({ level: 'warn', message, meta });
  }
  error(message: string, meta?: Record<string, unknown>) {
    this.lines.push({ level: 'error', message, meta });
  }
  child(): Logger {
    return this;
  }
  isLevelEnabled() {
    return true;
  }
}

const credentials = { SourceName: 'connector', Password: PASSWORD };

describe('NodeSoapTransportFactory', () => {
  const server = new FakeThingsServer();
  let baseUrl: string;
  let port: number;
  let wsdlFile: string;
  const factories: NodeSoapTransportFactory[] = [];

  function factory(options: Partial<ConstructorParameters<typeof NodeSoapTransportFactory>[0]> = {}): NodeSoapTransportFactory {
    const made = new NodeSoapTransportFactory({
      pluginId: 'things',
      connection: { scheme: 'http', host: '127.0.0.1', port },
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
      ...options,
    });
    factories.push(made);
    return made;
  }

  beforeAll(async () => {
    baseUrl = await server.start();
    port = Number(new URL(baseUrl).port);
    wsdlFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'soap-client-spec-')), 'Things.wsdl');
    fs.writeFileSync(wsdlFile, WSDL);
  });
  afterAll(async () => {
    for (const made of factories) made.close();
    await server.stop();
    fs.rmSync(path.dirname(wsdlFile), { recursive: true, force: true });
  });
  beforeEach(() => {
    server.received.length = 0;
    server.inject.length = 0;
  });

  it('calls the service at the turn-up connection with the endpoint path and returns the parsed result', async () => {
    const client = await factory().client({ wsdl: wsdlFile, endpointPath: SERVICE_PATH });
    const result = await client.call('SaveThing', { Request: { SourceCredentials: credentials, ID: 7, Name: 'Seven' } });
    expect(result).toEqual({ SaveThingResult: { ID: 7, Name: 'Seven' } });
    expect(server.received).toHaveLength(1);
    expect(server.received[0].url).toBe(SERVICE_PATH);
    expect(server.received[0].body).toContain(`<Name>Seven</Name>`);
  });

  it('uses the service endpoint when the turn-up has no connection', async () => {
    const client = await factory({ connection: undefined }).client({ wsdl: wsdlFile, endpoint: `${baseUrl}${SERVICE_PATH}` });
    await expect(client.call('GetThing', { Request: { ID: 3 } }, { idempotent: true })).resolves.toEqual({ GetThingResult: { ID: 3, Name: 'thing 3' } });
    expect(server.received).toHaveLength(1);
  });

  it('keeps the WSDL address path on the connection host when no path is given', async () => {
    const client = await factory().client({ wsdl: wsdlFile });
    await client.call('GetThing', { Request: { ID: 4 } }, { idempotent: true }).catch(() => undefined);
    expect(server.received[0]?.url).toBe('/v1/Things.asmx');
  });

  it('loads a WSDL given by URL once per factory and reuses the client', async () => {
    const made = factory();
    const before = server.wsdlDownloads;
    const wsdlUrl = `${baseUrl}${SERVICE_PATH}?wsdl&spec=once`;
    const [first, second] = await Promise.all([
      made.client({ wsdl: wsdlUrl, endpointPath: SERVICE_PATH }),
      made.client({ wsdl: wsdlUrl, endpointPath: SERVICE_PATH }),
    ]);
    await first.call('GetThing', { Request: { ID: 1 } }, { idempotent: true });
    await second.call('GetThing', { Request: { ID: 2 } }, { idempotent: true });
    expect(second).toBe(first);
    expect(server.wsdlDownloads - before).toBe(1);
  });

  it('shows the last request with the passwords redacted, and registers them with the redactor', async () => {
    const redactor = new Redactor();
    const client = await factory({ redactor }).client({ wsdl: wsdlFile, endpointPath: SERVICE_PATH });
    await client.call('SaveThing', { Request: { SourceCredentials: credentials, ID: 8, Name: 'Eight' } });
    const xml = client.lastRequestXml() ?? '';
    expect(server.received[0].body).toContain(PASSWORD);
    expect(xml).toContain('<SourceName>connector</SourceName>');
    expect(xml).toContain('<Password>[REDACTED]</Password>');
    expect(xml).not.toContain(PASSWORD);
    expect(redactor.redactString(`echo ${PASSWORD}`)).toBe('echo [REDACTED]');
  });

  it('logs each call at debug level with request and response XML, secrets removed', async () => {
    const logger = new FakeLogger();
    const client = await factory({ logger }).client({ wsdl: wsdlFile, endpointPath: SERVICE_PATH });
    await client.call('SaveThing', { Request: { SourceCredentials: credentials, ID: 9, Name: 'Nine' } });
    const line = logger.lines.find((l) => l.message === 'platform call');
    expect(line?.level).toBe('debug');
    expect(line?.meta).toMatchObject({ plugin: 'things', operation: 'SaveThing', endpoint: `${baseUrl}${SERVICE_PATH}` });
    expect(String(line?.meta?.request)).toContain('<Name>Nine</Name>');
    expect(String(line?.meta?.response)).toContain('SaveThingResponse');
    expect(JSON.stringify(logger.lines)).not.toContain(PASSWORD);
  });

  it('leaves the XML out of the debug line when the logger says debug is off (no redaction work per call)', async () => {
    const logger = Object.assign(new FakeLogger(), { isLevelEnabled: (level: string) => level !== 'debug' });
    const client = await factory({ logger }).client({ wsdl: wsdlFile, endpointPath: SERVICE_PATH });
    await client.call('GetThing', { Request: { ID: 11 } }, { idempotent: true });
    const line = logger.lines.find((l) => l.message === 'platform call');
    expect(line?.meta).toMatchObject({ operation: 'GetThing', request: undefined, response: undefined });
  });

  it('retries a read after a server fault and returns the answer', async () => {
    const client = await factory().client({ wsdl: wsdlFile, endpointPath: SERVICE_PATH });
    server.inject.push('server-fault');
    await expect(client.call('GetThing', { Request: { ID: 5 } }, { idempotent: true })).resolves.toEqual({ GetThingResult: { ID: 5, Name: 'thing 5' } });
    expect(server.received).toHaveLength(2);
  });

  it('does not repeat a write after a server fault: retryable PlatformUnavailableError for the engine', async () => {
    const client = await factory().client({ wsdl: wsdlFile, endpointPath: SERVICE_PATH });
    server.inject.push('server-fault');
    const error = await client.call('SaveThing', { Request: { ID: 6, Name: 'Six' } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'PlatformUnavailableError', code: 'PLATFORM_UNAVAILABLE', retryable: true, status: 500 });
    expect((error as Error).message).toContain('boom');
    expect(server.received).toHaveLength(1);
  });

  it('repeats a write after a 503, when the platform surely did not act', async () => {
    const client = await factory().client({ wsdl: wsdlFile, endpointPath: SERVICE_PATH });
    server.inject.push(503);
    await expect(client.call('SaveThing', { Request: { ID: 10, Name: 'Ten' } })).resolves.toEqual({ SaveThingResult: { ID: 10, Name: 'Ten' } });
    expect(server.received).toHaveLength(2);
  });

  it('honours Retry-After before repeating a write after a 429, and backs off between server faults of a read', async () => {
    const waits: number[] = [];
    const clock = { now: () => 0, sleep: async (ms: number) => void waits.push(ms) };
    const client = await factory({ clock, retry: { baseDelayMs: 100, maxDelayMs: 10_000 } }).client({ wsdl: wsdlFile, endpointPath: SERVICE_PATH });
    server.inject.push(429);
    await expect(client.call('SaveThing', { Request: { ID: 12, Name: 'Twelve' } })).resolves.toEqual({ SaveThingResult: { ID: 12, Name: 'Twelve' } });
    expect(server.received).toHaveLength(2);
    expect(waits).toEqual([4_000]);
    server.inject.push('server-fault', 'server-fault');
    await expect(client.call('GetThing', { Request: { ID: 12 } }, { idempotent: true })).resolves.toEqual({ GetThingResult: { ID: 12, Name: 'Twelve' } });
    expect(server.received).toHaveLength(5);
    expect(waits).toHaveLength(3);
    expect(waits[1]).toBeGreaterThanOrEqual(50);
    expect(waits[1]).toBeLessThanOrEqual(100);
    expect(waits[2]).toBeGreaterThanOrEqual(100);
    expect(waits[2]).toBeLessThanOrEqual(200);
  });

  it('gives up after the retry limit with the last transient error', async () => {
    const client = await factory({ retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2 } }).client({ wsdl: wsdlFile, endpointPath: SERVICE_PATH });
    server.inject.push('server-fault', 'server-fault', 'server-fault');
    await expect(client.call('GetThing', { Request: { ID: 1 } }, { idempotent: true })).rejects.toMatchObject({ code: 'PLATFORM_UNAVAILABLE' });
    expect(server.received).toHaveLength(3);
  });

  it('maps a client fault to PlatformRejectedError, not retried, whatever the HTTP status', async () => {
    const client = await factory().client({ wsdl: wsdlFile, endpointPath: SERVICE_PATH });
    server.inject.push('client-fault');
    const error = await client.call('GetThing', { Request: { ID: 1 } }, { idempotent: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'PlatformRejectedError', retryable: false });
    expect((error as Error).message).toMatch(/^\[things\] SOAP GetThing was rejected by the platform \(client fault\): The value notabool/);
    expect(server.received).toHaveLength(1);
  });

  it('maps 401 to AuthenticationError', async () => {
    const client = await factory().client({ wsdl: wsdlFile, endpointPath: SERVICE_PATH });
    server.inject.push(401);
    await expect(client.call('GetThing', { Request: { ID: 1 } }, { idempotent: true })).rejects.toMatchObject({
      name: 'AuthenticationError',
      status: 401,
      retryable: false,
    });
    expect(server.received).toHaveLength(1);
  });

  it('maps an answer that is not SOAP to a retryable PlatformUnavailableError', async () => {
    const client = await factory({ retry: { maxRetries: 0 } }).client({ wsdl: wsdlFile, endpointPath: SERVICE_PATH });
    server.inject.push('not-soap');
    await expect(client.call('GetThing', { Request: { ID: 1 } }, { idempotent: true })).rejects.toMatchObject({
      code: 'PLATFORM_UNAVAILABLE',
      retryable: true,
    });
  });

  it('maps a slow answer to TimeoutError', async () => {
    const client = await factory({ timeoutMs: 100, retry: { maxRetries: 0 } }).client({ wsdl: wsdlFile, endpointPath: SERVICE_PATH });
    server.inject.push('slow');
    await expect(client.call('GetThing', { Request: { ID: 1 } }, { idempotent: true })).rejects.toMatchObject({ name: 'TimeoutError', retryable: true });
  });

  it('maps a refused connection to NetworkError and retries even a write', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const logger = new FakeLogger();
    const client = await factory({ connection: { scheme: 'http', host: '127.0.0.1', port: deadPort }, logger }).client({
      wsdl: wsdlFile,
      endpointPath: SERVICE_PATH,
    });
    const error = await client.call('SaveThing', { Request: { ID: 1, Name: 'x' } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'NetworkError', retryable: true });
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect(logger.lines.filter((l) => l.message === 'platform call failed').map((l) => l.meta?.willRetry)).toEqual([true, true, false]);
  });

  it('paces calls at the rate limit', async () => {
    const client = await factory({ rateLimitPerSecond: 20 }).client({ wsdl: wsdlFile, endpointPath: SERVICE_PATH });
    const started = performance.now();
    await Promise.all([1, 2, 3, 4].map((id) => client.call('GetThing', { Request: { ID: id } }, { idempotent: true })));
    // Four calls at 20/s: the last one waits three intervals of 50 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(server.received).toHaveLength(4);
  });

  it('spends the call budget before each call, and makes none once it is spent', async () => {
    const budget = new CallBudget({
      clientId: 'client-1',
      platform: 'things',
      displayName: 'Things',
      settings: { perDay: 2, resetsAt: '00:00', timeZone: 'UTC' },
      counters: new MemoryCounterStore(),
      now: Date.now,
    });
    const client = await factory({ budget }).client({ wsdl: wsdlFile, endpointPath: SERVICE_PATH });
    await client.call('GetThing', { Request: { ID: 1 } }, { idempotent: true });
    await client.call('SaveThing', { Request: { SourceCredentials: credentials, ID: 2, Name: 'Two' } });
    await expect(client.call('GetThing', { Request: { ID: 3 } }, { idempotent: true })).rejects.toMatchObject({ code: 'BUDGET_SPENT', retryable: true });
    expect(server.received).toHaveLength(2);
  });

  it('names a missing or unreadable WSDL as a configuration problem, and an unknown operation', async () => {
    await expect(factory().client({ wsdl: path.join(os.tmpdir(), 'no-such-file.wsdl'), endpointPath: SERVICE_PATH })).rejects.toMatchObject({
      code: 'CONFIGURATION',
      retryable: false,
    });
    const notWsdl = path.join(path.dirname(wsdlFile), 'not-a.wsdl');
    fs.writeFileSync(notWsdl, 'this is not XML');
    const unreadable = await factory()
      .client({ wsdl: notWsdl, endpointPath: SERVICE_PATH })
      .catch((e: unknown) => e);
    expect(unreadable).toMatchObject({ code: 'CONFIGURATION', retryable: false });
    expect((unreadable as Error).message).toMatch(/^\[things\] the WSDL .*not-a\.wsdl could not be loaded: /);
    const client = await factory().client({ wsdl: wsdlFile, endpointPath: SERVICE_PATH });
    await expect(client.call('DeleteThing', {})).rejects.toThrow('[things] SOAP operation DeleteThing is not in the WSDL');
  });
});
