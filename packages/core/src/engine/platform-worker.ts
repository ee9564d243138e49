import type { ConnectorError } from '../errors/connector-error';
import type { Logger } from '../logging/logger';
import type { ClaimedDelivery, ConnectorStore } from '../store/store';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker';
import type { Clock } from './clock';
import type { DeliveryEngine, DeliveryOutcome } from './delivery-engine';
import { PlatformHealth, type PlatformHealthOptions } from './platform-health';
import { BudgetNotice, type BudgetNoticeOptions } from './budget-notice';
import type { BudgetDay } from '../transport/budget-day';

/** Settings of a {@link PlatformWorker}. */
export interface WorkerOptions {
  /** Platform calls in flight at once (default 4). */
  concurrency?: number;
  /**
   * Deliveries claimed ahead of a free slot (default: as many as `concurrency`, at least 16), so one
   * claim serves several deliveries. 0 claims only for free slots.
   */
  prefetch?: number;
  /** How long a claim holds (default 60 s): after a crash, another worker takes the delivery then. */
  leaseMs?: number;
  /** How often an idle worker looks for due deliveries (default 500 ms); saves wake it at once. */
  pollIntervalMs?: number;
  /** When the platform counts as down, and how it is probed then (see {@link CircuitBreaker}). */
  breaker?: CircuitBreakerOptions;
}

/**
 * Delivers one turned-up platform's queue with bounded concurrency. Work is claimed from the store with
 * a lease, so a crashed process's deliveries are taken up again when their lease expires.
 *
 * A slot is free again as soon as the platform has answered: the attempt's outcome is written while the
 * next attempt already runs (the engine gathers the writes of attempts that end together). Deliveries
 * are claimed `prefetch` ahead, so claims are one per several deliveries; those never started are given
 * back when the worker stops, or when their lease has run half out while they waited.
 */
export class PlatformWorker {
  /** Attempts whose platform call has not answered yet (bounded by `concurrency`). */
  private calling = 0;
  private running = false;
  private idle = true;
  private wakeUp?: () => void;
  /** A wake that came while the loop was not asleep (claiming, starting): its next sleep is skipped. */
  private wakePending = false;
  private loopDone?: Promise<void>;
  private readonly ready: ClaimedDelivery[] = [];
  private readonly active = new Set<Promise<unknown>>();
  private readonly concurrency: number;
  private readonly prefetch: number;
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;
  private readonly breaker: CircuitBreaker;
  private readonly health?: PlatformHealth;
  private probing = false;
  private readonly budgetNotice?: BudgetNotice;
  /** The day whose call budget is spent: no claims until it ends. */
  private budgetWait?: BudgetDay;

  constructor(
    readonly clientId: string,
    readonly platform: string,
    private readonly store: ConnectorStore,
    private readonly engine: DeliveryEngine,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: WorkerOptions = {},
    private readonly onOutcome?: (outcome: DeliveryOutcome, ms: number) => void,
    health?: PlatformHealthOptions,
    budget?: BudgetNoticeOptions,
  ) {
    this.breaker = new CircuitBreaker(() => clock.now(), options.breaker);
    this.health = health && new PlatformHealth(health, store, logger);
    this.budgetNotice = budget && new BudgetNotice(budget, store, logger);
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.prefetch = Math.max(0, options.prefetch ?? Math.max(this.concurrency, 16));
    this.leaseMs = options.leaseMs ?? 60_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
  }

  /** True when nothing is in flight, being written or claimed ahead, and the last look found nothing due. */
  get isIdle(): boolean {
    return this.idle && this.active.size === 0 && this.ready.length === 0;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  /** Wakes the worker (a save queued work for it). */
  wake(): void {
    this.idle = false;
    if (this.wakeUp) this.wakeUp();
    else this.wakePending = true;
  }

  /**
   * Stops claiming, gives back the deliveries claimed ahead, and waits for in-flight deliveries (up to
   * `graceMs`; the rest keep their lease).
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loopDone;
    await this.release(this.ready.splice(0));
    if (this.active.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.active]), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      if (this.budgetNotice && (await this.waitForBudget())) continue;
      if (this.breaker.isOpen) {
        // The platform is down: attempts wait (their counts unchanged) while a probe asks it.
        await this.release(this.ready.splice(0));
        if (this.breaker.probeDue() && !this.probing) await this.probe();
        if (this.breaker.isOpen) {
          this.idle = false;
          await this.sleep();
          continue;
        }
      }
      await this.startReady();
      const free = this.concurrency - this.calling;
      let claimed = 0;
      let asked = 0;
      if (free > 0 && this.running) {
        // Nothing is waiting (startReady took it all): claim for the free slots and `prefetch` ahead.
        asked = free + this.prefetch;
        try {
          const deliveries = await this.store.claimDeliveries({
            now: this.clock.now(),
            leaseMs: this.leaseMs,
            limit: asked,
            clientId: this.clientId,
            platform: this.platform,
          });
          claimed = deliveries.length;
          this.ready.push(...deliveries);
        } catch (error) {
          this.logger.error('claiming deliveries failed', { platform: this.platform, error });
        }
        await this.startReady();
        // A full claim may have left more due: look again once a slot frees (or at once, if one is free).
        if (claimed > 0 && claimed === asked) continue;
      }
      this.idle = claimed === 0 && this.ready.length === 0;
      await this.sleep();
    }
  }

  /**
   * While the turn-up's call budget is spent (seen by a delivery, a probe or a pull of this hub), gives
   * back what was claimed and sleeps, with no store call; says so once when the next day begins. True
   * when the loop must look again.
   */
  private async waitForBudget(): Promise<boolean> {
    const now = this.clock.now();
    const seen = this.budgetNotice!.budget.spentAt(now);
    if (seen && !this.budgetWait) this.budgetSpent(seen);
    const wait = this.budgetWait;
    if (!wait) return false;
    await this.release(this.ready.splice(0));
    if (now < wait.end) {
      this.idle = false;
      await this.sleep();
      return true;
    }
    this.budgetWait = undefined;
    await this.budgetNotice!.resumed(this.clientId, this.platform, wait, now);
    return false;
  }

  /** The budget of `day` is spent: the worker stops claiming until it ends, and the clubs are told once. */
  private budgetSpent(day: BudgetDay | undefined): void {
    if (!day || this.budgetWait) return;
    this.budgetWait = day;
    this.track(this.budgetNotice?.spent(this.clientId, this.platform, day, this.clock.now()));
  }

  private async sleep(): Promise<void> {
    // Work queued during the last claim may not be in what it read: look again at once.
    if (this.wakePending) {
      this.wakePending = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.pollIntervalMs);
      this.wakeUp = done;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
    this.wakeUp = undefined;
  }

  /** Asks the platform (its `check`) whether it answers again; closes the circuit when it does. */
  private async probe(): Promise<void> {
    if (!this.health) {
      this.breaker.close();
      return;
    }
    this.probing = true;
    try {
      await this.health.probe();
    } catch (error) {
      if ((error as Partial<ConnectorError>).code === 'BUDGET_SPENT') this.budgetSpent(this.budgetNotice?.budget.spentAt(this.clock.now()));
      // A refusal (401, a bad club) is the platform answering: its deliveries fail on their own merits.
      if ((error as Partial<ConnectorError>).retryable !== false) {
        this.breaker.probeFailed();
        return;
      }
    } finally {
      this.probing = false;
    }
    this.breaker.close();
    await this.health.recovered(this.clientId, this.platform, this.clock.now());
  }

  /** A transient failure of one delivery; says whether the platform is down (the engine logs nothing then). Bound once: no closure per delivery. */
  private readonly onTransient = (error: ConnectorError): boolean => {
    if (error.code === 'BUDGET_SPENT') {
      // Not the platform failing: the breaker is left alone.
      this.budgetSpent(this.budgetNotice?.budget.spentAt(this.clock.now()));
      return true;
    }
    if (this.breaker.failed()) this.track(this.health?.down(this.clientId, this.platform, error));
    return this.breaker.isOpen;
  };

  private track(task: Promise<unknown> | undefined): void {
    if (!task) return;
    const tracked = task.finally(() => this.active.delete(tracked));
    this.active.add(tracked);
  }

  /** Starts waiting deliveries in the free slots; gives back those whose lease ran half out meanwhile. */
  private async startReady(): Promise<void> {
    const stale: ClaimedDelivery[] = [];
    while (this.calling < this.concurrency && this.ready.length > 0 && this.running) {
      const delivery = this.ready.shift()!;
      if ((delivery.leaseUntil ?? 0) - this.clock.now() < this.leaseMs / 2) stale.push(delivery);
      else this.run(delivery);
    }
    await this.release(stale);
  }

  private async release(deliveries: ClaimedDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    try {
      await this.store.releaseDeliveries(deliveries);
    } catch (error) {
      // Their leases expire and they are claimed again then.
      this.logger.error('giving back claimed deliveries failed; they are taken up when their lease expires', { platform: this.platform, error });
    }
  }

  private run(delivery: ClaimedDelivery): void {
    this.calling++;
    this.idle = false;
    const started = performance.now();
    let calling = true;
    const platformDone = () => {
      if (!calling) return;
      calling = false;
      this.calling--;
      this.wake();
    };
    const task = this.engine
      .deliver(delivery, platformDone, this.onTransient)
      .then((outcome) => {
        if (outcome === 'delivered') this.breaker.succeeded();
        this.onOutcome?.(outcome, performance.now() - started);
      })
      .catch((error) => {
        // The store failed mid-delivery: the lease expires and the delivery is tried again.
        this.logger.error('delivery failed unexpectedly; it will be retried when its lease expires', { deliveryId: delivery.id, error });
      })
      .finally(() => {
        platformDone();
        this.active.delete(task);
        this.wake();
      });
    this.active.add(task);
  }
}
