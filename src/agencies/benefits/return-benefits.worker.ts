import { Injectable } from '@nestjs/common';
import { CasesService, jobContext } from '../../cases';
import { ClockService } from '../../engine/clock.service';
import { ZeebeService } from '../../engine/zeebe.service';
import { JobWorker } from '../../engine/job-worker.decorator';
import { toVariables } from '../../engine/job-variables';
import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '../../engine/zeebe.types';
import { benefitsEndOnReturn, type ReturnOutcome } from './return-benefits.rules';

interface ReturnBenefitVariables {
  personId: string;
  caseId?: string;
  returnOutcome?: ReturnOutcome | null;
  /** the day the return ended (abh-close-return-case) */
  returnEndedOn?: string | null;
}

/** LG: "Leistungen einstellen" at the end of the return management (processes/return-management.bpmn). */
@Injectable()
export class ReturnBenefitsWorker {
  constructor(
    private readonly cases: CasesService,
    private readonly clock: ClockService,
    private readonly zeebe: ZeebeService,
  ) {}

  @JobWorker('lg-end-benefits-on-return', {
    fetchVariables: ['personId', 'caseId', 'returnOutcome', 'returnEndedOn'],
  })
  async endBenefits(job: ZeebeJob<ReturnBenefitVariables>): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    if (!v.personId || !v.returnOutcome)
      return job.fail({ errorMessage: 'variables personId and returnOutcome are required', retries: 0 });
    const on = v.returnEndedOn ?? (await this.clock.today());
    const events = (await this.cases.events(v.personId))
      .filter((e) => e.type === 'BenefitStarted' || e.type === 'BenefitEnded')
      .map((e) => ({ type: e.type, occurredOn: e.occurredOn, seq: Number(e.id) }));
    const result = benefitsEndOnReturn(events, v.returnOutcome, on);
    if (result.decision === 'end' && result.reason && result.endOn) {
      await this.cases.recordEvent(
        'BenefitEnded',
        { reason: result.reason, on: result.endOn },
        { personId: v.personId, occurredOn: result.endOn, ctx: jobContext(job) },
      );
      if (v.caseId) {
        // ends the running AsylbLG case (processes/asylblg-benefits.bpmn waits for this message); kept for
        // 7 days in case that case is in a re-check just now. The message id makes a retried job publish once.
        await this.zeebe.client
          .publishMessage({
            name: 'AusreiseOderUntertauchen',
            correlationKey: v.caseId,
            messageId: `return-end-${job.processInstanceKey}`,
            timeToLive: 7 * 24 * 3600 * 1000,
            variables: toVariables({ endReason: result.reason, endOn: result.endOn }),
          })
          .catch((error: unknown) => {
            if (!String(error).includes('ALREADY_EXISTS')) throw error;
          });
      }
    }
    return job.complete(
      toVariables({
        benefitsEnded: result.decision === 'end',
        benefitsEndReasons: result.reasons.map((r) => `${r.text} (${r.paragraph})`),
      }),
    );
  }
}
