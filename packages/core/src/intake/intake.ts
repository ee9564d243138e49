import { ConnectorError, ValidationError } from '../errors/connector-error';
import { routeRecord } from '../engine/router';
import type { ConnectorLog } from '../log/connector-log';
import { describeRecord, type RecordDescription } from '../log/describe-record';
import type { Logger } from '../logging/logger';
import type { Client } from '../model/client';
import type { EntityKind, UserType } from '../model/person';
import type { PlatformRuntime } from '../runtime/platform-runtime';
import { EncodedSaveInput } from '../store/encoded-save-input';
import type { ConnectorStore, SaveRecordInput } from '../store/store';
import { checkContent } from './check-content';
import { errorUUIDOf } from './error-uuid';
import { ForbiddenError } from './forbidden-error';
import type { AnyIntakeCommand, CheckedCommand, IntakeCommand, IntakeResult } from './intake-command';
import { mayWrite, type IntakeSender } from './sender';

/** What the {@link Intake} reads of the hub: the configured clients, their platforms, and the store. */
export interface IntakeOptions {
  client(clientId: string): Client | undefined;
  runtimes(clientId: string): readonly PlatformRuntime[];
  /** The owner lookup reads staff records; refusals and warnings are appended to the Connector Log. */
  store: Pick<ConnectorStore, 'findRecordByOrigin' | 'appendLog'>;
  log: ConnectorLog;
  /** Where a Connector Log entry that could not be written is reported. */
  logger: Logger;
}

/** A record's client, club and record ID, once its envelope is checked. */
interface Envelope {
  clientId: string;
  clubId: string;
  recordId: string;
}

const PROVIDER_INFO_KEYS = ['identifier', 'clientID', 'clubID', 'recordID'] as const;

/** A string's trimmed text, or undefined when it is not a string or is blank. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function isSenderList(senders: IntakeSender | readonly IntakeSender[]): senders is readonly IntakeSender[] {
  return Array.isArray(senders);
}

function isChecked(command: AnyIntakeCommand): command is CheckedCommand {
  return 'checked' in command;
}

/** A person whose owner is named by the recordID of a staff record (read from the store, so not on another thread). */
export function needsOwnerLookup(command: AnyIntakeCommand): command is IntakeCommand & { ownerRecordId: string } {
  return !isChecked(command) && command.ownerRecordId !== undefined && command.kind === 'person' && !command.content.ownerEmail;
}

/**
 * The one door in: every record that enters the hub, whatever the channel (the XML and JSON APIs, a
 * JSON batch read on another thread, `connector import`, in-process callers), is taken here. The intake
 * checks the envelope (provider, client, club, record ID) and that the sender may write that client,
 * finds a staff owner named by record ID, checks the content in the channel's words, prepares the save
 * (content, hash, routing) and, when it refuses a record of a known client and club, writes an INBOUND
 * ERROR entry to that club's Connector Log (a WARNING when it takes a record but ignored part of it).
 * It does not commit: channels commit what it answers (the hub by group commit, the import by batches).
 */
export class Intake {
  constructor(private readonly options: IntakeOptions) {}

  /**
   * Takes one record: checked and prepared, or refused (and logged) with an error naming the field in
   * the channel's words.
   *
   * @throws ValidationError, ForbiddenError.
   */
  async take(sender: IntakeSender, command: AnyIntakeCommand): Promise<SaveRecordInput> {
    const envelope = this.envelope(sender, command);
    try {
      let input: SaveRecordInput;
      if (needsOwnerLookup(command)) {
        const ownerEmail = await this.ownerEmail(sender, envelope, command);
        input = this.prepareContent(sender, command, envelope, { ...command.content, ownerEmail });
      } else {
        input = this.prepare(sender, command, envelope);
      }
      if (!isChecked(command) && command.ignored?.length) await this.noteIgnored(sender, command, envelope);
      return input;
    } catch (error) {
      await this.refused(sender, command, envelope, error);
      throw error;
    }
  }

  /**
   * Takes many records (a JSON batch, an import's batch): each is checked on its own and gets its save or
   * its error, in order. One sender for all (an API call), or one per command (an import's lines may
   * name their providers). Most are taken at once, without a promise each (a batch has hundreds): only
   * those naming their owner by record ID wait for the store, and refusals for their log entries.
   */
  async takeMany(senders: IntakeSender | readonly IntakeSender[], commands: readonly AnyIntakeCommand[]): Promise<Array<IntakeResult<SaveRecordInput>>> {
    const results: Array<IntakeResult<SaveRecordInput>> = new Array(commands.length);
    const waiting: Array<Promise<void>> = [];
    for (let index = 0; index < commands.length; index++) {
      const command = commands[index];
      const sender = isSenderList(senders) ? senders[index] : senders;
      if (needsOwnerLookup(command) || (!isChecked(command) && command.ignored?.length)) {
        waiting.push(this.take(sender, command).then((input) => void (results[index] = { input }), (error: unknown) => void (results[index] = { error })));
        continue;
      }
      let envelope: Envelope | undefined;
      try {
        envelope = this.envelope(sender, command);
        results[index] = { input: this.prepare(sender, command, envelope) };
      } catch (error) {
        if (envelope) waiting.push(this.refused(sender, command, envelope, error));
        results[index] = { error };
      }
    }
    if (waiting.length > 0) await Promise.all(waiting);
    return results;
  }

  /**
   * Checks and prepares one record with no store and no Connector Log (in-process callers, which get
   * the error itself). A record naming its owner by record ID needs {@link take}.
   *
   * @throws ValidationError, ForbiddenError.
   */
  check(sender: IntakeSender, command: AnyIntakeCommand): SaveRecordInput {
    if (needsOwnerLookup(command)) throw new ValidationError(`${command.naming.content('ownerRecordId')}: an owner named by record ID needs the store`, { field: command.naming.content('ownerRecordId') });
    return this.prepare(sender, command, this.envelope(sender, command));
  }

  /** The sender's rights and the envelope: who sends, for which client and club, which record. */
  private envelope(sender: IntakeSender, command: AnyIntakeCommand): Envelope {
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
    if (identifier.toUpperCase() !== sender.provider.toUpperCase()) {
      throw new ForbiddenError(`${names.identifier} ${identifier} is not the provider of ${sender.credential ?? 'the sender'} (${sender.provider})`, { field: names.identifier });
    }
    if (!mayWrite(sender, clientId)) {
      throw new ForbiddenError(`provider ${sender.provider} may not write records of client ${clientId}`, { field: names.clientID });
    }
    const client = this.options.client(clientId);
    if (!client) throw new ValidationError(`${names.clientID}: ${clientId} is not a client of this hub`, { field: names.clientID });
    if (!client.clubs.some((club) => club.id === clubId)) {
      throw new ValidationError(`${names.clubID}: ${clubId} is not a club of client ${clientId}`, { field: names.clubID });
    }
    return { clientId, clubId, recordId };
  }

  private prepare(sender: IntakeSender, command: AnyIntakeCommand, envelope: Envelope): SaveRecordInput {
    return isChecked(command) ? this.prepareChecked(sender, command, envelope) : this.prepareContent(sender, command, envelope, command.content);
  }

  /** The content checked in the channel's words, hashed and routed. */
  private prepareContent(sender: IntakeSender, command: IntakeCommand, envelope: Envelope, content: Record<string, unknown>): SaveRecordInput {
    const prepared = checkContent(command.kind, content, command.naming);
    return {
      clientId: envelope.clientId,
      clubId: envelope.clubId,
      kind: command.kind,
      origin: { provider: sender.provider.toUpperCase(), recordId: envelope.recordId },
      content: prepared.content,
      contentJson: prepared.json,
      hash: prepared.hash,
      targets: routeRecord(this.options.runtimes(envelope.clientId), envelope.clubId, sender.provider, command.kind, prepared.content as { userType?: UserType }),
    };
  }

  /**
   * Content checked beside the event loop: routed here, its JSON stored as it is and the content parsed
   * only if something reads it. Trusts `checked` to be what checkContent answered.
   */
  private prepareChecked(sender: IntakeSender, command: CheckedCommand, envelope: Envelope): SaveRecordInput {
    const checked = command.checked;
    if ('invalid' in checked) throw new ValidationError(checked.invalid.message, checked.invalid.field ? { field: checked.invalid.field } : {});
    return new EncodedSaveInput(
      envelope.clientId,
      envelope.clubId,
      command.kind,
      { provider: sender.provider.toUpperCase(), recordId: envelope.recordId },
      checked.contentJson,
      checked.hash,
      routeRecord(this.options.runtimes(envelope.clientId), envelope.clubId, sender.provider, command.kind, { userType: checked.userType }),
      checked.uuid,
    );
  }

  /** The email of a staff record this sender saved earlier for the same club. */
  private async ownerEmail(sender: IntakeSender, envelope: Envelope, command: IntakeCommand & { ownerRecordId: string }): Promise<string> {
    const provider = sender.provider.toUpperCase();
    const staff = await this.options.store.findRecordByOrigin(envelope.clientId, envelope.clubId, { provider, recordId: command.ownerRecordId }, 'staff');
    if (!staff || staff.kind !== 'staff') {
      const field = command.naming.content('ownerRecordId');
      throw new ValidationError(
        `${field}: ${command.ownerRecordId} names no staff record that ${provider} saved for club ${envelope.clubId}; save the staff record first, or name the owner by email`,
        { field },
      );
    }
    return (staff.content as { email: string }).email;
  }

  /** Whom a command is about, for its log entry: from its content, or as the thread that checked it said. */
  private who(command: AnyIntakeCommand): Pick<RecordDescription, 'person' | 'summary'> {
    if (!isChecked(command)) return describeRecord(command.kind, command.content);
    const checked = command.checked;
    return 'invalid' in checked ? checked.invalid : describeRecord(command.kind, JSON.parse(checked.contentJson) as object);
  }

  /** Content refused for a known client and club goes to that club's Connector Log (INBOUND ERROR). */
  private async refused(sender: IntakeSender, command: AnyIntakeCommand, envelope: Envelope, error: unknown): Promise<void> {
    if (!(error instanceof ConnectorError) || error.code !== 'VALIDATION') return;
    const who = this.who(command);
    const at = isChecked(command) ? undefined : command.at;
    await this.append(errorUUIDOf(error), () =>
      this.options.log.inbound({
        clientId: envelope.clientId,
        clubId: envelope.clubId,
        level: 'ERROR',
        provider: sender.provider.toUpperCase(),
        person: who.person,
        summary: `${who.summary} sent by ${sender.provider.toUpperCase()} was rejected: ${error.message}`,
        details: { errorUUID: errorUUIDOf(error), reason: error.code, field: error.field, recordID: envelope.recordId, api: command.api, ...(at ? { line: at.line, column: at.column } : {}) },
      }),
    );
  }

  /** A record taken without what the channel did not know: said in an INBOUND WARNING, naming it. */
  private async noteIgnored(sender: IntakeSender, command: IntakeCommand, envelope: Envelope): Promise<void> {
    const who = this.who(command);
    const ignored = command.ignored ?? [];
    await this.append(undefined, () =>
      this.options.log.inbound({
        clientId: envelope.clientId,
        clubId: envelope.clubId,
        level: 'WARNING',
        provider: sender.provider.toUpperCase(),
        person: who.person,
        summary: `${who.summary} sent by ${sender.provider.toUpperCase()} was saved without ${ignored.join(', ')}: ${ignored.length > 1 ? 'these are not fields' : 'not a field'} of the API (ignored)`,
        details: { ignored, recordID: envelope.recordId, api: command.api },
      }),
    );
  }

  /** Appends an entry; a store that cannot take it is reported, but does not change the answer. */
  private async append(errorUUID: string | undefined, entry: () => ReturnType<ConnectorLog['inbound']>): Promise<void> {
    try {
      await this.options.store.appendLog(entry());
    } catch (logError) {
      this.options.logger.error('an INBOUND entry could not be written to the Connector Log', { errorUUID, error: logError });
    }
  }
}
