import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { turnUpPlugin, type SimulatorRuntime } from '@connector/testing';
import plugin from '@connector/plugin-mindbody-soap';
import { extractBodyPayload, findMindbodySpecs, MINDBODY_SPECS_MISSING, XsdValidator } from '@connector/plugin-mindbody-soap/simulator';

/*
 * Golden samples in node-soap's own style (test/request-response-samples): one folder per case,
 * `<Operation>__<case>/`, with
 *   request.json   the operation the plugin is asked to run and its arguments (a PersonWrite, a club, …)
 *   request.xml    the exact SOAP envelope the plugin must send (compared with whitespace normalised)
 *   response.xml   what MINDBODY answers
 *   response.json  what the operation returns ({ "result": … }) or throws ({ "error": … })
 * Both XML files must also validate against MINDBODY's WSDL schemas.
 * UPDATE_GOLDEN=1 rewrites request.xml and response.json from what the plugin does now: review the diff.
 */

const specs = findMindbodySpecs();
if (!specs) console.warn(MINDBODY_SPECS_MISSING);
const describeWithSpecs = specs ? describe : describe.skip;

const SAMPLES = path.join(__dirname, 'samples');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const CLIENT_NS = 'http://clients.mindbodyonline.com/api/0_5_1';

interface SampleRequest {
  /** `<group>.<method>` on the runtime: `prospects.save`, `staff.list`, `find.find`, `check.check`. */
  operation: string;
  args: unknown[];
}

/** Whitespace between tags removed, runs of whitespace inside tags made one space. Nothing else. */
function normalise(xml: string): string {
  return xml
    .replace(/>\s+</g, '><')
    .replace(/<[^>]+>/g, (tag) => tag.replace(/\s+/g, ' ').replace(/\s+(\/?>)$/, '$1'))
    .trim();
}

/** Indents XML one element per line (text-only elements on one line); `normalise` undoes it exactly. */
function pretty(xml: string): string {
  const tokens = normalise(xml).match(/<[^>]+>|[^<]+/g) ?? [];
  const lines: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const pad = '  '.repeat(depth);
    if (token.startsWith('<?') || token.startsWith('<!') || token.endsWith('/>')) lines.push(pad + token);
    else if (token.startsWith('</')) lines.push('  '.repeat(--depth) + token);
    else if (tokens[i + 1]?.startsWith('</')) lines.push(pad + token + tokens[++i]);
    else if (!tokens[i + 1]?.startsWith('<') && tokens[i + 2]?.startsWith('</')) lines.push(pad + token + tokens[++i] + tokens[++i]);
    else {
      lines.push(pad + token);
      depth++;
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A stand-in for MINDBODY that answers every POST with the sample's response.xml and keeps what it got. */
class CannedSoapServer {
  readonly received: Array<{ path: string; soapAction?: string; body: string }> = [];
  response = '';
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      this.received.push({ path: req.url ?? '', soapAction: req.headers.soapaction as string | undefined, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' }).end(this.response);
    });
  });

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function run(runtime: SimulatorRuntime, request: SampleRequest): Promise<unknown> {
  const [group, method] = request.operation.split('.');
  const target = (runtime as unknown as Record<string, Record<string, (...args: unknown[]) => Promise<unknown>> | undefined>)[group];
  if (!target || typeof target[method] !== 'function') throw new Error(`request.json names ${request.operation}, which the plugin does not have`);
  try {
    const result = await target[method](...request.args);
    return { result: result === undefined ? null : result };
  } catch (error) {
    const e = error as { name: string; code?: string; retryable?: boolean; message: string };
    return { error: { name: e.name, code: e.code, retryable: e.retryable, message: e.message } };
  }
}

const sampleNames = fs.existsSync(SAMPLES)
  ? fs
      .readdirSync(SAMPLES)
      .filter((name) => name.includes('__'))
      .sort()
  : [];

describeWithSpecs('MINDBODY SOAP golden samples', () => {
  const server = new CannedSoapServer();
  let port = 0;
  const validators = specs ? { client: new XsdValidator(specs.clientServiceWsdl), staff: new XsdValidator(specs.staffServiceWsdl) } : undefined;

  beforeAll(async () => {
    port = await server.start();
  });
  afterAll(async () => {
    await server.close();
  });

  it('has the cases every operation needs', () => {
    expect(sampleNames).toEqual(
      expect.arrayContaining([
        'AddOrUpdateClients__prospect',
        'AddOrUpdateClients__member',
        'AddOrUpdateClients__validation_failed',
        'GetStaff__list',
        'GetClientReferralTypes__list',
        'GetClients__search',
      ]),
    );
  });

  describe.each(sampleNames)('%s', (name) => {
    const dir = path.join(SAMPLES, name);
    const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
    const operation = name.split('__')[0];

    it('sends exactly request.xml and reads response.xml as response.json says', async () => {
      const request = JSON.parse(read('request.json')) as SampleRequest;
      server.response = read('response.xml');
      server.received.length = 0;
      // The golden server answers what the sample says, so it hands out the turn-up itself.
      const goldenServer = {
        turnUp: () => ({
          connection: { scheme: 'http' as const, host: '127.0.0.1', port },
          clubs: { 'club-north': '1', 'club-south': '2' },
          options: {
            sourceName: 'ConnectorSample',
            sourcePassword: 'sample-source-pw',
            siteId: -99,
            clientServiceWsdl: specs!.clientServiceWsdl,
            staffServiceWsdl: specs!.staffServiceWsdl,
          },
        }),
      };
      const runtime = turnUpPlugin(plugin, goldenServer, { clubIds: ['club-north', 'club-south'] });
      const outcome = await run(runtime, request);

      expect(server.received).toHaveLength(1);
      const [sent] = server.received;
      expect(sent.soapAction).toBe(`"${operation === 'GetStaff' ? 'http://clients.mindbodyonline.com/api/0_5' : CLIENT_NS}/${operation}"`);
      expect(sent.path).toBe(operation === 'GetStaff' ? '/0_5/StaffService.asmx' : '/0_5_1/ClientService.asmx');
      if (UPDATE) {
        fs.writeFileSync(path.join(dir, 'request.xml'), pretty(sent.body));
        fs.writeFileSync(path.join(dir, 'response.json'), `${JSON.stringify(outcome, null, 2)}\n`);
      }
      expect(normalise(sent.body)).toBe(normalise(read('request.xml')));
      expect(outcome).toEqual(JSON.parse(read('response.json')));
    });

    it('has request.xml and response.xml valid against the WSDL schema', async () => {
      for (const file of ['request.xml', 'response.xml']) {
        const payload = extractBodyPayload(read(file));
        expect(payload?.operation).toBe(file === 'request.xml' ? operation : `${operation}Response`);
        const validator = operation === 'GetStaff' ? validators!.staff : validators!.client;
        await expect(validator.validate(payload!.xml)).resolves.toEqual([]);
      }
    });
  });
});
