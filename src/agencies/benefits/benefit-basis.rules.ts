/**
 * § 2 oder § 3 AsylbLG (BRIEF § 3, "§ 2 gateway"): Analogleistungen after the waiting period without a
 * significant interruption and without abusive prolongation of the stay (BSG B 8/9b AY 1/07 R), the
 * grandfathering of § 20 AsylbLG, and minors following a parent (§ 2 Abs. 3). The waiting period and the
 * cut-off date are parameters (they changed on 27.02.2024 and may change again).
 */
import { addMonths, addDays } from '../../common/calendar';
import type { BenefitReason } from './reason';

export type BenefitBasis = '§2' | '§3';

/** why the caseworker found an abusive prolongation; "not-leaving" alone is no abuse (BSG) */
export const ABUSE_REASONS = {
  'identity-deception': 'Täuschung über Identität oder Staatsangehörigkeit',
  'passport-cooperation-refused': 'Verweigerung der Mitwirkung bei der Passbeschaffung',
  'other-dishonest-conduct': 'Sonstiges vorsätzliches, unredliches Verhalten von erheblichem Gewicht',
  'not-leaving': 'Bloßes Nichtausreisen trotz Ausreisepflicht',
} as const;
export type AbuseReason = keyof typeof ABUSE_REASONS;

export interface BenefitBasisFacts {
  onDate: string;
  /** start of the stay in Germany (entry date) */
  stayStart: string | null;
  /** the caseworker found a significant interruption of the stay (not defined by law [?]) */
  significantInterruption: boolean;
  /** the new start of the waiting period after the interruption */
  interruptionEndedOn?: string | null;
  interruptionNote?: string | null;
  /** the caseworker's finding of abusive prolongation, with its reason */
  abuseFound: boolean;
  abuseReason?: AbuseReason | null;
  /** the person received § 2 benefits on the cut-off date (§ 20 AsylbLG) */
  receivedAnalogOnCutoff: boolean;
  /** minor living with a parent in the household */
  minorWithParent: boolean;
  /** the basis of the parents in the household (§ 2 Abs. 3) */
  parentBases?: BenefitBasis[];
}

export interface BenefitBasisParams {
  /** § 2 Abs. 1 S. 1: months of stay (36 since 27.02.2024) */
  waitingMonths: number;
  /** § 20 AsylbLG: § 2 recipients on this date keep § 2 (26.02.2024) */
  grandfatherCutoff: string;
}

export interface BenefitBasisDecision {
  basis: BenefitBasis;
  /** the day the waiting period is completed (null if no start of stay is known) */
  analogDueOn: string | null;
  reasons: BenefitReason[];
}

/** § 2 vs § 3 AsylbLG for one person on `onDate`. */
export function determineBenefitBasis(
  facts: BenefitBasisFacts,
  params: BenefitBasisParams,
): BenefitBasisDecision {
  const reasons: BenefitReason[] = [];
  const waitStart =
    facts.significantInterruption && facts.interruptionEndedOn ? facts.interruptionEndedOn : facts.stayStart;
  const analogDueOn = waitStart ? addMonths(waitStart, params.waitingMonths) : null;

  if (facts.minorWithParent) {
    const parentAnalog = (facts.parentBases ?? []).includes('§2');
    return {
      basis: parentAnalog ? '§2' : '§3',
      analogDueOn,
      reasons: [
        parentAnalog
          ? {
              code: 'KIND_FOLGT_ELTERNTEIL',
              text: 'Mindestens ein Elternteil in der Haushaltsgemeinschaft erhält Leistungen nach § 2',
              paragraph: '§ 2 Abs. 3 AsylbLG',
            }
          : {
              code: 'KIND_OHNE_ANALOG_ELTERNTEIL',
              text: 'Kein Elternteil in der Haushaltsgemeinschaft erhält Leistungen nach § 2',
              paragraph: '§ 2 Abs. 3 AsylbLG',
            },
      ],
    };
  }

  if (facts.abuseFound) {
    if (!facts.abuseReason || facts.abuseReason === 'not-leaving') {
      reasons.push({
        code: 'KEIN_MISSBRAUCH',
        text: 'Bloßes Nichtausreisen ist keine rechtsmissbräuchliche Beeinflussung der Aufenthaltsdauer; die Feststellung wird nicht berücksichtigt',
        paragraph: 'BSG, Urteil vom 17.06.2008 – B 8/9b AY 1/07 R',
      });
    } else {
      return {
        basis: '§3',
        analogDueOn,
        reasons: [
          {
            code: 'RECHTSMISSBRAUCH',
            text: `Rechtsmissbräuchliche Beeinflussung der Aufenthaltsdauer: ${ABUSE_REASONS[facts.abuseReason]}`,
            paragraph: '§ 2 Abs. 1 S. 1 AsylbLG; BSG B 8/9b AY 1/07 R',
          },
        ],
      };
    }
  }

  if (facts.receivedAnalogOnCutoff) {
    return {
      basis: '§2',
      analogDueOn,
      reasons: [
        ...reasons,
        {
          code: 'BESTANDSSCHUTZ',
          text: `Leistungen nach § 2 wurden bereits am ${params.grandfatherCutoff.split('-').reverse().join('.')} bezogen`,
          paragraph: '§ 20 AsylbLG',
        },
      ],
    };
  }

  if (!analogDueOn) {
    return {
      basis: '§3',
      analogDueOn,
      reasons: [
        ...reasons,
        {
          code: 'AUFENTHALTSBEGINN_FEHLT',
          text: 'Beginn des Aufenthalts nicht erfasst',
          paragraph: '§ 2 Abs. 1 S. 1 AsylbLG',
        },
      ],
    };
  }
  if (facts.significantInterruption) {
    reasons.push({
      code: 'UNTERBRECHUNG',
      text: `Wesentliche Unterbrechung des Aufenthalts festgestellt${facts.interruptionNote ? ` (${facts.interruptionNote})` : ''}; die Wartezeit beginnt neu`,
      paragraph: '§ 2 Abs. 1 S. 1 AsylbLG',
    });
  }
  if (facts.onDate >= analogDueOn) {
    return {
      basis: '§2',
      analogDueOn,
      reasons: [
        ...reasons,
        {
          code: 'WARTEZEIT_ERFUELLT',
          text: `${params.waitingMonths} Monate ohne wesentliche Unterbrechung im Bundesgebiet (seit ${analogDueOn.split('-').reverse().join('.')})`,
          paragraph: '§ 2 Abs. 1 S. 1 AsylbLG',
        },
      ],
    };
  }
  return {
    basis: '§3',
    analogDueOn,
    reasons: [
      ...reasons,
      {
        code: 'WARTEZEIT_LAEUFT',
        text: `Wartezeit von ${params.waitingMonths} Monaten endet am ${addDays(analogDueOn, -1).split('-').reverse().join('.')}`,
        paragraph: '§ 2 Abs. 1 S. 1 AsylbLG',
      },
    ],
  };
}
