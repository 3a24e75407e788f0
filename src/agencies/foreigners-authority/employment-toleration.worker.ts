import { Injectable } from '@nestjs/common';
import { CasesService, jobContext, type Person } from '../../cases';
import {
  addDays,
  addMonths,
  ageOn,
  berlinMidnight,
  deadlineEnd,
  shiftOffClosedDay,
} from '../../common/calendar';
import { DeadlinesService } from '../../deadlines/deadlines.service';
import { DocumentsService } from '../../documents';
import { ClockService } from '../../engine/clock.service';
import { JobWorker } from '../../engine/job-worker.decorator';
import { toVariables } from '../../engine/job-variables';
import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '../../engine/zeebe.types';
import { ParametersService } from '../../parameters';
import {
  APPLICATION_DOCUMENTS,
  benefitsReceivedBetween,
  CEFR_LEVELS,
  checkEmploymentToleration,
  checkRevocation,
  grantValidTo,
  missingDocuments,
  type ApplicationDocument,
  type BenefitEvent,
  type CefrLevel,
  type ConvictionFacts,
  type DuldungPeriod,
  type EmploymentTolerationParams,
  type EmploymentTolerationReason,
  type IntegrationCourseOutcome,
  type PersonConditionFacts,
} from './employment-toleration.rules';

/** the process variables the workers read (start variables and the fields of the process's forms) */
export interface EmploymentTolerationVariables extends Partial<Record<ApplicationDocument, boolean>> {
  personId: string;
  caseId: string;
  applicationDate?: string | null;
  // form abh-employment-toleration-application
  entryDate?: string;
  identityEvidence?: string;
  identityClarifiedOn?: string | null;
  identityAllStepsTaken?: boolean;
  identityDelayNotAttributable?: boolean;
  hasSpouse?: boolean;
  spouseFileNumber?: string | null;
  spouseEntryDate?: string | null;
  spouseIdentityClarifiedOn?: string | null;
  spouseIdentityAllStepsTaken?: boolean;
  spouseIdentityDelayNotAttributable?: boolean;
  schoolAgeChildren?: number;
  schoolAttendanceProven?: boolean;
  childExpulsionInterestCase?: boolean;
  childBtmgConviction?: boolean;
  workBan?: boolean;
  employerName?: string;
  employmentSince?: string | null;
  weeklyHours?: number;
  subjectToSocialInsurance?: boolean;
  employmentInterruptionDays?: number;
  employmentInterruptionNotAttributable?: boolean;
  integrationCourseObliged?: boolean;
  spouseIntegrationCourseObliged?: boolean;
  // set by the workers
  documentsDueAt?: string | null;
  missingDocuments?: string[];
  spousePersonId?: string | null;
  duldungPeriods?: DuldungPeriod[];
  checkDecision?: string;
  checkReasons?: EmploymentTolerationReason[];
  refusalGround?: 'documents-missing' | 'not-eligible' | null;
  hearingLetterOn?: string | null;
  grantedPersonIds?: string[];
  duldungValidTo?: string | null;
  revocationHearingLetterOn?: string | null;
  revocationHearingDueOn?: string | null;
  /** the source id of the revocation Anhörung's deadline record */
  revocationHearingSourceId?: string | null;
  // BZR part of the application form (and the recheck form: the current state)
  bzrApplicantConvictions?: number;
  bzrApplicantForeignerOffencesOnly?: boolean;
  bzrApplicantFineOnly?: boolean;
  bzrApplicantMaxTagessaetze?: number;
  bzrSpouseConvictions?: number;
  bzrSpouseForeignerOffencesOnly?: boolean;
  bzrSpouseFineOnly?: boolean;
  bzrSpouseMaxTagessaetze?: number;
  extremistLinks?: boolean;
  expulsionOrder?: boolean;
  removalOrder58a?: boolean;
  // form lg-employment-toleration-livelihood (euros)
  currentNetIncome?: number;
  monthlyNeed?: number;
  benefitsReceivedLast12Months?: boolean;
  // language part of the application form
  germanOralLevel?: string;
  integrationCourseOutcome?: IntegrationCourseOutcome;
  spouseIntegrationCourseOutcome?: IntegrationCourseOutcome;
  // form abh-employment-toleration-decision
  discretionReasoning?: string;
  statementReceived?: boolean;
  decisionReasoning?: string;
  // form abh-employment-toleration-recheck
  employmentEndedOn?: string | null;
  newEmploymentSince?: string | null;
  newEmploymentWeeklyHours?: number | null;
  newEmploymentSubjectToSocialInsurance?: boolean;
  interruptionNotAttributable?: boolean;
  livelihoodSecured?: boolean;
  revocationReasoning?: string;
  [key: `netIncomeMonth${string}`]: number | undefined;
}

type Job = ZeebeJob<EmploymentTolerationVariables>;

const PARAM = 'employmentToleration';
const LEGAL_BASIS = '§ 60d AufenthG';

const euroToCents = (euros: number | undefined): number => Math.round((euros ?? 0) * 100);

function displayName(p: Person): string {
  return `${p.givenNames} ${p.familyName}`;
}

function recipient(p: Person): { name: string; addressLines: string[] } {
  return { name: displayName(p), addressLines: p.municipality ? [p.municipality] : [] };
}

function convictions(v: EmploymentTolerationVariables, who: 'Applicant' | 'Spouse'): ConvictionFacts {
  return {
    intentionalConvictions: v[`bzr${who}Convictions`] ?? 0,
    foreignerOffencesOnly: v[`bzr${who}ForeignerOffencesOnly`] ?? false,
    fineOnly: v[`bzr${who}FineOnly`] ?? false,
    maxTagessaetze: v[`bzr${who}MaxTagessaetze`] ?? 0,
  };
}

function notMet(reasons: EmploymentTolerationReason[] | undefined): { text: string; paragraph: string }[] {
  return (reasons ?? [])
    .filter((r) => r.outcome !== 'met')
    .map(({ text, paragraph }) => ({ text, paragraph }));
}

/**
 * ABH: the Beschäftigungsduldung (§ 60d AufenthG; processes/employment-toleration.bpmn). Completeness and
 * Duldung history, the check of G1–G7, the Anhörung, the grant (status episodes, DuldungGranted, notice
 * and certificates), the refusal, the re-check on a report and the revocation, and the § 25b invitation.
 */
@Injectable()
export class EmploymentTolerationWorker {
  constructor(
    private readonly cases: CasesService,
    private readonly parameters: ParametersService,
    private readonly documents: DocumentsService,
    private readonly clock: ClockService,
    private readonly deadlines: DeadlinesService,
  ) {}

  private async params(onDate: string): Promise<EmploymentTolerationParams> {
    const get = <T>(name: string): Promise<T> => this.parameters.get<T>(`${PARAM}.${name}`, onDate);
    return {
      entryCutOff: await get('entryCutOff'),
      identityEarlyEntryCutOff: await get('identityEarlyEntryCutOff'),
      identityLateEntryDeadline: await get('identityLateEntryDeadline'),
      minDuldungMonths: await get('minDuldungMonths'),
      minEmploymentMonths: await get('minEmploymentMonths'),
      minWeeklyHours: await get('minWeeklyHours'),
      livelihoodMonths: await get('livelihoodMonths'),
      germanOralLevel: await get('germanOralLevel'),
      foreignerOffenceMaxTagessaetze: await get('foreignerOffenceMaxTagessaetze'),
      shortInterruptionMaxDays: await get('shortInterruptionMaxDays'),
    };
  }

  /** "Vollständigkeit prüfen und Duldungshistorie abrufen" (BRIEF § 4 Nr. 2, 3) */
  @JobWorker('abh-check-employment-toleration-documents')
  async checkDocuments(job: Job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const today = await this.clock.today();
    const applicant = await this.cases.getPerson(v.personId);
    await this.cases.linkProcess(applicant.id, {
      processInstanceKey: job.processInstanceKey,
      bpmnProcessId: job.bpmnProcessId,
      caseId: v.caseId,
      role: 'applicant',
    });
    let spousePersonId: string | null = null;
    if (v.hasSpouse && v.spouseFileNumber) {
      const spouse = await this.cases.findByFileNumber(v.spouseFileNumber);
      if (!spouse) {
        return job.fail({
          errorMessage: 'Die Akte des Ehegatten (Aktenzeichen aus dem Antrag) wurde nicht gefunden.',
          retries: 0,
        });
      }
      spousePersonId = spouse.id;
      await this.cases.linkProcess(spouse.id, {
        processInstanceKey: job.processInstanceKey,
        bpmnProcessId: job.bpmnProcessId,
        caseId: v.caseId,
        role: 'spouse',
      });
    }
    const missing = missingDocuments({
      submitted: Object.fromEntries(
        (Object.keys(APPLICATION_DOCUMENTS) as ApplicationDocument[]).map((doc) => [doc, v[doc] === true]),
      ),
      schoolAgeChildren: v.schoolAgeChildren ?? 0,
      integrationCourseObliged: v.integrationCourseObliged === true,
    });
    if (missing.length > 0) {
      // the period runs from the first request; a second round does not extend it
      const days = await this.parameters.get<number>(`${PARAM}.documentsPeriodDays`, today);
      // an authority's period ending on a Saturday, Sunday or holiday ends on the next working day (§ 31 Abs. 3 VwVfG)
      const documentsDueAt = v.documentsDueAt ?? deadlineEnd(shiftOffClosedDay(addDays(today, days)));
      return job.error({
        errorCode: 'DOCUMENTS_MISSING',
        errorMessage: `${missing.length} Unterlage(n) fehlen`,
        variables: toVariables({ missingDocuments: missing, documentsDueAt }),
      });
    }
    const applicationDate = v.applicationDate ?? today;
    // the benefit history of the case file prefills the LG's check of the living costs
    const benefitEvents: BenefitEvent[] = (await this.cases.events(applicant.id))
      .filter((e) => e.type === 'BenefitStarted' || e.type === 'BenefitEnded')
      .map((e) => ({ type: e.type as BenefitEvent['type'], on: e.occurredOn }));
    const history = await this.cases.statusHistory(applicant.id);
    const duldungPeriods: DuldungPeriod[] = history
      .filter((e) => e.type.startsWith('Duldung'))
      .map((e) => ({ type: e.type, from: e.validFrom, to: e.validTo ?? null }));
    return job.complete(
      toVariables({
        applicationDate,
        duldungPeriods,
        benefitsReceivedLast12Months: benefitsReceivedBetween(
          benefitEvents,
          addMonths(applicationDate, -12),
          applicationDate,
        ),
        spousePersonId,
        missingDocuments: [],
      }),
    );
  }

  /** "Voraussetzungen G1–G7 prüfen" (§ 60d Abs. 1 Nr. 1–10, § 60a Abs. 6 AufenthG) */
  @JobWorker('abh-check-employment-toleration')
  async checkConditions(job: Job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const today = await this.clock.today();
    const applicationDate = v.applicationDate ?? today;
    if (!v.entryDate)
      return job.fail({
        errorMessage: 'variable entryDate is missing (form abh-employment-toleration-application)',
        retries: 0,
      });
    const person = (prefix: '' | 'spouse', entryDate: string): PersonConditionFacts => {
      const key = <K extends string>(name: K): K =>
        prefix ? (`spouse${name[0].toUpperCase()}${name.slice(1)}` as K) : name;
      const variables = v as unknown as Record<string, unknown>;
      return {
        entryDate,
        identityClarifiedOn: (variables[key('identityClarifiedOn')] as string | null | undefined) ?? null,
        identityAllStepsTaken: variables[key('identityAllStepsTaken')] === true,
        identityDelayNotAttributable: variables[key('identityDelayNotAttributable')] === true,
        convictions: convictions(v, prefix ? 'Spouse' : 'Applicant'),
        integrationCourseObliged: variables[key('integrationCourseObliged')] === true,
        integrationCourseOutcome:
          (variables[key('integrationCourseOutcome')] as IntegrationCourseOutcome | undefined) ??
          'not-attended',
      };
    };
    const incomes = Array.from(
      { length: 12 },
      (_, i) => v[`netIncomeMonth${String(i + 1).padStart(2, '0')}`],
    ).filter((x): x is number => typeof x === 'number');
    const level = CEFR_LEVELS.includes(v.germanOralLevel as CefrLevel)
      ? (v.germanOralLevel as CefrLevel)
      : null;
    const result = checkEmploymentToleration(
      {
        applicationDate,
        applicant: person('', v.entryDate),
        spouse: v.hasSpouse && v.spouseEntryDate ? person('spouse', v.spouseEntryDate) : null,
        duldungPeriods: v.duldungPeriods ?? [],
        workBan: v.workBan === true,
        employment: {
          since: v.employmentSince ?? null,
          weeklyHours: v.weeklyHours ?? 0,
          subjectToSocialInsurance: v.subjectToSocialInsurance === true,
          interruptionDays: v.employmentInterruptionDays ?? 0,
          interruptionNotAttributable: v.employmentInterruptionNotAttributable === true,
        },
        livelihood: {
          monthlyNetIncomesCents: incomes.map(euroToCents),
          currentNetIncomeCents: euroToCents(v.currentNetIncome),
          monthlyNeedCents: euroToCents(v.monthlyNeed),
          benefitsReceived: v.benefitsReceivedLast12Months === true,
        },
        germanOralLevel: level,
        extremistLinks: v.extremistLinks === true,
        expulsionOrder: v.expulsionOrder === true,
        removalOrder58a: v.removalOrder58a === true,
        children: {
          schoolAgeCount: v.schoolAgeChildren ?? 0,
          schoolAttendanceProven: v.schoolAttendanceProven === true,
          expulsionInterestCase: v.childExpulsionInterestCase === true,
          btmgConviction: v.childBtmgConviction === true,
        },
      },
      await this.params(today),
    );
    if (result.decision === 'not eligible') {
      return job.error({
        errorCode: 'NOT_ELIGIBLE',
        errorMessage: `Voraussetzungen nicht erfüllt: ${result.reasons
          .filter((r) => r.outcome === 'not met')
          .map((r) => r.code)
          .join(', ')}`,
        variables: toVariables({ checkReasons: result.reasons }),
      });
    }
    return job.complete(toVariables({ checkDecision: result.decision, checkReasons: result.reasons }));
  }

  /** the grounds of an intended refusal: missing documents, unmet conditions, the caseworkers' reasoning */
  private refusalGrounds(v: EmploymentTolerationVariables): { text: string; paragraph: string }[] {
    if (v.refusalGround === 'documents-missing') {
      return (v.missingDocuments ?? []).map((d) => ({
        text: `Die Unterlage „${d}“ wurde trotz Nachforderung nicht vorgelegt.`,
        paragraph: '§ 82 Abs. 1 AufenthG',
      }));
    }
    const grounds = notMet(v.checkReasons);
    if (grounds.length === 0 && v.discretionReasoning)
      grounds.push({ text: v.discretionReasoning, paragraph: '§ 60d Abs. 4 AufenthG' });
    if (grounds.length === 0 && v.decisionReasoning)
      grounds.push({ text: v.decisionReasoning, paragraph: LEGAL_BASIS });
    return grounds;
  }

  /** issues the Anhörung letter (§ 28 VwVfG) and returns the last day for a statement (2 weeks [local]) */
  private async issueHearing(
    job: Job,
    measure: 'refusal' | 'revocation',
    grounds: { text: string; paragraph: string }[],
    today: string,
  ): Promise<{ statementDueOn: string; documentId: string }> {
    const v = job.variables;
    const person = await this.cases.getPerson(v.personId);
    const days = await this.parameters.get<number>(`${PARAM}.hearingPeriodDays`, today);
    const statementDueOn = shiftOffClosedDay(addDays(today, days)); // § 31 Abs. 3 VwVfG
    const doc = await this.documents.issue(
      'abh-employment-toleration-hearing',
      {
        recipient: recipient(person),
        person: { name: displayName(person), dateOfBirth: person.dateOfBirth ?? null },
        measure,
        applicationDate: v.applicationDate ?? today,
        grounds,
        statementDueOn,
      },
      {
        personId: person.id,
        caseId: v.caseId,
        processInstanceKey: job.processInstanceKey,
        idempotencyKey: `${job.key}:hearing`,
        issuedOn: today,
      },
    );
    return { statementDueOn, documentId: doc.id };
  }

  /** "Anhörung einleiten" before a refusal; the timer waits for the end of the period */
  @JobWorker('abh-send-employment-toleration-hearing')
  async sendHearing(job: Job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const today = await this.clock.today();
    const { statementDueOn, documentId } = await this.issueHearing(
      job,
      'refusal',
      this.refusalGrounds(job.variables),
      today,
    );
    // the Anhörung period as a deadline (issue 8 § 1), at the instant of Event_AnhoerungsfristAbgelaufen
    await this.deadlines.open({
      kind: 'hearing',
      personId: job.variables.personId,
      fileNumber: job.variables.caseId,
      processInstanceKey: job.processInstanceKey,
      unit: 'ABH',
      dueOn: statementDueOn,
      dueAt: deadlineEnd(statementDueOn),
    });
    return job.complete(
      toVariables({
        hearingHeld: true,
        hearingLetterOn: today,
        hearingDueAt: deadlineEnd(statementDueOn),
        hearingDocumentId: documentId,
      }),
    );
  }

  /** "Ablehnungsbescheid versenden": the refusal notice; the ordinary Duldung continues */
  @JobWorker('abh-refuse-employment-toleration')
  async refuse(job: Job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const today = await this.clock.today();
    const person = await this.cases.getPerson(v.personId);
    const doc = await this.documents.issue(
      'abh-employment-toleration-refusal',
      {
        recipient: recipient(person),
        person: { name: displayName(person), dateOfBirth: person.dateOfBirth ?? null },
        applicationDate: v.applicationDate ?? today,
        grounds: this.refusalGrounds(v),
        reasoning: v.decisionReasoning ?? '',
        hearingLetterOn: v.hearingLetterOn ?? today,
        statementReceived: v.statementReceived === true,
      },
      {
        personId: person.id,
        caseId: v.caseId,
        processInstanceKey: job.processInstanceKey,
        idempotencyKey: `${job.key}:refusal`,
        issuedOn: today,
      },
    );
    return job.complete(toVariables({ refusalDocumentId: doc.id }));
  }

  /**
   * "Beschäftigungsduldung erteilen und Bescheid versenden": 30 months for the applicant, the spouse and
   * the minor children in the household (§ 60d Abs. 1, 2): a status episode Duldung §60d each (work
   * allowed for the applicant), DuldungGranted(employment), the notice and one certificate each.
   */
  @JobWorker('abh-grant-employment-toleration')
  async grant(job: Job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const ctx = jobContext(job);
    const validFrom = await this.clock.today();
    const months = await this.parameters.get<number>(`${PARAM}.durationMonths`, validFrom);
    const invitationMonth = await this.parameters.get<number>(`${PARAM}.invitation25bMonth`, validFrom);
    const validTo = grantValidTo(validFrom, months);

    const applicant = await this.cases.getPerson(v.personId);
    const spouse = v.spousePersonId ? await this.cases.getPerson(v.spousePersonId) : null;
    const household = applicant.household ? await this.cases.householdMembers(applicant.household.id) : [];
    const children = household.filter(
      (p) =>
        p.id !== applicant.id &&
        p.id !== spouse?.id &&
        p.dateOfBirth !== null &&
        p.dateOfBirth !== undefined &&
        ageOn(p.dateOfBirth, validFrom) < 18,
    );
    const persons: { person: Person; role: string; workAllowed: boolean }[] = [
      { person: applicant, role: 'Antragsteller/in', workAllowed: true },
      // the spouse's and children's own employment needs its own permission (§ 4a Abs. 4 AufenthG)
      ...(spouse ? [{ person: spouse, role: 'Ehegatte/Lebenspartner', workAllowed: false }] : []),
      ...children.map((person) => ({ person, role: 'minderjähriges lediges Kind', workAllowed: false })),
    ];

    for (const { person, role, workAllowed } of persons) {
      const current = await this.cases.statusAt(person.id, validFrom);
      const previous = current.find((e) => e.type.startsWith('Duldung') && e.type !== 'Duldung §60d');
      await this.cases.startStatusEpisode(
        person.id,
        {
          type: 'Duldung §60d',
          legalBasis:
            role === 'minderjähriges lediges Kind' ? '§ 60d Abs. 2 AufenthG' : '§ 60d Abs. 1 AufenthG',
          validFrom,
          validTo,
          conditions: {
            workAllowed,
            other: workAllowed
              ? ['Duldung nach § 60d AufenthG', 'Beschäftigung gestattet']
              : ['Duldung nach § 60d AufenthG'],
          },
          supersedes: previous?.id ?? null,
        },
        ctx,
      );
      await this.cases.recordEvent(
        'DuldungGranted',
        { category: 'employment', legalBasis: LEGAL_BASIS, validFrom, validTo },
        { personId: person.id, occurredOn: validFrom, ctx },
      );
      if (person.id !== applicant.id) {
        await this.cases.linkProcess(person.id, {
          processInstanceKey: job.processInstanceKey,
          bpmnProcessId: job.bpmnProcessId,
          caseId: v.caseId,
          role: 'family member',
        });
      }
    }

    const ref = (suffix: string, personId: string) => ({
      personId,
      caseId: v.caseId,
      processInstanceKey: job.processInstanceKey,
      idempotencyKey: `${job.key}:${suffix}`,
      issuedOn: validFrom,
    });
    const notice = await this.documents.issue(
      'abh-employment-toleration-grant',
      {
        recipient: recipient(applicant),
        applicationDate: v.applicationDate ?? validFrom,
        validFrom,
        validTo,
        durationMonths: months,
        employerName: v.employerName ?? '',
        persons: persons.map(({ person, role }) => ({
          name: displayName(person),
          dateOfBirth: person.dateOfBirth ?? null,
          role,
        })),
        reasons: (v.checkReasons ?? []).map(({ text, paragraph }) => ({ text, paragraph })),
      },
      ref('grant', applicant.id),
    );
    for (const { person, workAllowed } of persons) {
      await this.documents.issue(
        'abh-employment-toleration-certificate',
        {
          recipient: recipient(person),
          person: {
            name: displayName(person),
            dateOfBirth: person.dateOfBirth ?? null,
            nationality: person.nationalities.join(', ') || 'ungeklärt',
          },
          validFrom,
          validTo,
          employerName: workAllowed ? (v.employerName ?? null) : null,
        },
        ref(`certificate:${person.id}`, person.id),
      );
    }
    const invitationOn = addMonths(validFrom, invitationMonth);
    const invitation25bDueAt = berlinMidnight(invitationOn).toISOString().replace('.000Z', 'Z');
    // the deadline record, from the same values as the timer Boundary_Monat27 (issue 8 § 1)
    await this.deadlines.open({
      kind: 'month-27-60d',
      personId: applicant.id,
      fileNumber: v.caseId,
      processInstanceKey: job.processInstanceKey,
      unit: 'ABH',
      dueOn: invitationOn,
      dueAt: invitation25bDueAt,
    });
    return job.complete(
      toVariables({
        grantedPersonIds: persons.map((p) => p.person.id),
        duldungValidFrom: validFrom,
        duldungValidTo: validTo,
        invitation25bDueAt,
        grantDocumentId: notice.id,
      }),
    );
  }

  /**
   * "Widerrufsgründe prüfen, anhören, widerrufen" after an employer's report or a new conviction
   * (§ 60d Abs. 3): the conditions still hold → monitoring continues; they lapsed → first the Anhörung
   * (the re-check task comes back after the period), then the revocation.
   */
  @JobWorker('abh-recheck-employment-toleration')
  async recheck(job: Job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const today = await this.clock.today();
    const result = checkRevocation(
      {
        on: today,
        employmentEndedOn: v.employmentEndedOn ?? null,
        newEmploymentSince: v.newEmploymentSince ?? null,
        newEmploymentWeeklyHours: v.newEmploymentWeeklyHours ?? 0,
        newEmploymentSubjectToSocialInsurance: v.newEmploymentSubjectToSocialInsurance === true,
        interruptionNotAttributable: v.interruptionNotAttributable === true,
        livelihoodSecured: v.livelihoodSecured === true,
        applicantConvictions: convictions(v, 'Applicant'),
        spouseConvictions: v.hasSpouse ? convictions(v, 'Spouse') : null,
      },
      await this.params(today),
    );
    if (result.decision === 'continue') {
      // the conditions hold again during an Anhörung: the revocation is dropped, and its period with it
      if (v.revocationHearingSourceId)
        await this.deadlines.settleOfSource('hearing', v.revocationHearingSourceId, 'cancelled');
      return job.complete(
        toVariables({
          revocationDecision: 'continue',
          revocationReasons: result.reasons,
          revocationHearingDueOn: null,
          revocationHearingLetterOn: null,
          revocationHearingSourceId: null,
        }),
      );
    }
    if (!v.revocationHearingDueOn) {
      const { statementDueOn } = await this.issueHearing(job, 'revocation', notMet(result.reasons), today);
      // the Anhörung period as a deadline (issue 8 § 1), at the follow-up instant of Task_Nachpruefen; kept
      // from a source, as the instance may already keep the refusal Anhörung (one record per instance and
      // kind) and may hold more than one revocation Anhörung
      const sourceId = DeadlinesService.sourceIdOf(`revocation:${job.processInstanceKey}:${job.key}`);
      await this.deadlines.open({
        kind: 'hearing',
        personId: v.personId,
        fileNumber: v.caseId,
        sourceId,
        unit: 'ABH',
        dueOn: statementDueOn,
        dueAt: deadlineEnd(statementDueOn),
      });
      return job.complete(
        toVariables({
          revocationDecision: 'hearing',
          revocationReasons: result.reasons,
          revocationHearingLetterOn: today,
          revocationHearingDueOn: statementDueOn,
          // the re-check task is due again once the period for a statement has ended
          revocationFollowUpAt: deadlineEnd(statementDueOn),
          revocationHearingSourceId: sourceId,
        }),
      );
    }
    if (today <= v.revocationHearingDueOn) {
      // the period for a statement is still running: the task comes back
      return job.complete(toVariables({ revocationDecision: 'hearing', revocationReasons: result.reasons }));
    }
    // the period for a statement has run its full course before the revocation: met
    if (v.revocationHearingSourceId)
      await this.deadlines.settleOfSource('hearing', v.revocationHearingSourceId, 'met');
    const revokedOn = await this.revoke(job, result.reasons, today);
    return job.complete(
      toVariables({ revocationDecision: 'revoked', revocationReasons: result.reasons, revokedOn }),
    );
  }

  /**
   * The revocation (§ 60d Abs. 3): a new episode Duldung §60a superseding each § 60d episode of this
   * instance (the ordinary Duldung continues, without work permission), DuldungRevoked, and the notice.
   */
  private async revoke(job: Job, reasons: EmploymentTolerationReason[], today: string): Promise<string> {
    const v = job.variables;
    const ctx = jobContext(job);
    // revoked: month 27 of this Duldung is no longer reached
    await this.deadlines.cancelOpen(job.processInstanceKey, ['month-27-60d']);
    const ids = v.grantedPersonIds?.length ? v.grantedPersonIds : [v.personId];
    const codes = reasons
      .filter((r) => r.outcome === 'not met')
      .map((r) => r.code)
      .join(', ');
    const persons: Person[] = [];
    for (const personId of ids) {
      const person = await this.cases.getPerson(personId);
      persons.push(person);
      const history = await this.cases.statusHistory(personId);
      // the entity declares the key a string, but the driver may hand over a bigint
      const granted = history.find(
        (e) => e.type === 'Duldung §60d' && String(e.processInstanceKey) === job.processInstanceKey,
      );
      await this.cases.startStatusEpisode(
        personId,
        {
          type: 'Duldung §60a',
          legalBasis: '§ 60a Abs. 2 S. 1 AufenthG',
          validFrom: today,
          validTo: null,
          conditions: { workAllowed: false },
          supersedes: granted?.id ?? null,
        },
        ctx,
      );
      await this.cases.recordEvent(
        'DuldungRevoked',
        { legalBasis: '§ 60d Abs. 3 AufenthG', on: today, reason: codes },
        { personId, occurredOn: today, ctx },
      );
    }
    await this.documents.issue(
      'abh-employment-toleration-revocation',
      {
        recipient: recipient(persons[0]),
        persons: persons.map((p) => ({ name: displayName(p), dateOfBirth: p.dateOfBirth ?? null })),
        validTo: v.duldungValidTo ?? today,
        revokedOn: today,
        grounds: notMet(reasons),
        reasoning: v.revocationReasoning ?? '',
        hearingLetterOn: v.revocationHearingLetterOn ?? today,
      },
      {
        personId: persons[0].id,
        caseId: v.caseId,
        processInstanceKey: job.processInstanceKey,
        idempotencyKey: `${job.key}:revocation`,
        issuedOn: today,
      },
    );
    return today;
  }

  /** "Einladung und Merkblatt § 25b Abs. 6 versandt" in month 27 (the message end event's job) */
  @JobWorker('abh-invite-residence-permit-25b')
  async invite(job: Job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const today = await this.clock.today();
    const person = await this.cases.getPerson(v.personId);
    const doc = await this.documents.issue(
      'abh-residence-permit-25b-information',
      {
        recipient: recipient(person),
        duldungValidTo: v.duldungValidTo ?? today,
        // § 25b Abs. 6: written German A2 too if an integration course was available to the person
        writtenGermanRequired: v.integrationCourseObliged === true,
      },
      {
        personId: person.id,
        caseId: v.caseId,
        processInstanceKey: job.processInstanceKey,
        idempotencyKey: `${job.key}:invitation-25b`,
        issuedOn: today,
      },
    );
    await this.deadlines.close(job.processInstanceKey, 'month-27-60d', today);
    return job.complete(toVariables({ invitationDocumentId: doc.id }));
  }
}
