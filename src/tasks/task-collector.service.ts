import { MikroORM, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app.config';
import { ClockService } from '../engine/clock.service';
import { ZeebeService } from '../engine/zeebe.service';
import { isNotFound } from './engine-errors';
import { TaskModelCatalogue } from './task-models';
import { Task } from './task.entity';
import { taskFieldsOf, USER_TASK_JOB_TYPE, type ActivatedUserTaskJob } from './user-task-job';

const WORKER = 'mia-task-list';
/** how long one ActivateJobs call waits for a job (long polling) */
const POLL_REQUEST_MS = 5_000;
/** pause after a failed poll */
const BACKOFF_MS = 2_000;

/**
 * Keeps Zeebe's job-based user tasks as task rows: long-polls ActivateJobs for
 * `io.camunda.zeebe:userTask` with a long job timeout, upserts each job by its key (a job can arrive
 * twice), and extends every open task's job before its deadline so the engine never hands it out
 * again. When the engine no longer knows a job (NOT_FOUND: interrupting event, process cancelled) the
 * task is marked cancelled. Runs outside HTTP requests: every step forks its own EntityManager.
 */
@Injectable()
export class TaskCollector implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TaskCollector.name);
  private running = false;
  private loop?: Promise<void>;
  private extender?: NodeJS.Timeout;
  private extending?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly config: AppConfig,
    private readonly zeebe: ZeebeService,
    private readonly orm: MikroORM,
    private readonly models: TaskModelCatalogue,
    /** a task's creation time is the engine's (its clock can be moved) */
    private readonly clock: ClockService,
  ) {}

  /** the job timeout the collector activates and extends with */
  get jobTimeoutMs(): number {
    return this.config.TASK_JOB_TIMEOUT_MS;
  }

  onApplicationBootstrap(): void {
    if (this.config.TASK_COLLECTOR) this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.pollLoop();
    // extend when half of the timeout is left; look at least every second, at most every minute
    const every = Math.min(60_000, Math.max(1_000, Math.floor(this.jobTimeoutMs / 4)));
    this.extender = setInterval(() => {
      if (this.extending) return;
      this.extending = this.extendDue()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn({ msg: 'extending user-task jobs failed', error }))
        .finally(() => {
          this.extending = undefined;
        });
    }, every);
    this.logger.log({ msg: 'task collector started', jobTimeoutMs: this.jobTimeoutMs });
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.extender);
    this.wake?.();
    await this.loop;
    await this.extending;
    this.logger.log({ msg: 'task collector stopped' });
  }

  private async pollLoop(): Promise<void> {
    while (this.running) {
      try {
        await this.pollOnce(POLL_REQUEST_MS);
      } catch (error) {
        if (!this.running) break;
        this.logger.warn({ msg: 'activating user tasks failed', error });
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, BACKOFF_MS);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }

  /** one ActivateJobs call; stores what it activated and returns how many jobs came */
  async pollOnce(requestTimeoutMs = -1): Promise<number> {
    const jobs = (await this.zeebe.client.activateJobs({
      type: USER_TASK_JOB_TYPE,
      worker: WORKER,
      maxJobsToActivate: 50,
      timeout: this.jobTimeoutMs,
      requestTimeout: requestTimeoutMs,
      fetchVariable: [],
    })) as unknown as ActivatedUserTaskJob[];
    const now = jobs.length > 0 ? await this.clock.now() : new Date();
    for (const job of jobs) {
      try {
        await this.store(job, now);
      } catch (error) {
        // the job stays activated until its deadline and then comes again
        this.logger.error({ msg: 'storing a user task failed', jobKey: job.key, error });
      }
    }
    return jobs.length;
  }

  /** upserts the task row of an activated job (idempotent by job key) */
  async store(job: ActivatedUserTaskJob, now?: Date): Promise<void> {
    const model = await this.models.lookup(job.bpmnProcessId, job.elementId);
    const { assignee, ...row } = taskFieldsOf(job, model, this.jobTimeoutMs);
    const em = this.orm.em.fork();
    const existing = await em.findOne(Task, { jobKey: row.jobKey });
    if (!existing) {
      em.create(Task, { ...row, assignee, state: 'open', createdAt: now ?? (await this.clock.now()) });
      try {
        await em.flush();
        return;
      } catch (error) {
        // stored meanwhile by a parallel activation: update below
        if (!(error instanceof UniqueConstraintViolationException)) throw error;
      }
    }
    const again = this.orm.em.fork();
    const task = existing ?? (await again.findOneOrFail(Task, { jobKey: row.jobKey }));
    // the same job again (activated after a restart or a missed extension): keep claim and draft
    await (existing ? em : again).nativeUpdate(
      Task,
      { id: task.id },
      {
        jobDeadline: row.jobDeadline,
        variables: row.variables,
        ...(task.state === 'cancelled' ? { state: 'open' as const } : {}),
      },
    );
  }

  /** extends the jobs of open tasks whose deadline is less than half a timeout away */
  async extendDue(now: Date = new Date()): Promise<{ extended: number; cancelled: number }> {
    const em = this.orm.em.fork();
    const due = await em.find(
      Task,
      { state: 'open', jobDeadline: { $lt: new Date(now.getTime() + this.jobTimeoutMs / 2) } },
      { orderBy: { jobDeadline: 'asc' }, limit: 500 },
    );
    let extended = 0;
    let cancelled = 0;
    for (const task of due) {
      if (!this.running && this.loop) break;
      try {
        await this.zeebe.client.updateJobTimeout({ jobKey: task.jobKey, timeout: this.jobTimeoutMs });
        task.jobDeadline = new Date(Date.now() + this.jobTimeoutMs);
        extended += 1;
      } catch (error) {
        if (!isNotFound(error)) {
          this.logger.warn({ msg: 'extending a user-task job failed', jobKey: task.jobKey, error });
          continue;
        }
        // gone in the engine: cancelled (or completed elsewhere); activation brings it back if not.
        // Only while still open: a completion committed meanwhile (the engine's NOT_FOUND is then the
        // completed job) must not be overwritten.
        cancelled += await em.nativeUpdate(Task, { id: task.id, state: 'open' }, { state: 'cancelled' });
      }
    }
    await em.flush();
    return { extended, cancelled };
  }
}
