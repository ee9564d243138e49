import type { Person } from '../model/person';

/**
 * Where a person is in the member lifecycle. The 2011-11 model has no "former member": a MEMBER whose
 * userStatus is INACTIVE is one (the platform says expired, terminated or inactive); a MEMBER ACTIVE is
 * a member, a PROSPECT a prospect (active or not).
 */
export type Lifecycle = 'prospect' | 'member' | 'former member';

/** The lifecycle stage of a person (see {@link Lifecycle}). */
export function lifecycleOf(person: Pick<Person, 'userType' | 'userStatus'>): Lifecycle {
  if (person.userType !== 'MEMBER') return 'prospect';
  return person.userStatus === 'INACTIVE' ? 'former member' : 'member';
}

/** What a change of stage is called in the Connector Log, or undefined when the stage is the same. */
export function lifecycleChange(before: Lifecycle | undefined, after: Lifecycle): string | undefined {
  if (before === after) return undefined;
  if (after === 'member') return before === 'former member' ? 'is a member again' : 'became a member';
  if (after === 'former member') return 'became a former member';
  return before ? 'is a prospect again' : undefined;
}
