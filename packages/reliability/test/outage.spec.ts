import { setTimeout as sleep } from 'node:timers/promises';
import { startAcmeSimulator, type AcmeSimulator } from '@connector/plugin-acme/simulator';
import { bearer, call, eventually, queueDepth } from './support/http';
import { killAll, startHubProcess, type HubProcess } from './support/hub-process';
import { Ledger } from './support/ledger';
import { peopleByRecord, saveUser, type Sender } from './support/people';
import { REPLAY, runSize } from './support/run-settings';
import { scenarioFolder, writeHubConfig } from './support/test-hub';

const OUTAGE_MS = runSize('RELIABILITY_OUTAGE_MS', 6_000, 60_000);
// Records sent before the outage, and as many during it.
const HALF = Math.max(1, Math.floor(runSize('RELIABILITY_RECORDS', 20, 200) / 2));
const PROVIDER = { id: 'OUTAGETEST', apiKey: 'outage-test-provider-key-3b8e41', clients: ['O1'] };
const SENDER: Sender = { provider: PROVIDER.id, apiKey: PROVIDER.apiKey, clientId: 'O1', clubId: 'o-club-1' };
// The attempts alone would give up after about 0.7 s of backoff (100 + 200 + 200 + 200 ms): far shorter
// than the outage, as the defaults of before (8 attempts, ~4.5 minutes) were shorter than an hour's outage.
const RETRIES = { maxAttempts: 5, retryBaseMs: 100, retryMaxMs: 200 };

interface LogEntry {
  level: string;
  direction: string;
  summary: string;
}

describe(`an outage longer than the retry schedule (${OUTAGE_MS} ms; ${REPLAY})`, () => {
  const folder = scenarioFolder('outage');
  const hubs: HubProcess[] = [];
  const simulators: AcmeSimulator[] = [];

  afterAll(async () => {
    await killAll(hubs);
    await Promise.all(simulators.map((acme) => acme.close()));
    folder.cleanup();
  });

  it(
    'delivers everything once the platform is back on the same port, with no dead letter, one WARNING and one INFO',
    async () => {
      const before = await startAcmeSimulator();
      simulators.push(before);
      const config = writeHubConfig(folder.dir, {
        providers: [PROVIDER],
        clients: [{ id: 'O1', clubs: [SENDER.clubId], acme: before }],
        extra: {
          engine: RETRIES,
          worker: { pollIntervalMs: 50, leaseMs: 2000, breaker: { failureThreshold: 3, probeBaseMs: 200, probeMaxMs: 1000 } },
        },
      });
      const hub = await startHubProcess(config);
      hubs.push(hub);
      const ledger = new Ledger();
      const save = async (recordId: string) => {
        const version = ledger.nextVersion(recordId);
        const answer = await saveUser(hub.url, SENDER, recordId, version, 'xml');
        expect(answer?.status).toBe(200);
        ledger.answered(recordId, version);
      };
      const drained = (what: string) =>
        eventually(
          async () => {
            const now = await queueDepth(hub.url, PROVIDER.apiKey);
            return now.pending === 0 && now.leased === 0 && now;
          },
          what,
          120_000,
          async () => JSON.stringify(await queueDepth(hub.url, PROVIDER.apiKey)),
        );

      // Records delivered while the platform answers.
      for (let i = 1; i <= HALF; i++) await save(`before-${i}`);
      await drained('the records sent before the outage to be delivered');
      const heldBefore = peopleByRecord(await before.people());
      expect(heldBefore.size).toBe(HALF);

      // The platform stops; records keep coming while it is away.
      const port = before.port;
      await before.close();
      for (let i = 1; i <= HALF; i++) await save(`during-${i}`);
      await sleep(OUTAGE_MS);

      // It comes back on the same port, as a platform restarted after maintenance would (this simulator
      // keeps its people in memory, so it comes back empty: the records sent during the outage are checked).
      const after = await startAcmeSimulator({ port });
      simulators.push(after);
      after.turnUp({ hubClubIds: [SENDER.clubId] });
      const depth = await drained('the records sent during the outage to be delivered once the platform is back');
      await after.settled();

      expect(depth.dead).toBe(0);
      const heldAfter = peopleByRecord(await after.people());
      expect(ledger.problems(new Map([...heldBefore, ...heldAfter]))).toEqual([]);
      expect([...heldAfter.keys()].sort()).toEqual(Array.from({ length: HALF }, (_, i) => `during-${i + 1}`).sort());

      const log = await call(`${hub.url}/api/v1/clients/O1/log?direction=OUTBOUND&limit=1000`, { headers: bearer(PROVIDER.apiKey) });
      const entries = (JSON.parse(log.text) as { entries: LogEntry[] }).entries;
      const notInfo = entries.filter((e) => e.level !== 'INFO').map((e) => `${e.level} ${e.summary}`);
      const outageInfo = entries.filter((e) => e.level === 'INFO' && /answers again/.test(e.summary)).map((e) => `${e.level} ${e.summary}`);
      expect(notInfo).toEqual([expect.stringMatching(/^WARNING Acme is not answering .*deliveries paused, retrying/)]);
      expect(outageInfo).toEqual([expect.stringMatching(/^INFO Acme answers again: \d+ deliveries resumed/)]);
    },
    180_000 + OUTAGE_MS,
  );
});
