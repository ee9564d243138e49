import type pg from 'pg';

type Queryable = Pick<pg.ClientBase, 'query'>;

/** A record a transaction created or changed, and who made the change. */
export interface RecordChangeMark {
  uuid: string;
  changedBy: string;
}

/**
 * Numbers the record changes of one transaction from the store's change sequence, as its LAST statement
 * before COMMIT: one `UPDATE` of the counter row `change_sequence` takes as many numbers as there are
 * changed records and writes them, in the order given, into those records.
 *
 * Why a counter row and not a Postgres SEQUENCE: `nextval` hands out numbers at once, so with two
 * concurrent transactions number 11 can commit (and be read by a feed reader) before number 10 does, and
 * a reader that already moved past 11 would never see 10. The counter row is locked by the UPDATE until
 * COMMIT: the next transaction that changes records waits for it, reads its committed value and takes the
 * numbers after it, so numbers become visible strictly in commit order, and a reader whose snapshot holds
 * counter value N sees every change numbered up to N. Taking the numbers at the end, after the records
 * were written, keeps the serialized part short (this statement and the commit); transactions that change
 * nothing (unchanged saves, claims, completions) never touch the counter. It locks only rows the
 * transaction already holds, after the counter, so it adds no deadlock.
 *
 * A record changed twice in one transaction (two saves of one origin in a batch) is one change, at the
 * place of its last save.
 */
export async function numberChangesIn(client: Queryable, marks: readonly RecordChangeMark[]): Promise<void> {
  if (marks.length === 0) return;
  const last = new Map<string, string>();
  // Re-inserting moves a record to its latest position in the map's order.
  for (const mark of marks) {
    last.delete(mark.uuid);
    last.set(mark.uuid, mark.changedBy);
  }
  await client.query(
    `WITH counter AS (
       UPDATE change_sequence SET last_seq = last_seq + $3 WHERE id = 1 RETURNING last_seq - $3 AS base
     )
     UPDATE records AS r SET change_seq = counter.base + v.n, changed_by = v.changed_by
     FROM counter, unnest($1::text[], $2::text[]) WITH ORDINALITY AS v(uuid, changed_by, n)
     WHERE r.uuid = v.uuid`,
    [[...last.keys()], [...last.values()], last.size],
  );
}

/** The last number taken by a committed transaction, read by `listChanges` in the snapshot of its page. */
export const LAST_SEQ = 'SELECT last_seq FROM change_sequence WHERE id = 1';
