import { startAcmeSimulator } from '@connector/plugin-acme/simulator';
import { eventually, postXml, startHub, testConfig, userXml } from './support/hub-fixture';

describe("a turn-up's call timeout (timeoutMs)", () => {
  jest.setTimeout(30_000);

  it('gives up on a platform call after the turn-up timeoutMs, and the retry with the same idempotency key makes one person', async () => {
    const acme = await startAcmeSimulator();
    const turnUp = { ...acme.turnUp({ hubClubIds: ['club-a1', 'club-a2'] }), timeoutMs: 300 };
    const f = await startHub({ acme, config: { clients: testConfig('', turnUp).clients, engine: { maxAttempts: 50, retryBaseMs: 100, retryMaxMs: 200 } } });
    try {
      // Far longer than 300 ms, far shorter than the plugin's 15 s: only the turn-up's timeout makes a second call.
      acme.delayNext(1, 2000, { on: 'people.create' });
      const saved = await postXml(
        f,
        'user',
        userXml({
          recordId: 'slow',
          userInfo: '<firstname>Sol</firstname><lastname>Slow</lastname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType>',
        }),
      );
      expect(saved.status).toBe(200);
      await eventually(async () => (await acme.people()).some((p) => p.lastName === 'Slow'), 'Acme to hold the slow create', 20_000);
      await acme.settled();
      const creates = acme.requests().filter((r) => r.key === 'people.create');
      expect(creates.length).toBeGreaterThan(1);
      expect(new Set(creates.map((r) => r.idempotencyKey)).size).toBe(1);
      expect((await acme.people()).filter((p) => p.lastName === 'Slow')).toHaveLength(1);
    } finally {
      await f.close();
    }
  });
});
