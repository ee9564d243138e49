import axios from 'axios';
import {
  extractBodyPayload,
  findMindbodySpecs,
  MINDBODY_SPECS_MISSING,
  startMindbodySoapSimulator,
  type MindbodySoapSimulator,
} from '@connector/plugin-mindbody-soap/simulator';

const specs = findMindbodySpecs();
if (!specs) console.warn(MINDBODY_SPECS_MISSING);
const describeWithSpecs = specs ? describe : describe.skip;

const NS = 'http://clients.mindbodyonline.com/api/0_5_1';

/** A hand-written AddOrUpdateClients envelope, as another SOAP stack might send it (prefixed, pretty). */
function addOrUpdateClients(sim: MindbodySoapSimulator, client: string, password?: string): string {
  const { options } = sim.turnUp({ hubClubIds: ['club-1'] });
  return `<?xml version="1.0" encoding="utf-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:mb="${NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <soapenv:Body>
    <mb:AddOrUpdateClients>
      <mb:Request>
        <mb:SourceCredentials>
          <mb:SourceName>${options.sourceName}</mb:SourceName>
          <mb:Password>${password ?? options.sourcePassword}</mb:Password>
          <mb:SiteIDs><mb:int>${options.siteId}</mb:int></mb:SiteIDs>
        </mb:SourceCredentials>
        <mb:XMLDetail>Basic</mb:XMLDetail>
        <mb:PageSize xsi:nil="true" />
        <mb:CurrentPageIndex xsi:nil="true" />
        <mb:UpdateAction>AddNew</mb:UpdateAction>
        <mb:Test>false</mb:Test>
        <mb:Clients>
          <mb:Client>${client}</mb:Client>
        </mb:Clients>
      </mb:Request>
    </mb:AddOrUpdateClients>
  </soapenv:Body>
</soapenv:Envelope>`;
}

describeWithSpecs('MINDBODY SOAP simulator: schema validation of requests', () => {
  let sim: MindbodySoapSimulator;
  const post = (xml: string) =>
    axios.post<string>(`${sim.url}/0_5_1/ClientService.asmx`, xml, {
      headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${NS}/AddOrUpdateClients"` },
      validateStatus: () => true,
      responseType: 'text',
      proxy: false,
    });

  beforeAll(async () => {
    sim = await startMindbodySoapSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('accepts a request that matches the WSDL schema and stores the client', async () => {
    const answer = await post(addOrUpdateClients(sim, '<mb:FirstName>Ada</mb:FirstName><mb:LastName>Valid</mb:LastName><mb:IsProspect>true</mb:IsProspect>'));
    expect(answer.status).toBe(200);
    expect(answer.data).toContain('<Status>Success</Status>');
    expect(sim.clients()).toEqual([expect.objectContaining({ FirstName: 'Ada', LastName: 'Valid', IsProspect: true })]);
  });

  it('rejects IsProspect "notabool" with a client fault naming the element, and stores nothing', async () => {
    const before = sim.clients().length;
    const answer = await post(
      addOrUpdateClients(sim, '<mb:FirstName>Bob</mb:FirstName><mb:LastName>Typo</mb:LastName><mb:IsProspect>notabool</mb:IsProspect>'),
    );
    expect(answer.status).toBe(500);
    expect(answer.data).toContain('<faultcode>soap:Client</faultcode>');
    expect(answer.data).toMatch(/Element 'IsProspect': 'notabool' is not a valid value of the atomic type 'xs:boolean'/);
    expect(sim.clients()).toHaveLength(before);
  });

  it('rejects an element the schema does not have', async () => {
    const answer = await post(addOrUpdateClients(sim, '<mb:FirstName>Cy</mb:FirstName><mb:Nickname>C</mb:Nickname><mb:LastName>Extra</mb:LastName>'));
    expect(answer.status).toBe(500);
    expect(answer.data).toMatch(/Element 'Nickname': This element is not expected/);
    expect(sim.clients().some((c) => c.FirstName === 'Cy')).toBe(false);
  });

  it('rejects elements out of the schema order', async () => {
    const answer = await post(addOrUpdateClients(sim, '<mb:LastName>Order</mb:LastName><mb:FirstName>Di</mb:FirstName>'));
    expect(answer.status).toBe(500);
    expect(answer.data).toMatch(/Element 'FirstName': This element is not expected/);
  });

  it('rejects a request without a required element (Test)', async () => {
    const xml = addOrUpdateClients(sim, '<mb:FirstName>Ed</mb:FirstName><mb:LastName>Missing</mb:LastName>').replace('<mb:Test>false</mb:Test>', '');
    const answer = await post(xml);
    expect(answer.status).toBe(500);
    expect(answer.data).toMatch(/Element 'Clients': This element is not expected. Expected is \( Test \)/);
  });

  it('rejects a wrong type in a nested element (HomeLocation ID "main")', async () => {
    const answer = await post(
      addOrUpdateClients(sim, '<mb:FirstName>Flo</mb:FirstName><mb:LastName>Loc</mb:LastName><mb:HomeLocation><mb:ID>main</mb:ID></mb:HomeLocation>'),
    );
    expect(answer.status).toBe(500);
    expect(answer.data).toMatch(/Element 'ID': 'main' is not a valid value of the atomic type 'xs:int'/);
  });

  it('answers InvalidCredentials for a wrong source password', async () => {
    const answer = await post(addOrUpdateClients(sim, '<mb:FirstName>Gil</mb:FirstName><mb:LastName>Creds</mb:LastName>', 'wrong'));
    expect(answer.status).toBe(200);
    expect(answer.data).toContain('<Status>InvalidCredentials</Status>');
    expect(sim.clients().some((c) => c.FirstName === 'Gil')).toBe(false);
  });

  it('answers failures in the shape of the WSDL schema too (InvalidCredentials, a Failed client)', async () => {
    const denied = await post(addOrUpdateClients(sim, '<mb:FirstName>Ina</mb:FirstName><mb:LastName>Valid</mb:LastName>', 'wrong-again'));
    const failed = await post(addOrUpdateClients(sim, '<mb:FirstName>Ina</mb:FirstName><mb:LastName>Valid</mb:LastName><mb:Email>ina@nowhere</mb:Email>'));
    expect(failed.data).toContain('<Action>Failed</Action>');
    expect(failed.data).toContain('<string>&apos;ina@nowhere&apos; is not a valid email address.</string>');
    for (const answer of [denied, failed]) {
      const payload = extractBodyPayload(answer.data)!;
      expect(payload.operation).toBe('AddOrUpdateClientsResponse');
      await expect(sim.validate('ClientService', payload.xml)).resolves.toEqual([]);
    }
  });

  it('keeps every request with its verdict', () => {
    const verdicts = sim.requests().map((r) => [r.operation, r.problems.length === 0]);
    expect(verdicts).toEqual([
      ['AddOrUpdateClients', true],
      ['AddOrUpdateClients', false],
      ['AddOrUpdateClients', false],
      ['AddOrUpdateClients', false],
      ['AddOrUpdateClients', false],
      ['AddOrUpdateClients', false],
      ['AddOrUpdateClients', true],
      ['AddOrUpdateClients', true],
      ['AddOrUpdateClients', true],
    ]);
  });

  it('answers a server fault with HTTP 500 when failures are injected, then serves again', async () => {
    sim.failNext(1);
    const failed = await post(addOrUpdateClients(sim, '<mb:FirstName>Hal</mb:FirstName><mb:LastName>Fault</mb:LastName>'));
    expect(failed.status).toBe(500);
    expect(failed.data).toContain('<faultcode>soap:Server</faultcode>');
    const served = await post(addOrUpdateClients(sim, '<mb:FirstName>Hal</mb:FirstName><mb:LastName>Fault</mb:LastName>'));
    expect(served.data).toContain('<Status>Success</Status>');
    expect(sim.clients().filter((c) => c.FirstName === 'Hal')).toHaveLength(1);
  });
});
