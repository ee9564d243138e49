import { z } from 'zod';
import { clientSchema } from './client';
import { closestName, editDistance, unknownFieldProblem } from './did-you-mean';
import { parseOrThrow } from './validate';

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

  it('names the field that was meant when core refuses an unknown one, never its value', () => {
    const options = z.strictObject({ apiKey: z.string(), siteId: z.string() });
    expect(() => parseOrThrow(options, { apiKye: 'sup3r-secret', siteId: '1' }, 'options of acme')).toThrow(
      'options of acme is not valid: apiKey: Invalid input: expected string, received undefined; options of acme: unknown field apiKye (did you mean apiKey?)',
    );
    expect(() => parseOrThrow(clientSchema, { id: 'c1', clubs: [{ id: 'k1', timezone: 'UTC' }] }, 'client "c1"')).toThrow(
      'client "c1" is not valid: clubs.0: unknown field timezone (did you mean timeZone?)',
    );
    try {
      parseOrThrow(options, { apiKye: 'sup3r-secret', siteId: '1' }, 'options of acme');
    } catch (error) {
      expect(String(error)).not.toContain('sup3r-secret');
    }
  });
});

describe('unknown field names', () => {
  const known = ['provider', 'clientId', 'clubId', 'recordId', 'user', 'ownerEmail', 'timeZone', 'platforms'];

  it('suggests the known name a misspelt one meant: a swap, a missing or extra letter, another case', () => {
    expect(closestName('ownerEmial', known)).toBe('ownerEmail');
    expect(closestName('platfroms', known)).toBe('platforms');
    expect(closestName('users', known)).toBe('user');
    expect(closestName('clientID', known)).toBe('clientId');
    expect(closestName('timezone', known)).toBe('timeZone');
  });

  it('suggests nothing when no known name is close', () => {
    expect(closestName('shoeSize', known)).toBeUndefined();
    expect(closestName('zip', known)).toBeUndefined();
  });

  it('names the field where it was found, with the suggestion when there is one', () => {
    expect(unknownFieldProblem('user.ownerEmial', 'ownerEmial', known)).toBe('user.ownerEmial: unknown field (did you mean ownerEmail?)');
    expect(unknownFieldProblem('user.shoeSize', 'shoeSize', known)).toBe('user.shoeSize: unknown field');
  });
});
