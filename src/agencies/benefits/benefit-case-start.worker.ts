import { Injectable } from '@nestjs/common';
import { CasesService } from '../../cases';
import { ClockService } from '../../engine/clock.service';
import { JobWorker } from '../../engine/job-worker.decorator';
import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '../../engine/zeebe.types';
import { ZeebeService } from '../../engine/zeebe.service';

/** the benefits process (BRIEF § 3, Process 2) */
export const BENEFITS_PROCESS_ID = 'asylblg-benefits';

interface StartBenefitCaseVariables {
  personId: string;
  caseId: string;
  /** the day the need became known to the office (arrival in the district) */
  arrivedOn?: string | null;
  members?: { personId: string; role: string }[];
  benefitCaseInstanceKey?: string | null;
}

/**
 * LG: "Leistungsfall AsylbLG eröffnen" (BRIEF § 2 Nr. 7 → Process 2). The benefits case runs for years,
 * so the arrival process does not wait for it in a call activity: this worker starts process
 * asylblg-benefits on its own and links it to the person (and the household members). Idempotent: a
 * repeated job finds the instance in the variable or in the person's process links and starts none.
 */
@Injectable()
export class BenefitCaseStartWorker {
  constructor(
    private readonly cases: CasesService,
    private readonly zeebe: ZeebeService,
    private readonly clock: ClockService,
  ) {}

  @JobWorker('lg-start-benefit-case', {
    fetchVariables: ['personId', 'caseId', 'arrivedOn', 'members', 'benefitCaseInstanceKey'],
  })
  async start(job: ZeebeJob<StartBenefitCaseVariables>): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    if (v.benefitCaseInstanceKey) return job.complete({ benefitCaseInstanceKey: v.benefitCaseInstanceKey });
    const existing = (await this.cases.processLinks(v.personId)).find(
      (l) => l.bpmnProcessId === BENEFITS_PROCESS_ID && l.role === 'subject',
    );
    let instanceKey = existing?.processInstanceKey;
    if (!instanceKey) {
      const needKnownOn = v.arrivedOn ?? (await this.clock.today());
      const created = await this.zeebe.client.createProcessInstance({
        bpmnProcessId: BENEFITS_PROCESS_ID,
        variables: { personId: v.personId, caseId: v.caseId, needKnownOn },
      });
      instanceKey = created.processInstanceKey;
    }
    await this.cases.linkProcess(v.personId, {
      processInstanceKey: instanceKey,
      bpmnProcessId: BENEFITS_PROCESS_ID,
      caseId: v.caseId,
      role: 'subject',
    });
    for (const member of (v.members ?? []).filter((m) => m.personId !== v.personId)) {
      await this.cases.linkProcess(member.personId, {
        processInstanceKey: instanceKey,
        bpmnProcessId: BENEFITS_PROCESS_ID,
        caseId: v.caseId,
        role: 'household-member',
      });
    }
    return job.complete({ benefitCaseInstanceKey: instanceKey });
  }
}
