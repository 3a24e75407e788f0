import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ClockService } from '../clock.service';
import { JobWorker } from '../job-worker.decorator';
import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '../zeebe.types';

/**
 * The platform's instance log: every shipped model carries a start and an end execution listener on
 * the process itself (a lint rule keeps them in edited models). Idempotent: a job may arrive twice,
 * and an end may be seen for an instance whose start was never recorded.
 */
@Injectable()
export class InstanceLogWorker {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: ClockService,
  ) {}

  @JobWorker('platform-instance-started', {
    fetchVariables: ['caseId'],
    executionListenerOnly: true,
  })
  async started(job: ZeebeJob): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    await this.record(job, 'started');
    return job.complete();
  }

  @JobWorker('platform-instance-ended', {
    fetchVariables: ['caseId'],
    executionListenerOnly: true,
  })
  async ended(job: ZeebeJob): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    await this.record(job, 'ended');
    return job.complete();
  }

  private async record(job: ZeebeJob, what: 'started' | 'ended'): Promise<void> {
    const now = await this.clock.now();
    const column = what === 'started' ? 'started_at' : 'ended_at';
    await this.em.getConnection().execute(
      `insert into process_instance_record
         (process_instance_key, bpmn_process_id, version, ${column})
       values (?, ?, ?, ?)
       on conflict (process_instance_key) do update set ${column} = coalesce(process_instance_record.${column}, excluded.${column})`,
      [job.processInstanceKey, job.bpmnProcessId, job.processDefinitionVersion, now],
    );
  }
}
