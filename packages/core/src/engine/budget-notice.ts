import type { ConnectorLog } from '../log/connector-log';
import type { Logger } from '../logging/logger';
import type { CounterStore } from '../store/counter-store';
import type { ConnectorStore } from '../store/store';
import type { BudgetDay } from '../transport/budget-day';
import type { CallBudget } from '../transport/call-budget';
import { countWaiting, writeToClubs } from './turn-up-notices';

/** What a worker needs to tell its clubs that the turn-up's call budget is spent, and renewed. */
export interface BudgetNoticeOptions {
  budget: CallBudget;
  /** The hub's clubs of the turn-up: the Connector Log is per club, so each gets the entries. */
  clubIds: readonly string[];
  log: ConnectorLog;
  /** The counters the budget is kept in: the first hub to mark a notice writes it, the others do not. */
  counters: CounterStore;
}

const DAY_MS = 86_400_000;

/**
 * The Connector Log's side of a call budget: one WARNING per club when the day's budget is spent and
 * deliveries wait, one INFO per club when the next day begins and they resume, whichever hub of those
 * sharing the store notices first (each notice is marked in the store's counters once per day).
 */
export class BudgetNotice {
  constructor(
    private readonly options: BudgetNoticeOptions,
    private readonly store: ConnectorStore,
    private readonly logger: Logger,
  ) {}

  /** The budget this notice speaks of. */
  get budget(): CallBudget {
    return this.options.budget;
  }

  /** The budget of `day` is spent: deliveries wait until it ends. */
  async spent(clientId: string, platform: string, day: BudgetDay, now: number): Promise<void> {
    if (!(await this.first('spent', day, now))) return;
    const { budget } = this.options;
    await this.write(clientId, platform, 'WARNING', `${budget.description} is spent: deliveries wait until ${day.endLabel}`, {
      code: 'BUDGET_SPENT',
      callBudget: { perDay: budget.perDay, day: day.date, resetsAt: new Date(day.end).toISOString() },
    });
  }

  /** The day whose budget was spent has ended: counts the deliveries that wait, and says they resume. */
  async resumed(clientId: string, platform: string, day: BudgetDay, now: number): Promise<void> {
    if (!(await this.first('resumed', day, now))) return;
    const { waiting, count } = await countWaiting(this.store, this.logger, clientId, platform, now);
    const { budget } = this.options;
    await this.write(clientId, platform, 'INFO', `${budget.description} is renewed: ${count} deliveries resumed`, {
      callBudget: { perDay: budget.perDay, day: this.budget.dayAt(now).date },
      resumed: waiting,
    });
  }

  /** Marks the notice of `day` in the store's counters; true for the one hub that marked it first. */
  private async first(notice: 'spent' | 'resumed', day: BudgetDay, now: number): Promise<boolean> {
    const key = `${this.budget.counterKey(day)}:${notice}`;
    try {
      // Kept a day past the reset, so a hub that notices late still finds the mark.
      const { count } = await this.options.counters.addToCounter(key, 1, Math.max(0, day.end - now) + DAY_MS);
      return count === 1;
    } catch (error) {
      this.logger.error('marking a call budget notice failed; writing it anyway', { notice, error });
      return true;
    }
  }

  private write(clientId: string, platform: string, level: 'INFO' | 'WARNING', summary: string, details: Record<string, unknown>): Promise<void> {
    return writeToClubs(
      this.store,
      this.options.log,
      this.logger,
      this.options.clubIds,
      { clientId, platform, level, summary, details },
      'a call budget entry',
    );
  }
}
