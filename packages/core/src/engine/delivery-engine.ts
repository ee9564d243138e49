import { ConnectorError, toConnectorError } from '../errors/connector-error';
import type { Logger } from '../logging/logger';
import { Redactor } from '../logging/redactor';
import { ConnectorLog } from '../log/connector-log';
import { describeRecord } from '../log/describe-record';
import type { LeadSource } from '../model/person';
import type { ClubContext, PersonQuery, PersonWrite, PlatformLeadSource, PlatformStaff, ProspectOperations } from '../plugin/operations';
import type { PlatformRuntime } from '../runtime/platform-runtime';
import { GroupCommitter } from '../store/group-commit';
import { INVALIDATE_ALL } from '../store/invalidation-bus';
import { InProcessLocks, type LockStore } from '../store/lock-store';
import type {
  ClaimedDelivery,
  ConnectorStore,
  Delivery,
  DeliveryEffects,
  DeliveryFinish,
  HubRecord,
  Link,
  LinkedType,
  LogLevel,
  NewLogEntry,
} from '../store/store';
import { backoffDelay, type RetryPolicy } from '../transport/call-policy';
import type { Clock } from './clock';
import { ambiguousMatch, duplicateWarning, findPerson, matchedBy, mergeDuplicates } from './duplicates';
import { idempotencyKey, leadSourceIdempotencyKey } from './idempotency-key';
import { normalizeName, ReferenceCache, type ReferenceCacheOptions } from './reference-cache';

/** Finds the runtime of a turned-up platform. */
export type RuntimeLookup = (clientId: string, platform: string) => PlatformRuntime | undefined;

/** Settings of the {@link DeliveryEngine}. */
export interface DeliveryEngineOptions {
  /**
   * Hours a delivery failing transiently is retried, counted from when its content was accepted
   * (default 24; fractions allowed): past them, the next transient failure makes it a dead letter.
   * Permanent failures (4xx, validation) are dead letters at once.
   */
  retryHorizonHours?: number;
  /** A cap on attempts as well (default: none, the horizon alone decides). */
  maxAttempts?: number;
  /** First delay between attempts (default 2 s); doubles each attempt, with jitter. */
  retryBaseMs?: number;
  /** Longest delay between attempts (default 10 min). */
  retryMaxMs?: number;
  /** Staff and lead-source caching. */
  cache?: ReferenceCacheOptions;
  /** Most finished attempts written in one transaction (default 64). */
  maxFinishBatch?: number;
  /**
   * How long an ended attempt waits for others to end before their outcomes are written together
   * (default 20 ms: a few attempts share a commit even on a platform that answers 50 times a second).
   * The worker's slot is free meanwhile; a crash in that moment leaves the intent set, so the retry
   * looks the record up before creating it.
   */
  finishWindowMs?: number;
}

/** How the store names a change made by a platform: `platform:<turn-up key>` (inbound sync's `changedBy`). */
const PLATFORM_CHANGE = 'platform:';

/** The attempt whose transient failure writes a WARNING (earlier and later ones write none). */
const WARN_AFTER_ATTEMPTS = 3;

function formatHours(ms: number): string {
  const hours = ms / 3_600_000;
  return hours >= 1 ? `${Number(hours.toFixed(1))} h` : `${Math.round(ms / 60_000)} min`;
}

/** What one delivery attempt came to. */
/** What one attempt came to; `waiting`: the call budget was spent, the delivery was given back unchanged. */
export type DeliveryOutcome = 'delivered' | 'unchanged' | 'skipped' | 'retrying' | 'dead' | 'waiting';

interface AttemptResult {
  level: LogLevel;
  action: string;
  platformRecordId?: string;
  warnings: string[];
  sent?: unknown;
  /** The link to store with the completion. */
  link?: Omit<Link, 'updatedAt'>;
  /** Duplicates the platform merged during the attempt. */
  merged?: Array<{ keep: string; merged: string[] }>;
  /** What the look-up before a create decided, when it ran and found nobody (the other outcomes are in the action). */
  lookUp?: string;
}

/** What was done to a record the look-up found (or not: `how` undefined), in the log's words. */
function foundAs(how: 'recovered' | 'matched' | undefined, platformId: string, done: string, query: PersonQuery): string {
  if (how === 'recovered') return `found after an interrupted attempt and ${done}`;
  if (how === 'matched') return `linked existing ${platformId} (matched by ${matchedBy(query)}) and ${done}`;
  return done;
}

/** The two reference lists the engine caches per client + platform + club. */
type ReferenceList = 'staff' | 'leadSources';

/** The cache key of a platform club's lists. */
function cacheKeyOf(runtime: PlatformRuntime, club: ClubContext): string {
  return `${runtime.client.id}\u0000${runtime.turnUp.platform}\u0000${club.platformClubId}`;
}

/** The invalidation of one list, as hubs publish it (JSON: a store's message carries no NUL character). */
function listKey(list: ReferenceList, runtime: PlatformRuntime, club: ClubContext): string {
  return JSON.stringify([list, runtime.client.id, runtime.turnUp.platform, club.platformClubId]);
}

/** The list and cache key of an invalidation written by {@link listKey}; undefined for any other key. */
function parseListKey(key: string): { list: ReferenceList; cacheKey: string } | undefined {
  try {
    const parts: unknown = JSON.parse(key);
    if (!Array.isArray(parts) || parts.length !== 4 || !parts.every((p) => typeof p === 'string')) return undefined;
    const [list, ...rest] = parts as string[];
    if (list !== 'staff' && list !== 'leadSources') return undefined;
    return { list, cacheKey: rest.join('\u0000') };
  } catch {
    return undefined;
  }
}

function describe(record: HubRecord): string {
  return describeRecord(record.kind, record.content).summary;
}

/**
 * Delivers hub records to platforms, implementing the delivery rules of DESIGN.md once for every
 * plugin: lead sources by name (created where the platform can), staff owners by email (never created),
 * create / update / save from links, conversion, unchanged content not re-sent, one Connector Log entry
 * per delivery, transient failures retried with backoff and permanent ones dead-lettered.
 */
export class DeliveryEngine {
  private readonly staffCache: ReferenceCache<PlatformStaff>;
  private readonly leadSourceCache: ReferenceCache<PlatformLeadSource>;
  /** Lead-source creations in flight, so concurrent deliveries naming a new source create it once. */
  private readonly creatingLeadSources = new Map<string, Promise<string>>();
  /** The lock around a lead-source create: the store's, shared by every hub on it, or this process's. */
  private readonly locks: LockStore;
  private readonly maxAttempts: number;
  private readonly retryHorizonMs: number;
  /** The queue's spacing of attempts: the transports' backoff, with the engine's longer delays. */
  private readonly backoff: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>;
  /** Attempts that end within `finishWindowMs` of each other are finished in one store transaction. */
  private readonly finishes: GroupCommitter<DeliveryFinish, void>;
  /** Builds the OUTBOUND entries (redacted), the same writer the intake uses for INBOUND ones. */
  private readonly log = new ConnectorLog(this.redactor);

  constructor(
    private readonly store: ConnectorStore,
    private readonly runtimes: RuntimeLookup,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly redactor: Redactor = new Redactor(),
    options: DeliveryEngineOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? Number.POSITIVE_INFINITY;
    this.retryHorizonMs = (options.retryHorizonHours ?? 24) * 3_600_000;
    this.backoff = { baseDelayMs: options.retryBaseMs ?? 2_000, maxDelayMs: options.retryMaxMs ?? 10 * 60_000 };
    const cacheOptions = { now: () => this.clock.now(), ...options.cache };
    this.staffCache = new ReferenceCache(cacheOptions);
    this.leadSourceCache = new ReferenceCache(cacheOptions);
    this.locks = store.locks ?? new InProcessLocks();
    this.finishes = new GroupCommitter((batch) => this.store.finishDeliveries(batch).then(() => batch.map(() => undefined)), {
      maxBatch: options.maxFinishBatch ?? 64,
      windowMs: options.finishWindowMs ?? 20,
    });
  }

  /** Forgets every cached staff and lead-source list. */
  invalidateCaches(): void {
    this.staffCache.invalidate();
    this.leadSourceCache.invalidate();
  }

  /**
   * Forgets the list an invalidation names (published by this hub or another on the same store, see
   * `ConnectorStore.invalidations`); {@link INVALIDATE_ALL}, or a key this engine did not write, forgets
   * every list.
   */
  forgetList(invalidation: string): void {
    const parsed = invalidation === INVALIDATE_ALL ? undefined : parseListKey(invalidation);
    if (!parsed) return this.invalidateCaches();
    (parsed.list === 'staff' ? this.staffCache : this.leadSourceCache).invalidate(parsed.cacheKey);
  }

  /**
   * Tells every hub on the store that this list changed in the platform, so they fetch it again before
   * using it. A failure to tell costs the others only staleness until their TTL: it is logged, the
   * delivery goes on.
   */
  private async announceChange(list: ReferenceList, runtime: PlatformRuntime, club: ClubContext): Promise<void> {
    const bus = this.store.invalidations;
    if (!bus) return;
    try {
      await bus.publishInvalidation(listKey(list, runtime, club));
    } catch (error) {
      this.logger.warn(`the other hubs were not told that the ${list === 'staff' ? 'staff' : 'lead-source'} list changed; they use theirs until it expires`, {
        client: runtime.client.id,
        platform: runtime.turnUp.platform,
        error,
      });
    }
  }

  /**
   * Carries out one claimed delivery to the end: delivered, unchanged, retrying or dead. The claim
   * brought the record and its link; the outcome is written with those of the attempts that end at the
   * same moment, in one transaction, before this resolves. `platformDone` is called once the platform
   * has answered (or was not called), before that write: the worker may start its next attempt then.
   * `onTransient` hears of each transient failure (the worker's circuit breaker) and answers whether the
   * platform is known to be down, in which case the failure writes no entry of its own.
   */
  async deliver(delivery: ClaimedDelivery, platformDone?: () => void, onTransient?: (error: ConnectorError) => boolean): Promise<DeliveryOutcome> {
    const { record, link } = delivery;
    const runtime = this.runtimes(delivery.clientId, delivery.platform);
    if (!record || !runtime) {
      platformDone?.();
      const message = !record
        ? `hub record ${delivery.recordUuid} does not exist`
        : `platform ${delivery.platform} is not turned up for client ${delivery.clientId}`;
      await this.store.deadLetter(
        delivery.id,
        delivery.leaseToken,
        { message, code: 'CONFIGURATION' },
        this.log.outbound({
          clientId: delivery.clientId,
          clubId: delivery.clubId,
          level: 'ERROR',
          platform: delivery.platform,
          recordUuid: delivery.recordUuid,
          deliveryId: delivery.id,
          summary: `Not sent to ${delivery.platform}: ${message}`,
        }),
      );
      return 'dead';
    }
    const club = runtime.clubContext(record.clubId);
    if (!club || link?.deliveredHash === record.hash) {
      // No club of this platform, or (rule 5) this content already reached it: no call, no log entry.
      platformDone?.();
      await this.finish(delivery, {});
      return club ? 'unchanged' : 'skipped';
    }
    const started = performance.now();
    let result: AttemptResult;
    try {
      result = await this.attempt(delivery, record, runtime, club, link);
    } catch (raw) {
      platformDone?.();
      const error = toConnectorError(raw, runtime.plugin.id);
      if (error.code === 'BUDGET_SPENT') return this.waitForBudget(delivery, error, onTransient);
      const platformDown = error.retryable && (onTransient?.(error) ?? false);
      return this.fail(delivery, record, runtime, error, platformDown);
    }
    platformDone?.();
    // The link, the log entry and the completion are one transaction (shared with the attempts that end
    // together). Until it commits, the claim's intent stands: a crash now makes the retry look first.
    await this.finish(delivery, {
      link: result.link,
      log: this.logEntry(delivery, record, runtime, result.level, this.summary(delivery, record, runtime, result.action), {
        action: result.action,
        platformRecordId: result.platformRecordId,
        warnings: result.warnings.length ? result.warnings : undefined,
        sent: result.sent,
        merged: result.merged,
        lookUp: result.lookUp,
        attempt: delivery.attempts,
        ms: Math.round(performance.now() - started),
        callsLeft: runtime.budget?.callsLeft(this.clock.now()),
      }),
    });
    return 'delivered';
  }

  /**
   * The turn-up's call budget is spent: the delivery is given back, its attempt not counted, and the
   * worker hears of it (it stops claiming until the budget's day ends). Its intent is kept: a call of
   * this attempt made before the budget ran out may have created the person, so the next one looks first.
   */
  private async waitForBudget(delivery: ClaimedDelivery, error: ConnectorError, onTransient?: (error: ConnectorError) => boolean): Promise<DeliveryOutcome> {
    onTransient?.(error);
    await this.store.releaseDeliveries([{ id: delivery.id, leaseToken: delivery.leaseToken, intentAt: delivery.intentAt ?? this.clock.now() }]);
    return 'waiting';
  }

  private finish(delivery: ClaimedDelivery, effects: DeliveryEffects): Promise<void> {
    return this.finishes.submit({ id: delivery.id, leaseToken: delivery.leaseToken, deliveredVersion: delivery.recordVersion, effects });
  }

  private summary(delivery: ClaimedDelivery, record: HubRecord, runtime: PlatformRuntime, action: string): string {
    return `${describe(record)} ${this.madeIn(delivery, record)} and sent to ${runtime.displayName}: ${action}`;
  }

  /**
   * Where the change being delivered was made, for the Connector Log: "entered in INTOUCH" (a provider's
   * save), or "changed in Acme" for a change that came from a platform (a sale, an ended membership),
   * whatever system the record was first entered in.
   */
  private madeIn(delivery: ClaimedDelivery, record: HubRecord): string {
    const by = delivery.changedBy;
    if (by?.startsWith(PLATFORM_CHANGE)) {
      const platform = by.slice(PLATFORM_CHANGE.length);
      return `changed in ${this.runtimes(record.clientId, platform)?.displayName ?? platform}`;
    }
    return `entered in ${record.origin.provider}`;
  }

  /**
   * A failed attempt. A transient one is tried again later, with no entry per attempt (the error count
   * of a club is not inflated): one WARNING when a delivery has failed {@link WARN_AFTER_ATTEMPTS}
   * times while its platform otherwise answers (an outage has the worker's one WARNING instead). It is a
   * dead letter when it is permanent, or when the retry horizon has passed since its content was accepted.
   */
  private async fail(
    delivery: ClaimedDelivery,
    record: HubRecord,
    runtime: PlatformRuntime,
    error: ConnectorError,
    platformDown: boolean,
  ): Promise<DeliveryOutcome> {
    const token = delivery.leaseToken;
    const reason = this.redactor.redactString(error.message);
    const details = { code: error.code, status: error.status, reason, attempt: delivery.attempts };
    const now = this.clock.now();
    const horizonEnd = Date.parse(record.updatedAt) + this.retryHorizonMs;
    const withinHorizon = now < horizonEnd && delivery.attempts < this.maxAttempts;
    if (error.retryable && withinHorizon) {
      const delay = backoffDelay(this.backoff, delivery.attempts, error);
      const warn = !platformDown && delivery.attempts === WARN_AFTER_ATTEMPTS;
      await this.store.rescheduleDelivery(
        delivery.id,
        token,
        now + delay,
        { message: reason, code: error.code },
        warn
          ? this.logEntry(
              delivery,
              record,
              runtime,
              'WARNING',
              `${describe(record)} ${this.madeIn(delivery, record)} could not be sent to ${runtime.displayName} in ${delivery.attempts} attempts (${reason}); retrying until ${new Date(horizonEnd).toISOString()}`,
              { ...details, retrying: true, retryInMs: delay },
            )
          : undefined,
      );
      return 'retrying';
    }
    const why = error.retryable
      ? `${reason} (still failing ${formatHours(this.retryHorizonMs)} after it was accepted, the retry horizon: no more retries)`
      : reason;
    // Several platform records match the person: not a fault of the hub or the platform but a decision
    // for an operator (which record is theirs), so a WARNING, with the dead letter to replay.
    const level: LogLevel = error.code === 'AMBIGUOUS_MATCH' ? 'WARNING' : 'ERROR';
    await this.store.deadLetter(
      delivery.id,
      token,
      { message: why, code: error.code },
      this.logEntry(delivery, record, runtime, level, `${describe(record)} ${this.madeIn(delivery, record)} was not sent to ${runtime.displayName}: ${why}`, {
        ...details,
        deadLetter: true,
      }),
    );
    return 'dead';
  }

  private logEntry(
    delivery: Delivery,
    record: HubRecord,
    runtime: PlatformRuntime,
    level: LogLevel,
    summary: string,
    details: Record<string, unknown>,
  ): NewLogEntry {
    return this.log.outbound({
      clientId: record.clientId,
      clubId: record.clubId,
      level,
      platform: runtime.turnUp.platform,
      recordUuid: record.uuid,
      deliveryId: delivery.id,
      person: describeRecord(record.kind, record.content).person,
      summary,
      details,
    });
  }

  private attempt(delivery: Delivery, record: HubRecord, runtime: PlatformRuntime, club: ClubContext, link: Link | undefined): Promise<AttemptResult> {
    switch (record.kind) {
      case 'person':
        return this.deliverPerson(delivery, record as HubRecord<'person'>, runtime, club, link);
      case 'staff':
        return this.linkStaff(record as HubRecord<'staff'>, runtime, club);
      case 'leadSource':
        return this.deliverLeadSource(record as HubRecord<'leadSource'>, runtime, club, link);
    }
  }

  private cacheKey(runtime: PlatformRuntime, club: ClubContext): string {
    return cacheKeyOf(runtime, club);
  }

  /** Rule 2: the owner's email against the platform's staff list; never created. */
  private async resolveOwner(runtime: PlatformRuntime, club: ClubContext, email: string, warnings: string[]): Promise<string | undefined> {
    const staff = runtime.staff;
    if (!staff) {
      warnings.push(`owner ${email} not sent: ${runtime.displayName} does not support staff owners`);
      return undefined;
    }
    const wanted = email.trim().toLowerCase();
    const match = await this.staffCache.find(
      this.cacheKey(runtime, club),
      () => staff.list(club),
      (s) => s.email?.trim().toLowerCase() === wanted,
    );
    if (!match) warnings.push(`owner ${email} matches no staff member in ${runtime.displayName}: sent without an owner`);
    return match?.id;
  }

  /** Rule 1: the lead source by name, created where the platform can. */
  private async resolveLeadSource(runtime: PlatformRuntime, club: ClubContext, name: string, warnings: string[]): Promise<string | undefined> {
    const ops = runtime.leadSources;
    if (!ops) {
      warnings.push(`lead source "${name}" not sent: ${runtime.displayName} does not support lead sources`);
      return undefined;
    }
    const key = this.cacheKey(runtime, club);
    const wanted = normalizeName(name);
    const match = await this.leadSourceCache.find(
      key,
      () => ops.list(club),
      (s) => normalizeName(s.name) === wanted,
    );
    if (match) return match.id;
    if (!ops.create) {
      warnings.push(`lead source "${name}" does not exist in ${runtime.displayName}, which cannot create lead sources: sent without one`);
      return undefined;
    }
    return this.createLeadSource(runtime, club, { name, active: true });
  }

  /**
   * Creates a lead source once however many deliveries name it at the same moment: once per process (the
   * creations in flight), and once across the hubs on a shared store (its lock, inside which the platform
   * is asked again). When the platform says it exists already (an operator was faster), uses that one.
   */
  private createLeadSource(runtime: PlatformRuntime, club: ClubContext, leadSource: LeadSource): Promise<string> {
    const wanted = normalizeName(leadSource.name);
    const flightKey = JSON.stringify(['leadSource', runtime.client.id, runtime.turnUp.platform, club.platformClubId, wanted]);
    let pending = this.creatingLeadSources.get(flightKey);
    if (!pending) {
      pending = this.locks
        .withLock(flightKey, () => this.createLeadSourceLocked(runtime, club, leadSource, wanted))
        // The other hubs are told once the lock is free: the notice needs a connection of the store's
        // pool, which hubs waiting for the lock may have taken all of.
        .then(async ({ id, created }) => {
          if (created) await this.announceChange('leadSources', runtime, club);
          return id;
        })
        .finally(() => this.creatingLeadSources.delete(flightKey));
      this.creatingLeadSources.set(flightKey, pending);
    }
    return pending;
  }

  /** The create, inside the lock; says whether this call created the source (else another hub or an operator did). */
  private async createLeadSourceLocked(
    runtime: PlatformRuntime,
    club: ClubContext,
    leadSource: LeadSource,
    wanted: string,
  ): Promise<{ id: string; created: boolean }> {
    const ops = runtime.leadSources!;
    const key = this.cacheKey(runtime, club);
    const list = () => ops.list(club);
    const named = (s: PlatformLeadSource) => normalizeName(s.name) === wanted;
    if (this.store.locks) {
      // Another hub may have created it while this one listed or waited for the lock: ask the platform
      // again. With one process there is no other hub, and the list just fetched is enough.
      this.leadSourceCache.invalidate(key);
      const existing = await this.leadSourceCache.find(key, list, named);
      if (existing) return { id: existing.id, created: false };
    }
    try {
      const idempotency = leadSourceIdempotencyKey({
        clientId: runtime.client.id,
        platform: runtime.turnUp.platform,
        platformClubId: club.platformClubId,
        normalizedName: wanted,
      });
      const id = await ops.create!(leadSource, club, { idempotencyKey: idempotency });
      this.leadSourceCache.add(key, { id, name: leadSource.name, active: leadSource.active });
      return { id, created: true };
    } catch (error) {
      const code = (error as ConnectorError).code;
      if (code !== 'PLATFORM_REJECTED' && code !== 'CONFLICT') throw error;
      this.leadSourceCache.invalidate(key);
      const existing = await this.leadSourceCache.find(key, list, named);
      if (existing) return { id: existing.id, created: false };
      throw error;
    }
  }

  private async deliverPerson(
    delivery: Delivery,
    record: HubRecord<'person'>,
    runtime: PlatformRuntime,
    club: ClubContext,
    link: Link | undefined,
  ): Promise<AttemptResult> {
    const person = record.content;
    const warnings: string[] = [];
    const write: PersonWrite = {
      hubId: record.uuid,
      version: record.version,
      person,
      club,
      // The same for every attempt and version of this record in this platform: a create repeated after an
      // unknown outcome gives back the first record where the platform takes keys.
      idempotencyKey: idempotencyKey({ clientId: record.clientId, platform: runtime.turnUp.platform, recordUuid: record.uuid }),
      warn: (message) => warnings.push(message),
    };
    if (person.leadSource) write.leadSourceId = await this.resolveLeadSource(runtime, club, person.leadSource, warnings);
    if (person.ownerEmail) write.ownerId = await this.resolveOwner(runtime, club, person.ownerEmail, warnings);

    const wantsMember = person.userType === 'MEMBER';
    const ops: ProspectOperations | undefined = wantsMember ? runtime.members : runtime.prospects;
    if (!ops) throw new ConnectorError('CONFIGURATION', `${runtime.displayName} does not take ${wantsMember ? 'members' : 'prospects'}`, { retryable: false });

    let platformId = link?.platformRecordId;
    let linkedType: LinkedType | undefined = link?.linkedType;
    let action: string;
    let found: 'recovered' | 'matched' | undefined;
    const merged: Array<{ keep: string; merged: string[] }> = [];
    let nobodyFound: string | undefined;
    if (!platformId) {
      const lookUp = await this.lookUp(delivery, record, runtime, { hubId: record.uuid, person, club }, warnings);
      if (lookUp.platformId) {
        platformId = lookUp.platformId;
        found = lookUp.how;
        linkedType = undefined;
        if (lookUp.merged.length) merged.push({ keep: platformId, merged: lookUp.merged });
      } else if (lookUp.looked) {
        // Said in the entry's details, so an operator reading "created" knows the platform was asked first.
        nobodyFound = `no ${runtime.displayName} record matched by ${matchedBy({ hubId: record.uuid, person, club })}: created`;
      }
    }
    if (!platformId) {
      platformId = ops.save ? await ops.save(write) : await ops.create!(write);
      action = `created (${runtime.displayName} ID ${platformId})`;
    } else if (wantsMember && (linkedType === 'PROSPECT' || (found && runtime.members?.convertProspect))) {
      // Rule 4: conversion, through the platform's own call where it has one. A record found rather than
      // linked may be a prospect there (entered at the front desk): a member is sent through the
      // conversion, which then must take a member too (see MemberOperations.convertProspect).
      const members = runtime.members!;
      const converted = members.convertProspect
        ? await members.convertProspect(platformId, write)
        : members.save
          ? await members.save(write, platformId)
          : await members.update!(platformId, write);
      platformId = converted || platformId;
      action = `${foundAs(found, platformId, 'converted to member', write)} (${runtime.displayName} ID ${platformId})`;
    } else {
      const updated = ops.save ? await ops.save(write, platformId) : await ops.update!(platformId, write);
      platformId = updated || platformId;
      action = `${foundAs(found, platformId, 'updated', write)} (${runtime.displayName} ID ${platformId})`;
    }
    if (merged.length) action += `; merged ${merged[0].merged.join(', ')} into ${merged[0].keep}`;

    return {
      level: warnings.length ? 'WARNING' : 'INFO',
      action,
      platformRecordId: platformId,
      warnings,
      link: {
        recordUuid: record.uuid,
        clientId: record.clientId,
        clubId: record.clubId,
        platform: runtime.turnUp.platform,
        platformRecordId: platformId,
        linkedType: person.userType,
        deliveredHash: record.hash,
      },
      // Redacted with the rest of the log entry's details.
      sent: { hubId: write.hubId, club: write.club, ownerId: write.ownerId, leadSourceId: write.leadSourceId, person },
      merged: merged.length ? merged : undefined,
      lookUp: nobodyFound,
    };
  }

  /**
   * Looks the person up before a create, where the plugin can search: always when an earlier attempt may
   * have created them (the intent is set), and before the first create when the turn-up's
   * `matchBeforeCreate` is on (the default), so a person the platform already holds (entered at the
   * club's front desk) is linked, not entered twice. Several records for the person: merged where the
   * turn-up allows it and the plugin can; else, after an interrupted attempt (the duplicate may be the
   * hub's own) or on the replay of that dead letter, the oldest is kept with a WARNING; before a first
   * create, nothing is linked or created (AMBIGUOUS_MATCH, a dead letter for an operator).
   */
  private async lookUp(
    delivery: Delivery,
    record: HubRecord<'person'>,
    runtime: PlatformRuntime,
    query: PersonQuery,
    warnings: string[],
  ): Promise<{ looked: boolean; platformId?: string; how?: 'recovered' | 'matched'; merged: string[] }> {
    const find = runtime.find;
    // A dead letter AMBIGUOUS_MATCH replayed by an operator: its attempt created nothing (it stopped at the
    // look-up), so its intent says nothing; several candidates still there mean the operator goes ahead.
    const replayedAmbiguity = delivery.lastErrorCode === 'AMBIGUOUS_MATCH';
    const recovering = delivery.intentAt !== undefined && !replayedAmbiguity;
    if (!find || !(recovering || replayedAmbiguity || runtime.turnUp.matchBeforeCreate !== false)) return { looked: false, merged: [] };
    const found = await findPerson(find, query);
    if (!found.keep) return { looked: true, merged: [] };
    let merged: string[] = [];
    if (found.others.length > 0) {
      if (runtime.turnUp.mergeDuplicates && find.merge) {
        const outcome = await mergeDuplicates(find, query, found, (message) => this.redactor.redactString(message));
        merged = outcome.merged;
        warnings.push(...outcome.failures);
      } else if (!recovering && !replayedAmbiguity) {
        throw ambiguousMatch(runtime.displayName, query, found);
      } else {
        // Two platform records for one hub person (e.g. a create the platform saved after its answer timed
        // out, then a second one; or a replay the operator sent without merging): keep the first, and say
        // so once for an operator to merge them.
        warnings.push(duplicateWarning(describe(record), runtime.displayName, found));
      }
    }
    return { looked: true, platformId: found.keep, how: recovering ? 'recovered' : 'matched', merged };
  }

  /** Staff are never created: a staff record is linked by email to the platform's staff member. */
  private async linkStaff(record: HubRecord<'staff'>, runtime: PlatformRuntime, club: ClubContext): Promise<AttemptResult> {
    const warnings: string[] = [];
    const id = await this.resolveOwner(runtime, club, record.content.email, warnings);
    // A staff record says the platform's staff changed (someone joined): the other hubs fetch the list again.
    await this.announceChange('staff', runtime, club);
    return {
      level: id ? 'INFO' : 'WARNING',
      action: id ? `linked by email to staff ID ${id} (staff are never created)` : 'not linked (staff are never created)',
      platformRecordId: id,
      warnings,
      link: id ? this.linkOf(record, runtime, id, 'STAFF') : undefined,
    };
  }

  private async deliverLeadSource(
    record: HubRecord<'leadSource'>,
    runtime: PlatformRuntime,
    club: ClubContext,
    link: Link | undefined,
  ): Promise<AttemptResult> {
    const ops = runtime.leadSources!;
    const leadSource = record.content;
    const warnings: string[] = [];
    const key = this.cacheKey(runtime, club);
    let id = link?.platformRecordId;
    let action: string;
    if (!id) {
      const wanted = normalizeName(leadSource.name);
      id = (
        await this.leadSourceCache.find(
          key,
          () => ops.list(club),
          (s) => normalizeName(s.name) === wanted,
        )
      )?.id;
      if (id) action = `matched by name to lead source ID ${id}`;
    }
    if (id && link && ops.update) {
      await ops.update(id, leadSource, club);
      action = `updated (lead source ID ${id})`;
      this.leadSourceCache.invalidate(key);
      await this.announceChange('leadSources', runtime, club);
    } else if (!id && ops.create) {
      id = await this.createLeadSource(runtime, club, leadSource);
      action = `created (lead source ID ${id})`;
    } else if (!id) {
      warnings.push(`${runtime.displayName} cannot create lead sources: "${leadSource.name}" must be added there by hand`);
      action = 'not created';
    } else {
      action ??= `already there (lead source ID ${id})`;
    }
    return {
      level: warnings.length ? 'WARNING' : 'INFO',
      action: action!,
      platformRecordId: id,
      warnings,
      link: id ? this.linkOf(record, runtime, id, 'LEAD_SOURCE') : undefined,
    };
  }

  private linkOf(record: HubRecord, runtime: PlatformRuntime, platformRecordId: string, linkedType: LinkedType): Omit<Link, 'updatedAt'> {
    return {
      recordUuid: record.uuid,
      clientId: record.clientId,
      clubId: record.clubId,
      platform: runtime.turnUp.platform,
      platformRecordId,
      linkedType,
      deliveredHash: record.hash,
    };
  }
}
