import type pg from 'pg';
import { personMatchKeys } from '@connector/core';

type Queryable = Pick<pg.ClientBase, 'query'>;

/** The SmartMatch keys of one person record, as `person_keys` holds them. */
export interface PersonKeysRow {
  uuid: string;
  clientId: string;
  name: string;
  email: string;
  mobile: string;
}

/** The keys of a person record's content (see core's `personMatchKeys`). */
export function personKeysOf(uuid: string, clientId: string, content: unknown): PersonKeysRow {
  return { uuid, clientId, ...personMatchKeys(content as Parameters<typeof personMatchKeys>[0]) };
}

/**
 * Writes the SmartMatch keys of person records in one statement (the last of one record wins), in the
 * transaction that saves them: the keys always follow the content.
 */
export async function putPersonKeysIn(client: Queryable, rows: Iterable<PersonKeysRow>): Promise<void> {
  const byUuid = new Map<string, PersonKeysRow>();
  for (const row of rows) byUuid.set(row.uuid, row);
  if (byUuid.size === 0) return;
  const list = [...byUuid.values()];
  await client.query(
    `INSERT INTO person_keys (record_uuid, client_id, name_key, email_key, mobile_key)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
     ON CONFLICT (record_uuid) DO UPDATE SET name_key = EXCLUDED.name_key, email_key = EXCLUDED.email_key, mobile_key = EXCLUDED.mobile_key`,
    [list.map((r) => r.uuid), list.map((r) => r.clientId), list.map((r) => r.name), list.map((r) => r.email), list.map((r) => r.mobile)],
  );
}

/**
 * Fills the keys of the person records a schema held before two-way sync: run by the migration that adds
 * `person_keys`, in its transaction (hubs starting together wait for it; a failure leaves no half-filled table).
 */
export async function backfillPersonKeys(client: pg.ClientBase): Promise<void> {
  // In slices by insertion order: a schema may hold millions of records.
  for (let after = 0; ;) {
    const { rows } = await client.query<{ seq: number; uuid: string; client_id: string; content: string }>(
      "SELECT seq, uuid, client_id, content FROM records WHERE kind = 'person' AND seq > $1 ORDER BY seq LIMIT 1000",
      [after],
    );
    if (rows.length === 0) return;
    await putPersonKeysIn(
      client,
      rows.map((row) => personKeysOf(row.uuid, row.client_id, JSON.parse(row.content))),
    );
    after = Number(rows[rows.length - 1].seq);
  }
}
