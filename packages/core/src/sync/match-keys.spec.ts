import { lifecycleChange, lifecycleOf } from './lifecycle';
import { personMatchKeys } from './match-keys';

describe('personMatchKeys', () => {
  it('ignores case, accents, spaces and punctuation in names, spaces and case in emails, all but digits in phones', () => {
    const a = personMatchKeys({ firstName: 'Mary-Ann', lastName: "O'Néil", email: ' MaryAnn@Example.com ', mobile: '(604) 555-0100' });
    const b = personMatchKeys({ firstName: 'MARY ANN', lastName: 'oneil', email: 'maryann@example.com', mobile: '604.555.0100' });
    expect(a).toEqual({ name: 'maryann oneil', email: 'maryann@example.com', mobile: '6045550100' });
    expect(b).toEqual(a);
  });

  it('has no name key when either name is blank or punctuation only', () => {
    expect(personMatchKeys({ firstName: '--', lastName: 'Doe' }).name).toBe('');
    expect(personMatchKeys({ firstName: 'Jane', lastName: null })).toEqual({ name: '', email: '', mobile: '' });
  });
});

describe('the member lifecycle', () => {
  it('calls a MEMBER who is INACTIVE a former member, and names each change', () => {
    expect(lifecycleOf({ userType: 'PROSPECT', userStatus: 'INACTIVE' })).toBe('prospect');
    expect(lifecycleOf({ userType: 'MEMBER', userStatus: 'ACTIVE' })).toBe('member');
    expect(lifecycleOf({ userType: 'MEMBER', userStatus: 'INACTIVE' })).toBe('former member');
    expect(lifecycleChange('prospect', 'member')).toBe('became a member');
    expect(lifecycleChange('member', 'former member')).toBe('became a former member');
    expect(lifecycleChange('former member', 'member')).toBe('is a member again');
    expect(lifecycleChange('member', 'member')).toBeUndefined();
    expect(lifecycleChange(undefined, 'prospect')).toBeUndefined();
  });
});
