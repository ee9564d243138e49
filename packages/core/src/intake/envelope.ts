import { ValidationError } from '../errors/connector-error';
import type { Client } from '../model/client';
import { ForbiddenError } from './forbidden-error';
import type { AnyIntakeCommand } from './intake-command';
import { withRejectedValue } from './rejected-value';
import { mayWrite, type IntakeSender } from './sender';

/** A record's client, club and record ID, once its envelope is checked. */
export interface Envelope {
  clientId: string;
  clubId: string;
  recordId: string;
}

const PROVIDER_INFO_KEYS = ['identifier', 'clientID', 'clubID', 'recordID'] as const;

/** A string's trimmed text, or undefined when it is not a string or is blank. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * The sender's rights and the envelope, in the channel's words: who sends (the sender's own provider),
 * for which client (one the sender may write, and of this hub) and club (of that client), which record.
 *
 * @throws ValidationError for a missing field, an unknown client or club; ForbiddenError for another
 * provider's identifier or a client the sender may not write. Neither quotes the value it rejected
 * (`rejectedValueOf` gives the log line its hash prefix).
 */
export function checkEnvelope(sender: IntakeSender, command: AnyIntakeCommand, clientOf: (clientId: string) => Client | undefined): Envelope {
  const names = command.naming.providerInfo;
  const info = command.providerInfo;
  const identifier = text(info.identifier);
  const clientId = text(info.clientID);
  const clubId = text(info.clubID);
  const recordId = text(info.recordID);
  if (!identifier || !clientId || !clubId || !recordId) {
    const missing = PROVIDER_INFO_KEYS.filter((key) => !text(info[key]));
    throw new ValidationError(missing.map((key) => `${names[key]}: is required`).join('; '), { field: names[missing[0]] });
  }
  // The values below failed authentication or scoping: answers name the field only, and the log line
  // gets a hash prefix (a sender that puts its API key in the wrong field must not see it echoed).
  if (identifier.toUpperCase() !== sender.provider.toUpperCase()) {
    const error = new ForbiddenError(`${names.identifier}: is not the provider of ${sender.credential ?? 'the sender'} (${sender.provider})`, {
      field: names.identifier,
    });
    throw withRejectedValue(error, names.identifier, identifier);
  }
  if (!mayWrite(sender, clientId)) {
    const error = new ForbiddenError(`${names.clientID}: provider ${sender.provider} may not write records of this client`, { field: names.clientID });
    throw withRejectedValue(error, names.clientID, clientId);
  }
  const client = clientOf(clientId);
  if (!client)
    throw withRejectedValue(new ValidationError(`${names.clientID}: is not a client of this hub`, { field: names.clientID }), names.clientID, clientId);
  if (!client.clubs.some((club) => club.id === clubId)) {
    const error = new ValidationError(`${names.clubID}: is not a club of client ${clientId}`, { field: names.clubID });
    throw withRejectedValue(error, names.clubID, clubId);
  }
  return { clientId, clubId, recordId };
}
