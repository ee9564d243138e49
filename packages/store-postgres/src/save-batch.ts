import type pg from 'pg';
import { numberChangesIn, type RecordChangeMark } from './change-sequence';
import { personKeysOf, putPersonKeysIn, type PersonKeysRow } from './person-keys';
import { savedRecord, toHubRecord, type RecordRow, type SaveRecordInput, type SaveRecordResult } from '@connector/core';
import { v7 as timeOrderedUUID } from 'uuid';

type Queryable = Pick<pg.ClientBase, 'query'>;

/** The columns of a record read without its content (a save knows the content it wrote). */
export const RECORD_HEAD = "uuid, client_id, club_id, kind, origin_provider, origin_record_id, '' AS content, hash, version, created_at, updated_at";

/**
 * The record saves of ONE transaction (a group commit's batch, or a page of platform changes): each save
 * writes its record and queues its deliveries at once; what is kept beside the records (SmartMatch keys,
 * the change sequence) is gathered and written by {@link finish}, a statement each, before COMMIT.
 */
export class SaveBatch {
  /** The clients whose deliveries this transaction queued or re-armed: their workers are woken at commit. */
  readonly woken = new Set<string>();
  private readonly changes: RecordChangeMark[] = [];
  private readonly keys: PersonKeysRow[] = [];

  constructor(
    private readonly client: Queryable,
    private readonly nowMs: number,
    private readonly nowIso: string,
  ) {}

  /**
   * Saves one record by origin: one upsert that creates it, or changes it when the hash differs (the row
   * lock it takes orders concurrent saves of one origin from several hubs); an unchanged record is then read.
   */
  async save(input: SaveRecordInput): Promise<SaveRecordResult> {
    const content = input.contentJson ?? JSON.stringify(input.content);
    const { rows } = await this.client.query<RecordRow & { created: boolean }>(
      `INSERT INTO records AS r (uuid, client_id, club_id, kind, origin_provider, origin_record_id, content, hash, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9)
       ON CONFLICT (client_id, club_id, kind, origin_provider, origin_record_id) DO UPDATE
         SET content = EXCLUDED.content, hash = EXCLUDED.hash, version = r.version + 1, updated_at = EXCLUDED.updated_at
         WHERE r.hash <> EXCLUDED.hash
       RETURNING ${RECORD_HEAD}, (xmax = 0) AS created`,
      [
        input.uuid ?? timeOrderedUUID(),
        input.clientId,
        input.clubId,
        input.kind,
        input.origin.provider,
        input.origin.recordId,
        content,
        input.hash,
        this.nowIso,
      ],
    );
    if (rows.length === 0) {
      const existing = await this.client.query<RecordRow>(
        `SELECT ${RECORD_HEAD} FROM records WHERE client_id = $1 AND club_id = $2 AND kind = $3 AND origin_provider = $4 AND origin_record_id = $5`,
        [input.clientId, input.clubId, input.kind, input.origin.provider, input.origin.recordId],
      );
      return { record: savedRecord(existing.rows[0], input), created: false, changed: false, deliveryIds: [] };
    }
    return this.changed(rows[0], input, rows[0].created);
  }

  /**
   * Updates the record with this UUID (found by a link or by SmartMatch) when the hash differs. Answers
   * undefined when there is no such record (the caller saves by origin instead).
   */
  async updateByUuid(uuid: string, input: SaveRecordInput): Promise<SaveRecordResult | undefined> {
    const content = input.contentJson ?? JSON.stringify(input.content);
    const { rows } = await this.client.query<RecordRow>(
      `UPDATE records SET content = $2, hash = $3, version = version + 1, updated_at = $4
       WHERE uuid = $1 AND hash <> $3 RETURNING ${RECORD_HEAD}`,
      [uuid, content, input.hash, this.nowIso],
    );
    if (rows.length) return this.changed(rows[0], input, false);
    const existing = await this.client.query<RecordRow>('SELECT * FROM records WHERE uuid = $1', [uuid]);
    if (!existing.rows[0]) return undefined;
    return { record: toHubRecord(existing.rows[0]), created: false, changed: false, deliveryIds: [] };
  }

  /** Writes the SmartMatch keys and numbers the changes (the counter row last: see change-sequence.ts). */
  async finish(): Promise<void> {
    await putPersonKeysIn(this.client, this.keys);
    await numberChangesIn(this.client, this.changes);
  }

  /** A save that created or changed its record: its deliveries are queued (or re-armed), the rest noted. */
  private async changed(row: RecordRow, input: SaveRecordInput, created: boolean): Promise<SaveRecordResult> {
    this.changes.push({ uuid: row.uuid, changedBy: input.changedBy ?? input.origin.provider });
    if (row.kind === 'person') {
      // Content that arrived as JSON is read from it: `input.content` would parse it again, lazily.
      this.keys.push(personKeysOf(row.uuid, row.client_id, input.contentJson === undefined ? input.content : JSON.parse(input.contentJson)));
    }
    const deliveryIds: string[] = [];
    for (const platform of new Set(input.targets)) deliveryIds.push(await armDeliveryIn(this.client, row, platform, this.nowMs, this.nowIso));
    if (deliveryIds.length) this.woken.add(row.client_id);
    return { record: savedRecord(row, input), created, changed: true, deliveryIds };
  }
}

/**
 * Queues the (record, platform) delivery or re-arms its row: due now with a fresh attempt count, even
 * when done or dead. A leased row stays leased: its completion will see the newer version.
 */
async function armDeliveryIn(client: Queryable, record: RecordRow, platform: string, nowMs: number, nowIso: string): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO deliveries AS d
       (id, record_uuid, client_id, club_id, platform, kind, state, attempts, next_attempt_at, record_version, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $8, $9, $9)
     ON CONFLICT (record_uuid, platform) DO UPDATE SET
       state = CASE WHEN d.state = 'leased' THEN 'leased' ELSE 'pending' END,
       attempts = CASE WHEN d.state = 'leased' THEN d.attempts ELSE 0 END,
       next_attempt_at = CASE WHEN d.state = 'leased' THEN d.next_attempt_at ELSE EXCLUDED.next_attempt_at END,
       record_version = CASE WHEN d.state = 'leased' THEN d.record_version ELSE EXCLUDED.record_version END,
       last_error = CASE WHEN d.state = 'leased' THEN d.last_error ELSE NULL END,
       last_error_code = CASE WHEN d.state = 'leased' THEN d.last_error_code ELSE NULL END,
       updated_at = EXCLUDED.updated_at
     RETURNING id`,
    [timeOrderedUUID(), record.uuid, record.client_id, record.club_id, platform, record.kind, nowMs, record.version, nowIso],
  );
  return rows[0].id;
}
