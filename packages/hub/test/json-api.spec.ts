import { KEYS, OPERATORS, basic, eventually, startHub, type HubFixture } from './support/hub-fixture';

const jane = (recordId: string, user: Record<string, unknown> = {}) => ({
  clientId: 'client-a',
  clubId: 'club-a1',
  recordId,
  user: { firstName: 'Jane', lastName: 'Json', userType: 'PROSPECT', userStatus: 'ACTIVE', email: `${recordId}@example.com`, ...user },
});

describe('JSON API /api/v1', () => {
  let f: HubFixture;

  beforeAll(async () => {
    f = await startHub();
  });
  afterAll(() => f.close());

  const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    f.http.post(url, JSON.stringify(body), { headers: { ...f.intouch, 'content-type': 'application/json', ...headers } });
  const json = (data: string) => JSON.parse(data);

  it('saves a user (201), delivers it to Acme, answers the same uuid (200) when saved again', async () => {
    const created = await post('/api/v1/users', jane('j-1', { company: 'Basic Fitness' }));
    expect(created.status).toBe(201);
    const body = json(created.data);
    expect(body).toEqual({ uuid: expect.stringMatching(/^[0-9a-f-]{36}$/), created: true, changed: true, deliveries: 1 });
    const again = await post('/api/v1/users', jane('j-1', { company: 'Basic Fitness' }));
    expect(again.status).toBe(200);
    expect(json(again.data)).toEqual({ uuid: body.uuid, created: false, changed: false, deliveries: 0 });
    // An empty list would end the wait at once: wait for Jane herself.
    const held = await eventually(
      async () => {
        const found = (await f.acme!.people()).filter((p) => p.email === 'j-1@example.com');
        return found.length ? found : undefined;
      },
      'Acme to hold Jane',
      10_000,
    );
    expect(held).toHaveLength(1);

    const read = await f.http.get(`/api/v1/users/${body.uuid}`, { headers: f.intouch });
    expect(read.status).toBe(200);
    expect(json(read.data)).toMatchObject({
      uuid: body.uuid,
      provider: 'INTOUCH',
      recordId: 'j-1',
      clientId: 'client-a',
      user: { firstName: 'Jane', lastName: 'Json', company: 'Basic Fitness' },
    });
  });

  it('answers 400 VALIDATION naming the JSON field, as JSON', async () => {
    const res = await post('/api/v1/users', jane('j-bad', { userType: 'LEAD', lastName: undefined }));
    expect(res.status).toBe(400);
    const { error } = json(res.data);
    expect(error.reason).toBe('VALIDATION');
    expect(error.message).toContain('user.lastName: is required');
    expect(error.message).toContain('user.userType: must be PROSPECT or MEMBER');
    expect(error.errorUUID).toMatch(/^[0-9a-f-]{36}$/);
    const notJson = await f.http.post('/api/v1/users', '<user/>', { headers: { ...f.intouch, 'content-type': 'application/xml' } });
    expect(notJson.status).toBe(415);
    expect(json(notJson.data).error.reason).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('saves a batch with one result per item, committing the valid ones', async () => {
    const res = await post('/api/v1/users/batch', [
      jane('b-1'),
      jane('b-2', { firstName: '' }),
      jane('b-3'),
      { ...jane('b-4'), clientId: 'client-b', clubId: 'club-b1' },
    ]);
    expect(res.status).toBe(200);
    const { results } = json(res.data);
    expect(results.map((r: { status: number }) => r.status)).toEqual([201, 400, 201, 403]);
    expect(results[1].error).toMatchObject({ reason: 'VALIDATION', message: expect.stringContaining('user.firstName: must not be empty') });
    expect(results[3].error.reason).toBe('FORBIDDEN');
    expect(new Set([results[0].uuid, results[2].uuid]).size).toBe(2);
    await eventually(async () => {
      const emails = (await f.acme!.people()).map((p) => p.email);
      return emails.includes('b-1@example.com') && emails.includes('b-3@example.com');
    }, 'Acme to hold both valid items');
    expect((await f.acme!.people()).some((p) => p.email === 'b-2@example.com')).toBe(false);
  });

  it('replays the answer for the same Idempotency-Key and body, and refuses another body with 409', async () => {
    const key = { 'idempotency-key': 'save-k-1' };
    const first = await post('/api/v1/users', jane('k-1'), key);
    expect(first.status).toBe(201);
    const replay = await post('/api/v1/users', jane('k-1'), key);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(json(replay.data)).toEqual(json(first.data));
    const conflict = await post('/api/v1/users', jane('k-2'), key);
    expect(conflict.status).toBe(409);
    expect(json(conflict.data).error.reason).toBe('CONFLICT');
    // Another provider's key space is its own.
    const otherProvider = await post(
      '/api/v1/users',
      { ...jane('k-1'), clientId: 'client-b', clubId: 'club-b1' },
      { authorization: `Bearer ${KEYS.crmb}`, ...key },
    );
    expect(otherProvider.status).toBe(201);
  });

  it('saves staff and lead sources, and lists them by client, club and provider', async () => {
    const staff = await post('/api/v1/staff', {
      clientId: 'client-a',
      clubId: 'club-a2',
      recordId: 's-1',
      staff: { firstName: 'Sue', email: 'sue@club.example', active: true },
    });
    expect(staff.status).toBe(201);
    const lead = await post('/api/v1/lead-sources', { clientId: 'client-a', clubId: 'club-a2', recordId: 'l-1', leadSource: { name: 'Walk-in' } });
    expect(lead.status).toBe(201);
    const staffList = json((await f.http.get('/api/v1/staff?clientId=client-a&clubId=club-a2&provider=INTOUCH', { headers: f.intouch })).data);
    expect(staffList.items).toEqual([expect.objectContaining({ recordId: 's-1', staff: expect.objectContaining({ email: 'sue@club.example' }) })]);
    const leads = json((await f.http.get('/api/v1/lead-sources?clientId=client-a&clubId=club-a2', { headers: f.intouch })).data);
    expect(leads.items).toEqual([expect.objectContaining({ recordId: 'l-1', leadSource: { name: 'Walk-in', active: true } })]);
    const wrongKind = await f.http.get(`/api/v1/users/${json(staff.data).uuid}`, { headers: f.intouch });
    expect(wrongKind.status).toBe(404);
  });

  it('refuses saves from operators and unknown clients for "*" providers', async () => {
    const operator = await post('/api/v1/users', jane('op-1'), { authorization: basic(OPERATORS.root) });
    expect(operator.status).toBe(403);
    const unknownClub = await post('/api/v1/users', { ...jane('uc-1'), clubId: 'club-zz' });
    expect(unknownClub.status).toBe(400);
    expect(json(unknownClub.data).error.message).toContain('clubId: is not a club of client client-a');
  });

  it('refuses unknown fields, at the top and in the record, naming each (with the name it likely meant) and saving nothing', async () => {
    const misspelt = await post('/api/v1/users', { ...jane('uf-1', { ownerEmial: 'sam@club.example' }), clientID: 'client-a' });
    expect(misspelt.status).toBe(400);
    expect(json(misspelt.data).error).toMatchObject({
      reason: 'VALIDATION',
      field: 'clientID',
      message: 'clientID: unknown field (did you mean clientId?); user.ownerEmial: unknown field (did you mean ownerEmail?)',
    });
    const unknown = await post('/api/v1/users', jane('uf-2', { shoeSize: 44 }));
    expect(unknown.status).toBe(400);
    expect(json(unknown.data).error).toMatchObject({ field: 'user.shoeSize', message: 'user.shoeSize: unknown field' });
    const staff = await post('/api/v1/staff', {
      clientId: 'client-a',
      clubId: 'club-a1',
      recordId: 'uf-s',
      staff: { email: 'sue@club.example', phone: '555' },
    });
    expect(json(staff.data).error).toMatchObject({ field: 'staff.phone', message: 'staff.phone: unknown field' });
    const lead = await post('/api/v1/lead-sources', { clientId: 'client-a', clubId: 'club-a1', recordId: 'uf-l', leadSources: { name: 'Walk-in' } });
    expect(lead.status).toBe(400);
    expect(json(lead.data).error.message).toBe('leadSources: unknown field (did you mean leadSource?)');
    const listed = json((await f.http.get('/api/v1/users?clientId=client-a&limit=1000', { headers: f.intouch })).data).items;
    expect(listed.map((r: { recordId: string }) => r.recordId)).not.toEqual(expect.arrayContaining(['uf-1', 'uf-2']));
  });

  it('refuses a NUL character or a lone surrogate in any field, naming it, and keeps an emoji', async () => {
    const nul = await post('/api/v1/users', jane('nul-1', { firstName: 'Ja\u0000ne' }));
    expect(nul.status).toBe(400);
    expect(json(nul.data).error).toMatchObject({ reason: 'VALIDATION', field: 'user.firstName', message: 'user.firstName: must not contain a NUL character' });
    const lone = await post('/api/v1/users', { ...jane('nul-2', { company: 'Gym \ud800' }), clubId: 'club-a1\udc00' });
    expect(lone.status).toBe(400);
    expect(json(lone.data).error).toMatchObject({
      field: 'clubId',
      message: 'clubId: must be valid Unicode text (a lone surrogate); user.company: must be valid Unicode text (a lone surrogate)',
    });
    const staff = await post('/api/v1/staff', { clientId: 'client-a', clubId: 'club-a1', recordId: 'nul-s', staff: { email: 'sue@club.example\u0000' } });
    expect(json(staff.data).error).toMatchObject({ field: 'staff.email', message: 'staff.email: must not contain a NUL character' });
    const emoji = await post('/api/v1/users', jane('nul-3', { company: 'Gym \u{1F3CB}' }));
    expect(emoji.status).toBe(201);
    const listed = json((await f.http.get('/api/v1/users?clientId=client-a&limit=1000', { headers: f.intouch })).data).items;
    expect(listed.map((r: { recordId: string }) => r.recordId)).not.toEqual(expect.arrayContaining(['nul-1', 'nul-2']));
    expect(listed.find((r: { recordId: string }) => r.recordId === 'nul-3').user.company).toBe('Gym \u{1F3CB}');
  });

  it('refuses a number where an ID is a string', async () => {
    const res = await post('/api/v1/users', { ...jane('n-1'), clientId: 1111 });
    expect(res.status).toBe(400);
    expect(json(res.data).error).toMatchObject({ reason: 'VALIDATION', field: 'clientId', message: 'clientId: must be a string' });
    const record = await post('/api/v1/users', { ...jane('n-2'), recordId: 42 });
    expect(json(record.data).error).toMatchObject({ field: 'recordId', message: 'recordId: must be a string' });
  });

  it('refuses dates that are not in the calendar and time stamps that are not ISO-8601, naming the field; real ones save', async () => {
    const refused = async (user: Record<string, unknown>) => {
      const res = await post('/api/v1/users', jane('d-bad', user));
      expect(res.status).toBe(400);
      return json(res.data).error;
    };
    expect(await refused({ birthdate: '1990-02-31' })).toMatchObject({
      reason: 'VALIDATION',
      field: 'user.birthdate',
      message: 'user.birthdate: must be a real date: there is no such day',
    });
    expect(await refused({ birthdate: '1990-13-45' })).toMatchObject({
      field: 'user.birthdate',
      message: 'user.birthdate: must be a real date: there is no such day',
    });
    expect(await refused({ createdDate: 'yesterday' })).toMatchObject({
      field: 'user.createdDate',
      message: 'user.createdDate: must be an ISO-8601 date-time as 2012-04-10T04:11:07Z (or a date as 2012-04-10)',
    });
    const saved = await post(
      '/api/v1/users',
      jane('d-ok', { birthdate: '1972-03-12', createdDate: '2024-03-01T10:15:00+01:00', modifiedDate: '2012-04-10T04:11:07.023Z' }),
    );
    expect(saved.status).toBe(201);
    const read = json((await f.http.get(`/api/v1/users/${json(saved.data).uuid}`, { headers: f.intouch })).data);
    expect(read.user).toMatchObject({ birthdate: '1972-03-12', createdDate: '2024-03-01T10:15:00+01:00', modifiedDate: '2012-04-10T04:11:07.023Z' });
  });

  it('says in its OpenAPI description that save bodies take no other fields', async () => {
    const doc = json((await f.http.get('/api/v1/openapi.json', { headers: f.intouch })).data);
    for (const [name, key] of [
      ['UserSave', 'user'],
      ['StaffSave', 'staff'],
      ['LeadSourceSave', 'leadSource'],
    ]) {
      const body = doc.components.schemas[name];
      expect(body.additionalProperties).toBe(false);
      expect(body.properties[key].additionalProperties).toBe(false);
    }
  });

  it('serves an OpenAPI 3 description whose schemas come from the model', async () => {
    // Served without a key: it describes the API, it holds no data.
    const res = await f.http.get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = json(res.data);
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/users',
        '/api/v1/users/batch',
        '/api/v1/staff',
        '/api/v1/lead-sources',
        '/api/v1/clients/{clientId}/log',
        '/api/v1/webhooks/{client}/{platform}',
      ]),
    );
    const userSave = doc.components.schemas.UserSave;
    expect(userSave.required).toEqual(expect.arrayContaining(['clientId', 'clubId', 'recordId', 'user']));
    expect(userSave.properties.user.properties.userType.enum).toEqual(['PROSPECT', 'MEMBER']);
    expect(doc.components.schemas.Timeline.properties.deliveries.items.$ref).toBe('#/components/schemas/Delivery');
  });
});
