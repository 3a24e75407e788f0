import { Injectable } from '@nestjs/common';
import { ClockService } from '../engine/clock.service';
import { JobWorker } from '../engine/job-worker.decorator';
import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '../engine/zeebe.types';
import { DeadlinesService } from './deadlines.service';

/**
 * Execution listeners that close deadline records where the point a deadline guards is a message or
 * timer event (issue 8 § 1), not a worker: the listener's element says how the deadline ended.
 * Idempotent: only open records change.
 */
@Injectable()
export class DeadlineListenersWorker {
  constructor(
    private readonly deadlines: DeadlinesService,
    private readonly clock: ClockService,
  ) {}

  /**
   * return-management, the end of the wait for the departure deadline (§ 59 Abs. 1 AufenthG): voluntary
   * departure chosen (met, or missed if after the last day), the deadline expired (missed), or an
   * obstacle to removal reported (the deadline no longer runs as such: cancelled; the obstacle check
   * follows).
   */
  @JobWorker('abh-departure-deadline-passed', { fetchVariables: ['caseId'], executionListenerOnly: true })
  async departurePassed(job: ZeebeJob): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    if (job.elementId === 'Event_HindernisGemeldet')
      await this.deadlines.cancelOpen(job.processInstanceKey, ['departure']);
    else await this.deadlines.close(job.processInstanceKey, 'departure', await this.clock.today());
    return job.complete({});
  }

  /**
   * employment-toleration and training-toleration: the Anhörung period (§ 28 VwVfG) ran out before the
   * process went on to the decision — the person had the full period to respond: met
   */
  @JobWorker('abh-hearing-period-ended', { fetchVariables: ['caseId'], executionListenerOnly: true })
  async hearingEnded(job: ZeebeJob): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    await this.deadlines.elapsed(job.processInstanceKey, 'hearing');
    return job.complete({});
  }

  /**
   * return-management, the review before the Duldung expires (Task_Wiedervorlage done): met if done by
   * its last day of validity, missed after it
   */
  @JobWorker('abh-duldung-reviewed', { fetchVariables: ['caseId'], executionListenerOnly: true })
  async duldungReviewed(job: ZeebeJob): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    await this.deadlines.close(job.processInstanceKey, 'duldung-expiry', await this.clock.today());
    return job.complete({});
  }

  /**
   * training-toleration, the end of the monitoring of the training (Call_AusbildungBegleiten done): the
   * exam passed (met, or missed if after the training's last day), otherwise the end is not reached
   * (a support measure without monitoring, or the Duldung lapsed on an exclusion): cancelled
   */
  @JobWorker('abh-training-monitoring-ended', {
    fetchVariables: ['trainingOutcome', 'examPassedOn'],
    executionListenerOnly: true,
  })
  async trainingMonitoringEnded(
    job: ZeebeJob<{ trainingOutcome?: string | null; examPassedOn?: string | null }>,
  ): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    if (job.variables.trainingOutcome === 'passed')
      await this.deadlines.close(
        job.processInstanceKey,
        'training-end-60c',
        job.variables.examPassedOn ?? (await this.clock.today()),
      );
    else await this.deadlines.cancelOpen(job.processInstanceKey, ['training-end-60c']);
    return job.complete({});
  }

  /**
   * training-toleration-check, the BA's approval (§ 36 Abs. 2 BeschV): the BA answered (met, or missed
   * if after the last day), or its two weeks ran out and the approval is deemed given (the period ran
   * its course: met)
   */
  @JobWorker('abh-ba-approval-settled', { fetchVariables: ['caseId'], executionListenerOnly: true })
  async baApprovalSettled(job: ZeebeJob): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    if (job.elementId === 'Timer_Zustimmungsfiktion')
      await this.deadlines.elapsed(job.processInstanceKey, 'ba-approval-fiction');
    else await this.deadlines.close(job.processInstanceKey, 'ba-approval-fiction', await this.clock.today());
    return job.complete({});
  }
}
