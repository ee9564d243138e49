import { describe, expect, it } from '@jest/globals';
import type { IdempotencyClaimInput, IdempotencyStore } from '@connector/core';
import { useContractStore, type ContractStore, type OpenContractStore } from './contract-store';

const T0 = 1_800_000_000_000;

/** A first request's claim of `key` at `now`, holding 60 s, kept a day. */
function claim(key: string, token: string, now = T0, fingerprint = 'f-1'): IdempotencyClaimInput {
  return { scope: 'INTOUCH POST /api/v1/users', key, fingerprint, token, now, claimUntil: now + 60_000, expiresAt: now + 86_400_000 };
}

/**
 * JSON `Idempotency-Key` answers (`ConnectorStore.idempotency`): one claim per key, the answer kept and
 * answered to later claims, lapsed claims and expired keys taken again, a released claim free again,
 * and (given `reopen`) answers kept across a restart.
 *
 * One section of {@link describeStoreContract}, for a store that runs the contract section by section.
 * `open` is called before every test and must answer an empty store.
 */
export function describeIdempotencyContract(name: string, open: OpenContractStore): void {
  describe(`ConnectorStore contract: ${name}`, () => {
    let store!: ContractStore;
    const t = useContractStore(open, (opened) => (store = opened));
    const keys = (): IdempotencyStore => {
      if (!store.idempotency) throw new Error(`the ${name} store offers no idempotency (ConnectorStore.idempotency)`);
      return store.idempotency;
    };

    describe('Idempotency-Key answers', () => {
      it('lets the first claim run, shows later ones the running claim, then its answer', async () => {
        expect(await keys().claimIdempotencyKey(claim('k-1', 'a'))).toEqual({ claimed: true });
        expect(await keys().claimIdempotencyKey(claim('k-1', 'b', T0 + 10))).toEqual({ claimed: false, fingerprint: 'f-1' });
        await keys().finishIdempotencyKey('INTOUCH POST /api/v1/users', 'k-1', 'a', { status: 201, body: { uuid: 'u-1', created: true } });
        expect(await keys().claimIdempotencyKey(claim('k-1', 'c', T0 + 20, 'f-2'))).toEqual({
          claimed: false,
          fingerprint: 'f-1',
          answer: { status: 201, body: { uuid: 'u-1', created: true } },
        });
      });

      it('keeps keys apart by scope', async () => {
        expect(await keys().claimIdempotencyKey(claim('k-1', 'a'))).toEqual({ claimed: true });
        expect(await keys().claimIdempotencyKey({ ...claim('k-1', 'b'), scope: 'CRM POST /api/v1/users' })).toEqual({ claimed: true });
      });

      it('gives exactly one of several concurrent claims the key', async () => {
        const results = await Promise.all(['a', 'b', 'c', 'd'].map((token) => keys().claimIdempotencyKey(claim('k-1', token))));
        expect(results.filter((result) => result.claimed)).toHaveLength(1);
      });

      it('frees a released claim, and a lapsed one, for the next request; a stale token changes nothing', async () => {
        await keys().claimIdempotencyKey(claim('k-1', 'a'));
        await keys().releaseIdempotencyKey('INTOUCH POST /api/v1/users', 'k-1', 'a');
        expect(await keys().claimIdempotencyKey(claim('k-1', 'b', T0 + 1))).toEqual({ claimed: true });
        // 'b' dies without answering; after its claim lapses, 'c' takes the key.
        expect(await keys().claimIdempotencyKey(claim('k-1', 'c', T0 + 60_001))).toEqual({ claimed: true });
        await keys().finishIdempotencyKey('INTOUCH POST /api/v1/users', 'k-1', 'b', { status: 201, body: { from: 'b' } });
        await keys().releaseIdempotencyKey('INTOUCH POST /api/v1/users', 'k-1', 'b');
        expect(await keys().claimIdempotencyKey(claim('k-1', 'd', T0 + 60_002))).toEqual({ claimed: false, fingerprint: 'f-1' });
        await keys().finishIdempotencyKey('INTOUCH POST /api/v1/users', 'k-1', 'c', { status: 200, body: { from: 'c' } });
        expect(await keys().claimIdempotencyKey(claim('k-1', 'e', T0 + 60_003))).toMatchObject({ answer: { status: 200, body: { from: 'c' } } });
      });

      it('forgets an answer once the key expired', async () => {
        await keys().claimIdempotencyKey(claim('k-1', 'a'));
        await keys().finishIdempotencyKey('INTOUCH POST /api/v1/users', 'k-1', 'a', { status: 201, body: { n: 1 } });
        expect(await keys().claimIdempotencyKey(claim('k-1', 'b', T0 + 86_400_000, 'f-2'))).toEqual({ claimed: true });
      });

      it('keeps answers across a close and reopen', async () => {
        if (!t.handle.reopen) return;
        await keys().claimIdempotencyKey(claim('k-1', 'a'));
        await keys().finishIdempotencyKey('INTOUCH POST /api/v1/users', 'k-1', 'a', { status: 400, body: { error: { code: 'VALIDATION' } } });
        await store.close();
        store = t.store = await t.handle.reopen();
        expect(await keys().claimIdempotencyKey(claim('k-1', 'b', T0 + 5))).toEqual({
          claimed: false,
          fingerprint: 'f-1',
          answer: { status: 400, body: { error: { code: 'VALIDATION' } } },
        });
      });
    });
  });
}
