/**
 * Which Duldung a person gets whose removal cannot be carried out (BRIEF § 6, "Obstacles" and "§ 60b").
 * Pure: the obstacle check's facts in, decision with reasons out.
 *
 * - Removal factually or legally impossible (no documents, no transport, family ties under Art. 6 GG,
 *   pending proceedings): Duldung is mandatory (§ 60a Abs. 2 S. 1 AufenthG).
 * - Illness counts only with a qualified medical certificate submitted without delay; otherwise fitness
 *   to travel is presumed (§ 60a Abs. 2c and 2d AufenthG).
 * - Urgent humanitarian or personal reasons: discretionary Duldung (§ 60a Abs. 2 S. 3 AufenthG).
 * - The person's own deception about identity or nationality, or failure to take reasonable steps to
 *   obtain a passport, blocks removal: "Duldung für Personen mit ungeklärter Identität" (§ 60b Abs. 1
 *   AufenthG): no work, Wohnsitzauflage (§ 60b Abs. 5). Once the person has done what was required, the
 *   ordinary Duldung is restored (§ 60b Abs. 4 AufenthG).
 * - Work with a § 60a Duldung "soll" be permitted unless removal measures are pending (§ 60a Abs. 5b);
 *   § 60a Abs. 6 bans it.
 */
import type { Reason } from './return-deadline.rules';

export const OBSTACLE_CODES = ['document', 'medical', 'family', 'legal', 'transport', 'other'] as const;
export type ObstacleCode = (typeof OBSTACLE_CODES)[number];

export interface DuldungFacts {
  /** obstacles to removal found (form "Abschiebungshindernisse") */
  obstacles: ObstacleCode[];
  /** § 60a Abs. 2c/2d: a qualified medical certificate (diagnosis, ICD-10, severity, medication) was submitted without delay */
  qualifiedMedicalCertificate?: boolean;
  /** § 60a Abs. 2 S. 3: urgent humanitarian or personal reasons, or substantial public interests */
  urgentHumanitarianReasons?: boolean;
  /** § 60b Abs. 1: the obstacle is the person's own fault (deception or passport duty not fulfilled) */
  ownFault?: boolean;
  /** § 60b Abs. 4: the person has since done what was required */
  cooperationFulfilled?: boolean;
  /** § 60a Abs. 5b Nr. 2: concrete measures to end the stay are pending */
  removalMeasuresPending?: boolean;
  /** § 60a Abs. 6: work ban (e.g. came to obtain benefits, own fault, safe country of origin) */
  workBan60a6?: boolean;
}

export type DuldungType = '60a' | '60b';

export interface DuldungDecision {
  decision: 'duldung' | 'no-duldung';
  duldungType: DuldungType | null;
  /** § 60a: mandatory (S. 1) or discretionary (S. 3) */
  ground: 'mandatory' | 'discretionary' | null;
  /** status episode type and legal basis */
  statusType: 'Duldung §60a' | 'Duldung §60b' | null;
  legalBasis: string | null;
  /** DuldungGranted(category) */
  category: 'ordinary' | 'light' | null;
  /** recommended condition: work permitted ("soll" rule) */
  workAllowed: boolean;
  /** § 60b Abs. 5: Wohnsitzauflage by law */
  wohnsitzauflageRequired: boolean;
  reasons: Reason[];
}

const IMPOSSIBILITY: Record<Exclude<ObstacleCode, 'medical'>, string> = {
  document: 'Keine Reisedokumente',
  family: 'Familiäre Bindungen (Art. 6 GG)',
  legal: 'Rechtliches Abschiebungshindernis (z. B. anhängiges Verfahren)',
  transport: 'Keine Reiseverbindung',
  other: 'Sonstiges tatsächliches Abschiebungshindernis',
};

export function duldungType(facts: DuldungFacts): DuldungDecision {
  const reasons: Reason[] = [];
  const counted = facts.obstacles.filter((o) => o !== 'medical' || facts.qualifiedMedicalCertificate);
  if (facts.obstacles.includes('medical')) {
    reasons.push(
      facts.qualifiedMedicalCertificate
        ? {
            code: 'MEDICAL_CERTIFICATE',
            text: 'Qualifizierte ärztliche Bescheinigung liegt vor: Reiseunfähigkeit glaubhaft gemacht',
            paragraph: '§ 60a Abs. 2c S. 2 und 3 AufenthG',
          }
        : {
            code: 'FIT_TO_TRAVEL_PRESUMED',
            text: 'Keine qualifizierte ärztliche Bescheinigung: Reisefähigkeit wird vermutet',
            paragraph: '§ 60a Abs. 2c S. 1 AufenthG',
          },
    );
  }
  for (const o of counted) {
    if (o !== 'medical') {
      reasons.push({
        code: `OBSTACLE_${o.toUpperCase()}`,
        text: IMPOSSIBILITY[o],
        paragraph: '§ 60a Abs. 2 S. 1 AufenthG',
      });
    }
  }

  if (counted.length === 0 && !facts.urgentHumanitarianReasons) {
    reasons.push({
      code: 'NO_OBSTACLE',
      text: 'Kein Abschiebungshindernis und keine dringenden Gründe: die Abschiebung ist vorzubereiten',
      paragraph: '§ 58 Abs. 1 AufenthG',
    });
    return none(reasons);
  }

  // § 60b: the person's own fault blocks removal — only when the obstacle is the missing documents
  const ownFaultBlocks =
    facts.ownFault &&
    counted.length > 0 &&
    counted.every((o) => o === 'document') &&
    !facts.cooperationFulfilled;
  if (facts.ownFault && facts.cooperationFulfilled) {
    reasons.push({
      code: 'COOPERATION_FULFILLED',
      text: 'Die geforderten zumutbaren Handlungen wurden vorgenommen: Duldung nach § 60a wird erteilt',
      paragraph: '§ 60b Abs. 4 AufenthG',
    });
  }
  if (ownFaultBlocks) {
    reasons.push(
      {
        code: 'OWN_FAULT',
        text: 'Die Abschiebung scheitert an eigener Täuschung oder an unterlassenen zumutbaren Handlungen zur Passbeschaffung: Duldung für Personen mit ungeklärter Identität',
        paragraph: '§ 60b Abs. 1 AufenthG',
      },
      {
        code: 'NO_WORK_60B',
        text: 'Eine Erwerbstätigkeit darf nicht erlaubt werden; Wohnsitzauflage',
        paragraph: '§ 60b Abs. 5 AufenthG',
      },
    );
    return {
      decision: 'duldung',
      duldungType: '60b',
      ground: 'mandatory',
      statusType: 'Duldung §60b',
      legalBasis: '§ 60b AufenthG',
      category: 'light',
      workAllowed: false,
      wohnsitzauflageRequired: true,
      reasons,
    };
  }
  if (facts.ownFault && !facts.cooperationFulfilled && counted.some((o) => o !== 'document')) {
    reasons.push({
      code: 'FAULT_NOT_DECISIVE',
      text: 'Die Abschiebung scheitert (auch) an Gründen, die die Person nicht zu vertreten hat: keine Duldung nach § 60b',
      paragraph: '§ 60b Abs. 1 AufenthG',
    });
  }

  const mandatory = counted.length > 0;
  if (!mandatory) {
    reasons.push({
      code: 'DISCRETIONARY',
      text: 'Dringende humanitäre oder persönliche Gründe: Ermessensduldung',
      paragraph: '§ 60a Abs. 2 S. 3 AufenthG',
    });
  }
  const work = workPermission(facts);
  reasons.push(work.reason);
  return {
    decision: 'duldung',
    duldungType: '60a',
    ground: mandatory ? 'mandatory' : 'discretionary',
    statusType: 'Duldung §60a',
    legalBasis: mandatory ? '§ 60a Abs. 2 S. 1 AufenthG' : '§ 60a Abs. 2 S. 3 AufenthG',
    category: 'ordinary',
    workAllowed: work.allowed,
    wohnsitzauflageRequired: false,
    reasons,
  };
}

function workPermission(facts: DuldungFacts): { allowed: boolean; reason: Reason } {
  if (facts.workBan60a6) {
    return {
      allowed: false,
      reason: {
        code: 'WORK_BANNED',
        text: 'Erwerbstätigkeit ist ausgeschlossen',
        paragraph: '§ 60a Abs. 6 AufenthG',
      },
    };
  }
  if (facts.removalMeasuresPending) {
    return {
      allowed: false,
      reason: {
        code: 'WORK_MEASURES_PENDING',
        text: 'Konkrete Maßnahmen zur Aufenthaltsbeendigung stehen bevor: keine Regelerlaubnis zur Beschäftigung',
        paragraph: '§ 60a Abs. 5b Nr. 2 AufenthG',
      },
    };
  }
  return {
    allowed: true,
    reason: {
      code: 'WORK_SHOULD_BE_ALLOWED',
      text: 'Die Beschäftigung soll erlaubt werden',
      paragraph: '§ 60a Abs. 5b AufenthG',
    },
  };
}

function none(reasons: Reason[]): DuldungDecision {
  return {
    decision: 'no-duldung',
    duldungType: null,
    ground: null,
    statusType: null,
    legalBasis: null,
    category: null,
    workAllowed: false,
    wohnsitzauflageRequired: false,
    reasons,
  };
}
