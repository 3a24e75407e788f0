import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { CasesService, jobContext, ProcessLink, type Sex } from '../../cases';
import { ageOn } from '../../common/calendar';
import { DeadlinesService } from '../../deadlines/deadlines.service';
import { DocumentsService } from '../../documents';
import { ClockService } from '../../engine/clock.service';
import { JobWorker } from '../../engine/job-worker.decorator';
import { toVariables } from '../../engine/job-variables';
import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '../../engine/zeebe.types';
import {
  assessAge,
  COMPANIONS,
  distributionExclusion,
  isUnaccompaniedMinor,
  umaDeadlines,
  type AssessmentResult,
  type Companion,
} from './uma.rules';

/** the part of a Zuweisung person the Jugendamt reads (the payload is defined by the ABH import) */
interface ZuweisungPersonFacts {
  dateOfBirth?: string | null;
  role?: string;
  enteredWith?: Companion;
  married?: boolean;
}

interface ArrivalMember {
  personId: string;
  fileNumber: string;
  role: string;
  index: number;
}

/** payload of the message UMAGemeldet (found in the district, or assigned by the Landesjugendamt) */
export interface UmaReport {
  /** an existing person (e.g. a member of a Zuweisung); otherwise the fields below create one */
  personId?: string | null;
  familyName?: string;
  givenNames?: string;
  dateOfBirth?: string | null;
  dateOfBirthEstimated?: boolean;
  sex?: Sex | null;
  nationalities?: string[];
  language?: string | null;
  /** who the child entered with, if known (§ 42a Abs. 1 S. 2) */
  enteredWith?: Companion;
  married?: boolean;
  /** 'YYYY-MM-DD': the day the Jugendamt took the child (start of the provisional custody) */
  foundOn: string;
  source: 'found-in-district' | 'landesjugendamt' | 'zuweisung';
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const RESULTS: AssessmentResult[] = ['minor', 'adult', 'doubtful'];

/**
 * JA workers of the UMA subprocess (BRIEF § 2, SGB VIII): the record of a UMA reported directly, the
 * § 42a check, the provisional custody with its deadlines, the
 * § 42f age assessment, the notification of the Land distribution office, the regular custody and the
 * end of the UMA case.
 */
@Injectable()
export class UmaWorker {
  constructor(
    private readonly em: EntityManager,
    private readonly cases: CasesService,
    private readonly documents: DocumentsService,
    private readonly clock: ClockService,
    private readonly deadlines: DeadlinesService,
  ) {}

  /**
   * First step of the UMA process: is the child an unaccompanied minor (§ 42a Abs. 1)? Facts from the
   * report (message UMAGemeldet) or, when called from the arrival process, from the Zuweisung. A child
   * who is not (of age, or with a parent or guardian) leaves with umaOutcome "not-uma".
   */
  @JobWorker('ja-check-unaccompanied', {
    fetchVariables: ['personId', 'uma', 'members', 'zuweisung', 'umaStartDate'],
  })
  async checkUnaccompanied(
    job: ZeebeJob<{
      personId: string;
      uma?: UmaReport;
      members?: ArrivalMember[];
      zuweisung?: { arrivalDate: string; persons: ZuweisungPersonFacts[] };
      umaStartDate?: string | null;
    }>,
  ): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const person = await this.cases.getPerson(v.personId);
    const on = v.umaStartDate && ISO_DATE.test(v.umaStartDate) ? v.umaStartDate : await this.clock.today();
    let facts: ZuweisungPersonFacts;
    let hasParent = false;
    if (v.uma) {
      facts = {
        dateOfBirth: v.uma.dateOfBirth ?? person.dateOfBirth ?? null,
        enteredWith: v.uma.enteredWith,
        married: v.uma.married,
      };
    } else {
      const index = v.members?.find((m) => m.personId === v.personId)?.index ?? 0;
      const persons = v.zuweisung?.persons ?? [];
      facts = persons[index] ?? { dateOfBirth: person.dateOfBirth ?? null };
      hasParent = persons.some(
        (p, i) =>
          i !== index &&
          (p.role === 'applicant' || p.role === 'spouse') &&
          (!p.dateOfBirth || !isMinorOn(p.dateOfBirth, on)),
      );
    }
    const enteredWith: Companion =
      facts.enteredWith && COMPANIONS.includes(facts.enteredWith)
        ? facts.enteredWith
        : hasParent
          ? 'custodian'
          : 'none';
    const result = isUnaccompaniedMinor({
      dateOfBirth: facts.dateOfBirth ?? person.dateOfBirth ?? null,
      on,
      enteredWith,
      married: Boolean(facts.married),
    });
    return job.complete(
      toVariables({
        umaAgeAssessmentRequired: result.ageAssessmentRequired,
        umaReasons: result.reasons,
        ...(result.decision === 'unaccompanied-minor' ? {} : { umaOutcome: 'not-uma' }),
      }),
    );
  }

  /** UMA process started by UMAGemeldet: the child in the case file (new person or the one named). */
  @JobWorker('ja-register-uma', { fetchVariables: ['uma'] })
  async registerUma(job: ZeebeJob<{ uma?: UmaReport }>): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const uma = job.variables.uma;
    if (!uma || typeof uma.foundOn !== 'string' || !ISO_DATE.test(uma.foundOn)) {
      return job.fail({ errorMessage: 'variable uma with foundOn (YYYY-MM-DD) is needed', retries: 0 });
    }
    let personId = uma.personId ?? null;
    if (!personId) {
      if (!uma.familyName || typeof uma.givenNames !== 'string') {
        return job.fail({
          errorMessage: 'variable uma needs personId or familyName and givenNames',
          retries: 0,
        });
      }
      // a job that runs twice finds the person it linked to this instance
      const linked = await this.em.findOne(
        ProcessLink,
        { processInstanceKey: job.processInstanceKey, role: 'uma' },
        { populate: ['person'] },
      );
      personId = linked?.person.id ?? null;
    }
    const person = personId
      ? await this.cases.getPerson(personId)
      : await this.cases.createPerson(
          {
            familyName: uma.familyName!.trim(),
            givenNames: uma.givenNames!.trim(),
            dateOfBirth: uma.dateOfBirth ?? null,
            dateOfBirthEstimated: uma.dateOfBirthEstimated ?? !uma.dateOfBirth,
            sex: uma.sex ?? null,
            nationalities: (uma.nationalities ?? []).map((n) => n.toUpperCase()),
            language: uma.language ?? null,
            vulnerabilities: ['minor'],
          },
          await this.clock.now(),
        );
    await this.cases.linkProcess(person.id, {
      processInstanceKey: job.processInstanceKey,
      bpmnProcessId: job.bpmnProcessId,
      caseId: person.fileNumber,
      role: 'uma',
    });
    return job.complete(
      toVariables({
        personId: person.id,
        caseId: person.fileNumber,
        umaStartDate: uma.foundOn,
        umaSource: uma.source,
      }),
    );
  }

  /** § 42a: provisional custody starts; the deadlines of § 42a Abs. 4 and § 42b Abs. 4 Nr. 4 as timers. */
  @JobWorker('ja-start-provisional-custody', { fetchVariables: ['personId', 'caseId', 'umaStartDate'] })
  async startProvisionalCustody(
    job: ZeebeJob<{ personId: string; caseId: string; umaStartDate?: string | null }>,
  ): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const { personId, caseId } = job.variables;
    const startedOn =
      job.variables.umaStartDate && ISO_DATE.test(job.variables.umaStartDate)
        ? job.variables.umaStartDate
        : await this.clock.today();
    const deadlines = umaDeadlines(startedOn);
    await this.cases.linkProcess(personId, {
      processInstanceKey: job.processInstanceKey,
      bpmnProcessId: job.bpmnProcessId,
      caseId,
      role: 'uma',
    });
    await this.cases.recordEvent(
      'UMAProvisionalCustodyStarted',
      { on: startedOn },
      { personId, occurredOn: startedOn, ctx: jobContext(job) },
    );
    // the deadline records, from the same values as the timers (issue 8 § 1)
    const record = { personId, fileNumber: caseId, processInstanceKey: job.processInstanceKey, unit: 'JA' };
    await this.deadlines.open({
      ...record,
      kind: 'uma-notification',
      dueOn: deadlines.notificationDueOn,
      dueAt: deadlines.notificationDueAt,
    });
    await this.deadlines.open({
      ...record,
      kind: 'uma-distribution',
      dueOn: deadlines.distributionDeadlineOn,
      dueAt: deadlines.distributionExcludedAt,
    });
    return job.complete(
      toVariables({
        umaCustodyStartedOn: startedOn,
        umaNotificationDueOn: deadlines.notificationDueOn,
        umaNotificationDueAt: deadlines.notificationDueAt,
        umaDistributionDeadlineOn: deadlines.distributionDeadlineOn,
        umaDistributionExcludedAt: deadlines.distributionExcludedAt,
      }),
    );
  }

  /** § 42f: evaluates the ladder with what the caseworker recorded; asks for the next stage if needed. */
  @JobWorker('ja-assess-age', {
    fetchVariables: [
      'personId',
      'idPapersPresented',
      'idPapersConclusive',
      'idPapersShowMinor',
      'visualAssessment',
      'medicalConsent',
      'medicalExamination',
      'ageAssessedDateOfBirth',
    ],
  })
  async assessAge(
    job: ZeebeJob<{
      personId: string;
      idPapersPresented?: boolean;
      idPapersConclusive?: boolean;
      idPapersShowMinor?: boolean;
      visualAssessment?: string | null;
      medicalConsent?: string | null;
      medicalExamination?: string | null;
      ageAssessedDateOfBirth?: string | null;
    }>,
  ): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const result = assessAge({
      idPapersPresented: Boolean(v.idPapersPresented),
      idPapersConclusive: v.idPapersConclusive ?? null,
      idPapersShowMinor: v.idPapersShowMinor ?? null,
      visualAssessment: asResult(v.visualAssessment),
      medicalConsent: v.medicalConsent === 'yes' ? true : v.medicalConsent === 'no' ? false : null,
      medicalExamination: asResult(v.medicalExamination),
    });
    if (
      (result.decision === 'minor' || result.decision === 'adult') &&
      v.ageAssessedDateOfBirth &&
      ISO_DATE.test(v.ageAssessedDateOfBirth)
    ) {
      await this.cases.updatePerson(v.personId, {
        dateOfBirth: v.ageAssessedDateOfBirth,
        dateOfBirthEstimated: !(v.idPapersConclusive ?? false),
      });
    }
    return job.complete(
      toVariables({
        ageDecision: result.decision,
        ageReasons: result.reasons,
        ...(result.decision === 'adult' ? { umaOutcome: 'adult' } : {}),
      }),
    );
  }

  /**
   * § 42a Abs. 4: the Land distribution office is notified (a letter in the case file; sending it is the
   * caseworker's act), with the screening result of § 42b Abs. 4 Nr. 1–3 if there is one yet.
   */
  @JobWorker('ja-notify-distribution-office', {
    fetchVariables: [
      'personId',
      'caseId',
      'umaCustodyStartedOn',
      'umaNotificationDueOn',
      'umaDistributionDeadlineOn',
      'ageDecision',
      'screeningDoneOn',
      'welfareEndangeredByDistribution',
      'healthPreventsDistribution',
      'relativeReunificationSoon',
    ],
  })
  async notifyDistributionOffice(
    job: ZeebeJob<{
      personId: string;
      caseId: string;
      umaCustodyStartedOn: string;
      umaNotificationDueOn: string;
      umaDistributionDeadlineOn: string;
      ageDecision?: string;
      screeningDoneOn?: string | null;
      welfareEndangeredByDistribution?: boolean;
      healthPreventsDistribution?: boolean;
      relativeReunificationSoon?: boolean;
    }>,
  ): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const screeningDone = Boolean(v.screeningDoneOn);
    const exclusion = distributionExclusion({
      welfareEndangeredByDistribution: Boolean(v.welfareEndangeredByDistribution),
      healthPreventsDistribution: Boolean(v.healthPreventsDistribution),
      relativeReunificationSoon: Boolean(v.relativeReunificationSoon),
    });
    const today = await this.clock.today();
    const letter = await this.documents.issue(
      'uma-meldung-landesverteilstelle',
      {
        custodyStartedOn: v.umaCustodyStartedOn,
        notificationDueOn: v.umaNotificationDueOn,
        distributionDeadlineOn: v.umaDistributionDeadlineOn,
        ageStatement:
          v.ageDecision === 'minor'
            ? 'minderjährig (Altersfeststellung nach § 42f SGB VIII)'
            : 'Altersfeststellung nicht abgeschlossen',
        screeningDone,
        exclusionReasons:
          exclusion.decision === 'excluded'
            ? exclusion.reasons.map((r) => ({ text: r.text, paragraph: r.paragraph }))
            : [],
      },
      {
        personId: v.personId,
        caseId: v.caseId,
        processInstanceKey: job.processInstanceKey,
        idempotencyKey: `${job.key}:uma-meldung`,
        issuedOn: today,
      },
    );
    await this.deadlines.close(job.processInstanceKey, 'uma-notification', today);
    return job.complete(
      toVariables({
        distributionOfficeNotifiedOn: today,
        distributionNotificationLate: today > v.umaNotificationDueOn,
        distributionExcluded: screeningDone && exclusion.decision === 'excluded',
        distributionExclusionReasons: exclusion.reasons,
        distributionNotificationDocumentId: letter.id,
      }),
    );
  }

  /** § 42 Abs. 1 Nr. 3: regular custody (not distributed, distribution excluded or one month passed). */
  @JobWorker('ja-start-custody', { fetchVariables: ['personId', 'distributionExcluded'] })
  async startCustody(
    job: ZeebeJob<{ personId: string; distributionExcluded?: boolean }>,
  ): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const on = await this.clock.today();
    // § 42b Abs. 4: excluded by the screening, the one-month limit no longer applies; else it ends here
    if (job.variables.distributionExcluded) await this.deadlines.cancelOpen(job.processInstanceKey);
    else await this.deadlines.close(job.processInstanceKey, 'uma-distribution', on);
    await this.cases.recordEvent(
      'UMACustodyStarted',
      { on },
      { personId: job.variables.personId, occurredOn: on, ctx: jobContext(job) },
    );
    return job.complete({ umaOutcome: 'in-care', umaCustodyOn: on });
  }

  /** end of the UMA case at a message end event; the header `reason` says why. */
  @JobWorker('ja-end-uma', { fetchVariables: ['personId', 'handoverOn'] })
  async endUma(
    job: ZeebeJob<{ personId: string; handoverOn?: string | null }, { reason?: string }>,
  ): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const reason = job.customHeaders.reason;
    if (reason !== 'of age' && reason !== 'distributed' && reason !== 'handed over' && reason !== 'other') {
      return job.fail({
        errorMessage: `task header reason must be "of age", "distributed", "handed over" or "other", got ${String(reason)}`,
        retries: 0,
      });
    }
    const on =
      reason === 'distributed' && isDate(job.variables.handoverOn)
        ? job.variables.handoverOn!
        : await this.clock.today();
    await this.cases.recordEvent(
      'UMAEnded',
      { on, reason },
      { personId: job.variables.personId, occurredOn: on, ctx: jobContext(job) },
    );
    if (reason === 'distributed' || reason === 'handed over') {
      await this.deadlines.close(job.processInstanceKey, 'uma-distribution', on);
    }
    await this.deadlines.cancelOpen(job.processInstanceKey);
    return job.complete({ umaOutcome: reason === 'of age' ? 'adult' : 'handed-over', umaEndedOn: on });
  }
}

function isDate(date: string | null | undefined): boolean {
  return typeof date === 'string' && ISO_DATE.test(date);
}

function asResult(value: string | null | undefined): AssessmentResult | null {
  return value && (RESULTS as string[]).includes(value) ? (value as AssessmentResult) : null;
}

function isMinorOn(dateOfBirth: string, on: string): boolean {
  return ageOn(dateOfBirth, on) < 18;
}
