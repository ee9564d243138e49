import { openSqliteStore, type SqliteStore } from '@connector/store-sqlite';
import { bodyFingerprint, IdempotencyCache, type StoredAnswer } from '../src/save/idempotency-cache';

describe('IdempotencyCache with the keys in the store', () => {
  let store: SqliteStore;
  let now = 0;
  beforeEach(() => {
    store = openSqliteStore({ file: ':memory:' });
    now = 0;
  });
  afterEach(() => store.close());

  const cache = () => new IdempotencyCache({ ttlMs: 10_000, maxKeys: 10, claimMs: 100, now: () => now, store: store.idempotency });
  const fp = bodyFingerprint({ recordId: 'L1' });

  it('lets a duplicate run itself once the first request left its claim unanswered past claimMs (a hub killed mid-request)', async () => {
    const killed = cache();
    let finishFirst!: (answer: StoredAnswer) => void;
    const first = killed.run('p', 'k', fp, () => new Promise<StoredAnswer>((resolve) => (finishFirst = resolve)));
    // Another hub (another cache on the same store) finds the key claimed, waits, and once the claim lapsed runs itself.
    const second = cache().run('p', 'k', fp, async () => ({ status: 201, body: 'second' }));
    now = 150;
    expect(await second).toEqual({ answer: { status: 201, body: 'second' }, replayed: false });
    // The first request's late answer does not replace the kept one.
    finishFirst({ status: 201, body: 'first' });
    await first;
    expect(await cache().run('p', 'k', fp, async () => ({ status: 201, body: 'third' }))).toEqual({ answer: { status: 201, body: 'second' }, replayed: true });
  });

  it('does not keep a 5xx answer: the same key runs again', async () => {
    expect((await cache().run('p', 'k', fp, async () => ({ status: 503, body: 'down' }))).answer.status).toBe(503);
    expect(await cache().run('p', 'k', fp, async () => ({ status: 201, body: 'ok' }))).toEqual({ answer: { status: 201, body: 'ok' }, replayed: false });
  });
});
