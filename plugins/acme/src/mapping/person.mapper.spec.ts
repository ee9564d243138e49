import type { PersonWrite } from '@connector/core/plugin';
import { toAcmePerson } from './person.mapper';

const club = { hubClubId: 'hub-club', platformClubId: 'club-1', timeZone: 'UTC' };

function write(person: Partial<PersonWrite['person']>, extra: Partial<PersonWrite> = {}): PersonWrite {
  return {
    hubId: '0b7c5f1e-7d0e-4c1a-9d7e-1f2a3b4c5d6e',
    club,
    person: { firstName: 'Ada', lastName: 'Lovelace', userType: 'PROSPECT', userStatus: 'ACTIVE', ...person },
    ...extra,
  };
}

describe('toAcmePerson', () => {
  it('maps every field of the hub person to its place in Acme', () => {
    const body = toAcmePerson(
      write(
        {
          userStatus: 'INACTIVE',
          email: 'ada@example.com',
          birthdate: '1815-12-10',
          gender: 'F',
          company: 'Analytical Engines',
          mobile: '555-0100',
          homePhone: '555-0101',
          workPhone: '555-0102',
          address1: '12 St James Square',
          address2: 'Flat 2',
          city: 'London',
          state: 'Greater London',
          zipcode: 'SW1Y 4JH',
          country: 'gb',
          ownerEmail: 'sam@club.example',
          leadSource: 'Web',
          createdBy: 'crm-user',
          createdDate: '2024-01-02T03:04:05Z',
        },
        { ownerId: 's-1', leadSourceId: 'ls-1' },
      ),
    );
    expect(body).toEqual({
      externalRef: '0b7c5f1e-7d0e-4c1a-9d7e-1f2a3b4c5d6e',
      firstName: 'Ada',
      lastName: 'Lovelace',
      status: 'inactive',
      email: 'ada@example.com',
      birthDate: '1815-12-10',
      gender: 'female',
      company: 'Analytical Engines',
      phones: { mobile: '555-0100', home: '555-0101', work: '555-0102' },
      address: {
        line1: '12 St James Square',
        line2: 'Flat 2',
        city: 'London',
        region: 'Greater London',
        postalCode: 'SW1Y 4JH',
        country: 'GB',
      },
      ownerStaffId: 's-1',
      leadSourceId: 'ls-1',
    });
  });

  it('sends only names, status and the reference for a minimal person', () => {
    expect(toAcmePerson(write({}))).toEqual({
      externalRef: '0b7c5f1e-7d0e-4c1a-9d7e-1f2a3b4c5d6e',
      firstName: 'Ada',
      lastName: 'Lovelace',
      status: 'active',
    });
  });

  it('treats blank values as absent, so Acme does not reject an empty email', () => {
    const body = toAcmePerson(write({ email: '  ', mobile: '', city: ' ', firstName: ' Ada ' }, { ownerId: '' }));
    expect(body).toEqual({ externalRef: expect.any(String), firstName: 'Ada', lastName: 'Lovelace', status: 'active' });
  });

  it('sends only the phone and address parts the person has', () => {
    const body = toAcmePerson(write({ workPhone: '555-0102', zipcode: '10001', gender: 'M' }));
    expect(body).toMatchObject({ gender: 'male', phones: { work: '555-0102' }, address: { postalCode: '10001' } });
    expect(Object.keys(body.phones ?? {})).toEqual(['work']);
    expect(Object.keys(body.address ?? {})).toEqual(['postalCode']);
  });

  it('does not put the hub type, owner email or lead source name in the body', () => {
    const body = toAcmePerson(write({ userType: 'MEMBER', ownerEmail: 'sam@club.example', leadSource: 'Web' }));
    expect(JSON.stringify(body)).not.toMatch(/MEMBER|sam@club\.example|Web/);
  });
});
