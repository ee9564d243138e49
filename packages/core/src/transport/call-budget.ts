import { BudgetSpentError } from '../errors/connector-error';
import type { Logger } from '../logging/logger';
import type { CallBudgetSettings } from '../model/client';
import type { CounterStore } from '../store/counter-store';
import { budgetDay, type BudgetDay } from './budget-day';

/** What a {@link CallBudget} counts for: one client's turn-up on one platform. */
export interface CallBudgetOptions {
  clientId: string;
  platform: string;
  /** The platform's name in messages ("MINDBODY"). */
  displayName: string;
  pluginId?: string;
  settings: CallBudgetSettings;
  /** The store's counters (shared by every hub on it), or a memory fallback. */
  counters: CounterStore;
  /** The engine's clock, epoch ms: the day window is read on it. */
  now: () => number;
  logger?: Logger;
}

/** What the transports' call policy asks before each call. */
export interface CallSpender {
  /** Spends one call, or throws {@link BudgetSpentError} when none is left: the call must not be made. */
  spend(): Promise<void>;
}

/** Today's use of a budget, for metrics. */
export interface CallBudgetUsage {
  spent: number;
  perDay: number;
}

/**
 * A turn-up's call budget: at most `perDay` platform calls in a day that begins at `resetsAt` in
 * `timeZone`. Each call adds one to the day's counter in the store (one atomic step, so hubs on one
 * store spend one budget and a restart keeps the count) before it goes out. Once this hub has seen the
 * budget spent it refuses calls without asking the store until the day ends.
 */
export class CallBudget implements CallSpender {
  private spentDay?: BudgetDay;
  /** The day's count as this hub's last call saw it (other hubs' calls included). */
  private seen?: { end: number; count: number };

  constructor(private readonly options: CallBudgetOptions) {}

  /** Calls allowed a day (`callBudget.perDay`). */
  get perDay(): number {
    return this.options.settings.perDay;
  }

  /** "MINDBODY's call budget of 1000 a day", for log entries. */
  get description(): string {
    return `${this.options.displayName}'s call budget of ${this.perDay} a day`;
  }

  /** The counter of one budget day: by client, platform and the day's date. */
  counterKey(day: BudgetDay): string {
    return JSON.stringify(['calls', this.options.clientId, this.options.platform, day.date]);
  }

  /** The budget day holding `now`. */
  dayAt(now: number): BudgetDay {
    const { resetsAt, timeZone } = this.options.settings;
    return budgetDay(now, resetsAt, timeZone);
  }

  async spend(): Promise<void> {
    const now = this.options.now();
    const known = this.spentAt(now);
    if (known) throw this.spentError(known, now);
    const day = this.dayAt(now);
    let count: number;
    try {
      ({ count } = await this.options.counters.addToCounter(this.counterKey(day), 1, day.end - now));
    } catch (error) {
      // The store is out of reach: deliveries stop on it anyway; a pull or a check is let through uncounted.
      this.options.logger?.warn('the call budget could not be counted; the call is made uncounted', { platform: this.options.platform, error });
      return;
    }
    this.seen = { end: day.end, count };
    if (count > this.perDay) {
      this.spentDay = day;
      throw this.spentError(day, now);
    }
  }

  /** The day whose budget this hub has seen spent, while `now` is in it; no store call. */
  spentAt(now: number): BudgetDay | undefined {
    const day = this.spentDay;
    return day && now < day.end ? day : undefined;
  }

  /**
   * Calls left today as this hub's last call saw them (hubs sharing the store spend them too), or
   * undefined before this hub's first call of the day. No store call: cheap enough for every log entry.
   */
  callsLeft(now: number): number | undefined {
    const seen = this.seen;
    return seen && now < seen.end ? Math.max(0, this.perDay - seen.count) : undefined;
  }

  /** Calls spent in the day holding now, by every hub on the store (at most `perDay`). */
  async usage(): Promise<CallBudgetUsage> {
    const state = await this.options.counters.readCounter(this.counterKey(this.dayAt(this.options.now())));
    return { spent: Math.min(state?.count ?? 0, this.perDay), perDay: this.perDay };
  }

  private spentError(day: BudgetDay, now: number): BudgetSpentError {
    return new BudgetSpentError(`${this.description} is spent: no call until ${day.endLabel}`, {
      pluginId: this.options.pluginId,
      field: 'callBudget.perDay',
      retryAfterMs: Math.max(0, day.end - now),
    });
  }
}
