import { startHub, type HubFixture } from './support/hub-fixture';

const user = (recordId: string, fields: Record<string, unknown> = {}) => ({
  clientId: 'client-a',
  clubId: 'club-a1',
  recordId,
  user: { firstName: 'Bea', lastName: 'Batch', userType: 'PROSPECT', userStatus: 'ACTIVE', email: `${recordId}@example.com`, ...fields },
});

/**
 * What every item of a JSON batch gets, whatever its neighbours are: its own outcome or its own error,
 * in order, named in the JSON API's words; content refused for a known club is in that club's log.
 * The same answers whether the hub reads a body on its event loop or on a batch reader thread.
 */
describe.each([
  ['on the event loop', { threads: 0, minBytes: 0 }],
  ['on a batch reader thread', { threads: 1, minBytes: 0 }],
])('JSON API batches, item by item, read %s', (where, batchReader) => {
  let f: HubFixture;

  beforeAll(async () => {
    f = await startHub({ acmePort: 1, config: { server: { host: '127.0.0.1', port: 0, bodyLimitBytes: 16 * 1024, batchReader } } });
    await f.hub.batchReader.warmUp();
    expect(f.hub.batchReader.readyThreads).toBe(batchReader.threads);
  }, 60_000);
  afterAll(() => f.close());

  const post = (url: string, body: unknown) => f.http.post(url, JSON.stringify(body), { headers: { ...f.intouch, 'content-type': 'application/json' } });
  const json = (data: string) => JSON.parse(data);

  it('answers each item on its own: saved, refused by the envelope, by the content, by an unknown owner', async () => {
    const staff = await post('/api/v1/staff', {
      clientId: 'client-a',
      clubId: 'club-a1',
      recordId: 'owner-1',
      staff: { firstName: 'Otto', email: 'otto@club.example' },
    });
    expect(staff.status).toBe(201);

    const res = await post('/api/v1/users/batch', [
      user('mb-1'),
      'not an object',
      { clientId: 'client-a', clubId: 'club-a1', user: { firstName: 'No', lastName: 'Record', userType: 'PROSPECT', userStatus: 'ACTIVE' } },
      user('mb-3', { userType: 'LEAD', lastName: '' }),
      user('mb-4', { ownerRecordId: 'owner-1' }),
      user('mb-5', { ownerRecordId: 'nobody' }),
      user('mb-6', { ownerRecordId: 'nobody', ownerEmail: 'given@club.example' }),
      { ...user('mb-7'), provider: 'CRMB' },
      { ...user('mb-8'), clubId: 'club-zz' },
      user('mb-1', { lastName: 'Again' }),
      user('mb-10', { ownerRecordId: true }),
    ]);
    expect(res.status).toBe(200);
    const { results } = json(res.data);
    expect(results.map((r: { index: number }) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(results.map((r: { status: number }) => r.status)).toEqual([201, 400, 400, 400, 201, 400, 201, 403, 400, 200, 400]);

    expect(results[0]).toEqual({ index: 0, status: 201, uuid: expect.any(String), created: true, changed: true, deliveries: 1 });
    expect(results[1].error).toMatchObject({ reason: 'VALIDATION', field: 'body', message: 'body: must be a JSON object' });
    expect(results[2].error).toMatchObject({ reason: 'VALIDATION', field: 'recordId', message: 'recordId: is required' });
    expect(results[3].error).toMatchObject({ reason: 'VALIDATION', field: 'user.lastName' });
    expect(results[3].error.message).toContain('user.lastName: must not be empty');
    expect(results[3].error.message).toContain('user.userType: must be PROSPECT or MEMBER');
    expect(results[5].error).toMatchObject({ reason: 'VALIDATION', field: 'user.ownerRecordId' });
    expect(results[5].error.message).toContain('user.ownerRecordId: nobody names no staff record');
    expect(results[7].error).toMatchObject({ reason: 'FORBIDDEN', field: 'provider' });
    expect(results[8].error).toMatchObject({ reason: 'VALIDATION', field: 'clubId', message: 'clubId: is not a club of client client-a' });
    // The same record twice in one batch: the second item updates what the first created.
    expect(results[9]).toEqual({ index: 9, status: 200, uuid: results[0].uuid, created: false, changed: true, deliveries: 1 });
    expect(results[10].error).toMatchObject({ reason: 'VALIDATION', field: 'user.ownerRecordId', message: 'user.ownerRecordId: must be a string' });

    const owned = json((await f.http.get(`/api/v1/users/${results[4].uuid}`, { headers: f.intouch })).data);
    expect(owned.user.ownerEmail).toBe('otto@club.example');
    expect(owned.user).not.toHaveProperty('ownerRecordId');
    const given = json((await f.http.get(`/api/v1/users/${results[6].uuid}`, { headers: f.intouch })).data);
    expect(given.user.ownerEmail).toBe('given@club.example');
    const again = json((await f.http.get(`/api/v1/users/${results[0].uuid}`, { headers: f.intouch })).data);
    expect(again).toMatchObject({ version: 2, user: { lastName: 'Again' } });

    // Refused content (not a refused envelope) is in the club's Connector Log, with the item's errorUUID.
    const log = json((await f.http.get('/api/v1/clients/client-a/log?direction=INBOUND&level=ERROR', { headers: f.intouch })).data);
    const logged = (uuid: string) => log.entries.find((e: { details?: { errorUUID?: string } }) => e.details?.errorUUID === uuid);
    expect(logged(results[3].error.errorUUID)).toMatchObject({ clubId: 'club-a1', platform: 'INTOUCH', person: 'Bea <mb-3@example.com>' });
    expect(logged(results[3].error.errorUUID).summary).toContain('user.lastName: must not be empty');
    expect(logged(results[5].error.errorUUID)).toMatchObject({
      clubId: 'club-a1',
      details: expect.objectContaining({ field: 'user.ownerRecordId', recordID: 'mb-5', api: 'json' }),
    });
    for (const refused of [1, 2, 7, 8, 10]) expect(logged(results[refused].error.errorUUID)).toBeUndefined();
  });

  it('refuses an item with an unknown field, a number for an ID or an impossible date, with the message a single save gets', async () => {
    const res = await post('/api/v1/users/batch', [
      { ...user('uf-1', { ownerEmial: 'otto@club.example' }) },
      { ...user('uf-2'), clubID: 'club-a1' },
      { ...user('uf-3'), recordId: 3 },
      user('uf-4', { birthdate: '1990-02-31' }),
      user('uf-5', { createdDate: 'yesterday' }),
      user('uf-6', { birthdate: '2000-02-29', createdDate: '2024-05-06' }),
    ]);
    expect(res.status).toBe(200);
    const { results } = json(res.data);
    expect(results.map((r: { status: number }) => r.status)).toEqual([400, 400, 400, 400, 400, 201]);
    expect(results[0].error).toMatchObject({
      reason: 'VALIDATION',
      field: 'user.ownerEmial',
      message: 'user.ownerEmial: unknown field (did you mean ownerEmail?)',
    });
    expect(results[1].error).toMatchObject({ reason: 'VALIDATION', field: 'clubID', message: 'clubID: unknown field (did you mean clubId?)' });
    expect(results[2].error).toMatchObject({ reason: 'VALIDATION', field: 'recordId', message: 'recordId: must be a string' });
    expect(results[3].error).toMatchObject({
      reason: 'VALIDATION',
      field: 'user.birthdate',
      message: 'user.birthdate: must be a real date: there is no such day',
    });
    expect(results[4].error).toMatchObject({
      reason: 'VALIDATION',
      field: 'user.createdDate',
      message: 'user.createdDate: must be an ISO-8601 date-time as 2012-04-10T04:11:07Z (or a date as 2012-04-10)',
    });
    // The single save answers the same.
    const single = await post('/api/v1/users', user('uf-1', { ownerEmial: 'otto@club.example' }));
    expect(single.status).toBe(400);
    expect(json(single.data).error.message).toBe(results[0].error.message);
  });

  it('refuses an item holding a NUL character or a lone surrogate, naming the field, as a single save does', async () => {
    const res = await post('/api/v1/users/batch', [
      user('nu-1', { lastName: 'Bat\u0000ch' }),
      { ...user('nu-2'), recordId: 'nu-2\udfff' },
      user('nu-3', { firstName: '\ud83c\udfcb Bea' }),
    ]);
    expect(res.status).toBe(200);
    const { results } = json(res.data);
    expect(results.map((r: { status: number }) => r.status)).toEqual([400, 400, 201]);
    expect(results[0].error).toMatchObject({ reason: 'VALIDATION', field: 'user.lastName', message: 'user.lastName: must not contain a NUL character' });
    expect(results[1].error).toMatchObject({ reason: 'VALIDATION', field: 'recordId', message: 'recordId: must be valid Unicode text (a lone surrogate)' });
    const single = await post('/api/v1/users', user('nu-1', { lastName: 'Bat\u0000ch' }));
    expect(single.status).toBe(400);
    expect(json(single.data).error.message).toBe(results[0].error.message);
    // A client that escapes everything outside ASCII (as Python's json.dumps does), in upper case too.
    const escaped = JSON.stringify([user('nu-4', { firstName: 'Jos\u00e9' }), user('nu-5', { firstName: 'Ann\ud800' })])
      .replace('Jos\u00e9', 'Jos\\u00E9')
      .replace('\\ud800', '\\uD800');
    const asPython = await f.http.post('/api/v1/users/batch', escaped, { headers: { ...f.intouch, 'content-type': 'application/json' } });
    const both = json(asPython.data).results;
    expect(both.map((r: { status: number }) => r.status)).toEqual([201, 400]);
    expect(both[1].error.message).toBe('user.firstName: must be valid Unicode text (a lone surrogate)');
  });

  /** connector_http_saves_total of JSON person saves with this result. */
  const savesCounted = async (result: string) => {
    const metrics = (await f.http.get('/metrics', { headers: f.intouch })).data as string;
    return Number(new RegExp(`connector_http_saves_total\\{api="json",kind="person",result="${result}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
  };

  it('saves every item of a batch once, and knows them again', async () => {
    const [createdBefore, unchangedBefore] = [await savesCounted('created'), await savesCounted('unchanged')];
    // The test hub's body limit is 16 KiB: 50 items.
    const items = Array.from({ length: 50 }, (_, i) => user(`full-${i}`, i % 3 === 0 ? { ownerEmail: 'otto@club.example' } : {}));
    const first = json((await post('/api/v1/users/batch', items)).data).results;
    expect(first.every((r: { status: number; created: boolean }) => r.status === 201 && r.created)).toBe(true);
    expect(new Set(first.map((r: { uuid: string }) => r.uuid)).size).toBe(50);
    const again = json((await post('/api/v1/users/batch', items)).data).results;
    expect(again.map((r: { uuid: string }) => r.uuid)).toEqual(first.map((r: { uuid: string }) => r.uuid));
    expect(again.every((r: { status: number; changed: boolean; deliveries: number }) => r.status === 200 && !r.changed && r.deliveries === 0)).toBe(true);
    // Every item is counted in the metrics (a batch updates them once per result).
    expect([(await savesCounted('created')) - createdBefore, (await savesCounted('unchanged')) - unchangedBefore]).toEqual([50, 50]);
  });

  it('refuses a body that is not a batch, saving nothing of it', async () => {
    const raw = (body: string) => f.http.post('/api/v1/users/batch', body, { headers: { ...f.intouch, 'content-type': 'application/json' } });
    const refused = async (body: string) => {
      const res = await raw(body);
      return { status: res.status, ...json(res.data).error };
    };
    expect(await refused(`[${JSON.stringify(user('half-1'))}, {"clientId": `)).toMatchObject({ status: 400, reason: 'VALIDATION' });
    expect(await refused(JSON.stringify(user('not-a-list')))).toMatchObject({ status: 400, field: 'body', message: 'body: must be a JSON array of items' });
    expect(await refused('[]')).toMatchObject({ status: 400, field: 'body', message: 'body: must hold at least one item' });
    // As fastify reads JSON: a __proto__ key is refused, not merged into an object.
    expect(
      await refused(`[{"clientId": "client-a", "clubId": "club-a1", "recordId": "proto-1", "user": {"__proto__": {"admin": true}, "firstName": "P"}}]`),
    ).toMatchObject({ status: 400, reason: 'VALIDATION' });
    const listed = json((await f.http.get('/api/v1/users?clientId=client-a&limit=1000', { headers: f.intouch })).data).items;
    expect(listed.map((r: { recordId: string }) => r.recordId)).not.toEqual(expect.arrayContaining(['half-1']));
    expect(listed.map((r: { recordId: string }) => r.recordId)).not.toEqual(expect.arrayContaining(['proto-1']));
  });

  it('replays a batch sent again with its Idempotency-Key, in any key order, and refuses the key for another body', async () => {
    const key = `batch-key-${where.replace(/\W+/g, '-')}`;
    const items = [user('idem-1'), user('idem-2')];
    const headers = { ...f.intouch, 'content-type': 'application/json', 'idempotency-key': key };
    const first = await f.http.post('/api/v1/users/batch', JSON.stringify(items), { headers });
    expect(first.status).toBe(200);
    const reordered = items.map(({ user: u, recordId, clubId, clientId }) => ({ user: u, recordId, clubId, clientId }));
    const again = await f.http.post('/api/v1/users/batch', JSON.stringify(reordered), { headers });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(json(again.data)).toEqual(json(first.data));
    const other = await f.http.post('/api/v1/users/batch', JSON.stringify([user('idem-3')]), { headers });
    expect(other.status).toBe(409);
  });

  it('counts where batch bodies were read (metrics)', async () => {
    const metrics = (await f.http.get('/metrics', { headers: f.intouch })).data as string;
    const count = (on: string) => Number(new RegExp(`connector_json_batches_read_total\\{on="${on}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
    if (batchReader.threads === 0) {
      expect(count('thread')).toBe(0);
      expect(count('event_loop')).toBeGreaterThanOrEqual(5);
    } else {
      // Bodies that are not a batch are read again on the event loop, to answer as it always has.
      expect(count('thread')).toBeGreaterThanOrEqual(5);
    }
  });
});
