import { startHub, userXml, uuidOf, type HubFixture } from './support/hub-fixture';

/** A 2011-11 user "José Müller" whose XML declaration names `encoding`. */
function latinUser(recordId: string, encoding: string): string {
  return userXml({
    recordId,
    userInfo: '<firstname>José</firstname><lastname>Müller</lastname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType>',
  }).replace('encoding="UTF-8"', `encoding="${encoding}"`);
}

/** Byte patterns that are not UTF-8: a bad continuation, a byte never in UTF-8, a surrogate, truncated sequences, an overlong form. */
const INVALID = [
  ['C3 28', [0xc3, 0x28]],
  ['FF', [0xff]],
  ['ED A0 80 (a surrogate)', [0xed, 0xa0, 0x80]],
  ['E2 82 (truncated)', [0xe2, 0x82]],
  ['F0 9F 98 (truncated)', [0xf0, 0x9f, 0x98]],
  ['C0 AF (overlong)', [0xc0, 0xaf]],
] as const;

/** `before`, the bytes, then `after`: the bytes land inside a value. */
function withBytes(before: string, bytes: readonly number[], after: string): Buffer {
  return Buffer.concat([Buffer.from(before, 'utf8'), Buffer.from(bytes), Buffer.from(after, 'utf8')]);
}

describe('body encodings', () => {
  let f: HubFixture;

  beforeAll(async () => {
    f = await startHub();
  });
  afterAll(() => f.close());

  const readUser = async (uuid: string) => JSON.parse((await f.http.get(`/api/v1/users/${uuid}`, { headers: f.intouch })).data).user;
  const postXmlBytes = (body: Buffer, contentType = 'application/xml') =>
    f.http.post('/connector/api/2011-11/user', body, { headers: { ...f.intouch, 'content-type': contentType } });
  const postJsonBytes = (body: Buffer, contentType = 'application/json') =>
    f.http.post('/api/v1/users', body, { headers: { ...f.intouch, 'content-type': contentType } });

  it.each(['ISO-8859-1', 'windows-1252', 'latin1'])('decodes an XML body declaring encoding="%s" and saves "José Müller" exactly', async (encoding) => {
    const res = await postXmlBytes(Buffer.from(latinUser(`latin-${encoding}`, encoding), 'latin1'));
    expect(res.status).toBe(200);
    expect(await readUser(uuidOf(res.data))).toMatchObject({ firstName: 'José', lastName: 'Müller' });
  });

  it('decodes an XML body in the charset its Content-Type names, and a UTF-16 body with its byte order mark', async () => {
    const byHeader = await postXmlBytes(
      Buffer.from(latinUser('latin-header', 'ISO-8859-1').replace(/<\?xml[^>]*>/, ''), 'latin1'),
      'text/xml; charset=ISO-8859-1',
    );
    expect(byHeader.status).toBe(200);
    expect(await readUser(uuidOf(byHeader.data))).toMatchObject({ firstName: 'José', lastName: 'Müller' });

    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(latinUser('utf16', 'UTF-16'), 'utf16le')]);
    const res = await postXmlBytes(utf16);
    expect(res.status).toBe(200);
    expect(await readUser(uuidOf(res.data))).toMatchObject({ firstName: 'José', lastName: 'Müller' });
  });

  it('refuses an encoding it does not read with 415 naming it', async () => {
    const res = await postXmlBytes(Buffer.from(latinUser('ebcdic', 'EBCDIC-US'), 'latin1'));
    expect(res.status).toBe(415);
    expect(res.data).toContain('<reason>UNSUPPORTED_MEDIA_TYPE</reason>');
    expect(res.data).toContain('ebcdic-us');

    const json = await postJsonBytes(Buffer.from('{}'), 'application/json; charset=ISO-8859-1');
    expect(json.status).toBe(415);
    expect(JSON.parse(json.data).error.message).toContain('iso-8859-1');
  });

  it.each(INVALID)('refuses invalid UTF-8 (%s) in an XML value with 400 naming the element', async (_what, bytes) => {
    const [before, after] = userXml({ recordId: 'bad-utf8', userInfo: '<firstname>Jo@</firstname><lastname>Bar</lastname>' }).split('@');
    const res = await postXmlBytes(withBytes(before, bytes, after));
    expect(res.status).toBe(400);
    expect(res.data).toContain('<reason>VALIDATION</reason>');
    expect(res.data).toMatch(/the text of &lt;firstname&gt; is not valid UTF-8 \(line 9, column \d+\)/);
  });

  it.each(INVALID)('refuses invalid UTF-8 (%s) in a JSON value with 400 naming the field', async (_what, bytes) => {
    const before = '{"clientId":"client-a","clubId":"club-a1","recordId":"bad-utf8","user":{"firstName":"Jo';
    const after = '","lastName":"Bar","userType":"PROSPECT","userStatus":"ACTIVE"}}';
    const res = await postJsonBytes(withBytes(before, bytes, after));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.data).error).toMatchObject({
      reason: 'VALIDATION',
      field: 'firstName',
      message: expect.stringContaining('firstName is not valid UTF-8'),
    });
    // The batch endpoint reads its bytes the same way.
    const batch = await f.http.post('/api/v1/users/batch', Buffer.concat([Buffer.from('['), withBytes(before, bytes, after), Buffer.from(']')]), {
      headers: { ...f.intouch, 'content-type': 'application/json' },
    });
    expect(batch.status).toBe(400);
    expect(JSON.parse(batch.data).error).toMatchObject({ reason: 'VALIDATION', field: 'firstName' });
  });

  it('still reads UTF-8 with its accents, with or without a byte order mark', async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(latinUser('utf8-bom', 'UTF-8'), 'utf8')]);
    const res = await postXmlBytes(body);
    expect(res.status).toBe(200);
    expect(await readUser(uuidOf(res.data))).toMatchObject({ firstName: 'José', lastName: 'Müller' });
  });
});
