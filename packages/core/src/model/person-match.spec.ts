import { isSamePerson, namesMatch, normalizeEmail, normalizePersonName, phoneDigits } from './person-match';

describe('normalizePersonName', () => {
  it.each([
    ['José', 'jose'],
    ['  Núñez ', 'nunez'],
    ['Mary  Ann', 'mary ann'],
    ['Mary\t\nAnn', 'mary ann'],
    ['Zoë\u00a0Brontë', 'zoe bronte'],
    ['ÅSA', 'asa'],
    ['Mary-Ann', 'mary-ann'],
    ['   ', ''],
  ])('%j → %j', (name, expected) => {
    expect(normalizePersonName(name)).toBe(expected);
  });

  it('takes a missing name as blank', () => {
    expect(normalizePersonName(undefined)).toBe('');
    expect(normalizePersonName(null)).toBe('');
  });
});

describe('normalizeEmail and phoneDigits', () => {
  it('ignores the case and spaces around an email, and everything but the digits of a phone', () => {
    expect(normalizeEmail(' Jane@Example.COM ')).toBe('jane@example.com');
    expect(normalizeEmail(null)).toBe('');
    expect(phoneDigits('(604) 555 0100')).toBe('6045550100');
    expect(phoneDigits('+1 604-555-0100')).toBe('16045550100');
    expect(phoneDigits(undefined)).toBe('');
  });
});

describe('namesMatch', () => {
  it.each([
    [{ firstName: 'Ada', lastName: 'Lovelace' }, { firstName: 'ada', lastName: 'LOVELACE' }, true],
    [{ firstName: 'José', lastName: 'Núñez' }, { firstName: 'Jose', lastName: 'Nunez' }, true],
    [{ firstName: 'Mary  Ann', lastName: ' Smith' }, { firstName: 'Mary Ann', lastName: 'Smith' }, true],
    [{ firstName: 'Ada', lastName: 'Lovelace' }, { firstName: 'Ada', lastName: 'King' }, false],
    [{ firstName: 'Ada', lastName: 'Lovelace' }, { firstName: 'Augusta', lastName: 'Lovelace' }, false],
    [{ firstName: 'Mary-Ann', lastName: 'Smith' }, { firstName: 'Mary Ann', lastName: 'Smith' }, false],
    [{ firstName: '', lastName: '' }, { firstName: ' ', lastName: '' }, false],
    [{ firstName: 'Ada', lastName: null }, { firstName: 'Ada', lastName: undefined }, false],
  ])('%j vs %j → %s', (a, b, expected) => {
    expect(namesMatch(a, b)).toBe(expected);
  });
});

describe('isSamePerson', () => {
  const jane = { firstName: 'Jane', lastName: 'Doe', email: 'Jane@Example.com', mobile: '604-555-0100' };

  it('matches the names and the email, case, accents and spacing ignored', () => {
    expect(isSamePerson({ firstName: ' JANE', lastName: 'doe ', email: 'jane@example.com ' }, jane)).toBe(true);
    expect(isSamePerson({ firstName: 'Jané', lastName: 'Doe', email: 'JANE@EXAMPLE.COM' }, jane)).toBe(true);
  });

  it('does not take someone else with the same email, nor a namesake with another email', () => {
    expect(isSamePerson({ firstName: 'Janet', lastName: 'Doe', email: 'jane@example.com' }, jane)).toBe(false);
    expect(isSamePerson({ firstName: 'Jane', lastName: 'Doe', email: 'other@example.com' }, jane)).toBe(false);
    // The person has an email: a candidate without one is not taken on the mobile alone.
    expect(isSamePerson({ firstName: 'Jane', lastName: 'Doe', mobile: '6045550100' }, jane)).toBe(false);
  });

  it('uses the mobile number (digits) only when the person has no email', () => {
    const noEmail = { ...jane, email: '  ' };
    expect(isSamePerson({ firstName: 'Jane', lastName: 'Doe', mobile: '(604) 555 0100' }, noEmail)).toBe(true);
    expect(isSamePerson({ firstName: 'Jane', lastName: 'Doe', email: 'jane@example.com', mobile: '604.555.0100' }, noEmail)).toBe(true);
    expect(isSamePerson({ firstName: 'Jane', lastName: 'Doe', mobile: '604-555-0199' }, noEmail)).toBe(false);
  });

  it('never matches on the names alone', () => {
    const nameOnly = { firstName: 'Jane', lastName: 'Doe' };
    expect(isSamePerson({ firstName: 'Jane', lastName: 'Doe' }, nameOnly)).toBe(false);
    expect(isSamePerson({ firstName: 'Jane', lastName: 'Doe', email: null, mobile: null }, { ...nameOnly, email: null, mobile: '' })).toBe(false);
  });
});
