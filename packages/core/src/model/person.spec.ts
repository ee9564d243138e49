import { personSchema } from './person';
import { parseOrThrow } from './validate';

describe('the person model', () => {
  it('accepts the minimum the original hub required, and no invented length limits', () => {
    const person = parseOrThrow(personSchema, { firstName: 'A', lastName: 'B'.repeat(5000), userType: 'PROSPECT', userStatus: 'ACTIVE' }, 'user');
    expect(person.lastName).toHaveLength(5000);
  });

  it('names every wrong field and why', () => {
    expect(() => parseOrThrow(personSchema, { firstName: 'A', userType: 'LEAD', userStatus: 'ACTIVE', birthdate: '12/03/1972' }, 'user')).toThrow(
      'user is not valid: lastName: is required; userType: must be PROSPECT or MEMBER; birthdate: must be a date as yyyy-mm-dd',
    );
    let caught: unknown;
    try {
      parseOrThrow(personSchema, { firstName: 'A', userType: 'PROSPECT', userStatus: 'ACTIVE' }, 'user');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'VALIDATION', field: 'lastName', retryable: false });
  });
});
