import { createLogger } from '@connector/core';
import { fromWire, readBatchBody, toWire } from './batch-items';
import { BatchReader } from './batch-reader';

const logger = createLogger({ level: 'error' });
const item = (recordId: string, user: Record<string, unknown>) => ({ clientId: 'client-a', clubId: 'club-a1', recordId, user });
const body = JSON.stringify([
  item('r-1', { firstName: 'Ann', lastName: 'Lee', userType: 'MEMBER', userStatus: 'ACTIVE', email: 'ann@example.com' }),
  item('r-2', { firstName: 'Bo', userType: 'LEAD', userStatus: 'ACTIVE' }),
  item('r-3', { firstName: 'Cy', userType: 'PROSPECT', userStatus: 'ACTIVE', ownerRecordId: 'staff-9' }),
  'not an object',
]);
const options = { maxItems: 100, fingerprint: true };

describe('BatchReader', () => {
  it('reads a body on a thread exactly as the event loop reads it', async () => {
    const reader = new BatchReader({ threads: 1, minBytes: 0 }, logger);
    try {
      await reader.warmUp();
      expect(reader.readyThreads).toBe(1);
      const busyBefore = reader.busyMs();
      const onThread = await reader.read('person', body, 'INTOUCH', options);
      // The thread's reading time is counted (the bench prints it per record).
      expect(reader.busyMs()).toBeGreaterThan(busyBefore);
      const here = readBatchBody('person', body, 'INTOUCH', options);
      // Each read makes its own UUIDs for new records; everything else is the same.
      const withoutUuids = (batch: typeof here | undefined) => batch?.ok && batch.items.map((item) => ('uuid' in item ? { ...item, uuid: 'made' } : item));
      expect(withoutUuids(onThread)).toEqual(withoutUuids(here));
      // What each item became: checked content, refused content (in the API's words), an owner to look up, unreadable.
      expect(here.ok && here.items.map((i) => i.type)).toEqual(['ready', 'invalid', 'owner-lookup', 'unreadable']);
      expect(here.ok && here.items[0]).toMatchObject({
        type: 'ready',
        userType: 'MEMBER',
        recordID: 'r-1',
        identifier: 'INTOUCH',
        uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(here.ok && here.items[1]).toMatchObject({ type: 'invalid', invalid: { field: 'user.lastName', person: 'Bo' } });
    } finally {
      await reader.close();
    }
  }, 60_000);

  it('hands a read batch between threads as flat strings and gets the same batch back', () => {
    const read = readBatchBody('person', body, 'INTOUCH', options);
    const wire = toWire(read);
    expect(wire.ok && wire.ready.every((slot) => slot === undefined || typeof slot === 'string')).toBe(true);
    expect(wire.ok && wire.others.map((o) => o.at)).toEqual([1, 2, 3]);
    expect(fromWire(wire)).toEqual(read);
    expect(fromWire(toWire({ ok: false, why: 'not JSON' }))).toEqual({ ok: false, why: 'not JSON' });
  });

  it('leaves small bodies, and every body when it has no threads, to the event loop', async () => {
    const small = new BatchReader({ threads: 1, minBytes: body.length + 1 }, logger);
    const none = new BatchReader({ threads: 0, minBytes: 0 }, logger);
    expect(small.read('person', body, 'INTOUCH', options)).toBeUndefined();
    expect(none.read('person', body, 'INTOUCH', options)).toBeUndefined();
    expect(small.readyThreads + none.readyThreads).toBe(0);
    await Promise.all([small.close(), none.close()]);
  });

  it('hands a body back to the event loop when its thread stops before answering', async () => {
    const reader = new BatchReader({ threads: 1, minBytes: 0 }, logger);
    await reader.warmUp();
    const held = reader.read('person', body, 'INTOUCH', options);
    expect(held).toBeInstanceOf(Promise);
    await reader.close();
    await expect(held).resolves.toBeUndefined();
    expect(reader.read('person', body, 'INTOUCH', options)).toBeUndefined();
  }, 60_000);
});
