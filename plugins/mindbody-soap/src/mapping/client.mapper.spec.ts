import fs from 'node:fs';
import { isSamePerson, type Person, type PersonWrite } from '@connector/core/plugin';
import { findMindbodySpecs } from '../simulator/vendor-specs';
import { clientIdentity, droppedPersonFields, toMindbodyClient } from './client.mapper';

const everything: Person = {
  firstName: ' Jane ',
  lastName: 'Doe',
  userType: 'PROSPECT',
  userStatus: 'INACTIVE',
  birthdate: '1990-02-03',
  gender: 'M',
  address1: 'a1',
  address2: 'a2',
  city: 'c',
  zipcode: 'z',
  state: 's',
  country: 'us',
  mobile: 'm',
  email: 'e@x.io',
  homePhone: 'h',
  workPhone: 'w',
};

function write(person: Partial<Person>, extra: Partial<PersonWrite> = {}): PersonWrite {
  return {
    hubId: 'h',
    person: { ...everything, ...person } as Person,
    club: { hubClubId: 'club-1', platformClubId: '7', timeZone: 'UTC' },
    ...extra,
  };
}

describe('toMindbodyClient', () => {
  it('maps every person field MINDBODY has, and the owner, lead source and club', () => {
    expect(toMindbodyClient(write({}, { ownerId: '42', leadSourceId: 'Friend' }), { isProspect: true, salesRepNumber: 3, id: '100' })).toEqual({
      Gender: 'Male',
      Inactive: true,
      Reps: { Rep: [{ ID: 3, Staff: { ID: '42', isMale: false } }] },
      ID: '100',
      FirstName: 'Jane',
      LastName: 'Doe',
      Email: 'e@x.io',
      AddressLine1: 'a1',
      AddressLine2: 'a2',
      City: 'c',
      State: 's',
      PostalCode: 'z',
      Country: 'US',
      MobilePhone: 'm',
      HomePhone: 'h',
      WorkPhone: 'w',
      BirthDate: '1990-02-03T00:00:00',
      ReferredBy: 'Friend',
      HomeLocation: { ID: 7 },
      IsProspect: true,
    });
  });

  it('leaves out what the person does not have (blank included), so MINDBODY keeps its value', () => {
    const client = toMindbodyClient(write({ email: '  ', mobile: undefined, gender: undefined, birthdate: undefined }), {
      isProspect: false,
      salesRepNumber: 1,
    });
    expect(Object.keys(client)).not.toEqual(expect.arrayContaining(['Email']));
    expect(client).not.toHaveProperty('MobilePhone');
    expect(client).not.toHaveProperty('Gender');
    expect(client).not.toHaveProperty('Reps');
    expect(client).not.toHaveProperty('ID');
    expect(client.IsProspect).toBe(false);
  });

  it('refuses a club mapped to something that is not a MINDBODY location ID, naming the club', () => {
    expect(() =>
      toMindbodyClient(write({}, { club: { hubClubId: 'club-9', platformClubId: 'north', timeZone: 'UTC' } }), { isProspect: true, salesRepNumber: 1 }),
    ).toThrow(/club club-9 maps to "north", which is not a MINDBODY location ID/);
  });

  const specs = findMindbodySpecs();
  (specs ? it : it.skip)('writes its keys in the order of the WSDL Client sequence (node-soap writes key order)', () => {
    const wsdl = fs.readFileSync(specs!.clientServiceWsdl, 'utf8');
    const clientType = /<s:complexType name="Client">([\s\S]*?)<\/s:complexType>/.exec(wsdl)![1];
    const order = [...clientType.matchAll(/<s:element [^>]*name="(\w+)"/g)].map((m) => m[1]);
    const keys = Object.keys(toMindbodyClient(write({}, { ownerId: '1', leadSourceId: 'x' }), { isProspect: true, salesRepNumber: 1, id: '5' }));
    expect(keys.every((key) => order.includes(key))).toBe(true);
    expect([...keys].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(keys);
  });
});

describe('isSamePerson on a MINDBODY client', () => {
  const person = { ...everything, firstName: 'Jane', email: 'Jane@Example.com', mobile: '604-555-0100' };
  it('matches names and email, case ignored', () => {
    expect(isSamePerson(clientIdentity({ FirstName: 'JANE', LastName: 'doe', Email: 'jane@example.com' }), person)).toBe(true);
    expect(isSamePerson(clientIdentity({ FirstName: 'Janet', LastName: 'Doe', Email: 'jane@example.com' }), person)).toBe(false);
    expect(isSamePerson(clientIdentity({ FirstName: 'Jane', LastName: 'Doe', Email: 'other@example.com' }), person)).toBe(false);
  });
  it('uses the mobile number (digits) only when the person has no email, and never names alone', () => {
    const noEmail = { ...person, email: undefined };
    expect(isSamePerson(clientIdentity({ FirstName: 'Jane', LastName: 'Doe', MobilePhone: '(604) 555 0100' }), noEmail)).toBe(true);
    expect(isSamePerson(clientIdentity({ FirstName: 'Jane', LastName: 'Doe' }), { ...noEmail, mobile: undefined })).toBe(false);
  });
});

describe('droppedPersonFields', () => {
  it('names the hub fields a MINDBODY client has no place for, when the person has them', () => {
    expect(droppedPersonFields({ ...everything, company: 'Acme', createdDate: '2024-01-01', modifiedBy: ' ' })).toEqual(['company', 'createdDate']);
    expect(droppedPersonFields(everything)).toEqual([]);
  });
});
