import type { ICustomHeaders, ZeebeJob } from '../../engine/zeebe.types';
import type { BenefitBasis } from './benefit-basis.rules';
import type { Calculation } from './benefit-calculation.rules';
import type { AccommodationType, NeedsLevel } from './needs-level.rules';
import type { BenefitReason } from './reason';
import type { ReductionGround } from './reduction.rules';

/** a residence status as the ABH data match reports it (§ 11 Abs. 3 AsylbLG) */
export interface AbhStatus {
  type: string;
  legalBasis: string | null;
  validFrom: string;
  validTo: string | null;
}

export interface ReductionState {
  ground: ReductionGround;
  from: string;
  until: string;
  reviewOn: string;
}

export interface MemberBasis {
  personId: string;
  basis: BenefitBasis;
}

/** one household member as calculated (no names: the notice shows labels) */
export interface CalculatedMember {
  personId: string;
  label: string;
  age: number;
  basis: BenefitBasis;
  level: NeedsLevel;
  levelParagraph: string;
}

/** the grant in force: what the last Bescheid decided */
export interface Grant {
  basis: BenefitBasis;
  from: string;
  monthlyTotal: number;
  housingTotal: number;
  reduced: boolean;
  reductionFrom: string | null;
  issuedOn: string;
  documentId: string;
}

/**
 * The variables of process asylblg-benefits: the start variables, the keys of form lg-benefits-record
 * (amounts in euros as the caseworker types them), and what the workers add.
 */
export interface BenefitVariables {
  personId: string;
  caseId: string;
  needKnownOn: string;
  // form lg-benefits-record
  recordedBy?: string;
  // form lg-benefits-approval
  approvedBy?: string;
  approvalDecision?: 'approved' | 'returned';
  accommodationType?: AccommodationType;
  partnerInHousehold?: boolean;
  earnedIncomeGross?: number;
  earnedIncomeNet?: number;
  otherIncome?: number;
  assets?: number;
  housingCosts?: number;
  paymentCardId?: string | null;
  asylumRequested?: boolean;
  airportProcedure?: boolean;
  followUpApplication?: boolean;
  familyMemberOfEligible?: boolean;
  protectionInOtherEuState?: boolean;
  dublinInadmissible?: boolean;
  departurePossible?: boolean;
  lastBridgingStart?: string | null;
  reductionGround?: string;
  reductionFrom?: string | null;
  departureDate?: string | null;
  hearingHeld?: boolean;
  reductionBreachPersists?: boolean;
  significantInterruption?: boolean;
  interruptionEndedOn?: string | null;
  interruptionNote?: string | null;
  abuseFound?: boolean;
  abuseReason?: string | null;
  receivedAnalogOnCutoff?: boolean;
  // workers
  assessedOn?: string;
  abhStatus?: AbhStatus | null;
  stayStart?: string | null;
  householdSize?: number;
  /** true after a positive § 1 check, false when the NOT_ELIGIBLE boundary caught a refusal */
  eligible?: boolean;
  eligibilityReasons?: BenefitReason[];
  /** a refusal (§ 1, § 1 Abs. 4) awaiting four-eyes approval: its reasons, bridging benefits, summary */
  refusalReasons?: BenefitReason[] | null;
  bridging?: { from: string; to: string } | null;
  refusalSummary?: string | null;
  reduction?: ReductionState | null;
  reductionReasons?: BenefitReason[];
  benefitBasis?: BenefitBasis;
  analogDueOn?: string | null;
  basisReasons?: BenefitReason[];
  memberBases?: MemberBasis[];
  calculation?: Calculation;
  members?: CalculatedMember[];
  calculationChanged?: boolean;
  grant?: Grant | null;
  // messages
  protectionGranted?: boolean;
  bamfDecisionServedOn?: string | null;
  endReason?: string;
  endOn?: string | null;
  benefitEndsOn?: string | null;
  /** the occasion of the current check, shown in the record form and the Änderungsbescheid */
  reviewReasonText?: string;
}

/** euros as typed in a form → integer cents */
export function toCents(euros: number | null | undefined): number {
  if (euros === null || euros === undefined) return 0;
  return Math.round(euros * 100);
}

export const BASIS_TEXT: Record<BenefitBasis, string> = {
  '§3': 'Grundleistungen nach § 3 AsylbLG',
  '§2': 'Leistungen entsprechend dem SGB XII nach § 2 AsylbLG (Analogleistungen)',
};

/** the data of the calculation partial (templates/partials/lg-benefits-calculation.hbs) */
export function calculationData(
  calculation: Calculation,
  members: CalculatedMember[],
  extra: { paymentCardId: string | null; cashLimit: number },
): Record<string, unknown> {
  return {
    from: calculation.from,
    members: members.map((m) => ({
      label: m.label,
      age: m.age,
      basis: m.basis.replace('§', '§ '),
      level: m.level,
      levelParagraph: m.levelParagraph,
    })),
    lines: calculation.lines.map((l) => ({ label: l.label, paragraph: l.paragraph, amount: l.amount })),
    monthlyTotal: calculation.monthlyTotal,
    partialMonth: calculation.firstMonthTotal !== calculation.monthlyTotal,
    firstMonthDays: calculation.firstMonthDays,
    daysPerMonth: calculation.daysPerMonth,
    firstMonthAssets: calculation.lines.some((l) => l.kind === 'assets'),
    firstMonthTotal: calculation.firstMonthTotal,
    housingTotal: calculation.housingTotal,
    paymentCardId: extra.paymentCardId,
    cashLimit: extra.cashLimit,
    sources: calculation.sources,
  };
}

/** a one-line German summary of a calculation for the approval form */
export function calculationSummary(calculation: Calculation, members: CalculatedMember[]): string {
  const euro = (c: number): string =>
    `${new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(c / 100)} €`;
  return [
    ...members.map((m) => `${m.label}: ${m.basis.replace('§', '§ ')}, Stufe ${m.level}, ${m.age} Jahre`),
    ...calculation.lines.map((l) => `${l.label}: ${euro(l.amount)}`),
    `Geldleistung je Monat: ${euro(calculation.monthlyTotal)} (erster Monat: ${euro(calculation.firstMonthTotal)})`,
  ].join('\n');
}

/** a job of process asylblg-benefits; its outputs are plain JSON objects built by the workers */
export type BenefitJob = ZeebeJob<BenefitVariables, ICustomHeaders, Record<string, unknown>>;
