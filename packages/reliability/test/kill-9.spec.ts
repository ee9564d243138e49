import { setTimeout as sleep } from 'node:timers/promises';
import { startAcmeSimulator, type AcmeSimulator } from '@connector/plugin-acme/simulator';
import { eventually, queueDepth } from './support/http';
import { killAll, startHubProcess, type HubProcess } from './support/hub-process';
import { Ledger } from './support/ledger';
import { peopleByRecord, saveUser, type Sender } from './support/people';
import { between, REPLAY, report, runSize, scenarioRandom } from './support/run-settings';
import { scenarioFolder, writeHubConfig } from './support/test-hub';

const KILLS = runSize('RELIABILITY_KILLS', 10, 40);
const RECORDS = runSize('RELIABILITY_RECORDS', 60, 400);
const SENDERS = 4;
const PROVIDER = { id: 'KILLTEST', apiKey: 'kill-test-provider-key-5e1f0c', clients: ['K1'] };
const SENDER: Sender = { provider: PROVIDER.id, apiKey: PROVIDER.apiKey, clientId: 'K1', clubId: 'k-club-1' };

describe(`kill -9 while accepting and delivering (${KILLS} kills, ${RECORDS} records; ${REPLAY})`, () => {
  const folder = scenarioFolder('kill');
  const hubs: HubProcess[] = [];
  let acme: AcmeSimulator;

  afterAll(async () => {
    await killAll(hubs);
    await acme?.close();
    folder.cleanup();
  });

  it(
    'keeps every record answered 2xx, delivers each exactly once with its latest content, and leaves nothing stuck',
    async () => {
      // One sequence for the kill moments and one per sender, so a seed replays each whatever the timing.
      const moments = scenarioRandom('kill-9 moments');
      acme = await startAcmeSimulator();
      const config = writeHubConfig(folder.dir, { providers: [PROVIDER], clients: [{ id: 'K1', clubs: [SENDER.clubId], acme }] });
      let hub = await startHubProcess(config);
      hubs.push(hub);
      // Senders wait here while the hub is down; a new promise is made at each kill.
      let hubUp: Promise<HubProcess> = Promise.resolve(hub);
      const ledger = new Ledger();
      const refusals: string[] = [];
      const inFlight = new Set<string>();
      let sending = true;

      const sender = async (index: number) => {
        const random = scenarioRandom(`kill-9 sender ${index}`);
        while (sending) {
          const current = await hubUp;
          const recordId = `r${between(random, 1, RECORDS)}`;
          // One version of a record at a time, so versions are saved in the order they are numbered.
          if (inFlight.has(recordId)) continue;
          inFlight.add(recordId);
          const version = ledger.nextVersion(recordId);
          const answer = await saveUser(current.url, SENDER, recordId, version, random() < 0.5 ? 'xml' : 'json');
          inFlight.delete(recordId);
          if (!answer) ledger.unanswered(recordId, version);
          else if (answer.status >= 200 && answer.status < 300) ledger.answered(recordId, version);
          else {
            // A save refused by a live hub is a failure of its own (the body is valid); it may also be one
            // that was being written when the kill came, so it is not counted as saved.
            ledger.unanswered(recordId, version);
            refusals.push(`${recordId} v${version}: ${answer.status} ${answer.text.slice(0, 300)}`);
          }
        }
      };
      const senders = Array.from({ length: SENDERS }, (_, index) => sender(index));

      for (let kill = 1; kill <= KILLS; kill++) {
        // A random moment: sometimes right after the start (deliveries being claimed), sometimes later.
        await sleep(between(moments, 50, 1500));
        let restarted!: (hub: HubProcess) => void;
        hubUp = new Promise((resolve) => (restarted = resolve));
        await hub.kill9();
        hub = await startHubProcess(config);
        hubs.push(hub);
        restarted(hub);
      }
      await sleep(500);
      sending = false;
      await Promise.all(senders);

      // Nothing stuck: after the last restart every delivery finishes (leases of the killed hubs run out).
      const depth = await eventually(
        async () => {
          const now = await queueDepth(hub.url, PROVIDER.apiKey);
          return now.pending === 0 && now.leased === 0 && now;
        },
        'every delivery to finish after the last restart',
        120_000,
        async () => JSON.stringify(await queueDepth(hub.url, PROVIDER.apiKey)),
      );
      await acme.settled();
      report('kill -9', { kills: KILLS, ...ledger.counts(), platformCalls: acme.requests().length });
      expect({ refusals, dead: depth.dead }).toEqual({ refusals: [], dead: 0 });
      expect(ledger.answeredRecords()).toBeGreaterThan(0);
      expect(ledger.problems(peopleByRecord(await acme.people()))).toEqual([]);
      // A hub start takes seconds (more on a loaded machine): the bound grows with the kills.
    },
    120_000 + KILLS * 45_000,
  );
});
