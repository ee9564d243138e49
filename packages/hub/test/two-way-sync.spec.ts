import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConnectorStore, LogEntry, Person } from '@connector/core';
import { openSqliteStore } from '@connector/store-sqlite';
import { captureLogger } from '@connector/testing';
import { startAcmeSimulator, type AcmeSimulator } from '@connector/plugin-acme/simulator';
import axios from 'axios';
import { createHub, parseConfig, type Hub } from '../src';
import { KEYS, testConfig, userXml, uuidOf } from './support/hub-fixture';

/** A hub whose client-a is turned up on two Acme accounts: `acme` and `acme-2`. */
interface TwoWayHub {
  hub: Hub;
  url: string;
  acme: AcmeSimulator;
  acme2: AcmeSimulator;
  dataDir: string;
  close(options?: { keepData?: boolean; keepAcme?: boolean }): Promise<void>;
}

async function startTwoWayHub(
  options: { dataDir?: string; acme?: AcmeSimulator; acme2?: AcmeSimulator; store?: ConnectorStore; acmeClubs?: string[]; schedule?: string } = {},
): Promise<TwoWayHub> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'connector-two-way-'));
  const acme = options.acme ?? (await startAcmeSimulator());
  const acme2 = options.acme2 ?? (await startAcmeSimulator({ apiKey: 'acme-2-key' }));
  const base = testConfig(dataDir, acme.turnUp({ hubClubIds: options.acmeClubs ?? ['club-a1', 'club-a2'] }));
  const clientA = base.clients![0];
  if (options.schedule) (clientA.platforms![0] as { pull?: unknown }).pull = { every: options.schedule };
  clientA.platforms = [
    ...clientA.platforms!,
    { plugin: '@connector/plugin-acme', platform: 'acme-2', ...acme2.turnUp({ hubClubIds: ['club-a1', 'club-a2'] }) },
  ];
  const { logger, redactor } = captureLogger();
  const hub = await createHub(parseConfig(base, {}), { logger, redactor, ...(options.store ? { store: options.store } : {}) });
  const { url } = await hub.listen();
  return {
    hub,
    url,
    acme,
    acme2,
    dataDir,
    async close(close = {}) {
      await hub.close();
      if (options.store) await options.store.close();
      if (!close.keepAcme) await Promise.all([acme.close(), acme2.close()]);
      if (!close.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const http = axios.create({ validateStatus: () => true, transformResponse: (data) => data });

/** Saves a prospect as INTOUCH through the XML API; answers the hub's UUID. */
async function sendProspect(
  t: TwoWayHub,
  recordId: string,
  info: { first: string; last: string; email?: string; mobile?: string; club?: string },
): Promise<string> {
  const userInfo =
    `<firstname>${info.first}</firstname><lastname>${info.last}</lastname><userStatus>ACTIVE</userStatus><userType>PROSPECT</userType>` +
    (info.email ? `<email>${info.email}</email>` : '') +
    (info.mobile ? `<mobile>${info.mobile}</mobile>` : '');
  const answer = await http.post(`${t.url}/connector/api/2011-11/user`, userXml({ recordId, clubId: info.club, userInfo }), {
    headers: { 'content-type': 'application/xml', authorization: `Bearer ${KEYS.intouch}` },
  });
  expect(answer.status).toBe(200);
  return uuidOf(answer.data as string);
}

async function personOf(t: TwoWayHub, uuid: string): Promise<Person> {
  return (await t.hub.store.getRecord(uuid))!.content as Person;
}

async function acmePerson(acme: AcmeSimulator, email: string) {
  const found = (await acme.people()).find((p) => p.email === email);
  if (!found) throw new Error(`Acme holds nobody with ${email}`);
  return found as typeof found & { raw: { status: string; type: string } };
}

/** The Connector Log of a record, oldest first, as "DIRECTION platform: summary". */
async function story(t: TwoWayHub, uuid: string): Promise<string[]> {
  const entries: LogEntry[] = await t.hub.store.listLog({ clientId: 'client-a', recordUuid: uuid, limit: 100 });
  return entries.reverse().map((e) => `${e.level} ${e.direction} ${e.platform}: ${e.summary}`);
}

describe('two-way sync with Acme, through the hub', () => {
  let t: TwoWayHub;
  afterEach(async () => t?.close());

  it('brings a sale made in Acme back as a member (same UUID), sends it to the other Acme, and then a former member, by pull', async () => {
    t = await startTwoWayHub();
    const uuid = await sendProspect(t, 'r-1', { first: 'Jane', last: 'Doe', email: 'jane@example.com', mobile: '555-0100' });
    expect(await t.hub.connector.drain()).toBe(true);
    const inAcme = await acmePerson(t.acme, 'jane@example.com');
    expect((await acmePerson(t.acme2, 'jane@example.com')).type).toBe('PROSPECT');
    const acmeWritesBefore = t.acme.calls();

    await t.acme.sell(inAcme.id);
    const sold = await t.hub.connector.pull('client-a', 'acme');
    expect(sold).toMatchObject({ read: 1, saved: 1 });
    expect(await personOf(t, uuid)).toMatchObject({ userType: 'MEMBER', userStatus: 'ACTIVE', firstName: 'Jane' });
    expect(await t.hub.connector.drain()).toBe(true);
    expect((await acmePerson(t.acme2, 'jane@example.com')).type).toBe('MEMBER');
    // No echo: Acme, where the sale was made, is not written again.
    expect(t.acme.calls()['people.update'] ?? 0).toBe(acmeWritesBefore['people.update'] ?? 0);
    expect(t.acme.calls()['people.convert'] ?? 0).toBe(acmeWritesBefore['people.convert'] ?? 0);
    expect(await t.hub.connector.pull('client-a', 'acme')).toMatchObject({ read: 0, saved: 0 });

    await t.acme.endMembership(inAcme.id);
    expect(await t.hub.connector.pull('client-a', 'acme')).toMatchObject({ saved: 1 });
    expect(await personOf(t, uuid)).toMatchObject({ userType: 'MEMBER', userStatus: 'INACTIVE' });
    expect(await t.hub.connector.drain()).toBe(true);
    expect((await acmePerson(t.acme2, 'jane@example.com')).raw).toMatchObject({ type: 'member', status: 'inactive' });
    // Acme-2's own feed now holds what the hub wrote there: pulling it brings nothing back (no echo).
    expect(await t.hub.connector.pull('client-a', 'acme-2')).toMatchObject({ saved: 0 });

    const lines = await story(t, uuid);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^INFO INBOUND ACME: Jane Doe <jane@example.com> \(member, Acme ID p-\d+\) changed in Acme and became a member: sent to acme-2$/),
        // Said as where the change was made (Acme's sale), not where the record was first entered.
        expect.stringMatching(/^INFO OUTBOUND acme-2: Jane Doe <jane@example.com> \(member\) changed in Acme and sent to Acme: .*converted to member/),
        expect.stringMatching(
          /^INFO INBOUND ACME: Jane Doe <jane@example.com> \(former member, Acme ID p-\d+\) changed in Acme and became a former member: sent to acme-2$/,
        ),
      ]),
    );
  });

  it('takes the same change by signed webhook: 202 once durable, a redelivery changes nothing, a bad signature is 401 and logged', async () => {
    t = await startTwoWayHub();
    const uuid = await sendProspect(t, 'r-2', { first: 'Sam', last: 'Lee', email: 'sam@example.com' });
    expect(await t.hub.connector.drain()).toBe(true);
    t.acme.sendWebhooksTo(`${t.url}/api/v1/webhooks/client-a/acme`);
    const inAcme = await acmePerson(t.acme, 'sam@example.com');

    await t.acme.sell(inAcme.id);
    expect(t.acme.webhooksSent()).toEqual([{ id: 'evt_1', status: 202 }]);
    const afterSale = await t.hub.store.getRecord(uuid);
    expect(afterSale).toMatchObject({ content: { userType: 'MEMBER', userStatus: 'ACTIVE' } });
    expect(await t.hub.connector.drain()).toBe(true);
    expect((await acmePerson(t.acme2, 'sam@example.com')).type).toBe('MEMBER');

    expect(await t.acme.redeliverLastWebhook()).toBe(202);
    expect((await t.hub.store.getRecord(uuid))?.version).toBe(afterSale!.version);

    expect(await t.acme.forgeLastWebhook()).toBe(401);
    expect((await t.hub.store.getRecord(uuid))?.version).toBe(afterSale!.version);
    const refused = await t.hub.store.listLog({ clientId: 'client-a', level: 'WARNING', direction: 'INBOUND' });
    expect(refused.map((e) => e.summary)).toEqual([
      'A webhook from Acme was refused (401): Acme-Signature does not match the body signed with the webhookSecret; nothing changed',
    ]);
    expect(JSON.stringify(refused)).not.toContain('sam@example.com');

    await t.acme.endMembership(inAcme.id);
    expect(await personOf(t, uuid)).toMatchObject({ userType: 'MEMBER', userStatus: 'INACTIVE' });
    expect(await t.hub.connector.drain()).toBe(true);
    expect((await acmePerson(t.acme2, 'sam@example.com')).raw).toMatchObject({ type: 'member', status: 'inactive' });
    const inbound = (await story(t, uuid)).filter((line) => line.includes('INBOUND ACME'));
    expect(inbound).toHaveLength(2);
  });

  it('answers 404 without echoing for a platform that is not there, and 401 for an unsigned request', async () => {
    t = await startTwoWayHub();
    const missing = await http.post(`${t.url}/api/v1/webhooks/client-a/nowhere`, '{"secret":"s3cr3t"}', { headers: { 'content-type': 'application/json' } });
    expect(missing.status).toBe(404);
    expect(missing.data).not.toContain('nowhere');
    const unsigned = await http.post(`${t.url}/api/v1/webhooks/client-a/acme`, '{"id":"evt_9"}', { headers: { 'content-type': 'application/json' } });
    expect(unsigned.status).toBe(401);
    expect(unsigned.data).not.toContain('evt_9');
    // Limited like every endpoint (server.bodyLimitBytes is 16 KiB here).
    const huge = await http.post(`${t.url}/api/v1/webhooks/client-a/acme`, 'x'.repeat(64 * 1024), { headers: { 'content-type': 'application/json' } });
    expect(huge.status).toBe(413);
  });

  it("pulls on the turn-up's schedule (pull: { every })", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'connector-two-way-'));
    const acme = await startAcmeSimulator();
    const acme2 = await startAcmeSimulator({ apiKey: 'acme-2-key' });
    t = await startTwoWayHub({ dataDir, acme, acme2, schedule: '1s' });
    const id = await acme.enterPerson('club-a1', 'member', { firstName: 'Timed', lastName: 'Pull', email: 'timed@example.com' });
    // Bounded: the schedule runs every second; the simulator's feed is read until the member is in Acme-2.
    for (let round = 0; round < 200 && !(await acme2.people()).some((p) => p.email === 'timed@example.com'); round++)
      await new Promise((r) => setTimeout(r, 50));
    expect((await acmePerson(acme2, 'timed@example.com')).type).toBe('MEMBER');
    expect(id).toMatch(/^p-/);
  });

  it('SmartMatch: links a front-desk person to the hub record by name + email + mobile, name + email or name + mobile (case, spaces, punctuation aside); else a new record; two candidates warn', async () => {
    // Acme is turned up on club-a1 only: the hub's records of club-a2 are not in Acme, so its front desk
    // enters them on its own, and SmartMatch has to find them.
    t = await startTwoWayHub({ acmeClubs: ['club-a1'] });
    const full = await sendProspect(t, 's-1', { first: 'Mary-Ann', last: "O'Neil", email: 'MaryAnn@Example.com', mobile: '(604) 555-0100', club: 'club-a2' });
    const byEmail = await sendProspect(t, 's-2', { first: 'Bob', last: 'Stone', email: 'bob@example.com', club: 'club-a2' });
    const byMobile = await sendProspect(t, 's-3', { first: 'Ann', last: 'Lake', mobile: '604 555 0300', club: 'club-a2' });
    const twinA = await sendProspect(t, 's-4', { first: 'Kim', last: 'Twin', email: 'kim@example.com', club: 'club-a2' });
    const twinB = await sendProspect(t, 's-5', { first: 'Kim', last: 'Twin', email: 'kim@example.com', club: 'club-a2' });
    expect(await t.hub.connector.drain()).toBe(true);

    await t.acme.enterPerson('club-a1', 'member', { firstName: 'MARY ANN', lastName: 'oneil', email: ' maryann@example.com', mobile: '604.555.0100' });
    await t.acme.enterPerson('club-a1', 'prospect', { firstName: 'bob', lastName: 'STONE', email: 'Bob@Example.com' });
    await t.acme.enterPerson('club-a1', 'prospect', { firstName: 'Ann', lastName: 'Lake', mobile: '(604) 555-0300' });
    await t.acme.enterPerson('club-a1', 'prospect', { firstName: 'Kim', lastName: 'Twin', email: 'kim@example.com' });
    await t.acme.enterPerson('club-a1', 'prospect', { firstName: 'New', lastName: 'Comer', email: 'new@example.com' });
    expect(await t.hub.connector.pull('client-a', 'acme')).toMatchObject({ read: 5, saved: 5 });

    const entries = await t.hub.store.listLog({ clientId: 'client-a', direction: 'INBOUND', limit: 100 });
    const about = (uuid: string) => entries.filter((e) => e.recordUuid === uuid).map((e) => `${e.level} ${e.summary}`);
    expect(about(full)).toEqual([expect.stringMatching(/^INFO .* matched a hub record by name, email and mobile: linked, became a member, sent to acme-2$/)]);
    expect(about(byEmail)).toEqual([expect.stringMatching(/matched a hub record by name and email: linked, /)]);
    expect(about(byMobile)).toEqual([expect.stringMatching(/matched a hub record by name and mobile: linked, /)]);
    expect(await personOf(t, full)).toMatchObject({ userType: 'MEMBER', firstName: 'MARY ANN', lastName: 'oneil' });
    const warning = entries.find((e) => e.level === 'WARNING')!;
    expect(warning.summary).toContain(`matches 2 hub records by name and email (${twinA}, ${twinB}): saved as a new record, not merged`);
    expect(about(twinA)).toEqual([]);
    expect(entries.filter((e) => / is new in Acme: a new hub record/.test(e.summary)).map((e) => e.person)).toEqual(['New Comer <new@example.com>']);
    const records = await t.hub.store.listRecords({ clientId: 'client-a' });
    expect(records).toHaveLength(7);
    expect(
      records
        .filter((r) => r.origin.provider === 'ACME')
        .map((r) => (r.content as Person).firstName)
        .sort(),
    ).toEqual(['Kim', 'New']);

    // Linked now: the next change of Mary-Ann in Acme is matched by the link.
    const mary = (await t.acme.people()).find((p) => p.firstName === 'MARY ANN')!;
    await t.acme.endMembership(mary.id);
    expect(await t.hub.connector.pull('client-a', 'acme')).toMatchObject({ saved: 1 });
    expect(await personOf(t, full)).toMatchObject({ userType: 'MEMBER', userStatus: 'INACTIVE' });
  });

  it('a crash after a page is committed, then a fresh hub on the same data: nothing skipped, nothing imported twice', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'connector-two-way-'));
    const store = openSqliteStore({ dataDir, hubLock: true });
    let crash = true;
    // The store commits the page and its cursor, then the process "dies" before anything after it.
    const crashing = new Proxy(store, {
      get(target, property) {
        if (property === 'applyInbound') {
          return async (...args: Parameters<NonNullable<ConnectorStore['applyInbound']>>) => {
            const result = await target.applyInbound(...args);
            if (crash) {
              crash = false;
              throw new Error('the process died after the commit');
            }
            return result;
          };
        }
        const value = Reflect.get(target, property) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    t = await startTwoWayHub({ dataDir, store: crashing });
    for (const name of ['One', 'Two', 'Three'])
      await t.acme.enterPerson('club-a1', 'prospect', { firstName: name, lastName: 'Crash', email: `${name}@example.com` });
    await expect(t.hub.connector.pull('client-a', 'acme', { pageSize: 2 })).rejects.toThrow('the process died after the commit');
    await t.close({ keepData: true, keepAcme: true });

    t = await startTwoWayHub({ dataDir, acme: t.acme, acme2: t.acme2 });
    expect(await t.hub.connector.pull('client-a', 'acme', { pageSize: 2 })).toMatchObject({ read: 1, saved: 1 });
    const records = await t.hub.store.listRecords({ clientId: 'client-a' });
    expect(records.map((r) => (r.content as Person).firstName).sort()).toEqual(['One', 'Three', 'Two']);
    const news = await t.hub.store.listLog({ clientId: 'client-a', direction: 'INBOUND', search: 'is new in Acme' });
    expect(news).toHaveLength(3);
  });

  it('a store that fails before the page is committed: the page is read again, and applied once', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'connector-two-way-'));
    const store = openSqliteStore({ dataDir, hubLock: true });
    let fail = true;
    const failing = new Proxy(store, {
      get(target, property) {
        if (property === 'applyInbound' && fail) {
          return async () => {
            fail = false;
            throw new Error('the disk is full');
          };
        }
        const value = Reflect.get(target, property) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    t = await startTwoWayHub({ dataDir, store: failing });
    for (const name of ['Uno', 'Dos']) await t.acme.enterPerson('club-a1', 'prospect', { firstName: name, lastName: 'Retry', email: `${name}@example.com` });
    await expect(t.hub.connector.pull('client-a', 'acme')).rejects.toThrow('the disk is full');
    expect(await t.hub.store.listRecords({ clientId: 'client-a' })).toEqual([]);
    expect(await t.hub.connector.pull('client-a', 'acme')).toMatchObject({ read: 2, saved: 2 });
    expect(await t.hub.connector.pull('client-a', 'acme')).toMatchObject({ read: 0, saved: 0 });
    expect((await t.hub.store.listRecords({ clientId: 'client-a' })).map((r) => (r.content as Person).firstName).sort()).toEqual(['Dos', 'Uno']);
  });
});
