import { ConnectorError } from '../errors/connector-error';
import type { FindOperations, PersonQuery } from '../plugin/operations';

/** What a look-up before a create found: the ID to keep, and the others the platform also holds. */
export interface FoundPerson {
  /** The platform record the hub links (the oldest the platform listed). */
  keep?: string;
  /** Further records for the same hub person: duplicates an operator should merge. */
  others: string[];
}

/**
 * Looks a person up before a create that may already have happened, or before a first create: with
 * `findAll` where the plugin has it (so a duplicate made earlier is seen), else with `find`.
 */
export async function findPerson(find: FindOperations, query: PersonQuery): Promise<FoundPerson> {
  if (!find.findAll) {
    const keep = await find.find(query);
    return { keep, others: [] };
  }
  const ids = [...new Set(await find.findAll(query))];
  return { keep: ids[0], others: ids.slice(1) };
}

function listIds(ids: string[]): string {
  return ids.length === 1 ? ids[0] : `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

/** How the platform's record was matched to the hub's person, in words: the fields `isSamePerson` compared. */
export function matchedBy(query: PersonQuery): string {
  return query.person.email?.trim() ? 'name and email' : 'name and mobile';
}

/**
 * The WARNING line for a duplicate, e.g. "Jane Doe (prospect) exists twice in Acme: p-7 and p-9; the hub
 * keeps p-7". `who` is the person as the log describes them.
 */
export function duplicateWarning(who: string, platformName: string, found: FoundPerson): string {
  const ids = [found.keep!, ...found.others];
  const times = ids.length === 2 ? 'twice' : `${ids.length} times`;
  return `${who} exists ${times} in ${platformName}: ${listIds(ids)}; the hub keeps ${found.keep}`;
}

/**
 * Several platform records match a person the hub has never sent there: the hub cannot tell which one is
 * theirs, so it neither links nor creates (a create would add one more). A permanent failure, so the
 * delivery is a dead letter an operator replays once the platform holds one record for the person.
 */
export function ambiguousMatch(platformName: string, query: PersonQuery, found: FoundPerson): ConnectorError {
  const ids = [found.keep!, ...found.others];
  return new ConnectorError(
    'AMBIGUOUS_MATCH',
    `${ids.length} ${platformName} records match by ${matchedBy(query)}: ${listIds(ids)}; nothing was created or linked. ` +
      `Merge them in ${platformName} (or turn on mergeDuplicates where the platform can merge), then replay this delivery`,
    { retryable: false },
  );
}

/** What {@link mergeDuplicates} did. */
export interface MergeOutcome {
  /** The IDs merged into `keep`. */
  merged: string[];
  /** One line per merge the platform refused or failed: those duplicates stay for an operator. */
  failures: string[];
}

/**
 * Merges every other record into `found.keep`, one at a time. A failed merge does not fail the delivery
 * (the record kept is still the person's): it is reported, like a duplicate that cannot be merged.
 */
export async function mergeDuplicates(
  find: FindOperations,
  query: PersonQuery,
  found: FoundPerson,
  redact: (message: string) => string,
): Promise<MergeOutcome> {
  const outcome: MergeOutcome = { merged: [], failures: [] };
  for (const duplicate of found.others) {
    try {
      await find.merge!(found.keep!, duplicate, query);
      outcome.merged.push(duplicate);
    } catch (error) {
      outcome.failures.push(`could not merge ${duplicate} into ${found.keep}: ${redact((error as Error).message)}; an operator should merge them`);
    }
  }
  return outcome;
}
