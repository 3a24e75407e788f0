import {
  benefitsReceivedBetween,
  checkEmploymentToleration,
  checkRevocation,
  grantValidTo,
  identityDeadline,
  missingDocuments,
  type EmploymentTolerationFacts,
  type EmploymentTolerationParams,
  type PersonConditionFacts,
  type RevocationFacts,
} from './employment-toleration.rules';

/** the values of the parameter rows (migration Migration20261128110200) */
const PARAMS: EmploymentTolerationParams = {
  entryCutOff: '2022-12-31',
  identityEarlyEntryCutOff: '2016-12-31',
  identityLateEntryDeadline: '2024-12-31',
  minDuldungMonths: 12,
  minEmploymentMonths: 12,
  minWeeklyHours: 20,
  livelihoodMonths: 12,
  germanOralLevel: 'A2',
  foreignerOffenceMaxTagessaetze: 90,
  shortInterruptionMaxDays: 90,
};

const NO_CONVICTION = {
  intentionalConvictions: 0,
  foreignerOffencesOnly: false,
  fineOnly: false,
  maxTagessaetze: 0,
};

function person(overrides: Partial<PersonConditionFacts> = {}): PersonConditionFacts {
  return {
    entryDate: '2019-05-10',
    identityClarifiedOn: '2023-03-01',
    identityAllStepsTaken: false,
    identityDelayNotAttributable: false,
    convictions: NO_CONVICTION,
    integrationCourseObliged: false,
    integrationCourseOutcome: 'not-attended',
    ...overrides,
  };
}

/** an applicant who meets every condition on 15.03.2026 */
function facts(overrides: Partial<EmploymentTolerationFacts> = {}): EmploymentTolerationFacts {
  return {
    applicationDate: '2026-03-15',
    applicant: person(),
    spouse: null,
    duldungPeriods: [{ type: 'Duldung §60a', from: '2022-01-01', to: null }],
    workBan: false,
    employment: {
      since: '2024-09-01',
      weeklyHours: 30,
      subjectToSocialInsurance: true,
      interruptionDays: 0,
      interruptionNotAttributable: false,
    },
    livelihood: {
      monthlyNetIncomesCents: Array<number>(12).fill(160000),
      currentNetIncomeCents: 160000,
      monthlyNeedCents: 120000,
      benefitsReceived: false,
    },
    germanOralLevel: 'A2',
    extremistLinks: false,
    expulsionOrder: false,
    removalOrder58a: false,
    children: {
      schoolAgeCount: 0,
      schoolAttendanceProven: false,
      expulsionInterestCase: false,
      btmgConviction: false,
    },
    ...overrides,
  };
}

describe('checkEmploymentToleration (§ 60d Abs. 1 AufenthG, G1–G7)', () => {
  it('grants when every condition is met', () => {
    const result = checkEmploymentToleration(facts(), PARAMS);
    expect(result.decision).toBe('eligible');
    expect(result.reasons.every((r) => r.outcome === 'met')).toBe(true);
    expect(result.reasons.every((r) => r.paragraph.includes('§'))).toBe(true);
  });

  // [description, paragraph cited, overrides, decision, reason code]
  const rows: [string, string, Partial<EmploymentTolerationFacts>, string, string][] = [
    // G1 entry
    [
      'G1 entry on the cut-off date',
      '§ 60d Abs. 1 AufenthG',
      { applicant: person({ entryDate: '2022-12-31', identityClarifiedOn: '2024-12-31' }) },
      'eligible',
      'ENTRY',
    ],
    [
      'G1 entry after the cut-off date',
      '§ 60d Abs. 1 AufenthG',
      { applicant: person({ entryDate: '2023-01-01', identityClarifiedOn: '2023-02-01' }) },
      'not eligible',
      'ENTRY_TOO_LATE',
    ],
    [
      'G1 spouse entered after the cut-off date',
      '§ 60d Abs. 1 AufenthG',
      { spouse: person({ entryDate: '2023-06-01', identityClarifiedOn: '2023-07-01' }) },
      'not eligible',
      'ENTRY_TOO_LATE',
    ],
    // G2 identity
    [
      'G2 entry ≤ 2016, identity clarified by the application',
      '§ 60d Abs. 1 Nr. 1 AufenthG',
      { applicant: person({ entryDate: '2015-10-01', identityClarifiedOn: '2026-03-01' }) },
      'eligible',
      'IDENTITY',
    ],
    [
      'G2 entry ≤ 2016, identity clarified after the application',
      '§ 60d Abs. 1 Nr. 1 AufenthG',
      { applicant: person({ entryDate: '2015-10-01', identityClarifiedOn: '2026-04-01' }) },
      'not eligible',
      'IDENTITY_NOT_CLARIFIED',
    ],
    [
      'G2 entry 2017–2022, identity clarified by 31.12.2024',
      '§ 60d Abs. 1 Nr. 1 AufenthG',
      { applicant: person({ identityClarifiedOn: '2024-12-31' }) },
      'eligible',
      'IDENTITY',
    ],
    [
      'G2 entry 2017–2022, identity clarified in 2025 (after 31.12.2024)',
      '§ 60d Abs. 1 Nr. 1 AufenthG',
      { applicant: person({ identityClarifiedOn: '2025-01-02' }) },
      'not eligible',
      'IDENTITY_NOT_CLARIFIED',
    ],
    [
      'G2 entry 2017–2022, application in 2024: deadline is the application date',
      '§ 60d Abs. 1 Nr. 1 AufenthG',
      {
        applicationDate: '2024-06-01',
        applicant: person({ identityClarifiedOn: '2024-07-01' }),
        duldungPeriods: [{ type: 'Duldung §60a', from: '2021-01-01', to: null }],
        employment: {
          since: '2023-01-01',
          weeklyHours: 30,
          subjectToSocialInsurance: true,
          interruptionDays: 0,
          interruptionNotAttributable: false,
        },
      },
      'not eligible',
      'IDENTITY_NOT_CLARIFIED',
    ],
    [
      'G2 exception: late, but all reasonable steps taken and not at fault → deadline deemed met',
      '§ 60d Abs. 1 Nr. 1 AufenthG (letzter Halbsatz)',
      {
        applicant: person({
          identityClarifiedOn: '2025-08-01',
          identityAllStepsTaken: true,
          identityDelayNotAttributable: true,
        }),
      },
      'eligible',
      'IDENTITY_DEADLINE_DEEMED_MET',
    ],
    [
      'G2 Abs. 4: not clarified, all reasonable steps taken → discretion',
      '§ 60d Abs. 4 AufenthG',
      { applicant: person({ identityClarifiedOn: null, identityAllStepsTaken: true }) },
      'discretion',
      'IDENTITY_DISCRETION',
    ],
    [
      'G2 spouse identity not clarified, no steps',
      '§ 60d Abs. 1 Nr. 1 AufenthG',
      { spouse: person({ identityClarifiedOn: null }) },
      'not eligible',
      'IDENTITY_NOT_CLARIFIED',
    ],
    // G3 Duldung
    [
      'G3 Duldung for less than 12 months',
      '§ 60d Abs. 1 Nr. 2 AufenthG',
      { duldungPeriods: [{ type: 'Duldung §60a', from: '2025-06-01', to: null }] },
      'not eligible',
      'DULDUNG_TOO_SHORT',
    ],
    [
      'G3 12 months only with § 60b periods → not counted',
      '§ 60d Abs. 1 Nr. 2, § 60b Abs. 5 AufenthG',
      {
        duldungPeriods: [
          { type: 'Duldung §60b', from: '2024-01-01', to: '2025-08-31' },
          { type: 'Duldung §60a', from: '2025-09-01', to: null },
        ],
      },
      'not eligible',
      'DULDUNG_60B_NOT_COUNTED',
    ],
    [
      'G3 12 months of § 60a Duldung besides § 60b periods',
      '§ 60d Abs. 1 Nr. 2 AufenthG',
      {
        duldungPeriods: [
          { type: 'Duldung §60a', from: '2023-01-01', to: '2024-12-31' },
          { type: 'Duldung §60b', from: '2025-01-01', to: '2025-06-30' },
          { type: 'Duldung §60a', from: '2025-07-01', to: null },
        ],
      },
      'eligible',
      'DULDUNG',
    ],
    // G4 employment and livelihood
    [
      'G4 fewer than 20 hours per week',
      '§ 60d Abs. 1 Nr. 3 AufenthG',
      {
        employment: {
          since: '2024-09-01',
          weeklyHours: 19.5,
          subjectToSocialInsurance: true,
          interruptionDays: 0,
          interruptionNotAttributable: false,
        },
      },
      'not eligible',
      'EMPLOYMENT_HOURS',
    ],
    [
      'G4 employed for less than 12 months',
      '§ 60d Abs. 1 Nr. 3 AufenthG',
      {
        employment: {
          since: '2025-04-01',
          weeklyHours: 30,
          subjectToSocialInsurance: true,
          interruptionDays: 0,
          interruptionNotAttributable: false,
        },
      },
      'not eligible',
      'EMPLOYMENT_TOO_SHORT',
    ],
    [
      'G4 not subject to social insurance (Minijob)',
      '§ 60d Abs. 1 Nr. 3 AufenthG',
      {
        employment: {
          since: '2024-09-01',
          weeklyHours: 20,
          subjectToSocialInsurance: false,
          interruptionDays: 0,
          interruptionNotAttributable: false,
        },
      },
      'not eligible',
      'EMPLOYMENT_NOT_INSURED',
    ],
    [
      'G4 exception: short interruption not at fault is ignored',
      '§ 60d Abs. 1 Nr. 3 AufenthG',
      {
        employment: {
          since: '2024-09-01',
          weeklyHours: 30,
          subjectToSocialInsurance: true,
          interruptionDays: 30,
          interruptionNotAttributable: true,
        },
        livelihood: {
          monthlyNetIncomesCents: [...Array<number>(11).fill(160000), 50000],
          currentNetIncomeCents: 160000,
          monthlyNeedCents: 120000,
          benefitsReceived: false,
        },
      },
      'eligible',
      'EMPLOYMENT_SHORT_INTERRUPTION_IGNORED',
    ],
    [
      'G4 interruption the person is responsible for',
      '§ 60d Abs. 1 Nr. 3 AufenthG, § 60d Abs. 3 S. 2 AufenthG',
      {
        employment: {
          since: '2024-09-01',
          weeklyHours: 30,
          subjectToSocialInsurance: true,
          interruptionDays: 30,
          interruptionNotAttributable: false,
        },
      },
      'not eligible',
      'EMPLOYMENT_INTERRUPTED',
    ],
    [
      'G4 interruption longer than short',
      '§ 60d Abs. 1 Nr. 3 AufenthG, § 60d Abs. 3 S. 2 AufenthG',
      {
        employment: {
          since: '2024-09-01',
          weeklyHours: 30,
          subjectToSocialInsurance: true,
          interruptionDays: 120,
          interruptionNotAttributable: true,
        },
      },
      'not eligible',
      'EMPLOYMENT_INTERRUPTED',
    ],
    [
      'G4 living costs not secured in one of the last 12 months',
      '§ 60d Abs. 1 Nr. 4 AufenthG',
      {
        livelihood: {
          monthlyNetIncomesCents: [...Array<number>(11).fill(160000), 110000],
          currentNetIncomeCents: 160000,
          monthlyNeedCents: 120000,
          benefitsReceived: false,
        },
      },
      'not eligible',
      'LIVELIHOOD_NOT_SECURED_PAST',
    ],
    [
      'G4 living costs not secured now',
      '§ 60d Abs. 1 Nr. 4 AufenthG',
      {
        livelihood: {
          monthlyNetIncomesCents: Array<number>(12).fill(160000),
          currentNetIncomeCents: 100000,
          monthlyNeedCents: 120000,
          benefitsReceived: false,
        },
      },
      'not eligible',
      'LIVELIHOOD_NOT_SECURED_NOW',
    ],
    [
      'G4 fewer than 12 monthly incomes recorded',
      '§ 60d Abs. 1 Nr. 4 AufenthG',
      {
        livelihood: {
          monthlyNetIncomesCents: Array<number>(10).fill(160000),
          currentNetIncomeCents: 160000,
          monthlyNeedCents: 120000,
          benefitsReceived: false,
        },
      },
      'not eligible',
      'LIVELIHOOD_NOT_SECURED_PAST',
    ],
    [
      'G4 AsylbLG benefits received in the last 12 months',
      '§ 60d Abs. 1 Nr. 4 AufenthG, § 2 Abs. 3 AufenthG',
      {
        livelihood: {
          monthlyNetIncomesCents: Array<number>(12).fill(160000),
          currentNetIncomeCents: 160000,
          monthlyNeedCents: 120000,
          benefitsReceived: true,
        },
      },
      'not eligible',
      'LIVELIHOOD_BENEFITS_RECEIVED',
    ],
    // G5 German
    [
      'G5 oral German B1 (above A2)',
      '§ 60d Abs. 1 Nr. 5, § 2 Abs. 10 AufenthG',
      { germanOralLevel: 'B1' },
      'eligible',
      'GERMAN',
    ],
    [
      'G5 oral German A1 only',
      '§ 60d Abs. 1 Nr. 5, § 2 Abs. 10 AufenthG',
      { germanOralLevel: 'A1' },
      'not eligible',
      'GERMAN_INSUFFICIENT',
    ],
    [
      'G5 no certificate',
      '§ 60d Abs. 1 Nr. 5, § 2 Abs. 10 AufenthG',
      { germanOralLevel: null },
      'not eligible',
      'GERMAN_INSUFFICIENT',
    ],
    // G6 offences and security
    [
      'G6 conviction for an intentional offence',
      '§ 60d Abs. 1 Nr. 6 AufenthG',
      {
        applicant: person({
          convictions: {
            intentionalConvictions: 1,
            foreignerOffencesOnly: false,
            fineOnly: true,
            maxTagessaetze: 30,
          },
        }),
      },
      'not eligible',
      'CONVICTION',
    ],
    [
      'G6 no 50-Tagessätze allowance: 40 Tagessätze for an ordinary offence refuse',
      '§ 60d Abs. 1 Nr. 6 AufenthG',
      {
        applicant: person({
          convictions: {
            intentionalConvictions: 1,
            foreignerOffencesOnly: false,
            fineOnly: true,
            maxTagessaetze: 40,
          },
        }),
      },
      'not eligible',
      'CONVICTION',
    ],
    [
      'G6 exception: foreigner-only offence, fine of 90 Tagessätze ignored',
      '§ 60d Abs. 1 Nr. 6 AufenthG, § 32 Abs. 2 Nr. 5a BZRG',
      {
        applicant: person({
          convictions: {
            intentionalConvictions: 1,
            foreignerOffencesOnly: true,
            fineOnly: true,
            maxTagessaetze: 90,
          },
        }),
      },
      'eligible',
      'CONVICTION_FOREIGNER_OFFENCE_IGNORED',
    ],
    [
      'G6 foreigner-only offence with 91 Tagessätze',
      '§ 60d Abs. 1 Nr. 6 AufenthG',
      {
        applicant: person({
          convictions: {
            intentionalConvictions: 1,
            foreignerOffencesOnly: true,
            fineOnly: true,
            maxTagessaetze: 91,
          },
        }),
      },
      'not eligible',
      'CONVICTION',
    ],
    [
      'G6 two foreigner-only convictions (a further entry in the register)',
      '§ 60d Abs. 1 Nr. 6 AufenthG',
      {
        applicant: person({
          convictions: {
            intentionalConvictions: 2,
            foreignerOffencesOnly: true,
            fineOnly: true,
            maxTagessaetze: 20,
          },
        }),
      },
      'not eligible',
      'CONVICTION',
    ],
    [
      'G6 spouse convicted',
      '§ 60d Abs. 1 Nr. 6 AufenthG',
      {
        spouse: person({
          convictions: {
            intentionalConvictions: 1,
            foreignerOffencesOnly: false,
            fineOnly: false,
            maxTagessaetze: 0,
          },
        }),
      },
      'not eligible',
      'CONVICTION',
    ],
    [
      'G6 extremist links',
      '§ 60d Abs. 1 Nr. 7 AufenthG',
      { extremistLinks: true },
      'not eligible',
      'EXTREMISM',
    ],
    [
      'G6 expulsion order',
      '§ 60d Abs. 1 Nr. 8 AufenthG',
      { expulsionOrder: true },
      'not eligible',
      'EXPULSION_ORDER',
    ],
    [
      'G6 § 58a order',
      '§ 60d Abs. 1 Nr. 8, § 58a AufenthG',
      { removalOrder58a: true },
      'not eligible',
      'REMOVAL_ORDER_58A',
    ],
    [
      'G6 children: school attendance proven',
      '§ 60d Abs. 1 Nr. 9 AufenthG',
      {
        children: {
          schoolAgeCount: 2,
          schoolAttendanceProven: true,
          expulsionInterestCase: false,
          btmgConviction: false,
        },
      },
      'eligible',
      'CHILDREN',
    ],
    [
      'G6 children: school attendance not proven',
      '§ 60d Abs. 1 Nr. 9 AufenthG',
      {
        children: {
          schoolAgeCount: 1,
          schoolAttendanceProven: false,
          expulsionInterestCase: false,
          btmgConviction: false,
        },
      },
      'not eligible',
      'SCHOOL_ATTENDANCE',
    ],
    [
      'G6 children: § 54 Abs. 2 Nr. 1–2 case',
      '§ 60d Abs. 1 Nr. 9 AufenthG, § 54 Abs. 2 Nr. 1 und 2 AufenthG',
      {
        children: {
          schoolAgeCount: 1,
          schoolAttendanceProven: true,
          expulsionInterestCase: true,
          btmgConviction: false,
        },
      },
      'not eligible',
      'CHILD_54_CASE',
    ],
    [
      'G6 children: BtMG conviction',
      '§ 60d Abs. 1 Nr. 9 AufenthG',
      {
        children: {
          schoolAgeCount: 1,
          schoolAttendanceProven: true,
          expulsionInterestCase: false,
          btmgConviction: true,
        },
      },
      'not eligible',
      'CHILD_BTMG',
    ],
    // G7 integration course
    [
      'G7 obliged and completed',
      '§ 60d Abs. 1 Nr. 10 AufenthG',
      { applicant: person({ integrationCourseObliged: true, integrationCourseOutcome: 'completed' }) },
      'eligible',
      'INTEGRATION_COURSE',
    ],
    [
      'G7 exception: drop-out not at fault',
      '§ 60d Abs. 1 Nr. 10 AufenthG',
      {
        applicant: person({
          integrationCourseObliged: true,
          integrationCourseOutcome: 'dropped-not-at-fault',
        }),
      },
      'eligible',
      'INTEGRATION_COURSE_DROPOUT_NOT_AT_FAULT',
    ],
    [
      'G7 obliged, dropped out at fault',
      '§ 60d Abs. 1 Nr. 10 AufenthG',
      { applicant: person({ integrationCourseObliged: true, integrationCourseOutcome: 'dropped-at-fault' }) },
      'not eligible',
      'INTEGRATION_COURSE_MISSING',
    ],
    [
      'G7 spouse obliged, not attended',
      '§ 60d Abs. 1 Nr. 10 AufenthG',
      { spouse: person({ integrationCourseObliged: true, integrationCourseOutcome: 'not-attended' }) },
      'not eligible',
      'INTEGRATION_COURSE_MISSING',
    ],
    // work ban
    ['work ban of § 60a Abs. 6', '§ 60a Abs. 6 AufenthG', { workBan: true }, 'not eligible', 'WORK_BAN'],
  ];

  it.each(rows)('%s (%s)', (_label, paragraph, overrides, decision, code) => {
    const result = checkEmploymentToleration(facts(overrides), PARAMS);
    expect(result.decision).toBe(decision);
    const match = result.reasons.find((r) => r.code === code);
    expect(match).toBeDefined();
    expect(match?.paragraph).toBe(paragraph);
    expect(match?.outcome).toBe(
      decision === 'not eligible' ? 'not met' : decision === 'discretion' ? 'discretion' : 'met',
    );
  });

  it('refuses rather than offering discretion when another condition fails too (§ 60d Abs. 4 AufenthG)', () => {
    const result = checkEmploymentToleration(
      facts({
        applicant: person({ identityClarifiedOn: null, identityAllStepsTaken: true }),
        germanOralLevel: 'A1',
      }),
      PARAMS,
    );
    expect(result.decision).toBe('not eligible');
  });

  it('takes the cut-off dates from the parameters (§ 60d Abs. 1 AufenthG)', () => {
    const later = { ...PARAMS, entryCutOff: '2023-12-31' };
    const f = facts({ applicant: person({ entryDate: '2023-06-01', identityClarifiedOn: '2023-07-01' }) });
    expect(checkEmploymentToleration(f, PARAMS).decision).toBe('not eligible');
    expect(checkEmploymentToleration(f, later).decision).toBe('eligible');
  });
});

describe('benefitsReceivedBetween (§ 60d Abs. 1 Nr. 4, § 2 Abs. 3 AufenthG)', () => {
  const window: [string, string] = ['2025-03-15', '2026-03-15'];
  it.each([
    ['no benefit history', [], false],
    ['benefits since 2023, never ended', [{ type: 'BenefitStarted', on: '2023-01-01' }], true],
    [
      'benefits ended before the 12 months',
      [
        { type: 'BenefitStarted', on: '2023-01-01' },
        { type: 'BenefitEnded', on: '2025-02-28' },
      ],
      false,
    ],
    [
      'benefits ended within the 12 months',
      [
        { type: 'BenefitStarted', on: '2023-01-01' },
        { type: 'BenefitEnded', on: '2025-05-31' },
      ],
      true,
    ],
    [
      'benefits started within the 12 months and ended',
      [
        { type: 'BenefitStarted', on: '2025-10-01' },
        { type: 'BenefitEnded', on: '2025-11-30' },
      ],
      true,
    ],
    ['benefits start only after the application', [{ type: 'BenefitStarted', on: '2026-04-01' }], false],
  ] as const)('%s → %s', (_label, events, expected) => {
    expect(benefitsReceivedBetween([...events], ...window)).toBe(expected);
  });
});

describe('identityDeadline (§ 60d Abs. 1 Nr. 1 AufenthG)', () => {
  it.each([
    ['2016-12-31', '2026-03-15', '2026-03-15'],
    ['2017-01-01', '2026-03-15', '2024-12-31'],
    ['2017-01-01', '2024-05-02', '2024-05-02'],
    ['2022-12-31', '2025-01-10', '2024-12-31'],
  ])('entry %s, application %s → %s', (entry, application, deadline) => {
    expect(identityDeadline(entry, application, PARAMS)).toBe(deadline);
  });
});

describe('checkRevocation (§ 60d Abs. 3 AufenthG)', () => {
  function revocation(overrides: Partial<RevocationFacts> = {}): RevocationFacts {
    return {
      on: '2027-02-01',
      employmentEndedOn: null,
      newEmploymentSince: null,
      newEmploymentWeeklyHours: 0,
      newEmploymentSubjectToSocialInsurance: false,
      interruptionNotAttributable: false,
      livelihoodSecured: true,
      applicantConvictions: NO_CONVICTION,
      spouseConvictions: null,
      ...overrides,
    };
  }

  const rows: [string, string, Partial<RevocationFacts>, string, string][] = [
    [
      'employment ended, no new employment',
      '§ 60d Abs. 3 S. 1, Abs. 1 Nr. 3 AufenthG',
      { employmentEndedOn: '2027-01-15', livelihoodSecured: false },
      'revoke',
      'EMPLOYMENT_ENDED',
    ],
    [
      'new employment the next day',
      '§ 60d Abs. 1 Nr. 3 AufenthG',
      {
        employmentEndedOn: '2027-01-15',
        newEmploymentSince: '2027-01-16',
        newEmploymentWeeklyHours: 25,
        newEmploymentSubjectToSocialInsurance: true,
      },
      'continue',
      'EMPLOYMENT_CONTINUED',
    ],
    [
      'exception: short interruption not at fault, new employment',
      '§ 60d Abs. 3 S. 2 AufenthG',
      {
        employmentEndedOn: '2026-12-31',
        newEmploymentSince: '2027-01-20',
        newEmploymentWeeklyHours: 25,
        newEmploymentSubjectToSocialInsurance: true,
        interruptionNotAttributable: true,
        livelihoodSecured: false,
      },
      'continue',
      'EMPLOYMENT_SHORT_INTERRUPTION_IGNORED',
    ],
    [
      'short interruption the person is responsible for',
      '§ 60d Abs. 3 S. 1, Abs. 1 Nr. 3 AufenthG',
      {
        employmentEndedOn: '2026-12-31',
        newEmploymentSince: '2027-01-20',
        newEmploymentWeeklyHours: 25,
        newEmploymentSubjectToSocialInsurance: true,
        interruptionNotAttributable: false,
      },
      'revoke',
      'EMPLOYMENT_ENDED',
    ],
    [
      'new employment below 20 hours',
      '§ 60d Abs. 3 S. 1, Abs. 1 Nr. 3 AufenthG',
      {
        employmentEndedOn: '2027-01-15',
        newEmploymentSince: '2027-01-16',
        newEmploymentWeeklyHours: 15,
        newEmploymentSubjectToSocialInsurance: true,
      },
      'revoke',
      'EMPLOYMENT_ENDED',
    ],
    [
      'living costs no longer secured',
      '§ 60d Abs. 3 S. 1, Abs. 1 Nr. 4 AufenthG',
      { livelihoodSecured: false },
      'revoke',
      'LIVELIHOOD_NOT_SECURED',
    ],
    [
      'new conviction for an intentional offence',
      '§ 60d Abs. 3 S. 1, Abs. 1 Nr. 6 AufenthG',
      {
        applicantConvictions: {
          intentionalConvictions: 1,
          foreignerOffencesOnly: false,
          fineOnly: true,
          maxTagessaetze: 60,
        },
      },
      'revoke',
      'CONVICTION',
    ],
    [
      'new conviction of the spouse',
      '§ 60d Abs. 3 S. 1, Abs. 1 Nr. 6 AufenthG',
      {
        spouseConvictions: {
          intentionalConvictions: 1,
          foreignerOffencesOnly: false,
          fineOnly: false,
          maxTagessaetze: 0,
        },
      },
      'revoke',
      'CONVICTION',
    ],
    [
      'exception: new foreigner-only conviction up to 90 Tagessätze',
      '§ 60d Abs. 1 Nr. 6 AufenthG, § 32 Abs. 2 Nr. 5a BZRG',
      {
        applicantConvictions: {
          intentionalConvictions: 1,
          foreignerOffencesOnly: true,
          fineOnly: true,
          maxTagessaetze: 60,
        },
      },
      'continue',
      'CONVICTION_FOREIGNER_OFFENCE_IGNORED',
    ],
  ];

  it.each(rows)('%s (%s)', (_label, paragraph, overrides, decision, code) => {
    const result = checkRevocation(revocation(overrides), PARAMS);
    expect(result.decision).toBe(decision);
    const match = result.reasons.find((r) => r.code === code);
    expect(match?.paragraph).toBe(paragraph);
  });
});

describe('missingDocuments (§ 82 Abs. 1 AufenthG, Mitwirkung)', () => {
  const all = {
    docEmploymentContract: true,
    docPayslips: true,
    docSocialInsurance: true,
    docIdentity: true,
    docLanguageCertificate: true,
  };
  it.each([
    ['complete without children and course', all, 0, false, []],
    [
      'school certificates needed for children of school age',
      all,
      2,
      false,
      ['Schulbescheinigungen der Kinder'],
    ],
    ['course certificate needed when obliged', all, 0, true, ['Nachweis über den Integrationskurs']],
    [
      'payslips missing',
      { ...all, docPayslips: false },
      0,
      false,
      ['Lohn- und Gehaltsabrechnungen der letzten 12 Monate'],
    ],
  ])('%s', (_label, submitted, schoolAgeChildren, integrationCourseObliged, expected) => {
    expect(missingDocuments({ submitted, schoolAgeChildren, integrationCourseObliged })).toEqual(expected);
  });
});

describe('grantValidTo (§ 60d Abs. 1 AufenthG: 30 months)', () => {
  it.each([
    ['2026-04-01', 30, '2028-09-30'],
    ['2026-08-31', 30, '2029-02-28'],
    ['2026-03-01', 30, '2028-08-31'],
  ])('%s + %i months → %s', (from, months, to) => {
    expect(grantValidTo(from, months)).toBe(to);
  });
});
