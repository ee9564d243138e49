import { IdempotencyKeys } from './idempotency-keys';

describe('the simulator’s idempotency keys', () => {
  const created = { status: 201, body: { id: 'p-1' } };

  it('replays a finished create, refuses one in progress, and frees a key whose create did not act', () => {
    const keys = new IdempotencyKeys();
    expect(keys.begin('k', 'POST /v1/clubs/club-1/prospects')).toEqual({ kind: 'perform' });
    expect(keys.begin('k', 'POST /v1/clubs/club-1/prospects')).toEqual({ kind: 'inProgress' });
    keys.complete('k', created);
    expect(keys.begin('k', 'POST /v1/clubs/club-1/prospects')).toEqual({ kind: 'replay', answer: created });
    expect(keys.begin('k', 'POST /v1/clubs/club-1/members')).toEqual({ kind: 'otherEndpoint', endpoint: 'POST /v1/clubs/club-1/prospects' });
    expect(keys.begin('unused', 'POST /v1/clubs/club-1/prospects')).toEqual({ kind: 'perform' });
    keys.release('unused');
    expect(keys.begin('unused', 'POST /v1/clubs/club-1/prospects')).toEqual({ kind: 'perform' });
  });

  it('forgets the oldest key beyond its bound', () => {
    const keys = new IdempotencyKeys(24 * 60 * 60_000, 2);
    for (const key of ['a', 'b', 'c']) {
      keys.begin(key, 'POST /x');
      keys.complete(key, created);
    }
    expect(keys.begin('c', 'POST /x')).toEqual({ kind: 'replay', answer: created });
    expect(keys.begin('a', 'POST /x')).toEqual({ kind: 'perform' });
  });

  it('forgets a key after a day', () => {
    let now = 0;
    const keys = new IdempotencyKeys(24 * 60 * 60_000, 10, () => now);
    keys.begin('k', 'POST /x');
    keys.complete('k', created);
    now = 24 * 60 * 60_000 - 1;
    expect(keys.begin('k', 'POST /x')).toEqual({ kind: 'replay', answer: created });
    now = 24 * 60 * 60_000;
    expect(keys.begin('k', 'POST /x')).toEqual({ kind: 'perform' });
  });
});
