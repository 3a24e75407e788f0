import {
  integrationTalkDue,
  noShowDeadline,
  receptionCentreStay,
  registrationStatus,
  workAccess,
  type ReceptionCentreFacts,
  type WorkAccessFacts,
} from './arrival.rules';

const PARAMS = { waitingMonths: 3 };

describe('workAccess (§ 61 AsylG)', () => {
  const base: WorkAccessFacts = {
    permittedStaySince: '2026-01-15',
    on: '2026-03-01',
    obligedToLiveInReceptionCentre: false,
    safeCountryNational: false,
    asylumApplicationDate: '2026-01-10',
  };

  it.each<[string, string, Partial<WorkAccessFacts>, string, string | null, string]>([
    ['waiting period running', '§ 61 Abs. 2 S. 1 AsylG', {}, 'not-yet', '2026-04-15', 'WAITING_PERIOD'],
    [
      'last day of the waiting period',
      '§ 61 Abs. 2 S. 1 AsylG',
      { on: '2026-04-14' },
      'not-yet',
      '2026-04-15',
      'WAITING_PERIOD',
    ],
    [
      'waiting period passed (same-numbered day, § 188 BGB)',
      '§ 61 Abs. 2 S. 1 AsylG',
      { on: '2026-04-15' },
      'possible',
      '2026-04-15',
      'WAITING_PERIOD_PASSED',
    ],
    [
      'month end: 30.11. + 3 months = 28.02.',
      '§ 61 Abs. 2 S. 1 AsylG',
      { permittedStaySince: '2025-11-30', on: '2026-02-28' },
      'possible',
      '2026-02-28',
      'WAITING_PERIOD_PASSED',
    ],
    [
      'still obliged to live in the reception centre',
      '§ 61 Abs. 1 AsylG',
      { obligedToLiveInReceptionCentre: true, on: '2026-12-01' },
      'excluded',
      null,
      'RECEPTION_CENTRE',
    ],
    [
      'safe country, application after 31.08.2015',
      '§ 61 Abs. 2 S. 4 AsylG',
      { safeCountryNational: true, on: '2026-12-01' },
      'excluded',
      null,
      'SAFE_COUNTRY',
    ],
    [
      'safe country, application date unknown',
      '§ 61 Abs. 2 S. 4 AsylG',
      { safeCountryNational: true, asylumApplicationDate: null },
      'excluded',
      null,
      'SAFE_COUNTRY',
    ],
    [
      'safe country, application on or before 31.08.2015 (S. 4 does not apply)',
      '§ 61 Abs. 2 S. 1 AsylG',
      { safeCountryNational: true, asylumApplicationDate: '2015-08-31', on: '2026-12-01' },
      'possible',
      '2026-04-15',
      'WAITING_PERIOD_PASSED',
    ],
  ])('%s (%s)', (_label, paragraph, overrides, decision, possibleFrom, code) => {
    const result = workAccess({ ...base, ...overrides }, PARAMS);
    expect(result.decision).toBe(decision);
    expect(result.possibleFrom).toBe(possibleFrom);
    expect(result.reasons.map((r) => [r.code, r.paragraph])).toEqual([[code, paragraph]]);
  });

  it('takes the waiting period from the parameter ([?] wording after 2024)', () => {
    expect(workAccess({ ...base, on: '2026-06-01' }, { waitingMonths: 6 }).possibleFrom).toBe('2026-07-15');
  });

  it('refuses an invalid date', () => {
    expect(() => workAccess({ ...base, on: '2026-02-30' }, PARAMS)).toThrow(RangeError);
  });
});

describe('registrationStatus (§ 55, § 60 Abs. 2, § 61 AsylG)', () => {
  it('records an Aufenthaltsgestattung with Wohnsitzauflage and no permission to work', () => {
    const result = registrationStatus({
      validFrom: '2026-12-01',
      documentValidTo: '2027-06-01',
      wohnsitzauflage: ' Naumburg (Saale) ',
    });
    expect(result.decision).toEqual({
      type: 'Aufenthaltsgestattung',
      legalBasis: '§ 55 Abs. 1 AsylG',
      validFrom: '2026-12-01',
      validTo: '2027-06-01',
      conditions: {
        workAllowed: false,
        wohnsitzauflage: 'Naumburg (Saale)',
        other: ['Wohnsitzauflage: Naumburg (Saale) (§ 60 Abs. 2 AsylG)'],
      },
    });
    expect(result.reasons.map((r) => r.paragraph)).toEqual([
      '§ 55 Abs. 1 AsylG',
      '§ 60 Abs. 2 AsylG',
      '§ 61 AsylG',
    ]);
  });

  it.each<[string, string, string | null]>([
    ['open-ended when the document validity is unknown', '§ 55 Abs. 1 AsylG', null],
    ['document valid on the first day only', '§ 55 Abs. 1 AsylG', '2026-12-01'],
  ])('%s (%s)', (_label, _paragraph, validTo) => {
    expect(
      registrationStatus({ validFrom: '2026-12-01', documentValidTo: validTo, wohnsitzauflage: 'Zeitz' })
        .decision.validTo,
    ).toBe(validTo);
  });

  it.each([
    ['an empty Wohnsitzauflage (§ 60 Abs. 2 AsylG needs a place)', { wohnsitzauflage: '  ' }],
    ['a document that expired before the start', { documentValidTo: '2026-11-30' }],
  ])('refuses %s', (_label, overrides) => {
    expect(() =>
      registrationStatus({ validFrom: '2026-12-01', wohnsitzauflage: 'Zeitz', ...overrides }),
    ).toThrow(RangeError);
  });
});

describe('receptionCentreStay (§ 47 Abs. 1, 1a AsylG)', () => {
  const base: ReceptionCentreFacts = {
    stayStartedOn: '2026-01-10',
    assignedOn: '2026-03-01',
    familyWithMinors: false,
    safeCountryNational: false,
    bamfDecision: 'pending',
  };

  it.each<[string, string, Partial<ReceptionCentreFacts>, string, string | null, string[]]>([
    [
      'single adult: at most 18 months',
      '§ 47 Abs. 1 S. 1 AsylG',
      {},
      'assignable',
      '2027-07-09',
      ['GENERAL_LIMIT'],
    ],
    [
      'family with minors: at most 6 months',
      '§ 47 Abs. 1 S. 1 AsylG',
      { familyWithMinors: true },
      'assignable',
      '2026-07-09',
      ['FAMILY_LIMIT'],
    ],
    [
      'family assigned after 6 months: late',
      '§ 47 Abs. 1 S. 1 AsylG',
      { familyWithMinors: true, assignedOn: '2026-08-01' },
      'assignable',
      '2026-07-09',
      ['FAMILY_LIMIT', 'LIMIT_EXCEEDED'],
    ],
    [
      'safe country, BAMF decision pending',
      '§ 47 Abs. 1a AsylG',
      { safeCountryNational: true },
      'not-assignable',
      null,
      ['SAFE_COUNTRY_PENDING'],
    ],
    [
      'safe country, rejected as manifestly unfounded',
      '§ 47 Abs. 1a AsylG',
      { safeCountryNational: true, bamfDecision: 'rejected-manifestly-unfounded' },
      'not-assignable',
      null,
      ['SAFE_COUNTRY_REJECTED'],
    ],
    [
      'safe country, rejected as inadmissible',
      '§ 47 Abs. 1a AsylG',
      { safeCountryNational: true, bamfDecision: 'rejected-inadmissible' },
      'not-assignable',
      null,
      ['SAFE_COUNTRY_REJECTED'],
    ],
    [
      'safe country, other decision (e.g. protection granted)',
      '§ 47 Abs. 1 S. 1 AsylG',
      { safeCountryNational: true, bamfDecision: 'other' },
      'assignable',
      '2027-07-09',
      ['GENERAL_LIMIT'],
    ],
  ])('%s (%s)', (_label, paragraph, overrides, decision, until, codes) => {
    const result = receptionCentreStay({ ...base, ...overrides });
    expect(result.decision).toBe(decision);
    expect(result.maximumStayUntil).toBe(until);
    expect(result.reasons.map((r) => r.code)).toEqual(codes);
    expect(result.reasons.every((r) => r.paragraph === paragraph)).toBe(true);
  });
});

describe('arrival deadlines [local]', () => {
  it.each([
    [
      'arrival date + 2 days, end of day in Berlin (winter)',
      '2026-12-01',
      2,
      '2026-12-03',
      '2026-12-03T23:00:00Z',
    ],
    [
      'arrival date + 2 days, end of day in Berlin (summer)',
      '2026-07-01',
      2,
      '2026-07-03',
      '2026-07-03T22:00:00Z',
    ],
    ['grace days from the parameter', '2026-12-01', 5, '2026-12-06', '2026-12-06T23:00:00Z'],
  ])('not arrived: %s', (_label, arrival, days, dueOn, dueAt) => {
    expect(noShowDeadline(arrival, { noShowGraceDays: days })).toEqual({ dueOn, dueAt });
  });

  it('first integration talk within 14 days of arrival', () => {
    expect(integrationTalkDue('2026-12-02', { integrationTalkDays: 14 })).toEqual({
      dueOn: '2026-12-16',
      dueAt: '2026-12-16T23:00:00Z',
    });
  });
});
