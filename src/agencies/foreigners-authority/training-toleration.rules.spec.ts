import {
  afterCompletion,
  afterEarlyEnd,
  afterExclusion,
  checkApplicationTiming,
  checkCaseType,
  checkContractRegistration,
  checkIdentityDeadline,
  checkResidencePermitVariant,
  checkSecurity,
  checkTrainingQualifies,
  checkWorkBanExclusions,
  earliestGrantDate,
  type CaseTypeFacts,
  type CompletionFacts,
  type IdentityFacts,
  type ResidencePermitFacts,
  type SecurityFacts,
  type TrainingFacts,
  type TrainingTolerationParams,
  type WorkBanFacts,
} from './training-toleration.rules';

/** the values of migration Migration20261128110300 */
const P: TrainingTolerationParams = {
  applicationLeadMonths: 7,
  earliestGrantMonths: 6,
  minTrainingMonths: 24,
  dualStudyAccepted: false,
  priorDuldungMonths: 3,
  identity: {
    earlyEntryUntil: '2016-12-31',
    middleEntryUntil: '2019-12-31',
    middleDeadline: '2020-06-30',
    monthsAfterEntry: 6,
  },
  fineLimits: { general: 50, foreignerOnly: 90 },
  safeCountryApplicationsAfter: '2015-08-31',
  safeCountriesOfOrigin: ['ALB', 'BIH', 'GEO', 'GHA', 'MDA', 'MKD', 'MNE', 'SEN', 'SRB', 'XKX'],
  transitional104Abs18: { nationalities: ['GEO', 'MDA'], cutoff: '2023-08-30' },
};

const codes = (r: { reasons: { code: string }[] }): string[] => r.reasons.map((x) => x.code);
const paragraphs = (r: { reasons: { paragraph: string }[] }): string =>
  r.reasons.map((x) => x.paragraph).join(' | ');

describe('checkApplicationTiming (§ 60c Abs. 3 S. 1)', () => {
  it.each([
    [
      '§ 60c Abs. 3 S. 1 AufenthG',
      'exactly 7 months before start',
      '2026-02-01',
      '2026-09-01',
      'admissible',
      'APPLICATION_IN_TIME',
    ],
    [
      '§ 60c Abs. 3 S. 1 AufenthG',
      'one day too early',
      '2026-01-31',
      '2026-09-01',
      'premature',
      'APPLICATION_PREMATURE',
    ],
    [
      '§ 60c Abs. 3 S. 1 AufenthG',
      'after the start (training under way)',
      '2026-10-15',
      '2026-09-01',
      'admissible',
      'APPLICATION_IN_TIME',
    ],
    [
      '§ 60c Abs. 3 S. 4 AufenthG',
      'end before start',
      '2026-03-01',
      '2026-09-01',
      'implausible',
      'TRAINING_DATES_IMPLAUSIBLE',
    ],
  ])('%s: %s', (paragraph, _label, applicationDate, trainingStart, decision, code) => {
    const trainingEnd = decision === 'implausible' ? '2026-08-01' : '2029-08-31';
    const r = checkApplicationTiming({ applicationDate, trainingStart, trainingEnd }, P);
    expect(r.decision).toBe(decision);
    expect(codes(r)).toEqual([code]);
    expect(paragraphs(r)).toContain(paragraph);
  });
});

describe('checkTrainingQualifies (§ 60c Abs. 1 S. 1 Nr. 1 a/b, § 2 Abs. 12a)', () => {
  const base: TrainingFacts = { trainingType: 'company', stateRecognised: true, regularDurationMonths: 36 };
  it.each<[string, string, Partial<TrainingFacts>, Partial<TrainingTolerationParams>, string, string[]]>([
    [
      '§ 60c Abs. 1 S. 1 Nr. 1 Buchst. a AufenthG',
      'company-based, 3 years',
      {},
      {},
      'qualified',
      ['QUALIFIED_TRAINING'],
    ],
    [
      '§ 60c Abs. 1 S. 1 Nr. 1 Buchst. a AufenthG',
      'school-based, exactly 24 months',
      { trainingType: 'school', regularDurationMonths: 24 },
      {},
      'qualified',
      ['QUALIFIED_TRAINING'],
    ],
    [
      '§ 2 Abs. 12a AufenthG',
      'shorter than 2 years',
      { regularDurationMonths: 23 },
      {},
      'not-qualified',
      ['TRAINING_TOO_SHORT'],
    ],
    [
      '§ 60c Abs. 1 S. 1 Nr. 1 AufenthG',
      'occupation not state-recognised',
      { stateRecognised: false },
      {},
      'not-qualified',
      ['OCCUPATION_NOT_RECOGNISED'],
    ],
    [
      '§ 2 Abs. 12a AufenthG',
      'dual study, not accepted [local]',
      { trainingType: 'dual-study' },
      {},
      'not-qualified',
      ['DUAL_STUDY_NOT_ACCEPTED'],
    ],
    [
      '§ 60c Abs. 1 S. 1 Nr. 1 Buchst. a AufenthG',
      'dual study, accepted [local]',
      { trainingType: 'dual-study' },
      { dualStudyAccepted: true },
      'qualified',
      ['QUALIFIED_TRAINING'],
    ],
    [
      '§ 60c Abs. 1 S. 1 Nr. 1 Buchst. b AufenthG',
      'helper training with shortage follow-on and commitment',
      {
        trainingType: 'helper',
        regularDurationMonths: 12,
        followOnShortageOccupation: true,
        followOnCommitment: true,
      },
      {},
      'helper',
      ['HELPER_TRAINING_WITH_FOLLOW_ON'],
    ],
    [
      '§ 60c Abs. 1 S. 1 Nr. 1 Buchst. b AufenthG',
      'helper training, follow-on not a shortage occupation',
      {
        trainingType: 'helper',
        regularDurationMonths: 12,
        followOnShortageOccupation: false,
        followOnCommitment: true,
      },
      {},
      'not-qualified',
      ['FOLLOW_ON_NOT_SHORTAGE'],
    ],
    [
      '§ 60c Abs. 1 S. 1 Nr. 1 Buchst. b AufenthG',
      'helper training without commitment letter',
      {
        trainingType: 'helper',
        regularDurationMonths: 12,
        followOnShortageOccupation: true,
        followOnCommitment: false,
      },
      {},
      'not-qualified',
      ['FOLLOW_ON_NO_COMMITMENT'],
    ],
    [
      '§ 60a Abs. 2 S. 3 AufenthG',
      'Einstiegsqualifizierung → support measure',
      { trainingType: 'eq', regularDurationMonths: 12 },
      {},
      'support-measure',
      ['SUPPORT_MEASURE'],
    ],
    [
      '§ 60a Abs. 2 S. 3 AufenthG',
      'preparatory measure → support measure',
      { trainingType: 'preparatory', stateRecognised: false, regularDurationMonths: 10 },
      {},
      'support-measure',
      ['SUPPORT_MEASURE'],
    ],
  ])('%s: %s', (paragraph, _label, facts, params, decision, expected) => {
    const r = checkTrainingQualifies({ ...base, ...facts }, { ...P, ...params });
    expect(r.decision).toBe(decision);
    expect(codes(r)).toEqual(expected);
    expect(paragraphs(r)).toContain(paragraph);
  });
});

describe('checkCaseType (§ 60c Abs. 1 S. 1 Nr. 1/2, Abs. 2 Nr. 2 and 5)', () => {
  const nr2: CaseTypeFacts = {
    caseType: 'nr2',
    applicationDate: '2026-05-15',
    duldungSince: '2026-01-10',
    duldung60bDays: 0,
    removalMeasures: {},
  };
  it.each<[string, string, Partial<CaseTypeFacts>, string, string[]]>([
    [
      '§ 60c Abs. 1 S. 1 Nr. 1 AufenthG',
      'Nr. 1: training begun as asylum seeker',
      { caseType: 'nr1', trainingBeganDuringAsylumProcedure: true, duldungSince: null },
      'nr1',
      ['NR1_ASYLUM_SEEKER'],
    ],
    [
      '§ 60c Abs. 1 S. 1 Nr. 1 AufenthG',
      'Nr. 1 claimed, training not begun during the procedure',
      { caseType: 'nr1', trainingBeganDuringAsylumProcedure: false },
      'not-eligible',
      ['NR1_TRAINING_NOT_BEGUN_AS_ASYLUM_SEEKER'],
    ],
    [
      '§ 60c Abs. 1 S. 1 Nr. 2, Abs. 2 Nr. 2 und 5 AufenthG',
      'Nr. 2: Duldung > 3 months, nothing pending',
      {},
      'nr2',
      ['NR2_DULDUNG_HELD'],
    ],
    [
      '§ 60c Abs. 1 S. 1 Nr. 2, Abs. 2 Nr. 2 und 5 AufenthG',
      'Nr. 2: exactly 3 months',
      { duldungSince: '2026-02-15' },
      'nr2',
      ['NR2_DULDUNG_HELD'],
    ],
    [
      '§ 60c Abs. 2 Nr. 2 AufenthG',
      'Nr. 2: one day short of 3 months',
      { duldungSince: '2026-02-16' },
      'not-eligible',
      ['NR2_PRIOR_DULDUNG_TOO_SHORT'],
    ],
    [
      '§ 60b Abs. 5 S. 1 AufenthG',
      'Nr. 2: § 60b days do not count',
      { duldungSince: '2026-01-10', duldung60bDays: 60 },
      'not-eligible',
      ['NR2_PRIOR_DULDUNG_TOO_SHORT'],
    ],
    [
      '§ 60c Abs. 1 S. 1 Nr. 2 AufenthG',
      'Nr. 2 without any Duldung',
      { duldungSince: null },
      'not-eligible',
      ['NR2_NO_DULDUNG'],
    ],
    [
      '§ 60c Abs. 2 Nr. 5 Buchst. a AufenthG',
      'a) fitness-to-travel exam ordered',
      { removalMeasures: { fitnessExamOrdered: true } },
      'not-eligible',
      ['NR2_REMOVAL_MEASURE_A'],
    ],
    [
      '§ 60c Abs. 2 Nr. 5 Buchst. b AufenthG',
      'b) state-funded voluntary return applied for',
      { removalMeasures: { voluntaryReturnApplied: true } },
      'not-eligible',
      ['NR2_REMOVAL_MEASURE_B'],
    ],
    [
      '§ 60c Abs. 2 Nr. 5 Buchst. c AufenthG',
      'c) transport booking started',
      { removalMeasures: { transportBookingStarted: true } },
      'not-eligible',
      ['NR2_REMOVAL_MEASURE_C'],
    ],
    [
      '§ 60c Abs. 2 Nr. 5 Buchst. d AufenthG',
      'd) comparable preparations',
      { removalMeasures: { comparablePreparations: true } },
      'not-eligible',
      ['NR2_REMOVAL_MEASURE_D'],
    ],
    [
      '§ 60c Abs. 1 S. 1 Nr. 2, Abs. 2 Nr. 2 und 5 AufenthG',
      'd) exception: clearly futile',
      { removalMeasures: { comparablePreparations: true, comparablePreparationsFutile: true } },
      'nr2',
      ['NR2_DULDUNG_HELD'],
    ],
    [
      '§ 60c Abs. 2 Nr. 5 Buchst. e AufenthG',
      'e) Dublin procedure initiated',
      { removalMeasures: { dublinProcedureStarted: true } },
      'not-eligible',
      ['NR2_REMOVAL_MEASURE_E'],
    ],
    [
      '§ 60c Abs. 1 S. 1 Nr. 1 AufenthG',
      'Nr. 1: pending measures do not apply',
      {
        caseType: 'nr1',
        trainingBeganDuringAsylumProcedure: true,
        removalMeasures: { dublinProcedureStarted: true },
      },
      'nr1',
      ['NR1_ASYLUM_SEEKER'],
    ],
  ])('%s: %s', (paragraph, _label, facts, decision, expected) => {
    const r = checkCaseType({ ...nr2, ...facts }, P);
    expect(r.decision).toBe(decision);
    expect(codes(r)).toEqual(expected);
    expect(paragraphs(r)).toContain(paragraph);
  });
});

describe('checkWorkBanExclusions (§ 60a Abs. 6, § 104 Abs. 18)', () => {
  const base: WorkBanFacts = {
    nationalities: ['SYR'],
    enteredToObtainBenefits: false,
    removalBlockedByOwnFault: false,
    asylumApplicationDate: '2022-03-01',
    asylumOutcome: 'rejected',
  };
  it.each<[string, string, Partial<WorkBanFacts>, string, string[]]>([
    ['§ 60c Abs. 2 Nr. 1 AufenthG', 'no exclusion', {}, 'no-exclusion', ['NO_WORK_BAN']],
    [
      '§ 60a Abs. 6 S. 1 Nr. 1 AufenthG',
      'entry to obtain benefits',
      { enteredToObtainBenefits: true },
      'excluded',
      ['WORK_BAN_BENEFITS'],
    ],
    [
      '§ 60a Abs. 6 S. 1 Nr. 2, S. 2 AufenthG',
      'removal blocked by own fault',
      { removalBlockedByOwnFault: true },
      'excluded',
      ['WORK_BAN_OWN_FAULT'],
    ],
    [
      '§ 60a Abs. 6 S. 1 Nr. 3 AufenthG',
      'safe country, rejected after 31.08.2015',
      { nationalities: ['ALB'] },
      'excluded',
      ['WORK_BAN_SAFE_COUNTRY'],
    ],
    [
      '§ 60a Abs. 6 S. 1 Nr. 3 AufenthG',
      'safe country, withdrawn without counselling',
      { nationalities: ['SRB'], asylumOutcome: 'withdrawn' },
      'excluded',
      ['WORK_BAN_SAFE_COUNTRY'],
    ],
    [
      '§ 60a Abs. 6 S. 1 Nr. 3 AufenthG',
      'safe country, never applied',
      { nationalities: ['XKX'], asylumOutcome: 'none', asylumApplicationDate: null },
      'excluded',
      ['WORK_BAN_SAFE_COUNTRY'],
    ],
    [
      '§ 60c Abs. 2 Nr. 1 AufenthG',
      'safe country, applied on 31.08.2015 (not after)',
      { nationalities: ['ALB'], asylumApplicationDate: '2015-08-31' },
      'no-exclusion',
      ['NO_WORK_BAN'],
    ],
    [
      '§ 60c Abs. 2 Nr. 1 AufenthG',
      'safe country, procedure still pending',
      { nationalities: ['ALB'], asylumOutcome: 'pending' },
      'no-exclusion',
      ['NO_WORK_BAN'],
    ],
    [
      '§ 60a Abs. 6 S. 1 Nr. 3 AufenthG, § 24 Abs. 1 AsylG',
      'exception: withdrawal after BAMF counselling',
      { nationalities: ['MKD'], asylumOutcome: 'withdrawn', withdrawalAfterCounselling: true },
      'no-exclusion',
      ['SAFE_COUNTRY_WITHDRAWAL_COUNSELLING', 'NO_WORK_BAN'],
    ],
    [
      '§ 60a Abs. 6 S. 1 Nr. 3 AufenthG',
      'counselling does not help a rejection',
      { nationalities: ['MKD'], asylumOutcome: 'rejected', withdrawalAfterCounselling: true },
      'excluded',
      ['WORK_BAN_SAFE_COUNTRY'],
    ],
    [
      '§ 60a Abs. 6 S. 2 AufenthG',
      'exception: UMA withdrawal in the child’s interest',
      { nationalities: ['GHA'], asylumOutcome: 'withdrawn', umaChildInterest: true },
      'no-exclusion',
      ['SAFE_COUNTRY_UMA_CHILD_INTEREST', 'NO_WORK_BAN'],
    ],
    [
      '§ 60a Abs. 6 S. 2 AufenthG',
      'exception: UMA who did not apply in the child’s interest',
      { nationalities: ['SEN'], asylumOutcome: 'none', asylumApplicationDate: null, umaChildInterest: true },
      'no-exclusion',
      ['SAFE_COUNTRY_UMA_CHILD_INTEREST', 'NO_WORK_BAN'],
    ],
    [
      '§ 60a Abs. 6 S. 1 Nr. 3 AufenthG',
      'UMA exception not for a rejection',
      { nationalities: ['GHA'], asylumOutcome: 'rejected', umaChildInterest: true },
      'excluded',
      ['WORK_BAN_SAFE_COUNTRY'],
    ],
    [
      '§ 104 Abs. 18 AufenthG',
      'Georgia: application on 30.08.2023',
      { nationalities: ['GEO'], asylumApplicationDate: '2023-08-30' },
      'no-exclusion',
      ['SAFE_COUNTRY_TRANSITIONAL_104_18', 'NO_WORK_BAN'],
    ],
    [
      '§ 60a Abs. 6 S. 1 Nr. 3 AufenthG',
      'Georgia: application on 31.08.2023',
      { nationalities: ['GEO'], asylumApplicationDate: '2023-08-31' },
      'excluded',
      ['WORK_BAN_SAFE_COUNTRY'],
    ],
    [
      '§ 104 Abs. 18 AufenthG',
      'Moldova: tolerated on 30.08.2023 without application',
      {
        nationalities: ['MDA'],
        asylumOutcome: 'none',
        asylumApplicationDate: null,
        toleratedOnCutoffWithoutApplication: true,
      },
      'no-exclusion',
      ['SAFE_COUNTRY_TRANSITIONAL_104_18', 'NO_WORK_BAN'],
    ],
    [
      '§ 60a Abs. 6 S. 1 Nr. 3 AufenthG',
      'Moldova: no application, not tolerated on the cut-off',
      { nationalities: ['MDA'], asylumOutcome: 'none', asylumApplicationDate: null },
      'excluded',
      ['WORK_BAN_SAFE_COUNTRY'],
    ],
    [
      '§ 60a Abs. 6 S. 1 Nr. 3 AufenthG',
      '§ 104 Abs. 18 only for GE/MD',
      { nationalities: ['ALB'], asylumApplicationDate: '2023-01-01' },
      'excluded',
      ['WORK_BAN_SAFE_COUNTRY'],
    ],
    [
      '§ 60a Abs. 6 S. 1 Nr. 3 AufenthG',
      'dual nationality: a safe nationality counts',
      { nationalities: ['SYR', 'ALB'] },
      'excluded',
      ['WORK_BAN_SAFE_COUNTRY'],
    ],
  ])('%s: %s', (paragraph, _label, facts, decision, expected) => {
    const r = checkWorkBanExclusions({ ...base, ...facts }, P);
    expect(r.decision).toBe(decision);
    expect(codes(r)).toEqual(expected);
    expect(paragraphs(r)).toContain(paragraph);
  });
});

describe('checkIdentityDeadline (§ 60c Abs. 2 Nr. 3, Abs. 7)', () => {
  const base: IdentityFacts = {
    entryDate: '2021-03-01',
    applicationDate: '2026-04-01',
    identityClarifiedOn: '2021-08-01',
    identityEvidence: 'passport',
  };
  it.each<[string, string, Partial<IdentityFacts>, string, string, string[]]>([
    [
      '§ 60c Abs. 2 Nr. 3 Buchst. a AufenthG',
      'entry 2016, clarified before application',
      { entryDate: '2016-05-01', identityClarifiedOn: '2026-03-01' },
      '2026-04-01',
      'met',
      ['IDENTITY_CLARIFIED_IN_TIME'],
    ],
    [
      '§ 60c Abs. 2 Nr. 3 Buchst. a AufenthG',
      'entry 31.12.2016, clarified after application',
      { entryDate: '2016-12-31', identityClarifiedOn: '2026-04-02' },
      '2026-04-01',
      'discretion-required',
      ['IDENTITY_DEADLINE_MISSED'],
    ],
    [
      '§ 60c Abs. 2 Nr. 3 Buchst. b AufenthG',
      'entry 2018, clarified by 30.06.2020',
      { entryDate: '2018-01-01', identityClarifiedOn: '2020-06-30' },
      '2020-06-30',
      'met',
      ['IDENTITY_CLARIFIED_IN_TIME'],
    ],
    [
      '§ 60c Abs. 2 Nr. 3 Buchst. b AufenthG',
      'entry 2019, clarified 01.07.2020',
      { entryDate: '2019-12-31', identityClarifiedOn: '2020-07-01' },
      '2020-06-30',
      'discretion-required',
      ['IDENTITY_DEADLINE_MISSED'],
    ],
    [
      '§ 60c Abs. 2 Nr. 3 Buchst. b AufenthG',
      'entry 2017, application before 30.06.2020: application date',
      { entryDate: '2017-02-01', applicationDate: '2019-05-01', identityClarifiedOn: '2019-06-01' },
      '2019-05-01',
      'discretion-required',
      ['IDENTITY_DEADLINE_MISSED'],
    ],
    [
      '§ 60c Abs. 2 Nr. 3 Buchst. c AufenthG',
      'entry 2021, clarified within 6 months',
      {},
      '2021-09-01',
      'met',
      ['IDENTITY_CLARIFIED_IN_TIME'],
    ],
    [
      '§ 60c Abs. 2 Nr. 3 Buchst. c AufenthG',
      'entry 2020-01-01, clarified after 6 months',
      { entryDate: '2020-01-01', identityClarifiedOn: '2020-07-02' },
      '2020-07-01',
      'discretion-required',
      ['IDENTITY_DEADLINE_MISSED'],
    ],
    [
      '§ 60c Abs. 2 Nr. 3 Buchst. c AufenthG',
      'exception: all reasonable steps in time, delay not own fault',
      { identityClarifiedOn: '2023-01-01', allReasonableStepsInTime: true, delayNotOwnFault: true },
      '2021-09-01',
      'met-reasonable-steps',
      ['IDENTITY_REASONABLE_STEPS'],
    ],
    [
      '§ 60c Abs. 2 Nr. 3 Buchst. c AufenthG',
      'steps taken but delay is own fault',
      { identityClarifiedOn: '2023-01-01', allReasonableStepsInTime: true, delayNotOwnFault: false },
      '2021-09-01',
      'discretion-required',
      ['IDENTITY_DEADLINE_MISSED'],
    ],
    [
      '§ 60c Abs. 2 Nr. 3 Buchst. c AufenthG',
      'ladder: biometric document counts',
      { identityEvidence: 'biometric-document' },
      '2021-09-01',
      'met',
      ['IDENTITY_CLARIFIED_IN_TIME'],
    ],
    [
      '§ 60c Abs. 2 Nr. 3 Buchst. c AufenthG',
      'ladder: non-biometric document leading to a passport counts',
      { identityEvidence: 'non-biometric-document', evidenceLeadsToPassport: true },
      '2021-09-01',
      'met',
      ['IDENTITY_CLARIFIED_IN_TIME'],
    ],
    [
      '§ 60c Abs. 2 Nr. 3 Buchst. c AufenthG',
      'ladder: non-biometric document that cannot lead to a passport',
      { identityEvidence: 'non-biometric-document', evidenceLeadsToPassport: false },
      '2021-09-01',
      'discretion-required',
      ['IDENTITY_EVIDENCE_INSUFFICIENT'],
    ],
    [
      '§ 60c Abs. 7 AufenthG',
      'missed, discretion granted',
      { identityClarifiedOn: '2024-01-01', discretionGranted: true },
      '2021-09-01',
      'met-by-discretion',
      ['IDENTITY_DEADLINE_MISSED', 'IDENTITY_DISCRETION_GRANTED'],
    ],
    [
      '§ 60c Abs. 7 AufenthG',
      'missed, discretion refused',
      { identityClarifiedOn: null, identityEvidence: 'none', discretionGranted: false },
      '2021-09-01',
      'not-met',
      ['IDENTITY_DEADLINE_MISSED', 'IDENTITY_DISCRETION_REFUSED'],
    ],
  ])('%s: %s', (paragraph, _label, facts, deadline, decision, expected) => {
    const r = checkIdentityDeadline({ ...base, ...facts }, P);
    expect(r.deadline).toBe(deadline);
    expect(r.decision).toBe(decision);
    expect(codes(r)).toEqual(expected);
    expect(paragraphs(r)).toContain(paragraph);
  });
});

describe('checkSecurity (§ 60c Abs. 1 S. 2, Abs. 2 Nr. 4, § 19d Abs. 1 Nr. 6–7)', () => {
  const clean: SecurityFacts = {
    intentionalConviction: false,
    onlyFines: true,
    finesTotal: 0,
    finesForeignerOnly: 0,
    extremistLinks: false,
    expulsionOrder: false,
    removalOrder58a: false,
    obviousAbuse: false,
  };
  const fined = (total: number, foreignerOnly: number): Partial<SecurityFacts> => ({
    intentionalConviction: true,
    finesTotal: total,
    finesForeignerOnly: foreignerOnly,
  });
  it.each<[string, string, Partial<SecurityFacts>, string, string[]]>([
    ['§ 60c Abs. 2 Nr. 4 AufenthG', 'no conviction, no links', {}, 'clear', ['NO_SECURITY_EXCLUSION']],
    [
      '§ 19d Abs. 1 Nr. 6 AufenthG',
      'fines of 50 Tagessätze are ignored',
      fined(50, 0),
      'clear',
      ['FINES_BELOW_LIMIT', 'NO_SECURITY_EXCLUSION'],
    ],
    [
      '§ 19d Abs. 1 Nr. 6 AufenthG',
      '51 Tagessätze for a general offence',
      fined(51, 0),
      'excluded',
      ['FINES_ABOVE_LIMIT'],
    ],
    [
      '§ 19d Abs. 1 Nr. 6 AufenthG',
      '90 Tagessätze for offences only foreigners can commit',
      fined(90, 90),
      'clear',
      ['FINES_BELOW_LIMIT', 'NO_SECURITY_EXCLUSION'],
    ],
    [
      '§ 19d Abs. 1 Nr. 6 AufenthG',
      '91 Tagessätze foreigner-only',
      fined(91, 91),
      'excluded',
      ['FINES_ABOVE_LIMIT'],
    ],
    [
      '§ 19d Abs. 1 Nr. 6 AufenthG',
      'mixed: 40 general + 50 foreigner-only = 90',
      fined(90, 50),
      'clear',
      ['FINES_BELOW_LIMIT', 'NO_SECURITY_EXCLUSION'],
    ],
    [
      '§ 19d Abs. 1 Nr. 6 AufenthG',
      'mixed: 60 general + 30 foreigner-only',
      fined(90, 30),
      'excluded',
      ['FINES_ABOVE_LIMIT'],
    ],
    [
      '§ 19d Abs. 1 Nr. 6 AufenthG',
      'custodial sentence',
      { intentionalConviction: true, onlyFines: false, finesTotal: 0 },
      'excluded',
      ['CONVICTION'],
    ],
    [
      '§ 19d Abs. 1 Nr. 7 AufenthG',
      'extremist or terrorist links',
      { extremistLinks: true },
      'excluded',
      ['EXTREMIST_LINKS'],
    ],
    [
      '§ 60c Abs. 2 Nr. 4 AufenthG',
      'expulsion order',
      { expulsionOrder: true },
      'excluded',
      ['EXPULSION_ORDER'],
    ],
    [
      '§ 60c Abs. 2 Nr. 4 AufenthG',
      '§ 58a removal order',
      { removalOrder58a: true },
      'excluded',
      ['REMOVAL_ORDER_58A'],
    ],
    ['§ 60c Abs. 1 S. 2 AufenthG', 'obvious abuse', { obviousAbuse: true }, 'excluded', ['OBVIOUS_ABUSE']],
  ])('%s: %s', (paragraph, _label, facts, decision, expected) => {
    const r = checkSecurity({ ...clean, ...facts }, P);
    expect(r.decision).toBe(decision);
    expect(codes(r)).toEqual(expected);
    expect(paragraphs(r)).toContain(paragraph);
  });
});

describe('checkContractRegistration (§ 60c Abs. 3 S. 3)', () => {
  it.each<[string, string, Parameters<typeof checkContractRegistration>[0], string, string]>([
    [
      '§ 60c Abs. 3 S. 3 AufenthG',
      'chamber registration applied before the application',
      { trainingType: 'company', applicationDate: '2026-03-01', chamberRegistrationAppliedOn: '2026-02-20' },
      'registered',
      'CHAMBER_REGISTRATION',
    ],
    [
      '§ 60c Abs. 3 S. 3 AufenthG',
      'chamber registration only after the application',
      { trainingType: 'company', applicationDate: '2026-03-01', chamberRegistrationAppliedOn: '2026-03-02' },
      'not-registered',
      'NOT_REGISTERED',
    ],
    [
      '§ 60c Abs. 3 S. 3 AufenthG',
      'company-based without registration',
      { trainingType: 'helper', applicationDate: '2026-03-01' },
      'not-registered',
      'NOT_REGISTERED',
    ],
    [
      '§ 60c Abs. 3 S. 3 AufenthG',
      'school contract concluded',
      { trainingType: 'school', applicationDate: '2026-03-01', schoolContractConcluded: true },
      'registered',
      'SCHOOL_CONTRACT',
    ],
    [
      '§ 60c Abs. 3 S. 3 AufenthG',
      'school approval to the contract',
      { trainingType: 'school', applicationDate: '2026-03-01', schoolApproval: true },
      'registered',
      'SCHOOL_APPROVAL',
    ],
    [
      '§ 60c Abs. 3 S. 3 AufenthG',
      'school-based, nothing on file',
      { trainingType: 'school', applicationDate: '2026-03-01' },
      'not-registered',
      'NOT_REGISTERED',
    ],
    [
      '§ 60a Abs. 2 S. 3 AufenthG',
      'support measure needs no registration',
      { trainingType: 'eq', applicationDate: '2026-03-01' },
      'registered',
      'REGISTRATION_NOT_REQUIRED',
    ],
  ])('%s: %s', (paragraph, _label, facts, decision, code) => {
    const r = checkContractRegistration(facts);
    expect(r.decision).toBe(decision);
    expect(codes(r)).toEqual([code]);
    expect(paragraphs(r)).toContain(paragraph);
  });
});

describe('checkResidencePermitVariant (§ 16g)', () => {
  const params = { bafoegNeedCents: { withParents: 47400, notWithParents: 73600 } };
  const base: ResidencePermitFacts = {
    residencePermitWanted: true,
    trainingDecision: 'qualified',
    monthlyMeansCents: 90000,
    livesWithParents: false,
    passportAvailable: true,
    allReasonableIdentitySteps: false,
  };
  it.each<[string, string, Partial<ResidencePermitFacts>, string, string[]]>([
    ['§ 16g Abs. 1 AufenthG', 'wanted, living costs secured, passport', {}, '16g', ['RESIDENCE_PERMIT_16G']],
    [
      '§ 16g Abs. 1, Abs. 6 AufenthG',
      'passport waived after all reasonable steps',
      { passportAvailable: false, allReasonableIdentitySteps: true },
      '16g',
      ['RESIDENCE_PERMIT_16G'],
    ],
    [
      '§ 16g Abs. 6 AufenthG',
      'no passport, no waiver → § 60c fallback',
      { passportAvailable: false },
      '60c',
      ['NO_PASSPORT', 'FALLBACK_60C'],
    ],
    [
      '§ 5 Abs. 1 Nr. 1, § 2 Abs. 3 AufenthG',
      'means below the BAföG need → § 60c fallback',
      { monthlyMeansCents: 73599 },
      '60c',
      ['LIVING_COSTS_NOT_SECURED', 'FALLBACK_60C'],
    ],
    [
      '§ 16g Abs. 1 AufenthG',
      'living with parents: lower need',
      { monthlyMeansCents: 47400, livesWithParents: true },
      '16g',
      ['RESIDENCE_PERMIT_16G'],
    ],
    [
      '§ 60c Abs. 1 AufenthG',
      'not wanted',
      { residencePermitWanted: false },
      '60c',
      ['VARIANT_60C_REQUESTED'],
    ],
    [
      '§ 60a Abs. 2 S. 3 AufenthG',
      'support measure',
      { trainingDecision: 'support-measure' },
      'support-measure',
      ['VARIANT_SUPPORT_MEASURE'],
    ],
  ])('%s: %s', (paragraph, _label, facts, decision, expected) => {
    const r = checkResidencePermitVariant({ ...base, ...facts }, params);
    expect(r.decision).toBe(decision);
    expect(codes(r)).toEqual(expected);
    expect(paragraphs(r)).toContain(paragraph);
  });
});

describe('earliestGrantDate (§ 60c Abs. 3 S. 2)', () => {
  it.each<[string, string, Parameters<typeof earliestGrantDate>[0], string]>([
    [
      '§ 60c Abs. 3 S. 2 AufenthG',
      'Nr. 2: six months before start',
      { caseType: 'nr2', variant: '60c', trainingStart: '2026-09-01', applicationDate: '2026-02-10' },
      '2026-03-01',
    ],
    [
      '§ 60c Abs. 3 S. 2 AufenthG',
      'Nr. 2: application later than that',
      { caseType: 'nr2', variant: '60c', trainingStart: '2026-09-01', applicationDate: '2026-05-10' },
      '2026-05-10',
    ],
    [
      '§ 60c Abs. 3 S. 2 AufenthG',
      'Nr. 2, month end (§ 188 BGB)',
      { caseType: 'nr2', variant: '16g', trainingStart: '2026-08-31', applicationDate: '2026-02-01' },
      '2026-02-28',
    ],
    [
      '§ 60c Abs. 1 S. 1 Nr. 1 AufenthG',
      'Nr. 1: at once',
      { caseType: 'nr1', variant: '60c', trainingStart: '2026-09-01', applicationDate: '2026-02-10' },
      '2026-02-10',
    ],
    [
      '§ 60a Abs. 2 S. 3 AufenthG',
      'support measure: at once',
      {
        caseType: 'nr2',
        variant: 'support-measure',
        trainingStart: '2026-09-01',
        applicationDate: '2026-02-10',
      },
      '2026-02-10',
    ],
  ])('%s: %s', (_paragraph, _label, facts, expected) => {
    expect(earliestGrantDate(facts, P)).toBe(expected);
  });
});

describe('afterEarlyEnd (§ 60c Abs. 4, Abs. 6 S. 1)', () => {
  it.each<[string, string, Parameters<typeof afterEarlyEnd>[0], string, string[], string | undefined]>([
    [
      '§ 60c Abs. 6 S. 1 AufenthG',
      'first early end: 6-month search Duldung',
      { endedOn: '2027-03-15', searchDuldungUsedBefore: false, variant: '60c' },
      'search-duldung',
      ['DULDUNG_LAPSED', 'SEARCH_DULDUNG'],
      '2027-09-14',
    ],
    [
      '§ 60c Abs. 6 S. 1 AufenthG',
      'second early end: only once',
      { endedOn: '2027-03-15', searchDuldungUsedBefore: true, variant: '60c' },
      'handover',
      ['DULDUNG_LAPSED', 'SEARCH_DULDUNG_ALREADY_USED'],
      undefined,
    ],
    [
      '§ 60a Abs. 2 S. 3 AufenthG',
      'support measure ends: no search Duldung',
      { endedOn: '2027-03-15', searchDuldungUsedBefore: false, variant: 'support-measure' },
      'handover',
      ['DULDUNG_LAPSED'],
      undefined,
    ],
  ])('%s: %s', (paragraph, _label, facts, decision, expected, searchUntil) => {
    const r = afterEarlyEnd(facts, { searchMonths: 6 });
    expect(r.decision).toBe(decision);
    expect(codes(r)).toEqual(expected);
    expect(r.searchUntil).toBe(searchUntil);
    expect(paragraphs(r)).toContain(paragraph);
  });
});

describe('afterCompletion (§ 19d Abs. 1a, § 60c Abs. 6 S. 2)', () => {
  const ok: CompletionFacts = {
    passedOn: '2029-07-15',
    keptOnByCompany: true,
    employmentMatchesQualification: true,
    germanB1: true,
    adequateHousing: true,
    noSecurityExclusion: true,
  };
  it.each<[string, string, Partial<CompletionFacts>, string, string[], string]>([
    [
      '§ 19d Abs. 1a AufenthG',
      'kept on, B1, housing: 2-year permit',
      {},
      'residence-permit',
      ['RESIDENCE_PERMIT_19D_1A'],
      '2031-07-15',
    ],
    [
      '§ 19d Abs. 1a AufenthG',
      'not kept on: job-search Duldung',
      { keptOnByCompany: false },
      'job-search-duldung',
      ['NOT_KEPT_ON', 'JOB_SEARCH_DULDUNG'],
      '2030-01-15',
    ],
    [
      '§ 2 Abs. 11 AufenthG',
      'German below B1',
      { germanB1: false },
      'job-search-duldung',
      ['GERMAN_BELOW_B1', 'JOB_SEARCH_DULDUNG'],
      '2030-01-15',
    ],
    [
      '§ 19d Abs. 1 Nr. 2 AufenthG',
      'no adequate housing',
      { adequateHousing: false },
      'job-search-duldung',
      ['NO_ADEQUATE_HOUSING', 'JOB_SEARCH_DULDUNG'],
      '2030-01-15',
    ],
    [
      '§ 19d Abs. 1 Nr. 6–7 AufenthG',
      'new exclusion',
      { noSecurityExclusion: false },
      'job-search-duldung',
      ['SECURITY_EXCLUSION', 'JOB_SEARCH_DULDUNG'],
      '2030-01-15',
    ],
  ])('%s: %s', (paragraph, _label, facts, decision, expected, validTo) => {
    const r = afterCompletion({ ...ok, ...facts }, { permitMonths: 24, jobSearchMonths: 6 });
    expect(r.decision).toBe(decision);
    expect(codes(r)).toEqual(expected);
    expect(r.validFrom).toBe('2029-07-16');
    expect(r.validTo).toBe(validTo);
    expect(paragraphs(r)).toContain(paragraph);
  });
});

describe('afterExclusion (§ 60c Abs. 4 with Abs. 2 Nr. 4)', () => {
  it.each([
    [
      '§ 60c Abs. 4 i. V. m. Abs. 2 Nr. 4 AufenthG',
      'new conviction above the fine limits',
      'Verurteilung zu 120 Tagessätzen',
    ],
    ['§ 60c Abs. 6 S. 1 AufenthG', 'no search Duldung after an exclusion', 'Ausweisungsverfügung'],
  ])('%s: %s', (paragraph, _label, reason) => {
    const r = afterExclusion({ on: '2027-05-03', reason });
    expect(r.decision).toBe('lapsed');
    expect(codes(r)).toEqual(['DULDUNG_LAPSED_EXCLUSION', 'NO_SEARCH_DULDUNG_AFTER_EXCLUSION']);
    expect(r.reasons[0].text).toContain('03.05.2027');
    expect(r.reasons[0].text).toContain(reason);
    expect(paragraphs(r)).toContain(paragraph);
  });
});
