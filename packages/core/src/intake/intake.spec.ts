import 'reflect-metadata';
import { Redactor } from '../logging/redactor';
import { Connector } from '../runtime/connector';
import type { ConnectorStore, HubRecord, LogEntry, NewLogEntry, RecordOrigin } from '../store/store';
import { importNaming, xmlNaming } from './api-2011-11';
import { checkContent } from './check-content';
import { errorUUIDOf } from './error-uuid';
import { MODEL_NAMING, type FieldNaming } from './field-naming';
import type { IntakeCommand } from './intake-command';
import type { IntakeSender } from './sender';
import { prospectsOnlyPlugin } from '../../test/support/prospects-only.plugin';

/** The two things the intake asks of a store: staff records by origin, and Connector Log entries. */
class FakeIntakeStore {
  readonly entries: NewLogEntry[] = [];
  readonly staff: HubRecord<'staff'>[] = [];
  async findRecordByOrigin(clientId: string, clubId: string, origin: RecordOrigin): Promise<HubRecord | undefined> {
    return this.staff.find(
      (r) => r.clientId === clientId && r.clubId === clubId && r.origin.provider === origin.provider && r.origin.recordId === origin.recordId,
    );
  }
  async appendLog(entry: NewLogEntry): Promise<LogEntry> {
    this.entries.push(entry);
    return { ...entry, id: this.entries.length, createdAt: new Date(0).toISOString() };
  }
}

const JSON_NAMING: FieldNaming = {
  providerInfo: { identifier: 'provider', clientID: 'clientId', clubID: 'clubId', recordID: 'recordId' },
  content: (field) => `user.${field}`,
};
const ANN = { firstName: 'Ann', lastName: 'Lee', userType: 'PROSPECT', userStatus: 'ACTIVE', email: 'ann@example.com' };

describe('Intake', () => {
  const redactor = new Redactor();
  redactor.addSecretValues(['s3cret-api-key-value']);
  let store: FakeIntakeStore;
  let connector: Connector;
  const intouch: IntakeSender = { provider: 'INTOUCH', clients: new Set(['client-a']), credential: 'this API key' };

  beforeEach(() => {
    store = new FakeIntakeStore();
    connector = Connector.create({
      store: store as unknown as ConnectorStore,
      redactor,
      clients: [
        { id: 'client-a', clubs: [{ id: 'club-1' }], platforms: [{ plugin: 'prospects-only', clubs: { 'club-1': 'p-club' } }] },
        { id: 'client-b', clubs: [{ id: 'club-9' }] },
      ],
      plugins: { 'prospects-only': prospectsOnlyPlugin },
    });
  });

  const command = (overrides: Partial<IntakeCommand> = {}): IntakeCommand => ({
    kind: 'person',
    providerInfo: { identifier: 'INTOUCH', clientID: 'client-a', clubID: 'club-1', recordID: 'r-1' },
    naming: xmlNaming('person'),
    api: 'xml',
    content: { ...ANN },
    ...overrides,
  });

  it('prepares a record: origin, content, hash and the platforms it goes to', async () => {
    const input = await connector.intake.take(intouch, command());
    expect(input).toMatchObject({
      clientId: 'client-a',
      clubId: 'club-1',
      kind: 'person',
      origin: { provider: 'INTOUCH', recordId: 'r-1' },
      targets: ['prospects-only'],
    });
    expect(input.hash).toBe(checkContent('person', ANN, MODEL_NAMING).hash);
    expect(store.entries).toEqual([]);
  });

  it("refuses another client, and another provider identifier, as FORBIDDEN, writing nothing to that client's log", async () => {
    const otherClient = command({ providerInfo: { identifier: 'INTOUCH', clientID: 'client-b', clubID: 'club-9', recordID: 'r-1' } });
    await expect(connector.intake.take(intouch, otherClient)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      field: 'providerInfo.clientID',
      message: 'providerInfo.clientID: provider INTOUCH may not write records of this client',
    });
    const otherProvider = command({ providerInfo: { identifier: 'CRMB', clientID: 'client-a', clubID: 'club-1', recordID: 'r-1' } });
    await expect(connector.intake.take(intouch, otherProvider)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'providerInfo.identifier: is not the provider of this API key (INTOUCH)',
    });
    expect(store.entries).toEqual([]);
  });

  it("names the envelope's missing fields and an unknown club in the channel's words", async () => {
    await expect(connector.intake.take(intouch, command({ providerInfo: { identifier: 'INTOUCH', clientID: 'client-a' } }))).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'providerInfo.clubID: is required; providerInfo.recordID: is required',
    });
    const json = command({
      naming: JSON_NAMING,
      api: 'json',
      providerInfo: { identifier: 'INTOUCH', clientID: 'client-a', clubID: 'club-zz', recordID: 'r-1' },
    });
    await expect(connector.intake.take(intouch, json)).rejects.toMatchObject({ field: 'clubId', message: 'clubId: is not a club of client client-a' });
  });

  it.each([
    ['xml', xmlNaming('person'), 'userInfo.lastname: is required; userInfo.birthdate: must be a date as yyyy-mm-dd'],
    ['json', JSON_NAMING, 'user.lastName: is required; user.birthdate: must be a date as yyyy-mm-dd'],
    ['import', importNaming('person'), 'lastname: is required; birthdate: must be a date as yyyy-mm-dd'],
  ] as const)("refuses content in the words of the %s channel and writes an INBOUND ERROR to the club's log", async (api, naming, message) => {
    const bad = command({ api, naming, content: { firstName: 'Ann', userType: 'PROSPECT', userStatus: 'ACTIVE', birthdate: '30/01/1990' } });
    const error = await connector.intake.take(intouch, bad).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'VALIDATION', message });
    expect(store.entries).toEqual([
      {
        clientId: 'client-a',
        clubId: 'club-1',
        level: 'ERROR',
        direction: 'INBOUND',
        platform: 'INTOUCH',
        person: 'Ann',
        summary: `Ann (prospect) sent by INTOUCH was rejected: ${message}`,
        details: { errorUUID: errorUUIDOf(error), reason: 'VALIDATION', field: message.split(':')[0], recordID: 'r-1', api },
      },
    ]);
  });

  it('finds the owner named by the record ID of a staff record the sender saved, and refuses one it did not', async () => {
    store.staff.push({
      uuid: 'u-s',
      clientId: 'client-a',
      clubId: 'club-1',
      kind: 'staff',
      origin: { provider: 'INTOUCH', recordId: 'staff-7' },
      content: { email: 'sam@club.example' },
      hash: 'h',
      version: 1,
      createdAt: '',
      updatedAt: '',
    });
    const owned = await connector.intake.take(intouch, command({ ownerRecordId: 'staff-7' }));
    expect(owned.content).toMatchObject({ ownerEmail: 'sam@club.example' });
    await expect(connector.intake.take(intouch, command({ naming: JSON_NAMING, ownerRecordId: 'nobody' }))).rejects.toMatchObject({
      field: 'user.ownerRecordId',
      message: 'user.ownerRecordId: nobody names no staff record that INTOUCH saved for club club-1; save the staff record first, or name the owner by email',
    });
    expect(store.entries.map((e) => e.level)).toEqual(['ERROR']);
  });

  it('takes a record with elements the channel did not know, and says so in an INBOUND WARNING', async () => {
    await connector.intake.take(intouch, command({ ignored: ['userInfo.ownerEmail'] }));
    expect(store.entries).toEqual([
      expect.objectContaining({
        level: 'WARNING',
        direction: 'INBOUND',
        summary: 'Ann Lee <ann@example.com> (prospect) sent by INTOUCH was saved without userInfo.ownerEmail: not a field of the API (ignored)',
        details: { ignored: ['userInfo.ownerEmail'], recordID: 'r-1', api: 'xml' },
      }),
    ]);
  });

  it('takes many in order, each with its save or its error, and content checked on another thread as it was checked', async () => {
    const checked = checkContent('person', ANN, JSON_NAMING);
    const results = await connector.intake.takeMany(intouch, [
      command({ api: 'json', naming: JSON_NAMING }),
      {
        kind: 'person',
        api: 'json',
        naming: JSON_NAMING,
        providerInfo: { identifier: 'INTOUCH', clientID: 'client-a', clubID: 'club-1', recordID: 'r-2' },
        checked: { contentJson: checked.json, hash: checked.hash, userType: 'PROSPECT' },
      },
      command({ api: 'json', naming: JSON_NAMING, providerInfo: { identifier: 'INTOUCH', clientID: 'client-b', clubID: 'club-9', recordID: 'r-3' } }),
      command({
        api: 'json',
        naming: JSON_NAMING,
        content: { firstName: 'Bo' },
        providerInfo: { identifier: 'INTOUCH', clientID: 'client-a', clubID: 'club-1', recordID: 'r-4' },
      }),
    ]);
    expect(results[0].input?.hash).toBe(checked.hash);
    expect(results[1].input).toMatchObject({
      contentJson: checked.json,
      hash: checked.hash,
      origin: { provider: 'INTOUCH', recordId: 'r-2' },
      targets: ['prospects-only'],
    });
    expect(results[2].error).toMatchObject({ code: 'FORBIDDEN' });
    expect(results[3].error).toMatchObject({ code: 'VALIDATION', field: 'user.lastName' });
    expect(store.entries.map((e) => e.summary)).toEqual([expect.stringMatching(/^Bo sent by INTOUCH was rejected: user\.lastName: is required/)]);
  });

  it('redacts secrets from the entries it writes', async () => {
    // A sender that pastes a platform's key into a name must not put it in the Connector Log.
    await expect(
      connector.intake.take(intouch, command({ content: { firstName: 's3cret-api-key-value', userType: 'PROSPECT', userStatus: 'ACTIVE' } })),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(store.entries).toHaveLength(1);
    expect(JSON.stringify(store.entries)).not.toContain('s3cret-api-key-value');
    expect(store.entries[0].person).toBe('[REDACTED]');
  });
});
