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
