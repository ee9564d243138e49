import { ConnectorError } from '../errors/connector-error';
import type { ConnectorLog } from '../log/connector-log';
import { describeRecord, type RecordDescription } from '../log/describe-record';
import type { Logger } from '../logging/logger';
import type { ConnectorStore, NewLogEntry } from '../store/store';
import type { Envelope } from './envelope';
import { errorUUIDOf } from './error-uuid';
import type { AnyIntakeCommand, IntakeCommand } from './intake-command';
import type { IntakeSender } from './sender';

/**
 * The intake's entries in a club's Connector Log: an INBOUND ERROR for a refused record, an INBOUND
 * WARNING for a record taken without what the channel did not know. Only once the envelope is checked:
 * a sender's refusal for a client it may not write is not written into that client's log.
 */
export class InboundEntries {
  constructor(
    private readonly store: Pick<ConnectorStore, 'appendLog'>,
    private readonly log: ConnectorLog,
    private readonly logger: Logger,
  ) {}

  /** A refused record (content, owner): why, naming the field, with the errorUUID its sender was answered. */
  async refused(sender: IntakeSender, command: AnyIntakeCommand, envelope: Envelope, error: unknown): Promise<void> {
    if (!(error instanceof ConnectorError) || error.code !== 'VALIDATION') return;
    const who = whoOf(command);
    const provider = sender.provider.toUpperCase();
    const at = 'checked' in command ? undefined : command.at;
    const errorUUID = errorUUIDOf(error);
    await this.append(errorUUID, () =>
      this.log.inbound({
        clientId: envelope.clientId,
        clubId: envelope.clubId,
        level: 'ERROR',
        provider,
        person: who.person,
        summary: `${who.summary} sent by ${provider} was rejected: ${error.message}`,
        details: {
          errorUUID,
          reason: error.code,
          field: error.field,
          recordID: envelope.recordId,
          api: command.api,
          ...(at ? { line: at.line, column: at.column } : {}),
        },
      }),
    );
  }

  /** A record taken without what the channel did not know, naming it. */
  async ignored(sender: IntakeSender, command: IntakeCommand, envelope: Envelope): Promise<void> {
    const who = whoOf(command);
    const provider = sender.provider.toUpperCase();
    const ignored = command.ignored ?? [];
    await this.append(undefined, () =>
      this.log.inbound({
        clientId: envelope.clientId,
        clubId: envelope.clubId,
        level: 'WARNING',
        provider,
        person: who.person,
        summary: `${who.summary} sent by ${provider} was saved without ${ignored.join(', ')}: ${ignored.length > 1 ? 'these are not fields' : 'not a field'} of the API (ignored)`,
        details: { ignored, recordID: envelope.recordId, api: command.api },
      }),
    );
  }

  /** Appends an entry; a store that cannot take it is reported, but does not change the answer. */
  private async append(errorUUID: string | undefined, entry: () => NewLogEntry): Promise<void> {
    try {
      await this.store.appendLog(entry());
    } catch (logError) {
      this.logger.error('an INBOUND entry could not be written to the Connector Log', { errorUUID, error: logError });
    }
  }
}

/** Whom a command is about: from its content, or as the thread that checked it said. */
function whoOf(command: AnyIntakeCommand): Pick<RecordDescription, 'person' | 'summary'> {
  if (!('checked' in command)) return describeRecord(command.kind, command.content);
  const checked = command.checked;
  return 'invalid' in checked ? checked.invalid : describeRecord(command.kind, JSON.parse(checked.contentJson) as object);
}
