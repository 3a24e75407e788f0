/**
 * Deadlines and letter content of the complaint procedure (BRIEF § 7). The periods are [local] (the
 * agency's service standard): they come in as parameters. Working days are Monday to Friday without
 * Saxony-Anhalt's public holidays; the day of receipt is not counted (§ 187 Abs. 1 BGB analogously).
 * Pure: facts and parameters in, decision with reasons out.
 */
import { addMonths, addWorkingDays } from '../../common/calendar';
import type { Reason } from '../../common/rules/rule-result';
export type { Reason } from '../../common/rules/rule-result';

export const COMPLAINT_CATEGORIES = [
  'staff-conduct',
  'decision',
  'service',
  'accommodation',
  'discrimination',
  'praise',
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

/** German names of the categories (form labels and letters) */
export const COMPLAINT_CATEGORY_LABELS: Record<ComplaintCategory, string> = {
  'staff-conduct': 'Verhalten von Beschäftigten (Dienstaufsichtsbeschwerde)',
  decision: 'Inhalt einer Entscheidung',
  service: 'Service (Wartezeit, Dolmetschen)',
  accommodation: 'Unterbringung',
  discrimination: 'Diskriminierung oder Gewalt',
  praise: 'Lob oder Anregung',
};

/** parameter `complaints.deadlines` [local] */
export interface ComplaintDeadlineParameters {
  /** acknowledge within n working days after receipt (brief: 3) */
  acknowledgementWorkingDays: number;
  /** statement of the unit within n working days, then escalate to the head (brief: 10) */
  statementWorkingDays: number;
  /** reply within n months after receipt, otherwise an interim reply (brief: 1) */
  replyMonths: number;
}

export interface ComplaintDeadlines {
  acknowledgeBy: string;
  replyBy: string;
  reasons: Reason[];
}

const STANDARD = 'Servicestandard der Beschwerdestelle [local]';

/** acknowledgement and reply due dates from the day of receipt */
export function complaintDeadlines(
  receivedOn: string,
  params: ComplaintDeadlineParameters,
): ComplaintDeadlines {
  return {
    acknowledgeBy: addWorkingDays(receivedOn, params.acknowledgementWorkingDays),
    replyBy: addMonths(receivedOn, params.replyMonths),
    reasons: [
      {
        code: 'ACKNOWLEDGE_WORKING_DAYS',
        text: `Eingangsbestätigung binnen ${params.acknowledgementWorkingDays} Arbeitstagen (ohne Wochenenden und Feiertage in Sachsen-Anhalt; der Eingangstag zählt nicht)`,
        paragraph: `${STANDARD}; § 187 Abs. 1 BGB`,
      },
      {
        code: 'REPLY_MONTHS',
        text: `Antwort binnen ${params.replyMonths} Monat(en) nach Eingang, sonst Zwischennachricht`,
        paragraph: `${STANDARD}; § 188 Abs. 2 BGB`,
      },
    ],
  };
}

/** when the unit's statement is due, counted from the day it was requested */
export function statementDueOn(requestedOn: string, params: ComplaintDeadlineParameters): string {
  return addWorkingDays(requestedOn, params.statementWorkingDays);
}

export interface AcknowledgementContent {
  /** the letter must say that a complaint does not stop legal deadlines */
  deadlineNotice: boolean;
  /** a letter can be sent at all (not anonymous without contact) */
  letter: boolean;
  inTime: boolean;
  reasons: Reason[];
}

/** what the acknowledgement must contain, and whether it went out in time */
export function acknowledgementContent(facts: {
  category: ComplaintCategory;
  contactAvailable: boolean;
  acknowledgedOn: string;
  acknowledgeBy: string;
}): AcknowledgementContent {
  const reasons: Reason[] = [];
  const deadlineNotice = facts.category === 'decision';
  if (deadlineNotice) {
    reasons.push({
      code: 'NO_SUSPENSION_OF_DEADLINES',
      text: 'Beschwerde gegen den Inhalt einer Entscheidung: Hinweis, dass die Beschwerde Rechtsbehelfsfristen nicht hemmt',
      paragraph: '§ 70 VwGO, § 84 SGG',
    });
  }
  if (!facts.contactAvailable) {
    reasons.push({
      code: 'NO_CONTACT',
      text: 'Anonyme Eingabe ohne Kontaktmöglichkeit: keine Eingangsbestätigung versandt',
      paragraph: STANDARD,
    });
  }
  const inTime = facts.acknowledgedOn <= facts.acknowledgeBy;
  reasons.push({
    code: inTime ? 'ACKNOWLEDGED_IN_TIME' : 'ACKNOWLEDGED_LATE',
    text: inTime ? 'Eingangsbestätigung fristgerecht' : 'Eingangsbestätigung nach Fristablauf',
    paragraph: STANDARD,
  });
  return { deadlineNotice, letter: facts.contactAvailable, inTime, reasons };
}

export const COMPLAINT_OUTCOMES = ['justified', 'partly justified', 'unfounded'] as const;
export type ComplaintOutcome = (typeof COMPLAINT_OUTCOMES)[number];

/** the complaint reference BS-YYYY-NNNNN from the year of receipt and the sequence number */
export function complaintReference(year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 99_999) {
    throw new RangeError(`complaint sequence out of range: ${sequence}`);
  }
  return `BS-${year}-${String(sequence).padStart(5, '0')}`;
}

export const COMPLAINT_ROUTES = ['internal', 'legal-remedy', 'other-authority', 'praise'] as const;
export type ComplaintRoute = (typeof COMPLAINT_ROUTES)[number];

export type ClosingOutcome = ComplaintOutcome | 'forwarded' | 'legal remedy' | 'praise';

/** the outcome ComplaintClosed reports, from the classification route and the unit's assessment */
export function closingOutcome(
  route: ComplaintRoute,
  assessment: ComplaintOutcome | null,
): { outcome: ClosingOutcome; reasons: Reason[] } {
  switch (route) {
    case 'legal-remedy':
      return {
        outcome: 'legal remedy',
        reasons: [
          {
            code: 'FORWARDED_AS_REMEDY',
            text: 'Als Widerspruch weitergeleitet; Eingangsdatum bleibt maßgeblich',
            paragraph: '§ 70 Abs. 1 VwGO',
          },
        ],
      };
    case 'other-authority':
      return {
        outcome: 'forwarded',
        reasons: [{ code: 'FORWARDED', text: 'An die zuständige Behörde abgegeben', paragraph: STANDARD }],
      };
    case 'praise':
      return {
        outcome: 'praise',
        reasons: [{ code: 'PRAISE', text: 'Lob oder Anregung weitergegeben', paragraph: STANDARD }],
      };
    case 'internal':
      if (!assessment)
        throw new RangeError('an internally handled complaint needs an assessment (complaintOutcome)');
      return {
        outcome: assessment,
        reasons: [
          { code: 'ASSESSED', text: `Bewertung: ${OUTCOME_LABELS[assessment]}`, paragraph: STANDARD },
        ],
      };
  }
}

/** German wording of the assessment in the reply ("Ihre Beschwerde ist …") */
export const OUTCOME_LABELS: Record<ComplaintOutcome, string> = {
  justified: 'begründet',
  'partly justified': 'teilweise begründet',
  unfounded: 'unbegründet',
};
