import {
  calculateBenefits,
  partialMonthDays,
  RateUnknownError,
  type CalculationFacts,
  type CalculationParams,
  type RateRow,
} from './benefit-calculation.rules';

/** the rows Migration20261128110100 seeds into asylblg_rate (cents; null = [?] in the brief) */
const S3_2025 = 'Bekanntmachung BMAS 2025';
const S3_2026 = 'BGBl. 2025 I Nr. 251';
const S2 = 'Anlage zu § 28 SGB XII';
const row = (
  basis: '§3a' | '§2',
  level: number,
  validFrom: string,
  validTo: string | null,
  total: number | null,
  bedarf: number | null = null,
  persoenlich: number | null = null,
  source = S2,
): RateRow => ({ basis, level, validFrom, validTo, bedarf, persoenlich, total, source });
const RATES: RateRow[] = [
  row('§3a', 1, '2025-01-01', '2025-12-31', 44100, null, null, S3_2025),
  row('§3a', 2, '2025-01-01', '2025-12-31', 39700, null, null, S3_2025),
  row('§3a', 3, '2025-01-01', '2025-12-31', 35300, null, null, S3_2025),
  row('§3a', 4, '2025-01-01', '2025-12-31', null, null, null, S3_2025),
  row('§3a', 5, '2025-01-01', '2025-12-31', null, null, null, S3_2025),
  row('§3a', 6, '2025-01-01', '2025-12-31', null, null, null, S3_2025),
  row('§3a', 1, '2026-01-01', null, 45500, 25300, 20200, S3_2026),
  row('§3a', 2, '2026-01-01', null, 40900, 22700, 18200, S3_2026),
  row('§3a', 3, '2026-01-01', null, 36500, 20200, 16300, S3_2026),
  row('§3a', 4, '2026-01-01', null, 40500, 26700, 13800, S3_2026),
  row('§3a', 5, '2026-01-01', null, 33700, 20200, 13500, S3_2026),
  row('§3a', 6, '2026-01-01', null, 30900, 17900, 13000, S3_2026),
  ...[56300, 50600, 45100, 47100, 39000, 35700].flatMap((total, i) => [
    row('§2', i + 1, '2025-01-01', '2025-12-31', total),
    row('§2', i + 1, '2026-01-01', null, total),
  ]),
];
const PARAMS: CalculationParams = {
  minorSupplement: 2500,
  incomeDisregardPercent: 25,
  incomeDisregardCapPercent: 50,
  assetAllowancePerPerson: 20000,
  daysPerMonth: 30,
  reductionBedarfPercent: 100,
};
const single = { label: 'Person 1', basis: '§3' as const, level: 1 as const, minor: false };
const facts = (overrides: Partial<CalculationFacts>): CalculationFacts => ({
  from: '2026-03-01',
  members: [single],
  reduced: false,
  earnedGross: 0,
  earnedNet: 0,
  otherIncome: 0,
  assets: 0,
  housingCosts: 0,
  ...overrides,
});

describe('AsylbLG amounts', () => {
  it.each<[string, Partial<CalculationFacts>, number, number]>([
    ['§ 3a AsylbLG, rates from 01.01.2026: Stufe 1 = 253 + 202 €', {}, 45500, 45500],
    ['§ 3a AsylbLG, rates 2025: Stufe 1 = 441 €', { from: '2025-03-01' }, 44100, 44100],
    [
      '§ 2 AsylbLG i. V. m. § 28 SGB XII: Stufe 1 = 563 € (2026)',
      { members: [{ ...single, basis: '§2' }] },
      56300,
      56300,
    ],
    [
      '§ 2 AsylbLG i. V. m. § 28 SGB XII: Stufe 1 = 563 € (2025)',
      { from: '2025-06-01', members: [{ ...single, basis: '§2' }] },
      56300,
      56300,
    ],
    ['§ 3 Abs. 5 AsylbLG: partial month from 17.03. = 15/30', { from: '2026-03-17' }, 45500, 22750],
    ['§ 3 Abs. 5 AsylbLG: partial month from 15.02. = 14/30', { from: '2026-02-15' }, 45500, 21233],
    ['§ 3 Abs. 5 AsylbLG: 31-day month from 02.03. counts 30 days', { from: '2026-03-02' }, 45500, 45500],
    [
      '§ 16 AsylbLG: couple with two minors, 25 € each as its own line',
      {
        members: [
          { ...single, level: 2 },
          { ...single, label: 'Person 2', level: 2 },
          { label: 'Person 3', basis: '§3', level: 5, minor: true },
          { label: 'Person 4', basis: '§3', level: 6, minor: true },
        ],
      },
      151400,
      151400,
    ],
    [
      '§ 7 Abs. 3 AsylbLG: 25 % of 400 € gross disregarded (100 €)',
      { earnedGross: 40000, earnedNet: 32000 },
      23500,
      23500,
    ],
    [
      '§ 7 Abs. 3 AsylbLG: disregard capped at 50 % of 455 € (227,50 €)',
      { earnedGross: 100000, earnedNet: 50000 },
      18250,
      18250,
    ],
    ['§ 7 Abs. 3 AsylbLG: income above the need → 0 €', { earnedGross: 150000, earnedNet: 110000 }, 0, 0],
    ['§ 7 Abs. 1 AsylbLG: other income counted in full', { otherIncome: 5000 }, 40500, 40500],
    [
      '§ 7 Abs. 5 AsylbLG: 200 € per person free, the rest in the first month',
      { members: [single, { ...single, label: 'Person 2' }], assets: 50000 },
      91000,
      81000,
    ],
    ['§ 7 Abs. 5 AsylbLG: assets within the allowance', { assets: 20000 }, 45500, 45500],
    [
      '§ 1a Abs. 1 AsylbLG: reduced to the notwendiger Bedarf (parameter 100 % [?])',
      { reduced: true },
      25300,
      25300,
    ],
    [
      '§ 3 Abs. 3 AsylbLG: housing costs paid to the landlord, not in the cash total',
      { housingCosts: 35000 },
      45500,
      45500,
    ],
  ])('%s', (_paragraph, overrides, monthly, firstMonth) => {
    const calc = calculateBenefits(facts(overrides), RATES, PARAMS);
    expect(calc.monthlyTotal).toBe(monthly);
    expect(calc.firstMonthTotal).toBe(firstMonth);
    for (const line of calc.lines) expect(Number.isInteger(line.amount)).toBe(true);
  });

  it('§ 3a AsylbLG 2026: shows notwendiger and persönlicher Bedarf as two lines, citing the rate notice', () => {
    const calc = calculateBenefits(facts({}), RATES, PARAMS);
    expect(calc.lines.map((l) => [l.paragraph, l.amount])).toEqual([
      ['§ 3a Abs. 2 AsylbLG', 25300],
      ['§ 3a Abs. 1 AsylbLG', 20200],
    ]);
    expect(calc.sources).toEqual([S3_2026]);
  });

  it('§ 16 AsylbLG: the supplement is its own line with the parameter amount', () => {
    const calc = calculateBenefits(
      facts({ members: [single, { label: 'Person 2', basis: '§3', level: 4, minor: true }] }),
      RATES,
      { ...PARAMS, minorSupplement: 3000 },
    );
    expect(calc.lines.filter((l) => l.kind === 'supplement')).toEqual([
      {
        kind: 'supplement',
        label: 'Person 2: Sofortzuschlag für Minderjährige',
        paragraph: '§ 16 AsylbLG',
        amount: 3000,
      },
    ]);
    expect(calc.monthlyTotal).toBe(45500 + 40500 + 3000);
  });

  it('§ 3 Abs. 3 AsylbLG: housing costs are a separate line', () => {
    const calc = calculateBenefits(facts({ housingCosts: 35000 }), RATES, PARAMS);
    expect(calc.housingTotal).toBe(35000);
    expect(calc.lines.at(-1)).toMatchObject({ kind: 'housing', amount: 35000 });
  });

  it.each([
    [
      '§ 3a AsylbLG 2025, Stufe 4 [?]: refused',
      '2025-03-01',
      { label: 'Person 1', basis: '§3' as const, level: 4 as const, minor: true },
      false,
      /Stufe 4 für den 01\.03\.2025 ist nicht hinterlegt/,
    ],
    [
      '§ 3a AsylbLG 2025, Stufe 6 [?]: refused',
      '2025-12-31',
      { label: 'Person 1', basis: '§3' as const, level: 6 as const, minor: true },
      false,
      /Stufe 6/,
    ],
    ['§ 3a AsylbLG before 2025: no row', '2024-12-31', single, false, /nicht hinterlegt/],
    [
      '§ 1a AsylbLG 2025: notwendiger Bedarf unknown',
      '2025-03-01',
      single,
      true,
      /§ 1a fehlt der notwendige Bedarf/,
    ],
  ])('%s', (_p, from, member, reduced, message) => {
    const run = (): unknown => calculateBenefits(facts({ from, members: [member], reduced }), RATES, PARAMS);
    expect(run).toThrow(RateUnknownError);
    expect(run).toThrow(message);
  });

  it.each([
    ['2026-03-01', 30],
    ['2026-03-31', 1],
    ['2026-04-16', 15],
    ['2026-02-01', 30],
    ['2026-02-28', 1],
  ])('§ 3 Abs. 5 AsylbLG: from %s → %i days', (from, days) => {
    expect(partialMonthDays(from, 30)).toBe(days);
  });
});
