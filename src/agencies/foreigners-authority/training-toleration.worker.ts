import { Injectable } from '@nestjs/common';
import {
  CasesService,
  jobContext,
  type NewStatusEpisode,
  type Person,
  type StatusEpisode,
} from '../../cases';
import { addDays, addMonths, berlinMidnight, deadlineEnd } from '../../common/calendar';
import { DeadlinesService } from '../../deadlines/deadlines.service';
import { DocumentsService } from '../../documents';
import { ClockService } from '../../engine/clock.service';
import { JobWorker } from '../../engine/job-worker.decorator';
import { toVariables } from '../../engine/job-variables';
import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '../../engine/zeebe.types';
import { ParametersService } from '../../parameters';
import {
  afterCompletion,
  afterEarlyEnd,
  afterExclusion,
  checkApplicationTiming,
  checkCaseType,
  checkContractRegistration,
  checkIdentityDeadline,
  checkResidencePermitVariant,
  checkSecurity,
  checkTrainingQualifies,
  checkWorkBanExclusions,
  duldungPeriod,
  earliestGrantDate,
  type IdentityEvidenceKind,
  type Reason,
  type ResidencePermitParams,
  type RuleResult,
  type TrainingDecision,
  type TrainingTolerationParams,
  type TrainingType,
} from './training-toleration.rules';

type Variant = '60c' | '16g' | 'support-measure';

/** the process variables of processes/training-toleration.bpmn: start variables, form fields, worker outputs */
export interface TrainingTolerationVariables {
  personId: string;
  caseId: string;
  applicationDate?: string;
  // form abh-training-toleration-application
  occupation?: string;
  trainingType?: TrainingType;
  stateRecognised?: boolean;
  regularDurationMonths?: number;
  trainingStart?: string;
  trainingEnd?: string;
  trainingProvider?: string;
  trainingProviderAddress?: string;
  chamber?: string;
  chamberRegistrationNumber?: string;
  chamberRegistrationAppliedOn?: string | null;
  schoolContractConcluded?: boolean;
  schoolApproval?: boolean;
  followOnOccupation?: string;
  followOnShortageOccupation?: boolean;
  followOnCommitment?: boolean;
  caseType?: 'nr1' | 'nr2';
  trainingBeganDuringAsylumProcedure?: boolean;
  removalFitnessExamOn?: string | null;
  removalVoluntaryReturnOn?: string | null;
  removalTransportBookingOn?: string | null;
  removalComparablePreparationsOn?: string | null;
  removalPreparationsFutile?: boolean;
  removalDublinProcedureOn?: string | null;
  enteredToObtainBenefits?: boolean;
  removalBlockedByOwnFault?: boolean;
  withdrawalAfterCounselling?: boolean;
  umaChildInterest?: boolean;
  toleratedOnCutoffWithoutApplication?: boolean;
  identityEvidence?: IdentityEvidenceKind;
  identityClarifiedOn?: string | null;
  evidenceLeadsToPassport?: boolean;
  allReasonableStepsInTime?: boolean;
  delayNotOwnFault?: boolean;
  residencePermitWanted?: boolean;
  monthlyMeans?: number;
  livesWithParents?: boolean;
  passportAvailable?: boolean;
  // form abh-training-toleration-registers
  entryDate?: string;
  duldungSince?: string | null;
  duldung60bDays?: number;
  asylumOutcome?: 'none' | 'pending' | 'rejected' | 'withdrawn' | 'granted';
  asylumApplicationDate?: string | null;
  bzrIntentionalConviction?: boolean;
  bzrOnlyFines?: boolean;
  bzrFinesTotal?: number;
  bzrFinesForeignerOnly?: number;
  extremistLinks?: boolean;
  expulsionOrder?: boolean;
  removalOrder58a?: boolean;
  obviousAbuse?: boolean;
  // form abh-training-toleration-identity-discretion
  identityDiscretion?: 'grant' | 'refuse' | null;
  // forms -hearing, -decision, -exam-status, ivaf-…-follow-up
  statementReceived?: boolean;
  decision?: 'grant' | 'refuse' | null;
  decisionReason?: string;
  examStatus?: 'exam-scheduled' | 'extended' | 'follow-on';
  newTrainingEnd?: string;
  followOnOccupationConfirmed?: string;
  keptOnByCompany?: boolean;
  employmentMatchesQualification?: boolean;
  germanB1?: boolean;
  adequateHousing?: boolean;
  // messages
  trainingEndedOn?: string;
  exclusionOn?: string;
  exclusionReason?: string;
  examPassedOn?: string;
  baApproved?: boolean;
  baApprovalFiction?: boolean;
  // set by the workers
  trainingDecision?: TrainingDecision;
  identityDecision?: string;
  variant?: Variant;
  earliestGrantDate?: string;
  refusalReasons?: Reason[] | null;
  checkReasons?: Reason[];
  hearingHeld?: boolean;
  hearingLetterOn?: string | null;
  duldungEpisodeId?: string | null;
  searchDuldungEpisodeId?: string | null;
  searchUntil?: string | null;
}

type Job = ZeebeJob<TrainingTolerationVariables>;

const PARAM = 'trainingToleration';

const displayName = (p: Person): string => `${p.givenNames} ${p.familyName}`;
const recipient = (p: Person): { name: string; addressLines: string[] } => ({
  name: displayName(p),
  addressLines: p.municipality ? [p.municipality] : [],
});
const personData = (p: Person): { name: string; dateOfBirth: string | null; nationality: string } => ({
  name: displayName(p),
  dateOfBirth: p.dateOfBirth ?? null,
  nationality: p.nationalities.join(', ') || 'ungeklärt',
});
const grounds = (reasons: Reason[] | null | undefined): { text: string; paragraph: string }[] =>
  (reasons ?? []).map(({ text, paragraph }) => ({ text, paragraph }));
/** the instant at which a day begins (00:00 Europe/Berlin), for timers that wait until a date */
const startOf = (date: string): string => berlinMidnight(date).toISOString().replace('.000Z', 'Z');
const later = (a: string, b: string): string => (a > b ? a : b);

/**
 * ABH: the Ausbildungsduldung (§ 60c AufenthG) with the § 16g variant (processes/training-toleration.bpmn).
 * Each check runs one pure rule of training-toleration.rules.ts; an unmet condition is the BPMN error
 * NOT_ELIGIBLE carrying the reasons (→ Anhörung). Then the grant (status episode, DuldungGranted, notice,
 * certificate, letters to the company, LG and IvAF), the monitoring (extension, lapse with the search
 * Duldung, completion with § 19d Abs. 1a or the job-search Duldung) and the refusal.
 */
@Injectable()
export class TrainingTolerationWorker {
  constructor(
    private readonly cases: CasesService,
    private readonly parameters: ParametersService,
    private readonly documents: DocumentsService,
    private readonly clock: ClockService,
    private readonly deadlines: DeadlinesService,
  ) {}

  private get<T>(name: string, onDate: string): Promise<T> {
    return this.parameters.get<T>(`${PARAM}.${name}`, onDate);
  }

  private async params(onDate: string): Promise<TrainingTolerationParams> {
    return {
      applicationLeadMonths: await this.get('applicationLeadMonths', onDate),
      earliestGrantMonths: await this.get('earliestGrantMonths', onDate),
      minTrainingMonths: await this.get('minTrainingMonths', onDate),
      dualStudyAccepted: await this.get('dualStudyAccepted', onDate),
      priorDuldungMonths: await this.get('priorDuldungMonths', onDate),
      identity: await this.get('identityDeadlines', onDate),
      fineLimits: await this.get('fineLimits', onDate),
      safeCountryApplicationsAfter: await this.get('safeCountryApplicationsAfter', onDate),
      safeCountriesOfOrigin: await this.get('safeCountriesOfOrigin', onDate),
      transitional104Abs18: await this.get('transitional104Abs18', onDate),
    };
  }

  private async applicationDate(v: TrainingTolerationVariables): Promise<string> {
    return v.applicationDate ?? (await this.clock.today());
  }

  /** completes with the rule's reasons, or throws NOT_ELIGIBLE with them (caught → Anhörung) */
  private outcome<D extends string>(
    job: Job,
    result: RuleResult<D>,
    eligible: boolean,
    output: Record<string, unknown>,
  ): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const checkReasons = [...(job.variables.checkReasons ?? []), ...result.reasons];
    if (!eligible) {
      return job.error({
        errorCode: 'NOT_ELIGIBLE',
        errorMessage: `Voraussetzungen nicht erfüllt: ${result.reasons.map((r) => r.code).join(', ')}`,
        variables: toVariables({ refusalReasons: result.reasons, checkReasons }),
      });
    }
    return job.complete(toVariables({ ...output, checkReasons }));
  }

  /** "Antragszeitpunkt und Vollständigkeit prüfen" (§ 60c Abs. 3 S. 1); resets the outcome of an earlier round */
  @JobWorker('abh-check-training-application')
  async checkApplication(job: Job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    if (!v.trainingStart || !v.trainingEnd) {
      return job.fail({
        errorMessage: 'trainingStart/trainingEnd fehlen (Formular abh-training-toleration-application)',
        retries: 0,
      });
    }
    const applicationDate = await this.applicationDate(v);
    await this.cases.linkProcess(v.personId, {
      processInstanceKey: job.processInstanceKey,
      bpmnProcessId: job.bpmnProcessId,
      caseId: v.caseId,
      role: 'applicant',
    });
    const result = checkApplicationTiming(
      { applicationDate, trainingStart: v.trainingStart, trainingEnd: v.trainingEnd },
      await this.params(applicationDate),
    );
    // a new round (new contract after an early end) starts without the outcome of the last one
    const reset = {
      applicationDate,
      checkReasons: [],
      refusalReasons: null,
      identityDiscretion: null,
      decision: null,
      hearingHeld: false,
      baApproved: false,
      baApprovalFiction: false,
    };
    if (result.decision !== 'admissible') {
      return job.error({
        errorCode: 'NOT_ELIGIBLE',
        errorMessage: `Antrag nicht zulässig: ${result.reasons.map((r) => r.code).join(', ')}`,
        variables: toVariables({ ...reset, refusalReasons: result.reasons, checkReasons: result.reasons }),
      });
    }
    return job.complete(toVariables({ ...reset, checkReasons: result.reasons }));
  }

  /** "Ausbildung prüfen" (§ 60c Abs. 1 S. 1 Nr. 1 a/b, § 2 Abs. 12a; EQ → § 60a Abs. 2 S. 3) */
  @JobWorker('abh-check-training-qualifies')
  async checkTraining(job: Job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const result = checkTrainingQualifies(
      {
        trainingType: v.trainingType ?? 'company',
        stateRecognised: v.stateRecognised === true,
        regularDurationMonths: v.regularDurationMonths ?? 0,
        followOnShortageOccupation: v.followOnShortageOccupation === true,
        followOnCommitment: v.followOnCommitment === true,
      },
      await this.params(await this.applicationDate(v)),
    );
    return this.outcome(job, result, result.decision !== 'not-qualified', {
      trainingDecision: result.decision,
    });
  }

  /** "Fallgruppe Nr. 1 / Nr. 2 prüfen" (§ 60c Abs. 1 S. 1, Abs. 2 Nr. 2 and 5) */
  @JobWorker('abh-check-training-case-type')
  async checkCaseType(job: Job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const applicationDate = await this.applicationDate(v);
    // a measure counts if it was initiated by the time of application
    const pending = (date: string | null | undefined): boolean => !!date && date <= applicationDate;
    const duldungSince = v.duldungSince ?? (await this.currentDuldungSince(v.personId, applicationDate));
    const result = checkCaseType(
      {
        caseType: v.caseType ?? 'nr2',
        applicationDate,
        trainingBeganDuringAsylumProcedure: v.trainingBeganDuringAsylumProcedure === true,
        duldungSince,
        duldung60bDays: v.duldung60bDays ?? 0,
        removalMeasures: {
          fitnessExamOrdered: pending(v.removalFitnessExamOn),
          voluntaryReturnApplied: pending(v.removalVoluntaryReturnOn),
          transportBookingStarted: pending(v.removalTransportBookingOn),
          comparablePreparations: pending(v.removalComparablePreparationsOn),
          comparablePreparationsFutile: v.removalPreparationsFutile === true,
          dublinProcedureStarted: pending(v.removalDublinProcedureOn),
        },
      },
      await this.params(applicationDate),
    );
    return this.outcome(job, result, result.decision !== 'not-eligible', {
      caseTypeDecision: result.decision,
    });
  }

  /** the start of the Duldung in force on the date (from the status episodes), if the register form left it open */
  private async currentDuldungSince(personId: string, onDate: string): Promise<string | null> {
    const current = await this.cases.statusAt(personId, onDate);
    const duldung = current.find((e) => e.type === 'Duldung §60a' || e.type === 'Duldung §60b');
    return duldung?.validFrom ?? null;
  }

  /** "Beschäftigungsverbot nach § 60a Abs. 6 prüfen" (§ 60c Abs. 2 Nr. 1; exceptions § 24 AsylG, UMA, § 104 Abs. 18) */
  @JobWorker('abh-check-training-work-ban')
  async checkWorkBan(job: Job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const person = await this.cases.getPerson(v.personId);
    const result = checkWorkBanExclusions(
      {
        nationalities: person.nationalities,
        enteredToObtainBenefits: v.enteredToObtainBenefits === true,
        removalBlockedByOwnFault: v.removalBlockedByOwnFault === true,
        asylumApplicationDate: v.asylumApplicationDate ?? null,
        asylumOutcome: v.asylumOutcome ?? 'none',
        withdrawalAfterCounselling: v.withdrawalAfterCounselling === true,
        umaChildInterest: v.umaChildInterest === true,
        toleratedOnCutoffWithoutApplication: v.toleratedOnCutoffWithoutApplication === true,
      },
      await this.params(await this.applicationDate(v)),
    );
    return this.outcome(job, result, result.decision === 'no-exclusion', {});
  }

  /** "Identitätsklärung prüfen" (§ 60c Abs. 2 Nr. 3; after the caseworker's discretion: Abs. 7) */
  @JobWorker('abh-check-training-identity')
  async checkIdentity(job: Job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const applicationDate = await this.applicationDate(v);
    const person = await this.cases.getPerson(v.personId);
    const entryDate = v.entryDate ?? person.entryDate;
    if (!entryDate)
      return job.fail({
        errorMessage: 'Einreisedatum fehlt (Formular abh-training-toleration-registers)',
        retries: 0,
      });
    const result = checkIdentityDeadline(
      {
        entryDate,
        applicationDate,
        identityClarifiedOn: v.identityClarifiedOn ?? person.identityClarifiedOn ?? null,
        identityEvidence: v.identityEvidence ?? person.identityEvidence ?? 'none',
        evidenceLeadsToPassport: v.evidenceLeadsToPassport === true,
        allReasonableStepsInTime: v.allReasonableStepsInTime === true,
        delayNotOwnFault: v.delayNotOwnFault === true,
        discretionGranted: v.identityDiscretion ? v.identityDiscretion === 'grant' : null,
      },
      await this.params(applicationDate),
    );
    if (result.decision === 'discretion-required') {
      // the caseworker decides (user task), then this check runs again
      return job.complete(
        toVariables({ identityDecision: result.decision, identityDeadline: result.deadline }),
      );
    }
    return this.outcome(job, result, result.decision !== 'not-met', {
      identityDecision: result.decision,
      identityDeadline: result.deadline,
    });
  }

  /** "Straftaten und Sicherheit prüfen" (§ 60c Abs. 1 S. 2, Abs. 2 Nr. 4 with § 19d Abs. 1 Nr. 6–7) */
  @JobWorker('abh-check-training-security')
  async checkSecurity(job: Job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const total = v.bzrFinesTotal ?? 0;
    const result = checkSecurity(
      {
        intentionalConviction: v.bzrIntentionalConviction === true,
        onlyFines: v.bzrOnlyFines === true,
        finesTotal: total,
        finesForeignerOnly: Math.min(v.bzrFinesForeignerOnly ?? 0, total),
        extremistLinks: v.extremistLinks === true,
        expulsionOrder: v.expulsionOrder === true,
        removalOrder58a: v.removalOrder58a === true,
        obviousAbuse: v.obviousAbuse === true,
      },
      await this.params(await this.applicationDate(v)),
    );
    return this.outcome(job, result, result.decision === 'clear', {});
  }

  /** "Eintragung des Ausbildungsvertrags prüfen" (§ 60c Abs. 3 S. 3) */
  @JobWorker('abh-check-training-registration')
  async checkRegistration(job: Job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const result = checkContractRegistration({
      trainingType: v.trainingType ?? 'company',
      applicationDate: await this.applicationDate(v),
      chamberRegistrationAppliedOn: v.chamberRegistrationAppliedOn ?? null,
      schoolContractConcluded: v.schoolContractConcluded === true,
      schoolApproval: v.schoolApproval === true,
    });
    return this.outcome(job, result, result.decision === 'registered', {});
  }

  /** "Aufenthaltserlaubnis nach § 16g prüfen": the variant, and the earliest grant date (§ 60c Abs. 3 S. 2) */
  @JobWorker('abh-check-training-residence-permit')
  async checkVariant(job: Job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const applicationDate = await this.applicationDate(v);
    const bafoeg: ResidencePermitParams = {
      bafoegNeedCents: await this.get('bafoegNeedCents', applicationDate),
    };
    const result = checkResidencePermitVariant(
      {
        residencePermitWanted: v.residencePermitWanted === true,
        trainingDecision: v.trainingDecision ?? 'qualified',
        monthlyMeansCents: Math.round((v.monthlyMeans ?? 0) * 100),
        livesWithParents: v.livesWithParents === true,
        passportAvailable: v.passportAvailable === true,
        allReasonableIdentitySteps: v.allReasonableStepsInTime === true,
      },
      bafoeg,
    );
    const earliest = earliestGrantDate(
      {
        caseType: v.caseType ?? 'nr2',
        variant: result.decision,
        trainingStart: v.trainingStart ?? applicationDate,
        applicationDate,
      },
      await this.params(applicationDate),
    );
    return job.complete(
      toVariables({
        variant: result.decision,
        earliestGrantDate: earliest,
        earliestGrantAt: startOf(earliest),
        checkReasons: [...(v.checkReasons ?? []), ...result.reasons],
      }),
    );
  }

  /** "Zustimmung bei der BA anfragen": the request letter; the approval fiction after 2 weeks (§ 36 Abs. 2 BeschV) */
  @JobWorker('abh-request-ba-approval')
  async requestBaApproval(job: Job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const today = await this.clock.today();
    const person = await this.cases.getPerson(v.personId);
    const days = await this.get<number>('baApprovalFictionDays', today);
    const fictionOn = addDays(today, days);
    const doc = await this.documents.issue(
      'abh-training-toleration-notice',
      {
        recipient: { name: 'Bundesagentur für Arbeit, Arbeitsmarktzulassung', addressLines: [] },
        person: personData(person),
        subject: 'Ersuchen um Zustimmung zur Beschäftigung (Aufenthaltserlaubnis nach § 16g AufenthG)',
        paragraphs: [
          `Wir bitten um Zustimmung nach § 39 AufenthG zur Berufsausbildung als ${v.occupation ?? ''} bei ${v.trainingProvider ?? ''} vom ${fmt(v.trainingStart)} bis ${fmt(v.trainingEnd)}.`,
          `Äußern Sie sich nicht bis zum ${fmt(fictionOn)}, gilt die Zustimmung als erteilt (§ 36 Abs. 2 BeschV).`,
        ],
      },
      this.ref(job, 'ba-request', today),
    );
    // the approval fiction as a deadline (issue 8 § 1), at the instant of Timer_Zustimmungsfiktion;
    // closed by the listener abh-ba-approval-settled
    await this.deadlines.open({
      kind: 'ba-approval-fiction',
      personId: v.personId,
      fileNumber: v.caseId,
      processInstanceKey: job.processInstanceKey,
      unit: 'ABH',
      dueOn: fictionOn,
      dueAt: deadlineEnd(fictionOn),
    });
    return job.complete(
      toVariables({ baRequestedOn: today, baFictionAt: deadlineEnd(fictionOn), baRequestDocumentId: doc.id }),
    );
  }

  /** "Anhörungsschreiben versenden" (§ 28 VwVfG; period [local]) */
  @JobWorker('abh-send-training-hearing-letter')
  async sendHearing(job: Job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const today = await this.clock.today();
    const person = await this.cases.getPerson(v.personId);
    const days = await this.get<number>('hearingPeriodDays', today);
    const statementDueOn = addDays(today, days);
    const doc = await this.documents.issue(
      'abh-training-toleration-hearing',
      {
        ...this.letterBase(v, person, today),
        grounds: this.refusalGrounds(v),
        statementDueOn,
      },
      this.ref(job, 'hearing', today),
    );
    // the Anhörung period as a deadline (issue 8 § 1), at the instant of Timer_Anhoerungsfrist
    await this.deadlines.open({
      kind: 'hearing',
      personId: v.personId,
      fileNumber: v.caseId,
      processInstanceKey: job.processInstanceKey,
      unit: 'ABH',
      dueOn: statementDueOn,
      dueAt: deadlineEnd(statementDueOn),
    });
    return job.complete(
      toVariables({
        hearingHeld: true,
        hearingLetterOn: today,
        hearingDeadlineAt: deadlineEnd(statementDueOn),
        hearingDocumentId: doc.id,
      }),
    );
  }

  /** "Ablehnungsbescheid versenden": the refusal; an ordinary Duldung continues */
  @JobWorker('abh-refuse-training-toleration')
  async refuse(job: Job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const today = await this.clock.today();
    const person = await this.cases.getPerson(v.personId);
    const doc = await this.documents.issue(
      'abh-training-toleration-refusal',
      {
        ...this.letterBase(v, person, today),
        grounds: this.refusalGrounds(v),
        reasoning: v.decisionReason ?? '',
        hearingLetterOn: v.hearingLetterOn ?? today,
        statementReceived: v.statementReceived === true,
      },
      this.ref(job, 'refusal', today),
    );
    return job.complete(toVariables({ refusedOn: today, refusalDocumentId: doc.id }));
  }

  /**
   * "Ausbildungsduldung erteilen und Beteiligte benachrichtigen": Duldung for the contract duration with
   * mandatory work permission (§ 60c Abs. 1, 3 S. 4), or the discretionary Duldung for a vocational support
   * measure (§ 60a Abs. 2 S. 3, Erlass LSA 2017); notice, certificate, the company's duty to report
   * (§ 60c Abs. 5), notes to LG and IvAF.
   */
  @JobWorker('abh-grant-training-toleration')
  async grant(job: Job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    if (!v.trainingEnd) return job.fail({ errorMessage: 'trainingEnd fehlt', retries: 0 });
    const ctx = jobContext(job);
    const today = await this.clock.today();
    const person = await this.cases.getPerson(v.personId);
    const supportMeasure = v.variant === 'support-measure';
    const { validFrom, validTo } = duldungPeriod(later(today, v.earliestGrantDate ?? today), v.trainingEnd);
    const legalBasis = supportMeasure ? '§ 60a Abs. 2 S. 3 AufenthG' : '§ 60c AufenthG';
    const provider = v.trainingProvider ?? '';
    const workPermission = supportMeasure
      ? `Beschäftigung nur im Rahmen der Maßnahme bei ${provider} gestattet.`
      : `Beschäftigung nur als Auszubildende/r bei ${provider}${v.trainingProviderAddress ? `, ${v.trainingProviderAddress.replace(/\s*\n\s*/g, ', ')}` : ''}, gestattet.`;
    // the Duldung in force (ordinary, or a search Duldung after an earlier lapse) is superseded, not changed
    const previous = (await this.cases.statusAt(person.id, validFrom)).find((e) =>
      e.type.startsWith('Duldung'),
    );
    const episode = await this.startEpisodeOnce(
      job,
      person.id,
      {
        type: supportMeasure ? 'Duldung §60a' : 'Duldung §60c',
        legalBasis,
        validFrom,
        validTo,
        conditions: { workAllowed: true, other: [workPermission] },
        supersedes: previous?.id ?? null,
      },
      ctx,
    );
    // the end of the training as a deadline (issue 8 § 1): the Ausbildungsduldung's last day; a new
    // grant in this instance renews it; closed by the listener abh-training-monitoring-ended
    if (!supportMeasure)
      await this.deadlines.openOrRenew({
        kind: 'training-end-60c',
        personId: person.id,
        fileNumber: v.caseId,
        processInstanceKey: job.processInstanceKey,
        unit: 'ABH',
        dueOn: validTo,
        dueAt: deadlineEnd(validTo),
      });
    const category = supportMeasure
      ? 'vocational support measure'
      : v.trainingDecision === 'helper'
        ? 'helper training'
        : 'vocational training';
    await this.cases.recordEvent(
      'DuldungGranted',
      { category, legalBasis, validFrom, validTo },
      { personId: person.id, occurredOn: validFrom, ctx },
    );

    const base = this.letterBase(v, person, today);
    const notice = await this.documents.issue(
      'abh-training-toleration-grant',
      {
        ...base,
        validFrom,
        validTo,
        grounds: grounds(this.grantReasons(v)),
      },
      this.ref(job, 'grant', today),
    );
    const certificate = await this.documents.issue(
      'abh-training-toleration-certificate',
      {
        person: personData(person),
        validFrom,
        validTo,
        purpose: supportMeasure
          ? `Duldung nach § 60a Abs. 2 S. 3 AufenthG für die Maßnahme „${v.occupation ?? ''}“.`
          : `Duldung nach § 60c AufenthG (Ausbildungsduldung) für die Ausbildung als ${v.occupation ?? ''}.`,
        workPermission,
        conditions: supportMeasure
          ? ['Erlischt mit dem Ende der Maßnahme.']
          : ['Erlischt bei Abbruch oder Nichtbetreiben der Ausbildung (§ 60c Abs. 4 AufenthG).'],
      },
      this.ref(job, 'certificate', today),
    );
    const documentIds = [notice.id, certificate.id];
    if (!supportMeasure) {
      const letter = await this.documents.issue(
        'abh-training-toleration-reporting-duty',
        {
          recipient: {
            name: provider,
            addressLines: (v.trainingProviderAddress ?? '')
              .split(/\n/)
              .map((l) => l.trim())
              .filter(Boolean),
          },
          person: personData(person),
          occupation: v.occupation ?? '',
          trainingType: v.trainingType ?? 'company',
          validTo,
        },
        this.ref(job, 'reporting-duty', today),
      );
      documentIds.push(letter.id);
    }
    for (const [unit, name, request] of [
      [
        'lg',
        'Leistungsgewährung AsylbLG',
        'Bitte prüfen Sie die Auswirkungen auf den Leistungsanspruch (Ausbildungsvergütung als Einkommen).',
      ],
      ['ivaf', 'IvAF-Projekt', 'Bitte bieten Sie der Person eine ausbildungsbegleitende Unterstützung an.'],
    ] as const) {
      const note = await this.documents.issue(
        'abh-training-toleration-notice',
        {
          recipient: { name, addressLines: ['im Hause'] },
          person: personData(person),
          subject: supportMeasure
            ? 'Erteilung einer Duldung für eine berufsvorbereitende Maßnahme'
            : 'Erteilung einer Ausbildungsduldung (§ 60c AufenthG)',
          paragraphs: [
            `${supportMeasure ? 'Für die Maßnahme' : 'Für die Ausbildung als'} ${v.occupation ?? ''} bei ${provider} wurde eine Duldung vom ${fmt(validFrom)} bis ${fmt(validTo)} mit Beschäftigungserlaubnis erteilt.`,
            request,
          ],
        },
        this.ref(job, `notice-${unit}`, today),
      );
      documentIds.push(note.id);
    }
    const leadMonths = await this.get<number>('examStatusLeadMonths', today);
    return job.complete(
      toVariables({
        duldungEpisodeId: episode.id,
        duldungValidFrom: validFrom,
        duldungValidTo: validTo,
        examStatusQueryAt: startOf(addMonths(validTo, -leadMonths)),
        grantDocumentIds: documentIds,
      }),
    );
  }

  /** "Aufenthaltserlaubnis nach § 16g erteilen" (BA approval given or deemed given) */
  @JobWorker('abh-grant-residence-permit-training')
  async grantResidencePermit(job: Job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    if (!v.trainingEnd) return job.fail({ errorMessage: 'trainingEnd fehlt', retries: 0 });
    const ctx = jobContext(job);
    const today = await this.clock.today();
    const person = await this.cases.getPerson(v.personId);
    const validFrom = later(today, v.earliestGrantDate ?? today);
    const validTo = v.trainingEnd;
    const legalBasis = '§ 16g AufenthG';
    const workPermission = `Die Berufsausbildung als ${v.occupation ?? ''} bei ${v.trainingProvider ?? ''} ist erlaubt; eine Nebenbeschäftigung bis zu 20 Stunden je Woche ist erlaubt.`;
    const previous = (await this.cases.statusAt(person.id, validFrom)).find((e) =>
      e.type.startsWith('Duldung'),
    );
    const episode = await this.startEpisodeOnce(
      job,
      person.id,
      {
        type: 'Aufenthaltserlaubnis',
        legalBasis,
        validFrom,
        validTo,
        conditions: { workAllowed: true, other: [workPermission] },
        supersedes: previous?.id ?? null,
      },
      ctx,
    );
    await this.cases.recordEvent(
      'ResidencePermitGranted',
      { legalBasis, validFrom, validTo },
      { personId: person.id, occurredOn: validFrom, ctx },
    );
    const reasons = [...(v.checkReasons ?? [])];
    reasons.push({
      code: v.baApprovalFiction ? 'BA_APPROVAL_FICTION' : 'BA_APPROVAL',
      text: v.baApprovalFiction
        ? 'Die Zustimmung der Bundesagentur für Arbeit gilt als erteilt, weil sie nicht innerhalb von zwei Wochen geantwortet hat.'
        : 'Die Bundesagentur für Arbeit hat zugestimmt.',
      paragraph: v.baApprovalFiction ? '§ 36 Abs. 2 BeschV' : '§ 39 AufenthG',
    });
    const doc = await this.documents.issue(
      'abh-training-toleration-residence-permit',
      {
        recipient: recipient(person),
        person: personData(person),
        legalBasis,
        validFrom,
        validTo,
        workPermission,
        grounds: grounds(reasons),
      },
      this.ref(job, 'residence-permit', today),
    );
    return job.complete(
      toVariables({ residencePermitEpisodeId: episode.id, residencePermitDocumentId: doc.id }),
    );
  }

  /** "Ausbildungsduldung verlängern": exam failed / training extended, or follow-on after helper training */
  @JobWorker('abh-extend-training-toleration')
  async extend(job: Job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    if (!v.newTrainingEnd)
      return job.fail({
        errorMessage: 'newTrainingEnd fehlt (Formular abh-training-toleration-exam-status)',
        retries: 0,
      });
    const ctx = jobContext(job);
    const today = await this.clock.today();
    const person = await this.cases.getPerson(v.personId);
    // the training runs longer: its deadline record (kept by the case's instance) moves with it
    await this.deadlines.moveOpenOfPerson(person.id, 'training-end-60c', v.newTrainingEnd);
    const followOn = v.examStatus === 'follow-on';
    const occupation = followOn
      ? (v.followOnOccupationConfirmed ?? v.followOnOccupation ?? v.occupation ?? '')
      : (v.occupation ?? '');
    const legalBasis = followOn ? '§ 60c Abs. 1 S. 1 Nr. 1 Buchst. b AufenthG' : '§ 60c AufenthG';
    const workPermission = `Beschäftigung nur als Auszubildende/r bei ${v.trainingProvider ?? ''} gestattet.`;
    const episode = await this.startEpisodeOnce(
      job,
      person.id,
      {
        type: 'Duldung §60c',
        legalBasis,
        validFrom: today,
        validTo: v.newTrainingEnd,
        conditions: { workAllowed: true, other: [workPermission] },
        supersedes: await this.duldungInForce(person.id, today, v.duldungEpisodeId),
      },
      ctx,
    );
    if (followOn) {
      await this.cases.recordEvent(
        'DuldungGranted',
        { category: 'vocational training', legalBasis, validFrom: today, validTo: v.newTrainingEnd },
        { personId: person.id, occurredOn: today, ctx },
      );
    }
    const doc = await this.documents.issue(
      'abh-training-toleration-certificate',
      {
        person: personData(person),
        validFrom: today,
        validTo: v.newTrainingEnd,
        purpose: `Duldung nach § 60c AufenthG (Ausbildungsduldung) für die Ausbildung als ${occupation}${followOn ? ' (Anschlussausbildung nach Helferausbildung)' : ' (verlängert)'}.`,
        workPermission,
        conditions: ['Erlischt bei Abbruch oder Nichtbetreiben der Ausbildung (§ 60c Abs. 4 AufenthG).'],
      },
      this.ref(job, 'certificate', today),
    );
    const leadMonths = await this.get<number>('examStatusLeadMonths', today);
    return job.complete(
      toVariables({
        duldungEpisodeId: episode.id,
        duldungValidTo: v.newTrainingEnd,
        trainingEnd: v.newTrainingEnd,
        occupation,
        examStatusQueryAt: startOf(addMonths(v.newTrainingEnd, -leadMonths)),
        extensionDocumentId: doc.id,
      }),
    );
  }

  /**
   * "Erlöschen feststellen und Suchduldung erteilen": the Duldung lapses (§ 60c Abs. 4); once, a 6-month
   * Duldung to find another training place (Abs. 6 S. 1); otherwise at once to return management.
   */
  @JobWorker('abh-lapse-training-toleration')
  async lapse(job: Job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const ctx = jobContext(job);
    const today = await this.clock.today();
    const endedOn = v.trainingEndedOn ?? today;
    const person = await this.cases.getPerson(v.personId);
    // ended early: the training's end is no longer reached
    await this.deadlines.cancelOpen(job.processInstanceKey, ['training-end-60c']);
    const history = await this.cases.statusHistory(person.id);
    const searchDuldungUsedBefore = history.some((e) => e.legalBasis === '§ 60c Abs. 6 S. 1 AufenthG');
    const result = afterEarlyEnd(
      { endedOn, searchDuldungUsedBefore, variant: v.variant ?? '60c' },
      { searchMonths: await this.get<number>('searchDuldungMonths', endedOn) },
    );
    await this.cases.recordEvent(
      'TrainingAborted',
      { on: endedOn },
      { personId: person.id, occurredOn: endedOn, ctx },
    );
    await this.cases.recordEvent(
      'DuldungRevoked',
      {
        legalBasis: result.reasons[0].paragraph,
        on: endedOn,
        reason: 'Ausbildung vorzeitig beendet (Erlöschen)',
      },
      { personId: person.id, occurredOn: endedOn, ctx },
    );
    if (result.decision === 'handover' || !result.searchUntil) {
      const episode = await this.obligedToLeave(
        person.id,
        endedOn,
        await this.duldungInForce(person.id, endedOn, v.duldungEpisodeId),
        ctx,
      );
      return job.complete(
        toVariables({
          searchUntil: null,
          searchUntilAt: startOf(today),
          lapseReasons: result.reasons,
          duldungEpisodeId: episode.id,
        }),
      );
    }
    const legalBasis = '§ 60c Abs. 6 S. 1 AufenthG';
    const episode = await this.cases.startStatusEpisode(
      person.id,
      {
        type: 'Duldung §60c',
        legalBasis,
        validFrom: endedOn,
        validTo: result.searchUntil,
        conditions: {
          workAllowed: false,
          other: [
            'Duldung zur Suche eines weiteren Ausbildungsplatzes; Beschäftigung nur mit Erlaubnis der Ausländerbehörde.',
          ],
        },
        supersedes: await this.duldungInForce(person.id, endedOn, v.duldungEpisodeId),
      },
      ctx,
    );
    await this.cases.recordEvent(
      'DuldungGranted',
      { category: 'job search', legalBasis, validFrom: endedOn, validTo: result.searchUntil },
      { personId: person.id, occurredOn: endedOn, ctx },
    );
    const doc = await this.documents.issue(
      'abh-training-toleration-search-duldung',
      {
        recipient: recipient(person),
        person: personData(person),
        purpose: 'training',
        occupation: v.occupation ?? '',
        trainingProvider: v.trainingProvider ?? '',
        eventDate: endedOn,
        validFrom: endedOn,
        validTo: result.searchUntil,
        grounds: grounds(result.reasons),
      },
      this.ref(job, 'search-duldung', today),
    );
    return job.complete(
      toVariables({
        searchUntil: result.searchUntil,
        searchUntilAt: deadlineEnd(result.searchUntil),
        searchDuldungEpisodeId: episode.id,
        duldungEpisodeId: episode.id,
        lapseReasons: result.reasons,
        searchDuldungDocumentId: doc.id,
      }),
    );
  }

  /**
   * Event subprocess "Ausschlussgrund eingetreten" (message AusschlussgrundEingetreten): the Duldung lapses
   * by law (§ 60c Abs. 4 with Abs. 2 Nr. 4); no search Duldung; hand-over note to return management.
   */
  @JobWorker('abh-lapse-training-toleration-exclusion')
  async lapseOnExclusion(job: Job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const ctx = jobContext(job);
    const today = await this.clock.today();
    const on = v.exclusionOn ?? today;
    const person = await this.cases.getPerson(v.personId);
    const result = afterExclusion({
      on,
      reason: v.exclusionReason ?? 'Ausschlussgrund nach § 60c Abs. 2 Nr. 4 AufenthG',
    });
    await this.cases.recordEvent(
      'DuldungRevoked',
      { legalBasis: result.reasons[0].paragraph, on, reason: 'Ausschlussgrund eingetreten (Erlöschen)' },
      { personId: person.id, occurredOn: on, ctx },
    );
    await this.obligedToLeave(
      person.id,
      on,
      await this.duldungInForce(person.id, on, v.duldungEpisodeId),
      ctx,
    );
    const doc = await this.documents.issue(
      'abh-training-toleration-notice',
      {
        recipient: { name: 'Ausländerbehörde – Rückkehrmanagement', addressLines: ['im Hause'] },
        person: personData(person),
        subject: 'Übergabe: Ausbildungsduldung wegen eines Ausschlussgrundes erloschen',
        paragraphs: [
          ...result.reasons.map((r) => `${r.text} (${r.paragraph})`),
          'Bitte prüfen Sie die Aufenthaltsbeendigung; der Ausbildungsbetrieb ist zu unterrichten.',
        ],
      },
      this.ref(job, 'exclusion-handover', today),
    );
    return job.complete(
      toVariables({ trainingOutcome: 'lapsed', lapseReasons: result.reasons, handoverDocumentId: doc.id }),
    );
  }

  /** the Duldung ended without a follow-on: the person is (again) enforceably obliged to leave */
  private obligedToLeave(
    personId: string,
    from: string,
    supersedes: string | null,
    ctx: ReturnType<typeof jobContext>,
  ): Promise<StatusEpisode> {
    return this.cases.startStatusEpisode(
      personId,
      {
        type: 'Ausreisepflichtig',
        legalBasis: '§ 50 Abs. 1, § 58 AufenthG',
        validFrom: from,
        conditions: { workAllowed: false },
        supersedes,
      },
      ctx,
    );
  }

  /** end event "An Rückkehrmanagement übergeben": hand-over note; return management is its own process */
  @JobWorker('abh-hand-over-to-return-management')
  async handOver(job: Job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const today = await this.clock.today();
    const person = await this.cases.getPerson(v.personId);
    if (v.searchUntil && v.searchDuldungEpisodeId) {
      await this.obligedToLeave(
        person.id,
        addDays(v.searchUntil, 1),
        v.searchDuldungEpisodeId,
        jobContext(job),
      );
    }
    const doc = await this.documents.issue(
      'abh-training-toleration-notice',
      {
        recipient: { name: 'Ausländerbehörde – Rückkehrmanagement', addressLines: ['im Hause'] },
        person: personData(person),
        subject: 'Übergabe: Ausbildungsduldung erloschen, kein neuer Ausbildungsvertrag',
        paragraphs: [
          v.searchUntil
            ? `Die Duldung zur Suche eines Ausbildungsplatzes ist am ${fmt(v.searchUntil)} abgelaufen; ein neuer Ausbildungsvertrag wurde nicht vorgelegt.`
            : 'Die Ausbildungsduldung ist erloschen; eine Suchduldung (§ 60c Abs. 6 S. 1 AufenthG) kommt nicht in Betracht.',
          'Bitte prüfen Sie die Aufenthaltsbeendigung und andere Bleibeperspektiven (§§ 25a, 25b, 60d AufenthG).',
        ],
      },
      this.ref(job, 'handover', today),
    );
    return job.complete(toVariables({ handedOverOn: today, handoverDocumentId: doc.id }));
  }

  /** "Aufenthaltserlaubnis § 19d oder Suchduldung erteilen" after the exam was passed */
  @JobWorker('abh-decide-after-training')
  async afterTraining(job: Job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const ctx = jobContext(job);
    const today = await this.clock.today();
    const passedOn = v.examPassedOn ?? today;
    const person = await this.cases.getPerson(v.personId);
    const result = afterCompletion(
      {
        passedOn,
        keptOnByCompany: v.keptOnByCompany === true,
        employmentMatchesQualification: v.employmentMatchesQualification === true,
        germanB1: v.germanB1 === true,
        adequateHousing: v.adequateHousing === true,
        noSecurityExclusion: true,
      },
      {
        permitMonths: await this.get<number>('residencePermit19dMonths', passedOn),
        jobSearchMonths: await this.get<number>('jobSearchDuldungMonths', passedOn),
      },
    );
    await this.cases.recordEvent(
      'TrainingCompleted',
      { on: passedOn },
      { personId: person.id, occurredOn: passedOn, ctx },
    );
    const { validFrom, validTo } = result;
    if (result.decision === 'residence-permit') {
      const legalBasis = '§ 19d Abs. 1a AufenthG';
      const workPermission = `Die der Qualifikation entsprechende Beschäftigung bei ${v.trainingProvider ?? ''} ist erlaubt.`;
      await this.cases.startStatusEpisode(
        person.id,
        {
          type: 'Aufenthaltserlaubnis',
          legalBasis,
          validFrom,
          validTo,
          conditions: { workAllowed: true, other: [workPermission] },
          supersedes: await this.duldungInForce(person.id, validFrom, v.duldungEpisodeId),
        },
        ctx,
      );
      await this.cases.recordEvent(
        'ResidencePermitGranted',
        { legalBasis, validFrom, validTo },
        { personId: person.id, occurredOn: validFrom, ctx },
      );
      const doc = await this.documents.issue(
        'abh-training-toleration-residence-permit',
        {
          recipient: recipient(person),
          person: personData(person),
          legalBasis,
          validFrom,
          validTo,
          workPermission,
          grounds: grounds(result.reasons),
        },
        this.ref(job, 'residence-permit-19d', today),
      );
      return job.complete(toVariables({ followUpDecision: result.decision, followUpDocumentId: doc.id }));
    }
    const legalBasis = '§ 60c Abs. 6 S. 2 AufenthG';
    await this.cases.startStatusEpisode(
      person.id,
      {
        type: 'Duldung §60c',
        legalBasis,
        validFrom,
        validTo,
        conditions: {
          workAllowed: true,
          other: [
            'Duldung zur Suche einer der Qualifikation entsprechenden Beschäftigung; nicht verlängerbar.',
          ],
        },
        supersedes: await this.duldungInForce(person.id, validFrom, v.duldungEpisodeId),
      },
      ctx,
    );
    await this.cases.recordEvent(
      'DuldungGranted',
      { category: 'job search', legalBasis, validFrom, validTo },
      { personId: person.id, occurredOn: validFrom, ctx },
    );
    const doc = await this.documents.issue(
      'abh-training-toleration-search-duldung',
      {
        recipient: recipient(person),
        person: personData(person),
        purpose: 'job',
        occupation: v.occupation ?? '',
        trainingProvider: v.trainingProvider ?? '',
        eventDate: passedOn,
        validFrom,
        validTo,
        grounds: grounds(result.reasons),
      },
      this.ref(job, 'job-search-duldung', today),
    );
    return job.complete(toVariables({ followUpDecision: result.decision, followUpDocumentId: doc.id }));
  }

  // ---- helpers -------------------------------------------------------------------------------------------

  /**
   * Starts a status episode unless this instance already started the same one (a job that runs again
   * after midnight would otherwise compute another validFrom and start a second episode).
   */
  private async startEpisodeOnce(
    job: Job,
    personId: string,
    input: NewStatusEpisode,
    ctx: ReturnType<typeof jobContext>,
  ): Promise<StatusEpisode> {
    const done = (await this.cases.statusAt(personId, input.validFrom)).find(
      (e) =>
        String(e.processInstanceKey) === String(job.processInstanceKey) &&
        e.type === input.type &&
        e.legalBasis === (input.legalBasis ?? null) &&
        e.validTo === (input.validTo ?? null),
    );
    return done ?? this.cases.startStatusEpisode(personId, input, ctx);
  }

  private ref(job: Job, suffix: string, issuedOn: string) {
    return {
      personId: job.variables.personId,
      caseId: job.variables.caseId,
      processInstanceKey: job.processInstanceKey,
      idempotencyKey: `${job.key}:${suffix}`,
      issuedOn,
    };
  }

  private letterBase(v: TrainingTolerationVariables, person: Person, today: string) {
    return {
      recipient: recipient(person),
      person: personData(person),
      variant: v.variant ?? (v.residencePermitWanted ? '16g' : '60c'),
      applicationDate: v.applicationDate ?? today,
      occupation: v.occupation ?? '',
      trainingProvider: v.trainingProvider ?? '',
      trainingStart: v.trainingStart ?? today,
      trainingEnd: v.trainingEnd ?? today,
    };
  }

  /** the reasons of a grant: the checks met; for a § 16g request the BA refused, why the Duldung follows */
  private grantReasons(v: TrainingTolerationVariables): Reason[] {
    const reasons = (v.checkReasons ?? []).filter(
      (r) => !r.code.startsWith('VARIANT_') && r.code !== 'RESIDENCE_PERMIT_16G',
    );
    if (v.variant === '16g') {
      reasons.push({
        code: 'BA_REFUSED_FALLBACK_60C',
        text: 'Die Bundesagentur für Arbeit hat der Aufenthaltserlaubnis nach § 16g nicht zugestimmt; es wird die Ausbildungsduldung erteilt.',
        paragraph: '§ 39 AufenthG, § 60c Abs. 1 AufenthG',
      });
    }
    return reasons;
  }

  /**
   * The Duldung in force on a date (the last extension, if any): variables set in the monitoring
   * instance are lost when AusbildungVorzeitigBeendet interrupts it, the case file is not.
   */
  private async duldungInForce(
    personId: string,
    onDate: string,
    fallback: string | null | undefined,
  ): Promise<string | null> {
    const inForce = (await this.cases.statusAt(personId, onDate)).filter((e) => e.type.startsWith('Duldung'));
    return inForce.at(-1)?.id ?? fallback ?? null;
  }

  /** the grounds of an intended refusal: the failed check's reasons, else the decision's reasoning */
  private refusalGrounds(v: TrainingTolerationVariables): { text: string; paragraph: string }[] {
    const fromChecks = grounds(v.refusalReasons);
    if (fromChecks.length) return fromChecks;
    return [
      {
        text: v.decisionReason ?? 'Die Voraussetzungen liegen nach Würdigung aller Umstände nicht vor.',
        paragraph: '§ 60c AufenthG',
      },
    ];
  }
}

function fmt(iso: string | null | undefined): string {
  return iso ? iso.split('-').reverse().join('.') : '';
}
