import fc from 'fast-check';

/** One request body the intake must refuse, and why it is malformed (shown when a run fails). */
export interface MalformedInput {
  why: string;
  path: string;
  contentType: string;
  body: Uint8Array;
}

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const XML_PATH = '/connector/api/2011-11/user';
const JSON_PATH = '/api/v1/users';
const XML_TYPE = 'application/xml';
const JSON_TYPE = 'application/json';

/** Byte sequences that are not UTF-8: a lone continuation byte, a cut sequence, an overlong form, 0xFF. */
const notUtf8 = fc.constantFrom([0x80], [0xc3, 0x28], [0xe2, 0x82], [0xc0, 0xaf], [0xff], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]);

/** A valid 2011-11 user for `sender`, with one record ID per run. */
export function validXml(s: { provider: string; clientId: string; clubId: string }, fields: Record<string, string> = {}): string {
  const info = {
    firstname: 'Fuzz',
    lastname: 'Target',
    userStatus: 'ACTIVE',
    userType: 'PROSPECT',
    email: 'fuzz@reliability.test',
    birthdate: '1990-01-02',
    gender: 'F',
    country: 'US',
    ...fields,
  };
  return (
    `<?xml version="1.0" encoding="UTF-8"?><user><providerInfo><identifier>${s.provider}</identifier><clientID>${s.clientId}</clientID>` +
    `<clubID>${s.clubId}</clubID><recordID>fuzz-never-saved</recordID></providerInfo><userInfo>` +
    Object.entries(info)
      .map(([name, value]) => `<${name}>${value}</${name}>`)
      .join('') +
    `</userInfo></user>`
  );
}

/** A valid JSON API user for `sender`. */
export function validJson(s: { clientId: string; clubId: string }): Record<string, unknown> {
  return {
    clientId: s.clientId,
    clubId: s.clubId,
    recordId: 'fuzz-never-saved',
    user: { firstName: 'Fuzz', lastName: 'Target', userType: 'PROSPECT', userStatus: 'ACTIVE', email: 'fuzz@reliability.test', birthdate: '1990-01-02' },
  };
}

/** Text that cannot be a well-formed document once inserted between elements: an element never closed. */
const unclosedElement = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), fc.string({ maxLength: 20 }))
  .map(([name, text]) => `<${name}>${text.replace(/[<>&]/g, '')}`);

/** Malformed 2011-11 XML bodies, each refused for a reason of its own. */
export function malformedXml(s: { provider: string; clientId: string; clubId: string }, bodyLimitBytes: number): fc.Arbitrary<MalformedInput> {
  const valid = validXml(s);
  const xml = (why: string, body: Uint8Array | string, contentType = XML_TYPE): MalformedInput => ({
    why,
    path: XML_PATH,
    contentType,
    body: typeof body === 'string' ? utf8(body) : body,
  });
  return fc.oneof(
    fc.nat({ max: valid.length - 1 }).map((n) => xml(`cut after ${n} characters`, valid.slice(0, n))),
    fc
      .tuple(fc.nat({ max: valid.length }), unclosedElement)
      .map(([at, element]) =>
        xml(
          `an element never closed at ${at}`,
          valid.slice(0, valid.indexOf('>', at) + 1 || valid.length) + element + valid.slice(valid.indexOf('>', at) + 1 || valid.length),
        ),
      ),
    fc.constantFrom('firstname', 'lastname', 'userType', 'email').map((name) => xml(`</${name}> misspelt`, valid.replace(`</${name}>`, `</${name}x>`))),
    fc
      .constantFrom('<!DOCTYPE user [<!ENTITY x "y">]>', '<!DOCTYPE user SYSTEM "file:///etc/passwd">', '<!ENTITY a "b">')
      .map((decl) => xml('a DOCTYPE or ENTITY', valid.replace('<user>', `${decl}<user>`))),
    fc.integer({ min: 101, max: 20_000 }).map((depth) => xml(`${depth} levels deep`, `<user>${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}</user>`)),
    fc.tuple(notUtf8, fc.constantFrom('Fuzz', 'Target', 'fuzz@reliability.test')).map(([bytes, value]) => {
      const [head, tail] = valid.split(value, 2);
      return xml(`bytes ${bytes.map((b) => b.toString(16)).join(' ')} (not UTF-8) in ${value}`, new Uint8Array([...utf8(head), ...bytes, ...utf8(tail)]));
    }),
    fc
      .constantFrom('EBCDIC-US', 'Shift_JIS', 'x-unknown', 'UTF-7')
      .map((encoding) => xml(`encoding ${encoding}`, valid.replace('encoding="UTF-8"', `encoding="${encoding}"`))),
    fc
      .constantFrom('firstname', 'lastname', 'userStatus', 'userType')
      .map((name) => xml(`${name} missing`, valid.replace(new RegExp(`<${name}>[^<]*</${name}>`), ''))),
    fc
      .constantFrom<Array<Record<string, string>>>(
        { gender: 'X' },
        { birthdate: '1990-02-31' },
        { birthdate: 'yesterday' },
        { userType: 'VISITOR' },
        { userStatus: 'MAYBE' },
        { country: 'USA' },
        { modifiedDate: '2012-13-45T00:00:00Z' },
      )
      .map((fields) => xml(`a wrong value: ${JSON.stringify(fields)}`, validXml(s, fields))),
    fc
      .stringMatching(/^[a-z]{1,10}$/)
      .filter((root) => root !== 'user')
      .map((root) => xml(`root <${root}>`, valid.replace(/<(\/?)user>/g, `<$1${root}>`))),
    fc.uint8Array({ minLength: 1, maxLength: 2000 }).map((bytes) => xml('random bytes', bytes)),
    fc.string({ maxLength: 300 }).map((text) => xml('random text', text)),
    fc.integer({ min: bodyLimitBytes + 1, max: bodyLimitBytes * 3 }).map((size) => xml(`${size} bytes (over the limit)`, `<user>${' '.repeat(size)}</user>`)),
    fc.constantFrom('text/plain', 'application/json', 'application/x-www-form-urlencoded').map((type) => xml(`Content-Type ${type}`, valid, type)),
  );
}

/** Every field a JSON API user save knows, at the top or in `user`: an unknown field is any other name. */
const KNOWN_FIELDS = new Set(
  (
    'clientId clubId recordId provider user firstName lastName userStatus userType birthdate gender city zipcode state country mobile email ' +
    'homePhone workPhone company createdBy createdDate modifiedBy modifiedDate ownerEmail ownerRecordId leadSource'
  ).split(' '),
);

/** Malformed JSON API bodies. */
export function malformedJson(s: { clientId: string; clubId: string }, bodyLimitBytes: number): fc.Arbitrary<MalformedInput> {
  const valid = validJson(s);
  const text = JSON.stringify(valid);
  const json = (why: string, body: Uint8Array | string, contentType = JSON_TYPE, path = JSON_PATH): MalformedInput => ({
    why,
    path,
    contentType,
    body: typeof body === 'string' ? utf8(body) : body,
  });
  const fieldPaths = ['clientId', 'clubId', 'recordId', 'user', 'user.firstName', 'user.lastName', 'user.userType', 'user.email', 'user.birthdate'];
  const withField = (fieldPath: string, value: unknown) => {
    const copy = structuredClone(valid) as Record<string, Record<string, unknown>>;
    const [top, inner] = fieldPath.split('.');
    if (inner) copy[top][inner] = value;
    else (copy as Record<string, unknown>)[top] = value;
    return JSON.stringify(copy);
  };
  const wrongType = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.constant({ nested: true }));
  return fc.oneof(
    fc.nat({ max: text.length - 1 }).map((n) => json(`cut after ${n} characters`, text.slice(0, n))),
    fc
      .jsonValue()
      .filter((value) => typeof value !== 'object' || value === null || Array.isArray(value))
      .map((value) => json(`a body that is not an object: ${JSON.stringify(value)?.slice(0, 40)}`, JSON.stringify(value) ?? 'null')),
    fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }).map((object) => json('a random object', JSON.stringify(object))),
    fc
      .tuple(fc.constantFrom(...fieldPaths), wrongType)
      .map(([fieldPath, value]) => json(`${fieldPath} = ${JSON.stringify(value)}`, withField(fieldPath, value))),
    fc
      .tuple(fc.constantFrom('', 'user.'), fc.stringMatching(/^[a-zA-Z]{1,12}$/))
      .filter(([, name]) => !KNOWN_FIELDS.has(name))
      .map(([at, name]) => json(`unknown field ${at}${name}`, at ? withField(`user.${name}`, 'x') : withField(name, 'x'))),
    fc
      .tuple(fc.constantFrom('user.firstName', 'user.lastName', 'recordId', 'clubId'), fc.constantFrom('\u0000', '\ud800', '\udfff', 'a\u0000b'))
      .map(([fieldPath, bad]) => json(`${fieldPath} holds ${JSON.stringify(bad)}`, withField(fieldPath, bad))),
    fc.tuple(notUtf8, fc.constantFrom('Fuzz', 'Target')).map(([bytes, value]) => {
      const [head, tail] = text.split(value, 2);
      return json(`bytes ${bytes.map((b) => b.toString(16)).join(' ')} (not UTF-8) in ${value}`, new Uint8Array([...utf8(head), ...bytes, ...utf8(tail)]));
    }),
    fc.integer({ min: 1000, max: 100_000 }).map((depth) => json(`${depth} nested arrays`, `${'['.repeat(depth)}${']'.repeat(depth)}`)),
    fc
      .integer({ min: 1000, max: 50_000 })
      .map((depth) => json(`user nested ${depth} objects deep`, withField('user', 0).replace('0', `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`))),
    fc.constantFrom({ 'user.birthdate': '1990-02-31' }, { 'user.userType': 'VISITOR' }, { 'user.lastName': '' }, { 'user.gender': 'X' }).map((change) => {
      const [[fieldPath, value]] = Object.entries(change);
      return json(`a wrong value: ${fieldPath} = ${value}`, withField(fieldPath, value));
    }),
    fc.uint8Array({ minLength: 1, maxLength: 2000 }).map((bytes) => json('random bytes', bytes)),
    fc.integer({ min: bodyLimitBytes + 1, max: bodyLimitBytes * 3 }).map((size) => json(`${size} bytes (over the limit)`, `{"pad":"${'x'.repeat(size)}"}`)),
    fc.constantFrom('text/plain', 'application/xml', 'application/json; charset=latin1').map((type) => json(`Content-Type ${type}`, text, type)),
    fc.nat({ max: text.length - 1 }).map((n) => json(`a batch cut after ${n} characters`, `[${text}`.slice(0, n + 1), JSON_TYPE, `${JSON_PATH}/batch`)),
    fc
      .jsonValue({ maxDepth: 2 })
      .filter((value) => !Array.isArray(value))
      .map((value) => json('a batch that is not an array', JSON.stringify(value) ?? 'null', JSON_TYPE, `${JSON_PATH}/batch`)),
  );
}
