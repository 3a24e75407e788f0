import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app.config';
import { DeadlineEscalationService, type EscalationRunSummary } from './deadline-escalation.service';

/** how often the check looks at the engine's day */
const CHECK_INTERVAL_MS = 5 * 60_000;

/**
 * Runs the escalation check every few minutes on the engine's clock (tests and demos that move the
 * engine clock move it too); each step is raised once, so frequent runs cost only the queries.
 * Off with DEADLINE_ESCALATION_JOB=false (tests call `tick()` themselves).
 */
@Injectable()
export class DeadlineEscalationScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeadlineEscalationScheduler.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: AppConfig,
    private readonly escalation: DeadlineEscalationService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.DEADLINE_ESCALATION_JOB) return;
    this.timer = setInterval(() => {
      void this.tick().catch((error: unknown) =>
        this.logger.warn({
          msg: 'deadline escalation check failed',
          error: error instanceof Error ? error.name : 'Error',
        }),
      );
    }, CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  /** one check, after any still running */
  tick(): Promise<EscalationRunSummary> {
    const next = this.running.then(() => this.escalation.run());
    this.running = next.catch(() => undefined);
    return next;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
