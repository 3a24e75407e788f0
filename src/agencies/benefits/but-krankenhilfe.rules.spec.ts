import {
  benefitBasisInForce,
  decideButKrankenhilfe,
  endOfQuarter,
  type ButKrankenhilfeFacts,
  type ButRequestItem,
} from './but-krankenhilfe.rules';

/** 2026 parameters: school supplies 130 € + 65 €, participation 15 € a month (cents) */
const PARAMS = { schoolSuppliesFirstHalf: 13000, schoolSuppliesSecondHalf: 6500, participationMonthly: 1500 };

const pupil = (overrides: Partial<ButKrankenhilfeFacts> = {}): ButKrankenhilfeFacts => ({
  onDate: '2026-08-03',
  benefitBasis: '§3',
  requestType: 'BuT',
  age: 10,
  attendsSchool: true,
  inDaycare: false,
  receivesTrainingAllowance: false,
  items: [],
  schoolHalfYear: 'first',
  transportNotCoveredOtherwise: false,
  tutoringNeedConfirmed: false,
  ...overrides,
});
const item = (name: ButRequestItem['item'], amount = 0): ButRequestItem[] => [{ item: name, amount }];

describe('Bildung und Teilhabe (§ 3 Abs. 4 AsylbLG with §§ 34–34b SGB XII)', () => {
  it.each<[string, string, Partial<ButKrankenhilfeFacts>, 'granted' | 'refused', number]>([
    // paragraph, case, facts, decision, granted amount in cents
    [
      '§ 3 Abs. 4 AsylbLG i. V. m. § 34 Abs. 2 SGB XII',
      'school trip of a pupil',
      { items: item('schoolTrips', 8900) },
      'granted',
      8900,
    ],
    [
      '§ 3 Abs. 4 AsylbLG i. V. m. § 34 Abs. 2 SGB XII',
      'outing of a child in day care (Abs. 2 S. 2)',
      { age: 4, attendsSchool: false, inDaycare: true, items: item('schoolTrips', 1200) },
      'granted',
      1200,
    ],
    [
      '§ 3 Abs. 4 AsylbLG i. V. m. § 34 Abs. 2 SGB XII',
      'school trip neither pupil nor day care',
      { age: 4, attendsSchool: false, items: item('schoolTrips', 1200) },
      'refused',
      0,
    ],
    [
      '§ 3 Abs. 4 AsylbLG i. V. m. § 34 Abs. 2 SGB XII',
      'school trip without proven costs',
      { items: item('schoolTrips', 0) },
      'refused',
      0,
    ],
    [
      '§ 3 Abs. 4 AsylbLG i. V. m. § 34 Abs. 3 und 3a SGB XII',
      'school supplies, first half year: parameter 130 €',
      { items: item('schoolSupplies') },
      'granted',
      13000,
    ],
    [
      '§ 3 Abs. 4 AsylbLG i. V. m. § 34 Abs. 3 und 3a SGB XII',
      'school supplies, second half year: parameter 65 €',
      { schoolHalfYear: 'second', items: item('schoolSupplies', 99999) },
      'granted',
      6500,
    ],
    [
      '§ 3 Abs. 4 AsylbLG i. V. m. § 34 Abs. 1 S. 1 SGB XII',
      'school supplies at 25 (age limit)',
      { age: 25, items: item('schoolSupplies') },
      'refused',
      0,
    ],
    [
      '§ 3 Abs. 4 AsylbLG i. V. m. § 34 Abs. 1 S. 1 SGB XII',
      'school supplies with a training allowance',
      { age: 19, receivesTrainingAllowance: true, items: item('schoolSupplies') },
      'refused',
      0,
    ],
    [
      '§ 3 Abs. 4 AsylbLG i. V. m. § 34 Abs. 1 S. 1 SGB XII',
      'school supplies for a child in day care',
      { age: 5, attendsSchool: false, inDaycare: true, items: item('schoolSupplies') },
      'refused',
      0,
    ],
    [
      '§ 3 Abs. 4 AsylbLG i. V. m. § 34 Abs. 4 SGB XII',
      'transport not covered by the district',
      { transportNotCoveredOtherwise: true, items: item('transport', 3500) },
      'granted',
      3500,
    ],
    [
      '§ 3 Abs. 4 AsylbLG i. V. m. § 34 Abs. 4 SGB XII',
      'transport covered by the school transport',
      { items: item('transport', 3500) },
      'refused',
      0,
    ],
    [
      '§ 3 Abs. 4 AsylbLG i. V. m. § 34 Abs. 5 SGB XII',
      'tutoring confirmed by the school',
      { tutoringNeedConfirmed: true, items: item('tutoring', 24000) },
      'granted',
      24000,
    ],
    [
      '§ 3 Abs. 4 AsylbLG i. V. m. § 34 Abs. 5 SGB XII',
      'tutoring not confirmed as additionally needed',
      { items: item('tutoring', 24000) },
      'refused',
      0,
    ],
    [
      '§ 3 Abs. 4 AsylbLG i. V. m. § 34 Abs. 6 SGB XII',
      'lunch at school, actual costs without own share',
      { items: item('lunch', 6200) },
      'granted',
      6200,
    ],
    [
      '§ 3 Abs. 4 AsylbLG i. V. m. § 34 Abs. 6 SGB XII',
      'lunch in day care',
      { age: 3, attendsSchool: false, inDaycare: true, items: item('lunch', 5000) },
      'granted',
      5000,
    ],
    [
      '§ 3 Abs. 4 AsylbLG i. V. m. § 34 Abs. 7 SGB XII',
      'participation capped at 15 € a month',
      { items: item('participation', 2000) },
      'granted',
      1500,
    ],
    [
      '§ 3 Abs. 4 AsylbLG i. V. m. § 34 Abs. 7 SGB XII',
      'participation of a minor not at school',
      { age: 16, attendsSchool: false, items: item('participation', 1000) },
      'granted',
      1000,
    ],
    [
      '§ 3 Abs. 4 AsylbLG i. V. m. § 34 Abs. 7 SGB XII',
      'participation at 18',
      { age: 18, items: item('participation', 1000) },
      'refused',
      0,
    ],
    [
      '§ 2 Abs. 1 AsylbLG i. V. m. § 34 Abs. 3 und 3a SGB XII',
      'Analogleistungen: §§ 34 ff. SGB XII by analogy',
      { benefitBasis: '§2', items: item('schoolSupplies') },
      'granted',
      13000,
    ],
    ['§ 3 Abs. 4 AsylbLG i. V. m. § 34 Abs. 1 SGB XII', 'no item claimed', { items: [] }, 'refused', 0],
    [
      '§ 1 Abs. 1 AsylbLG',
      'no AsylbLG benefits in force',
      { benefitBasis: null, items: item('schoolSupplies') },
      'refused',
      0,
    ],
  ])('%s: %s', (paragraph, _case, overrides, decision, amount) => {
    const result = decideButKrankenhilfe(pupil(overrides), PARAMS);
    expect(result.decision).toBe(decision);
    expect(result.reasons.map((r) => r.paragraph)).toContain(paragraph);
    expect(result.grantedItems.reduce((sum, g) => sum + g.amount, 0)).toBe(amount);
  });

  it('grants some items and refuses others (§ 34 Abs. 3 and Abs. 5 SGB XII): partly granted, totals once and monthly', () => {
    const result = decideButKrankenhilfe(
      pupil({
        items: [
          { item: 'schoolSupplies', amount: 0 },
          { item: 'tutoring', amount: 24000 },
          { item: 'lunch', amount: 6200 },
        ],
      }),
      PARAMS,
    );
    expect(result.decision).toBe('partly-granted');
    expect(result.grantedItems.map((g) => [g.item, g.amount, g.monthly])).toEqual([
      ['schoolSupplies', 13000, false],
      ['lunch', 6200, true],
    ]);
    expect(result.refusedItems).toEqual([
      expect.objectContaining({
        item: 'tutoring',
        paragraph: '§ 3 Abs. 4 AsylbLG i. V. m. § 34 Abs. 5 SGB XII',
      }),
    ]);
    expect(result.onceTotal).toBe(13000);
    expect(result.monthlyTotal).toBe(6200);
  });
});

const patient = (overrides: Partial<ButKrankenhilfeFacts> = {}): ButKrankenhilfeFacts => ({
  onDate: '2026-11-28',
  benefitBasis: '§3',
  requestType: 'Krankenhilfe',
  treatmentType: 'acute',
  denturesUnavoidable: false,
  otherIndispensable: false,
  ...overrides,
});

describe('Krankenhilfe (§ 4 AsylbLG) and other indispensable needs (§ 6 AsylbLG)', () => {
  it.each<[string, string, Partial<ButKrankenhilfeFacts>, 'granted' | 'refused']>([
    ['§ 4 Abs. 1 S. 1 AsylbLG', 'acute illness or pain', {}, 'granted'],
    ['§ 4 Abs. 1 S. 2 AsylbLG', 'vaccination', { treatmentType: 'vaccination' }, 'granted'],
    ['§ 4 Abs. 1 S. 2 AsylbLG', 'medically required check-up', { treatmentType: 'checkup' }, 'granted'],
    ['§ 4 Abs. 2 AsylbLG', 'pregnancy and birth', { treatmentType: 'pregnancy' }, 'granted'],
    [
      '§ 4 Abs. 1 S. 3 AsylbLG',
      'dentures unavoidable for medical reasons',
      { treatmentType: 'dentures', denturesUnavoidable: true },
      'granted',
    ],
    ['§ 4 Abs. 1 S. 3 AsylbLG', 'dentures that can wait', { treatmentType: 'dentures' }, 'refused'],
    [
      '§ 6 Abs. 1 S. 1 AsylbLG',
      'other need indispensable for health',
      { treatmentType: 'other', otherIndispensable: true },
      'granted',
    ],
    ['§ 6 Abs. 1 S. 1 AsylbLG', 'other need not indispensable', { treatmentType: 'other' }, 'refused'],
    [
      '§ 2 Abs. 1 AsylbLG i. V. m. § 264 Abs. 2 SGB V',
      'Analogleistungen: the health insurance treats',
      { benefitBasis: '§2' },
      'refused',
    ],
    ['§ 4 Abs. 1 AsylbLG', 'no treatment claimed', { treatmentType: null }, 'refused'],
    ['§ 1 Abs. 1 AsylbLG', 'no AsylbLG benefits in force', { benefitBasis: null }, 'refused'],
  ])('%s: %s', (paragraph, _case, overrides, decision) => {
    const result = decideButKrankenhilfe(patient(overrides), PARAMS);
    expect(result.decision).toBe(decision);
    expect(result.reasons).toEqual([expect.objectContaining({ paragraph })]);
    expect(result.treatment !== null).toBe(decision === 'granted');
  });
});

describe('benefits in force from the case file events', () => {
  it.each<[string, { type: string; payload: Record<string, unknown> }[], '§2' | '§3' | null]>([
    ['no benefit events', [], null],
    ['BenefitStarted(§3)', [{ type: 'BenefitStarted', payload: { basis: '§3' } }], '§3'],
    [
      'BenefitTypeChanged to § 2',
      [
        { type: 'BenefitStarted', payload: { basis: '§3' } },
        { type: 'BenefitTypeChanged', payload: { from: '§3', to: '§2' } },
      ],
      '§2',
    ],
    [
      'BenefitEnded',
      [
        { type: 'BenefitStarted', payload: { basis: '§3' } },
        { type: 'BenefitEnded', payload: { reason: 'departure' } },
      ],
      null,
    ],
  ])('%s', (_name, events, basis) => {
    expect(benefitBasisInForce(events)).toBe(basis);
  });

  it.each([
    ['2026-11-28', '2026-12-31'],
    ['2026-01-01', '2026-03-31'],
    ['2026-05-15', '2026-06-30'],
    ['2028-08-31', '2028-09-30'],
  ])('a Behandlungsschein issued on %s is valid until %s (end of the quarter)', (date, until) => {
    expect(endOfQuarter(date)).toBe(until);
  });
});
