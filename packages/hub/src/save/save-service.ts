import {
  ConnectorError,
  ValidationError,
  type Connector,
  type EntityKind,
  type GroupCommitter,
  type Logger,
  type Redactor,
  type SaveRecordInput,
  type SaveRecordResult,
} from '@connector/core';
import { canUseClient, type ProviderPrincipal } from '../auth/authenticator';
import { errorUUIDOf } from '../errors/error-responder';
import { ForbiddenError } from '../errors/hub-errors';
import type { HubMetrics, SaveResultLabel } from '../metrics/hub-metrics';
import { describeRecord, inApiWords, needsOwnerLookup, str } from './content-check';
import type { FieldNaming, ReadSaveCommand, SaveCommand, SaveOutcome } from './save-command';

/** A save's client, club and record ID, once its envelope is checked. */
interface Envelope {
  clientId: string;
  clubId: string;
  recordId: string;
}

const PROVIDER_INFO_KEYS = ['identifier', 'clientID', 'clubID', 'recordID'] as const;

/** Who a refused save was about; a save read beside the event loop says so itself. */
function whoOf(command: SaveCommand | ReadSaveCommand): { person: string; summary: string } {
  if (!('read' in command)) return describeRecord(command.kind, command.content);
  const read = command.read;
  return 'invalid' in read ? read.invalid : describeRecord(command.kind, JSON.parse(read.contentJson) as Record<string, unknown>);
}

function resultLabel(result: SaveRecordResult): SaveResultLabel {
  return result.created ? 'created' : result.changed ? 'updated' : 'unchanged';
}

function outcomeOf(result: SaveRecordResult): SaveOutcome {
  return { uuid: result.record.uuid, created: result.created, changed: result.changed, deliveries: result.deliveryIds.length };
}

/** A batch's saves counted by label, for one metrics update per label instead of one per item. */
class SaveCounts {
  private readonly counts = new Map<string, { api: SaveCommand['api']; kind: EntityKind; result: SaveResultLabel; count: number }>();

  add(command: Pick<SaveCommand, 'api' | 'kind'>, result: SaveResultLabel): void {
    const key = `${command.api} ${command.kind} ${result}`;
    const known = this.counts.get(key);
    if (known) known.count += 1;
    else this.counts.set(key, { api: command.api, kind: command.kind, result, count: 1 });
  }

  observe(metrics: HubMetrics): void {
    for (const { api, kind, result, count } of this.counts.values()) metrics.observeSave(api, kind, result, count);
  }
}

/**
 * The one path of every inbound save, XML or JSON: the caller's rights (its own provider identifier,
 * its clients), the client and club, the content, the staff owner by recordID; then group commit.
 * Content refused for a known client and club is also written to that club's Connector Log (INBOUND
 * ERROR, naming the person, the reason and the errorUUID), so operators see rejected records.
 */
export class SaveService {
  constructor(
    private readonly connector: Connector,
    private readonly committer: GroupCommitter<SaveRecordInput, SaveRecordResult>,
    private readonly metrics: HubMetrics,
    private readonly redactor: Redactor,
    private readonly logger: Logger,
  ) {}

  /** Validates one save and works out its deliveries (no write). */
  async prepare(principal: ProviderPrincipal, command: SaveCommand): Promise<SaveRecordInput> {
    const envelope = this.checkEnvelope(principal, command);
    try {
      let content = command.content;
      if (needsOwnerLookup(command)) {
        content = { ...content, ownerEmail: await this.ownerEmail(principal, envelope.clientId, envelope.clubId, command.ownerRecordId!, command.naming) };
      }
      return this.prepareContent(principal, command, envelope, content);
    } catch (error) {
      await this.logIfRejected(principal, command, envelope, error);
      throw error;
    }
  }

  /** Saves one record; resolves once it is committed with its deliveries. */
  async save(principal: ProviderPrincipal, command: SaveCommand): Promise<SaveOutcome> {
    let input: SaveRecordInput;
    try {
      input = await this.prepare(principal, command);
    } catch (error) {
      this.metrics.observeSave(command.api, command.kind, 'rejected');
      throw error;
    }
    const result = await this.committer.submit(input);
    this.metrics.observeSave(command.api, command.kind, resultLabel(result));
    return outcomeOf(result);
  }

  /**
   * Saves many records (a JSON batch): each is validated on its own, the valid ones are committed
   * together, and every item gets its own outcome or error, in order. Items read beside the event loop
   * ({@link ReadSaveCommand}) come with their content checked and hashed already.
   */
  async saveMany(principal: ProviderPrincipal, commands: Array<SaveCommand | ReadSaveCommand>): Promise<Array<{ outcome?: SaveOutcome; error?: unknown }>> {
    const prepared: Array<{ input?: SaveRecordInput; error?: unknown }> = new Array(commands.length);
    const counted = new SaveCounts();
    const rejected = (index: number, error: unknown) => {
      counted.add(commands[index], 'rejected');
      prepared[index] = { error };
    };
    // Most items are prepared at once, without a promise each (a batch has hundreds); only those that
    // name their owner by recordID wait for the store, and refused content for its log entry.
    const waiting: Array<Promise<void>> = [];
    commands.forEach((command, index) => {
      if (!('read' in command) && needsOwnerLookup(command)) {
        waiting.push(this.prepare(principal, command).then((input) => void (prepared[index] = { input }), (error: unknown) => rejected(index, error)));
        return;
      }
      let envelope: Envelope | undefined;
      try {
        envelope = this.checkEnvelope(principal, command);
        prepared[index] = { input: 'read' in command ? this.prepareRead(principal, command, envelope) : this.prepareContent(principal, command, envelope, command.content) };
      } catch (error) {
        if (envelope) waiting.push(this.logIfRejected(principal, command, envelope, error));
        rejected(index, error);
      }
    });
    if (waiting.length > 0) await Promise.all(waiting);

    const validAt: number[] = [];
    const inputs: SaveRecordInput[] = [];
    prepared.forEach((item, index) => {
      if (item.input) {
        validAt.push(index);
        inputs.push(item.input);
      }
    });
    const committed = await this.committer.submitAll(inputs);
    // Refused items keep their { error }; committed ones get their outcome or the store's error.
    const results = prepared as Array<{ outcome?: SaveOutcome; error?: unknown }>;
    committed.forEach((settled, i) => {
      const index = validAt[i];
      if (!settled.ok) {
        results[index] = { error: settled.error };
        return;
      }
      counted.add(commands[index], resultLabel(settled.value));
      results[index] = { outcome: outcomeOf(settled.value) };
    });
    counted.observe(this.metrics);
    return results;
  }

  /** A save read beside the event loop: its envelope is checked by now, its content was checked there. */
  private prepareRead(principal: ProviderPrincipal, command: ReadSaveCommand, envelope: Envelope): SaveRecordInput {
    const read = command.read;
    if ('invalid' in read) throw new ValidationError(read.invalid.message, read.invalid.field ? { field: read.invalid.field } : {});
    const { clientId, clubId, recordId } = envelope;
    return this.connector.prepareEncoded({ provider: principal.id, clientId, clubId, recordId, kind: command.kind, contentJson: read.contentJson, hash: read.hash, userType: read.userType, uuid: read.uuid });
  }

  /** The caller's rights and the provider info: who sends, for which client and club, which record. */
  private checkEnvelope(principal: ProviderPrincipal, command: Pick<SaveCommand, 'providerInfo' | 'naming'>): Envelope {
    const names = command.naming.providerInfo;
    const info = command.providerInfo;
    const identifier = str(info.identifier);
    const clientId = str(info.clientID);
    const clubId = str(info.clubID);
    const recordId = str(info.recordID);
    if (!identifier || !clientId || !clubId || !recordId) {
      const missing = PROVIDER_INFO_KEYS.filter((key) => !str(info[key]));
      throw new ValidationError(missing.map((key) => `${names[key]}: is required`).join('; '), { field: names[missing[0]] });
    }
    if (identifier.toUpperCase() !== principal.id) {
      throw new ForbiddenError(`${names.identifier} ${identifier} is not the provider of this API key (${principal.id})`, { field: names.identifier });
    }
    if (!canUseClient(principal, clientId)) {
      throw new ForbiddenError(`provider ${principal.id} may not write records of client ${clientId}`, { field: names.clientID });
    }
    const client = this.connector.client(clientId);
    if (!client) throw new ValidationError(`${names.clientID}: ${clientId} is not a client of this hub`, { field: names.clientID });
    if (!client.clubs.some((club) => club.id === clubId)) {
      throw new ValidationError(`${names.clubID}: ${clubId} is not a club of client ${clientId}`, { field: names.clubID });
    }
    return { clientId, clubId, recordId };
  }

  /** The content checked against the model, its hash and its targets (core's prepare). */
  private prepareContent(principal: ProviderPrincipal, command: SaveCommand, envelope: Envelope, content: Record<string, unknown>): SaveRecordInput {
    try {
      return this.connector.prepare({ provider: principal.id, clientId: envelope.clientId, clubId: envelope.clubId, recordId: envelope.recordId, kind: command.kind, content });
    } catch (error) {
      throw inApiWords(error, command.kind, content, command.naming);
    }
  }

  /** Content refused for a known client and club goes to that club's Connector Log. */
  private async logIfRejected(principal: ProviderPrincipal, command: SaveCommand | ReadSaveCommand, envelope: Envelope, error: unknown): Promise<void> {
    if (error instanceof ConnectorError && error.code === 'VALIDATION') {
      await this.logRejection(principal, command, whoOf(command), envelope.clientId, envelope.clubId, envelope.recordId, error);
    }
  }

  /** The email of a staff record this provider saved earlier for the same club. */
  private async ownerEmail(principal: ProviderPrincipal, clientId: string, clubId: string, recordId: string, naming: FieldNaming): Promise<string> {
    const staff = await this.connector.store.findRecordByOrigin(clientId, clubId, { provider: principal.id, recordId }, 'staff');
    if (!staff || staff.kind !== 'staff') {
      const field = naming.content('ownerRecordId');
      throw new ValidationError(`${field}: ${recordId} names no staff record that ${principal.id} saved for club ${clubId}; save the staff record first, or name the owner by email`, { field });
    }
    return (staff.content as { email: string }).email;
  }

  private async logRejection(
    principal: ProviderPrincipal,
    command: SaveCommand | ReadSaveCommand,
    who: { person: string; summary: string },
    clientId: string,
    clubId: string,
    recordId: string,
    error: ConnectorError,
  ): Promise<void> {
    const message = this.redactor.redactString(error.message);
    try {
      await this.connector.store.appendLog({
        clientId,
        clubId,
        level: 'ERROR',
        direction: 'INBOUND',
        platform: principal.id,
        person: this.redactor.redactString(who.person),
        summary: this.redactor.redactString(`${who.summary} sent by ${principal.id} was rejected: ${message}`),
        details: this.redactor.redact({ errorUUID: errorUUIDOf(error), reason: error.code, field: error.field, recordID: recordId, api: command.api }),
      });
    } catch (logError) {
      this.logger.error('the rejection could not be written to the Connector Log', { errorUUID: errorUUIDOf(error), error: logError });
    }
  }
}
