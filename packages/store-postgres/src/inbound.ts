import type pg from 'pg';
import { inboundLink, type InboundBatch, type InboundResult } from '@connector/core';
import { insertLogIn, putLinkIn } from './link-log-writes';
import { SaveBatch } from './save-batch';

type Queryable = Pick<pg.ClientBase, 'query'>;

/**
 * Applies a page (or a webhook message) of one platform's changes inside the caller's transaction: each
 * record saved (by the UUID it was matched to, else by origin) with its deliveries, its link to the
 * platform with `deliveredHash` = the saved hash (no echo), its INBOUND entries; then the pull cursor.
 *
 * A webhook message is claimed first by inserting its ID: a message applied before (or being applied by
 * another hub, whose insert this one waits for) changes nothing. Answers the batch of saves, which the
 * caller finishes ({@link SaveBatch.finish}) as the transaction's last step.
 */
export async function applyInboundIn(
  client: Queryable,
  batch: InboundBatch,
  nowMs: number,
  nowIso: string,
): Promise<{ result: InboundResult; saves?: SaveBatch }> {
  if (batch.messageId !== undefined) {
    const { rowCount } = await client.query(
      'INSERT INTO webhook_messages (client_id, platform, message_id, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [batch.clientId, batch.platform, batch.messageId, nowIso],
    );
    if (!rowCount) return { result: { duplicate: true, saved: [] } };
  }
  const saves = new SaveBatch(client, nowMs, nowIso);
  const saved = [];
  for (const change of batch.changes) {
    const result = (change.recordUuid && (await saves.updateByUuid(change.recordUuid, change.save))) || (await saves.save(change.save));
    const record = result.record;
    await putLinkIn(client, inboundLink(record, batch.platform, change), nowIso);
    for (const entry of change.log) await insertLogIn(client, { ...entry, recordUuid: record.uuid }, nowIso);
    saved.push(result);
  }
  if (batch.cursor) {
    await client.query(
      `INSERT INTO pull_cursors (client_id, platform, club_id, cursor, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (client_id, platform, club_id) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = EXCLUDED.updated_at`,
      [batch.clientId, batch.platform, batch.cursor.clubId, batch.cursor.value, nowIso],
    );
  }
  return { result: { duplicate: false, saved }, saves };
}
