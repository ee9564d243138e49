import type { Connector, EntityKind, GroupCommitter, IntakeSender, SaveRecordInput, SaveRecordResult } from '@connector/core';
import type { ProviderPrincipal } from '../auth/authenticator';
import type { HubMetrics, SaveResultLabel } from '../metrics/hub-metrics';
import type { ReadSaveCommand, SaveCommand, SaveOutcome } from './save-command';

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

// Principals are remembered by the authenticator, so each API key maps to one sender object.
const SENDERS = new WeakMap<ProviderPrincipal, IntakeSender>();

/** The intake's sender for an API key's provider: its identifier and the clients it may write. */
export function senderOf(principal: ProviderPrincipal): IntakeSender {
  let sender = SENDERS.get(principal);
  if (!sender) {
    sender = { provider: principal.id, clients: principal.clients, credential: 'this API key' };
    SENDERS.set(principal, sender);
  }
  return sender;
}

/**
 * The hub's side of every inbound save, XML or JSON: the record goes through core's intake (the
 * caller's rights, the client and club, the owner, the content, the INBOUND entry of a refusal), then
 * group commit; metrics count the outcomes.
 */
export class SaveService {
  constructor(
    private readonly connector: Connector,
    private readonly committer: GroupCommitter<SaveRecordInput, SaveRecordResult>,
    private readonly metrics: HubMetrics,
  ) {}

  /** Saves one record; resolves once it is committed with its deliveries. */
  async save(principal: ProviderPrincipal, command: SaveCommand): Promise<SaveOutcome> {
    let input: SaveRecordInput;
    try {
      input = await this.connector.intake.take(senderOf(principal), command);
    } catch (error) {
      this.metrics.observeSave(command.api, command.kind, 'rejected');
      throw error;
    }
    const result = await this.committer.submit(input);
    this.metrics.observeSave(command.api, command.kind, resultLabel(result));
    const outcome = outcomeOf(result);
    if (command.ignored?.length) outcome.ignored = command.ignored;
    return outcome;
  }

  /**
   * Saves many records (a JSON batch): each is taken by the intake on its own, the valid ones are
   * committed together, and every item gets its own outcome or error, in order. Items read beside the
   * event loop ({@link ReadSaveCommand}) come with their content checked and hashed already.
   */
  async saveMany(principal: ProviderPrincipal, commands: Array<SaveCommand | ReadSaveCommand>): Promise<Array<{ outcome?: SaveOutcome; error?: unknown }>> {
    const prepared = await this.connector.intake.takeMany(senderOf(principal), commands);
    const counted = new SaveCounts();
    const validAt: number[] = [];
    const inputs: SaveRecordInput[] = [];
    prepared.forEach((item, index) => {
      if (item.input) {
        validAt.push(index);
        inputs.push(item.input);
      } else {
        counted.add(commands[index], 'rejected');
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
}
