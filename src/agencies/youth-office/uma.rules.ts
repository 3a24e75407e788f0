/**
 * Rules of the Jugendamt for unaccompanied minors (UMA, BRIEF § 2 "UMA subprocess", SGB VIII):
 * who is an unaccompanied minor (§ 42a Abs. 1), the age-assessment ladder (§ 42f) and the deadlines of
 * the provisional custody (§ 42a Abs. 4, § 42b Abs. 4 Nr. 4). Pure functions.
 */
import { addMonths, addWerktage, ageOn, deadlineEnd, parseDate } from '../../common/calendar';
import type { Reason, RuleResult } from '../../common/rules/rule-result';
export type { Reason, RuleResult } from '../../common/rules/rule-result';

// ---------------------------------------------------------------------------------------------------
// § 42a Abs. 1 SGB VIII: unaccompanied minor

/** who the minor entered with */
export type Companion =
  /** a person holding custody (Personensorgeberechtigter, § 7 Abs. 1 Nr. 5 SGB VIII) */
  | 'custodian'
  /** a person entitled to bring the child up (Erziehungsberechtigter, § 7 Abs. 1 Nr. 6 SGB VIII) */
  | 'person-entitled-to-upbringing'
  /** only the spouse */
  | 'spouse'
  /** another adult without custody (relative, acquaintance) */
  | 'other-adult'
  | 'none';

export const COMPANIONS: readonly Companion[] = [
  'custodian',
  'person-entitled-to-upbringing',
  'spouse',
  'other-adult',
  'none',
];

export interface UnaccompaniedFacts {
  /** date of birth from the documents or the declaration (null: unknown) */
  dateOfBirth: string | null;
  /** the result of a § 42f age assessment, if there was one; it prevails over the declared date */
  ageFinding?: 'minor' | 'adult' | null;
  /** the date the question is asked for (entry / Zuweisung) */
  on: string;
  enteredWith: Companion;
  married: boolean;
}

export type UnaccompaniedDecision = 'unaccompanied-minor' | 'not-unaccompanied-minor';

export interface UnaccompaniedResult extends RuleResult<UnaccompaniedDecision> {
  /** the age is not established: the § 42f assessment must follow */
  ageAssessmentRequired: boolean;
}

/**
 * § 42a Abs. 1 SGB VIII: a foreign child or young person who entered Germany without a person holding
 * custody or a person entitled to bring them up is unaccompanied; this also applies if they are married.
 */
export function isUnaccompaniedMinor(facts: UnaccompaniedFacts): UnaccompaniedResult {
  parseDate(facts.on);
  const reasons: Reason[] = [];
  let minor: boolean;
  let ageAssessmentRequired = false;
  if (facts.ageFinding) {
    minor = facts.ageFinding === 'minor';
    reasons.push({
      code: minor ? 'AGE_FINDING_MINOR' : 'AGE_FINDING_ADULT',
      text: minor
        ? 'Minderjährigkeit im Verfahren nach § 42f SGB VIII festgestellt.'
        : 'Volljährigkeit im Verfahren nach § 42f SGB VIII festgestellt.',
      paragraph: '§ 42f Abs. 1 SGB VIII',
    });
  } else if (facts.dateOfBirth) {
    minor = ageOn(facts.dateOfBirth, facts.on) < 18;
    reasons.push({
      code: minor ? 'UNDER_18' : 'OF_AGE',
      text: minor
        ? 'Nach dem angegebenen Geburtsdatum unter 18 Jahre alt.'
        : 'Nach dem angegebenen Geburtsdatum volljährig.',
      paragraph: '§ 7 Abs. 1 Nr. 1, 2 SGB VIII',
    });
  } else {
    minor = true;
    ageAssessmentRequired = true;
    reasons.push({
      code: 'AGE_UNKNOWN',
      text: 'Alter unbekannt, Minderjährigkeit nicht ausgeschlossen: vorläufige Inobhutnahme und Altersfeststellung.',
      paragraph: '§ 42f Abs. 1 SGB VIII',
    });
  }
  if (!minor) return { decision: 'not-unaccompanied-minor', ageAssessmentRequired, reasons };

  if (facts.enteredWith === 'custodian' || facts.enteredWith === 'person-entitled-to-upbringing') {
    reasons.push({
      code: 'ACCOMPANIED',
      text:
        facts.enteredWith === 'custodian'
          ? 'Einreise in Begleitung einer personensorgeberechtigten Person.'
          : 'Einreise in Begleitung einer erziehungsberechtigten Person.',
      paragraph: '§ 42a Abs. 1 S. 2 SGB VIII',
    });
    return { decision: 'not-unaccompanied-minor', ageAssessmentRequired, reasons };
  }
  reasons.push({
    code: 'UNACCOMPANIED',
    text:
      facts.enteredWith === 'none'
        ? 'Einreise ohne Begleitung.'
        : 'Einreise ohne personensorge- oder erziehungsberechtigte Person (Begleitung durch eine andere Person genügt nicht).',
    paragraph: '§ 42a Abs. 1 S. 2 SGB VIII',
  });
  if (facts.married) {
    reasons.push({
      code: 'MARRIED_MINOR',
      text: 'Auch verheiratete Minderjährige gelten als unbegleitet.',
      paragraph: '§ 42a Abs. 1 S. 2 Hs. 2 SGB VIII',
    });
  }
  return { decision: 'unaccompanied-minor', ageAssessmentRequired, reasons };
}

// ---------------------------------------------------------------------------------------------------
// § 42f SGB VIII: age assessment ladder

export type AssessmentResult = 'minor' | 'adult' | 'doubtful';

export interface AgeAssessmentFacts {
  /** identity papers were presented */
  idPapersPresented: boolean;
  /** the papers are credible and show the date of birth */
  idPapersConclusive?: boolean | null;
  /** the age according to the papers is under 18 */
  idPapersShowMinor?: boolean | null;
  /** qualified visual assessment (qualifizierte Inaugenscheinnahme), null: not yet done */
  visualAssessment?: AssessmentResult | null;
  /** consent to the medical examination (person and representative), null: not asked yet */
  medicalConsent?: boolean | null;
  /** result of the medical examination, null: not yet done */
  medicalExamination?: AssessmentResult | null;
}

export type AgeDecision = 'minor' | 'adult' | 'visual-assessment-required' | 'medical-examination-required';

/**
 * The ladder of § 42f SGB VIII: identity papers first; otherwise a qualified visual assessment; in
 * doubtful cases a medical examination with consent (Abs. 2). Doubts that remain go in favour of the
 * minor (the examination must exclude minority; refusal of consent does not prove adulthood).
 * A finding of adulthood can be challenged, but Widerspruch and Klage have no suspensive effect (Abs. 3).
 */
export function assessAge(facts: AgeAssessmentFacts): RuleResult<AgeDecision> {
  if (facts.idPapersPresented && facts.idPapersConclusive) {
    const minor = facts.idPapersShowMinor === true;
    return {
      decision: minor ? 'minor' : 'adult',
      reasons: [
        {
          code: minor ? 'PAPERS_MINOR' : 'PAPERS_ADULT',
          text: minor
            ? 'Minderjährigkeit durch Einsichtnahme in die Ausweispapiere festgestellt.'
            : 'Volljährigkeit durch Einsichtnahme in die Ausweispapiere festgestellt.',
          paragraph: '§ 42f Abs. 1 S. 1 SGB VIII',
        },
        ...(minor ? [] : [NO_SUSPENSIVE_EFFECT]),
      ],
    };
  }
  const noPapers: Reason = {
    code: facts.idPapersPresented ? 'PAPERS_NOT_CONCLUSIVE' : 'NO_PAPERS',
    text: facts.idPapersPresented
      ? 'Ausweispapiere nicht aussagekräftig.'
      : 'Keine Ausweispapiere vorgelegt.',
    paragraph: '§ 42f Abs. 1 S. 1 SGB VIII',
  };
  if (!facts.visualAssessment) {
    return {
      decision: 'visual-assessment-required',
      reasons: [
        noPapers,
        {
          code: 'VISUAL_REQUIRED',
          text: 'Qualifizierte Inaugenscheinnahme durchführen.',
          paragraph: '§ 42f Abs. 1 S. 1 SGB VIII',
        },
      ],
    };
  }
  if (facts.visualAssessment !== 'doubtful') {
    const minor = facts.visualAssessment === 'minor';
    return {
      decision: minor ? 'minor' : 'adult',
      reasons: [
        noPapers,
        {
          code: minor ? 'VISUAL_MINOR' : 'VISUAL_ADULT',
          text: minor
            ? 'Qualifizierte Inaugenscheinnahme: minderjährig.'
            : 'Qualifizierte Inaugenscheinnahme: zweifelsfrei volljährig.',
          paragraph: '§ 42f Abs. 1 S. 1 SGB VIII',
        },
        ...(minor ? [] : [NO_SUSPENSIVE_EFFECT]),
      ],
    };
  }
  const doubtful: Reason = {
    code: 'VISUAL_DOUBTFUL',
    text: 'Qualifizierte Inaugenscheinnahme: Zweifelsfall.',
    paragraph: '§ 42f Abs. 2 S. 1 SGB VIII',
  };
  if (facts.medicalConsent === false) {
    return {
      decision: 'minor',
      reasons: [
        noPapers,
        doubtful,
        {
          code: 'CONSENT_REFUSED',
          text: 'Einwilligung in die ärztliche Untersuchung verweigert; die Zweifel bleiben, Minderjährigkeit wird zugrunde gelegt. Mitwirkungsfolgen (§§ 62, 65, 66 SGB I) gesondert prüfen.',
          paragraph: '§ 42f Abs. 2 S. 3 SGB VIII',
        },
      ],
    };
  }
  if (!facts.medicalExamination) {
    return {
      decision: 'medical-examination-required',
      reasons: [
        noPapers,
        doubtful,
        {
          code: 'MEDICAL_REQUIRED',
          text: 'Ärztliche Untersuchung zur Altersbestimmung veranlassen (nach Aufklärung und mit Einwilligung).',
          paragraph: '§ 42f Abs. 2 S. 1, 2 SGB VIII',
        },
      ],
    };
  }
  const adult = facts.medicalExamination === 'adult';
  return {
    decision: adult ? 'adult' : 'minor',
    reasons: [
      noPapers,
      doubtful,
      adult
        ? {
            code: 'MEDICAL_ADULT',
            text: 'Ärztliche Untersuchung: Volljährigkeit sicher festgestellt.',
            paragraph: '§ 42f Abs. 2 S. 1 SGB VIII',
          }
        : {
            code: facts.medicalExamination === 'minor' ? 'MEDICAL_MINOR' : 'MEDICAL_DOUBTFUL',
            text:
              facts.medicalExamination === 'minor'
                ? 'Ärztliche Untersuchung: minderjährig.'
                : 'Ärztliche Untersuchung schließt Minderjährigkeit nicht aus; im Zweifel minderjährig.',
            paragraph: '§ 42f Abs. 2 S. 1 SGB VIII',
          },
      ...(adult ? [NO_SUSPENSIVE_EFFECT] : []),
    ],
  };
}

const NO_SUSPENSIVE_EFFECT: Reason = {
  code: 'NO_SUSPENSIVE_EFFECT',
  text: 'Widerspruch und Klage gegen die Feststellung der Volljährigkeit haben keine aufschiebende Wirkung.',
  paragraph: '§ 42f Abs. 3 S. 1 SGB VIII',
};

// ---------------------------------------------------------------------------------------------------
// Deadlines of the provisional custody

export interface UmaDeadlines {
  /** last day to notify the Land distribution office: 7 Werktage after the start (§ 42a Abs. 4 S. 1) */
  notificationDueOn: string;
  notificationDueAt: string;
  /** last day of the month in which distribution must happen (§ 42b Abs. 4 Nr. 4) */
  distributionDeadlineOn: string;
  /** from this instant the distribution is excluded */
  distributionExcludedAt: string;
  reasons: Reason[];
}

/**
 * Deadlines from the start of the provisional custody. § 42a Abs. 4 S. 1 SGB VIII counts Werktage
 * (Monday–Saturday without public holidays); the day of the start is not counted (§ 187 Abs. 1 BGB,
 * § 26 SGB X). The month ends on the day with the same number (§ 188 Abs. 2 BGB).
 */
export function umaDeadlines(startedOn: string): UmaDeadlines {
  const notificationDueOn = addWerktage(startedOn, 7);
  const distributionDeadlineOn = addMonths(startedOn, 1);
  return {
    notificationDueOn,
    notificationDueAt: deadlineEnd(notificationDueOn),
    distributionDeadlineOn,
    distributionExcludedAt: deadlineEnd(distributionDeadlineOn),
    reasons: [
      {
        code: 'NOTIFY_7_WERKTAGE',
        text: 'Mitteilung an die Landesverteilstelle innerhalb von sieben Werktagen nach Beginn der vorläufigen Inobhutnahme.',
        paragraph: '§ 42a Abs. 4 S. 1 SGB VIII',
      },
      {
        code: 'DISTRIBUTION_1_MONTH',
        text: 'Erfolgt die Verteilung nicht innerhalb eines Monats nach Beginn der vorläufigen Inobhutnahme, ist sie ausgeschlossen.',
        paragraph: '§ 42b Abs. 4 Nr. 4 SGB VIII',
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// § 42b Abs. 4 Nr. 1–3 SGB VIII: distribution excluded by the screening

export interface ScreeningFacts {
  /** distribution would endanger the child's welfare */
  welfareEndangeredByDistribution: boolean;
  /** health does not allow distribution within 14 Werktage of the start */
  healthPreventsDistribution: boolean;
  /** reunification with a relative can happen soon and is in the child's interest */
  relativeReunificationSoon: boolean;
}

/**
 * Whether the screening (§ 42a Abs. 2) excludes the distribution procedure. Nr. 4 (one month passed)
 * is the timer of the process, not a screening result.
 */
export function distributionExclusion(facts: ScreeningFacts): RuleResult<'excluded' | 'not-excluded'> {
  const reasons: Reason[] = [];
  if (facts.welfareEndangeredByDistribution) {
    reasons.push({
      code: 'WELFARE',
      text: 'Die Verteilung würde das Kindeswohl gefährden.',
      paragraph: '§ 42b Abs. 4 Nr. 1 SGB VIII',
    });
  }
  if (facts.healthPreventsDistribution) {
    reasons.push({
      code: 'HEALTH',
      text: 'Der Gesundheitszustand lässt die Verteilung innerhalb von 14 Werktagen nicht zu.',
      paragraph: '§ 42b Abs. 4 Nr. 2 SGB VIII',
    });
  }
  if (facts.relativeReunificationSoon) {
    reasons.push({
      code: 'RELATIVE',
      text: 'Die Zusammenführung mit einer verwandten Person kann kurzfristig erfolgen und entspricht dem Kindeswohl.',
      paragraph: '§ 42b Abs. 4 Nr. 3 SGB VIII',
    });
  }
  if (reasons.length) return { decision: 'excluded', reasons };
  return {
    decision: 'not-excluded',
    reasons: [
      {
        code: 'DISTRIBUTION',
        text: 'Kein Ausschlussgrund: Verteilungsverfahren durchführen.',
        paragraph: '§ 42b Abs. 1 SGB VIII',
      },
    ],
  };
}
