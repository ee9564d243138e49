/**
 * Who a person is, as the hub or a platform holds them: what {@link isSamePerson} compares. Platforms
 * answer `null` for an empty field, so every field takes it.
 */
export interface PersonIdentity {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  mobile?: string | null;
}

/**
 * A name as people compare names: accents, case, surrounding spaces and runs of inner whitespace do not
 * matter (`"  José   NÚÑEZ "` → `"jose nunez"`). Punctuation does: `Mary-Ann` is not `Mary Ann`, since
 * a platform that keeps the hyphen may hold two such people.
 */
export function normalizePersonName(name: string | null | undefined): string {
  return (
    (name ?? '')
      .normalize('NFKD')
      // NFKD splits an accented letter into the letter and its combining marks; the marks go.
      .replace(/\p{M}/gu, '')
      .trim()
      .replace(/\s+/g, ' ')
      .toLowerCase()
  );
}

/** An email as mail systems compare it in practice: surrounding spaces and case do not matter. */
export function normalizeEmail(email: string | null | undefined): string {
  return (email ?? '').trim().toLowerCase();
}

/** The digits of a phone number, so `(604) 555 0100` and `604-555-0100` are the same number. */
export function phoneDigits(phone: string | null | undefined): string {
  return (phone ?? '').replace(/\D/g, '');
}

/** True when both first and last names are the same by {@link normalizePersonName}, and neither is blank. */
export function namesMatch(a: PersonIdentity, b: PersonIdentity): boolean {
  const [firstA, lastA] = [normalizePersonName(a.firstName), normalizePersonName(a.lastName)];
  return firstA !== '' && lastA !== '' && firstA === normalizePersonName(b.firstName) && lastA === normalizePersonName(b.lastName);
}

/**
 * Whether `candidate`, a person a platform holds, is `person`, the hub's: the one meaning of "the same
 * person" behind every plugin's `find`, the look-up that keeps a delivery retried after a crash from
 * creating a second record. The same person has
 * 1. the same first and last name ({@link namesMatch}: accents, case and spacing ignored), and
 * 2. the same email ({@link normalizeEmail}) when the hub's person has one, else the same mobile number
 *    ({@link phoneDigits}) when it has one.
 *
 * A person with neither email nor mobile matches nobody: claiming a namesake would overwrite someone
 * else, while not finding costs at worst a duplicate that the platform or an operator can see.
 *
 * @example
 * ```ts
 * isSamePerson({ firstName: 'jose', lastName: 'NUNEZ', email: 'Jose@Example.com' },
 *              { firstName: 'José', lastName: 'Núñez', email: 'jose@example.com' }); // true
 * ```
 */
export function isSamePerson(candidate: PersonIdentity, person: PersonIdentity): boolean {
  if (!namesMatch(candidate, person)) return false;
  const email = normalizeEmail(person.email);
  if (email) return normalizeEmail(candidate.email) === email;
  const mobile = phoneDigits(person.mobile);
  return mobile !== '' && phoneDigits(candidate.mobile) === mobile;
}
