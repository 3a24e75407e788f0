import { Injectable, Logger } from '@nestjs/common';

/** a job that failed with no retries left: the engine raises an incident for it */
export interface ExhaustedJobFailure {
  jobKey: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  version: number;
  elementId: string;
  jobType: string;
  errorMessage: string;
}

export type JobFailureListener = (failure: ExhaustedJobFailure) => Promise<void>;

/**
 * Where modules learn of jobs the platform's workers failed with no retries left (the operations view
 * records them: a real Zeebe's gRPC API lists no incidents). The engine module knows no listener; they
 * register themselves. A listener's failure is logged and never changes the job action's outcome.
 */
@Injectable()
export class JobFailures {
  private readonly logger = new Logger(JobFailures.name);
  private readonly listeners: JobFailureListener[] = [];

  register(listener: JobFailureListener): void {
    this.listeners.push(listener);
  }

  async exhausted(failure: ExhaustedJobFailure): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(failure);
      } catch (error) {
        this.logger.warn({
          msg: 'job failure listener failed',
          jobKey: failure.jobKey,
          errorType: error instanceof Error ? error.name : typeof error,
        });
      }
    }
  }
}
