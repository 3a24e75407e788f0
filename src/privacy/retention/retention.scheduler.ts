import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../config/app.config';
import { RetentionService, type RetentionRunSummary } from './retention.service';

/** how often the scheduler looks whether the engine's day has a run yet */
const CHECK_INTERVAL_MS = 5 * 60_000;

/**
 * The daily erasure job: every few minutes it asks whether the engine's day (ClockService, so tests
 * and demos that move the engine clock move the job too) has had its run; the first check of a new day
 * runs it. The run is unique per day in the database (`retention_run`), so two platform processes
 * never both run it. Off with RETENTION_JOB=false (tests call `tick()` themselves).
 */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RetentionScheduler.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: AppConfig,
    private readonly retention: RetentionService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.RETENTION_JOB) return;
    this.timer = setInterval(() => {
      void this.tick().catch((error: unknown) =>
        this.logger.warn({
          msg: 'retention run failed',
          error: error instanceof Error ? error.name : 'Error',
        }),
      );
    }, CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  /** runs today's job unless it already ran today; the summary, or null when it had run */
  tick(): Promise<RetentionRunSummary | null> {
    const next = this.running.then(() => this.retention.run('schedule'));
    this.running = next.catch(() => undefined);
    return next;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
