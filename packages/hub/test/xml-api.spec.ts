import { KEYS, eventually, postXml, startHub, userXml, uuidOf, type HubFixture } from './support/hub-fixture';

describe('Connector API 2011-11 (XML)', () => {
  let f: HubFixture;

  beforeAll(async () => {
    f = await startHub();
  });
  afterAll(() => f.close());

  async function storedUsers(clientId = 'client-a'): Promise<unknown[]> {
    const res = await f.http.get(`/api/v1/users?clientId=${clientId}`, { headers: f.intouch });
    return JSON.parse(res.data).items;
  }

  it('saves a prospect, answers its UUID in the 2011-11 namespace and delivers it to Acme', async () => {
    const res = await postXml(f, 'user', userXml({ recordId: 'rec-1' }));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/xml/);
    expect(res.data).toMatch(/^<response xmlns="http:\/\/www\.intouchfollowup\.com\/api\/2011-11"><uuid>[0-9a-f-]{36}<\/uuid><\/response>$/);
    const uuid = uuidOf(res.data);

    const people = await eventually(async () => {
      const all = await f.acme!.people();
      return all.length === 1 && all;
    }, 'Acme to hold the prospect');
    expect(people[0]).toMatchObject({ firstName: 'Foo', lastName: 'Bar', email: 'foo@bar.com', mobile: '555-555-5555', type: 'PROSPECT' });
    expect((people[0].raw as { externalRef?: string }).externalRef).toBe(uuid);
    // A zipcode with a leading zero stays a string all the way.
    expect((people[0].raw as { address?: { postalCode?: string } }).address?.postalCode).toBe('01234');
  });

  it('answers the same UUID when the same record is saved again, and Acme holds it once', async () => {
    const first = await postXml(f, 'user', userXml({ recordId: 'rec-twice' }));
    const second = await postXml(f, 'user', userXml({ recordId: 'rec-twice' }));
    expect(second.status).toBe(200);
    expect(uuidOf(second.data)).toBe(uuidOf(first.data));
    await f.hub.connector.drain(10_000);
    const changed = await postXml(
      f,
      'user',
      userXml({
        recordId: 'rec-twice',
        userInfo: '<firstname>Foo</firstname><lastname>Twice</lastname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType>',
      }),
    );
    expect(uuidOf(changed.data)).toBe(uuidOf(first.data));
    const twice = await eventually(async () => {
      const found = (await f.acme!.people()).filter((p) => (p.raw as { externalRef?: string }).externalRef === uuidOf(first.data));
      return found.length === 1 && found[0].lastName === 'Twice' && found;
    }, 'Acme to hold the updated record once');
    expect(twice).toHaveLength(1);
  });

  it('refuses a user without a mandatory field with 400 VALIDATION naming the field, and logs it to the club', async () => {
    const res = await postXml(
      f,
      'user',
      userXml({ recordId: 'rec-bad', userInfo: '<firstname>Nolast</firstname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType>' }),
    );
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/xml/);
    expect(res.data).toMatch(
      /^<error><reason>VALIDATION<\/reason><errorUUID>[0-9a-f-]{36}<\/errorUUID><message>[^<]*userInfo\.lastname: is required[^<]*<\/message><\/error>$/,
    );
    const errorUUID = /<errorUUID>([^<]+)</.exec(res.data)![1];
    // The same errorUUID is in the winston log and in the club's Connector Log.
    expect(f.lines.some((line) => line.includes(errorUUID))).toBe(true);
    const log = JSON.parse((await f.http.get('/api/v1/clients/client-a/log?direction=INBOUND&level=ERROR', { headers: f.intouch })).data);
    const entry = log.entries.find((e: { details?: { errorUUID?: string } }) => e.details?.errorUUID === errorUUID);
    expect(entry).toMatchObject({ clubId: 'club-a1', level: 'ERROR', direction: 'INBOUND', platform: 'INTOUCH', person: 'Nolast' });
    expect(entry.summary).toContain('userInfo.lastname: is required');
  });

  it('names a wrong value and a missing providerInfo field', async () => {
    const gender = await postXml(
      f,
      'user',
      userXml({
        recordId: 'rec-g',
        userInfo: '<firstname>A</firstname><lastname>B</lastname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType><gender>X</gender>',
      }),
    );
    expect(gender.status).toBe(400);
    expect(gender.data).toContain('userInfo.gender: must be M or F');
    const noRecord = await postXml(f, 'user', userXml({ recordId: '' }));
    expect(noRecord.status).toBe(400);
    expect(noRecord.data).toContain('providerInfo.recordID: is required');
  });

  it('refuses a date that is not in the calendar and a createdDate that is not a time stamp, naming the field; a real date saves', async () => {
    const person = (extra: string) => `<firstname>Dee</firstname><lastname>Date</lastname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType>${extra}`;
    const refused = [
      ['<birthdate>1990-02-31</birthdate>', 'userInfo.birthdate: must be a real date: there is no such day'],
      ['<birthdate>1990-13-45</birthdate>', 'userInfo.birthdate: must be a real date: there is no such day'],
      ['<createdDate>yesterday</createdDate>', 'userInfo.createdDate: must be an ISO-8601 date-time as 2012-04-10T04:11:07Z (or a date as 2012-04-10)'],
    ];
    for (const [extra, message] of refused) {
      const res = await postXml(f, 'user', userXml({ recordId: 'rec-date-bad', userInfo: person(extra) }));
      expect(res.status).toBe(400);
      expect(res.data).toContain('<reason>VALIDATION</reason>');
      expect(res.data).toContain(message);
    }
    const saved = await postXml(
      f,
      'user',
      userXml({
        recordId: 'rec-date-ok',
        userInfo: person('<birthdate>2000-02-29</birthdate><createdDate>2012-04-10T04:11:07.023Z</createdDate><modifiedDate>2012-04-11</modifiedDate>'),
      }),
    );
    expect(saved.status).toBe(200);
    const read = JSON.parse((await f.http.get(`/api/v1/users/${uuidOf(saved.data)}`, { headers: f.intouch })).data);
    expect(read.user).toMatchObject({ birthdate: '2000-02-29', createdDate: '2012-04-10T04:11:07.023Z', modifiedDate: '2012-04-11' });
    expect((await storedUsers()).some((u) => (u as { recordId: string }).recordId === 'rec-date-bad')).toBe(false);
  });

  it('saves a user with elements the API does not know, and names them in the answer and in the Connector Log', async () => {
    // <ownerEmail> is not 2011-11 (the owner is <staffOwner><email>): the original took such bodies, so
    // the hub does too, but says what it left out instead of saving a prospect without its owner in silence.
    const info =
      '<firstname>Una</firstname><lastname>Known</lastname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType><email>una@example.com</email><ownerEmail>sam@club.example</ownerEmail>';
    const res = await postXml(f, 'user', userXml({ recordId: 'rec-unknown', userInfo: info, extra: '<vendorFlags>1</vendorFlags>' }));
    expect(res.status).toBe(200);
    expect(res.data).toMatch(
      /^<response xmlns="http:\/\/www\.intouchfollowup\.com\/api\/2011-11"><uuid>[0-9a-f-]{36}<\/uuid><ignoredElements><element>vendorFlags<\/element><element>userInfo\.ownerEmail<\/element><\/ignoredElements><\/response>$/,
    );
    // A client that reads only <uuid> reads the answer as before.
    const uuid = uuidOf(res.data);
    const saved = JSON.parse((await f.http.get(`/api/v1/users/${uuid}`, { headers: f.intouch })).data);
    expect(saved.user).toMatchObject({ firstName: 'Una', lastName: 'Known' });
    expect(saved.user.ownerEmail).toBeUndefined();

    const log = JSON.parse((await f.http.get('/api/v1/clients/client-a/log?direction=INBOUND&level=WARNING', { headers: f.intouch })).data);
    const entry = log.entries.find((e: { details?: { recordID?: string } }) => e.details?.recordID === 'rec-unknown');
    expect(entry).toMatchObject({ clubId: 'club-a1', level: 'WARNING', direction: 'INBOUND', platform: 'INTOUCH', person: 'Una Known <una@example.com>' });
    expect(entry.summary).toBe(
      'Una Known <una@example.com> (prospect) sent by INTOUCH was saved without vendorFlags, userInfo.ownerEmail: these are not fields of the API (ignored)',
    );
    expect(entry.details.ignored).toEqual(['vendorFlags', 'userInfo.ownerEmail']);
  });

  it('answers 401 AUTHENTICATION without a key or with a wrong one', async () => {
    const before = (await storedUsers()).length;
    const none = await postXml(f, 'user', userXml({ recordId: 'rec-401' }), {});
    expect(none.status).toBe(401);
    expect(none.data).toContain('<reason>AUTHENTICATION</reason>');
    const wrong = await postXml(f, 'user', userXml({ recordId: 'rec-401' }), { 'x-api-key': 'not-the-key-at-all-123' });
    expect(wrong.status).toBe(401);
    expect(wrong.data).toContain('<reason>AUTHENTICATION</reason>');
    expect(wrong.data).not.toContain('not-the-key-at-all-123');
    expect(wrong.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(await storedUsers()).toHaveLength(before);
  });

  it('answers 403 FORBIDDEN for a client the key may not write, or another provider identifier', async () => {
    const otherClient = await postXml(f, 'user', userXml({ recordId: 'rec-403', clientId: 'client-b', clubId: 'club-b1' }));
    expect(otherClient.status).toBe(403);
    expect(otherClient.data).toContain('<reason>FORBIDDEN</reason>');
    const otherProvider = await postXml(f, 'user', userXml({ recordId: 'rec-403', identifier: 'CRMB' }));
    expect(otherProvider.status).toBe(403);
    // The key of CRMB works for its own client.
    const own = await postXml(f, 'user', userXml({ recordId: 'rec-b', identifier: 'CRMB', clientId: 'client-b', clubId: 'club-b1' }), {
      'x-api-key': KEYS.crmb,
    });
    expect(own.status).toBe(200);
    const forbiddenRead = await f.http.get('/api/v1/users?clientId=client-a', { headers: { 'x-api-key': KEYS.crmb } });
    expect(forbiddenRead.status).toBe(403);
  });

  it('refuses an XXE payload and a billion-laughs payload before parsing, storing nothing', async () => {
    // The earlier tests' deliveries finish first (each new person is looked up before its create), so
    // the calls counted below are this test's alone.
    await f.hub.connector.drain(10_000);
    await f.acme!.settled();
    const before = (await storedUsers()).length;
    const callsBefore = f.acme!.requests().length;
    const xxe = `<?xml version="1.0"?><!DOCTYPE user [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${userXml({ recordId: 'rec-xxe', userInfo: '<firstname>&xxe;</firstname><lastname>X</lastname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType>' }).replace(/^<\?xml[^>]*>/, '')}`;
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>' +
      userXml({
        recordId: 'rec-lol',
        userInfo: '<firstname>&lol3;</firstname><lastname>L</lastname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType>',
      }).replace(/^<\?xml[^>]*>/, '');
    for (const body of [xxe, laughs]) {
      const res = await postXml(f, 'user', body);
      expect(res.status).toBe(400);
      expect(res.data).toContain('<reason>VALIDATION</reason>');
      expect(res.data).toContain('DOCTYPE');
      expect(res.data).not.toContain('root:');
    }
    expect(await storedUsers()).toHaveLength(before);
    expect(f.acme!.requests().length).toBe(callsBefore);
  });

  it('refuses a body over the limit with 413 PAYLOAD_TOO_LARGE, storing nothing', async () => {
    const before = (await storedUsers()).length;
    const big = userXml({ recordId: 'rec-big', extra: `<padding>${'x'.repeat(20 * 1024)}</padding>` });
    const res = await postXml(f, 'user', big);
    expect(res.status).toBe(413);
    expect(res.data).toContain('<reason>PAYLOAD_TOO_LARGE</reason>');
    expect(await storedUsers()).toHaveLength(before);
  });

  it('refuses malformed XML, another root element and a non-XML content type', async () => {
    const malformed = await postXml(f, 'user', '<user><providerInfo></user>');
    expect(malformed.status).toBe(400);
    expect(malformed.data).toContain('not well-formed XML');
    const wrongRoot = await postXml(f, 'user', '<staff><providerInfo/></staff>');
    expect(wrongRoot.status).toBe(400);
    expect(wrongRoot.data).toContain('must be a &lt;user&gt; element');
    const json = await f.http.post('/connector/api/2011-11/user', '{"user":{}}', { headers: { ...f.intouch, 'content-type': 'application/json' } });
    expect(json.status).toBe(415);
    expect(json.data).toContain('<reason>UNSUPPORTED_MEDIA_TYPE</reason>');
  });

  it('fetches a user by uuid and lists by provider, client and club', async () => {
    const saved = uuidOf((await postXml(f, 'user', userXml({ recordId: 'rec-fetch', clubId: 'club-a2' }))).data);
    const one = await f.http.get(`/connector/api/2011-11/user?uuid=${saved}&provider=INTOUCH`, { headers: f.intouch });
    expect(one.status).toBe(200);
    expect(one.data).toContain(`<uuid>${saved}</uuid>`);
    expect(one.data).toContain('<recordID>rec-fetch</recordID>');
    expect(one.data).toContain('<firstname>Foo</firstname>');
    const list = await f.http.get('/connector/api/2011-11/user?provider=INTOUCH&client_id=client-a&club_id=club-a2', { headers: f.intouch });
    expect(list.status).toBe(200);
    expect(list.data.match(/<user>/g)).toHaveLength(1);
    const missing = await f.http.get('/connector/api/2011-11/user?uuid=00000000-0000-4000-8000-000000000000', { headers: f.intouch });
    expect(missing.status).toBe(404);
    expect(missing.data).toContain('<reason>NOT_FOUND</reason>');
  });

  it('resolves a staff owner named by recordID and a lead source by name, as Acme receives them', async () => {
    const staffId = await f.acme!.addStaff({ firstName: 'Sam', lastName: 'Sales', email: 'sam@club.example' });
    const staff = await postXml(
      f,
      'staff',
      '<staff><providerInfo><identifier>INTOUCH</identifier><clientID>client-a</clientID><clubID>club-a1</clubID><recordID>staff-7</recordID></providerInfo><staffInfo><firstname>Sam</firstname><lastname>Sales</lastname><email>sam@club.example</email><active>true</active></staffInfo></staff>',
    );
    expect(staff.status).toBe(200);
    const lead = await postXml(
      f,
      'leadsource',
      '<leadSource><providerInfo><identifier>INTOUCH</identifier><clientID>client-a</clientID><clubID>club-a1</clubID><recordID>ls-1</recordID></providerInfo><leadInfo><name>Facebook</name><active>true</active></leadInfo></leadSource>',
    );
    expect(lead.status).toBe(200);
    // The lead source reaches Acme first (core creates a missing one while delivering a prospect, too).
    await eventually(async () => (await f.acme!.leadSources()).some((s) => s.name === 'Facebook'), 'Acme to hold the lead source');
    const user = await postXml(
      f,
      'user',
      userXml({
        recordId: 'rec-owned',
        userInfo:
          '<firstname>Olive</firstname><lastname>Owned</lastname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType><staffOwner><recordID>staff-7</recordID></staffOwner><leadSource>Facebook</leadSource>',
      }),
    );
    expect(user.status).toBe(200);
    const olive = await eventually(async () => (await f.acme!.people()).find((p) => p.lastName === 'Owned'), 'Acme to hold Olive');
    expect(olive.ownerId).toBe(staffId);
    const facebook = (await f.acme!.leadSources()).find((s) => s.name === 'Facebook');
    expect(olive.leadSourceId).toBe(facebook?.id);

    const unknownOwner = await postXml(
      f,
      'user',
      userXml({
        recordId: 'rec-orphan',
        userInfo:
          '<firstname>A</firstname><lastname>B</lastname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType><staffOwner><recordID>nobody</recordID></staffOwner>',
      }),
    );
    expect(unknownOwner.status).toBe(400);
    expect(unknownOwner.data).toContain('userInfo.staffOwner.recordID');
  });
});
