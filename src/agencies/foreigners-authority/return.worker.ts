import { Injectable } from '@nestjs/common';
import { CasesService, jobContext, type Person, type StatusEpisode } from '../../cases';
import { addDays, berlinMidnight, deadlineEnd } from '../../common/calendar';
import { DocumentsService } from '../../documents';
import { DeadlinesService } from '../../deadlines/deadlines.service';
import { ClockService } from '../../engine/clock.service';
import { JobWorker } from '../../engine/job-worker.decorator';
import { toVariables } from '../../engine/job-variables';
import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '../../engine/zeebe.types';
import { ParametersService } from '../../parameters';
import {
  departureDeadline,
  OBLIGATION_BASES,
  type DepartureDeadlineParameters,
  type ObligationBasis,
} from './return-deadline.rules';
import { duldungType, OBSTACLE_CODES, type ObstacleCode } from './return-duldung.rules';
import { enforcementCheck, HANDOVER_RECIPIENTS, type HandoverRecipient } from './return-enforcement.rules';
import { returnProgrammeFilingEffects, returnProgrammeWarning } from './return-programme.rules';

/** Process variables of processes/return-management.bpmn (start variables, forms, messages, workers). */
interface ReturnVariables {
  personId: string;
  caseId: string;
  // start
  obligationBasis?: string;
  obligationDate?: string;
  finalCourtDecisionDate?: string | null;
  abscondingRisk?: boolean | null;
  publicSafetyDanger?: boolean | null;
  specialCircumstances?: boolean | null;
  requestedDeadlineDays?: number | null;
  voluntaryDepartureDeclared?: boolean | null;
  requestedDeadlineMonths?: number | null;
  // abh-return-compute-departure-deadline
  departureDeadline?: string | null;
  // form int-return-counselling
  returnProgramme?: string | null;
  // form abh-return-obstacles
  obstacleCodes?: string[] | null;
  qualifiedMedicalCertificate?: boolean | null;
  urgentHumanitarianReasons?: boolean | null;
  ownFault?: boolean | null;
  cooperationFulfilled?: boolean | null;
  removalMeasuresPending?: boolean | null;
  workBan60a6?: boolean | null;
  // abh-determine-duldung-type, form abh-return-duldung
  duldungType?: '60a' | '60b' | null;
  duldungStatusType?: 'Duldung §60a' | 'Duldung §60b' | null;
  duldungLegalBasis?: string | null;
  duldungCategory?: 'ordinary' | 'light' | null;
  duldungValidFrom?: string | null;
  duldungValidTo?: string | null;
  duldungWorkAllowed?: boolean | null;
  duldungWohnsitzauflage?: string | null;
  duldungConditions?: string | null;
  passportActions?: string[] | null;
  cooperationDeadline?: string | null;
  // form abh-return-enforcement
  plannedRemovalDate?: string | null;
  unaccompaniedMinor?: boolean | null;
  handoverEnsured?: boolean | null;
  handoverTo?: string | null;
  duldungRevoked?: boolean | null;
  // messages AusreiseBestaetigt, AbschiebungVollzogen, PersonNichtAngetroffen; output mappings
  returnOutcome?: 'voluntary' | 'deported' | 'absconded' | null;
  departedOn?: string | null;
  deportedOn?: string | null;
  notFoundOn?: string | null;
}

const OBLIGATION_TEXT: Record<ObligationBasis, string> = {
  'removal-warning': 'Abschiebungsandrohung der Ausländerbehörde (§ 59 AufenthG)',
  'asylum-rejected': 'Ablehnung des Asylantrags durch das Bundesamt (§ 38 Abs. 1 AsylG)',
  'asylum-manifestly-unfounded': 'Ablehnung des Asylantrags als offensichtlich unbegründet (§ 36 AsylG)',
  'asylum-withdrawn': 'Rücknahme des Asylantrags (§ 38 Abs. 2 und 3 AsylG)',
};

const PASSPORT_ACTION_TEXT: Record<string, string> = {
  'embassy-appointment': 'Vorsprache bei der Botschaft oder dem Konsulat Ihres Herkunftsstaates',
  photos: 'Beibringen von Lichtbildern',
  fingerprints: 'Abgabe von Fingerabdrücken',
  declarations: 'Abgabe der von der Heimatbehörde geforderten Erklärungen',
  fees: 'Entrichtung der Gebühren der Heimatbehörde',
  'statutory-declaration': 'Abgabe einer Versicherung an Eides statt über die vorgenommenen Handlungen',
};

interface CounsellingCentre {
  name: string;
  address: string;
  openingHours: string;
}

const isDuldung = (e: StatusEpisode): boolean => e.type.startsWith('Duldung');

/**
 * ABH workers of the return management (BRIEF § 6): departure deadline with its certificates and the
 * border-crossing certificate, the Duldung type and certificate, the enforcement check and the closing
 * of the case. Rules in return-*.rules.ts; the [local]/[?] periods come from the parameters table.
 */
@Injectable()
export class ReturnWorker {
  constructor(
    private readonly cases: CasesService,
    private readonly parameters: ParametersService,
    private readonly documents: DocumentsService,
    private readonly clock: ClockService,
    private readonly deadlines: DeadlinesService,
  ) {}

  /** "Ausreisefrist berechnen und bescheinigen" (BRIEF § 6 Nr. 2, 3; § 59 Abs. 6 AufenthG). */
  @JobWorker('abh-compute-departure-deadline')
  async computeDepartureDeadline(job: ZeebeJob<ReturnVariables>): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const basis = v.obligationBasis as ObligationBasis;
    if (!v.personId || !v.caseId || !OBLIGATION_BASES.includes(basis) || !v.obligationDate) {
      return job.fail({
        errorMessage: 'start variables personId, caseId, obligationBasis and obligationDate are required',
        retries: 0,
      });
    }
    const params: DepartureDeadlineParameters = {
      removalWarningDefaultDays: await this.parameters.get<number>(
        'return.removalWarningDefaultDays',
        v.obligationDate,
      ),
      manifestlyUnfoundedDays: await this.parameters.get<number>(
        'return.manifestlyUnfoundedDays',
        v.obligationDate,
      ),
      withdrawalDays: await this.parameters.get<number>('return.withdrawalDays', v.obligationDate),
    };
    const result = departureDeadline(
      {
        basis,
        obligationDate: v.obligationDate,
        finalCourtDecisionDate: v.finalCourtDecisionDate ?? null,
        abscondingRisk: v.abscondingRisk ?? false,
        publicSafetyDanger: v.publicSafetyDanger ?? false,
        specialCircumstances: v.specialCircumstances ?? false,
        requestedDays: v.requestedDeadlineDays ?? null,
        voluntaryDepartureDeclared: v.voluntaryDepartureDeclared ?? false,
        requestedMonths: v.requestedDeadlineMonths ?? null,
      },
      params,
    );
    if (result.decision === 'invalid' || !result.deadline) {
      const r = result.reasons[0];
      return job.fail({
        errorMessage: `departure deadline not determinable: ${r.code} (${r.paragraph})`,
        retries: 0,
      });
    }
    const ctx = jobContext(job);
    const today = await this.clock.today();
    const person = await this.cases.getPerson(v.personId);
    await this.cases.linkProcess(v.personId, {
      processInstanceKey: job.processInstanceKey,
      bpmnProcessId: job.bpmnProcessId,
      caseId: v.caseId,
    });

    // the Aufenthaltsgestattung expires when the obligation to leave is enforceable (§ 67 Abs. 1 AsylG)
    const current = await this.cases.statusAt(v.personId, v.obligationDate);
    const gestattung = current.find((e) => e.type === 'Aufenthaltsgestattung');
    await this.cases.startStatusEpisode(
      v.personId,
      {
        type: 'Ausreisepflichtig',
        legalBasis: '§ 50 Abs. 1, § 58 Abs. 2 AufenthG',
        validFrom: v.obligationDate,
        supersedes: gestattung?.id ?? null,
      },
      ctx,
    );

    // the REAG/GARP warning the counselling form shows (§ 60c Abs. 2 Nr. 5 Buchst. b, § 60a Abs. 5b Nr. 2)
    const now = await this.cases.statusAt(v.personId, today);
    const programme = returnProgrammeFilingEffects({
      trainingToleration: now.some((e) => e.type === 'Duldung §60c'),
      employmentToleration: now.some((e) => e.type === 'Duldung §60d'),
      workPermission: now.some((e) => isDuldung(e) && e.conditions.workAllowed === true),
    });

    const deadlineBasis = result.reasons[result.reasons.length - 1].paragraph;
    const noDeadline = result.decision === 'no-deadline';
    const counsellingCentre = await this.parameters.get<CounsellingCentre>('return.counsellingCentre', today);
    const common = {
      person: personData(person),
      obligationBasisText: OBLIGATION_TEXT[basis],
      departureDeadline: result.deadline,
      deadlineBasis,
      noDeadline,
    };
    const ref = (templateId: string) => ({
      personId: v.personId,
      caseId: v.caseId,
      processInstanceKey: job.processInstanceKey,
      idempotencyKey: `${job.key}:${templateId}`,
      issuedOn: today,
    });
    await this.documents.issue(
      'abh-return-departure-deadline-certificate',
      { ...common, obligationDate: v.obligationDate },
      ref('abh-return-departure-deadline-certificate'),
    );
    await this.documents.issue(
      'abh-return-instruction',
      { ...common, counsellingCentre },
      ref('abh-return-instruction'),
    );
    await this.documents.issue(
      'abh-return-counselling-invitation',
      { ...common, counsellingCentre },
      ref('abh-return-counselling-invitation'),
    );
    // the GÜB goes with the instruction: the person has it stamped at the border (BRIEF § 6 Nr. 5)
    const confirmationDays = await this.parameters.get<number>('return.departureConfirmationDays', today);
    // the departure deadline record (issue 8 § 1), at the instant of the timer "Ausreisefrist abgelaufen";
    // closed by the listener abh-departure-deadline-passed
    if (result.decision === 'deadline')
      await this.deadlines.open({
        kind: 'departure',
        personId: v.personId,
        fileNumber: v.caseId,
        processInstanceKey: job.processInstanceKey,
        unit: 'ABH',
        dueOn: result.deadline,
        dueAt: deadlineEnd(result.deadline),
      });
    await this.documents.issue(
      'abh-return-border-crossing-certificate',
      { ...common, confirmationDays },
      ref('abh-return-border-crossing-certificate'),
    );

    return job.complete(
      toVariables({
        departureDeadline: result.deadline,
        departureDeadlinePeriod: result.period,
        departureDeadlineAt: deadlineEnd(result.deadline),
        departureDeadlineBasis: deadlineBasis,
        departureDeadlineReasons: result.reasons.map((r) => `${r.text} (${r.paragraph})`),
        returnProgrammeConflict: programme.decision === 'conflict',
        returnProgrammeWarning: returnProgrammeWarning(programme),
        // the boundary timer "Ausreise nicht bestätigt" fires at the end of departureDate + these days [local]
        departureConfirmationDays: confirmationDays,
      }),
    );
  }

  /** "Duldungsart bestimmen" (BRIEF § 6 Nr. 9): § 60a Abs. 2 S. 1 / S. 3 or § 60b, or none. */
  @JobWorker('abh-determine-duldung-type')
  determineDuldungType(job: ZeebeJob<ReturnVariables>): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const obstacles = (v.obstacleCodes ?? []).filter((o): o is ObstacleCode =>
      (OBSTACLE_CODES as readonly string[]).includes(o),
    );
    const result = duldungType({
      obstacles,
      qualifiedMedicalCertificate: v.qualifiedMedicalCertificate ?? false,
      urgentHumanitarianReasons: v.urgentHumanitarianReasons ?? false,
      ownFault: v.ownFault ?? false,
      cooperationFulfilled: v.cooperationFulfilled ?? false,
      removalMeasuresPending: v.removalMeasuresPending ?? false,
      workBan60a6: v.workBan60a6 ?? false,
    });
    return job.complete(
      toVariables({
        duldungDecision: result.decision,
        duldungType: result.duldungType,
        duldungGround: result.ground,
        duldungStatusType: result.statusType,
        duldungLegalBasis: result.legalBasis,
        duldungCategory: result.category,
        duldungWorkAllowed: result.workAllowed,
        duldungWohnsitzauflageRequired: result.wohnsitzauflageRequired,
        duldungReasons: result.reasons.map((r) => `${r.text} (${r.paragraph})`),
      }),
    );
  }

  /**
   * "Duldungsbescheinigung ausstellen" (BRIEF § 6 Nr. 10, 11): status episode, DuldungGranted, the
   * certificate (§ 60a Abs. 4 / § 60b), the demand to cooperate with its deadline, and the Wiedervorlage
   * [local] days before expiry.
   */
  @JobWorker('abh-issue-duldung')
  async issueDuldung(job: ZeebeJob<ReturnVariables>): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    if (
      !v.duldungStatusType ||
      !v.duldungLegalBasis ||
      !v.duldungCategory ||
      !v.duldungValidFrom ||
      !v.duldungValidTo ||
      !v.duldungWohnsitzauflage
    ) {
      return job.fail({
        errorMessage: 'Duldung variables missing (abh-determine-duldung-type, form abh-return-duldung)',
        retries: 0,
      });
    }
    if (v.duldungValidTo < v.duldungValidFrom) {
      return job.fail({
        errorMessage: 'duldungValidTo is before duldungValidFrom (form abh-return-duldung)',
        retries: 0,
      });
    }
    const actions = v.passportActions ?? [];
    if (actions.length > 0 && !v.cooperationDeadline) {
      return job.fail({
        errorMessage: 'cooperationDeadline is missing (form abh-return-duldung)',
        retries: 0,
      });
    }
    const ctx = jobContext(job);
    const today = await this.clock.today();
    const isLight = v.duldungType === '60b';
    const workAllowed = !isLight && v.duldungWorkAllowed === true; // § 60b Abs. 5: no work with a Duldung light
    const previous = (await this.cases.statusAt(v.personId, v.duldungValidFrom)).find(isDuldung);
    await this.cases.startStatusEpisode(
      v.personId,
      {
        type: v.duldungStatusType,
        legalBasis: v.duldungLegalBasis,
        validFrom: v.duldungValidFrom,
        validTo: v.duldungValidTo,
        conditions: {
          workAllowed,
          wohnsitzauflage: v.duldungWohnsitzauflage,
          other: v.duldungConditions ? [v.duldungConditions] : [],
        },
        supersedes: previous?.id ?? null,
      },
      ctx,
    );
    await this.cases.recordEvent(
      'DuldungGranted',
      {
        category: v.duldungCategory,
        legalBasis: v.duldungLegalBasis,
        validFrom: v.duldungValidFrom,
        validTo: v.duldungValidTo,
      },
      { personId: v.personId, occurredOn: v.duldungValidFrom, ctx },
    );

    const person = personData(await this.cases.getPerson(v.personId));
    const ref = (templateId: string) => ({
      personId: v.personId,
      caseId: v.caseId,
      processInstanceKey: job.processInstanceKey,
      idempotencyKey: `${job.key}:${templateId}`,
      issuedOn: today,
    });
    await this.documents.issue(
      'abh-return-duldung-certificate',
      {
        person,
        isLight,
        legalBasis: v.duldungLegalBasis,
        validFrom: v.duldungValidFrom,
        validTo: v.duldungValidTo,
        workAllowed,
        wohnsitzauflage: v.duldungWohnsitzauflage,
        conditions: v.duldungConditions ?? null,
      },
      ref('abh-return-duldung-certificate'),
    );
    if (actions.length > 0 && v.cooperationDeadline) {
      await this.documents.issue(
        'abh-return-cooperation-demand',
        {
          person,
          deadline: v.cooperationDeadline,
          actions: actions.map((a) => PASSPORT_ACTION_TEXT[a] ?? a),
          statutoryDeclaration: actions.includes('statutory-declaration'),
          isLight,
        },
        ref('abh-return-cooperation-demand'),
      );
    }

    // the Duldung's expiry as a deadline (issue 8 § 1), at the due instant of Task_Wiedervorlage; a
    // Duldung issued again in this instance renews the record; closed by the listener abh-duldung-reviewed
    await this.deadlines.openOrRenew({
      kind: 'duldung-expiry',
      personId: v.personId,
      fileNumber: v.caseId,
      processInstanceKey: job.processInstanceKey,
      unit: 'ABH',
      dueOn: v.duldungValidTo,
      dueAt: deadlineEnd(v.duldungValidTo),
    });
    const reviewDays = await this.parameters.get<number>('return.duldungReviewDaysBeforeExpiry', today);
    const reviewOn = [addDays(v.duldungValidTo, -reviewDays), today].sort()[1];
    return job.complete(
      toVariables({
        duldungWorkAllowed: workAllowed,
        duldungReviewOn: reviewOn,
        duldungWiedervorlageAt: berlinMidnight(reviewOn).toISOString().replace('.000Z', 'Z'),
        duldungExpiryAt: deadlineEnd(v.duldungValidTo),
      }),
    );
  }

  /**
   * "Vollzugsvoraussetzungen und Ankündigung prüfen" (BRIEF § 6 Nr. 13): § 58 Abs. 1a (UMA handover),
   * § 58 Abs. 1 S. 1 (after the deadline), § 59 Abs. 1 S. 8 / § 60a Abs. 5a (announcement). A missing
   * precondition is the BPMN error ENFORCEMENT_BLOCKED: the preparation is done again.
   */
  @JobWorker('abh-check-enforcement')
  async checkEnforcement(job: ZeebeJob<ReturnVariables>): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    if (!v.plannedRemovalDate)
      return job.fail({
        errorMessage: 'plannedRemovalDate is missing (form abh-return-enforcement)',
        retries: 0,
      });
    const today = await this.clock.today();
    const person = await this.cases.getPerson(v.personId);
    // processes/return-enforcement.bpmn runs as a called instance: link it to the person as well
    await this.cases.linkProcess(v.personId, {
      processInstanceKey: job.processInstanceKey,
      bpmnProcessId: job.bpmnProcessId,
      caseId: v.caseId,
    });
    const members = person.household ? await this.cases.householdMembers(person.household.id) : [];
    const history = await this.cases.statusHistory(v.personId);
    const handoverTo = (HANDOVER_RECIPIENTS as readonly string[]).includes(v.handoverTo ?? '')
      ? (v.handoverTo as HandoverRecipient)
      : null;
    const result = enforcementCheck({
      today,
      departureDeadline: v.departureDeadline ?? null,
      plannedRemovalDate: v.plannedRemovalDate,
      duldungRevoked: v.duldungRevoked ?? false,
      duldungSince: duldungSince(history.filter(isDuldung)),
      childrenDatesOfBirth: members
        .filter((m) => m.id !== person.id && m.dateOfBirth)
        .map((m) => m.dateOfBirth as string),
      unaccompaniedMinor: v.unaccompaniedMinor ?? false,
      handoverEnsured: v.handoverEnsured ?? false,
      handoverTo,
    });
    const reasons = result.reasons.map((r) => `${r.text} (${r.paragraph})`);
    if (result.decision === 'blocked') {
      return job.error({
        errorCode: 'ENFORCEMENT_BLOCKED',
        errorMessage: result.reasons.map((r) => r.code).join(', '),
        variables: toVariables({ enforcementReasons: reasons }),
      });
    }
    return job.complete(
      toVariables({
        announcement: result.announcement,
        announceBy: result.announceBy,
        enforcementReasons: reasons,
      }),
    );
  }

  /** "Ausreise erfassen und Fall abschließen" (BRIEF § 6 Nr. 8, 14): VoluntaryDeparture, Deportation or Absconded. */
  @JobWorker('abh-close-return-case')
  async closeReturnCase(job: ZeebeJob<ReturnVariables>): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const ctx = jobContext(job);
    const today = await this.clock.today();
    const where = (on: string) => ({ personId: v.personId, occurredOn: on, ctx });
    switch (v.returnOutcome) {
      case 'voluntary': {
        const on = v.departedOn ?? today;
        await this.cases.recordEvent(
          'VoluntaryDeparture',
          { on, programme: v.returnProgramme ?? null },
          where(on),
        );
        await this.cases.startStatusEpisode(v.personId, { type: 'Ausgereist', validFrom: on }, ctx);
        return job.complete(toVariables({ returnClosedOn: today, returnEndedOn: on }));
      }
      case 'deported': {
        const on = v.deportedOn ?? today;
        await this.cases.recordEvent('Deportation', { on }, where(on));
        await this.cases.startStatusEpisode(
          v.personId,
          { type: 'Ausgereist', legalBasis: '§ 58 AufenthG', validFrom: on },
          ctx,
        );
        return job.complete(toVariables({ returnClosedOn: today, returnEndedOn: on }));
      }
      case 'absconded': {
        const on = v.notFoundOn ?? today;
        await this.cases.recordEvent('Absconded', { on }, where(on));
        return job.complete(toVariables({ returnClosedOn: today, returnEndedOn: on }));
      }
      default:
        return job.fail({
          errorMessage: 'returnOutcome is missing (output mapping of the catch events)',
          retries: 0,
        });
    }
  }
}

function personData(person: Person): { name: string; dateOfBirth: string | null; nationality: string } {
  return {
    name: `${person.givenNames} ${person.familyName}`,
    dateOfBirth: person.dateOfBirth ?? null,
    nationality: person.nationalities.length ? person.nationalities.join(', ') : 'ungeklärt',
  };
}

/** start of the uninterrupted run of Duldung episodes that ends with the latest one */
function duldungSince(episodes: StatusEpisode[]): string | null {
  const sorted = [...episodes].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  if (sorted.length === 0) return null;
  let since = sorted[sorted.length - 1].validFrom;
  for (let i = sorted.length - 2; i >= 0; i -= 1) {
    const previousEnd = sorted[i].validTo;
    if (previousEnd && addDays(previousEnd, 1) < since) break;
    since = sorted[i].validFrom;
  }
  return since;
}
