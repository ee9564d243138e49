/** What a load request carries: one 2011-11 XML user, or a JSON batch of users. */
export type BodySpec =
  | { kind: 'xml-user'; provider: string; clientId: string; clubId: string; prefix: string }
  | { kind: 'json-batch'; provider: string; clientId: string; clubId: string; prefix: string; items: number };

/** A request body and the number of records in it. */
export interface Body {
  text: string;
  records: number;
}

/** The user fields every bench record carries (the 2011-11 example's, made distinct by `i`). */
function userFields(i: number) {
  return {
    firstname: 'Bench',
    lastname: `Person${i}`,
    birthdate: '1972-03-12',
    gender: 'M',
    userStatus: 'ACTIVE',
    userType: 'PROSPECT',
    address1: '1234 Fake St',
    city: 'Spuzzum',
    zipcode: '12345',
    state: 'WA',
    country: 'US',
    mobile: '555-555-5555',
    email: `bench.person${i}@example.com`,
    modifiedDate: '2012-04-10T04:11:07.023Z',
  };
}

/** The body of `POST /connector/api/2011-11/user` for record `i` (recordID `<prefix>-<i>`). */
export function xmlUser(spec: { provider: string; clientId: string; clubId: string; prefix: string }, i: number): string {
  const info = Object.entries(userFields(i))
    .map(([k, v]) => `<${k}>${v}</${k}>`)
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?><user><providerInfo><identifier>${spec.provider}</identifier><clientID>${spec.clientId}</clientID>` +
    `<clubID>${spec.clubId}</clubID><recordID>${spec.prefix}-${i}</recordID></providerInfo><userInfo>${info}</userInfo></user>`
  );
}

/** One item of `POST /api/v1/users/batch` (JSON API names). */
export function jsonUser(spec: { clientId: string; clubId: string; prefix: string }, i: number) {
  const f = userFields(i);
  return {
    clientId: spec.clientId,
    clubId: spec.clubId,
    recordId: `${spec.prefix}-${i}`,
    user: {
      firstName: f.firstname,
      lastName: f.lastname,
      birthdate: f.birthdate,
      gender: f.gender,
      userStatus: f.userStatus,
      userType: f.userType,
      address1: f.address1,
      city: f.city,
      zipcode: f.zipcode,
      state: f.state,
      country: f.country,
      mobile: f.mobile,
      email: f.email,
      modifiedDate: f.modifiedDate,
    },
  };
}

/** Makes the n-th body of a run: every record has a recordID of its own, so every save is a new record. */
export function bodyFactory(spec: BodySpec): (n: number) => Body {
  if (spec.kind === 'xml-user') return (n) => ({ text: xmlUser(spec, n), records: 1 });
  return (n) => {
    const items = Array.from({ length: spec.items }, (_, j) => jsonUser(spec, n * spec.items + j));
    return { text: JSON.stringify(items), records: spec.items };
  };
}
