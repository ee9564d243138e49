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

  const base = { firstName: 'A', lastName: 'B', userType: 'PROSPECT', userStatus: 'ACTIVE' } as const;
  const problem = (fields: Record<string, unknown>) => {
    try {
      parseOrThrow(personSchema, { ...base, ...fields }, 'user');
    } catch (error) {
      return error as { message: string; field?: string };
    }
    return undefined;
  };

  it('refuses a birthdate that is not a day of the calendar, naming the field', () => {
    expect(problem({ birthdate: '1990-02-31' })).toMatchObject({
      field: 'birthdate',
      message: 'user is not valid: birthdate: must be a real date: there is no such day',
    });
    expect(problem({ birthdate: '1990-13-45' })).toMatchObject({
      field: 'birthdate',
      message: 'user is not valid: birthdate: must be a real date: there is no such day',
    });
    expect(problem({ birthdate: '1990-02-29' })?.field).toBe('birthdate');
    expect(problem({ birthdate: '30/01/1990' })).toMatchObject({ field: 'birthdate', message: 'user is not valid: birthdate: must be a date as yyyy-mm-dd' });
    for (const day of ['1972-03-12', '2000-02-29', '1815-12-10', '1990-12-31']) expect(problem({ birthdate: day })).toBeUndefined();
  });

  it('takes createdDate and modifiedDate as ISO-8601 date-times or dates, and refuses the rest naming the field', () => {
    for (const stamp of ['2012-04-10T04:11:07.023Z', '2024-01-02T03:04:05Z', '2024-03-01T10:15:00+01:00', '2024-03-01T10:15:00', '2024-05-06']) {
      expect(problem({ createdDate: stamp, modifiedDate: stamp })).toBeUndefined();
    }
    expect(problem({ createdDate: 'yesterday' })).toMatchObject({
      field: 'createdDate',
      message: 'user is not valid: createdDate: must be an ISO-8601 date-time as 2012-04-10T04:11:07Z (or a date as 2012-04-10)',
    });
    expect(problem({ modifiedDate: '2012-02-30T04:11:07Z' })).toMatchObject({
      field: 'modifiedDate',
      message: 'user is not valid: modifiedDate: must be a real date and time: there is no such day or time',
    });
    expect(problem({ createdDate: '2012-04-10T25:00:00Z' })?.field).toBe('createdDate');
    expect(problem({ createdDate: '2012-04-10 04:11:07' })?.field).toBe('createdDate');
  });
});
