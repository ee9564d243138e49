import type pg from 'pg';
import { numberChangesIn, type RecordChangeMark } from './change-sequence';
import { armDeliveriesIn, type DeliveryArm } from './arm-deliveries';
import { personKeysOf, putPersonKeysIn, type PersonKeysRow } from './person-keys';
import { savedRecord, toHubRecord, type RecordRow, type SaveRecordInput, type SaveRecordResult } from '@connector/core';
import { v7 as timeOrderedUUID } from 'uuid';

type Queryable = Pick<pg.ClientBase, 'query'>;

/** The columns of a record read without its content (a save knows the content it wrote). */
export const RECORD_HEAD = "uuid, client_id, club_id, kind, origin_provider, origin_record_id, '' AS content, hash, version, created_at, updated_at";

/** A record's origin as one string: the unique key `(client_id, club_id, kind, origin_provider, origin_record_id)`. */
type OriginKey = string;

/**
 * The record saves of ONE transaction (a group commit's batch, or a page of platform changes): the saves
 * write their records and queue their deliveries a few statements per batch ({@link saveAll}); what is
 * kept beside the records (SmartMatch keys, the change sequence) is gathered and written by
 * {@link finish}, a statement each, before COMMIT.
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

  /** Saves one record by origin (see {@link saveAll}). */
  async save(input: SaveRecordInput): Promise<SaveRecordResult> {
    const [result] = await this.saveAll([input]);
    return result;
  }

  /**
   * Saves records by origin, answering one result per input, in order, as saving them one at a time would.
   *
   * The saves go in rounds: a round holds at most one save of each origin (the first saves of every
   * origin, then the second ones, …), since one statement cannot change a row twice. Most batches are one
   * round. Each round is one multi-row upsert that creates a record, or changes it when the hash differs
   * (its row lock orders concurrent saves of one origin from several hubs), one read of the records it
   * left unchanged, and one upsert of the changed records' deliveries. The change marks and SmartMatch
   * keys are then noted in input order, so the last save of a record wins, as it would one at a time.
   */
  async saveAll(inputs: readonly SaveRecordInput[]): Promise<SaveRecordResult[]> {
    const results = new Array<SaveRecordResult>(inputs.length);
    for (const round of roundsOf(inputs)) await this.saveRound(inputs, round, results);
    for (let i = 0; i < inputs.length; i++)
      if (results[i].changed) this.note(results[i].record.uuid, results[i].record.kind, results[i].record.clientId, inputs[i]);
    return results;
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
    if (rows.length) {
      const [deliveryIds] = await this.arm([{ row: rows[0], input }]);
      this.note(rows[0].uuid, rows[0].kind, rows[0].client_id, input);
      return { record: savedRecord(rows[0], input), created: false, changed: true, deliveryIds };
    }
    const existing = await this.client.query<RecordRow>('SELECT * FROM records WHERE uuid = $1', [uuid]);
    if (!existing.rows[0]) return undefined;
    return { record: toHubRecord(existing.rows[0]), created: false, changed: false, deliveryIds: [] };
  }

  /** Writes the SmartMatch keys and numbers the changes (the counter row last: see change-sequence.ts). */
  async finish(): Promise<void> {
    await putPersonKeysIn(this.client, this.keys);
    await numberChangesIn(this.client, this.changes);
  }

  /** One round: `indexes` name inputs of distinct origins; their results are written into `results`. */
  private async saveRound(inputs: readonly SaveRecordInput[], indexes: readonly number[], results: SaveRecordResult[]): Promise<void> {
    const round = indexes.map((i) => inputs[i]);
    const { rows } = await this.client.query<RecordRow & { created: boolean }>(
      `INSERT INTO records AS r (uuid, client_id, club_id, kind, origin_provider, origin_record_id, content, hash, version, created_at, updated_at)
       SELECT v.uuid, v.client_id, v.club_id, v.kind, v.origin_provider, v.origin_record_id, v.content, v.hash, 1, $9, $9
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
         AS v(uuid, client_id, club_id, kind, origin_provider, origin_record_id, content, hash)
       ON CONFLICT (client_id, club_id, kind, origin_provider, origin_record_id) DO UPDATE
         SET content = EXCLUDED.content, hash = EXCLUDED.hash, version = r.version + 1, updated_at = EXCLUDED.updated_at
         WHERE r.hash <> EXCLUDED.hash
       RETURNING ${RECORD_HEAD}, (xmax = 0) AS created`,
      [
        round.map((input) => input.uuid ?? timeOrderedUUID()),
        round.map((input) => input.clientId),
        round.map((input) => input.clubId),
        round.map((input) => input.kind),
        round.map((input) => input.origin.provider),
        round.map((input) => input.origin.recordId),
        round.map((input) => input.contentJson ?? JSON.stringify(input.content)),
        round.map((input) => input.hash),
        this.nowIso,
      ],
    );
    const written = new Map<OriginKey, RecordRow & { created: boolean }>();
    for (const row of rows) written.set(rowKey(row), row);
    const unchanged = round.filter((input) => !written.has(originKey(input)));
    const existing = await this.readByOrigin(unchanged);

    const arms: DeliveryArm[] = [];
    const armed: number[] = [];
    for (const i of indexes) {
      const input = inputs[i];
      const row = written.get(originKey(input));
      if (row) {
        arms.push({ row, input });
        armed.push(i);
        results[i] = { record: savedRecord(row, input), created: row.created, changed: true, deliveryIds: [] };
        continue;
      }
      const held = existing.get(originKey(input));
      // A record is never deleted while a save holds its row lock; a miss here is a bug, named as one.
      if (!held) throw new Error(`saveRecords: the record ${input.origin.provider}/${input.origin.recordId} was neither written nor found`);
      results[i] = { record: savedRecord(held, input), created: false, changed: false, deliveryIds: [] };
    }
    const deliveryIds = await this.arm(arms);
    armed.forEach((i, n) => (results[i].deliveryIds = deliveryIds[n]));
  }

  /** The records of these origins as committed now (a later statement than the upsert: its newest version). */
  private async readByOrigin(inputs: readonly SaveRecordInput[]): Promise<Map<OriginKey, RecordRow>> {
    const found = new Map<OriginKey, RecordRow>();
    if (inputs.length === 0) return found;
    const { rows } = await this.client.query<RecordRow>(
      `SELECT ${RECORD_HEAD} FROM records
       WHERE (client_id, club_id, kind, origin_provider, origin_record_id) IN (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]))`,
      [
        inputs.map((input) => input.clientId),
        inputs.map((input) => input.clubId),
        inputs.map((input) => input.kind),
        inputs.map((input) => input.origin.provider),
        inputs.map((input) => input.origin.recordId),
      ],
    );
    for (const row of rows) found.set(rowKey(row), row);
    return found;
  }

  /** Queues (or re-arms) the deliveries of changed records; answers each record's delivery IDs. */
  private async arm(arms: readonly DeliveryArm[]): Promise<string[][]> {
    const ids = await armDeliveriesIn(this.client, arms, this.nowMs, this.nowIso);
    arms.forEach((arm, n) => {
      if (ids[n].length) this.woken.add(arm.row.client_id);
    });
    return ids;
  }

  /** A save that created or changed its record: its change and (for a person) its SmartMatch keys are noted. */
  private note(uuid: string, kind: string, clientId: string, input: SaveRecordInput): void {
    this.changes.push({ uuid, changedBy: input.changedBy ?? input.origin.provider });
    if (kind === 'person') {
      // Content that arrived as JSON is read from it: `input.content` would parse it again, lazily.
      this.keys.push(personKeysOf(uuid, clientId, input.contentJson === undefined ? input.content : JSON.parse(input.contentJson)));
    }
  }
}

// NUL separates the parts: Postgres text cannot hold it, so no two origins make one key.
function originKey(input: SaveRecordInput): OriginKey {
  return `${input.clientId}\0${input.clubId}\0${input.kind}\0${input.origin.provider}\0${input.origin.recordId}`;
}

function rowKey(row: RecordRow): OriginKey {
  return `${row.client_id}\0${row.club_id}\0${row.kind}\0${row.origin_provider}\0${row.origin_record_id}`;
}

/**
 * The inputs' indexes in rounds: round n holds the (n+1)-th save of every origin that has one, in input
 * order. A batch without two saves of one origin is one round.
 */
function roundsOf(inputs: readonly SaveRecordInput[]): number[][] {
  const rounds: number[][] = [];
  const seen = new Map<OriginKey, number>();
  inputs.forEach((input, i) => {
    const key = originKey(input);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    (rounds[n] ??= []).push(i);
  });
  return rounds;
}
