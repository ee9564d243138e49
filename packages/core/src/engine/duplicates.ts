import type { FindOperations, PersonQuery } from '../plugin/operations';

/** What a look-up before a create found: the ID to keep, and the others the platform also holds. */
export interface FoundPerson {
  /** The platform record the hub links (the oldest the platform listed). */
  keep?: string;
  /** Further records for the same hub person: duplicates an operator should merge. */
  others: string[];
}

/**
 * Looks a person up before a create that may already have happened: with `findAll` where the plugin has
 * it (so a duplicate made earlier is seen), else with `find`.
 */
export async function findPerson(find: FindOperations, query: PersonQuery): Promise<FoundPerson> {
  if (!find.findAll) {
    const keep = await find.find(query);
    return { keep, others: [] };
  }
  const ids = [...new Set(await find.findAll(query))];
  return { keep: ids[0], others: ids.slice(1) };
}

/**
 * The WARNING line for a duplicate, e.g. "Jane Doe (prospect) exists twice in Acme: p-7 and p-9; the hub
 * keeps p-7". `who` is the person as the log describes them.
 */
export function duplicateWarning(who: string, platformName: string, found: FoundPerson): string {
  const ids = [found.keep!, ...found.others];
  const times = ids.length === 2 ? 'twice' : `${ids.length} times`;
  const list = `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
  return `${who} exists ${times} in ${platformName}: ${list}; the hub keeps ${found.keep}`;
}
