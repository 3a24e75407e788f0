import { Injectable } from '@nestjs/common';
import { JobWorker } from '../engine/job-worker.decorator';
import { toVariables } from '../engine/job-variables';
import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '../engine/zeebe.types';
import type { Register } from './register.adapter';
import { RegistersService } from './registers.service';

interface RegisterJobVariables {
  personId?: string;
  caseId?: string;
  registerSubject?: string;
  registerPurpose?: string;
}

/**
 * The service tasks "AZR/BZR anfragen": ask the adapter; with the default (manual) adapter the next
 * user task has the caseworker record the answer. Output: `<register>Request` = { mode, requestedAt, answer? }.
 * No model asks the BAMF yet: its decisions reach the processes as the message `BamfEntscheidung`
 * (the BAMF informs the agency, § 40 AsylG); a `bamf-request` worker is added with the first model that
 * has to ask.
 */
@Injectable()
export class RegistersWorker {
  constructor(private readonly registers: RegistersService) {}

  @JobWorker('azr-request', { fetchVariables: ['personId', 'caseId', 'registerSubject', 'registerPurpose'] })
  azr(job: ZeebeJob): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    return this.handle('AZR', job);
  }

  @JobWorker('bzr-request', { fetchVariables: ['personId', 'caseId', 'registerSubject', 'registerPurpose'] })
  bzr(job: ZeebeJob): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    return this.handle('BZR', job);
  }

  private async handle(register: Register, job: ZeebeJob): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables as RegisterJobVariables;
    if (!v.personId || !v.caseId) {
      return job.fail({
        errorMessage: `${register} request needs variables personId and caseId`,
        retries: 0,
      });
    }
    const response = await this.registers.request(
      {
        register,
        personId: v.personId,
        caseId: v.caseId,
        subject: v.registerSubject ?? 'applicant',
        purpose: v.registerPurpose ?? job.bpmnProcessId,
      },
      { processInstanceKey: job.processInstanceKey, idempotencyKey: `${job.key}:${register}` },
    );
    return job.complete(toVariables({ [`${register.toLowerCase()}Request`]: response }));
  }
}
