import { Injectable } from '@nestjs/common';
import { CasesService, jobContext } from '../../cases';
import { ClockService } from '../../engine/clock.service';
import { JobWorker } from '../../engine/job-worker.decorator';
import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '../../engine/zeebe.types';

interface EducationReferralVariables {
  personId: string;
  /** from form bk-arrival-education-referral */
  schoolRegistrationDone?: boolean | null;
  kitaReferralDone?: boolean | null;
  courseReferral?: string | null;
}

/**
 * BK: "Bildungsvermittlung in der Fallakte vermerken", the end listener of the school, Kita and course referral
 * (BRIEF § 2 Nr. 10). Records an EducationReferralMade event, so the case file and the process
 * evaluation see which referrals were made, and when. Idempotent through the job key.
 */
@Injectable()
export class EducationReferralWorker {
  constructor(
    private readonly cases: CasesService,
    private readonly clock: ClockService,
  ) {}

  @JobWorker('bk-record-education-referral', {
    fetchVariables: ['personId', 'schoolRegistrationDone', 'kitaReferralDone', 'courseReferral'],
    executionListenerOnly: true,
  })
  async record(job: ZeebeJob<EducationReferralVariables>): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const on = await this.clock.today();
    await this.cases.recordEvent(
      'EducationReferralMade',
      {
        schoolRegistration: v.schoolRegistrationDone === true,
        kitaReferral: v.kitaReferralDone === true,
        course: v.courseReferral ?? 'none',
        on,
      },
      { personId: v.personId, occurredOn: on, ctx: jobContext(job) },
    );
    return job.complete({ educationReferralRecordedOn: on });
  }
}
