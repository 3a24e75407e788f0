import { Injectable } from '@nestjs/common';
import { JobWorker } from '../../engine/job-worker.decorator';
import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '../../engine/zeebe.types';
import { registrationNumber } from './registration-number.rules';

/** Demo worker of the reception unit: registers an intake (processes/demo-intake.bpmn). */
@Injectable()
export class IntakeRegistrationWorker {
  @JobWorker('demo-register-intake', { fetchVariables: [] })
  registerIntake(job: ZeebeJob): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    return job.complete({ registrationNumber: registrationNumber(job.key) });
  }
}
