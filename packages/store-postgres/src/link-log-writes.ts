import type pg from 'pg';
import { logEntryValues, type Link, type LogRow, type NewLogEntry } from '@connector/core';

type Queryable = Pick<pg.ClientBase, 'query'>;

/** Inserts the link, or replaces every field of the existing one (an absent `deliveredHash` clears it). */
export async function putLinkIn(client: Queryable, link: Omit<Link, 'updatedAt'>, nowIso: string): Promise<void> {
  await client.query(
    `INSERT INTO links (record_uuid, client_id, club_id, platform, platform_record_id, linked_type, delivered_hash, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (record_uuid, client_id, platform) DO UPDATE SET
       club_id = EXCLUDED.club_id, platform_record_id = EXCLUDED.platform_record_id, linked_type = EXCLUDED.linked_type,
       delivered_hash = EXCLUDED.delivered_hash, updated_at = EXCLUDED.updated_at`,
    [link.recordUuid, link.clientId, link.clubId, link.platform, link.platformRecordId, link.linkedType, link.deliveredHash ?? null, nowIso],
  );
}

/** Appends a Connector Log entry and answers its row. */
export async function insertLogIn(client: Queryable, entry: NewLogEntry, nowIso: string): Promise<LogRow> {
  const { rows } = await client.query<LogRow>(
    `INSERT INTO log_entries (client_id, club_id, level, direction, platform, record_uuid, delivery_id, person, summary, details, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
    logEntryValues(entry, nowIso),
  );
  return rows[0];
}
