import type { ConnectorPlugin, Person } from '@connector/core';
import { createHarness, preloadEmbeddedHarnessStore, type Harness, type HarnessStoreFactory } from './harness';
import type { PlatformSimulator, SimulatedPerson } from './simulator';
import { describeTwoWaySections } from './conformance-two-way';

/** An operation group a generated plugin may declare before it works. */
export type PendingCapability = 'prospects' | 'members' | 'staff' | 'leadSources' | 'find';

/** Settings of {@link describePluginConformance}. */
export interface ConformanceOptions {
  /** Starts a fresh simulator (each test gets its own). */
  simulator: () => Promise<PlatformSimulator>;
  /**
   * Operations that are declared but still throw NotImplementedError (a freshly generated plugin): their
   * tests are reported as skipped, saying so, instead of failing.
   */
  notImplemented?: readonly PendingCapability[];
  /** Opens each test's store (default: the embedded SQLite store, see `createHarness`). */
  store?: HarnessStoreFactory;
  /**
   * What the simulator can do in the platform itself, for the two-way sections (which are skipped, saying
   * so, without it): `changes` when it has `enterPerson`, `sell` and `endMembership`; `webhooks` when it
   * also has `sendWebhooksTo`, `redeliverLastWebhook` and `forgeLastWebhook` (see {@link PlatformSimulator}).
   */
  simulates?: { changes?: boolean; webhooks?: boolean };
}

const JANE: Pick<Person, 'firstName' | 'lastName' | 'email' | 'mobile'> = {
  firstName: 'Jane',
  lastName: 'Prospect',
  email: 'jane.prospect@example.com',
  mobile: '555-010-2000',
};

function valueAt(source: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), source);
}

/**
 * The suite every plugin's tests call once. It drives core's delivery engine against the plugin's
 * simulator and checks what the simulator ends up holding and what the Connector Log says. Capabilities
 * the plugin lacks are reported as skipped, with the reason in the test's name.
 */
export function describePluginConformance(plugin: ConnectorPlugin, options: ConformanceOptions): void {
  const caps = plugin.capabilities;
  const pending = new Set(options.notImplemented ?? []);
  if (!options.store) preloadEmbeddedHarnessStore();
  const skip = (name: string, reason: string) => it.skip(`${name} — skipped: ${plugin.displayName} ${reason}`, () => undefined);
  /** `it` when the plugin can and has implemented what the test needs; else a skip naming why. */
  const when = (condition: boolean, reason: string, needs: PendingCapability[] = []) => {
    const unfinished = needs.filter((need) => pending.has(need));
    if (unfinished.length > 0) return (name: string, _fn: () => unknown) => skip(name, `has not implemented ${unfinished.join(', ')} yet`);
    return condition ? it : (name: string, _fn: () => unknown) => skip(name, reason);
  };

  describe(`${plugin.displayName} (${plugin.id}) conformance`, () => {
    let harness: Harness | undefined;
    let simulator: PlatformSimulator | undefined;
    const start = async (extra: { badCredentials?: boolean } = {}) => {
      simulator = await options.simulator();
      harness = await createHarness({ plugin, simulator, store: options.store, ...extra });
      return harness;
    };
    const onlyPerson = async (h: Harness): Promise<SimulatedPerson> => {
      const people = await h.simulator.people();
      expect(people).toHaveLength(1);
      return people[0];
    };
    afterEach(async () => {
      await harness?.close();
      await simulator?.close();
      harness = undefined;
      simulator = undefined;
    });

    it('check passes with good credentials', async () => {
      const h = await start();
      await expect(h.connector.runtime(h.clientId, plugin.id)!.check.check()).resolves.not.toThrow();
    });

    it('check fails clearly with bad credentials', async () => {
      const h = await start({ badCredentials: true });
      await expect(h.connector.runtime(h.clientId, plugin.id)!.check.check()).rejects.toMatchObject({ code: 'AUTHENTICATION' });
    });

    when(!!caps.prospects, 'takes no prospects', ['prospects'])('creates a prospect, stores its platform ID, then updates the same record', async () => {
      const h = await start();
      const saved = await h.send({ ...JANE }, { recordId: 'lead-1' });
      const created = await onlyPerson(h);
      expect(created).toMatchObject({ firstName: 'Jane', lastName: 'Prospect', email: JANE.email, type: 'PROSPECT' });
      const link = await h.store.getLink(saved.record.uuid, h.clientId, plugin.id);
      expect(link?.platformRecordId).toBe(created.id);

      await h.send({ ...JANE, lastName: 'Renamed' }, { recordId: 'lead-1' });
      const updated = await onlyPerson(h);
      expect(updated).toMatchObject({ id: created.id, lastName: 'Renamed' });
      const log = await h.log();
      expect(log.map((e) => e.level)).toEqual(['INFO', 'INFO']);
      expect(log[1].summary).toMatch(/Jane Prospect.*entered in CRM and sent to .*created/);
    });

    when(!!caps.prospects, 'takes no prospects', ['prospects'])('does not send unchanged content again', async () => {
      const h = await start();
      await h.send({ ...JANE }, { recordId: 'lead-2' });
      const before = { ...h.simulator.calls() };
      const again = await h.send({ ...JANE }, { recordId: 'lead-2' });
      expect(again.changed).toBe(false);
      expect(h.simulator.calls()).toEqual(before);
      expect(await h.log()).toHaveLength(1);
    });

    when(!!caps.members, 'takes no members', ['members'])('creates and updates a member', async () => {
      const h = await start();
      await h.send({ firstName: 'Max', lastName: 'Member', email: 'max@example.com', userType: 'MEMBER' }, { recordId: 'm-1' });
      const created = await onlyPerson(h);
      expect(created).toMatchObject({ firstName: 'Max', type: 'MEMBER' });
      await h.send({ firstName: 'Max', lastName: 'Member', email: 'max.new@example.com', userType: 'MEMBER' }, { recordId: 'm-1' });
      expect(await onlyPerson(h)).toMatchObject({ id: created.id, email: 'max.new@example.com', type: 'MEMBER' });
    });

    when(!!caps.prospects && !!caps.members, 'cannot hold both prospects and members', ['prospects', 'members'])(
      'converts a prospect into a member without a second record',
      async () => {
        const h = await start();
        await h.send({ ...JANE }, { recordId: 'lead-3' });
        await h.send({ ...JANE, userType: 'MEMBER' }, { recordId: 'lead-3' });
        const person = await onlyPerson(h);
        expect(person.type).toBe('MEMBER');
        expect((await h.log())[0].summary).toMatch(/converted to member/);
      },
    );

    when(caps.staff && !!caps.prospects, 'has no staff list or takes no prospects', ['staff', 'prospects'])(
      'links the owner by email and never creates staff',
      async () => {
        const h = await start();
        const staffId = await h.simulator.addStaff({ firstName: 'Sam', lastName: 'Sales', email: 'sam.sales@example.com' });
        await h.send({ ...JANE, ownerEmail: 'SAM.Sales@example.com' }, { recordId: 'lead-4' });
        expect((await onlyPerson(h)).ownerId).toBe(staffId);
        expect((await h.log())[0].level).toBe('INFO');
      },
    );

    when(caps.staff && !!caps.prospects, 'has no staff list or takes no prospects', ['staff', 'prospects'])(
      'sends without an owner and logs a WARNING when the owner matches no staff',
      async () => {
        const h = await start();
        await h.simulator.addStaff({ firstName: 'Sam', lastName: 'Sales', email: 'sam.sales@example.com' });
        await h.send({ ...JANE, ownerEmail: 'nobody@example.com' }, { recordId: 'lead-5' });
        expect((await onlyPerson(h)).ownerId).toBeUndefined();
        const [entry] = await h.log();
        expect(entry.level).toBe('WARNING');
        expect(JSON.stringify(entry.details)).toContain('nobody@example.com matches no staff member');
      },
    );

    when(caps.staff && !!caps.prospects, 'has no staff list or takes no prospects', ['staff', 'prospects'])(
      'fetches the staff list once per client and club',
      async () => {
        const h = await start();
        await h.simulator.addStaff({ firstName: 'Sam', lastName: 'Sales', email: 'sam.sales@example.com' });
        for (let i = 0; i < 3; i++) await h.send({ firstName: `P${i}`, lastName: 'Cache', ownerEmail: 'sam.sales@example.com' }, { recordId: `cache-${i}` });
        expect(h.simulator.calls()['staff.list']).toBe(1);
      },
    );

    when(caps.leadSources.list && !!caps.prospects, 'has no lead sources or takes no prospects', ['leadSources', 'prospects'])(
      'reuses an existing lead source matched by name, ignoring case and spaces',
      async () => {
        const h = await start();
        const id = await h.simulator.addLeadSource('Walk In');
        await h.send({ ...JANE, leadSource: 'walkin' }, { recordId: 'lead-6' });
        expect((await onlyPerson(h)).leadSourceId).toBe(id);
        expect(await h.simulator.leadSources()).toHaveLength(1);
      },
    );

    when(caps.leadSources.create && !!caps.prospects, 'cannot create lead sources or takes no prospects', ['leadSources', 'prospects'])(
      'creates a missing lead source once and uses it',
      async () => {
        const h = await start();
        await h.send({ ...JANE, leadSource: 'Facebook' }, { recordId: 'lead-7' });
        await h.send({ firstName: 'John', lastName: 'Second', leadSource: 'facebook' }, { recordId: 'lead-8' });
        const sources = (await h.simulator.leadSources()).filter((s) => s.name.toLowerCase() === 'facebook');
        expect(sources).toHaveLength(1);
        const people = await h.simulator.people();
        expect(people.map((p) => p.leadSourceId)).toEqual([sources[0].id, sources[0].id]);
      },
    );

    when(
      caps.leadSources.list && !caps.leadSources.create && !!caps.prospects,
      caps.leadSources.create ? 'can create lead sources (covered above)' : 'has no lead sources or takes no prospects',
      ['leadSources', 'prospects'],
    )('sends without a lead source and logs a WARNING naming it when the platform cannot create it', async () => {
      const h = await start();
      await h.send({ ...JANE, leadSource: 'Billboard 42' }, { recordId: 'lead-9' });
      expect((await onlyPerson(h)).leadSourceId).toBeUndefined();
      const [entry] = await h.log();
      expect(entry.level).toBe('WARNING');
      expect(JSON.stringify(entry.details)).toContain('Billboard 42');
    });

    when(caps.find && !!caps.prospects, 'has no find or takes no prospects', ['find', 'prospects'])('find locates a person the platform holds', async () => {
      const h = await start();
      const saved = await h.send({ ...JANE }, { recordId: 'lead-10' });
      const created = await onlyPerson(h);
      const runtime = h.connector.runtime(h.clientId, plugin.id)!;
      const found = await runtime.find!.find({ hubId: saved.record.uuid, person: saved.record.content, club: runtime.clubContext(h.clubIds[0])! });
      expect(found).toBe(created.id);
    });

    when(!!caps.prospects, 'takes no prospects', ['prospects'])('retries a transient platform failure and delivers once', async () => {
      const h = await start();
      h.simulator.failNext(1);
      await h.send({ ...JANE }, { recordId: 'lead-11' });
      expect(await h.simulator.people()).toHaveLength(1);
    });

    it('never writes a secret to the logs or the Connector Log', async () => {
      const h = await start();
      const turnUp = h.simulator.turnUp({ hubClubIds: h.clubIds });
      const secrets = [...plugin.secretOptions.map((p) => valueAt(turnUp.options, p)), turnUp.connection?.password].filter(
        (v): v is string => typeof v === 'string' && v.length > 0,
      );
      expect(secrets.length).toBeGreaterThan(0);
      await h.connector.runtime(h.clientId, plugin.id)!.check.check();
      if (caps.prospects && !pending.has('prospects')) {
        // A failure on the way puts the platform's answer into the logs too.
        h.simulator.failNext(3);
        await h.send({ ...JANE }, { recordId: 's-1' });
      }
      const written = h.lines.join('\n') + JSON.stringify(await h.log());
      expect(written.length).toBeGreaterThan(0);
      for (const secret of secrets) expect(written).not.toContain(secret);
    });

    describeTwoWaySections(plugin, {
      start: () => start(),
      when: (condition, reason) => when(condition, reason),
      simulates: options.simulates ?? {},
    });
  });
}
