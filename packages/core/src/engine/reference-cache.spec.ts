import { normalizeName, ReferenceCache } from './reference-cache';

describe('ReferenceCache', () => {
  it('fetches once for concurrent lookups, refreshes on a miss only after the miss interval, and on TTL', async () => {
    let now = 0;
    let fetches = 0;
    const list = [{ id: '1', email: 'a@x' }];
    const cache = new ReferenceCache<{ id: string; email: string }>({ ttlMs: 1000, missRefreshMs: 100, now: () => now });
    const fetch = async () => {
      fetches++;
      return [...list];
    };
    const byEmail = (email: string) => (s: { email: string }) => s.email === email;
    const [a, b] = await Promise.all([cache.find('k', fetch, byEmail('a@x')), cache.find('k', fetch, byEmail('a@x'))]);
    expect([a?.id, b?.id, fetches]).toEqual(['1', '1', 1]);
    expect(await cache.find('k', fetch, byEmail('b@x'))).toBeUndefined();
    expect(fetches).toBe(1);
    list.push({ id: '2', email: 'b@x' });
    now = 150;
    expect((await cache.find('k', fetch, byEmail('b@x')))?.id).toBe('2');
    expect(fetches).toBe(2);
    now = 2000;
    await cache.find('k', fetch, byEmail('a@x'));
    expect(fetches).toBe(3);
  });

  it('answers the lookups waiting on a fetch even when the key is invalidated meanwhile, then fetches afresh', async () => {
    const cache = new ReferenceCache<{ name: string }>({ now: () => 1000 });
    let release!: (items: Array<{ name: string }>) => void;
    let fetches = 0;
    const slow = () => {
      fetches++;
      return new Promise<Array<{ name: string }>>((resolve) => (release = resolve));
    };
    const waiting = cache.find('k', slow, (s) => s.name === 'Web');
    cache.invalidate('k');
    release([{ name: 'Web' }]);
    expect(await waiting).toEqual({ name: 'Web' });
    await cache.find(
      'k',
      async () => (fetches++, [{ name: 'Web' }]),
      (s) => s.name === 'Web',
    );
    expect(fetches).toBe(2);
  });

  it('matches lead-source names ignoring case and spaces', () => {
    expect(normalizeName(' Walk  In ')).toBe(normalizeName('walkin'));
  });
});
