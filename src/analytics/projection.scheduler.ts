import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ZeebeService } from '../engine/zeebe.service';
import { EventLogProjection } from './event-log.projection';

/** how often the projection catches up in the background (every answer catches up anyway) */
const INTERVAL_MS = 30_000;

/**
 * Keeps the event-log projection warm on the embedded engine: one catch-up at start-up and one every
 * 30 seconds, so that an answer after a quiet spell (or the first after a large import) does not wait
 * for all events since. Correctness does not depend on it: every answer catches up first.
 */
@Injectable()
export class ProjectionScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ProjectionScheduler.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly zeebe: ZeebeService,
    private readonly projection: EventLogProjection,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.zeebe.embeddedEngine) return;
    const run = (): void => {
      this.projection.catchUp().catch((error: unknown) =>
        this.logger.warn({
          msg: 'analytics projection catch-up failed',
          error: error instanceof Error ? error.message : String(error),
        }),
      );
    };
    run();
    this.timer = setInterval(run, INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.projection.settled();
  }
}
