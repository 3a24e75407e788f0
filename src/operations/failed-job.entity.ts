import { BigIntType, Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

export const FAILED_JOB_CLOSE_REASONS = ['retried', 'cancelled'] as const;
export type FailedJobCloseReason = (typeof FAILED_JOB_CLOSE_REASONS)[number];

/**
 * A job that one of the platform's own workers failed with no retries left (written by
 * `JobWorkerDiscovery`): the engine raised an incident for it. Against a real Zeebe the gRPC API lists
 * no incidents, so this is what the operations view can show there; the job key lets UpdateJobRetries
 * work. Closed when the platform retries the job or cancels the instance through the operations view;
 * a new failure of the same job opens it again.
 */
@Entity({ tableName: 'failed_job' })
@Index({ properties: ['processInstanceKey'] })
@Index({ properties: ['closedAt', 'failedAt'] })
export class FailedJob {
  [OptionalProps]?: 'closedAt' | 'closeReason';

  @PrimaryKey({ type: new BigIntType('string'), autoincrement: false })
  jobKey!: string;

  @Property({ type: new BigIntType('string') })
  processInstanceKey!: string;

  @Property({ type: 'string', length: 255 })
  bpmnProcessId!: string;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'string', length: 255 })
  elementId!: string;

  @Property({ type: 'string', length: 255 })
  jobType!: string;

  /** the worker's error message as sent to the engine (the engine shows it on the incident too) */
  @Property({ type: 'text' })
  errorMessage!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  failedAt!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  closedAt: Date | null = null;

  @Property({ type: 'string', length: 16, nullable: true })
  closeReason: FailedJobCloseReason | null = null;
}
