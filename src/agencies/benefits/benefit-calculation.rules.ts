/**
 * Leistungsberechnung (BRIEF § 3, "Calculation rules"): the monthly amount from the versioned rate table
 * (§ 3a AsylbLG, § 2 AsylbLG with the Regelbedarfsstufen of SGB XII), the Sofortzuschlag for minors
 * (§ 16 AsylbLG) as its own line, the § 1a reduction, earned income with the disregard of § 7 Abs. 3,
 * other income, assets above the allowance (§ 7 Abs. 5), housing costs paid to the landlord (§ 3 Abs. 3)
 * and the partial first month counted at 30 days (§ 3 Abs. 5). All amounts are integer cents; every
 * figure comes from the rate table or the parameters, none is a constant here.
 */
import { DomainError } from '../../common';
import { endOfMonth } from '../../common/calendar';
import type { BenefitBasis } from './benefit-basis.rules';
import type { NeedsLevel } from './needs-level.rules';
import type { BenefitReason } from './reason';

export type RateBasis = '§3a' | '§2';

/** one row of table asylblg_rate (amounts in cents; null = not confirmed [?]) */
export interface RateRow {
  basis: RateBasis;
  level: number;
  validFrom: string;
  validTo: string | null;
  bedarf: number | null;
  persoenlich: number | null;
  total: number | null;
  source: string;
}

export class RateUnknownError extends DomainError {
  readonly code = 'ASYLBLG_RATE_UNKNOWN';
}

export interface CalculationMember {
  /** label on the notice, e.g. "Person 1" */
  label: string;
  basis: BenefitBasis;
  level: NeedsLevel;
  minor: boolean;
}

export interface CalculationFacts {
  /** first day of the period (the day the need became known or the first of a month) */
  from: string;
  members: CalculationMember[];
  /** § 1a: only the reduced benefits */
  reduced: boolean;
  /** gross and net (after the deductions of § 7 Abs. 3 S. 2) earned income of the household per month */
  earnedGross: number;
  earnedNet: number;
  /** other income, counted in full (§ 7 Abs. 1) */
  otherIncome: number;
  /** assets of the household (§ 7 Abs. 1 and 5) */
  assets: number;
  /** rent and heating, paid directly to the landlord (§ 3 Abs. 3); 0 in a GU (benefit in kind) */
  housingCosts: number;
}

export interface CalculationParams {
  /** § 16 AsylbLG: Sofortzuschlag per minor and month (cents) */
  minorSupplement: number;
  /** § 7 Abs. 3 S. 1: disregarded share of earned income in percent (25) */
  incomeDisregardPercent: number;
  /** § 7 Abs. 3 S. 1: the disregard is capped at this percentage of the earner's rate (50) */
  incomeDisregardCapPercent: number;
  /** § 7 Abs. 5: asset allowance per household member (cents) */
  assetAllowancePerPerson: number;
  /** § 3 Abs. 5: a partial month counts with this many days (30) */
  daysPerMonth: number;
  /** § 1a Abs. 1: share of the notwendiger Bedarf granted under a reduction, percent [?] */
  reductionBedarfPercent: number;
}

export type LineKind = 'need' | 'supplement' | 'income' | 'assets' | 'housing';

export interface CalculationLine {
  kind: LineKind;
  label: string;
  paragraph: string;
  /** monthly amount in cents (negative for deductions) */
  amount: number;
}

export interface Calculation {
  from: string;
  /** lines of a full month */
  lines: CalculationLine[];
  /** cash benefits of a full month (needs + supplements − income − assets), at least 0 */
  monthlyTotal: number;
  /** housing costs paid to the landlord per month */
  housingTotal: number;
  /** days of the first (partial) month and the cash benefit for it */
  firstMonthDays: number;
  /** days a month counts with (§ 3 Abs. 5) */
  daysPerMonth: number;
  firstMonthTotal: number;
  /** the rate rows used, for the notice ("Quelle") */
  sources: string[];
  reasons: BenefitReason[];
}

const DE = (iso: string): string => iso.split('-').reverse().join('.');

/** the rate row in force on `date`, or a RateUnknownError naming what is missing */
export function findRate(rates: RateRow[], basis: RateBasis, level: number, date: string): RateRow {
  const row = rates.find(
    (r) =>
      r.basis === basis &&
      r.level === level &&
      r.validFrom <= date &&
      (r.validTo === null || r.validTo >= date),
  );
  if (!row || row.total === null) {
    throw new RateUnknownError(
      `Leistungssatz ${basis} Stufe ${level} für den ${DE(date)} ist nicht hinterlegt (Wert ungeklärt); bitte den Satz in der Satztabelle erfassen`,
      { basis, level, date },
    );
  }
  return row;
}

const percentOf = (amount: number, percent: number): number => Math.round((amount * percent) / 100);

/** § 3 Abs. 5 AsylbLG: days of the first month counted (a month = `daysPerMonth` days) */
export function partialMonthDays(from: string, daysPerMonth: number): number {
  const day = Number(from.slice(8, 10));
  if (day === 1) return daysPerMonth;
  const last = Number(endOfMonth(from).slice(8, 10));
  return Math.min(daysPerMonth, last - day + 1);
}

export function calculateBenefits(
  facts: CalculationFacts,
  rates: RateRow[],
  params: CalculationParams,
): Calculation {
  if (facts.members.length === 0) throw new Error('a calculation needs at least one household member');
  const lines: CalculationLine[] = [];
  const sources = new Set<string>();
  const reasons: BenefitReason[] = [];
  let earnerRateTotal = 0;

  facts.members.forEach((member, index) => {
    const rateBasis: RateBasis = member.basis === '§2' && !facts.reduced ? '§2' : '§3a';
    const row = findRate(rates, rateBasis, member.level, facts.from);
    sources.add(row.source);
    if (index === 0) earnerRateTotal = row.total ?? 0;
    if (facts.reduced) {
      if (row.bedarf === null) {
        throw new RateUnknownError(
          `Für die Einschränkung nach § 1a fehlt der notwendige Bedarf der Stufe ${member.level} am ${DE(facts.from)}`,
          { level: member.level, date: facts.from },
        );
      }
      lines.push({
        kind: 'need',
        label: `${member.label}: eingeschränkte Leistung (Ernährung, Körper- und Gesundheitspflege), Stufe ${member.level}`,
        paragraph: '§ 1a Abs. 1 AsylbLG',
        amount: percentOf(row.bedarf, params.reductionBedarfPercent),
      });
    } else if (rateBasis === '§2') {
      lines.push({
        kind: 'need',
        label: `${member.label}: Regelbedarf, Regelbedarfsstufe ${member.level}`,
        paragraph: '§ 2 Abs. 1 AsylbLG i. V. m. § 27a SGB XII',
        amount: row.total as number,
      });
    } else if (row.bedarf !== null && row.persoenlich !== null) {
      lines.push(
        {
          kind: 'need',
          label: `${member.label}: notwendiger Bedarf, Stufe ${member.level}`,
          paragraph: '§ 3a Abs. 2 AsylbLG',
          amount: row.bedarf,
        },
        {
          kind: 'need',
          label: `${member.label}: notwendiger persönlicher Bedarf, Stufe ${member.level}`,
          paragraph: '§ 3a Abs. 1 AsylbLG',
          amount: row.persoenlich,
        },
      );
    } else {
      lines.push({
        kind: 'need',
        label: `${member.label}: Grundleistung, Stufe ${member.level}`,
        paragraph: '§ 3a AsylbLG',
        amount: row.total as number,
      });
    }
    if (member.minor) {
      lines.push({
        kind: 'supplement',
        label: `${member.label}: Sofortzuschlag für Minderjährige`,
        paragraph: '§ 16 AsylbLG',
        amount: params.minorSupplement,
      });
    }
  });

  if (facts.reduced) {
    reasons.push({
      code: 'EINSCHRAENKUNG',
      text: 'Eingeschränkte Leistungen: der notwendige persönliche Bedarf und die Bedarfe für Kleidung und Hausrat entfallen',
      paragraph: '§ 1a Abs. 1 S. 2 AsylbLG',
    });
  }

  if (facts.earnedNet > 0) {
    const disregard = Math.min(
      percentOf(facts.earnedGross, params.incomeDisregardPercent),
      percentOf(earnerRateTotal, params.incomeDisregardCapPercent),
    );
    const counted = Math.max(0, facts.earnedNet - disregard);
    lines.push({
      kind: 'income',
      label: `Erwerbseinkommen (netto ${euro(facts.earnedNet)} abzüglich Freibetrag ${euro(disregard)})`,
      paragraph: '§ 7 Abs. 1 und 3 AsylbLG',
      amount: -counted,
    });
    reasons.push({
      code: 'FREIBETRAG_ERWERB',
      text: `Freibetrag ${params.incomeDisregardPercent} % des Erwerbseinkommens, höchstens ${params.incomeDisregardCapPercent} % der maßgeblichen Bedarfsstufe: ${euro(disregard)}`,
      paragraph: '§ 7 Abs. 3 AsylbLG',
    });
  }
  if (facts.otherIncome > 0) {
    lines.push({
      kind: 'income',
      label: 'Sonstiges Einkommen',
      paragraph: '§ 7 Abs. 1 AsylbLG',
      amount: -facts.otherIncome,
    });
  }
  const allowance = params.assetAllowancePerPerson * facts.members.length;
  const countableAssets = Math.max(0, facts.assets - allowance);
  reasons.push({
    code: 'VERMOEGENSFREIBETRAG',
    text: `Vermögensfreibetrag ${euro(params.assetAllowancePerPerson)} je Person, zusammen ${euro(allowance)}; einzusetzen: ${euro(countableAssets)}`,
    paragraph: '§ 7 Abs. 5 AsylbLG',
  });

  const sum = (kinds: LineKind[]): number =>
    lines.filter((l) => kinds.includes(l.kind)).reduce((a, l) => a + l.amount, 0);
  const needs = sum(['need', 'supplement']);
  const income = -sum(['income']);
  const monthlyTotal = Math.max(0, needs - income);
  const firstMonthDays = partialMonthDays(facts.from, params.daysPerMonth);
  const proratedNeeds = Math.round((needs * firstMonthDays) / params.daysPerMonth);
  const firstMonthTotal = Math.max(0, proratedNeeds - income - countableAssets);
  if (countableAssets > 0) {
    lines.push({
      kind: 'assets',
      label: 'Einzusetzendes Vermögen (im ersten Monat)',
      paragraph: '§ 7 Abs. 1 und 5 AsylbLG',
      amount: -countableAssets,
    });
  }
  if (firstMonthDays !== params.daysPerMonth) {
    reasons.push({
      code: 'TEILMONAT',
      text: `Teilmonat ab ${DE(facts.from)}: ${firstMonthDays} von ${params.daysPerMonth} Tagen`,
      paragraph: '§ 3 Abs. 5 AsylbLG',
    });
  }
  if (facts.housingCosts > 0) {
    lines.push({
      kind: 'housing',
      label: 'Kosten der Unterkunft und Heizung (Zahlung direkt an die vermietende Person)',
      paragraph: '§ 3 Abs. 3 AsylbLG',
      amount: facts.housingCosts,
    });
  }
  return {
    from: facts.from,
    lines,
    monthlyTotal,
    housingTotal: facts.housingCosts,
    firstMonthDays,
    daysPerMonth: params.daysPerMonth,
    firstMonthTotal,
    sources: [...sources],
    reasons,
  };
}

function euro(cents: number): string {
  return `${new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100)} €`;
}
