import {
  assessAge,
  distributionExclusion,
  isUnaccompaniedMinor,
  umaDeadlines,
  type AgeAssessmentFacts,
  type ScreeningFacts,
  type UnaccompaniedFacts,
} from './uma.rules';

describe('isUnaccompaniedMinor (§ 42a Abs. 1 SGB VIII)', () => {
  const base: UnaccompaniedFacts = {
    dateOfBirth: '2010-05-01',
    on: '2026-12-01',
    enteredWith: 'none',
    married: false,
  };

  it.each<[string, string, Partial<UnaccompaniedFacts>, string, boolean, string[]]>([
    [
      'minor alone',
      '§ 42a Abs. 1 S. 2 SGB VIII',
      {},
      'unaccompanied-minor',
      false,
      ['UNDER_18', 'UNACCOMPANIED'],
    ],
    [
      'minor with a person holding custody',
      '§ 42a Abs. 1 S. 2 SGB VIII',
      { enteredWith: 'custodian' },
      'not-unaccompanied-minor',
      false,
      ['UNDER_18', 'ACCOMPANIED'],
    ],
    [
      'minor with a person entitled to bring them up',
      '§ 42a Abs. 1 S. 2 SGB VIII',
      { enteredWith: 'person-entitled-to-upbringing' },
      'not-unaccompanied-minor',
      false,
      ['UNDER_18', 'ACCOMPANIED'],
    ],
    [
      'minor with an adult cousin (no custody)',
      '§ 42a Abs. 1 S. 2 SGB VIII',
      { enteredWith: 'other-adult' },
      'unaccompanied-minor',
      false,
      ['UNDER_18', 'UNACCOMPANIED'],
    ],
    [
      'married minor travelling with the spouse',
      '§ 42a Abs. 1 S. 2 Hs. 2 SGB VIII',
      { enteredWith: 'spouse', married: true },
      'unaccompanied-minor',
      false,
      ['UNDER_18', 'UNACCOMPANIED', 'MARRIED_MINOR'],
    ],
    [
      'married minor alone',
      '§ 42a Abs. 1 S. 2 Hs. 2 SGB VIII',
      { married: true },
      'unaccompanied-minor',
      false,
      ['UNDER_18', 'UNACCOMPANIED', 'MARRIED_MINOR'],
    ],
    [
      '18th birthday on the day: of age',
      '§ 7 Abs. 1 Nr. 1, 2 SGB VIII',
      { dateOfBirth: '2008-12-01' },
      'not-unaccompanied-minor',
      false,
      ['OF_AGE'],
    ],
    [
      'one day before the 18th birthday: minor',
      '§ 7 Abs. 1 Nr. 1, 2 SGB VIII',
      { dateOfBirth: '2008-12-02' },
      'unaccompanied-minor',
      false,
      ['UNDER_18', 'UNACCOMPANIED'],
    ],
    [
      'age unknown: assessment required',
      '§ 42f Abs. 1 SGB VIII',
      { dateOfBirth: null },
      'unaccompanied-minor',
      true,
      ['AGE_UNKNOWN', 'UNACCOMPANIED'],
    ],
    [
      '§ 42f finding of adulthood prevails over the declared date',
      '§ 42f Abs. 1 SGB VIII',
      { ageFinding: 'adult' },
      'not-unaccompanied-minor',
      false,
      ['AGE_FINDING_ADULT'],
    ],
    [
      '§ 42f finding of minority prevails over the declared date',
      '§ 42f Abs. 1 SGB VIII',
      { dateOfBirth: '2000-01-01', ageFinding: 'minor' },
      'unaccompanied-minor',
      false,
      ['AGE_FINDING_MINOR', 'UNACCOMPANIED'],
    ],
  ])('%s (%s)', (_label, paragraph, overrides, decision, assessment, codes) => {
    const result = isUnaccompaniedMinor({ ...base, ...overrides });
    expect(result.decision).toBe(decision);
    expect(result.ageAssessmentRequired).toBe(assessment);
    expect(result.reasons.map((r) => r.code)).toEqual(codes);
    expect(result.reasons.map((r) => r.paragraph)).toContain(paragraph);
  });
});

describe('assessAge (§ 42f SGB VIII)', () => {
  const none: AgeAssessmentFacts = { idPapersPresented: false };

  it.each<[string, string, AgeAssessmentFacts, string, string[]]>([
    [
      'credible papers showing a minor',
      '§ 42f Abs. 1 S. 1 SGB VIII',
      { idPapersPresented: true, idPapersConclusive: true, idPapersShowMinor: true },
      'minor',
      ['PAPERS_MINOR'],
    ],
    [
      'credible papers showing an adult',
      '§ 42f Abs. 3 S. 1 SGB VIII',
      { idPapersPresented: true, idPapersConclusive: true, idPapersShowMinor: false },
      'adult',
      ['PAPERS_ADULT', 'NO_SUSPENSIVE_EFFECT'],
    ],
    [
      'no papers: visual assessment next',
      '§ 42f Abs. 1 S. 1 SGB VIII',
      none,
      'visual-assessment-required',
      ['NO_PAPERS', 'VISUAL_REQUIRED'],
    ],
    [
      'papers not conclusive: visual assessment next',
      '§ 42f Abs. 1 S. 1 SGB VIII',
      { idPapersPresented: true, idPapersConclusive: false },
      'visual-assessment-required',
      ['PAPERS_NOT_CONCLUSIVE', 'VISUAL_REQUIRED'],
    ],
    [
      'visual assessment: minor',
      '§ 42f Abs. 1 S. 1 SGB VIII',
      { ...none, visualAssessment: 'minor' },
      'minor',
      ['NO_PAPERS', 'VISUAL_MINOR'],
    ],
    [
      'visual assessment: clearly adult',
      '§ 42f Abs. 3 S. 1 SGB VIII',
      { ...none, visualAssessment: 'adult' },
      'adult',
      ['NO_PAPERS', 'VISUAL_ADULT', 'NO_SUSPENSIVE_EFFECT'],
    ],
    [
      'doubtful: medical examination next',
      '§ 42f Abs. 2 S. 1, 2 SGB VIII',
      { ...none, visualAssessment: 'doubtful' },
      'medical-examination-required',
      ['NO_PAPERS', 'VISUAL_DOUBTFUL', 'MEDICAL_REQUIRED'],
    ],
    [
      'doubtful, consent refused: minor (doubts remain)',
      '§ 42f Abs. 2 S. 3 SGB VIII',
      { ...none, visualAssessment: 'doubtful', medicalConsent: false },
      'minor',
      ['NO_PAPERS', 'VISUAL_DOUBTFUL', 'CONSENT_REFUSED'],
    ],
    [
      'medical examination: adult',
      '§ 42f Abs. 3 S. 1 SGB VIII',
      { ...none, visualAssessment: 'doubtful', medicalConsent: true, medicalExamination: 'adult' },
      'adult',
      ['NO_PAPERS', 'VISUAL_DOUBTFUL', 'MEDICAL_ADULT', 'NO_SUSPENSIVE_EFFECT'],
    ],
    [
      'medical examination: minor',
      '§ 42f Abs. 2 S. 1 SGB VIII',
      { ...none, visualAssessment: 'doubtful', medicalConsent: true, medicalExamination: 'minor' },
      'minor',
      ['NO_PAPERS', 'VISUAL_DOUBTFUL', 'MEDICAL_MINOR'],
    ],
    [
      'medical examination inconclusive: in dubio minor',
      '§ 42f Abs. 2 S. 1 SGB VIII',
      { ...none, visualAssessment: 'doubtful', medicalConsent: true, medicalExamination: 'doubtful' },
      'minor',
      ['NO_PAPERS', 'VISUAL_DOUBTFUL', 'MEDICAL_DOUBTFUL'],
    ],
  ])('%s (%s)', (_label, paragraph, facts, decision, codes) => {
    const result = assessAge(facts);
    expect(result.decision).toBe(decision);
    expect(result.reasons.map((r) => r.code)).toEqual(codes);
    expect(result.reasons.map((r) => r.paragraph)).toContain(paragraph);
  });
});

describe('umaDeadlines (§ 42a Abs. 4, § 42b Abs. 4 Nr. 4 SGB VIII)', () => {
  it.each([
    // start Fri 27.11.2026: Sa 28, Mo 30, Di 1, Mi 2, Do 3, Fr 4, Sa 5 (Werktage count Saturdays)
    ['Werktage include Saturdays', '§ 42a Abs. 4 S. 1 SGB VIII', '2026-11-27', '2026-12-05', '2026-12-27'],
    // start Tue 22.12.2026: 23, 24, (25/26 holidays, 27 Sunday) 28, 29, 30, 31, (1.1. holiday) 2.1.
    [
      'public holidays of Saxony-Anhalt are skipped',
      '§ 42a Abs. 4 S. 1 SGB VIII',
      '2026-12-22',
      '2027-01-02',
      '2027-01-22',
    ],
    // start Sat 31.01.2026: Werktage 2.–7.2., 9.2.; month end: 31.01. + 1 month = 28.02. (§ 188 Abs. 3 BGB)
    [
      'one month ends at the end of a shorter month',
      '§ 42b Abs. 4 Nr. 4 SGB VIII',
      '2026-01-31',
      '2026-02-09',
      '2026-02-28',
    ],
  ])('%s (%s)', (_label, paragraph, start, notificationDueOn, distributionDeadlineOn) => {
    const d = umaDeadlines(start);
    expect(d.notificationDueOn).toBe(notificationDueOn);
    expect(d.distributionDeadlineOn).toBe(distributionDeadlineOn);
    expect(d.reasons.map((r) => r.paragraph)).toContain(paragraph);
  });

  it('gives the instants at which the deadlines end (24:00 Berlin)', () => {
    const d = umaDeadlines('2026-11-27');
    expect(d.notificationDueAt).toBe('2026-12-05T23:00:00Z');
    expect(d.distributionExcludedAt).toBe('2026-12-27T23:00:00Z');
  });
});

describe('distributionExclusion (§ 42b Abs. 4 Nr. 1–3 SGB VIII)', () => {
  const none: ScreeningFacts = {
    welfareEndangeredByDistribution: false,
    healthPreventsDistribution: false,
    relativeReunificationSoon: false,
  };

  it.each<[string, string, Partial<ScreeningFacts>, string, string[]]>([
    ['no ground: distribute', '§ 42b Abs. 1 SGB VIII', {}, 'not-excluded', ['DISTRIBUTION']],
    [
      'child welfare endangered',
      '§ 42b Abs. 4 Nr. 1 SGB VIII',
      { welfareEndangeredByDistribution: true },
      'excluded',
      ['WELFARE'],
    ],
    [
      'health does not allow distribution within 14 Werktage',
      '§ 42b Abs. 4 Nr. 2 SGB VIII',
      { healthPreventsDistribution: true },
      'excluded',
      ['HEALTH'],
    ],
    [
      'reunification with a relative soon',
      '§ 42b Abs. 4 Nr. 3 SGB VIII',
      { relativeReunificationSoon: true },
      'excluded',
      ['RELATIVE'],
    ],
    [
      'several grounds are all named',
      '§ 42b Abs. 4 Nr. 1 SGB VIII',
      { welfareEndangeredByDistribution: true, relativeReunificationSoon: true },
      'excluded',
      ['WELFARE', 'RELATIVE'],
    ],
  ])('%s (%s)', (_label, paragraph, overrides, decision, codes) => {
    const result = distributionExclusion({ ...none, ...overrides });
    expect(result.decision).toBe(decision);
    expect(result.reasons.map((r) => r.code)).toEqual(codes);
    expect(result.reasons.map((r) => r.paragraph)).toContain(paragraph);
  });
});
