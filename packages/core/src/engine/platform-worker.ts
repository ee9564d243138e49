import type { Logger } from '../logging/logger';
import type { ConnectorStore } from '../store/store';
import type { Clock } from './clock';
import type { DeliveryEngine, DeliveryOutcome } from './delivery-engine';

/** Settings of a {@link PlatformWorker}. */
export interface WorkerOptions {
  /** Deliveries in flight at once (default 4). */
  concurrency?: number;
  /** How long a claim holds (default 60 s): after a crash, another worker takes the delivery then. */
  leaseMs?: number;
  /** How often an idle worker looks for due deliveries (default 500 ms); saves wake it at once. */
  pollIntervalMs?: number;
}

/**
 * Delivers one turned-up platform's queue with bounded concurrency. Work is claimed from the store with
 * a lease, so a crashed process's deliveries are taken up again when their lease expires.
 */
export class PlatformWorker {
  private inFlight = 0;
  private running = false;
  private idle = true;
  private wakeUp?: () => void;
  private loopDone?: Promise<void>;
  private readonly active = new Set<Promise<unknown>>();
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;

  constructor(
    readonly clientId: string,
    readonly platform: string,
    private readonly store: ConnectorStore,
    private readonly engine: DeliveryEngine,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: WorkerOptions = {},
    private readonly onOutcome?: (outcome: DeliveryOutcome, ms: number) => void,
  ) {
    this.concurrency = options.concurrency ?? 4;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
  }

  /** True when nothing is in flight and the last look found nothing due. */
  get isIdle(): boolean {
    return this.idle && this.inFlight === 0;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  /** Wakes the worker (a save queued work for it). */
  wake(): void {
    this.idle = false;
    this.wakeUp?.();
  }

  /** Stops claiming and waits for in-flight deliveries (up to `graceMs`; the rest keep their lease). */
  async stop(graceMs = 10_000): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loopDone;
    if (this.active.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.active]),
      new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
    ]);
    clearTimeout(timer);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const free = this.concurrency - this.inFlight;
      let claimed = 0;
      if (free > 0) {
        try {
          const deliveries = await this.store.claimDeliveries({
            now: this.clock.now(),
            leaseMs: this.leaseMs,
            limit: free,
            clientId: this.clientId,
            platform: this.platform,
          });
          claimed = deliveries.length;
          for (const delivery of deliveries) this.run(delivery);
        } catch (error) {
          this.logger.error('claiming deliveries failed', { platform: this.platform, error });
        }
      }
      if (claimed > 0 && claimed === free) continue;
      this.idle = claimed === 0;
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
  }

  private run(delivery: Parameters<DeliveryEngine['deliver']>[0]): void {
    this.inFlight++;
    this.idle = false;
    const started = performance.now();
    const task = this.engine
      .deliver(delivery)
      .then((outcome) => this.onOutcome?.(outcome, performance.now() - started))
      .catch((error) => {
        // The store failed mid-delivery: the lease expires and the delivery is tried again.
        this.logger.error('delivery failed unexpectedly; it will be retried when its lease expires', { deliveryId: delivery.id, error });
      })
      .finally(() => {
        this.inFlight--;
        this.active.delete(task);
        this.wake();
      });
    this.active.add(task);
  }
}
