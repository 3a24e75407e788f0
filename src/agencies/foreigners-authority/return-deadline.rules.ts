/**
 * The departure deadline (Ausreisefrist) of a person whose obligation to leave is enforceable (BRIEF § 6,
 * "Rules: departure deadline"). Pure: facts and parameters in, decision with reasons out.
 *
 * - Removal warning by the ABH: a reasonable period of 7 to 30 days (§ 59 Abs. 1 S. 1 AufenthG);
 *   shorter, or none at all, only where there is a risk of absconding or a considerable danger
 *   (§ 59 Abs. 1 S. 2 Nr. 1 and 2); longer in special circumstances of the case (§ 59 Abs. 1 S. 4).
 * - Asylum application rejected (not "manifestly unfounded"): 30 days (§ 38 Abs. 1 S. 1 AsylG); after an
 *   action, 30 days after the procedure has been concluded incontestably (§ 38 Abs. 1 S. 2 AsylG).
 * - "Manifestly unfounded" or inadmissible: one week (§ 36 Abs. 1 AsylG) [?] → parameter.
 * - Withdrawal: one week (§ 38 Abs. 2 AsylG) [?] → parameter; up to 3 months if the person declares to
 *   leave voluntarily (§ 38 Abs. 3 AsylG).
 *
 * Counting: the day of service is not counted (§ 187 Abs. 1 BGB); a period of days ends with its last
 * day, a period of weeks or months on the day with the same number (§ 188 Abs. 1 and 2 BGB). The
 * deadline is not moved off a weekend or holiday: it is a period for the person to leave, not for a
 * declaration (§ 193 BGB does not apply) [?].
 */
import { addDays, addMonths } from '../../common/calendar';
import type { Reason } from '../../common/rules/rule-result';
export type { Reason } from '../../common/rules/rule-result';

export const OBLIGATION_BASES = [
  'removal-warning',
  'asylum-rejected',
  'asylum-manifestly-unfounded',
  'asylum-withdrawn',
] as const;

/** What the obligation to leave rests on (form field "Grundlage der Ausreisepflicht"). */
export type ObligationBasis = (typeof OBLIGATION_BASES)[number];

/** Statutory periods (constants: fixed by law, no marker in the brief). */
const REMOVAL_WARNING_MIN_DAYS = 7; // § 59 Abs. 1 S. 1 AufenthG
const REMOVAL_WARNING_MAX_DAYS = 30; // § 59 Abs. 1 S. 1 AufenthG
const ASYLUM_REJECTED_DAYS = 30; // § 38 Abs. 1 AsylG
const WITHDRAWAL_MAX_MONTHS = 3; // § 38 Abs. 3 AsylG

/** parameter `return.departure-deadline` ([local] and [?] values) */
export interface DepartureDeadlineParameters {
  /** period the ABH sets when the caseworker names none [local] (within 7–30 days) */
  removalWarningDefaultDays: number;
  /** § 36 Abs. 1 AsylG "eine Woche" [?] */
  manifestlyUnfoundedDays: number;
  /** § 38 Abs. 2 AsylG: withdrawal before the BAMF decided, "eine Woche" [?] */
  withdrawalDays: number;
}

export interface DepartureDeadlineFacts {
  basis: ObligationBasis;
  /** the day from which the period runs: service of the notice / enforceability (ISO date) */
  obligationDate: string;
  /** § 38 Abs. 1 S. 2 AsylG: the day the asylum procedure was concluded incontestably after an action */
  finalCourtDecisionDate?: string | null;
  /** § 59 Abs. 1 S. 2 Nr. 1: founded suspicion that the person will evade removal */
  abscondingRisk?: boolean;
  /** § 59 Abs. 1 S. 2 Nr. 2: considerable danger to public safety or order */
  publicSafetyDanger?: boolean;
  /** § 59 Abs. 1 S. 4: special circumstances justify a longer period */
  specialCircumstances?: boolean;
  /** the period in days the ABH wants to set (removal warning); null = default */
  requestedDays?: number | null;
  /** § 38 Abs. 3 AsylG: the person declared to leave voluntarily */
  voluntaryDepartureDeclared?: boolean;
  /** § 38 Abs. 3 AsylG: months granted (1–3) */
  requestedMonths?: number | null;
}

export interface DepartureDeadlineDecision {
  /** deadline = a period is set; no-deadline = § 59 Abs. 1 S. 2 (none set); invalid = the facts do not allow it */
  decision: 'deadline' | 'no-deadline' | 'invalid';
  /** the last day of the period (ISO date); for no-deadline the obligation date itself */
  deadline: string | null;
  /** the period as ISO-8601 duration, e.g. "P30D", "P3M", "P0D" */
  period: string | null;
  reasons: Reason[];
}

const isDays = (n: number | null | undefined): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= 0;

export function departureDeadline(
  facts: DepartureDeadlineFacts,
  params: DepartureDeadlineParameters,
): DepartureDeadlineDecision {
  switch (facts.basis) {
    case 'removal-warning':
      return removalWarning(facts, params);
    case 'asylum-rejected': {
      if (facts.finalCourtDecisionDate) {
        return days(facts.finalCourtDecisionDate, ASYLUM_REJECTED_DAYS, {
          code: 'ASYLUM_REJECTED_AFTER_ACTION',
          text: `Asylantrag abgelehnt, Klage erhoben: Ausreisefrist 30 Tage nach unanfechtbarem Abschluss des Asylverfahrens`,
          paragraph: '§ 38 Abs. 1 S. 2 AsylG',
        });
      }
      return days(facts.obligationDate, ASYLUM_REJECTED_DAYS, {
        code: 'ASYLUM_REJECTED',
        text: 'Asylantrag abgelehnt: Ausreisefrist 30 Tage',
        paragraph: '§ 38 Abs. 1 S. 1 AsylG',
      });
    }
    case 'asylum-manifestly-unfounded':
      return days(facts.obligationDate, params.manifestlyUnfoundedDays, {
        code: 'MANIFESTLY_UNFOUNDED',
        text: `Asylantrag offensichtlich unbegründet oder unzulässig: Ausreisefrist ${params.manifestlyUnfoundedDays} Tage`,
        paragraph: '§ 36 Abs. 1 AsylG',
      });
    case 'asylum-withdrawn': {
      if (facts.voluntaryDepartureDeclared) {
        const months = facts.requestedMonths ?? WITHDRAWAL_MAX_MONTHS;
        if (!Number.isInteger(months) || months < 1 || months > WITHDRAWAL_MAX_MONTHS) {
          return invalid({
            code: 'WITHDRAWAL_PERIOD_TOO_LONG',
            text: `Bei Rücknahme mit Erklärung zur freiwilligen Ausreise höchstens 3 Monate (angefragt: ${months})`,
            paragraph: '§ 38 Abs. 3 AsylG',
          });
        }
        return {
          decision: 'deadline',
          deadline: addMonths(facts.obligationDate, months),
          period: `P${months}M`,
          reasons: [
            {
              code: 'WITHDRAWAL_VOLUNTARY',
              text: `Asylantrag zurückgenommen, Bereitschaft zur freiwilligen Ausreise erklärt: Ausreisefrist ${months} Monat(e)`,
              paragraph: '§ 38 Abs. 3 AsylG',
            },
          ],
        };
      }
      return days(facts.obligationDate, params.withdrawalDays, {
        code: 'WITHDRAWAL',
        text: `Asylantrag vor der Entscheidung des Bundesamtes zurückgenommen: Ausreisefrist ${params.withdrawalDays} Tage`,
        paragraph: '§ 38 Abs. 2 AsylG',
      });
    }
  }
}

function removalWarning(
  facts: DepartureDeadlineFacts,
  params: DepartureDeadlineParameters,
): DepartureDeadlineDecision {
  const requested = facts.requestedDays ?? params.removalWarningDefaultDays;
  if (!isDays(requested)) {
    return invalid({
      code: 'PERIOD_NOT_A_DAY_COUNT',
      text: 'Die Frist muss in ganzen Tagen angegeben werden',
      paragraph: '§ 59 Abs. 1 S. 1 AufenthG',
    });
  }
  const shortening: Reason[] = [];
  if (facts.abscondingRisk) {
    shortening.push({
      code: 'ABSCONDING_RISK',
      text: 'Begründeter Verdacht, dass sich die Person der Abschiebung entziehen will: kürzere oder keine Frist zulässig',
      paragraph: '§ 59 Abs. 1 S. 2 Nr. 1 AufenthG',
    });
  }
  if (facts.publicSafetyDanger) {
    shortening.push({
      code: 'PUBLIC_SAFETY_DANGER',
      text: 'Erhebliche Gefahr für die öffentliche Sicherheit oder Ordnung: kürzere oder keine Frist zulässig',
      paragraph: '§ 59 Abs. 1 S. 2 Nr. 2 AufenthG',
    });
  }
  if (requested < REMOVAL_WARNING_MIN_DAYS) {
    if (shortening.length === 0) {
      return invalid({
        code: 'PERIOD_TOO_SHORT',
        text: `Frist von ${requested} Tagen unter 7 Tagen nur bei Fluchtgefahr oder erheblicher Gefahr zulässig`,
        paragraph: '§ 59 Abs. 1 S. 1 und 2 AufenthG',
      });
    }
    if (requested === 0) {
      return {
        decision: 'no-deadline',
        deadline: facts.obligationDate,
        period: 'P0D',
        reasons: [
          ...shortening,
          {
            code: 'NO_PERIOD_SET',
            text: 'Von einer Fristsetzung wird abgesehen',
            paragraph: '§ 59 Abs. 1 S. 2 AufenthG',
          },
        ],
      };
    }
    return { ...days(facts.obligationDate, requested, shortening[0]), reasons: shortening };
  }
  if (requested > REMOVAL_WARNING_MAX_DAYS) {
    if (!facts.specialCircumstances) {
      return invalid({
        code: 'PERIOD_TOO_LONG',
        text: `Frist von ${requested} Tagen über 30 Tagen nur bei besonderen Umständen des Einzelfalls`,
        paragraph: '§ 59 Abs. 1 S. 1 und 4 AufenthG',
      });
    }
    return days(facts.obligationDate, requested, {
      code: 'PERIOD_EXTENDED',
      text: `Besondere Umstände des Einzelfalls: Ausreisefrist ${requested} Tage`,
      paragraph: '§ 59 Abs. 1 S. 4 AufenthG',
    });
  }
  return days(facts.obligationDate, requested, {
    code: 'REMOVAL_WARNING',
    text: `Abschiebungsandrohung: angemessene Ausreisefrist von ${requested} Tagen (7 bis 30 Tage)`,
    paragraph: '§ 59 Abs. 1 S. 1 AufenthG',
  });
}

function days(from: string, n: number, reason: Reason): DepartureDeadlineDecision {
  return { decision: 'deadline', deadline: addDays(from, n), period: `P${n}D`, reasons: [reason] };
}

function invalid(reason: Reason): DepartureDeadlineDecision {
  return { decision: 'invalid', deadline: null, period: null, reasons: [reason] };
}
