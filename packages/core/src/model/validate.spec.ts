import { closestName, unknownFieldProblem } from './validate';

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
