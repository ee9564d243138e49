import { createHash } from 'node:crypto';
import { contentHash, encodeContent } from './content-hash';

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
      {
        firstName: 'Bench',
        lastName: 'Person42',
        birthdate: '1972-03-12',
        gender: 'M',
        userStatus: 'ACTIVE',
        userType: 'PROSPECT',
        address1: '1234 Fake St',
        city: 'Spuzzum',
        zipcode: '12345',
        state: 'WA',
        country: 'US',
        mobile: '555-555-5555',
        email: 'bench.person42@example.com',
        modifiedDate: '2012-04-10T04:11:07.023Z',
      },
      'dcaKHD-qMr5HWpsuCazAaRwr6Txj8JRRTC1Xc8qq6ec',
    ],
    [
      'a person with empty values, escapes and non-ASCII text',
      {
        userType: 'MEMBER',
        lastName: 'Müller',
        firstName: 'Zoë "Z" \\ O\'Brien',
        userStatus: 'INACTIVE',
        email: '',
        mobile: undefined,
        company: null,
        address2: ' ',
        ownerEmail: 'owner@club.example',
        leadSource: 'Web – Spring 🎉',
      },
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

/** The definition the stored hashes were made with: a sorted copy without empty values, stringified. */
function referenceHash(content: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value).sort()) {
        const item = (value as Record<string, unknown>)[key];
        if (item !== undefined && item !== null && item !== '') out[key] = canonical(item);
      }
      return out;
    }
    return value;
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(content)))
    .digest('base64url');
}

describe('contentHash writes the canonical JSON directly', () => {
  // A small deterministic generator (no dependency): values of every JSON kind and a few that are not.
  function random(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
      state = (state * 1664525 + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
  }
  const KEYS = ['firstName', 'lastName', 'email', 'a', 'B', '_', '10', '9', '0', '01', 'é', 'emoji🎉', 'z z', '"q"', '4294967295', '4294967294', 'constructor'];
  const LEAVES: unknown[] = ['', ' ', 'x', 'Zoë "Z" \\ \n', '🎉', 0, -0, 1.5, -2e21, NaN, Infinity, true, false, null, undefined, () => 1, new Date(0)];
  function value(next: () => number, depth: number): unknown {
    const roll = next();
    if (depth > 3 || roll < 0.5) return LEAVES[Math.floor(next() * LEAVES.length)];
    if (roll < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
    const object: Record<string, unknown> = {};
    const size = Math.floor(next() * 7);
    for (let i = 0; i < size; i++) object[KEYS[Math.floor(next() * KEYS.length)]] = value(next, depth + 1);
    return object;
  }

  it('gives the reference hash for 3,000 generated values, including shapes seen again in another key order', () => {
    const next = random(20261127);
    for (let i = 0; i < 3000; i++) {
      const content = value(next, 0);
      if (content === undefined || typeof content === 'function') continue;
      expect(contentHash(content)).toBe(referenceHash(content));
      if (content && typeof content === 'object' && !Array.isArray(content)) {
        const reversed = Object.fromEntries(Object.entries(content).reverse());
        expect(contentHash(reversed)).toBe(referenceHash(content));
      }
    }
  });

  it('encodeContent gives JSON.stringify and the reference hash together, for the same generated values', () => {
    const next = random(7);
    let objects = 0;
    for (let i = 0; i < 3000; i++) {
      const content = value(next, 0);
      if (!content || typeof content !== 'object') continue;
      objects += 1;
      expect(encodeContent(content)).toEqual({ json: JSON.stringify(content), hash: referenceHash(content) });
    }
    expect(objects).toBeGreaterThan(1000);
    // Values with their own toJSON (inherited, or a field of that name): each JSON as its definition says.
    const dated = { when: new Date(0), name: 'x', custom: { toJSON: () => 'own', b: 1 }, list: [{ toJSON: () => 2 }] };
    expect(encodeContent(dated)).toEqual({ json: JSON.stringify(dated), hash: referenceHash(dated) });
    const itself = { toJSON: () => ({ z: 1, a: '' }), name: 'y' };
    expect(encodeContent(itself)).toEqual({ json: JSON.stringify(itself), hash: referenceHash(itself) });
  });

  it('gives the reference hash for arrays with holes and for many shapes in turn', () => {
    // eslint-disable-next-line no-sparse-arrays
    const holes = [1, , 3];
    expect(contentHash({ list: holes })).toBe(referenceHash({ list: holes }));
    for (let n = 0; n < 40; n++) {
      const content = Object.fromEntries(Array.from({ length: n % 9 }, (_, i) => [`k${(i * 7 + n) % 11}`, `v${i}`]));
      expect(contentHash(content)).toBe(referenceHash(content));
    }
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
