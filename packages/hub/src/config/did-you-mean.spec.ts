import { closestName, editDistance } from './did-you-mean';

describe('did you mean', () => {
  it('counts a swap of two neighbours as one edit', () => {
    expect(editDistance('platfroms', 'platforms')).toBe(1);
    expect(editDistance('prot', 'port')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests the same name in another case, or a near one, and nothing for an unrelated name', () => {
    expect(closestName('timezone', ['id', 'name', 'timeZone'])).toBe('timeZone');
    expect(closestName('platfroms', ['id', 'name', 'clubs', 'platforms'])).toBe('platforms');
    expect(closestName('colour', ['plugin', 'platform', 'clubs', 'options'])).toBeUndefined();
    // Short names get one edit at most: `ids` is not `id` + two letters.
    expect(closestName('nm', ['id', 'name'])).toBeUndefined();
    expect(closestName('nam', ['id', 'name'])).toBe('name');
  });
});
