/**
 * Ausbildungsduldung (§ 60c AufenthG) and the residence permit for training (§ 16g AufenthG), BRIEF § 5.
 * Pure functions: facts and parameters in, a decision with its reasons (each naming its paragraph) out.
 * Every cut-off date, period and threshold is a parameter (table `parameter`, keys `ausbildungsduldung.*`),
 * never a constant here. Dates are ISO 'YYYY-MM-DD'; amounts integer cents.
 */
import { addDays, addMonths } from '../../common/calendar';
import type { Reason, RuleResult } from '../../common/rules/rule-result';
export type { Reason, RuleResult } from '../../common/rules/rule-result';

const fmt = (iso: string): string => iso.split('-').reverse().join('.');

// ---- parameters ------------------------------------------------------------------------------------

/** the parameters of § 60c / § 16g, loaded by the worker as of the application date */
export interface TrainingTolerationParams {
  /** § 60c Abs. 3 S. 1: the application at the earliest this many months before training start (7) */
  applicationLeadMonths: number;
  /** § 60c Abs. 3 S. 2: the Duldung (case Nr. 2) at the earliest this many months before start (6) */
  earliestGrantMonths: number;
  /** § 2 Abs. 12a: qualified training lasts at least this many months (24) */
  minTrainingMonths: number;
  /** [local] whether a dual study programme counts as qualified training (Berlin: yes) */
  dualStudyAccepted: boolean;
  /** § 60c Abs. 2 Nr. 2: months of prior Duldung at application (3) */
  priorDuldungMonths: number;
  /** § 60c Abs. 2 Nr. 3 a–c: the identity deadline ladder */
  identity: {
    earlyEntryUntil: string;
    middleEntryUntil: string;
    middleDeadline: string;
    monthsAfterEntry: number;
  };
  /** § 19d Abs. 1 Nr. 6: fines ignored up to (50 / 90 for offences only foreigners can commit) */
  fineLimits: { general: number; foreignerOnly: number };
  /** § 60a Abs. 6 S. 1 Nr. 3: asylum applications made after this date (2015-08-31) */
  safeCountryApplicationsAfter: string;
  /** § 29a AsylG Anlage II: safe countries of origin (ISO 3166-1 alpha-3, as Person.nationalities) */
  safeCountriesOfOrigin: string[];
  /** § 104 Abs. 18: nationalities and cut-off date (GEO, MDA; 2023-08-30) */
  transitional104Abs18: { nationalities: string[]; cutoff: string };
}

// ---- 1. application timing (§ 60c Abs. 3 S. 1) --------------------------------------------------------

export function checkApplicationTiming(
  facts: { applicationDate: string; trainingStart: string; trainingEnd: string },
  params: Pick<TrainingTolerationParams, 'applicationLeadMonths'>,
): RuleResult<'admissible' | 'premature' | 'implausible'> {
  if (facts.trainingEnd <= facts.trainingStart) {
    return {
      decision: 'implausible',
      reasons: [
        {
          code: 'TRAINING_DATES_IMPLAUSIBLE',
          text: `Das Ausbildungsende (${fmt(facts.trainingEnd)}) liegt nicht nach dem Ausbildungsbeginn (${fmt(facts.trainingStart)}).`,
          paragraph: '§ 60c Abs. 3 S. 4 AufenthG',
        },
      ],
    };
  }
  const earliest = addMonths(facts.trainingStart, -params.applicationLeadMonths);
  if (facts.applicationDate < earliest) {
    return {
      decision: 'premature',
      reasons: [
        {
          code: 'APPLICATION_PREMATURE',
          text: `Der Antrag kann frühestens ${params.applicationLeadMonths} Monate vor Ausbildungsbeginn gestellt werden, also ab dem ${fmt(earliest)}.`,
          paragraph: '§ 60c Abs. 3 S. 1 AufenthG',
        },
      ],
    };
  }
  return {
    decision: 'admissible',
    reasons: [
      {
        code: 'APPLICATION_IN_TIME',
        text: `Antrag frühestens ${params.applicationLeadMonths} Monate vor Ausbildungsbeginn gestellt.`,
        paragraph: '§ 60c Abs. 3 S. 1 AufenthG',
      },
    ],
  };
}

// ---- 2. training qualifies (§ 60c Abs. 1 S. 1 Nr. 1 a/b, § 2 Abs. 12a) -------------------------------------

export type TrainingType = 'company' | 'school' | 'dual-study' | 'helper' | 'eq' | 'preparatory';

export interface TrainingFacts {
  trainingType: TrainingType;
  /** state-recognised or comparably regulated occupation */
  stateRecognised: boolean;
  /** regular duration under the training regulation, in months */
  regularDurationMonths: number;
  /** helper training: the follow-on qualified training is in a BA shortage occupation */
  followOnShortageOccupation?: boolean;
  /** helper training: written training-place commitment for the follow-on training */
  followOnCommitment?: boolean;
}

export type TrainingDecision = 'qualified' | 'helper' | 'support-measure' | 'not-qualified';

export function checkTrainingQualifies(
  facts: TrainingFacts,
  params: Pick<TrainingTolerationParams, 'minTrainingMonths' | 'dualStudyAccepted'>,
): RuleResult<TrainingDecision> {
  if (facts.trainingType === 'eq' || facts.trainingType === 'preparatory') {
    return {
      decision: 'support-measure',
      reasons: [
        {
          code: 'SUPPORT_MEASURE',
          text: 'Einstiegsqualifizierung oder berufsvorbereitende Maßnahme: keine Ausbildungsduldung; in Betracht kommt eine Ermessensduldung mit Beschäftigungserlaubnis (Erlass MI LSA vom 19.12.2017).',
          paragraph: '§ 60a Abs. 2 S. 3 AufenthG',
        },
      ],
    };
  }
  if (!facts.stateRecognised) {
    return {
      decision: 'not-qualified',
      reasons: [
        {
          code: 'OCCUPATION_NOT_RECOGNISED',
          text: 'Die Ausbildung erfolgt nicht in einem staatlich anerkannten oder vergleichbar geregelten Ausbildungsberuf.',
          paragraph: '§ 60c Abs. 1 S. 1 Nr. 1 AufenthG',
        },
      ],
    };
  }
  if (facts.trainingType === 'helper') {
    const reasons: Reason[] = [];
    if (!facts.followOnShortageOccupation) {
      reasons.push({
        code: 'FOLLOW_ON_NOT_SHORTAGE',
        text: 'Die anschließende qualifizierte Ausbildung ist nicht in einem Beruf, für den die Bundesagentur für Arbeit einen Engpass festgestellt hat.',
        paragraph: '§ 60c Abs. 1 S. 1 Nr. 1 Buchst. b AufenthG',
      });
    }
    if (!facts.followOnCommitment) {
      reasons.push({
        code: 'FOLLOW_ON_NO_COMMITMENT',
        text: 'Es liegt keine Ausbildungsplatzzusage für die anschließende qualifizierte Ausbildung vor.',
        paragraph: '§ 60c Abs. 1 S. 1 Nr. 1 Buchst. b AufenthG',
      });
    }
    if (reasons.length) return { decision: 'not-qualified', reasons };
    return {
      decision: 'helper',
      reasons: [
        {
          code: 'HELPER_TRAINING_WITH_FOLLOW_ON',
          text: 'Assistenz- oder Helferausbildung mit anschlussfähiger Ausbildung in einem Engpassberuf und Ausbildungsplatzzusage.',
          paragraph: '§ 60c Abs. 1 S. 1 Nr. 1 Buchst. b AufenthG',
        },
      ],
    };
  }
  if (facts.trainingType === 'dual-study' && !params.dualStudyAccepted) {
    return {
      decision: 'not-qualified',
      reasons: [
        {
          code: 'DUAL_STUDY_NOT_ACCEPTED',
          text: 'Ein duales Studium wird nach der Verwaltungspraxis der Ausländerbehörde nicht als qualifizierte Berufsausbildung anerkannt.',
          paragraph: '§ 2 Abs. 12a AufenthG',
        },
      ],
    };
  }
  if (facts.regularDurationMonths < params.minTrainingMonths) {
    return {
      decision: 'not-qualified',
      reasons: [
        {
          code: 'TRAINING_TOO_SHORT',
          text: `Die Regelausbildungsdauer (${facts.regularDurationMonths} Monate) erreicht nicht die für eine qualifizierte Berufsausbildung erforderlichen ${params.minTrainingMonths} Monate.`,
          paragraph: '§ 2 Abs. 12a AufenthG',
        },
      ],
    };
  }
  return {
    decision: 'qualified',
    reasons: [
      {
        code: 'QUALIFIED_TRAINING',
        text: `Qualifizierte Berufsausbildung (${facts.trainingType === 'school' ? 'schulisch' : facts.trainingType === 'dual-study' ? 'duales Studium' : 'betrieblich'}) mit einer Regelausbildungsdauer von mindestens ${params.minTrainingMonths} Monaten.`,
        paragraph: '§ 60c Abs. 1 S. 1 Nr. 1 Buchst. a AufenthG',
      },
    ],
  };
}

// ---- 3. case type Nr. 1 / Nr. 2 (§ 60c Abs. 1 S. 1, Abs. 2 Nr. 2 and 5) -----------------------------------

export interface RemovalMeasures {
  /** a) medical examination of fitness to travel ordered */
  fitnessExamOrdered?: boolean;
  /** b) application for state-funded voluntary return made */
  voluntaryReturnApplied?: boolean;
  /** c) booking of transport for the removal started */
  transportBookingStarted?: boolean;
  /** d) comparably concrete preparations started … */
  comparablePreparations?: boolean;
  /** … unless clearly futile from the outset */
  comparablePreparationsFutile?: boolean;
  /** e) Dublin procedure (Art. 20 Abs. 1 VO 604/2013) initiated */
  dublinProcedureStarted?: boolean;
}

export interface CaseTypeFacts {
  caseType: 'nr1' | 'nr2';
  applicationDate: string;
  /** Nr. 1: the training was taken up as an asylum seeker (with Aufenthaltsgestattung) */
  trainingBeganDuringAsylumProcedure?: boolean;
  /** Nr. 2: start of the current uninterrupted Duldung */
  duldungSince?: string | null;
  /** days within that Duldung spent under § 60b (do not count, § 60b Abs. 5 S. 1) */
  duldung60bDays?: number;
  removalMeasures: RemovalMeasures;
}

export function checkCaseType(
  facts: CaseTypeFacts,
  params: Pick<TrainingTolerationParams, 'priorDuldungMonths'>,
): RuleResult<'nr1' | 'nr2' | 'not-eligible'> {
  if (facts.caseType === 'nr1') {
    if (!facts.trainingBeganDuringAsylumProcedure) {
      return {
        decision: 'not-eligible',
        reasons: [
          {
            code: 'NR1_TRAINING_NOT_BEGUN_AS_ASYLUM_SEEKER',
            text: 'Die Ausbildung wurde nicht während des Asylverfahrens aufgenommen (Fallgruppe Nr. 1 liegt nicht vor).',
            paragraph: '§ 60c Abs. 1 S. 1 Nr. 1 AufenthG',
          },
        ],
      };
    }
    return {
      decision: 'nr1',
      reasons: [
        {
          code: 'NR1_ASYLUM_SEEKER',
          text: 'Ausbildung als Asylbewerber aufgenommen; Fortsetzung nach Ablehnung des Asylantrags.',
          paragraph: '§ 60c Abs. 1 S. 1 Nr. 1 AufenthG',
        },
      ],
    };
  }

  const reasons: Reason[] = [];
  if (!facts.duldungSince || facts.duldungSince > facts.applicationDate) {
    reasons.push({
      code: 'NR2_NO_DULDUNG',
      text: 'Bei Antragstellung lag keine Duldung vor.',
      paragraph: '§ 60c Abs. 1 S. 1 Nr. 2 AufenthG',
    });
  } else {
    // the counted Duldung days (without § 60b) must cover the months before the application
    const heldDays = daysBetween(facts.duldungSince, facts.applicationDate) - (facts.duldung60bDays ?? 0);
    const requiredDays = daysBetween(
      addMonths(facts.applicationDate, -params.priorDuldungMonths),
      facts.applicationDate,
    );
    if (heldDays < requiredDays) {
      reasons.push({
        code: 'NR2_PRIOR_DULDUNG_TOO_SHORT',
        text: `Bei Antragstellung bestand noch nicht seit ${params.priorDuldungMonths} Monaten eine Duldung (angerechnet: ${Math.max(heldDays, 0)} Tage; Zeiten nach § 60b zählen nicht).`,
        paragraph: '§ 60c Abs. 2 Nr. 2 AufenthG, § 60b Abs. 5 S. 1 AufenthG',
      });
    }
  }
  const m = facts.removalMeasures;
  const pending: [boolean | undefined, string, string][] = [
    [
      m.fitnessExamOrdered,
      'a',
      'eine ärztliche Untersuchung zur Feststellung der Reisefähigkeit wurde veranlasst',
    ],
    [
      m.voluntaryReturnApplied,
      'b',
      'ein Antrag auf Förderung einer freiwilligen Ausreise mit staatlichen Mitteln wurde gestellt',
    ],
    [
      m.transportBookingStarted,
      'c',
      'die Buchung von Transportmitteln für die Abschiebung wurde eingeleitet',
    ],
    [
      m.comparablePreparations && !m.comparablePreparationsFutile,
      'd',
      'vergleichbar konkrete Vorbereitungsmaßnahmen zur Abschiebung wurden eingeleitet',
    ],
    [
      m.dublinProcedureStarted,
      'e',
      'ein Verfahren nach Art. 20 Abs. 1 der Verordnung (EU) Nr. 604/2013 wurde eingeleitet',
    ],
  ];
  for (const [isPending, letter, text] of pending) {
    if (isPending) {
      reasons.push({
        code: `NR2_REMOVAL_MEASURE_${letter.toUpperCase()}`,
        text: `Bei Antragstellung standen konkrete Maßnahmen zur Aufenthaltsbeendigung bevor: ${text}.`,
        paragraph: `§ 60c Abs. 2 Nr. 5 Buchst. ${letter} AufenthG`,
      });
    }
  }
  if (reasons.length) return { decision: 'not-eligible', reasons };
  return {
    decision: 'nr2',
    reasons: [
      {
        code: 'NR2_DULDUNG_HELD',
        text: `Duldung seit mindestens ${params.priorDuldungMonths} Monaten; keine konkreten Maßnahmen zur Aufenthaltsbeendigung bevorstehend.`,
        paragraph: '§ 60c Abs. 1 S. 1 Nr. 2, Abs. 2 Nr. 2 und 5 AufenthG',
      },
    ],
  };
}

// ---- 4. § 60a Abs. 6 exclusions (§ 60c Abs. 2 Nr. 1) ---------------------------------------------------

export interface WorkBanFacts {
  nationalities: string[];
  /** Nr. 1: entered in order to obtain AsylbLG benefits */
  enteredToObtainBenefits: boolean;
  /** Nr. 2: removal cannot be enforced for reasons the person is responsible for (e.g. identity deception) */
  removalBlockedByOwnFault: boolean;
  asylumApplicationDate?: string | null;
  asylumOutcome: 'none' | 'pending' | 'rejected' | 'withdrawn' | 'granted';
  /** withdrawal on the basis of counselling at the BAMF (§ 24 Abs. 1 AsylG) */
  withdrawalAfterCounselling?: boolean;
  /** unaccompanied minor whose withdrawal / non-application was in the child's interest (§ 60a Abs. 6 S. 2) */
  umaChildInterest?: boolean;
  /** § 104 Abs. 18: tolerated on the cut-off date without having applied for asylum */
  toleratedOnCutoffWithoutApplication?: boolean;
}

export function checkWorkBanExclusions(
  facts: WorkBanFacts,
  params: Pick<
    TrainingTolerationParams,
    'safeCountryApplicationsAfter' | 'safeCountriesOfOrigin' | 'transitional104Abs18'
  >,
): RuleResult<'no-exclusion' | 'excluded'> {
  const reasons: Reason[] = [];
  if (facts.enteredToObtainBenefits) {
    reasons.push({
      code: 'WORK_BAN_BENEFITS',
      text: 'Einreise, um Leistungen nach dem Asylbewerberleistungsgesetz zu erlangen.',
      paragraph: '§ 60a Abs. 6 S. 1 Nr. 1 AufenthG',
    });
  }
  if (facts.removalBlockedByOwnFault) {
    reasons.push({
      code: 'WORK_BAN_OWN_FAULT',
      text: 'Aufenthaltsbeendende Maßnahmen können aus selbst zu vertretenden Gründen nicht vollzogen werden (z. B. Täuschung über die Identität).',
      paragraph: '§ 60a Abs. 6 S. 1 Nr. 2, S. 2 AufenthG',
    });
  }
  const notes: Reason[] = [];
  const safeNationality = facts.nationalities.find((n) =>
    params.safeCountriesOfOrigin.includes(n.toUpperCase()),
  );
  if (safeNationality) {
    const relevantApplication =
      (facts.asylumOutcome === 'rejected' || facts.asylumOutcome === 'withdrawn') &&
      !!facts.asylumApplicationDate &&
      facts.asylumApplicationDate > params.safeCountryApplicationsAfter;
    const noApplication = facts.asylumOutcome === 'none';
    if (relevantApplication || noApplication) {
      const t = params.transitional104Abs18;
      const transitional =
        t.nationalities.includes(safeNationality.toUpperCase()) &&
        ((!!facts.asylumApplicationDate && facts.asylumApplicationDate <= t.cutoff) ||
          (noApplication && !!facts.toleratedOnCutoffWithoutApplication));
      const counselling = facts.asylumOutcome === 'withdrawn' && !!facts.withdrawalAfterCounselling;
      const uma = (facts.asylumOutcome === 'withdrawn' || noApplication) && !!facts.umaChildInterest;
      if (transitional) {
        notes.push({
          code: 'SAFE_COUNTRY_TRANSITIONAL_104_18',
          text: `Staatsangehörigkeit ${safeNationality}: Asylantrag bis zum ${fmt(t.cutoff)} gestellt oder an diesem Tag ohne Asylantrag geduldet; das Beschäftigungsverbot für sichere Herkunftsstaaten gilt nicht.`,
          paragraph: '§ 104 Abs. 18 AufenthG',
        });
      } else if (counselling) {
        notes.push({
          code: 'SAFE_COUNTRY_WITHDRAWAL_COUNSELLING',
          text: 'Rücknahme des Asylantrags auf Grund einer Beratung beim Bundesamt für Migration und Flüchtlinge.',
          paragraph: '§ 60a Abs. 6 S. 1 Nr. 3 AufenthG, § 24 Abs. 1 AsylG',
        });
      } else if (uma) {
        notes.push({
          code: 'SAFE_COUNTRY_UMA_CHILD_INTEREST',
          text: 'Unbegleiteter Minderjähriger: Rücknahme oder Verzicht auf den Asylantrag erfolgte im Interesse des Kindeswohls.',
          paragraph: '§ 60a Abs. 6 S. 2 AufenthG',
        });
      } else {
        reasons.push({
          code: 'WORK_BAN_SAFE_COUNTRY',
          text: noApplication
            ? `Staatsangehöriger eines sicheren Herkunftsstaates (${safeNationality}), der keinen Asylantrag gestellt hat.`
            : `Staatsangehöriger eines sicheren Herkunftsstaates (${safeNationality}), dessen nach dem ${fmt(params.safeCountryApplicationsAfter)} gestellter Asylantrag ${facts.asylumOutcome === 'rejected' ? 'abgelehnt' : 'zurückgenommen'} wurde.`,
          paragraph: '§ 60a Abs. 6 S. 1 Nr. 3 AufenthG',
        });
      }
    }
  }
  if (reasons.length) return { decision: 'excluded', reasons };
  return {
    decision: 'no-exclusion',
    reasons: [
      ...notes,
      {
        code: 'NO_WORK_BAN',
        text: 'Kein Beschäftigungsverbot nach § 60a Abs. 6.',
        paragraph: '§ 60c Abs. 2 Nr. 1 AufenthG',
      },
    ],
  };
}

// ---- 5. identity deadline (§ 60c Abs. 2 Nr. 3, Abs. 7) -------------------------------------------------

export type IdentityEvidenceKind =
  'passport' | 'id-card' | 'biometric-document' | 'non-biometric-document' | 'other' | 'none';

export interface IdentityFacts {
  entryDate: string;
  applicationDate: string;
  identityClarifiedOn?: string | null;
  identityEvidence: IdentityEvidenceKind;
  /** non-biometric official documents count only if they can lead to a passport (asyl.net M28957) */
  evidenceLeadsToPassport?: boolean;
  /** all required and reasonable steps were taken within the deadline … */
  allReasonableStepsInTime?: boolean;
  /** … and the later clarification is not the person's fault */
  delayNotOwnFault?: boolean;
  /** the caseworker's discretion under Abs. 7 once asked (null: not yet decided) */
  discretionGranted?: boolean | null;
}

export type IdentityDecision =
  'met' | 'met-reasonable-steps' | 'discretion-required' | 'met-by-discretion' | 'not-met';

/** the identity deadline for an entry date (§ 60c Abs. 2 Nr. 3 a–c) */
export function identityDeadline(
  entryDate: string,
  applicationDate: string,
  p: TrainingTolerationParams['identity'],
): { deadline: string; letter: 'a' | 'b' | 'c' } {
  if (entryDate <= p.earlyEntryUntil) return { deadline: applicationDate, letter: 'a' };
  if (entryDate <= p.middleEntryUntil) {
    return { deadline: applicationDate < p.middleDeadline ? applicationDate : p.middleDeadline, letter: 'b' };
  }
  return { deadline: addMonths(entryDate, p.monthsAfterEntry), letter: 'c' };
}

export function checkIdentityDeadline(
  facts: IdentityFacts,
  params: Pick<TrainingTolerationParams, 'identity'>,
): RuleResult<IdentityDecision> & { deadline: string } {
  const { deadline, letter } = identityDeadline(facts.entryDate, facts.applicationDate, params.identity);
  const paragraph = `§ 60c Abs. 2 Nr. 3 Buchst. ${letter} AufenthG`;
  const evidenceCounts =
    facts.identityEvidence === 'passport' ||
    facts.identityEvidence === 'id-card' ||
    facts.identityEvidence === 'biometric-document' ||
    (facts.identityEvidence === 'non-biometric-document' && !!facts.evidenceLeadsToPassport);
  const clarifiedOn = evidenceCounts ? facts.identityClarifiedOn : null;
  if (clarifiedOn && clarifiedOn <= deadline) {
    return {
      decision: 'met',
      deadline,
      reasons: [
        {
          code: 'IDENTITY_CLARIFIED_IN_TIME',
          text: `Identität am ${fmt(clarifiedOn)} geklärt; Frist bis ${fmt(deadline)} gewahrt.`,
          paragraph,
        },
      ],
    };
  }
  if (facts.allReasonableStepsInTime && facts.delayNotOwnFault) {
    return {
      decision: 'met-reasonable-steps',
      deadline,
      reasons: [
        {
          code: 'IDENTITY_REASONABLE_STEPS',
          text: `Alle erforderlichen und zumutbaren Maßnahmen zur Identitätsklärung wurden bis ${fmt(deadline)} ergriffen; die spätere Klärung ist nicht zu vertreten. Die Frist gilt als gewahrt.`,
          paragraph,
        },
      ],
    };
  }
  const missed: Reason = {
    code:
      evidenceCounts || !facts.identityClarifiedOn
        ? 'IDENTITY_DEADLINE_MISSED'
        : 'IDENTITY_EVIDENCE_INSUFFICIENT',
    text:
      evidenceCounts || !facts.identityClarifiedOn
        ? `Die Identität war bis zum ${fmt(deadline)} nicht geklärt.`
        : 'Die vorgelegten nichtbiometrischen Dokumente können nicht zu einem Pass führen und genügen nicht zur Identitätsklärung (Stufenfolge der Nachweise).',
    paragraph,
  };
  if (facts.discretionGranted === undefined || facts.discretionGranted === null) {
    return { decision: 'discretion-required', deadline, reasons: [missed] };
  }
  if (facts.discretionGranted) {
    return {
      decision: 'met-by-discretion',
      deadline,
      reasons: [
        missed,
        {
          code: 'IDENTITY_DISCRETION_GRANTED',
          text: 'Die Ausbildungsduldung wird trotz verspäteter Identitätsklärung im Ermessen erteilt.',
          paragraph: '§ 60c Abs. 7 AufenthG',
        },
      ],
    };
  }
  return {
    decision: 'not-met',
    deadline,
    reasons: [
      missed,
      {
        code: 'IDENTITY_DISCRETION_REFUSED',
        text: 'Das Ermessen wegen verspäteter Identitätsklärung wird nicht zugunsten der antragstellenden Person ausgeübt.',
        paragraph: '§ 60c Abs. 7 AufenthG',
      },
    ],
  };
}

// ---- 6. offences and security (§ 60c Abs. 1 S. 2, Abs. 2 Nr. 4, § 19d Abs. 1 Nr. 6–7) -------------------

export interface SecurityFacts {
  /** convicted of an intentional offence committed in Germany */
  intentionalConviction: boolean;
  /** only fines (no custodial or other sentence) */
  onlyFines: boolean;
  /** total of the fines in Tagessätze */
  finesTotal: number;
  /** the part of it for offences only foreigners can commit (AufenthG / AsylG) */
  finesForeignerOnly: number;
  extremistLinks: boolean;
  expulsionOrder: boolean;
  removalOrder58a: boolean;
  /** § 60c Abs. 1 S. 2: obvious abuse (the caseworker's finding) */
  obviousAbuse: boolean;
}

export function checkSecurity(
  facts: SecurityFacts,
  params: Pick<TrainingTolerationParams, 'fineLimits'>,
): RuleResult<'clear' | 'excluded'> {
  const reasons: Reason[] = [];
  const notes: Reason[] = [];
  if (facts.intentionalConviction) {
    const general = facts.finesTotal - facts.finesForeignerOnly;
    // general offences count up to 50 Tagessätze; with offences only foreigners can commit up to 90 in total
    const ignorable =
      facts.onlyFines &&
      facts.finesForeignerOnly >= 0 &&
      general <= params.fineLimits.general &&
      facts.finesTotal <= params.fineLimits.foreignerOnly;
    if (ignorable) {
      notes.push({
        code: 'FINES_BELOW_LIMIT',
        text: `Geldstrafen von insgesamt ${facts.finesTotal} Tagessätzen (davon ${facts.finesForeignerOnly} für nur von Ausländern begehbare Straftaten) bleiben außer Betracht.`,
        paragraph: '§ 19d Abs. 1 Nr. 6 AufenthG',
      });
    } else {
      reasons.push({
        code: facts.onlyFines ? 'FINES_ABOVE_LIMIT' : 'CONVICTION',
        text: facts.onlyFines
          ? `Verurteilung wegen vorsätzlicher Straftaten zu Geldstrafen von insgesamt ${facts.finesTotal} Tagessätzen (davon ${facts.finesForeignerOnly} für nur von Ausländern begehbare Straftaten); unbeachtlich wären bis zu ${params.fineLimits.general} bzw. ${params.fineLimits.foreignerOnly} Tagessätze.`
          : 'Verurteilung wegen einer im Bundesgebiet begangenen vorsätzlichen Straftat (nicht nur Geldstrafe).',
        paragraph: '§ 60c Abs. 2 Nr. 4 AufenthG i. V. m. § 19d Abs. 1 Nr. 6 AufenthG',
      });
    }
  }
  if (facts.extremistLinks) {
    reasons.push({
      code: 'EXTREMIST_LINKS',
      text: 'Bezüge zu extremistischen oder terroristischen Organisationen oder deren Unterstützung.',
      paragraph: '§ 60c Abs. 2 Nr. 4 AufenthG i. V. m. § 19d Abs. 1 Nr. 7 AufenthG',
    });
  }
  if (facts.expulsionOrder) {
    reasons.push({
      code: 'EXPULSION_ORDER',
      text: 'Gegen die Person besteht eine Ausweisungsverfügung.',
      paragraph: '§ 60c Abs. 2 Nr. 4 AufenthG',
    });
  }
  if (facts.removalOrder58a) {
    reasons.push({
      code: 'REMOVAL_ORDER_58A',
      text: 'Gegen die Person besteht eine Abschiebungsanordnung nach § 58a.',
      paragraph: '§ 60c Abs. 2 Nr. 4 AufenthG',
    });
  }
  if (facts.obviousAbuse) {
    reasons.push({
      code: 'OBVIOUS_ABUSE',
      text: 'Offensichtlicher Missbrauch: die Ausbildungsduldung wird versagt.',
      paragraph: '§ 60c Abs. 1 S. 2 AufenthG',
    });
  }
  if (reasons.length) return { decision: 'excluded', reasons };
  return {
    decision: 'clear',
    reasons: [
      ...notes,
      {
        code: 'NO_SECURITY_EXCLUSION',
        text: 'Keine Ausschlussgründe nach § 19d Abs. 1 Nr. 6 und 7, keine Ausweisungsverfügung oder Abschiebungsanordnung.',
        paragraph: '§ 60c Abs. 2 Nr. 4 AufenthG',
      },
    ],
  };
}

// ---- 7. contract registration (§ 60c Abs. 3 S. 3) ------------------------------------------------------

export interface RegistrationFacts {
  trainingType: TrainingType;
  applicationDate: string;
  /** company-based: registration with the chamber applied for on (or done on) this date */
  chamberRegistrationAppliedOn?: string | null;
  /** school-based (no registration needed): contract with the school concluded */
  schoolContractConcluded?: boolean;
  /** or approval of a state (-recognised) school to the contract */
  schoolApproval?: boolean;
}

export function checkContractRegistration(
  facts: RegistrationFacts,
): RuleResult<'registered' | 'not-registered'> {
  if (facts.trainingType === 'eq' || facts.trainingType === 'preparatory') {
    return {
      decision: 'registered',
      reasons: [
        {
          code: 'REGISTRATION_NOT_REQUIRED',
          text: 'Fördermaßnahme: keine Eintragung erforderlich.',
          paragraph: '§ 60a Abs. 2 S. 3 AufenthG',
        },
      ],
    };
  }
  if (facts.chamberRegistrationAppliedOn && facts.chamberRegistrationAppliedOn <= facts.applicationDate) {
    return {
      decision: 'registered',
      reasons: [
        {
          code: 'CHAMBER_REGISTRATION',
          text: `Eintragung in das Verzeichnis der Berufsausbildungsverhältnisse am ${fmt(facts.chamberRegistrationAppliedOn)} beantragt oder erfolgt.`,
          paragraph: '§ 60c Abs. 3 S. 3 AufenthG',
        },
      ],
    };
  }
  if (facts.trainingType === 'school' && (facts.schoolContractConcluded || facts.schoolApproval)) {
    return {
      decision: 'registered',
      reasons: [
        {
          code: facts.schoolContractConcluded ? 'SCHOOL_CONTRACT' : 'SCHOOL_APPROVAL',
          text: facts.schoolContractConcluded
            ? 'Ausbildungsvertrag mit der Bildungseinrichtung geschlossen (keine Eintragung erforderlich).'
            : 'Zustimmung einer staatlichen oder staatlich anerkannten Bildungseinrichtung zum Ausbildungsvertrag liegt vor.',
          paragraph: '§ 60c Abs. 3 S. 3 AufenthG',
        },
      ],
    };
  }
  return {
    decision: 'not-registered',
    reasons: [
      {
        code: 'NOT_REGISTERED',
        text:
          facts.trainingType === 'school'
            ? 'Bei Antragstellung lagen weder ein Vertrag mit der Bildungseinrichtung noch deren Zustimmung vor.'
            : 'Bei Antragstellung war die Eintragung des Ausbildungsvertrags bei der zuständigen Stelle (Kammer) weder beantragt noch erfolgt.',
        paragraph: '§ 60c Abs. 3 S. 3 AufenthG',
      },
    ],
  };
}

// ---- 8. § 16g variant ----------------------------------------------------------------------------------

export interface ResidencePermitFacts {
  /** the applicant wants the residence permit (§ 16g) rather than the Duldung */
  residencePermitWanted: boolean;
  trainingDecision: TrainingDecision;
  /** monthly net means (training allowance and other income), cents */
  monthlyMeansCents: number;
  livesWithParents: boolean;
  passportAvailable: boolean;
  /** all reasonable steps to obtain a passport / clarify identity taken (passport waiver) */
  allReasonableIdentitySteps: boolean;
}

export interface ResidencePermitParams {
  /** § 2 Abs. 3 S. 6 AufenthG with § 12 BAföG: monthly need in cents [?] */
  bafoegNeedCents: { withParents: number; notWithParents: number };
}

/** § 16g possible and wanted? Otherwise § 60c remains the route (FRH: fallback). */
export function checkResidencePermitVariant(
  facts: ResidencePermitFacts,
  params: ResidencePermitParams,
): RuleResult<'16g' | '60c' | 'support-measure'> {
  if (facts.trainingDecision === 'support-measure') {
    return {
      decision: 'support-measure',
      reasons: [
        {
          code: 'VARIANT_SUPPORT_MEASURE',
          text: 'Fördermaßnahme: Ermessensduldung.',
          paragraph: '§ 60a Abs. 2 S. 3 AufenthG',
        },
      ],
    };
  }
  if (!facts.residencePermitWanted) {
    return {
      decision: '60c',
      reasons: [
        {
          code: 'VARIANT_60C_REQUESTED',
          text: 'Beantragt ist die Ausbildungsduldung.',
          paragraph: '§ 60c Abs. 1 AufenthG',
        },
      ],
    };
  }
  const reasons: Reason[] = [];
  const need = facts.livesWithParents
    ? params.bafoegNeedCents.withParents
    : params.bafoegNeedCents.notWithParents;
  if (facts.monthlyMeansCents < need) {
    reasons.push({
      code: 'LIVING_COSTS_NOT_SECURED',
      text: `Der Lebensunterhalt ist nicht gesichert: monatliche Mittel ${euro(facts.monthlyMeansCents)} unter dem Bedarf nach § 12 BAföG von ${euro(need)}.`,
      paragraph: '§ 5 Abs. 1 Nr. 1, § 2 Abs. 3 AufenthG',
    });
  }
  if (!facts.passportAvailable && !facts.allReasonableIdentitySteps) {
    reasons.push({
      code: 'NO_PASSPORT',
      text: 'Die Passpflicht ist nicht erfüllt und es wurden nicht alle zumutbaren Schritte zur Passbeschaffung unternommen (kein Absehen möglich).',
      paragraph: '§ 16g Abs. 6 AufenthG, § 5 Abs. 1 Nr. 4 AufenthG',
    });
  }
  if (reasons.length) {
    return {
      decision: '60c',
      reasons: [
        ...reasons,
        {
          code: 'FALLBACK_60C',
          text: 'Die Ausbildungsduldung nach § 60c bleibt möglich.',
          paragraph: '§ 60c Abs. 1 AufenthG',
        },
      ],
    };
  }
  return {
    decision: '16g',
    reasons: [
      {
        code: 'RESIDENCE_PERMIT_16G',
        text: facts.passportAvailable
          ? `Lebensunterhalt gesichert (Bedarf nach § 12 BAföG ${euro(need)}); Pass liegt vor.`
          : `Lebensunterhalt gesichert (Bedarf nach § 12 BAföG ${euro(need)}); vom Passerfordernis wird abgesehen, weil alle zumutbaren Schritte unternommen wurden.`,
        paragraph: facts.passportAvailable ? '§ 16g Abs. 1 AufenthG' : '§ 16g Abs. 1, Abs. 6 AufenthG',
      },
    ],
  };
}

// ---- dates of the grant --------------------------------------------------------------------------------

/**
 * The earliest grant date (§ 60c Abs. 3 S. 2): for case Nr. 2 six months before training start; case Nr. 1
 * and support measures at once (the application date).
 */
export function earliestGrantDate(
  facts: {
    caseType: 'nr1' | 'nr2';
    variant: '60c' | '16g' | 'support-measure';
    trainingStart: string;
    applicationDate: string;
  },
  params: Pick<TrainingTolerationParams, 'earliestGrantMonths'>,
): string {
  if (facts.caseType === 'nr1' || facts.variant === 'support-measure') return facts.applicationDate;
  const earliest = addMonths(facts.trainingStart, -params.earliestGrantMonths);
  return earliest > facts.applicationDate ? earliest : facts.applicationDate;
}

/** § 60c Abs. 3 S. 4: the Duldung is granted for the duration of training fixed in the contract */
export function duldungPeriod(
  grantDate: string,
  trainingEnd: string,
): { validFrom: string; validTo: string } {
  return { validFrom: grantDate, validTo: trainingEnd };
}

// ---- monitoring ----------------------------------------------------------------------------------------

/**
 * Training ended early: the Duldung lapses (§ 60c Abs. 4); once, a 6-month Duldung to look for another
 * training place (§ 60c Abs. 6 S. 1). Without it the case goes to return management.
 */
export function afterEarlyEnd(
  facts: { endedOn: string; searchDuldungUsedBefore: boolean; variant: '60c' | '16g' | 'support-measure' },
  params: { searchMonths: number },
): RuleResult<'search-duldung' | 'handover'> & { searchUntil?: string } {
  const lapse: Reason = {
    code: 'DULDUNG_LAPSED',
    text: `Die Ausbildung wurde am ${fmt(facts.endedOn)} vorzeitig beendet; die Ausbildungsduldung ist erloschen.`,
    paragraph: facts.variant === 'support-measure' ? '§ 60a Abs. 2 S. 3 AufenthG' : '§ 60c Abs. 4 AufenthG',
  };
  if (facts.variant === 'support-measure') {
    return { decision: 'handover', reasons: [lapse] };
  }
  if (facts.searchDuldungUsedBefore) {
    return {
      decision: 'handover',
      reasons: [
        lapse,
        {
          code: 'SEARCH_DULDUNG_ALREADY_USED',
          text: 'Die Duldung zur Suche eines weiteren Ausbildungsplatzes wurde bereits einmal erteilt.',
          paragraph: '§ 60c Abs. 6 S. 1 AufenthG',
        },
      ],
    };
  }
  const searchUntil = addDays(addMonths(facts.endedOn, params.searchMonths), -1);
  return {
    decision: 'search-duldung',
    searchUntil,
    reasons: [
      lapse,
      {
        code: 'SEARCH_DULDUNG',
        text: `Einmalige Duldung für ${params.searchMonths} Monate bis ${fmt(searchUntil)} zur Suche eines weiteren Ausbildungsplatzes.`,
        paragraph: '§ 60c Abs. 6 S. 1 AufenthG',
      },
    ],
  };
}

/**
 * A ground of § 60c Abs. 2 Nr. 4 (intentional offence above the fine limits, extremist links, expulsion
 * or § 58a order) arises during training: the Duldung lapses by law (§ 60c Abs. 4). The search Duldung of
 * Abs. 6 S. 1 is only for an early end of the training, so the case goes to return management.
 */
export function afterExclusion(facts: { on: string; reason: string }): RuleResult<'lapsed'> {
  return {
    decision: 'lapsed',
    reasons: [
      {
        code: 'DULDUNG_LAPSED_EXCLUSION',
        text: `Am ${fmt(facts.on)} ist ein Ausschlussgrund eingetreten (${facts.reason}); die Ausbildungsduldung ist erloschen.`,
        paragraph: '§ 60c Abs. 4 i. V. m. Abs. 2 Nr. 4 AufenthG',
      },
      {
        code: 'NO_SEARCH_DULDUNG_AFTER_EXCLUSION',
        text: 'Eine Duldung zur Suche eines weiteren Ausbildungsplatzes kommt nur bei vorzeitiger Beendigung der Ausbildung in Betracht.',
        paragraph: '§ 60c Abs. 6 S. 1 AufenthG',
      },
    ],
  };
}

export interface CompletionFacts {
  passedOn: string;
  keptOnByCompany: boolean;
  employmentMatchesQualification: boolean;
  germanB1: boolean;
  adequateHousing: boolean;
  /** § 19d Abs. 1 Nr. 6–7 still met (no new conviction, no extremist links) */
  noSecurityExclusion: boolean;
}

/**
 * Training passed: a 2-year residence permit (§ 19d Abs. 1a) if the company keeps the person on and the
 * conditions hold; otherwise a 6-month Duldung to look for a job (§ 60c Abs. 6 S. 2), not extendable.
 */
export function afterCompletion(
  facts: CompletionFacts,
  params: { permitMonths: number; jobSearchMonths: number },
): RuleResult<'residence-permit' | 'job-search-duldung'> & { validFrom: string; validTo: string } {
  const missing: Reason[] = [];
  if (!facts.keptOnByCompany || !facts.employmentMatchesQualification) {
    missing.push({
      code: 'NOT_KEPT_ON',
      text: 'Keine der erworbenen Qualifikation entsprechende Weiterbeschäftigung im Ausbildungsbetrieb.',
      paragraph: '§ 19d Abs. 1a AufenthG',
    });
  }
  if (!facts.germanB1) {
    missing.push({
      code: 'GERMAN_BELOW_B1',
      text: 'Ausreichende Deutschkenntnisse (B1) sind nicht nachgewiesen.',
      paragraph: '§ 19d Abs. 1 Nr. 3 AufenthG, § 2 Abs. 11 AufenthG',
    });
  }
  if (!facts.adequateHousing) {
    missing.push({
      code: 'NO_ADEQUATE_HOUSING',
      text: 'Ausreichender Wohnraum ist nicht nachgewiesen.',
      paragraph: '§ 19d Abs. 1 Nr. 2 AufenthG',
    });
  }
  if (!facts.noSecurityExclusion) {
    missing.push({
      code: 'SECURITY_EXCLUSION',
      text: 'Ausschlussgrund nach § 19d Abs. 1 Nr. 6 oder 7.',
      paragraph: '§ 19d Abs. 1 Nr. 6–7 AufenthG',
    });
  }
  const validFrom = addDays(facts.passedOn, 1);
  if (!missing.length) {
    return {
      decision: 'residence-permit',
      validFrom,
      validTo: addDays(addMonths(validFrom, params.permitMonths), -1),
      reasons: [
        {
          code: 'RESIDENCE_PERMIT_19D_1A',
          text: `Ausbildung erfolgreich abgeschlossen und Weiterbeschäftigung im Ausbildungsbetrieb: Aufenthaltserlaubnis für ${params.permitMonths} Monate.`,
          paragraph: '§ 19d Abs. 1a AufenthG',
        },
      ],
    };
  }
  return {
    decision: 'job-search-duldung',
    validFrom,
    validTo: addDays(addMonths(validFrom, params.jobSearchMonths), -1),
    reasons: [
      ...missing,
      {
        code: 'JOB_SEARCH_DULDUNG',
        text: `Duldung für ${params.jobSearchMonths} Monate zur Suche einer der Qualifikation entsprechenden Beschäftigung; eine Verlängerung zu diesem Zweck ist ausgeschlossen.`,
        paragraph: '§ 60c Abs. 6 S. 2 AufenthG',
      },
    ],
  };
}

// ---- helpers -------------------------------------------------------------------------------------------

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function euro(cents: number): string {
  return `${new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100)} €`;
}
