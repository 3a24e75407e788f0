/**
 * The kinds of deadlines (Fristen) the platform records (issue 8 § 1): what each is, its legal basis,
 * what it counts (Werktage Mon–Sat, working days Mon–Fri, calendar days, months, or a fixed date) and
 * its due-date rule. Pure functions over ISO dates; the calendar is `common/calendar` and, where an
 * agency's rules already compute the date, those rules are called, never re-derived.
 */
import { determineBenefitBasis } from '../agencies/benefits/benefit-basis.rules';
import { complaintDeadlines } from '../agencies/complaints/complaint.rules';
import {
  departureDeadline,
  type DepartureDeadlineFacts,
  type DepartureDeadlineParameters,
} from '../agencies/foreigners-authority/return-deadline.rules';
import { umaDeadlines } from '../agencies/youth-office/uma.rules';
import { addDays, addMonths, berlinMidnight, deadlineEnd, parseDate } from '../common/calendar';

export const DEADLINE_KIND_CODES = [
  'duldung-expiry',
  'asylblg-36-months',
  'departure',
  'uma-notification',
  'uma-distribution',
  'hearing',
  'complaint-acknowledgement',
  'ba-approval-fiction',
  'training-end-60c',
  'month-27-60d',
  'wiedervorlage',
] as const;
export type DeadlineKindCode = (typeof DEADLINE_KIND_CODES)[number];

/** what a kind counts */
export type Counting = 'werktage' | 'working-days' | 'calendar-days' | 'months' | 'date';

export const COUNTING_LABELS: Record<Counting, string> = {
  werktage: 'Werktage (Mo–Sa)',
  'working-days': 'Arbeitstage (Mo–Fr)',
  'calendar-days': 'Kalendertage',
  months: 'Monate',
  date: 'festes Datum',
};

export interface DeadlineKind {
  code: DeadlineKindCode;
  /** German, shown to caseworkers */
  label: string;
  legalBasis: string;
  counting: Counting;
  /**
   * when the deadline's BPMN timer fires: at the end of the due day (24:00 Europe/Berlin) or at its
   * start (00:00, for dates from which something is to be done, e.g. month 27 or a Wiedervorlage)
   */
  timer: 'end-of-day' | 'start-of-day';
}

export const DEADLINE_KINDS: Record<DeadlineKindCode, DeadlineKind> = {
  'duldung-expiry': {
    code: 'duldung-expiry',
    label: 'Ablauf der Duldung',
    legalBasis: '§ 60a Abs. 4 AufenthG',
    counting: 'date',
    timer: 'end-of-day',
  },
  'asylblg-36-months': {
    code: 'asylblg-36-months',
    label: '36 Monate (Analogleistungen)',
    legalBasis: '§ 2 Abs. 1 S. 1 AsylbLG',
    counting: 'months',
    timer: 'start-of-day',
  },
  departure: {
    code: 'departure',
    label: 'Ausreisefrist',
    legalBasis: '§ 59 Abs. 1 AufenthG; §§ 36, 38 AsylG',
    counting: 'calendar-days',
    timer: 'end-of-day',
  },
  'uma-notification': {
    code: 'uma-notification',
    label: 'Meldung an die Landesverteilstelle (7 Werktage)',
    legalBasis: '§ 42a Abs. 4 S. 1 SGB VIII',
    counting: 'werktage',
    timer: 'end-of-day',
  },
  'uma-distribution': {
    code: 'uma-distribution',
    label: 'Verteilung binnen eines Monats',
    legalBasis: '§ 42b Abs. 4 Nr. 4 SGB VIII',
    counting: 'months',
    timer: 'end-of-day',
  },
  hearing: {
    code: 'hearing',
    label: 'Anhörungsfrist (2 Wochen)',
    legalBasis: '§ 28 VwVfG',
    counting: 'calendar-days',
    timer: 'end-of-day',
  },
  'complaint-acknowledgement': {
    code: 'complaint-acknowledgement',
    label: 'Eingangsbestätigung der Beschwerde (3 Arbeitstage)',
    legalBasis: 'Servicestandard der Beschwerdestelle [local]; § 187 Abs. 1 BGB',
    counting: 'working-days',
    timer: 'end-of-day',
  },
  'ba-approval-fiction': {
    code: 'ba-approval-fiction',
    label: 'Zustimmungsfiktion der BA (2 Wochen)',
    legalBasis: '§ 36 Abs. 2 BeschV',
    counting: 'calendar-days',
    timer: 'end-of-day',
  },
  'training-end-60c': {
    code: 'training-end-60c',
    label: 'Ausbildungsende (Ausbildungsduldung)',
    legalBasis: '§ 60c Abs. 1 AufenthG',
    counting: 'date',
    timer: 'end-of-day',
  },
  'month-27-60d': {
    code: 'month-27-60d',
    label: 'Monat 27 der Beschäftigungsduldung',
    legalBasis: '§ 60d Abs. 1 AufenthG; § 25b Abs. 6 AufenthG',
    counting: 'months',
    timer: 'start-of-day',
  },
  wiedervorlage: {
    code: 'wiedervorlage',
    label: 'Wiedervorlage',
    legalBasis: 'Wiedervorlage [local]',
    counting: 'date',
    timer: 'start-of-day',
  },
};

export function isDeadlineKind(code: string): code is DeadlineKindCode {
  return (DEADLINE_KIND_CODES as readonly string[]).includes(code);
}

/** the instant a BPMN timer for this kind and due date fires, as Zeebe's timers take it (ISO UTC) */
export function timerInstant(kind: DeadlineKindCode, dueOn: string): string {
  return DEADLINE_KINDS[kind].timer === 'end-of-day'
    ? deadlineEnd(dueOn)
    : berlinMidnight(dueOn).toISOString().replace('.000Z', 'Z');
}

// ---------------------------------------------------------------------------------------------------
// Due-date rules, one per kind

/** § 60a Abs. 4 AufenthG: a Duldung expires at the end of its last day of validity */
export function duldungExpiryDue(validTo: string): string {
  parseDate(validTo);
  return validTo;
}

/**
 * § 2 Abs. 1 S. 1 AsylbLG: 36 months of stay without significant interruption; the benefit rules say
 * from which day (an interruption restarts the period).
 */
export function asylblgAnalogDue(
  stayStart: string,
  options: { interruptionEndedOn?: string | null; waitingMonths?: number } = {},
): string {
  const decision = determineBenefitBasis(
    {
      onDate: stayStart,
      stayStart,
      significantInterruption: Boolean(options.interruptionEndedOn),
      interruptionEndedOn: options.interruptionEndedOn ?? null,
      abuseFound: false,
      receivedAnalogOnCutoff: false,
      minorWithParent: false,
    },
    { waitingMonths: options.waitingMonths ?? 36, grandfatherCutoff: '2024-02-26' },
  );
  if (!decision.analogDueOn) throw new RangeError('no start of stay');
  return decision.analogDueOn;
}

/** § 59 Abs. 1 AufenthG, §§ 36, 38 AsylG: the return rules set the last day of the departure period */
export function departureDue(
  facts: DepartureDeadlineFacts,
  params: DepartureDeadlineParameters,
): string | null {
  const result = departureDeadline(facts, params);
  return result.decision === 'deadline' ? result.deadline : null;
}

/** § 42a Abs. 4 S. 1 SGB VIII: 7 Werktage (Mon–Sat) after the start of the provisional custody */
export function umaNotificationDue(custodyStartedOn: string): string {
  return umaDeadlines(custodyStartedOn).notificationDueOn;
}

/** § 42b Abs. 4 Nr. 4 SGB VIII: one month after the start of the provisional custody */
export function umaDistributionDue(custodyStartedOn: string): string {
  return umaDeadlines(custodyStartedOn).distributionDeadlineOn;
}

/** § 28 VwVfG: the Anhörung period (2 weeks by default), counted from the letter's day */
export function hearingDue(letterOn: string, periodDays = 14): string {
  return addDays(letterOn, periodDays);
}

/** complaint standard [local]: acknowledgement within 3 working days (Mon–Fri) after receipt */
export function complaintAcknowledgementDue(receivedOn: string, workingDays = 3): string {
  return complaintDeadlines(receivedOn, {
    acknowledgementWorkingDays: workingDays,
    statementWorkingDays: 10,
    replyMonths: 1,
  }).acknowledgeBy;
}

/** § 36 Abs. 2 BeschV: the BA's approval is deemed given 2 weeks after the request */
export function baApprovalFictionDue(requestedOn: string, days = 14): string {
  return addDays(requestedOn, days);
}

/** § 60c Abs. 1 AufenthG: the Ausbildungsduldung is granted for the length of the training */
export function trainingEndDue(trainingEnd: string): string {
  parseDate(trainingEnd);
  return trainingEnd;
}

/** § 60d with § 25b Abs. 6 AufenthG: month 27 of the Beschäftigungsduldung (invitation, § 188 BGB) */
export function month27Due(validFrom: string, month = 27): string {
  return addMonths(validFrom, month);
}

/** a Wiedervorlage is due on its day */
export function wiedervorlageDue(on: string): string {
  parseDate(on);
  return on;
}
