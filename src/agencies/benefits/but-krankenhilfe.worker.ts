import { Injectable } from '@nestjs/common';
import { CasesService, jobContext, type Person } from '../../cases';
import { ageOn } from '../../common/calendar';
import { DocumentsService } from '../../documents';
import { ClockService } from '../../engine/clock.service';
import { JobWorker } from '../../engine/job-worker.decorator';
import type { ICustomHeaders, JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '../../engine/zeebe.types';
import { ParametersService } from '../../parameters';
import { toCents } from './benefit-variables';
import {
  BUT_ITEMS,
  benefitBasisInForce,
  decideButKrankenhilfe,
  endOfQuarter,
  TREATMENT_TEXT,
  TREATMENT_TYPES,
  type BenefitBasisInForce,
  type ButItem,
  type ButKrankenhilfeDecision,
  type ButRequestItem,
  type RequestType,
  type TreatmentType,
} from './but-krankenhilfe.rules';
import type { BenefitReason } from './reason';

/** BuT and Krankenhilfe requests (BRIEF § 3 row 8) */
export const BUT_KRANKENHILFE_PROCESS_ID = 'asylblg-but-krankenhilfe';

const BUT_AMOUNT_KEY: Record<ButItem, keyof ButKrankenhilfeVariables | null> = {
  schoolTrips: 'schoolTripsAmount',
  schoolSupplies: null,
  transport: 'transportAmount',
  tutoring: 'tutoringAmount',
  lunch: 'lunchAmount',
  participation: 'participationAmount',
};

/**
 * The variables of process asylblg-but-krankenhilfe: the start variables, the keys of form
 * lg-but-krankenhilfe-request (amounts in euros as typed) and lg-but-krankenhilfe-approval, and what the
 * check adds.
 */
export interface ButKrankenhilfeVariables {
  personId: string;
  caseId: string;
  requestType: RequestType;
  // form lg-but-krankenhilfe-request
  recordedBy?: string;
  requestReceivedOn?: string;
  attendsSchool?: boolean;
  inDaycare?: boolean;
  receivesTrainingAllowance?: boolean;
  butItems?: string[];
  schoolTripsAmount?: number;
  schoolHalfYear?: 'first' | 'second';
  transportAmount?: number;
  transportNotCoveredOtherwise?: boolean;
  tutoringAmount?: number;
  tutoringNeedConfirmed?: boolean;
  lunchAmount?: number;
  participationAmount?: number;
  treatmentType?: string;
  denturesUnavoidable?: boolean;
  otherIndispensable?: boolean;
  practiceName?: string | null;
  // lg-check-but-krankenhilfe
  benefitBasis?: BenefitBasisInForce | null;
  requestDecision?: ButKrankenhilfeDecision['decision'];
  requestOutcome?: ButKrankenhilfeDecision;
  decisionSummary?: string;
}

type ButKrankenhilfeJob = ZeebeJob<ButKrankenhilfeVariables, ICustomHeaders, Record<string, unknown>>;

const euro = (cents: number): string =>
  `${new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100)} €`;

/**
 * LG: Bildung und Teilhabe (§ 3 Abs. 4 AsylbLG with §§ 34–34b SGB XII) and Krankenhilfe (§§ 4, 6
 * AsylbLG) for a person who receives AsylbLG benefits — the check with the pure rule, and after the
 * four-eyes approval the BuT-Bescheid, the Behandlungsschein or the Ablehnungsbescheid.
 */
@Injectable()
export class ButKrankenhilfeWorker {
  constructor(
    private readonly cases: CasesService,
    private readonly documents: DocumentsService,
    private readonly parameters: ParametersService,
    private readonly clock: ClockService,
  ) {}

  /** links the request to the person, finds the benefits in force and runs the rule */
  @JobWorker('lg-check-but-krankenhilfe')
  async check(job: ButKrankenhilfeJob): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const onDate = v.requestReceivedOn ?? (await this.clock.today());
    const person = await this.cases.getPerson(v.personId);
    // the case file lists the request (a caseworker starts it for the person)
    await this.cases.linkProcess(person.id, {
      processInstanceKey: job.processInstanceKey,
      bpmnProcessId: job.bpmnProcessId,
      caseId: v.caseId,
      role: 'subject',
    });
    const benefitBasis = await this.benefitsInForce(person);
    const p = await this.parameters.getAll<Record<string, number>>(
      [
        'asylblg.but.schoolSuppliesFirstHalfCents',
        'asylblg.but.schoolSuppliesSecondHalfCents',
        'asylblg.but.participationMonthlyCents',
      ],
      onDate,
    );
    const items: ButRequestItem[] = (v.butItems ?? [])
      .filter((i): i is ButItem => (BUT_ITEMS as readonly string[]).includes(i))
      .map((item) => {
        const key = BUT_AMOUNT_KEY[item];
        return { item, amount: key ? toCents(v[key] as number | undefined) : 0 };
      });
    const treatmentType = (TREATMENT_TYPES as readonly string[]).includes(v.treatmentType ?? '')
      ? (v.treatmentType as TreatmentType)
      : null;
    const outcome = decideButKrankenhilfe(
      {
        onDate,
        benefitBasis,
        requestType: v.requestType,
        age: person.dateOfBirth ? ageOn(person.dateOfBirth, onDate) : null,
        attendsSchool: v.attendsSchool === true,
        inDaycare: v.inDaycare === true,
        receivesTrainingAllowance: v.receivesTrainingAllowance === true,
        items,
        schoolHalfYear: v.schoolHalfYear ?? null,
        transportNotCoveredOtherwise: v.transportNotCoveredOtherwise === true,
        tutoringNeedConfirmed: v.tutoringNeedConfirmed === true,
        treatmentType,
        denturesUnavoidable: v.denturesUnavoidable === true,
        otherIndispensable: v.otherIndispensable === true,
      },
      {
        schoolSuppliesFirstHalf: p['asylblg.but.schoolSuppliesFirstHalfCents'],
        schoolSuppliesSecondHalf: p['asylblg.but.schoolSuppliesSecondHalfCents'],
        participationMonthly: p['asylblg.but.participationMonthlyCents'],
      },
    );
    return job.complete({
      requestReceivedOn: onDate,
      benefitBasis,
      requestDecision: outcome.decision,
      requestOutcome: outcome,
      decisionSummary: summary(v.requestType, outcome),
    });
  }

  /**
   * BuT-Bescheid: the granted items with amounts and how they are provided, the refused ones with
   * reasons; ButGranted for the statistics
   */
  @JobWorker('lg-issue-but-notice')
  async issueButNotice(job: ButKrankenhilfeJob): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const outcome = approvedOutcome(v);
    const person = await this.cases.getPerson(v.personId);
    const receivedOn = v.requestReceivedOn ?? (await this.clock.today());
    const basisParagraph =
      v.benefitBasis === '§2'
        ? '§ 2 Abs. 1 AsylbLG i. V. m. §§ 34–34b SGB XII'
        : '§ 3 Abs. 4 AsylbLG i. V. m. §§ 34–34b SGB XII';
    const document = await this.issue(job, 'lg-but-notice', person, {
      requestReceivedOn: receivedOn,
      basisParagraph,
      grantedItems: outcome.grantedItems.map((g) => ({
        label: g.label,
        paragraph: g.paragraph,
        provision: g.provision,
        amount: g.amount,
        monthly: g.monthly,
      })),
      onceTotal: outcome.onceTotal,
      monthlyTotal: outcome.monthlyTotal,
      monthlyFrom: `${receivedOn.slice(0, 8)}01`,
      refusedItems: outcome.refusedItems.map((r) => ({
        label: r.label,
        text: r.text,
        paragraph: r.paragraph,
      })),
      reasons: reasonsData(outcome.reasons),
    });
    // the quarterly BuT statistics (§ 12 AsylbLG) count the granted items and amounts
    await this.cases.recordEvent(
      'ButGranted',
      {
        items: outcome.grantedItems.map((g) => g.item),
        onceTotal: outcome.onceTotal,
        monthlyTotal: outcome.monthlyTotal,
        on: receivedOn,
      },
      { personId: person.id, occurredOn: receivedOn, ctx: jobContext(job) },
    );
    return job.complete({ noticeDocumentId: document.id });
  }

  /** Behandlungsschein for the treatment granted, valid until the end of the quarter of its issue */
  @JobWorker('lg-issue-treatment-voucher')
  async issueVoucher(job: ButKrankenhilfeJob): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const outcome = approvedOutcome(v);
    if (!outcome.treatment) throw new Error('a Behandlungsschein needs a granted treatment');
    const person = await this.cases.getPerson(v.personId);
    const today = await this.clock.today();
    const validUntil = endOfQuarter(today);
    const document = await this.issue(job, 'lg-krankenhilfe-voucher', person, {
      practiceName: v.practiceName ? v.practiceName : null,
      treatment: { label: outcome.treatment.label, paragraph: outcome.treatment.paragraph },
      denturesGranted: outcome.treatment.type === 'dentures',
      validFrom: today,
      validUntil,
      scopeText: `${outcome.reasons[0]?.text ?? outcome.treatment.label}.`,
    });
    return job.complete({ voucherDocumentId: document.id, voucherValidUntil: validUntil });
  }

  /** Ablehnungsbescheid of a BuT or Krankenhilfe request */
  @JobWorker('lg-issue-but-krankenhilfe-refusal')
  async issueRefusal(job: ButKrankenhilfeJob): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const outcome = approvedOutcome(v);
    const person = await this.cases.getPerson(v.personId);
    const treatment =
      v.requestType === 'Krankenhilfe' && v.treatmentType && v.treatmentType in TREATMENT_TEXT
        ? TREATMENT_TEXT[v.treatmentType as TreatmentType].label
        : null;
    const healthInsurance = outcome.reasons.some((r) => r.code === 'KRANKENKASSE');
    const document = await this.issue(job, 'lg-but-krankenhilfe-refusal', person, {
      requestText:
        v.requestType === 'BuT'
          ? 'Leistungen für Bildung und Teilhabe'
          : `Krankenhilfe${treatment ? ` (${treatment})` : ''}`,
      requestReceivedOn: v.requestReceivedOn ?? (await this.clock.today()),
      reasons: reasonsData(outcome.reasons),
      referral: healthInsurance
        ? 'Bitte wenden Sie sich für die Behandlung mit Ihrer Gesundheitskarte an Ihre Krankenkasse.'
        : null,
    });
    return job.complete({ refusalDocumentId: document.id });
  }

  /**
   * The AsylbLG benefits in force for the person: their own benefit events, else those of a household
   * member (a child's benefits are granted in the parent's case).
   */
  private async benefitsInForce(person: Person): Promise<BenefitBasisInForce | null> {
    const basisOf = async (p: Person): Promise<BenefitBasisInForce | null> =>
      benefitBasisInForce(
        (await this.cases.events(p.id))
          .filter((e) => e.type.startsWith('Benefit'))
          .map((e) => ({ type: e.type, payload: e.payload })),
      );
    const own = await basisOf(person);
    if (own || !person.household) return own;
    for (const member of await this.cases.householdMembers(person.household.id)) {
      if (member.id === person.id) continue;
      const basis = await basisOf(member);
      if (basis) return basis;
    }
    return null;
  }

  private async issue(
    job: ButKrankenhilfeJob,
    templateId: string,
    person: Person,
    data: Record<string, unknown>,
  ): Promise<{ id: string }> {
    return this.documents.issue(
      templateId,
      {
        person: {
          name: `${person.familyName}, ${person.givenNames}`,
          dateOfBirth: person.dateOfBirth ?? null,
        },
        ...data,
      },
      {
        personId: person.id,
        caseId: job.variables.caseId,
        processInstanceKey: job.processInstanceKey,
        idempotencyKey: `${job.key}:${templateId}`,
        issuedOn: await this.clock.today(),
      },
    );
  }
}

/** the outcome the second person approved (the gateway lets only approved outcomes through) */
function approvedOutcome(v: ButKrankenhilfeVariables): ButKrankenhilfeDecision {
  if (!v.requestOutcome) throw new Error('the notice needs the outcome of lg-check-but-krankenhilfe');
  return v.requestOutcome;
}

function reasonsData(reasons: BenefitReason[]): { text: string; paragraph: string }[] {
  return reasons.map((r) => ({ text: r.text, paragraph: r.paragraph }));
}

/** a German summary of the proposed decision for the approval form */
function summary(requestType: RequestType, outcome: ButKrankenhilfeDecision): string {
  const head = {
    granted: 'Vorschlag: bewilligen',
    'partly-granted': 'Vorschlag: teilweise bewilligen',
    refused: 'Vorschlag: ablehnen',
  }[outcome.decision];
  const lines = [`${requestType === 'BuT' ? 'Bildung und Teilhabe' : 'Krankenhilfe'} – ${head}`];
  for (const g of outcome.grantedItems)
    lines.push(`+ ${g.label}: ${euro(g.amount)}${g.monthly ? ' monatlich' : ''} (${g.paragraph})`);
  if (outcome.treatment)
    lines.push(
      `+ Behandlungsschein: ${outcome.treatment.label} (${outcome.treatment.paragraph}), gültig bis Quartalsende`,
    );
  for (const r of outcome.refusedItems) lines.push(`– ${r.label}: ${r.text} (${r.paragraph})`);
  if (outcome.decision === 'refused' && outcome.refusedItems.length === 0)
    for (const r of outcome.reasons) lines.push(`– ${r.text} (${r.paragraph})`);
  return lines.join('\n');
}
