import {
  decideReduction,
  reviewReduction,
  type ReductionFacts,
  type ReductionGround,
} from './reduction.rules';

const PARAMS = { maxMonths: 6 };
const facts = (overrides: Partial<ReductionFacts>): ReductionFacts => ({
  ground: null,
  from: '2026-03-10',
  hearingHeld: true,
  ...overrides,
});

describe('§ 1a AsylbLG: reduction grounds', () => {
  it.each<[string, ReductionGround]>([
    ['§ 1a Abs. 2 AsylbLG', 'entry-to-obtain-benefits'],
    ['§ 1a Abs. 3 AsylbLG', 'removal-blocked-own-fault'],
    ['§ 1a Abs. 5 AsylbLG', 'procedure-duties-breached'],
    ['§ 5 Abs. 4 AsylbLG', 'work-opportunity-refused'],
    ['§ 5b Abs. 2 AsylbLG', 'integration-course-refused'],
  ])('%s: reduced from the day set, review after 6 months (§ 14 AsylbLG)', (paragraph, ground) => {
    const decision = decideReduction(facts({ ground }), PARAMS);
    expect(decision).toMatchObject({
      reduced: true,
      ground,
      from: '2026-03-10',
      until: '2026-09-09',
      reviewOn: '2026-09-10',
    });
    expect(decision.reasons[0].paragraph).toBe(paragraph);
    expect(decision.reasons.map((r) => r.paragraph)).toContain('§ 14 Abs. 1 und 2 AsylbLG');
    expect(decision.reasons.map((r) => r.paragraph)).toContain('§ 11 Abs. 4 Nr. 2 AsylbLG');
  });

  it('§ 1a Abs. 1 AsylbLG: from the day after the fixed departure date', () => {
    const decision = decideReduction(
      facts({ ground: 'departure-date-fixed', from: null, departureDate: '2026-04-15' }),
      PARAMS,
    );
    expect(decision).toMatchObject({ reduced: true, from: '2026-04-16', reviewOn: '2026-10-16' });
  });

  it.each<[string, Partial<ReductionFacts>, string]>([
    ['§ 1a AsylbLG: no ground', { ground: null }, 'KEINE_EINSCHRAENKUNG'],
    [
      '§ 24 SGB X: no hearing held',
      { ground: 'entry-to-obtain-benefits', hearingHeld: false },
      'ANHOERUNG_FEHLT',
    ],
    [
      '§ 1a Abs. 1 AsylbLG: departure date missing',
      { ground: 'departure-date-fixed', departureDate: null },
      'AUSREISETERMIN_FEHLT',
    ],
    [
      '§ 1a Abs. 2 AsylbLG: start missing',
      { ground: 'entry-to-obtain-benefits', from: null },
      'BEGINN_FEHLT',
    ],
  ])('%s → no reduction', (_p, overrides, code) => {
    const decision = decideReduction(facts(overrides), PARAMS);
    expect(decision.reduced).toBe(false);
    expect(decision.reasons[0].code).toBe(code);
  });
});

describe('§ 14 Abs. 2 AsylbLG: review', () => {
  it.each([
    [
      '§ 14 Abs. 2 AsylbLG: breach persists → continued for another 6 months',
      true,
      { reduced: true, from: '2026-09-10', reviewOn: '2027-03-10' },
    ],
    [
      '§ 14 Abs. 2 AsylbLG: breach ended → reduction ends',
      false,
      { reduced: false, until: '2026-09-09', reviewOn: null },
    ],
  ])('%s', (_p, breachPersists, expected) => {
    const decision = reviewReduction(
      { ground: 'procedure-duties-breached', reviewOn: '2026-09-10' },
      { breachPersists },
      PARAMS,
    );
    expect(decision).toMatchObject(expected);
    expect(decision.reasons.map((r) => r.paragraph)).toContain('§ 14 Abs. 2 AsylbLG');
  });
});
