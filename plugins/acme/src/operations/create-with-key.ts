import type { PersonWrite } from '@connector/core/plugin';
import type { AcmeApi } from '../api/acme-api';
import type { AcmePersonKind } from '../api/acme-api.types';
import { toAcmePerson } from '../mapping/person.mapper';

/**
 * Creates a person with core's idempotency key. When Acme replays an earlier create (same key: a retry
 * after a timeout or a crash), the person it holds may carry an older version of the record, so it is
 * updated with this write: the ID stays the first one, the content is the latest.
 */
export async function createWithKey(api: AcmeApi, kind: AcmePersonKind, input: PersonWrite): Promise<string> {
  const body = toAcmePerson(input);
  const { person, replayed } = await api.createPerson(kind, input.club.platformClubId, body, input.idempotencyKey);
  if (replayed) await api.updatePerson(person.type === 'member' ? 'member' : kind, person.id, body);
  return person.id;
}
