/**
 * Beschäftigungsduldung (§ 60d AufenthG, BRIEF § 4): the conditions G1–G7 of § 60d Abs. 1 Nr. 1–10, the
 * work ban of § 60a Abs. 6, the discretion of Abs. 4 (identity), the revocation of Abs. 3 and the
 * completeness of the application. Pure functions: facts in, decision and reasons out. Cut-off dates and
 * thresholds come in as parameters (table `parameter`), since they are statutory but change often.
 */
import { addDays, addMonths, monthsBetween, parseDate } from '../../common/calendar';
import type { Reason } from '../../common/rules/rule-result';

export type ReasonOutcome = 'met' | 'not met' | 'discretion';

export interface EmploymentTolerationReason extends Reason {
  outcome: ReasonOutcome;
}

export const CEFR_LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
export type CefrLevel = (typeof CEFR_LEVELS)[number];

export interface EmploymentTolerationParams {
  /** § 60d Abs. 1 (Einleitung): entry by this date (31.12.2022) */
  entryCutOff: string;
  /** § 60d Abs. 1 Nr. 1: entry up to this date (31.12.2016) → identity clarified by the application */
  identityEarlyEntryCutOff: string;
  /** § 60d Abs. 1 Nr. 1: later entry → identity clarified by this date (31.12.2024), or by an earlier application */
  identityLateEntryDeadline: string;
  /** § 60d Abs. 1 Nr. 2: months of Duldung (12) */
  minDuldungMonths: number;
  /** § 60d Abs. 1 Nr. 3: months of employment (12) */
  minEmploymentMonths: number;
  /** § 60d Abs. 1 Nr. 3: weekly hours (20) */
  minWeeklyHours: number;
  /** § 60d Abs. 1 Nr. 4: months over which the living costs must have been secured (12) */
  livelihoodMonths: number;
  /** § 60d Abs. 1 Nr. 5 with § 2 Abs. 10: oral German (A2) */
  germanOralLevel: CefrLevel;
  /** § 60d Abs. 1 Nr. 6 with § 32 Abs. 2 Nr. 5a BZRG: fine up to which a foreigner-only offence is ignored (90) [?] */
  foreignerOffenceMaxTagessaetze: number;
  /** § 60d Abs. 3 S. 2: longest interruption (days) still counted as "kurzfristig" [local] */
  shortInterruptionMaxDays: number;
}

export interface ConvictionFacts {
  /** convictions for intentional offences committed in Germany (BZR) */
  intentionalConvictions: number;
  /** every such conviction is for an offence only a foreigner can commit (AufenthG, AsylG) */
  foreignerOffencesOnly: boolean;
  /** every such conviction is a fine (Geldstrafe), no prison sentence */
  fineOnly: boolean;
  /** the highest fine in Tagessätze */
  maxTagessaetze: number;
}

export type IntegrationCourseOutcome =
  'completed' | 'dropped-not-at-fault' | 'dropped-at-fault' | 'ongoing' | 'not-attended';

export interface PersonConditionFacts {
  entryDate: string;
  /** date the identity was clarified; null = not clarified */
  identityClarifiedOn: string | null;
  /** all required and reasonable steps to clarify the identity were taken in time */
  identityAllStepsTaken: boolean;
  /** the delay is not the person's fault */
  identityDelayNotAttributable: boolean;
  convictions: ConvictionFacts;
  integrationCourseObliged: boolean;
  integrationCourseOutcome: IntegrationCourseOutcome;
}

export interface DuldungPeriod {
  /** status type, e.g. 'Duldung §60a', 'Duldung §60b' */
  type: string;
  from: string;
  /** inclusive; null = open-ended */
  to: string | null;
}

export interface EmploymentFacts {
  /** employed (subject to social insurance, at least the weekly hours) without relevant interruption since */
  since: string | null;
  weeklyHours: number;
  subjectToSocialInsurance: boolean;
  /** days of interruption within the period */
  interruptionDays: number;
  interruptionNotAttributable: boolean;
}

export interface LivelihoodFacts {
  /** net income of each of the last months, integer cents */
  monthlyNetIncomesCents: number[];
  currentNetIncomeCents: number;
  /** monthly need of the household (Bedarf), integer cents */
  monthlyNeedCents: number;
  /** AsylbLG benefits received during the months (public funds, § 2 Abs. 3 AufenthG) */
  benefitsReceived: boolean;
}

export interface ChildrenFacts {
  /** minor unmarried children of school age living in the family */
  schoolAgeCount: number;
  schoolAttendanceProven: boolean;
  /** a case of § 54 Abs. 2 Nr. 1 or 2 for one of the children */
  expulsionInterestCase: boolean;
  /** a child convicted under the BtMG */
  btmgConviction: boolean;
}

export interface EmploymentTolerationFacts {
  applicationDate: string;
  applicant: PersonConditionFacts;
  spouse: PersonConditionFacts | null;
  duldungPeriods: DuldungPeriod[];
  /** Beschäftigungsverbot nach § 60a Abs. 6 */
  workBan: boolean;
  employment: EmploymentFacts;
  livelihood: LivelihoodFacts;
  germanOralLevel: CefrLevel | null;
  /** links to extremist or terrorist organisations (applicant or spouse) */
  extremistLinks: boolean;
  expulsionOrder: boolean;
  removalOrder58a: boolean;
  children: ChildrenFacts;
}

export type EmploymentTolerationDecision = 'eligible' | 'discretion' | 'not eligible';

export interface EmploymentTolerationResult {
  decision: EmploymentTolerationDecision;
  reasons: EmploymentTolerationReason[];
}

const P = '§ 60d Abs. 1';

function reason(
  code: string,
  outcome: ReasonOutcome,
  paragraph: string,
  text: string,
): EmploymentTolerationReason {
  return { code, outcome, paragraph, text };
}

function de(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}`;
}

/** G1: entry by the cut-off date (applicant and spouse) */
function entryReason(
  facts: EmploymentTolerationFacts,
  params: EmploymentTolerationParams,
): EmploymentTolerationReason {
  const late = [facts.applicant, facts.spouse].some((p) => p && p.entryDate > params.entryCutOff);
  return late
    ? reason(
        'ENTRY_TOO_LATE',
        'not met',
        `${P} AufenthG`,
        `Einreise (Antragsteller/in oder Ehegatte) nach dem ${de(params.entryCutOff)}.`,
      )
    : reason('ENTRY', 'met', `${P} AufenthG`, `Einreise bis zum ${de(params.entryCutOff)}.`);
}

/** the identity deadline of § 60d Abs. 1 Nr. 1 by entry date */
export function identityDeadline(
  entryDate: string,
  applicationDate: string,
  params: EmploymentTolerationParams,
): string {
  if (entryDate <= params.identityEarlyEntryCutOff) return applicationDate; // entry up to 2016: by the application
  return applicationDate < params.identityLateEntryDeadline
    ? applicationDate
    : params.identityLateEntryDeadline;
}

/** G2: identity clarified in time; "Frist gilt als gewahrt" (Nr. 1 a.E.); otherwise discretion of Abs. 4 */
function identityReason(
  who: string,
  person: PersonConditionFacts,
  applicationDate: string,
  params: EmploymentTolerationParams,
): EmploymentTolerationReason {
  const deadline = identityDeadline(person.entryDate, applicationDate, params);
  const paragraph = `${P} Nr. 1 AufenthG`;
  if (person.identityClarifiedOn && person.identityClarifiedOn <= deadline) {
    return reason(
      'IDENTITY',
      'met',
      paragraph,
      `Identität (${who}) am ${de(person.identityClarifiedOn)} und damit bis zum ${de(deadline)} geklärt.`,
    );
  }
  if (person.identityClarifiedOn && person.identityAllStepsTaken && person.identityDelayNotAttributable) {
    return reason(
      'IDENTITY_DEADLINE_DEEMED_MET',
      'met',
      `${P} Nr. 1 AufenthG (letzter Halbsatz)`,
      `Identität (${who}) erst nach dem ${de(deadline)} geklärt; alle erforderlichen und zumutbaren Maßnahmen wurden fristgerecht ergriffen und die Verzögerung ist nicht zu vertreten: Frist gilt als gewahrt.`,
    );
  }
  if (person.identityAllStepsTaken) {
    return reason(
      'IDENTITY_DISCRETION',
      'discretion',
      '§ 60d Abs. 4 AufenthG',
      `Identität (${who}) nicht bis zum ${de(deadline)} geklärt, aber alle erforderlichen und zumutbaren Maßnahmen ergriffen: Ermessensentscheidung nach § 60d Abs. 4.`,
    );
  }
  return reason(
    'IDENTITY_NOT_CLARIFIED',
    'not met',
    paragraph,
    `Identität (${who}) nicht bis zum ${de(deadline)} geklärt.`,
  );
}

/** merges periods and counts days up to (and including) the day before the application */
function duldungDays(periods: DuldungPeriod[], until: string): number {
  const sorted = periods
    .map((p) => ({ from: p.from, to: p.to === null || p.to > until ? until : p.to }))
    .filter((p) => p.from <= p.to)
    .sort((a, b) => (a.from < b.from ? -1 : 1));
  let days = 0;
  let end: string | null = null;
  for (const p of sorted) {
    const start = end && p.from <= end ? addDays(end, 1) : p.from;
    if (start <= p.to) days += daysBetween(start, p.to) + 1;
    if (!end || p.to > end) end = p.to;
  }
  return days;
}

function daysBetween(from: string, to: string): number {
  return Math.round((parseDate(to).getTime() - parseDate(from).getTime()) / 86_400_000);
}

/** G3: Duldung for the minimum months; § 60b periods do not count (§ 60b Abs. 5) */
function duldungReason(
  facts: EmploymentTolerationFacts,
  params: EmploymentTolerationParams,
): EmploymentTolerationReason {
  const until = addDays(facts.applicationDate, -1);
  const counted = facts.duldungPeriods.filter((p) => p.type.startsWith('Duldung') && !p.type.includes('60b'));
  const days = duldungDays(counted, until);
  const required = daysBetween(
    addMonths(facts.applicationDate, -params.minDuldungMonths),
    facts.applicationDate,
  );
  const excluded = facts.duldungPeriods.some((p) => p.type.includes('60b'));
  const note = excluded
    ? ' Zeiten einer Duldung nach § 60b sind nicht angerechnet (§ 60b Abs. 5 AufenthG).'
    : '';
  return days >= required
    ? reason(
        'DULDUNG',
        'met',
        `${P} Nr. 2 AufenthG`,
        `Seit mindestens ${params.minDuldungMonths} Monaten geduldet (${days} Tage angerechnet).${note}`,
      )
    : reason(
        excluded ? 'DULDUNG_60B_NOT_COUNTED' : 'DULDUNG_TOO_SHORT',
        'not met',
        excluded ? `${P} Nr. 2, § 60b Abs. 5 AufenthG` : `${P} Nr. 2 AufenthG`,
        `Weniger als ${params.minDuldungMonths} Monate Duldung (${days} Tage angerechnet).${note}`,
      );
}

/** whether an interruption is short and not the person's fault, so that it is ignored (Abs. 3 S. 2) */
function interruptionIgnored(e: EmploymentFacts, params: EmploymentTolerationParams): boolean {
  return (
    e.interruptionDays > 0 &&
    e.interruptionDays <= params.shortInterruptionMaxDays &&
    e.interruptionNotAttributable
  );
}

/** G4 (Nr. 3): employment subject to social insurance, ≥ hours, ≥ months; short blameless interruptions ignored */
function employmentReasons(
  facts: EmploymentTolerationFacts,
  params: EmploymentTolerationParams,
): EmploymentTolerationReason[] {
  const e = facts.employment;
  const reasons: EmploymentTolerationReason[] = [];
  const paragraph = `${P} Nr. 3 AufenthG`;
  if (!e.subjectToSocialInsurance) {
    reasons.push(
      reason(
        'EMPLOYMENT_NOT_INSURED',
        'not met',
        paragraph,
        'Die Beschäftigung ist nicht sozialversicherungspflichtig.',
      ),
    );
  }
  if (e.weeklyHours < params.minWeeklyHours) {
    reasons.push(
      reason(
        'EMPLOYMENT_HOURS',
        'not met',
        paragraph,
        `Regelmäßige Arbeitszeit ${e.weeklyHours} Stunden pro Woche, erforderlich sind mindestens ${params.minWeeklyHours}.`,
      ),
    );
  }
  const months = e.since ? monthsBetween(e.since, facts.applicationDate) : 0;
  if (months < params.minEmploymentMonths) {
    reasons.push(
      reason(
        'EMPLOYMENT_TOO_SHORT',
        'not met',
        paragraph,
        `Beschäftigt seit ${months} Monaten, erforderlich sind mindestens ${params.minEmploymentMonths}.`,
      ),
    );
  }
  if (e.interruptionDays > 0 && !interruptionIgnored(e, params)) {
    reasons.push(
      reason(
        'EMPLOYMENT_INTERRUPTED',
        'not met',
        `${paragraph}, § 60d Abs. 3 S. 2 AufenthG`,
        `Unterbrechung der Beschäftigung von ${e.interruptionDays} Tagen ist nicht kurzfristig (höchstens ${params.shortInterruptionMaxDays} Tage) oder selbst zu vertreten.`,
      ),
    );
  }
  if (reasons.length === 0) {
    const note = interruptionIgnored(e, params)
      ? ` Eine kurzfristige, nicht zu vertretende Unterbrechung von ${e.interruptionDays} Tagen bleibt unberücksichtigt (§ 60d Abs. 3 S. 2 AufenthG).`
      : '';
    reasons.push(
      reason(
        interruptionIgnored(e, params) ? 'EMPLOYMENT_SHORT_INTERRUPTION_IGNORED' : 'EMPLOYMENT',
        'met',
        paragraph,
        `Sozialversicherungspflichtige Beschäftigung mit ${e.weeklyHours} Wochenstunden seit ${months} Monaten.${note}`,
      ),
    );
  }
  return reasons;
}

/** G4 (Nr. 4): living costs secured over the last months and now; months of an ignored interruption tolerated */
function livelihoodReason(
  facts: EmploymentTolerationFacts,
  params: EmploymentTolerationParams,
): EmploymentTolerationReason {
  const l = facts.livelihood;
  const paragraph = `${P} Nr. 4 AufenthG`;
  const incomes = l.monthlyNetIncomesCents.slice(-params.livelihoodMonths);
  const tolerated = interruptionIgnored(facts.employment, params)
    ? Math.ceil(facts.employment.interruptionDays / 30)
    : 0;
  const shortMonths =
    incomes.filter((c) => c < l.monthlyNeedCents).length + (params.livelihoodMonths - incomes.length);
  if (l.currentNetIncomeCents < l.monthlyNeedCents) {
    return reason(
      'LIVELIHOOD_NOT_SECURED_NOW',
      'not met',
      paragraph,
      'Der Lebensunterhalt ist derzeit nicht durch die Beschäftigung gesichert.',
    );
  }
  if (l.benefitsReceived && tolerated === 0) {
    return reason(
      'LIVELIHOOD_BENEFITS_RECEIVED',
      'not met',
      `${paragraph}, § 2 Abs. 3 AufenthG`,
      `In den letzten ${params.livelihoodMonths} Monaten wurden Leistungen nach dem AsylbLG bezogen; der Lebensunterhalt war nicht durch die Beschäftigung gesichert.`,
    );
  }
  if (shortMonths > tolerated) {
    return reason(
      'LIVELIHOOD_NOT_SECURED_PAST',
      'not met',
      paragraph,
      `Der Lebensunterhalt war in ${shortMonths} der letzten ${params.livelihoodMonths} Monate nicht gesichert.`,
    );
  }
  return reason(
    'LIVELIHOOD',
    'met',
    tolerated > 0 && shortMonths > 0 ? `${paragraph}, § 60d Abs. 3 S. 2 AufenthG` : paragraph,
    `Der Lebensunterhalt ist gesichert und war in den letzten ${params.livelihoodMonths} Monaten gesichert.`,
  );
}

/** G5 (Nr. 5): oral German at the level (§ 2 Abs. 10 AufenthG: A2) */
function germanReason(
  facts: EmploymentTolerationFacts,
  params: EmploymentTolerationParams,
): EmploymentTolerationReason {
  const paragraph = `${P} Nr. 5, § 2 Abs. 10 AufenthG`;
  const ok =
    facts.germanOralLevel !== null &&
    CEFR_LEVELS.indexOf(facts.germanOralLevel) >= CEFR_LEVELS.indexOf(params.germanOralLevel);
  return ok
    ? reason(
        'GERMAN',
        'met',
        paragraph,
        `Hinreichende mündliche Deutschkenntnisse (${facts.germanOralLevel}).`,
      )
    : reason(
        'GERMAN_INSUFFICIENT',
        'not met',
        paragraph,
        `Mündliche Deutschkenntnisse auf Niveau ${params.germanOralLevel} nicht nachgewiesen.`,
      );
}

/**
 * Nr. 6: no conviction for an intentional offence committed in Germany. A single fine up to the threshold
 * for an offence only a foreigner can commit stays out of consideration as a rule (§ 32 Abs. 2 Nr. 5a BZRG).
 * No 50-Tagessätze allowance (unlike § 60c).
 */
export function convictionReason(
  who: string,
  c: ConvictionFacts,
  params: EmploymentTolerationParams,
): EmploymentTolerationReason {
  const paragraph = `${P} Nr. 6 AufenthG`;
  if (c.intentionalConvictions === 0) {
    return reason(
      'NO_CONVICTION',
      'met',
      paragraph,
      `Keine Verurteilung (${who}) wegen einer vorsätzlichen Straftat im Bundesgebiet.`,
    );
  }
  if (
    c.intentionalConvictions === 1 &&
    c.foreignerOffencesOnly &&
    c.fineOnly &&
    c.maxTagessaetze <= params.foreignerOffenceMaxTagessaetze
  ) {
    return reason(
      'CONVICTION_FOREIGNER_OFFENCE_IGNORED',
      'met',
      `${paragraph}, § 32 Abs. 2 Nr. 5a BZRG`,
      `Verurteilung (${who}) nur wegen einer Straftat, die nur von Ausländern begangen werden kann, zu höchstens ${params.foreignerOffenceMaxTagessaetze} Tagessätzen: bleibt in der Regel außer Betracht.`,
    );
  }
  return reason(
    'CONVICTION',
    'not met',
    paragraph,
    `Verurteilung (${who}) wegen einer vorsätzlichen Straftat im Bundesgebiet.`,
  );
}

/** Nr. 7, 8: extremism, expulsion order, § 58a order */
function securityReasons(facts: EmploymentTolerationFacts): EmploymentTolerationReason[] {
  const reasons: EmploymentTolerationReason[] = [];
  if (facts.extremistLinks) {
    reasons.push(
      reason(
        'EXTREMISM',
        'not met',
        `${P} Nr. 7 AufenthG`,
        'Bezüge zu extremistischen oder terroristischen Organisationen.',
      ),
    );
  }
  if (facts.expulsionOrder) {
    reasons.push(
      reason('EXPULSION_ORDER', 'not met', `${P} Nr. 8 AufenthG`, 'Es besteht eine Ausweisungsverfügung.'),
    );
  }
  if (facts.removalOrder58a) {
    reasons.push(
      reason(
        'REMOVAL_ORDER_58A',
        'not met',
        `${P} Nr. 8, § 58a AufenthG`,
        'Es besteht eine Abschiebungsanordnung nach § 58a.',
      ),
    );
  }
  if (reasons.length === 0) {
    reasons.push(
      reason(
        'SECURITY',
        'met',
        `${P} Nr. 7, 8 AufenthG`,
        'Keine extremistischen Bezüge, keine Ausweisungsverfügung und keine Abschiebungsanordnung nach § 58a.',
      ),
    );
  }
  return reasons;
}

/** Nr. 9: children of school age: attendance proven, no § 54 Abs. 2 Nr. 1–2 case, no BtMG conviction */
function childrenReasons(facts: EmploymentTolerationFacts): EmploymentTolerationReason[] {
  const c = facts.children;
  const paragraph = `${P} Nr. 9 AufenthG`;
  if (c.schoolAgeCount === 0)
    return [reason('CHILDREN_NONE', 'met', paragraph, 'Keine Kinder im schulpflichtigen Alter.')];
  const reasons: EmploymentTolerationReason[] = [];
  if (!c.schoolAttendanceProven) {
    reasons.push(
      reason(
        'SCHOOL_ATTENDANCE',
        'not met',
        paragraph,
        'Der tatsächliche Schulbesuch der Kinder ist nicht nachgewiesen.',
      ),
    );
  }
  if (c.expulsionInterestCase) {
    reasons.push(
      reason(
        'CHILD_54_CASE',
        'not met',
        `${paragraph}, § 54 Abs. 2 Nr. 1 und 2 AufenthG`,
        'Bei einem Kind liegt ein Fall des § 54 Abs. 2 Nr. 1 oder 2 vor.',
      ),
    );
  }
  if (c.btmgConviction) {
    reasons.push(
      reason(
        'CHILD_BTMG',
        'not met',
        paragraph,
        'Ein Kind ist wegen einer Straftat nach dem BtMG verurteilt.',
      ),
    );
  }
  if (reasons.length === 0)
    reasons.push(reason('CHILDREN', 'met', paragraph, 'Schulbesuch der Kinder nachgewiesen.'));
  return reasons;
}

/** Nr. 10: integration course completed where obliged, or the drop-out not the person's fault */
function integrationCourseReason(who: string, p: PersonConditionFacts): EmploymentTolerationReason {
  const paragraph = `${P} Nr. 10 AufenthG`;
  if (!p.integrationCourseObliged)
    return reason(
      'INTEGRATION_COURSE_NOT_OBLIGED',
      'met',
      paragraph,
      `Keine Verpflichtung zum Integrationskurs (${who}).`,
    );
  if (p.integrationCourseOutcome === 'completed')
    return reason(
      'INTEGRATION_COURSE',
      'met',
      paragraph,
      `Integrationskurs (${who}) erfolgreich abgeschlossen.`,
    );
  if (p.integrationCourseOutcome === 'dropped-not-at-fault') {
    return reason(
      'INTEGRATION_COURSE_DROPOUT_NOT_AT_FAULT',
      'met',
      paragraph,
      `Abbruch des Integrationskurses (${who}) nicht zu vertreten.`,
    );
  }
  return reason(
    'INTEGRATION_COURSE_MISSING',
    'not met',
    paragraph,
    `Integrationskurs (${who}) trotz Verpflichtung nicht erfolgreich abgeschlossen.`,
  );
}

/** § 60d Abs. 1 Nr. 1–10 (G1–G7) and § 60a Abs. 6: whether a Beschäftigungsduldung is to be granted */
export function checkEmploymentToleration(
  facts: EmploymentTolerationFacts,
  params: EmploymentTolerationParams,
): EmploymentTolerationResult {
  const persons: [string, PersonConditionFacts][] = [['Antragsteller/in', facts.applicant]];
  if (facts.spouse) persons.push(['Ehegatte/Lebenspartner', facts.spouse]);
  const reasons: EmploymentTolerationReason[] = [
    entryReason(facts, params),
    ...persons.map(([who, p]) => identityReason(who, p, facts.applicationDate, params)),
    duldungReason(facts, params),
    ...employmentReasons(facts, params),
    livelihoodReason(facts, params),
    germanReason(facts, params),
    ...persons.map(([who, p]) => convictionReason(who, p.convictions, params)),
    ...securityReasons(facts),
    ...childrenReasons(facts),
    ...persons.map(([who, p]) => integrationCourseReason(who, p)),
    facts.workBan
      ? reason(
          'WORK_BAN',
          'not met',
          '§ 60a Abs. 6 AufenthG',
          'Es besteht ein Beschäftigungsverbot nach § 60a Abs. 6; die Beschäftigung ist nicht erlaubt.',
        )
      : reason('NO_WORK_BAN', 'met', '§ 60a Abs. 6 AufenthG', 'Kein Beschäftigungsverbot nach § 60a Abs. 6.'),
  ];
  const decision: EmploymentTolerationDecision = reasons.some((r) => r.outcome === 'not met')
    ? 'not eligible'
    : reasons.some((r) => r.outcome === 'discretion')
      ? 'discretion'
      : 'eligible';
  return { decision, reasons };
}

export interface BenefitEvent {
  type: 'BenefitStarted' | 'BenefitEnded';
  /** ISO date of the start or end */
  on: string;
}

/** whether the benefit history (BenefitStarted/BenefitEnded events) shows benefits between two dates */
export function benefitsReceivedBetween(events: BenefitEvent[], from: string, to: string): boolean {
  let openSince: string | null = null;
  for (const e of [...events].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))) {
    if (e.type === 'BenefitStarted') openSince ??= e.on;
    else if (openSince !== null) {
      if (openSince <= to && e.on >= from) return true;
      openSince = null;
    }
  }
  return openSince !== null && openSince <= to;
}

// ---------------------------------------------------------------------------------------------------
// Revocation (§ 60d Abs. 3)

export interface RevocationFacts {
  /** the day of the re-check */
  on: string;
  /** the employment ended on this date (employer's report), if it did */
  employmentEndedOn: string | null;
  /** a new employment subject to social insurance with at least the hours, started on this date */
  newEmploymentSince: string | null;
  newEmploymentWeeklyHours: number;
  newEmploymentSubjectToSocialInsurance: boolean;
  /** the end of the employment is not the person's fault */
  interruptionNotAttributable: boolean;
  /** living costs secured now */
  livelihoodSecured: boolean;
  applicantConvictions: ConvictionFacts;
  spouseConvictions: ConvictionFacts | null;
}

export type RevocationDecision = 'revoke' | 'continue';

export interface RevocationResult {
  decision: RevocationDecision;
  reasons: EmploymentTolerationReason[];
}

/**
 * § 60d Abs. 3: the Duldung is revoked when a condition of Abs. 1 Nr. 1–10 no longer holds; a short
 * interruption of the employment (Nr. 3) or of the living costs (Nr. 4) the person is not responsible
 * for is ignored (S. 2). The integration course (Nr. 10) is checked only at the grant.
 */
export function checkRevocation(
  facts: RevocationFacts,
  params: EmploymentTolerationParams,
): RevocationResult {
  const reasons: EmploymentTolerationReason[] = [];
  const p3 = '§ 60d Abs. 3 S. 1, Abs. 1 Nr. 3 AufenthG';
  let interruptionBridged = false;
  if (facts.employmentEndedOn) {
    const newJobOk =
      facts.newEmploymentSince !== null &&
      facts.newEmploymentSince <= facts.on &&
      facts.newEmploymentSubjectToSocialInsurance &&
      facts.newEmploymentWeeklyHours >= params.minWeeklyHours;
    const gap = facts.newEmploymentSince
      ? Math.max(0, daysBetween(facts.employmentEndedOn, facts.newEmploymentSince) - 1)
      : Infinity;
    if (newJobOk && gap === 0) {
      reasons.push(
        reason(
          'EMPLOYMENT_CONTINUED',
          'met',
          '§ 60d Abs. 1 Nr. 3 AufenthG',
          'Anschlussbeschäftigung ohne Unterbrechung aufgenommen.',
        ),
      );
    } else if (newJobOk && gap <= params.shortInterruptionMaxDays && facts.interruptionNotAttributable) {
      interruptionBridged = true;
      reasons.push(
        reason(
          'EMPLOYMENT_SHORT_INTERRUPTION_IGNORED',
          'met',
          '§ 60d Abs. 3 S. 2 AufenthG',
          `Kurzfristige, nicht zu vertretende Unterbrechung von ${gap} Tagen; Anschlussbeschäftigung aufgenommen.`,
        ),
      );
    } else {
      reasons.push(
        reason(
          'EMPLOYMENT_ENDED',
          'not met',
          p3,
          `Beschäftigung am ${de(facts.employmentEndedOn)} beendet; keine Anschlussbeschäftigung nach einer kurzfristigen, nicht zu vertretenden Unterbrechung.`,
        ),
      );
    }
  }
  if (facts.livelihoodSecured) {
    reasons.push(
      reason('LIVELIHOOD', 'met', '§ 60d Abs. 1 Nr. 4 AufenthG', 'Der Lebensunterhalt ist gesichert.'),
    );
  } else if (interruptionBridged) {
    reasons.push(
      reason(
        'LIVELIHOOD_SHORT_INTERRUPTION_IGNORED',
        'met',
        '§ 60d Abs. 3 S. 2 AufenthG',
        'Lebensunterhalt nur während einer kurzfristigen, nicht zu vertretenden Unterbrechung nicht gesichert.',
      ),
    );
  } else {
    reasons.push(
      reason(
        'LIVELIHOOD_NOT_SECURED',
        'not met',
        '§ 60d Abs. 3 S. 1, Abs. 1 Nr. 4 AufenthG',
        'Der Lebensunterhalt ist nicht mehr gesichert.',
      ),
    );
  }
  const convictions: [string, ConvictionFacts][] = [['Antragsteller/in', facts.applicantConvictions]];
  if (facts.spouseConvictions) convictions.push(['Ehegatte/Lebenspartner', facts.spouseConvictions]);
  for (const [who, c] of convictions) {
    const r = convictionReason(who, c, params);
    reasons.push(r.outcome === 'met' ? r : { ...r, paragraph: `§ 60d Abs. 3 S. 1, Abs. 1 Nr. 6 AufenthG` });
  }
  return { decision: reasons.some((r) => r.outcome === 'not met') ? 'revoke' : 'continue', reasons };
}

// ---------------------------------------------------------------------------------------------------
// Completeness of the application

export const APPLICATION_DOCUMENTS = {
  docEmploymentContract: 'Arbeitsvertrag',
  docPayslips: 'Lohn- und Gehaltsabrechnungen der letzten 12 Monate',
  docSocialInsurance: 'Nachweis der Sozialversicherungspflicht (Meldebescheinigung)',
  docIdentity: 'Nachweis der Identität (Pass, Passersatz oder sonstige Nachweise)',
  docLanguageCertificate: 'Nachweis mündlicher Deutschkenntnisse (A2)',
  docSchoolCertificates: 'Schulbescheinigungen der Kinder',
  docIntegrationCourse: 'Nachweis über den Integrationskurs',
} as const;
export type ApplicationDocument = keyof typeof APPLICATION_DOCUMENTS;

export interface CompletenessFacts {
  submitted: Partial<Record<ApplicationDocument, boolean>>;
  schoolAgeChildren: number;
  integrationCourseObliged: boolean;
}

/** the documents still missing (German labels); school and course certificates only where needed */
export function missingDocuments(facts: CompletenessFacts): string[] {
  const needed = (Object.keys(APPLICATION_DOCUMENTS) as ApplicationDocument[]).filter(
    (doc) =>
      (doc !== 'docSchoolCertificates' || facts.schoolAgeChildren > 0) &&
      (doc !== 'docIntegrationCourse' || facts.integrationCourseObliged),
  );
  return needed.filter((doc) => facts.submitted[doc] !== true).map((doc) => APPLICATION_DOCUMENTS[doc]);
}

/**
 * The grant's last day: `months` after the start (§ 60d Abs. 1: 30 months). § 188 Abs. 2 BGB: the day
 * before the day with the start's number; § 188 Abs. 3: the month's last day if that day does not exist.
 */
export function grantValidTo(validFrom: string, months: number): string {
  const end = addMonths(validFrom, months);
  return end.slice(8) === validFrom.slice(8) ? addDays(end, -1) : end;
}
