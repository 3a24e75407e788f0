import { determineBenefitBasis, type BenefitBasisFacts } from './benefit-basis.rules';

/** values of the parameter rows of Migration20261128110100 */
const PARAMS = { waitingMonths: 36, grandfatherCutoff: '2024-02-26' };
const facts = (overrides: Partial<BenefitBasisFacts>): BenefitBasisFacts => ({
  onDate: '2026-03-10',
  stayStart: '2023-03-10',
  significantInterruption: false,
  abuseFound: false,
  receivedAnalogOnCutoff: false,
  minorWithParent: false,
  ...overrides,
});

describe('§ 2 gateway (§ 2 or § 3 AsylbLG)', () => {
  it.each<[string, Partial<BenefitBasisFacts>, '§2' | '§3', string, string | null]>([
    ['§ 2 Abs. 1 S. 1 AsylbLG: 36 months completed on the day', {}, '§2', 'WARTEZEIT_ERFUELLT', '2026-03-10'],
    [
      '§ 2 Abs. 1 S. 1 AsylbLG: one day short of 36 months',
      { stayStart: '2023-03-11' },
      '§3',
      'WARTEZEIT_LAEUFT',
      '2026-03-11',
    ],
    [
      '§ 2 Abs. 1 S. 1 AsylbLG: significant interruption restarts the period',
      {
        significantInterruption: true,
        interruptionEndedOn: '2024-01-01',
        interruptionNote: '8 Monate im Ausland',
      },
      '§3',
      'UNTERBRECHUNG',
      '2027-01-01',
    ],
    [
      '§ 2 Abs. 1 S. 1 AsylbLG; BSG B 8/9b AY 1/07 R: identity deception',
      { abuseFound: true, abuseReason: 'identity-deception' },
      '§3',
      'RECHTSMISSBRAUCH',
      '2026-03-10',
    ],
    [
      '§ 2 Abs. 1 S. 1 AsylbLG; BSG B 8/9b AY 1/07 R: passport cooperation refused',
      { abuseFound: true, abuseReason: 'passport-cooperation-refused' },
      '§3',
      'RECHTSMISSBRAUCH',
      '2026-03-10',
    ],
    [
      'BSG, Urteil vom 17.06.2008 – B 8/9b AY 1/07 R: merely not leaving is no abuse',
      { abuseFound: true, abuseReason: 'not-leaving' },
      '§2',
      'KEIN_MISSBRAUCH',
      '2026-03-10',
    ],
    [
      '§ 20 AsylbLG: § 2 benefits on 26.02.2024 are kept',
      { stayStart: '2022-09-01', onDate: '2024-03-01', receivedAnalogOnCutoff: true },
      '§2',
      'BESTANDSSCHUTZ',
      '2025-09-01',
    ],
    [
      '§ 2 Abs. 1 S. 1 AsylbLG: without § 20, 18 months no longer suffice',
      { stayStart: '2022-09-01', onDate: '2024-03-01' },
      '§3',
      'WARTEZEIT_LAEUFT',
      '2025-09-01',
    ],
    [
      '§ 2 Abs. 3 AsylbLG: minor follows a parent receiving § 2',
      { stayStart: '2025-01-01', minorWithParent: true, parentBases: ['§3', '§2'] },
      '§2',
      'KIND_FOLGT_ELTERNTEIL',
      '2028-01-01',
    ],
    [
      '§ 2 Abs. 3 AsylbLG: minor without a § 2 parent stays under § 3',
      { minorWithParent: true, parentBases: ['§3'] },
      '§3',
      'KIND_OHNE_ANALOG_ELTERNTEIL',
      '2026-03-10',
    ],
    [
      '§ 2 Abs. 1 S. 1 AsylbLG: start of stay unknown',
      { stayStart: null },
      '§3',
      'AUFENTHALTSBEGINN_FEHLT',
      null,
    ],
  ])('%s', (paragraph, overrides, basis, code, analogDueOn) => {
    const decision = determineBenefitBasis(facts(overrides), PARAMS);
    expect(decision.basis).toBe(basis);
    expect(decision.analogDueOn).toBe(analogDueOn);
    expect(decision.reasons.map((r) => r.code)).toContain(code);
    expect(decision.reasons.map((r) => r.paragraph).join(' | ')).toContain(
      paragraph.split(':')[0].split(';')[0],
    );
  });

  it('uses the waiting period of the parameter (18 months before 27.02.2024)', () => {
    expect(
      determineBenefitBasis(facts({ stayStart: '2022-09-01', onDate: '2024-03-01' }), {
        ...PARAMS,
        waitingMonths: 18,
      }).basis,
    ).toBe('§2');
  });
});
