import { Injectable } from '@nestjs/common';
import { CasesService } from '../../cases';
import { addMonths, berlinMidnight } from '../../common/calendar';
import { DocumentsService } from '../../documents';
import { ClockService } from '../../engine/clock.service';
import { JobWorker } from '../../engine/job-worker.decorator';
import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '../../engine/zeebe.types';
import { ParametersService } from '../../parameters';

interface IntegrationPlanVariables {
  personId: string;
  caseId: string;
  // int-arrival-first-talk
  firstTalkOn?: string | null;
  languageMediatorPresent?: boolean | null;
  // bk-arrival-education-referral
  courseReferral?: string | null;
  // ivaf-arrival-profiling
  profilingOn?: string | null;
  workPermitApplicationRecommended?: boolean | null;
  // int-arrival-integration-plan
  integrationGoals?: string;
  integrationMeasures?: string;
  ksbReferral?: boolean | null;
  integrationPlanAgreedOn?: string | null;
}

const COURSES: Record<string, string> = {
  integrationskurs: 'Integrationskurs',
  erstorientierung: 'Erstorientierungskurs',
  berufssprachkurs: 'Berufssprachkurs',
  vhs: 'vhs-Sprachkurs',
  none: 'keine',
};

/**
 * INT: "Integrationsplan ausfertigen" (BRIEF § 2 Nr. 11). Issues the integration plan from the first
 * talk, the BK and IvAF results and the agreed goals, and sets the Wiedervorlage ([local] months).
 */
@Injectable()
export class ArrivalIntegrationPlanWorker {
  constructor(
    private readonly cases: CasesService,
    private readonly documents: DocumentsService,
    private readonly parameters: ParametersService,
    private readonly clock: ClockService,
  ) {}

  @JobWorker('int-issue-integration-plan', {
    fetchVariables: [
      'personId',
      'caseId',
      'firstTalkOn',
      'languageMediatorPresent',
      'courseReferral',
      'profilingOn',
      'workPermitApplicationRecommended',
      'integrationGoals',
      'integrationMeasures',
      'ksbReferral',
      'integrationPlanAgreedOn',
    ],
  })
  async issue(job: ZeebeJob<IntegrationPlanVariables>): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    if (!v.integrationGoals || !v.integrationMeasures) {
      return job.fail({
        errorMessage:
          'variables integrationGoals and integrationMeasures are needed (form int-arrival-integration-plan)',
        retries: 0,
      });
    }
    const today = await this.clock.today();
    const agreedOn = v.integrationPlanAgreedOn ?? today;
    const months = await this.parameters.get<number>('arrival.wiedervorlageMonths', agreedOn);
    const wiedervorlageOn = addMonths(agreedOn, months);
    const person = await this.cases.getPerson(v.personId);
    const plan = await this.documents.issue(
      'integrationsplan',
      {
        personName: `${person.givenNames} ${person.familyName}`,
        firstTalkOn: v.firstTalkOn ?? agreedOn,
        languageMediatorPresent: Boolean(v.languageMediatorPresent),
        agreedOn,
        wiedervorlageOn,
        goals: v.integrationGoals,
        measures: v.integrationMeasures,
        courseReferralLabel: COURSES[v.courseReferral ?? 'none'] ?? 'keine',
        profiled: Boolean(v.profilingOn),
        workPermitApplicationRecommended: Boolean(v.workPermitApplicationRecommended),
        ksbReferral: Boolean(v.ksbReferral),
      },
      {
        personId: person.id,
        caseId: v.caseId,
        processInstanceKey: job.processInstanceKey,
        idempotencyKey: `${job.key}:integrationsplan`,
        issuedOn: today,
      },
    );
    return job.complete({
      wiedervorlageOn,
      wiedervorlageAt: berlinMidnight(wiedervorlageOn).toISOString().replace('.000Z', 'Z'),
      integrationPlanDocumentId: plan.id,
    });
  }
}
