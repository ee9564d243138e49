import { createHash } from 'node:crypto';
import { contentHash } from './content-hash';

describe('contentHash', () => {
  it('is the same for the same content in any key order, with empty values left out', () => {
    const a = { firstName: 'Jane', lastName: 'Doe', address: { city: 'X', zip: '1' }, tags: ['a', 'b'] };
    const b = { tags: ['a', 'b'], address: { zip: '1', city: 'X' }, lastName: 'Doe', firstName: 'Jane', email: '', mobile: undefined, company: null };
    expect(contentHash(a)).toBe(contentHash(b));
  });

  it('changes when a value changes, or array order does', () => {
    const base = contentHash({ firstName: 'Jane', tags: ['a', 'b'] });
    expect(contentHash({ firstName: 'Janet', tags: ['a', 'b'] })).not.toBe(base);
    expect(contentHash({ firstName: 'Jane', tags: ['b', 'a'] })).not.toBe(base);
  });
});

/**
 * Hashes computed by the first implementation (canonical copy + JSON.stringify + sha256 base64url) and
 * stored with every record since: a faster implementation must give exactly these, or every stored
 * record would look changed and be delivered again.
 */
describe('contentHash is stable for stored records', () => {
  const pinned: Array<[string, unknown, string]> = [
    [
      'a person as the JSON API saves it',
      { firstName: 'Bench', lastName: 'Person42', birthdate: '1972-03-12', gender: 'M', userStatus: 'ACTIVE', userType: 'PROSPECT', address1: '1234 Fake St', city: 'Spuzzum', zipcode: '12345', state: 'WA', country: 'US', mobile: '555-555-5555', email: 'bench.person42@example.com', modifiedDate: '2012-04-10T04:11:07.023Z' },
      'dcaKHD-qMr5HWpsuCazAaRwr6Txj8JRRTC1Xc8qq6ec',
    ],
    [
      'a person with empty values, escapes and non-ASCII text',
      { userType: 'MEMBER', lastName: 'Müller', firstName: 'Zoë "Z" \\ O\'Brien', userStatus: 'INACTIVE', email: '', mobile: undefined, company: null, address2: ' ', ownerEmail: 'owner@club.example', leadSource: 'Web – Spring 🎉' },
      'mX8-sA3-oVdc3Ptp9xVpNQuE6hf8_siXWV3dzdakCiU',
    ],
    ['a staff member (false kept)', { email: 'coach@club.example', firstName: 'Coach', active: false }, 'N2GS2gsZnCtk--9ldo-gj6uum9QwIynYSxD0pNWCyuk'],
    ['a lead source', { name: 'Walk-in', active: true }, '59k7hEkJGezzCMNN4EEKomTNd-qdfwKB1lyre_PaWfQ'],
    [
      'nested objects and arrays (0 kept, nulls kept inside arrays, integer-like keys)',
      { b: [1, 0, -2.5, null, '', { z: null, y: 'y', x: [] }], a: { d: {}, c: { f: '', e: 0 } }, B: 'upper', _: true, '10': 'ten', '9': 'nine' },
      'dHL2HdzcYBCT0sf2JUq_BlH-htI0PU79fuKtOx5yZlQ',
    ],
    ['an empty object', {}, 'RBNvo1WzZ4oRRq0W9-hknpT7T8If536DEMBg9hyq_4o'],
    ['an array at the top', [{ b: 1, a: 2 }, 'x', null], '_Llb3ce4DYKVPjHLa6WfF_cCBHrbKbb__DnF8wMD6aU'],
    ['a string at the top', 'just a string', 'P-Ad71Sxxs15Wy6_y6tkFQ9qUHvOBDBAxmLGgu6_7R4'],
  ];

  it.each(pinned)('%s', (_what, content, hash) => {
    expect(contentHash(content)).toBe(hash);
  });

  it('is the sha256 (base64url) of the canonical JSON: keys sorted, empty values dropped', () => {
    const canonicalJson = '{"active":false,"email":"coach@club.example","firstName":"Coach"}';
    expect(contentHash({ firstName: 'Coach', lastName: '', email: 'coach@club.example', active: false })).toBe(
      createHash('sha256').update(canonicalJson).digest('base64url'),
    );
  });
});

describe('contentHash on node 20 releases without crypto.hash', () => {
  it('falls back to createHash and gives the same hashes', () => {
    const real = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    jest.isolateModules(() => {
      const createHash = jest.fn(real.createHash);
      const older = { ...real, hash: undefined, createHash };
      jest.doMock('node:crypto', () => ({ ...older, default: older }));
      const fallback = (jest.requireActual('./content-hash') as typeof import('./content-hash')).contentHash;
      expect(fallback({ name: 'Walk-in', active: true })).toBe('59k7hEkJGezzCMNN4EEKomTNd-qdfwKB1lyre_PaWfQ');
      expect(createHash).toHaveBeenCalledWith('sha256');
    });
  });
});
