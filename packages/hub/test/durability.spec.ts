import fs from 'node:fs';
import { startAcmeSimulator } from '@connector/plugin-acme/simulator';
import { openConfiguredStore } from '../src';
import { eventually, postXml, startHub, userXml, uuidOf, type HubFixture } from './support/hub-fixture';

describe('accepted means durable', () => {
  jest.setTimeout(30_000);

  it('answers every request of a concurrent burst once committed, with distinct UUIDs, in few transactions', async () => {
    // The load comes from this same process, so requests trickle in one event-loop turn at a time: a
    // few milliseconds of gathering make the batching visible (from separate clients it happens anyway).
    const f = await startHub({ config: { server: { host: '127.0.0.1', port: 0, groupCommit: { maxBatch: 64, windowMs: 5 } } } });
    try {
      const burst = 120;
      const answers = await Promise.all(
        Array.from({ length: burst }, (_, i) =>
          postXml(
            f,
            'user',
            i % 40 === 7
              ? userXml({ recordId: `burst-${i}`, userInfo: '<firstname>No</firstname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType>' })
              : userXml({
                  recordId: `burst-${i}`,
                  userInfo: `<firstname>Burst</firstname><lastname>N${i}</lastname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType>`,
                }),
          ),
        ),
      );
      const invalid = answers.filter((_, i) => i % 40 === 7);
      const valid = answers.filter((_, i) => i % 40 !== 7);
      // Validation errors are answered per request, inside the burst.
      expect(invalid.map((a) => a.status)).toEqual([400, 400, 400]);
      expect(invalid.every((a) => a.data.includes('userInfo.lastname: is required'))).toBe(true);
      expect(valid.every((a) => a.status === 200)).toBe(true);
      const uuids = valid.map((a) => uuidOf(a.data));
      expect(new Set(uuids).size).toBe(valid.length);

      // Another connection to the same file sees every answered record: answered means committed.
      const reader = await openConfiguredStore(f.hub.config.store);
      try {
        const stored = await reader.listRecords({ clientId: 'client-a', limit: 1000 });
        expect(stored.map((r) => r.uuid)).toEqual(expect.arrayContaining(uuids));
        expect(stored).toHaveLength(valid.length);
      } finally {
        await reader.close();
      }

      const metrics = (await f.http.get('/metrics', { headers: f.intouch })).data as string;
      const transactions = Number(/connector_group_commit_batch_size_count (\d+)/.exec(metrics)![1]);
      const records = Number(/connector_group_commit_batch_size_sum (\d+)/.exec(metrics)![1]);
      expect(records).toBe(valid.length);
      expect(transactions).toBeLessThan(valid.length / 2);
      await eventually(async () => (await f.acme!.people()).length === valid.length, 'Acme to hold the burst', 20_000);
    } finally {
      await f.close();
    }
  });

  it('delivers, after a restart on the same data folder, what was saved while the platform was down', async () => {
    // A port where Acme is not listening yet: deliveries fail with a network error and are retried.
    const probe = await startAcmeSimulator();
    const port = probe.port;
    await probe.close();
    const first: HubFixture = await startHub({ acmePort: port, config: { engine: { maxAttempts: 50, retryBaseMs: 400, retryMaxMs: 400 } } });
    const res = await postXml(
      first,
      'user',
      userXml({
        recordId: 'while-down',
        userInfo: '<firstname>Rita</firstname><lastname>Restart</lastname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType>',
      }),
    );
    expect(res.status).toBe(200);
    const uuid = uuidOf(res.data);
    await eventually(async () => {
      const log = JSON.parse((await first.http.get('/api/v1/clients/client-a/log?level=WARNING&direction=OUTBOUND', { headers: first.intouch })).data);
      return log.entries.some((e: { summary: string }) => e.summary.startsWith('Acme is not answering'));
    }, 'the outage to be logged');
    await first.close({ keepData: true });

    const acme = await startAcmeSimulator({ port });
    const second = await startHub({ dataDir: first.dataDir, acme });
    try {
      const rita = await eventually(async () => (await acme.people()).find((p) => p.lastName === 'Restart'), 'Acme to hold Rita after the restart');
      expect((rita.raw as { externalRef?: string }).externalRef).toBe(uuid);
      // The platform holds Rita a moment before the hub has written the outcome (the link, the log entry).
      const timeline = await eventually(async () => {
        const read = JSON.parse((await second.http.get(`/api/v1/records/${uuid}/timeline`, { headers: second.intouch })).data);
        return read.deliveries[0].state === 'done' && read;
      }, 'the delivery to be done');
      expect(timeline.links[0]).toMatchObject({ platform: 'acme', platformRecordId: rita.id, delivered: true });
    } finally {
      await second.close();
    }
  });

  it('closes gracefully: answers what it accepted, lets an in-flight delivery finish, then refuses connections', async () => {
    const f = await startHub();
    f.acme!.delayNext(1, 600, { on: 'people.create' });
    const res = await postXml(
      f,
      'user',
      userXml({
        recordId: 'in-flight',
        userInfo: '<firstname>Ina</firstname><lastname>Flight</lastname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType>',
      }),
    );
    expect(res.status).toBe(200);
    const uuid = uuidOf(res.data);
    await eventually(() => f.acme!.requests().some((r) => r.key === 'people.create'), 'Acme to receive the create');
    await f.close({ keepData: true, keepAcme: true });
    try {
      // The delivery that was in flight when close() began finished and was recorded before the store closed.
      expect((await f.acme!.people()).map((p) => p.lastName)).toContain('Flight');
      const reader = await openConfiguredStore(f.hub.config.store);
      try {
        const [delivery] = await reader.listDeliveries(uuid);
        expect(delivery.state).toBe('done');
        expect(await reader.listLinks(uuid)).toHaveLength(1);
      } finally {
        await reader.close();
      }
      const after = await postXml(f, 'user', userXml({ recordId: 'too-late' })).catch((error: NodeJS.ErrnoException) => error.code);
      expect(after).toBe('ECONNREFUSED');
    } finally {
      await f.acme!.close();
      fs.rmSync(f.dataDir, { recursive: true, force: true });
    }
  });
});
