import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { DomainError } from '../common/errors/domain.error';
import { guardJob, JobActionError } from './job-action.guard';
import { JobFailures } from './job-failures';
import { JOB_WORKER_METADATA, type JobWorkerOptions } from './job-worker.decorator';
import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from './zeebe.types';
import { ZeebeService } from './zeebe.service';

export interface DiscoveredWorker {
  type: string;
  className: string;
  methodName: string;
  options: JobWorkerOptions;
  handler: (job: ZeebeJob) => unknown;
}

interface Closable {
  close(timeout?: number): Promise<unknown>;
}

const DEFAULT_RETRY_BACKOFF_MS = 5000;

/**
 * Finds every @JobWorker method on Nest providers and, at start-up, opens one SDK worker per method.
 * Each job runs in its own forked EntityManager context; the handler must end in exactly one job
 * action. A handler that throws fails the job (retries decremented, back-off); one that returns
 * without an action also fails it, so no job hangs until its timeout.
 */
@Injectable()
export class JobWorkerDiscovery implements OnModuleDestroy {
  private readonly logger = new Logger(JobWorkerDiscovery.name);
  private readonly workers: Closable[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly zeebe: ZeebeService,
    private readonly orm: MikroORM,
    private readonly failures: JobFailures,
  ) {}

  discover(): DiscoveredWorker[] {
    const found: DiscoveredWorker[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const method = (prototype as Record<string, unknown>)[methodName];
        if (typeof method !== 'function') continue;
        const meta = this.reflector.get<{ type: string; options: JobWorkerOptions } | undefined>(
          JOB_WORKER_METADATA,
          method,
        );
        if (!meta) continue;
        found.push({
          type: meta.type,
          options: meta.options,
          className: instance.constructor.name,
          methodName,
          handler: (job) => (method as (job: ZeebeJob) => unknown).call(instance, job),
        });
      }
    }
    const seen = new Map<string, DiscoveredWorker>();
    for (const w of found) {
      const other = seen.get(w.type);
      if (other) {
        throw new Error(
          `job type "${w.type}" has two workers: ${other.className}.${other.methodName} and ${w.className}.${w.methodName}`,
        );
      }
      seen.set(w.type, w);
    }
    return found;
  }

  /** Opens one SDK worker per discovered handler. */
  start(): void {
    for (const w of this.discover()) {
      const worker = this.zeebe.client.createWorker({
        taskType: w.type,
        maxJobsToActivate: w.options.maxJobsToActivate ?? 32,
        timeout: w.options.timeoutMs ?? 30_000,
        ...(w.options.fetchVariables ? { fetchVariable: w.options.fetchVariables } : {}),
        taskHandler: (job) => this.run(w, job as ZeebeJob),
      });
      this.workers.push(worker);
      this.logger.log({
        msg: 'job worker started',
        jobType: w.type,
        workerName: `${w.className}.${w.methodName}`,
      });
    }
  }

  /** Runs one job in a forked EntityManager context and enforces exactly one job action. */
  async run(w: DiscoveredWorker, sdkJob: ZeebeJob): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const job = this.recordingFailures(sdkJob);
    const guarded = guardJob(job);
    const backOff = w.options.retryBackOffMs ?? DEFAULT_RETRY_BACKOFF_MS;
    const fields = { jobType: w.type, jobKey: job.key, processInstanceKey: job.processInstanceKey };
    try {
      await RequestContext.create(this.orm.em.fork(), async () => {
        await w.handler(guarded.job);
      });
    } catch (error) {
      if (guarded.actions() > 0) {
        // the action was taken; an error afterwards (e.g. a refused second action) is a bug to log
        this.logger.error({ msg: 'job handler failed after its job action', ...fields, error });
        return 'JOB_ACTION_ACKNOWLEDGEMENT';
      }
      const code = error instanceof DomainError ? error.code : undefined;
      const errorType = error instanceof Error ? error.name : typeof error;
      this.logger.warn({ msg: 'job handler threw; failing job', ...fields, errorType, code });
      return job.fail({
        errorMessage:
          `${errorType}${code ? ` ${code}` : ''}: ${error instanceof Error ? error.message : 'handler failed'}`.slice(
            0,
            500,
          ),
        retries: Math.max(0, job.retries - 1),
        retryBackOff: backOff,
      });
    }
    if (guarded.actions() === 0) {
      this.logger.error({ msg: 'job handler returned without a job action; failing job', ...fields });
      return job.fail({
        errorMessage: new JobActionError(`handler ${w.className}.${w.methodName} took no job action`).message,
        retries: Math.max(0, job.retries - 1),
        retryBackOff: backOff,
      });
    }
    return 'JOB_ACTION_ACKNOWLEDGEMENT';
  }

  /**
   * The job with a fail() that, once the engine took a failure leaving no retries (the engine raises an
   * incident), tells the JobFailures listeners (the operations module records the job: against a real
   * Zeebe the gRPC API lists no incidents). Listeners never change the job action's outcome.
   */
  private recordingFailures(job: ZeebeJob): ZeebeJob {
    const fail = job.fail as (config: unknown, retries?: number) => Promise<JOB_ACTION_ACKNOWLEDGEMENT>;
    const recordingFail = async (config: unknown, retries?: number): Promise<JOB_ACTION_ACKNOWLEDGEMENT> => {
      const ack = await fail(config, retries);
      const given = typeof config === 'object' && config !== null ? (config as Record<string, unknown>) : {};
      const left = typeof config === 'string' ? retries : (given.retries as number | undefined);
      // without retries the SDK decrements the job's remaining retries by one
      if ((left ?? job.retries - 1) <= 0) {
        const message =
          typeof config === 'string'
            ? config
            : typeof given.errorMessage === 'string'
              ? given.errorMessage
              : '';
        await this.failures.exhausted({
          jobKey: job.key,
          processInstanceKey: job.processInstanceKey,
          bpmnProcessId: job.bpmnProcessId,
          version: job.processDefinitionVersion,
          elementId: job.elementId,
          jobType: job.type,
          errorMessage: message,
        });
      }
      return ack;
    };
    return { ...job, fail: recordingFail };
  }

  async onModuleDestroy(): Promise<void> {
    const workers = this.workers.splice(0);
    await Promise.all(
      workers.map((w) =>
        w.close(5000).catch((error: unknown) => this.logger.warn({ msg: 'worker close failed', error })),
      ),
    );
    if (workers.length > 0) this.logger.log({ msg: 'job workers stopped', count: workers.length });
  }
}
