import { ConflictError } from '../errors/hub-errors';
import { bodyFingerprint, IdempotencyCache, type StoredAnswer } from './idempotency-cache';

describe('IdempotencyCache', () => {
  let now = 0;
  const cache = (maxKeys = 10) => new IdempotencyCache({ ttlMs: 1000, maxKeys, now: () => now });
  const answer =
    (status: number, body: unknown): (() => Promise<StoredAnswer>) =>
    async () => ({ status, body });

  beforeEach(() => (now = 0));

  it('replays the first answer for the same key and body (key order does not matter), until the TTL ends', async () => {
    const c = cache();
    expect(await c.run('p', 'k', bodyFingerprint({ a: 1, b: 2 }), answer(201, 'first'))).toEqual({ answer: { status: 201, body: 'first' }, replayed: false });
    expect(await c.run('p', 'k', bodyFingerprint({ b: 2, a: 1 }), answer(201, 'second'))).toEqual({ answer: { status: 201, body: 'first' }, replayed: true });
    now = 1001;
    expect(await c.run('p', 'k', bodyFingerprint({ a: 1, b: 2 }), answer(201, 'third'))).toEqual({ answer: { status: 201, body: 'third' }, replayed: false });
  });

  it('refuses the same key with another body, but not in another scope', async () => {
    const c = cache();
    await c.run('p', 'k', bodyFingerprint({ a: 1 }), answer(201, 'x'));
    await expect(c.run('p', 'k', bodyFingerprint({ a: 2 }), answer(201, 'y'))).rejects.toBeInstanceOf(ConflictError);
    expect((await c.run('q', 'k', bodyFingerprint({ a: 2 }), answer(201, 'y'))).replayed).toBe(false);
  });

  it('makes a concurrent duplicate wait for the first answer, and does not keep 5xx answers', async () => {
    const c = cache();
    let release!: () => void;
    const slow = () => new Promise<StoredAnswer>((resolve) => (release = () => resolve({ status: 503, body: 'busy' })));
    const first = c.run('p', 'k', bodyFingerprint({}), slow);
    const second = c.run('p', 'k', bodyFingerprint({}), answer(201, 'never'));
    release();
    expect(await first).toEqual({ answer: { status: 503, body: 'busy' }, replayed: false });
    expect(await second).toEqual({ answer: { status: 503, body: 'busy' }, replayed: true });
    expect((await c.run('p', 'k', bodyFingerprint({}), answer(201, 'retried'))).answer.body).toBe('retried');
  });

  it('keeps at most maxKeys, dropping the oldest', async () => {
    const c = cache(2);
    for (const key of ['a', 'b', 'c']) await c.run('p', key, bodyFingerprint({}), answer(200, key));
    expect(c.size).toBe(2);
    expect((await c.run('p', 'a', bodyFingerprint({}), answer(200, 'a again'))).replayed).toBe(false);
    expect((await c.run('p', 'c', bodyFingerprint({}), answer(200, 'c again'))).replayed).toBe(true);
  });
});
