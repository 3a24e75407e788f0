import { SetMetadata } from '@nestjs/common';

export const JOB_WORKER_METADATA = 'mia:job-worker';

export interface JobWorkerOptions {
  /** max jobs in flight for this worker (default 32) */
  maxJobsToActivate?: number;
  /** job activation timeout in ms: how long the engine waits before handing the job to another worker (default 30 s) */
  timeoutMs?: number;
  /** only these variables are fetched (default all) */
  fetchVariables?: string[];
  /** back-off in ms for a failed job's next try (default 5 s) */
  retryBackOffMs?: number;
  /** how the process editor offers this job type as an element template (default: from the models) */
  template?: JobWorkerTemplateOptions;
  /** the job type serves execution listeners only: not offered as a task template in the editor */
  executionListenerOnly?: boolean;
}

export interface JobWorkerTemplateOptions {
  /** German name shown in the editor's template list (default: the service task's name in the models) */
  name?: string;
  /** German description of what the worker does */
  description?: string;
  /** variables the worker sets when it completes the job */
  outputs?: string[];
}

export interface JobWorkerDefinition {
  type: string;
  className: string;
  methodName: string;
  options: JobWorkerOptions;
}

/**
 * Every @JobWorker in the code base that has been loaded, filled when the class is defined. Lets the
 * job-type coverage test check models against handlers without booting Nest.
 */
export const JOB_WORKER_REGISTRY: JobWorkerDefinition[] = [];

/**
 * Declares a service method as the handler of a job type. The method receives the job (and runs in its
 * own forked EntityManager context) and must end in exactly one job action (complete, fail, error).
 */
export function JobWorker(type: string, options: JobWorkerOptions = {}): MethodDecorator {
  if (!type || type.startsWith('=')) throw new Error(`@JobWorker needs a static job type, got "${type}"`);
  const setMetadata = SetMetadata(JOB_WORKER_METADATA, { type, options });
  return (target, propertyKey, descriptor) => {
    JOB_WORKER_REGISTRY.push({
      type,
      className: target.constructor.name,
      methodName: String(propertyKey),
      options,
    });
    setMetadata(target, propertyKey, descriptor);
  };
}
