import { ValidationError } from '../errors/connector-error';
import { routeRecord } from '../engine/router';
import type { ConnectorLog } from '../log/connector-log';
import type { Logger } from '../logging/logger';
import type { Client } from '../model/client';
import type { UserType } from '../model/person';
import type { PlatformRuntime } from '../runtime/platform-runtime';
import { EncodedSaveInput } from '../store/encoded-save-input';
import type { ConnectorStore, SaveRecordInput } from '../store/store';
import { checkContent } from './check-content';
import { checkEnvelope, type Envelope } from './envelope';
import { InboundEntries } from './inbound-entries';
import type { AnyIntakeCommand, CheckedCommand, IntakeCommand, IntakeResult } from './intake-command';
import type { IntakeSender } from './sender';

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
  private readonly entries: InboundEntries;

  constructor(private readonly options: IntakeOptions) {
    this.entries = new InboundEntries(options.store, options.log, options.logger);
  }

  /**
   * Takes one record: checked and prepared, or refused (and logged) with an error naming the field in
   * the channel's words.
   *
   * @throws ValidationError, ForbiddenError.
   */
  async take(sender: IntakeSender, command: AnyIntakeCommand): Promise<SaveRecordInput> {
    const envelope = checkEnvelope(sender, command, this.options.client);
    try {
      let input: SaveRecordInput;
      if (needsOwnerLookup(command)) {
        const ownerEmail = await this.ownerEmail(sender, envelope, command);
        input = this.prepareContent(sender, command, envelope, { ...command.content, ownerEmail });
      } else {
        input = this.prepare(sender, command, envelope);
      }
      if (!isChecked(command) && command.ignored?.length) await this.entries.ignored(sender, command, envelope);
      return input;
    } catch (error) {
      await this.entries.refused(sender, command, envelope, error);
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
        waiting.push(
          this.take(sender, command).then(
            (input) => void (results[index] = { input }),
            (error: unknown) => void (results[index] = { error }),
          ),
        );
        continue;
      }
      let envelope: Envelope | undefined;
      try {
        envelope = checkEnvelope(sender, command, this.options.client);
        results[index] = { input: this.prepare(sender, command, envelope) };
      } catch (error) {
        if (envelope) waiting.push(this.entries.refused(sender, command, envelope, error));
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
    if (needsOwnerLookup(command))
      throw new ValidationError(`${command.naming.content('ownerRecordId')}: an owner named by record ID needs the store`, {
        field: command.naming.content('ownerRecordId'),
      });
    return this.prepare(sender, command, checkEnvelope(sender, command, this.options.client));
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
      targets: routeRecord(
        this.options.runtimes(envelope.clientId),
        envelope.clubId,
        sender.provider,
        command.kind,
        prepared.content as { userType?: UserType },
      ),
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
}
