import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from './zeebe.types';

export class JobActionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobActionError';
  }
}

const ACTIONS = ['complete', 'fail', 'error', 'cancelWorkflow', 'forward'] as const;

export interface GuardedJob {
  job: ZeebeJob;
  /** number of job actions the handler took */
  actions(): number;
}

/**
 * Wraps a job so that its handler can take exactly one job action: a second action throws a
 * JobActionError (and is not sent to the engine).
 */
export function guardJob(job: Readonly<ZeebeJob>): GuardedJob {
  let count = 0;
  const guarded: Record<string, unknown> = { ...job };
  for (const action of ACTIONS) {
    const original = job[action] as (...args: unknown[]) => unknown;
    guarded[action] = (...args: unknown[]): unknown => {
      count += 1;
      if (count > 1) {
        throw new JobActionError(
          `job ${job.key}: second job action "${action}" refused (one action per job)`,
        );
      }
      return original(...args);
    };
  }
  return { job: guarded as unknown as ZeebeJob, actions: () => count };
}

export type { JOB_ACTION_ACKNOWLEDGEMENT };
