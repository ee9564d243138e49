import { describeRecord } from './describe-record';

describe('describeRecord', () => {
  it('names a person with email and type, as the Connector Log and the CLI show it', () => {
    expect(describeRecord('person', { firstName: 'Jane', lastName: 'Doe', email: 'jane@example.com', userType: 'PROSPECT' })).toEqual({
      person: 'Jane Doe <jane@example.com>',
      summary: 'Jane Doe <jane@example.com> (prospect)',
      label: 'Jane Doe (prospect)',
    });
  });

  it('names staff and lead sources', () => {
    expect(describeRecord('staff', { firstName: 'Sam', lastName: 'Sales', email: 'sam@club.example' })).toEqual({
      person: 'Sam Sales <sam@club.example>',
      summary: 'Staff Sam Sales <sam@club.example>',
      label: 'Staff sam@club.example',
    });
    expect(describeRecord('leadSource', { name: 'Facebook' })).toEqual({
      person: 'Facebook',
      summary: 'Lead source "Facebook"',
      label: 'Lead source "Facebook"',
    });
  });

  it('describes content that was refused: blanks, wrong types and unknown user types are left out', () => {
    expect(describeRecord('person', { firstName: '  ', lastName: 7, userType: 'VISITOR' })).toEqual({
      person: '(no name)',
      summary: '(no name)',
      label: '(no name)',
    });
    expect(describeRecord('leadSource', {})).toMatchObject({ summary: 'Lead source "(no name)"' });
  });
});
