/**
 * Rules of the arrival after a Zuweisung (BRIEF § 2) that the Ausländerbehörde applies: work access of
 * an asylum seeker (§ 61 AsylG), the residence status recorded at registration (§ 55, § 60 AsylG), the
 * reception-centre stay limits a Zuweisung must respect (§ 47 AsylG) and the arrival deadlines.
 * Pure functions: facts in, decision and reasons out; [local]/[?] values come in as parameters.
 */
import { addDays, addMonths, deadlineEnd, parseDate } from '../../common/calendar';
import type { Reason, RuleResult } from '../../common/rules/rule-result';
export type { Reason, RuleResult } from '../../common/rules/rule-result';

// ---------------------------------------------------------------------------------------------------
// Work access (§ 61 AsylG)

export interface WorkAccessFacts {
  /** since when the person stays in Germany with permission (Aufenthaltsgestattung / Ankunftsnachweis) */
  permittedStaySince: string;
  /** the date the rule is applied for */
  on: string;
  /** still obliged to live in a reception centre (§ 47 AsylG) */
  obligedToLiveInReceptionCentre: boolean;
  /** national of a safe country of origin (§ 29a AsylG) */
  safeCountryNational: boolean;
  /** date of the asylum application (needed for the safe-country exclusion), if known */
  asylumApplicationDate?: string | null;
}

export interface WorkAccessParams {
  /** waiting period in months (§ 61 Abs. 2 S. 1 AsylG: three months; post-2024 wording [?]) */
  waitingMonths: number;
}

export type WorkAccessDecision = 'excluded' | 'not-yet' | 'possible';

export interface WorkAccessResult extends RuleResult<WorkAccessDecision> {
  /** first day on which a Beschäftigungserlaubnis may be granted (null if excluded) */
  possibleFrom: string | null;
}

/** § 61 Abs. 2 S. 4 AsylG applies to applications after this date */
const SAFE_COUNTRY_CUT_OFF = '2015-08-31';

/**
 * Whether a Beschäftigungserlaubnis may be granted to an asylum seeker, and from when. Registration
 * always records workAllowed = false: the permission is a separate decision of the ABH (§ 61 AsylG).
 */
export function workAccess(facts: WorkAccessFacts, params: WorkAccessParams): WorkAccessResult {
  parseDate(facts.permittedStaySince);
  parseDate(facts.on);
  if (
    facts.safeCountryNational &&
    (!facts.asylumApplicationDate || facts.asylumApplicationDate > SAFE_COUNTRY_CUT_OFF)
  ) {
    return {
      decision: 'excluded',
      possibleFrom: null,
      reasons: [
        {
          code: 'SAFE_COUNTRY',
          text: 'Staatsangehörige sicherer Herkunftsstaaten mit Asylantrag nach dem 31.08.2015: keine Beschäftigung während des Asylverfahrens.',
          paragraph: '§ 61 Abs. 2 S. 4 AsylG',
        },
      ],
    };
  }
  if (facts.obligedToLiveInReceptionCentre) {
    return {
      decision: 'excluded',
      possibleFrom: null,
      reasons: [
        {
          code: 'RECEPTION_CENTRE',
          text: 'Solange die Pflicht besteht, in einer Aufnahmeeinrichtung zu wohnen, gilt § 61 Abs. 1 AsylG; keine Erlaubnis nach § 61 Abs. 2 AsylG.',
          paragraph: '§ 61 Abs. 1 AsylG',
        },
      ],
    };
  }
  const possibleFrom = addMonths(facts.permittedStaySince, params.waitingMonths);
  if (facts.on < possibleFrom) {
    return {
      decision: 'not-yet',
      possibleFrom,
      reasons: [
        {
          code: 'WAITING_PERIOD',
          text: `Beschäftigungserlaubnis frühestens nach ${params.waitingMonths} Monaten gestatteten Aufenthalts möglich.`,
          paragraph: '§ 61 Abs. 2 S. 1 AsylG',
        },
      ],
    };
  }
  return {
    decision: 'possible',
    possibleFrom,
    reasons: [
      {
        code: 'WAITING_PERIOD_PASSED',
        text: `Wartezeit von ${params.waitingMonths} Monaten erfüllt; Beschäftigungserlaubnis auf Antrag möglich (Zustimmung der BA, soweit erforderlich).`,
        paragraph: '§ 61 Abs. 2 S. 1 AsylG',
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// Residence status at registration (§ 55, § 60 AsylG)

export interface RegistrationFacts {
  /** date from which the Aufenthaltsgestattung is recorded (arrival in the district) */
  validFrom: string;
  /** validity of the status document (Bescheinigung über die Aufenthaltsgestattung), if known */
  documentValidTo?: string | null;
  /** municipality or district named in the Wohnsitzauflage */
  wohnsitzauflage: string;
}

export interface RegistrationStatus {
  type: 'Aufenthaltsgestattung';
  legalBasis: string;
  validFrom: string;
  validTo: string | null;
  conditions: { workAllowed: false; wohnsitzauflage: string; other: string[] };
}

/**
 * The status episode recorded at registration: Aufenthaltsgestattung (§ 55 Abs. 1 AsylG) with the
 * Wohnsitzauflage of § 60 Abs. 2 AsylG and no permission to work (§ 61 AsylG needs a separate
 * Beschäftigungserlaubnis).
 */
export function registrationStatus(facts: RegistrationFacts): RuleResult<RegistrationStatus> {
  parseDate(facts.validFrom);
  if (facts.documentValidTo) parseDate(facts.documentValidTo);
  const wohnsitzauflage = facts.wohnsitzauflage.trim();
  if (!wohnsitzauflage) throw new RangeError('Wohnsitzauflage must name a municipality or district');
  if (facts.documentValidTo && facts.documentValidTo < facts.validFrom) {
    throw new RangeError('status document expires before the episode starts');
  }
  return {
    decision: {
      type: 'Aufenthaltsgestattung',
      legalBasis: '§ 55 Abs. 1 AsylG',
      validFrom: facts.validFrom,
      validTo: facts.documentValidTo ?? null,
      conditions: {
        workAllowed: false,
        wohnsitzauflage,
        other: [`Wohnsitzauflage: ${wohnsitzauflage} (§ 60 Abs. 2 AsylG)`],
      },
    },
    reasons: [
      {
        code: 'GESTATTUNG',
        text: 'Der Aufenthalt ist zur Durchführung des Asylverfahrens gestattet.',
        paragraph: '§ 55 Abs. 1 AsylG',
      },
      {
        code: 'WOHNSITZAUFLAGE',
        text: `Wohnsitzauflage für ${wohnsitzauflage} nach Zuweisung.`,
        paragraph: '§ 60 Abs. 2 AsylG',
      },
      {
        code: 'NO_WORK_WITHOUT_PERMIT',
        text: 'Erwerbstätigkeit nur mit Beschäftigungserlaubnis der Ausländerbehörde.',
        paragraph: '§ 61 AsylG',
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// Reception-centre stay before the Zuweisung (§ 47 Abs. 1, 1a AsylG)

export interface ReceptionCentreFacts {
  /** first day of the stay in the reception centre */
  stayStartedOn: string;
  /** the date the Zuweisung takes effect */
  assignedOn: string;
  /** a minor child travels with parents (or the person is such a child) */
  familyWithMinors: boolean;
  /** national of a safe country of origin (§ 29a AsylG) */
  safeCountryNational: boolean;
  /** BAMF decision so far */
  bamfDecision: 'pending' | 'rejected-manifestly-unfounded' | 'rejected-inadmissible' | 'other';
}

export type ReceptionCentreDecision = 'assignable' | 'not-assignable';

export interface ReceptionCentreResult extends RuleResult<ReceptionCentreDecision> {
  /** the last day the person may be required to stay in the reception centre (null: until departure) */
  maximumStayUntil: string | null;
}

/**
 * Whether a Zuweisung to the district is consistent with § 47 AsylG: at most 18 months in the reception
 * centre, 6 months for families with minors (Abs. 1); nationals of safe countries stay until the BAMF
 * decides and, if rejected as manifestly unfounded or inadmissible, until departure (Abs. 1a), so they
 * are not assigned. The limits are statutory; the Land may not exceed them.
 */
export function receptionCentreStay(facts: ReceptionCentreFacts): ReceptionCentreResult {
  parseDate(facts.stayStartedOn);
  parseDate(facts.assignedOn);
  if (facts.safeCountryNational) {
    const rejected =
      facts.bamfDecision === 'rejected-manifestly-unfounded' ||
      facts.bamfDecision === 'rejected-inadmissible';
    if (facts.bamfDecision === 'pending' || rejected) {
      return {
        decision: 'not-assignable',
        maximumStayUntil: null,
        reasons: [
          {
            code: rejected ? 'SAFE_COUNTRY_REJECTED' : 'SAFE_COUNTRY_PENDING',
            text: rejected
              ? 'Sicherer Herkunftsstaat, Antrag als offensichtlich unbegründet oder unzulässig abgelehnt: Wohnpflicht in der Aufnahmeeinrichtung bis zur Ausreise.'
              : 'Sicherer Herkunftsstaat: Wohnpflicht in der Aufnahmeeinrichtung bis zur Entscheidung des BAMF.',
            paragraph: '§ 47 Abs. 1a AsylG',
          },
        ],
      };
    }
  }
  const months = facts.familyWithMinors ? 6 : 18;
  // § 47 Abs. 1 S. 1 AsylG: 18 months; families with minor children 6 months
  const maximumStayUntil = addDays(addMonths(facts.stayStartedOn, months), -1);
  const reasons: Reason[] = [
    {
      code: facts.familyWithMinors ? 'FAMILY_LIMIT' : 'GENERAL_LIMIT',
      text: facts.familyWithMinors
        ? 'Familien mit minderjährigen Kindern: Aufenthalt in der Aufnahmeeinrichtung höchstens 6 Monate.'
        : 'Aufenthalt in der Aufnahmeeinrichtung höchstens 18 Monate.',
      paragraph: '§ 47 Abs. 1 S. 1 AsylG',
    },
  ];
  if (facts.assignedOn > addDays(maximumStayUntil, 1)) {
    reasons.push({
      code: 'LIMIT_EXCEEDED',
      text: `Die Höchstdauer endete am ${formatGerman(maximumStayUntil)}; die Zuweisung erfolgt verspätet.`,
      paragraph: '§ 47 Abs. 1 S. 1 AsylG',
    });
  }
  return { decision: 'assignable', maximumStayUntil, reasons };
}

// ---------------------------------------------------------------------------------------------------
// Arrival deadlines [local]

export interface ArrivalDeadlineParams {
  /** days after the announced arrival date until "not arrived" is reported [local] */
  noShowGraceDays: number;
  /** days after arrival within which the first integration talk takes place [local] */
  integrationTalkDays: number;
}

/** the instant at which a person counts as "not arrived" (end of arrival date + grace days, Berlin) */
export function noShowDeadline(
  arrivalDate: string,
  params: Pick<ArrivalDeadlineParams, 'noShowGraceDays'>,
): { dueOn: string; dueAt: string } {
  const dueOn = addDays(arrivalDate, params.noShowGraceDays);
  return { dueOn, dueAt: deadlineEnd(dueOn) };
}

/** due date of the first integration talk */
export function integrationTalkDue(
  arrivedOn: string,
  params: Pick<ArrivalDeadlineParams, 'integrationTalkDays'>,
): { dueOn: string; dueAt: string } {
  const dueOn = addDays(arrivedOn, params.integrationTalkDays);
  return { dueOn, dueAt: deadlineEnd(dueOn) };
}

function formatGerman(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}
