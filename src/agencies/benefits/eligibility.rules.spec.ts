import {
  checkEligibility,
  checkExclusion,
  eligibilityEndOnRecognition,
  type EligibilityFacts,
  type ExclusionFacts,
} from './eligibility.rules';

/** values of the parameter rows of Migration20261128110100 */
const PARAMS = { suspensionMonths: 18, otherTitleMonths: 6 };
const ON = '2026-03-10';
const facts = (overrides: Partial<EligibilityFacts>): EligibilityFacts => ({
  onDate: ON,
  statusType: null,
  ...overrides,
});

describe('§ 1 Abs. 1 and 2 AsylbLG: eligibility', () => {
  it.each<[string, Partial<EligibilityFacts>, boolean, string]>([
    ['§ 1 Abs. 1 Nr. 1 AsylbLG', { statusType: 'Aufenthaltsgestattung' }, true, 'GESTATTUNG'],
    ['§ 1 Abs. 1 Nr. 1a AsylbLG', { statusType: 'Ankunftsnachweis' }, true, 'ASYLGESUCH'],
    ['§ 1 Abs. 1 Nr. 1a AsylbLG', { statusType: null, asylumRequested: true }, true, 'ASYLGESUCH'],
    ['§ 1 Abs. 1 Nr. 2 AsylbLG', { statusType: null, airportProcedure: true }, true, 'FLUGHAFEN'],
    [
      '§ 1 Abs. 1 Nr. 3 Buchst. a AsylbLG',
      { statusType: 'Aufenthaltserlaubnis', legalBasis: '§ 23 Abs. 1 AufenthG' },
      true,
      'AE_23_1',
    ],
    [
      '§ 1 Abs. 1 Nr. 3 Buchst. b AsylbLG',
      { statusType: 'Aufenthaltserlaubnis', legalBasis: '§ 25 Abs. 4 Satz 1 AufenthG' },
      true,
      'AE_25_4',
    ],
    [
      '§ 1 Abs. 1 Nr. 3 Buchst. c AsylbLG',
      {
        statusType: 'Aufenthaltserlaubnis',
        legalBasis: '§ 25 Abs. 5 AufenthG',
        suspensionDecidedOn: '2025-01-11',
      },
      true,
      'AE_25_5',
    ],
    [
      '§ 1 Abs. 1 Nr. 3 Buchst. c AsylbLG (18 months passed)',
      {
        statusType: 'Aufenthaltserlaubnis',
        legalBasis: '§ 25 Abs. 5 AufenthG',
        suspensionDecidedOn: '2024-09-10',
      },
      false,
      'AE_25_5_ALT',
    ],
    ['§ 1 Abs. 1 Nr. 4 AsylbLG (§ 60a)', { statusType: 'Duldung §60a' }, true, 'DULDUNG'],
    ['§ 1 Abs. 1 Nr. 4 AsylbLG (§ 60b)', { statusType: 'Duldung §60b' }, true, 'DULDUNG'],
    ['§ 1 Abs. 1 Nr. 4 AsylbLG (§ 60c)', { statusType: 'Duldung §60c' }, true, 'DULDUNG'],
    ['§ 1 Abs. 1 Nr. 5 AsylbLG', { statusType: 'Ausreisepflichtig' }, true, 'AUSREISEPFLICHT'],
    [
      '§ 1 Abs. 1 Nr. 6 AsylbLG',
      { statusType: 'Aufenthaltserlaubnis', legalBasis: '§ 30 AufenthG', familyMemberOfEligible: true },
      true,
      'FAMILIE',
    ],
    ['§ 1 Abs. 1 Nr. 7 AsylbLG', { statusType: null, followUpApplication: true }, true, 'FOLGEANTRAG'],
    [
      '§ 1 Abs. 2 AsylbLG',
      {
        statusType: 'Aufenthaltserlaubnis',
        legalBasis: '§ 25 Abs. 2 AufenthG',
        validFrom: '2026-01-01',
        validTo: '2028-12-31',
      },
      false,
      'ANDERER_TITEL',
    ],
    ['§ 1 Abs. 1 AsylbLG (no ground)', { statusType: 'Niederlassungserlaubnis' }, false, 'KEIN_GRUND'],
    ['§ 1 Abs. 1 AsylbLG (no status)', { statusType: null }, false, 'KEIN_GRUND'],
  ])('%s', (paragraph, overrides, eligible, code) => {
    const decision = checkEligibility(facts(overrides), PARAMS);
    expect(decision.eligible).toBe(eligible);
    expect(decision.reasons[0].code).toBe(code);
    expect(decision.reasons[0].paragraph).toBe(paragraph.replace(/ \(.*\)$/, ''));
  });

  it('names the ground of an eligible person (§ 1 Abs. 1 Nr. 1 AsylbLG)', () => {
    expect(checkEligibility(facts({ statusType: 'Aufenthaltsgestattung' }), PARAMS).ground).toBe(
      '§ 1 Abs. 1 Nr. 1 AsylbLG',
    );
  });

  it('does not end eligibility for a title of at most 6 months in total (§ 1 Abs. 2 AsylbLG)', () => {
    const decision = checkEligibility(
      facts({
        statusType: 'Aufenthaltserlaubnis',
        legalBasis: '§ 25 Abs. 2 AufenthG',
        validFrom: '2026-01-01',
        validTo: '2026-06-30',
        familyMemberOfEligible: true,
      }),
      PARAMS,
    );
    expect(decision.reasons[0].code).toBe('FAMILIE');
  });
});

describe('§ 1 Abs. 3 AsylbLG with § 74 AsylG: end on recognition', () => {
  it.each([
    [
      '§ 1 Abs. 3 AsylbLG: decision served 10.03., final 24.03. → end 31.03.',
      '2026-03-10',
      '2026-03-24',
      '2026-03-31',
    ],
    [
      '§ 1 Abs. 3 AsylbLG: decision served 20.03., final 03.04. → end 30.04.',
      '2026-03-20',
      '2026-04-03',
      '2026-04-30',
    ],
  ])('%s', (_p, served, ceases, ends) => {
    const end = eligibilityEndOnRecognition(served, { finalAfterDays: 14 });
    expect(end).toMatchObject({ groundCeasesOn: ceases, endsOn: ends });
    expect(end.reasons.map((r) => r.paragraph)).toEqual(['§ 74 Abs. 1 AsylG', '§ 1 Abs. 3 AsylbLG']);
  });
});

describe('§ 1 Abs. 4 AsylbLG: exclusion and bridging benefits', () => {
  const base: ExclusionFacts = {
    onDate: ON,
    enforceablyObligedToLeave: true,
    protectionInOtherEuState: true,
    dublinInadmissibleWithDeportationOrder: false,
    departurePossible: true,
    earlierBridgingStarts: [],
  };
  const params = { bridgingMaxDays: 14, bridgingOncePerMonths: 24 };
  it.each<[string, Partial<ExclusionFacts>, boolean, { from: string; to: string } | null, string]>([
    ['§ 1 Abs. 4 S. 1 Nr. 1 AsylbLG', {}, true, { from: ON, to: '2026-03-23' }, 'SCHUTZ_EU'],
    [
      '§ 1 Abs. 4 S. 1 Nr. 2 AsylbLG',
      { protectionInOtherEuState: false, dublinInadmissibleWithDeportationOrder: true },
      true,
      { from: ON, to: '2026-03-23' },
      'DUBLIN',
    ],
    [
      '§ 1 Abs. 4 S. 2 AsylbLG (bridging used within 2 years)',
      { earlierBridgingStarts: ['2025-01-10'] },
      true,
      null,
      'SCHUTZ_EU',
    ],
    [
      '§ 1 Abs. 4 S. 2 AsylbLG (bridging more than 2 years ago)',
      { earlierBridgingStarts: ['2024-03-09'] },
      true,
      { from: ON, to: '2026-03-23' },
      'SCHUTZ_EU',
    ],
    [
      '§ 1 Abs. 4 S. 1 AsylbLG (departure impossible)',
      { departurePossible: false },
      false,
      null,
      'AUSREISE_UNMOEGLICH',
    ],
    [
      '§ 1 Abs. 4 AsylbLG (not enforceably obliged to leave)',
      { enforceablyObligedToLeave: false },
      false,
      null,
      'KEIN_AUSSCHLUSS',
    ],
    ['§ 1 Abs. 4 AsylbLG (no ground)', { protectionInOtherEuState: false }, false, null, 'KEIN_AUSSCHLUSS'],
  ])('%s', (_paragraph, overrides, excluded, bridging, code) => {
    const decision = checkExclusion({ ...base, ...overrides }, params);
    expect(decision.excluded).toBe(excluded);
    expect(decision.bridging).toEqual(bridging);
    expect(decision.reasons[0].code).toBe(code);
  });
});
