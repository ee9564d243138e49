import { ConfigurationError, type Person, type PersonWrite } from '@connector/core/plugin';
import { fullProspect } from '../../test/support/mindbody-fixtures';
import { droppedPersonFields, toAddClientRequest, toUpdateClientRequest } from './client.mapper';

const club = { hubClubId: 'club-1', platformClubId: '7', timeZone: 'America/New_York' };

function person(overrides: Partial<Person> = {}): Person {
  // Untrimmed first name: the mapper trims.
  return fullProspect({ firstName: ' Jane ', ownerEmail: 'sam@example.com', ...overrides });
}

function write(p: Person, extra: Partial<PersonWrite> = {}): PersonWrite {
  return { hubId: 'hub-1', person: p, club, ownerId: '100001', leadSourceId: 'Website', ...extra };
}

describe('client mapper', () => {
  it('maps every person field MINDBODY has onto AddClientRequest', () => {
    expect(toAddClientRequest(write(person()))).toEqual({
      FirstName: 'Jane',
      LastName: 'Doe',
      IsProspect: true,
      Active: true,
      Email: 'jane.doe@example.com',
      MobilePhone: '555-0101',
      HomePhone: '555-0102',
      WorkPhone: '555-0103',
      AddressLine1: '1 Main Street',
      AddressLine2: 'Apt 4',
      City: 'Springfield',
      State: 'IL',
      PostalCode: '12345',
      Country: 'US',
      BirthDate: '1990-02-03T00:00:00Z',
      Gender: 'Female',
      ReferredBy: 'Website',
      SalesReps: [{ Id: 100001, SalesRepNumber: 1 }],
      HomeLocation: { Id: 7 },
      CreationDate: '2024-05-06T07:08:09.000Z',
    });
  });

  it('sends a member as IsProspect false and an inactive person as Active false', () => {
    const request = toAddClientRequest(write(person({ userType: 'MEMBER', userStatus: 'INACTIVE', gender: 'M' })));
    expect(request).toMatchObject({ IsProspect: false, Active: false, Gender: 'Male' });
  });

  it('leaves out blank and missing values, and the owner and lead source core did not resolve', () => {
    const bare = person({ email: '  ', mobile: '', birthdate: undefined, gender: undefined, createdDate: undefined });
    const request = toAddClientRequest(write(bare, { ownerId: undefined, leadSourceId: undefined }));
    for (const key of ['Email', 'MobilePhone', 'BirthDate', 'Gender', 'SalesReps', 'ReferredBy', 'CreationDate']) {
      expect(request).not.toHaveProperty(key);
    }
  });

  it('updates the client by its ID with the same fields, without the creation date', () => {
    const request = toUpdateClientRequest('100000042', write(person({ userType: 'MEMBER' })));
    expect(request.Client).toMatchObject({ Id: '100000042', FirstName: 'Jane', IsProspect: false, HomeLocation: { Id: 7 } });
    expect(request.Client).not.toHaveProperty('CreationDate');
    expect(request).not.toHaveProperty('CrossRegionalUpdate');
  });

  it('carries neither company nor who changed the record, and says so', () => {
    const request = JSON.stringify(toAddClientRequest(write(person())));
    expect(request).not.toMatch(/Acme Corp|frontdesk|manager|2024-05-07/);
    expect(droppedPersonFields(person())).toEqual(['company', 'createdBy', 'modifiedBy', 'modifiedDate']);
    expect(droppedPersonFields(person({ company: undefined, createdBy: undefined, modifiedBy: undefined, modifiedDate: undefined }))).toEqual([]);
  });

  it('sends a creation date only when it is a date', () => {
    expect(toAddClientRequest(write(person({ createdDate: '2024-05-06' }))).CreationDate).toBe('2024-05-06T00:00:00Z');
    const vague = person({ createdDate: 'last Tuesday' });
    expect(toAddClientRequest(write(vague))).not.toHaveProperty('CreationDate');
    expect(droppedPersonFields(vague)).toContain('createdDate');
  });

  it('refuses a club mapped to something that is not a MINDBODY location ID, naming the club', () => {
    const bad = { ...club, platformClubId: 'downtown' };
    expect(() => toAddClientRequest(write(person(), { club: bad }))).toThrow(ConfigurationError);
    expect(() => toAddClientRequest(write(person(), { club: bad }))).toThrow(/club club-1 is mapped to "downtown"/);
  });
});
