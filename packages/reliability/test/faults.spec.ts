import { startAcmeSimulator, type AcmeSimulator } from '@connector/plugin-acme/simulator';
import { eventually, queueDepth } from './support/http';
import { killAll, startHubProcess, type HubProcess } from './support/hub-process';
import { Ledger } from './support/ledger';
import { peopleByRecord, saveUser, type Sender } from './support/people';
import { planFaults } from './support/fault-plan';
import { between, REPLAY, report, runSize, scenarioRandom } from './support/run-settings';
import { scenarioFolder, writeHubConfig } from './support/test-hub';

const RECORDS = runSize('RELIABILITY_RECORDS', 80, 600);
const CALL_TIMEOUT_MS = 400;
const PROVIDER = { id: 'FAULTTEST', apiKey: 'fault-test-provider-key-7a2c9d', clients: ['F1'] };
const SENDER: Sender = { provider: PROVIDER.id, apiKey: PROVIDER.apiKey, clientId: 'F1', clubId: 'f-club-1' };

describe(`platform faults at rates (${RECORDS} records; ${REPLAY})`, () => {
  const folder = scenarioFolder('faults');
  const hubs: HubProcess[] = [];
  let acme: AcmeSimulator;

  afterAll(async () => {
    await killAll(hubs);
    await acme?.close();
    folder.cleanup();
  });

  it(
    'delivers every record once, with its latest content, through 5xx, timeouts, dropped connections and 429 bursts',
    async () => {
      const random = scenarioRandom('faults');
      acme = await startAcmeSimulator();
      // As many calls as records: each record takes at least one call (its create), and updates that
      // arrive before their create went out are sent with it, so every planned fault is met.
      const planLength = RECORDS;
      const planned = planFaults(
        acme,
        random,
        planLength,
        { serverError: 0.15, slow: 0.06, answerLate: 0.05, drop: 0.05, dropAfterCommit: 0.05, rateLimitBurst: 0.04 },
        CALL_TIMEOUT_MS * 3,
      );
      const config = writeHubConfig(folder.dir, {
        providers: [PROVIDER],
        clients: [{ id: 'F1', clubs: [SENDER.clubId], acme, turnUp: { timeoutMs: CALL_TIMEOUT_MS } }],
      });
      const hub = await startHubProcess(config);
      hubs.push(hub);

      // Each record is saved 1-3 times in a row (a create, then updates), records side by side.
      const ledger = new Ledger();
      const versions = Array.from({ length: RECORDS }, () => between(random, 1, 3));
      const failures: string[] = [];
      await Promise.all(
        versions.map(async (count, index) => {
          const recordId = `f${index + 1}`;
          for (let v = 0; v < count; v++) {
            const version = ledger.nextVersion(recordId);
            const answer = await saveUser(hub.url, SENDER, recordId, version, index % 2 === 0 ? 'xml' : 'json');
            if (answer && answer.status < 300) ledger.answered(recordId, version);
            else failures.push(`${recordId} v${version}: ${answer ? `${answer.status} ${answer.text.slice(0, 200)}` : 'no answer'}`);
          }
        }),
      );
      expect(failures).toEqual([]);

      const depth = await eventually(
        async () => {
          const now = await queueDepth(hub.url, PROVIDER.apiKey);
          return now.pending === 0 && now.leased === 0 && now;
        },
        `every delivery to finish (faults planned: ${JSON.stringify(planned)})`,
        150_000,
        async () => JSON.stringify(await queueDepth(hub.url, PROVIDER.apiKey)),
      );
      await acme.settled();
      report('faults', { ...ledger.counts(), planned, platformCalls: acme.requests().length });
      expect(depth.dead).toBe(0);
      // The whole plan was run through: every planned fault met a call.
      expect(acme.requests().length).toBeGreaterThanOrEqual(planLength);
      expect(ledger.problems(peopleByRecord(await acme.people()))).toEqual([]);
    },
    180_000 + RECORDS * 500,
  );
});
