/**
 * Anspruchseinschränkung nach § 1a AsylbLG (BRIEF § 3): the grounds, the start, the limit of 6 months
 * and the review before a continuation (§ 14 AsylbLG). Pure functions; the duration is a parameter.
 */
import { addDays, addMonths } from '../../common/calendar';
import type { BenefitReason } from './reason';

export const REDUCTION_GROUNDS = {
  'departure-date-fixed': {
    text: 'Ausreisetermin und Ausreisemöglichkeit stehen fest; Einschränkung ab dem Folgetag',
    paragraph: '§ 1a Abs. 1 AsylbLG',
  },
  'entry-to-obtain-benefits': {
    text: 'Einreise, um Leistungen nach dem AsylbLG zu erlangen',
    paragraph: '§ 1a Abs. 2 AsylbLG',
  },
  'removal-blocked-own-fault': {
    text: 'Aufenthaltsbeendende Maßnahmen können aus selbst zu vertretenden Gründen nicht vollzogen werden',
    paragraph: '§ 1a Abs. 3 AsylbLG',
  },
  'procedure-duties-breached': {
    text: 'Verletzung von Mitwirkungspflichten im Asylverfahren',
    paragraph: '§ 1a Abs. 5 AsylbLG',
  },
  'work-opportunity-refused': {
    text: 'Unbegründete Ablehnung einer Arbeitsgelegenheit',
    paragraph: '§ 5 Abs. 4 AsylbLG',
  },
  'integration-course-refused': {
    text: 'Unbegründete Ablehnung eines Integrationskurses',
    paragraph: '§ 5b Abs. 2 AsylbLG',
  },
} as const;

export type ReductionGround = keyof typeof REDUCTION_GROUNDS;

export function isReductionGround(value: unknown): value is ReductionGround {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(REDUCTION_GROUNDS, value);
}

export interface ReductionFacts {
  /** the ground the caseworker established after the hearing, or null for none */
  ground: ReductionGround | null;
  /** the start the caseworker set (ignored for § 1a Abs. 1: the day after the departure date) */
  from: string | null;
  /** § 1a Abs. 1: the fixed departure date */
  departureDate?: string | null;
  /** a hearing (Anhörung) took place before the decision */
  hearingHeld: boolean;
}

export interface ReductionParams {
  /** § 14 Abs. 1 AsylbLG: at most this many months (6) */
  maxMonths: number;
}

export interface ReductionDecision {
  reduced: boolean;
  ground: ReductionGround | null;
  from: string | null;
  /** last day of the reduction unless continued after a review (§ 14 Abs. 2) */
  until: string | null;
  /** the day the review is due */
  reviewOn: string | null;
  reasons: BenefitReason[];
}

const NONE: ReductionDecision = {
  reduced: false,
  ground: null,
  from: null,
  until: null,
  reviewOn: null,
  reasons: [],
};

/** § 1a with § 14 Abs. 1 AsylbLG: does a reduction apply, from when, and when must it be reviewed? */
export function decideReduction(facts: ReductionFacts, params: ReductionParams): ReductionDecision {
  if (!facts.ground) {
    return {
      ...NONE,
      reasons: [
        { code: 'KEINE_EINSCHRAENKUNG', text: 'Keine Anspruchseinschränkung', paragraph: '§ 1a AsylbLG' },
      ],
    };
  }
  const ground = REDUCTION_GROUNDS[facts.ground];
  if (!facts.hearingHeld) {
    return {
      ...NONE,
      reasons: [
        {
          code: 'ANHOERUNG_FEHLT',
          text: 'Vor einer Anspruchseinschränkung ist die Person anzuhören',
          paragraph: '§ 24 SGB X',
        },
      ],
    };
  }
  let from: string | null;
  if (facts.ground === 'departure-date-fixed') {
    if (!facts.departureDate) {
      return {
        ...NONE,
        reasons: [
          {
            code: 'AUSREISETERMIN_FEHLT',
            text: 'Für § 1a Abs. 1 ist der Ausreisetermin zu erfassen',
            paragraph: ground.paragraph,
          },
        ],
      };
    }
    from = addDays(facts.departureDate, 1);
  } else {
    from = facts.from;
  }
  if (!from) {
    return {
      ...NONE,
      reasons: [
        { code: 'BEGINN_FEHLT', text: 'Beginn der Einschränkung fehlt', paragraph: ground.paragraph },
      ],
    };
  }
  const until = addDays(addMonths(from, params.maxMonths), -1);
  return {
    reduced: true,
    ground: facts.ground,
    from,
    until,
    reviewOn: addMonths(from, params.maxMonths),
    reasons: [
      { code: 'EINSCHRAENKUNG', text: ground.text, paragraph: ground.paragraph },
      {
        code: 'UMFANG',
        text: 'Es werden nur Leistungen für Ernährung, Unterkunft einschließlich Heizung sowie Körper- und Gesundheitspflege gewährt',
        paragraph: '§ 1a Abs. 1 S. 2 AsylbLG',
      },
      {
        code: 'HOECHSTDAUER',
        text: `Die Einschränkung ist auf ${params.maxMonths} Monate befristet und wird nur nach erneuter Prüfung fortgesetzt`,
        paragraph: '§ 14 Abs. 1 und 2 AsylbLG',
      },
      {
        code: 'KEINE_AUFSCHIEBENDE_WIRKUNG',
        text: 'Widerspruch und Klage haben keine aufschiebende Wirkung',
        paragraph: '§ 11 Abs. 4 Nr. 2 AsylbLG',
      },
    ],
  };
}

/**
 * § 14 Abs. 2 AsylbLG: at the review a reduction continues (for at most another period) only if the
 * breach persists; otherwise it ends the day before the review date.
 */
export function reviewReduction(
  current: { ground: ReductionGround; reviewOn: string },
  review: { breachPersists: boolean },
  params: ReductionParams,
): ReductionDecision {
  const ground = REDUCTION_GROUNDS[current.ground];
  if (!review.breachPersists) {
    return {
      ...NONE,
      until: addDays(current.reviewOn, -1),
      reasons: [
        {
          code: 'EINSCHRAENKUNG_ENDET',
          text: 'Die Pflichtverletzung besteht nicht fort; die Einschränkung endet',
          paragraph: '§ 14 Abs. 2 AsylbLG',
        },
      ],
    };
  }
  const from = current.reviewOn;
  return {
    reduced: true,
    ground: current.ground,
    from,
    until: addDays(addMonths(from, params.maxMonths), -1),
    reviewOn: addMonths(from, params.maxMonths),
    reasons: [
      { code: 'EINSCHRAENKUNG', text: ground.text, paragraph: ground.paragraph },
      {
        code: 'FORTSETZUNG',
        text: 'Die Pflichtverletzung besteht fort; Fortsetzung nach erneuter Prüfung',
        paragraph: '§ 14 Abs. 2 AsylbLG',
      },
    ],
  };
}
