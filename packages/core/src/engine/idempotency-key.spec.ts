import { idempotencyKey, leadSourceIdempotencyKey } from './idempotency-key';

describe('idempotencyKey', () => {
  const scope = { clientId: 'client-1', platform: 'acme', recordUuid: '01a247db-3ab5-7402-8a4c-5956465feac6' };

  it('is the same for every attempt of one record in one platform, in any process', () => {
    expect(idempotencyKey({ ...scope })).toBe(idempotencyKey(scope));
    expect(idempotencyKey(scope)).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('differs between records, platforms and clients', () => {
    const keys = new Set([
      idempotencyKey(scope),
      idempotencyKey({ ...scope, recordUuid: '01a247db-3ab5-7402-8a4c-5956465feac7' }),
      idempotencyKey({ ...scope, platform: 'mindbody' }),
      idempotencyKey({ ...scope, clientId: 'client-2' }),
    ]);
    expect(keys.size).toBe(4);
  });

  it('gives a lead source one key per club and name, never a person key', () => {
    const lead = { clientId: 'client-1', platform: 'acme', platformClubId: 'club-1', normalizedName: 'instagram' };
    expect(leadSourceIdempotencyKey({ ...lead })).toBe(leadSourceIdempotencyKey(lead));
    expect(leadSourceIdempotencyKey({ ...lead, platformClubId: 'club-2' })).not.toBe(leadSourceIdempotencyKey(lead));
    expect(leadSourceIdempotencyKey(lead)).not.toBe(idempotencyKey({ clientId: 'client-1', platform: 'acme', recordUuid: 'instagram' }));
  });
});
