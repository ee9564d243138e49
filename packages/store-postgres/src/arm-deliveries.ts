import type pg from 'pg';
import type { RecordRow, SaveRecordInput } from '@connector/core';
import { v7 as timeOrderedUUID } from 'uuid';

type Queryable = Pick<pg.ClientBase, 'query'>;

/** A record a save created or changed, and the save (whose `targets` get a delivery each). */
export interface DeliveryArm {
  row: RecordRow;
  input: Pick<SaveRecordInput, 'targets'>;
}

/**
 * Queues the (record, platform) deliveries of changed records, or re-arms their rows, in ONE statement:
 * due now with a fresh attempt count, even when done or dead. A leased row stays leased: its completion
 * will see the newer version. The records must be distinct (one statement cannot change a row twice);
 * a record's repeated targets are one delivery.
 *
 * Answers, for each arm in order, the IDs of its deliveries in the order of its targets.
 */
export async function armDeliveriesIn(client: Queryable, arms: readonly DeliveryArm[], nowMs: number, nowIso: string): Promise<string[][]> {
  const uuids: string[] = [];
  const platforms: string[] = [];
  const records: RecordRow[] = [];
  const wanted = arms.map(({ row, input }) => {
    const targets = [...new Set(input.targets)];
    for (const platform of targets) {
      uuids.push(row.uuid);
      platforms.push(platform);
      records.push(row);
    }
    return targets;
  });
  if (uuids.length === 0) return wanted.map(() => []);
  const { rows } = await client.query<{ id: string; record_uuid: string; platform: string }>(
    `INSERT INTO deliveries AS d
       (id, record_uuid, client_id, club_id, platform, kind, state, attempts, next_attempt_at, record_version, created_at, updated_at)
     SELECT v.id, v.record_uuid, v.client_id, v.club_id, v.platform, v.kind, 'pending', 0, $8, v.record_version, $9, $9
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::integer[])
       AS v(id, record_uuid, client_id, club_id, platform, kind, record_version)
     ON CONFLICT (record_uuid, platform) DO UPDATE SET
       state = CASE WHEN d.state = 'leased' THEN 'leased' ELSE 'pending' END,
       attempts = CASE WHEN d.state = 'leased' THEN d.attempts ELSE 0 END,
       next_attempt_at = CASE WHEN d.state = 'leased' THEN d.next_attempt_at ELSE EXCLUDED.next_attempt_at END,
       record_version = CASE WHEN d.state = 'leased' THEN d.record_version ELSE EXCLUDED.record_version END,
       last_error = CASE WHEN d.state = 'leased' THEN d.last_error ELSE NULL END,
       last_error_code = CASE WHEN d.state = 'leased' THEN d.last_error_code ELSE NULL END,
       updated_at = EXCLUDED.updated_at
     RETURNING id, record_uuid, platform`,
    [
      uuids.map(() => timeOrderedUUID()),
      uuids,
      records.map((r) => r.client_id),
      records.map((r) => r.club_id),
      platforms,
      records.map((r) => r.kind),
      records.map((r) => r.version),
      nowMs,
      nowIso,
    ],
  );
  const ids = new Map<string, string>();
  for (const row of rows) ids.set(`${row.record_uuid}\0${row.platform}`, row.id);
  return arms.map(({ row }, n) => wanted[n].map((platform) => ids.get(`${row.uuid}\0${platform}`)!));
}
