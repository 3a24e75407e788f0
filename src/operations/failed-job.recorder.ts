import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobFailures, type ExhaustedJobFailure } from '../engine';

/**
 * Records every job the platform's workers failed with no retries left in `failed_job`: against a real
 * Zeebe the gRPC API lists no incidents, so the operations view lists these, and their job keys let
 * UpdateJobRetries work. A job failed again after a retry is open again with the new message.
 */
@Injectable()
export class FailedJobRecorder implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    private readonly failures: JobFailures,
  ) {}

  onModuleInit(): void {
    this.failures.register((failure) => this.record(failure));
  }

  async record(f: ExhaustedJobFailure): Promise<void> {
    await this.orm.em
      .fork()
      .getConnection()
      .execute(
        `insert into failed_job (job_key, process_instance_key, bpmn_process_id, version, element_id, job_type, error_message, failed_at)
         values (?, ?, ?, ?, ?, ?, ?, now())
         on conflict (job_key) do update set error_message = excluded.error_message, failed_at = excluded.failed_at,
           closed_at = null, close_reason = null`,
        [
          f.jobKey,
          f.processInstanceKey,
          f.bpmnProcessId,
          f.version,
          f.elementId,
          f.jobType,
          f.errorMessage.slice(0, 2000),
        ],
      );
  }
}
