import { ConfigurationError, ConnectorError } from '../errors/connector-error';
import type { Intake } from '../intake/intake';
import type { IntakeCommand } from '../intake/intake-command';
import { PROVIDER_INFO_NAMES, type FieldNaming } from '../intake/field-naming';
import type { ConnectorLog } from '../log/connector-log';
import { describeRecord } from '../log/describe-record';
import type { Person } from '../model/person';
import type { ClubContext, PlatformPerson } from '../plugin/operations';
import type { PlatformRuntime } from '../runtime/platform-runtime';
import type { ConnectorStore, HubRecord, InboundChange, InboundResult, LogLevel, TwoWayStore } from '../store/store';
import { lifecycleChange, lifecycleOf } from './lifecycle';
import { smartMatch, type MatchDecision } from './smart-match';

/** How a platform's changes arrived: pulled, or pushed to the hub's webhook endpoint. */
export type InboundChannel = 'pull' | 'webhook';

/** What {@link InboundSync.prepare} made of a platform's people. */
export interface PreparedChanges {
  changes: InboundChange[];
  /** People whose content the hub holds already, or delivered to this platform itself (no echo). */
  unchanged: number;
  /** People the intake refused (each has its INBOUND ERROR entry). */
  refused: number;
}

/** What {@link InboundSync} reads of the hub. */
export interface InboundSyncOptions {
  store: ConnectorStore;
  intake: Intake;
  log: ConnectorLog;
  /** Wakes the client's workers once changes are committed. */
  wake(clientId: string): void;
}

/** The store's two-way methods, or a ConfigurationError naming what is missing. */
export function twoWayStoreOf(store: ConnectorStore): TwoWayStore {
  const { getPullCursor, findLinkByPlatformId, findPeopleByKeys, applyInbound } = store;
  if (!getPullCursor || !findLinkByPlatformId || !findPeopleByKeys || !applyInbound) {
    throw new ConfigurationError('the configured store cannot keep two-way sync (pull cursors, SmartMatch, inbound changes): use a store that can');
  }
  return store as ConnectorStore & TwoWayStore;
}

/** A platform names the model's fields as the model does; refusals say which platform person it was. */
function platformNaming(displayName: string): FieldNaming {
  return { providerInfo: PROVIDER_INFO_NAMES, content: (field) => `${displayName} person's ${field}` };
}

/** The person's fields that the platform gave (undefined left out, so the hub's value is kept). */
function given(person: Person): Partial<Person> {
  return Object.fromEntries(Object.entries(person).filter(([, value]) => value !== undefined && value !== null)) as Partial<Person>;
}

/**
 * Two-way sync's one way in: a platform's people (a pull's page, a webhook's messages) matched to hub
 * records (the link, else SmartMatch), merged into them, taken through the same intake as the APIs'
 * records, and applied with their links and INBOUND entries in one transaction. A change goes to every
 * other platform, never back to the one it came from; content that platform was given by the hub is not
 * imported again (no echo).
 */
export class InboundSync {
  constructor(private readonly options: InboundSyncOptions) {}

  /** The hub's store. */
  get store(): ConnectorStore {
    return this.options.store;
  }

  /** Matches, merges and checks people of one platform; nothing is written but the intake's refusals. */
  async prepare(runtime: PlatformRuntime, people: readonly PlatformPerson[], club: ClubContext, channel: InboundChannel): Promise<PreparedChanges> {
    const store = twoWayStoreOf(this.options.store);
    const clientId = runtime.client.id;
    const platform = runtime.turnUp.platform;
    const prepared: PreparedChanges = { changes: [], unchanged: 0, refused: 0 };
    // The latest of a person's changes in a page wins; one change per person keeps the page one transaction.
    const latest = new Map(people.map((item) => [item.platformId, item]));
    // A hub record matched by one person of the page is not a candidate for another: it has one link per platform.
    const matched = new Set<string>();
    for (const item of latest.values()) {
      let decision = await smartMatch(store, { clientId, platform, platformId: item.platformId, person: item.person });
      if (decision.kind === 'one' && matched.has(decision.record.uuid)) decision = { kind: 'none' };
      const existing = await this.existing(decision);
      const hubClubId = existing?.clubId ?? this.hubClubOf(runtime, item) ?? club.hubClubId;
      const content = existing ? { ...(existing.content as Person), ...given(item.person) } : given(item.person);
      const input = await this.take(runtime, item, hubClubId, content, channel);
      if (!input) {
        prepared.refused += 1;
        continue;
      }
      input.changedBy = `platform:${platform}`;
      if (decision.kind === 'link' && existing) {
        const link = await store.findLinkByPlatformId(clientId, platform, item.platformId);
        // The hub holds this content, or delivered it to this platform: not imported again, not sent on.
        if (existing.hash === input.hash || link?.deliveredHash === input.hash) {
          prepared.unchanged += 1;
          continue;
        }
      }
      if (existing) matched.add(existing.uuid);
      const before = existing ? lifecycleOf(existing.content as Person) : undefined;
      prepared.changes.push({
        ...(existing ? { recordUuid: existing.uuid } : {}),
        save: input,
        link: { platformRecordId: item.platformId, linkedType: item.person.userType },
        log: [this.entry(runtime, item, decision, input.targets, before, input.content as Person, hubClubId, channel)],
      });
    }
    return prepared;
  }

  /** Applies prepared changes in one transaction (with a pull's cursor or a webhook's message ID) and wakes the workers. */
  async apply(
    runtime: PlatformRuntime,
    changes: InboundChange[],
    extra: { cursor?: { clubId: string; value: string }; messageId?: string },
  ): Promise<InboundResult> {
    const clientId = runtime.client.id;
    const result = await twoWayStoreOf(this.options.store).applyInbound({ clientId, platform: runtime.turnUp.platform, changes, ...extra });
    if (result.saved.some((saved) => saved.deliveryIds.length > 0)) this.options.wake(clientId);
    return result;
  }

  private async existing(decision: MatchDecision): Promise<HubRecord | undefined> {
    if (decision.kind === 'one') return decision.record;
    if (decision.kind === 'link') return this.options.store.getRecord(decision.recordUuid);
    return undefined;
  }

  /** The hub club of the platform's club the person belongs to, when the platform said which. */
  private hubClubOf(runtime: PlatformRuntime, item: PlatformPerson): string | undefined {
    if (item.platformClubId === undefined) return undefined;
    return Object.entries(runtime.turnUp.clubs).find(([, platformClubId]) => platformClubId === item.platformClubId)?.[0];
  }

  /** The person through the intake, as the platform's provider: undefined when refused (the intake logged why). */
  private async take(runtime: PlatformRuntime, item: PlatformPerson, clubId: string, content: Partial<Person>, channel: InboundChannel) {
    const provider = runtime.turnUp.provider;
    const command: IntakeCommand<'person'> = {
      kind: 'person',
      providerInfo: { identifier: provider, clientID: runtime.client.id, clubID: clubId, recordID: item.platformId },
      naming: platformNaming(runtime.displayName),
      api: channel,
      content: content as Record<string, unknown>,
    };
    try {
      return await this.options.intake.take({ provider, clients: new Set([runtime.client.id]), credential: `${runtime.displayName}'s ${channel}` }, command);
    } catch (error) {
      if (error instanceof ConnectorError && error.code === 'VALIDATION') return undefined;
      throw error;
    }
  }

  /** The INBOUND entry that says what was decided for one person, and why. */
  private entry(
    runtime: PlatformRuntime,
    item: PlatformPerson,
    decision: MatchDecision,
    targets: string[],
    before: ReturnType<typeof lifecycleOf> | undefined,
    person: Person,
    clubId: string,
    channel: InboundChannel,
  ) {
    const name = runtime.displayName;
    const after = lifecycleOf(person);
    const who = describeRecord('person', person).person;
    const stage = lifecycleChange(before, after);
    const sentTo = targets.length ? `sent to ${targets.join(', ')}` : 'no other platform to send it to';
    const inPlatform = `${who} (${after}, ${name} ID ${item.platformId})`;
    let level: LogLevel = 'INFO';
    let summary: string;
    const details: Record<string, unknown> = { channel, platformId: item.platformId, match: decision.kind, lifecycle: after, targets };
    switch (decision.kind) {
      case 'link':
        summary = `${inPlatform} changed in ${name}${stage ? ` and ${stage}` : ''}: ${sentTo}`;
        break;
      case 'one':
        summary = `${inPlatform} matched a hub record by ${decision.rule}: linked${stage ? `, ${stage}` : ''}, ${sentTo}`;
        details.rule = decision.rule;
        break;
      case 'several':
        level = 'WARNING';
        details.rule = decision.rule;
        details.candidates = decision.records.map((record) => record.uuid);
        summary =
          `${inPlatform} matches ${decision.records.length} hub records by ${decision.rule} (${decision.records.map((r) => r.uuid).join(', ')}): ` +
          `saved as a new record, not merged (merge them if they are one person), ${sentTo}`;
        break;
      default:
        summary = `${inPlatform} is new in ${name}: a new hub record, ${sentTo}`;
    }
    if (before) details.before = before;
    return this.options.log.inbound({ clientId: runtime.client.id, clubId, level, provider: runtime.turnUp.provider, person: who, summary, details });
  }
}
