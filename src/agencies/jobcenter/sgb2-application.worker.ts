import { Injectable } from '@nestjs/common';
import { CasesService, jobContext } from '../../cases';
import { ClockService } from '../../engine/clock.service';
import { JobWorker } from '../../engine/job-worker.decorator';
import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '../../engine/zeebe.types';

interface Sgb2ApplicationVariables {
  personId: string;
  /** from form jc-benefits-sgb2-application */
  sgb2ApplicationReceivedOn?: string | null;
  jcAppointmentOn?: string | null;
}

/**
 * JC: "Antragseingang erfassen" after the change of benefit system (BRIEF § 3, Events): records
 * SGB2ApplicationReceived, which the statistics pair with BenefitEnded(recognition) (BRIEF § 8: share of
 * recognised refugees who applied at the Jobcenter). Idempotent through the job key.
 */
@Injectable()
export class Sgb2ApplicationWorker {
  constructor(
    private readonly cases: CasesService,
    private readonly clock: ClockService,
  ) {}

  @JobWorker('jc-record-sgb2-application', {
    fetchVariables: ['personId', 'sgb2ApplicationReceivedOn', 'jcAppointmentOn'],
  })
  async record(job: ZeebeJob<Sgb2ApplicationVariables>): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const on = job.variables.sgb2ApplicationReceivedOn ?? (await this.clock.today());
    await this.cases.recordEvent(
      'SGB2ApplicationReceived',
      { on },
      { personId: job.variables.personId, occurredOn: on, ctx: jobContext(job) },
    );
    return job.complete({ sgb2ApplicationRecordedOn: on });
  }
}
