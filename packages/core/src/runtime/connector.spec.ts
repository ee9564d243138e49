import 'reflect-metadata';
import { ValidationError } from '../errors/connector-error';
import { prepareContent } from '../model/prepare-content';
import type { ConnectorStore } from '../store/store';
import { Connector } from './connector';
import { prospectsOnlyPlugin } from '../../test/support/prospects-only.plugin';

describe('Connector.prepareEncoded', () => {
  // prepare and prepareEncoded touch no store.
  const connector = Connector.create({
    store: {} as ConnectorStore,
    clients: [{ id: 'client-a', clubs: [{ id: 'club-1' }], platforms: [{ plugin: 'prospects-only', clubs: { 'club-1': 'p-club' } }] }],
    plugins: { 'prospects-only': prospectsOnlyPlugin },
  });
  const envelope = { provider: 'crm', clientId: 'client-a', clubId: 'club-1', recordId: 'r-1', kind: 'person' as const };
  const encode = (content: unknown) => {
    const prepared = prepareContent('person', content);
    return { ...envelope, contentJson: prepared.json, hash: prepared.hash, userType: prepared.content.userType };
  };

  it.each(['PROSPECT', 'MEMBER'])('answers what prepare answers for a %s, with the JSON to store', (userType) => {
    const content = { firstName: 'Ann', lastName: 'Lee', userType, userStatus: 'ACTIVE', email: 'ann@example.com' };
    const direct = connector.prepare({ ...envelope, content });
    const encoded = connector.prepareEncoded(encode(content));
    expect(encoded.contentJson).toBe(JSON.stringify(direct.content));
    expect(direct.contentJson).toBe(encoded.contentJson);
    // Its content is parsed when read; as JSON it is the same save as prepare's.
    expect(encoded.content).toEqual(direct.content);
    expect(JSON.parse(JSON.stringify(encoded))).toEqual(JSON.parse(JSON.stringify(direct)));
    expect(encoded.targets).toEqual(userType === 'MEMBER' ? [] : ['prospects-only']);
    expect(encoded.origin.provider).toBe('CRM');
  });

  // The envelope is the intake's now, worded as every channel words it: "field: reason".
  it('checks the envelope as prepare does', () => {
    const record = encode({ firstName: 'Ann', lastName: 'Lee', userType: 'PROSPECT', userStatus: 'ACTIVE' });
    expect(() => connector.prepareEncoded({ ...record, clubId: 'club-9' })).toThrow(new ValidationError('clubID: is not a club of client client-a'));
    expect(() => connector.prepareEncoded({ ...record, recordId: '' })).toThrow('recordID: is required');
  });
});
