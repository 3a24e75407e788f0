import {
  ageBandOf,
  cell,
  computeLagebild,
  departedAt,
  duldungCategoryOf,
  episodesInForce,
  figure,
  flowIn,
  isAsylumSeeker,
  isCivilWarRefugee,
  isEuEeaCh,
  isForeignerAt,
  isUmaAt,
  jobcenterCells,
  lagebildDates,
  legalBasisMatches,
  percent,
  personBitsAt,
  prepareSnapshot,
  statusIntervals,
  stockAt,
  statusSummaryAt,
  suppressPartition,
  type DuldungCategoryRule,
  type EpisodeFact,
  type EventFact,
  type LagebildParameters,
  type LagebildSnapshot,
  type PersonFact,
} from './lagebild.rules';

/** the values of Migration20261128182000 */
const PARAMS: LagebildParameters = {
  euEeaChCountries: ['AUT', 'BEL', 'BGR', 'DEU', 'FRA', 'POL', 'ROU', 'NOR', 'CHE'],
  dualNationalRule: 'any-eu-nationality',
  ageBands: [
    { label: '0–5', from: 0, to: 5 },
    { label: '6–13', from: 6, to: 13 },
    { label: '14–17', from: 14, to: 17 },
    { label: '18–24', from: 18, to: 24 },
    { label: '25–39', from: 25, to: 39 },
    { label: '40–64', from: 40, to: 64 },
    { label: '65+', from: 65, to: null },
  ],
  jobcenterWindowMonths: 3,
  duldungCategoryRules: [
    { category: 'helperTraining', legalBases: ['§ 60c Abs. 1 S. 1 Nr. 1 Buchst. b AufenthG'] },
    { category: 'helperTraining', grantCategories: ['helper training'] },
    { category: 'employment', grantCategories: ['employment'] },
    { category: 'employment', statusTypes: ['Duldung §60d'] },
    { category: 'vocationalSupport', grantCategories: ['vocational support measure'] },
    { category: 'vocationalTraining', grantCategories: ['vocational training'] },
  ],
  civilWarLegalBases: ['§ 23 Abs. 1 AufenthG', '§ 24 AufenthG'],
  minCellCount: 5,
};

let seq = 0;
const ep = (type: string, validFrom: string, more: Partial<EpisodeFact> = {}): EpisodeFact => ({
  id: `e${++seq}`,
  personId: 'p',
  type,
  legalBasis: null,
  validFrom,
  validTo: null,
  supersedes: null,
  ...more,
});
const ev = (type: string, occurredOn: string, payload: EventFact['payload'] = {}): EventFact => ({
  personId: 'p',
  type,
  occurredOn,
  payload,
});
const person = (more: Partial<PersonFact> = {}): PersonFact => ({
  id: 'p',
  nationalities: ['SYR'],
  dateOfBirth: '1990-01-01',
  sex: 'female',
  municipality: 'Naumburg (Saale)',
  ...more,
});

describe('episodes in force on a Stichtag (BRIEF § 1: time-sliced, never overwritten; § 8 stock)', () => {
  const gestattung = ep('Aufenthaltsgestattung', '2026-01-01', { validTo: '2026-06-30' });
  const duldung = ep('Duldung §60a', '2026-07-01', { validTo: '2026-12-31' });
  const revoked = ep('Duldung §60a', '2026-03-01', { validTo: '2026-12-31' });
  const correction = ep('Duldung §60b', '2026-05-01', { supersedes: revoked.id });
  const departure = ep('Ausgereist', '2026-08-15');
  const reentry = ep('Aufenthaltsgestattung', '2026-10-01');
  const cases: [string, EpisodeFact[], string, string[]][] = [
    ['before the first episode: nothing', [gestattung], '2025-12-31', []],
    ['validFrom is inclusive', [gestattung], '2026-01-01', ['Aufenthaltsgestattung']],
    ['validTo is inclusive', [gestattung, duldung], '2026-06-30', ['Aufenthaltsgestattung']],
    ['the day after validTo the next episode', [gestattung, duldung], '2026-07-01', ['Duldung §60a']],
    [
      'superseded episode counts until the correction starts',
      [revoked, correction],
      '2026-04-30',
      ['Duldung §60a'],
    ],
    [
      'superseded episode ends when the correction starts',
      [revoked, correction],
      '2026-05-01',
      ['Duldung §60b'],
    ],
    ['departure ends every earlier episode', [gestattung, duldung, departure], '2026-09-01', ['Ausgereist']],
    [
      'the day before departure the Duldung',
      [gestattung, duldung, departure],
      '2026-08-14',
      ['Duldung §60a'],
    ],
    [
      're-entry after departure',
      [duldung, departure, reentry],
      '2026-10-01',
      ['Ausgereist', 'Aufenthaltsgestattung'],
    ],
  ];
  it.each(cases)('%s', (_name, episodes, date, types) => {
    expect(episodesInForce(episodes, date).map((e) => e.type)).toEqual(types);
  });

  it.each([
    ['departed on the departure day (BRIEF § 6, Ausgereist)', [duldung, departure], '2026-08-15', true],
    ['not departed the day before', [duldung, departure], '2026-08-14', false],
    ['not departed after re-entry', [duldung, departure, reentry], '2026-10-02', false],
  ])('%s', (_name, episodes, date, expected) => {
    expect(departedAt(episodes, date)).toBe(expected);
  });
});

describe('who counts as a foreigner, EU or third-country (BRIEF § 8 "Foreigners", "EU vs third-country")', () => {
  const known = [ep('Aufenthaltsgestattung', '2026-01-01')];
  it.each<[string, PersonFact, EpisodeFact[], string, boolean]>([
    ['Syrian with a Gestattung', person(), known, '2026-03-01', true],
    ['not yet known to the agency on the date', person(), known, '2025-12-31', false],
    [
      'dual national German/Syrian: German citizenship wins',
      person({ nationalities: ['SYR', 'DEU'] }),
      known,
      '2026-03-01',
      false,
    ],
    [
      'naturalised (status Deutsch in force)',
      person(),
      [...known, ep('Deutsch', '2026-02-01')],
      '2026-03-01',
      false,
    ],
    [
      'naturalised only after the Stichtag',
      person(),
      [...known, ep('Deutsch', '2026-04-01')],
      '2026-03-01',
      true,
    ],
    ['departed', person(), [...known, ep('Ausgereist', '2026-02-01')], '2026-03-01', false],
  ])('%s', (_name, p, episodes, date, expected) => {
    expect(isForeignerAt(p, episodes, date)).toBe(expected);
  });

  it.each<[string, string[], LagebildParameters['dualNationalRule'], boolean]>([
    ['Polish', ['POL'], 'any-eu-nationality', true],
    ['Swiss (CH counts with EU/EEA, FreizügG/EU)', ['CHE'], 'any-eu-nationality', true],
    ['Norwegian (EEA)', ['NOR'], 'any-eu-nationality', true],
    ['Afghan', ['AFG'], 'any-eu-nationality', false],
    ['stateless/unknown: third-country', [], 'any-eu-nationality', false],
    ['dual Syrian/Romanian, any EU nationality rule', ['SYR', 'ROU'], 'any-eu-nationality', true],
    ['dual Syrian/Romanian, main nationality rule', ['SYR', 'ROU'], 'main-nationality', false],
    ['dual Romanian/Syrian, main nationality rule', ['ROU', 'SYR'], 'main-nationality', true],
  ])('%s', (_name, nationalities, rule, expected) => {
    expect(isEuEeaCh(person({ nationalities }), { ...PARAMS, dualNationalRule: rule })).toBe(expected);
  });
});

describe('statuses (BRIEF § 8)', () => {
  it.each<[string, EpisodeFact[], boolean]>([
    ['Ankunftsnachweis is an asylum seeker', [ep('Ankunftsnachweis', '2026-01-01')], true],
    ['Aufenthaltsgestattung is an asylum seeker', [ep('Aufenthaltsgestattung', '2026-01-01')], true],
    ['Duldung is not', [ep('Duldung §60a', '2026-01-01')], false],
  ])('asylum seekers: %s', (_name, inForce, expected) => {
    expect(isAsylumSeeker(inForce)).toBe(expected);
  });

  it.each<[string, string | null, boolean]>([
    ['§ 24 AufenthG', '§ 24 AufenthG', true],
    ['§ 24 Abs. 1 AufenthG (a sub-paragraph of § 24)', '§ 24 Abs. 1 AufenthG', true],
    ['§ 23 Abs. 1 AufenthG', '§ 23 Abs. 1 AufenthG', true],
    ['§23 Abs.1 AufenthG (spacing)', '§23 Abs.1 AufenthG', true],
    ['§ 23 Abs. 2 AufenthG is resettlement, not war', '§ 23 Abs. 2 AufenthG', false],
    ['§ 25 Abs. 2 AufenthG (recognised refugee)', '§ 25 Abs. 2 AufenthG', false],
    ['no legal basis', null, false],
  ])('civil-war refugees (§ 23 Abs. 1 / § 24 AufenthG): %s', (_name, legalBasis, expected) => {
    expect(isCivilWarRefugee([ep('Aufenthaltserlaubnis', '2026-01-01', { legalBasis })], PARAMS)).toBe(
      expected,
    );
    expect(legalBasisMatches(legalBasis, PARAMS.civilWarLegalBases)).toBe(expected);
  });

  it('a § 24 Duldung is not a civil-war permit (only Aufenthaltserlaubnis counts)', () => {
    expect(
      isCivilWarRefugee([ep('Duldung §60a', '2026-01-01', { legalBasis: '§ 24 AufenthG' })], PARAMS),
    ).toBe(false);
  });

  it.each<[string, EventFact[], string, boolean]>([
    ['in provisional custody', [ev('UMAProvisionalCustodyStarted', '2026-03-01')], '2026-03-01', true],
    ['custody not yet started', [ev('UMAProvisionalCustodyStarted', '2026-03-01')], '2026-02-28', false],
    [
      'under guardianship after custody',
      [ev('UMAProvisionalCustodyStarted', '2026-03-01'), ev('UMACustodyStarted', '2026-04-01')],
      '2026-05-01',
      true,
    ],
    [
      'ended (of age)',
      [ev('UMAProvisionalCustodyStarted', '2026-03-01'), ev('UMAEnded', '2026-06-01', { reason: 'of age' })],
      '2026-06-01',
      false,
    ],
    [
      'ended after the Stichtag',
      [ev('UMAProvisionalCustodyStarted', '2026-03-01'), ev('UMAEnded', '2026-06-01')],
      '2026-05-31',
      true,
    ],
  ])('UMA stock (BRIEF § 8): %s', (_name, events, date, expected) => {
    expect(isUmaAt(events, date)).toBe(expected);
  });

  it.each<[string, string | null, string, string | null]>([
    ['17 the day before the 18th birthday', '2008-06-15', '2026-06-14', '14–17'],
    ['18 on the birthday', '2008-06-15', '2026-06-15', '18–24'],
    ['newborn', '2026-01-01', '2026-01-01', '0–5'],
    ['65+', '1950-01-01', '2026-01-01', '65+'],
    ['no date of birth', null, '2026-01-01', null],
  ])('age bands [local] (BRIEF § 8): %s', (_name, dob, date, band) => {
    expect(ageBandOf(dob, date, PARAMS.ageBands)).toBe(band);
  });
});

describe('Duldungen by category (BRIEF § 8; the mapping is an assumption, so it is data)', () => {
  const rules: DuldungCategoryRule[] = PARAMS.duldungCategoryRules;
  it.each<[string, EpisodeFact, string | null, string | null]>([
    [
      '§ 60d = employment',
      ep('Duldung §60d', '2026-01-01', { legalBasis: '§ 60d AufenthG' }),
      'employment',
      'employment',
    ],
    [
      '§ 60d without grant event = employment (status type)',
      ep('Duldung §60d', '2026-01-01'),
      null,
      'employment',
    ],
    [
      '§ 60c qualified training',
      ep('Duldung §60c', '2026-01-01', { legalBasis: '§ 60c AufenthG' }),
      'vocational training',
      'vocationalTraining',
    ],
    [
      '§ 60c Abs. 1 Nr. 1b helper training (legal basis)',
      ep('Duldung §60c', '2026-01-01', { legalBasis: '§ 60c Abs. 1 S. 1 Nr. 1 Buchst. b AufenthG' }),
      'vocational training',
      'helperTraining',
    ],
    [
      'helper training (grant category)',
      ep('Duldung §60c', '2026-01-01', { legalBasis: '§ 60c AufenthG' }),
      'helper training',
      'helperTraining',
    ],
    [
      '§ 60a Abs. 2 S. 3 vocational support measure (EQ)',
      ep('Duldung §60a', '2026-01-01', { legalBasis: '§ 60a Abs. 2 S. 3 AufenthG' }),
      'vocational support measure',
      'vocationalSupport',
    ],
    [
      'ordinary § 60a Duldung: none of the four',
      ep('Duldung §60a', '2026-01-01', { legalBasis: '§ 60a Abs. 2 S. 1 AufenthG' }),
      'ordinary',
      null,
    ],
    ['§ 60b: none', ep('Duldung §60b', '2026-01-01'), 'light', null],
  ])('%s', (_name, episode, grant, expected) => {
    expect(duldungCategoryOf(episode, grant, rules)).toBe(expected);
  });

  it('a changed mapping changes the count (parameter, not code)', () => {
    const e = ep('Duldung §60a', '2026-01-01', { legalBasis: '§ 60a Abs. 2 S. 3 AufenthG' });
    expect(duldungCategoryOf(e, 'ordinary', rules)).toBeNull();
    expect(
      duldungCategoryOf(e, 'ordinary', [
        { category: 'vocationalSupport', legalBases: ['§ 60a Abs. 2 S. 3 AufenthG'] },
      ]),
    ).toBe('vocationalSupport');
  });
});

const snapshotOf = (
  people: { p: PersonFact; episodes?: EpisodeFact[]; events?: EventFact[] }[],
): LagebildSnapshot => ({
  persons: people.map((x) => x.p),
  episodesByPerson: new Map(
    people
      .filter((x) => x.episodes)
      .map((x) => [x.p.id, x.episodes!.map((e) => ({ ...e, personId: x.p.id }))]),
  ),
  eventsByPerson: new Map(
    people.filter((x) => x.events).map((x) => [x.p.id, x.events!.map((e) => ({ ...e, personId: x.p.id }))]),
  ),
});

describe('flows in a period (BRIEF § 8)', () => {
  it.each<[string, EventFact[], Partial<Record<string, number>>]>([
    [
      'IvAF employment with start in the period',
      [
        ev('IvAFPlacement', '2026-02-20', {
          type: 'employment subject to social insurance',
          start: '2026-03-01',
        }),
      ],
      { ivafJobs: 1, ivafTraining: 0 },
    ],
    [
      'IvAF counted by start date, not by recording date',
      [
        ev('IvAFPlacement', '2026-03-05', {
          type: 'employment subject to social insurance',
          start: '2026-04-01',
        }),
      ],
      { ivafJobs: 0 },
    ],
    [
      'IvAF training places separately',
      [ev('IvAFPlacement', '2026-03-05', { type: 'training', start: '2026-03-10' })],
      { ivafJobs: 0, ivafTraining: 1 },
    ],
    [
      'new UMA: provisional custody started in the period',
      [ev('UMAProvisionalCustodyStarted', '2026-03-31')],
      { umaNew: 1 },
    ],
    [
      'Jobcenter: recognised and applied within 3 months after',
      [
        ev('BenefitEnded', '2026-03-15', { reason: 'recognition', on: '2026-03-15' }),
        ev('SGB2ApplicationReceived', '2026-06-15', { on: '2026-06-15' }),
      ],
      { jcRecognised: 1, jcApplied: 1 },
    ],
    [
      'Jobcenter: applied before the benefits ended (within the window)',
      [
        ev('SGB2ApplicationReceived', '2026-02-01', { on: '2026-02-01' }),
        ev('BenefitEnded', '2026-03-15', { reason: 'recognition', on: '2026-03-15' }),
      ],
      { jcRecognised: 1, jcApplied: 1 },
    ],
    [
      'Jobcenter: applied after the window',
      [
        ev('BenefitEnded', '2026-03-15', { reason: 'recognition', on: '2026-03-15' }),
        ev('SGB2ApplicationReceived', '2026-06-16', { on: '2026-06-16' }),
      ],
      { jcRecognised: 1, jcApplied: 0 },
    ],
    [
      'Jobcenter: benefit ended for another reason is not in the base',
      [ev('BenefitEnded', '2026-03-15', { reason: 'departure', on: '2026-03-15' })],
      { jcRecognised: 0 },
    ],
  ])('%s', (_name, events, expected) => {
    const flows = flowIn(snapshotOf([{ p: person(), events }]), '2026-03-01', '2026-03-31', PARAMS);
    expect(flows.counts).toMatchObject(expected);
  });
});

describe('stock on a Stichtag with status changes inside the period', () => {
  // Gestattung until 15.03., then Duldung from 16.03.: the person is an asylum seeker on 15.03. and has a Duldung on 16.03.
  const snap = snapshotOf([
    {
      p: person({ id: 'a', dateOfBirth: '2010-03-16', sex: 'male' }),
      episodes: [
        ep('Aufenthaltsgestattung', '2025-01-01', { validTo: '2026-03-15' }),
        ep('Duldung §60a', '2026-03-16', { legalBasis: '§ 60a Abs. 2 S. 1 AufenthG' }),
      ],
    },
    { p: person({ id: 'b', nationalities: ['POL'] }), episodes: [ep('EU-Freizügigkeit', '2024-01-01')] },
    {
      p: person({ id: 'c', nationalities: ['SYR', 'DEU'] }),
      episodes: [ep('Aufenthaltserlaubnis', '2020-01-01')],
    },
  ]);
  it.each<[string, Partial<Record<string, number>>]>([
    [
      '2026-03-15',
      { foreigners: 2, foreignersEu: 1, foreignersThirdCountry: 1, asylumSeekers: 1, duldung: 0 },
    ],
    ['2026-03-16', { foreigners: 2, asylumSeekers: 0, duldung: 1, duldung60a: 1 }],
  ])('on %s', (date, expected) => {
    expect(stockAt(snap, date, PARAMS).counts).toMatchObject(expected);
  });

  it('age on the Stichtag: 15 the day before the 16th birthday, in band 14–17, male', () => {
    expect(stockAt(snap, '2026-03-15', PARAMS).ageGroups.get('14–17')).toEqual({
      female: 0,
      male: 1,
      other: 0,
    });
  });
});

describe('suppression of small counts (issue 6 § 1)', () => {
  it.each<[number, { value: number | null; suppressed: boolean }]>([
    [0, { value: 0, suppressed: false }],
    [1, { value: null, suppressed: true }],
    [4, { value: null, suppressed: true }],
    [5, { value: 5, suppressed: false }],
  ])('count %i with minimum 5', (n, expected) => {
    expect(cell(n, 5)).toEqual(expected);
  });

  it.each<[string, number[], number, (number | null)[]]>([
    ['nothing small: all shown', [10, 20], 30, [10, 20]],
    [
      'one small part: the next smallest is suppressed too (total − other ≠ the small one)',
      [3, 20, 8],
      31,
      [null, 20, null],
    ],
    ['two small parts: enough already', [3, 2, 20], 25, [null, null, 20]],
    ['suppressed total: every non-zero part suppressed', [1, 2, 0], 3, [null, null, 0]],
    ['one small part and only zeros beside: nothing else to hide', [3, 0], 3, [null, 0]],
  ])('partition: %s', (_name, parts, total, expected) => {
    expect(suppressPartition(parts, total, 5).map((c) => c.value)).toEqual(expected);
  });

  it.each<[string, number, number, [number | null, number | null]]>([
    ['8 of 20 shown', 8, 20, [8, 20]],
    ['3 of 20: numerator suppressed', 3, 20, [null, 20]],
    ['18 of 20: the 2 without application would follow, so the numerator is suppressed', 18, 20, [null, 20]],
    ['2 of 3: both suppressed', 2, 3, [null, null]],
    ['0 of 0', 0, 0, [0, 0]],
  ])('Jobcenter share "n von m": %s', (_name, n, m, [a, r]) => {
    const c = jobcenterCells(n, m, 5);
    expect([c.applied.value, c.recognised.value]).toEqual([a, r]);
  });

  it('a percentage of a suppressed count is suppressed, and so is the trend', () => {
    expect(percent(cell(3, 5), cell(100, 5))).toBeNull();
    expect(percent(cell(25, 5), cell(200, 5))).toBe(12.5);
    expect(figure(cell(3, 5), cell(10, 5)).trend).toBeNull();
    expect(figure(cell(10, 5), cell(3, 5))).toMatchObject({
      trend: null,
      previous: null,
      previousSuppressed: true,
    });
  });
});

describe('trend against the previous period of the same length', () => {
  it.each<[number, number, string]>([
    [12, 10, 'up'],
    [10, 12, 'down'],
    [10, 10, 'equal'],
  ])('%i against %i: %s', (now, before, trend) => {
    expect(figure(cell(now, 5), cell(before, 5))).toMatchObject({ value: now, previous: before, trend });
  });

  it('dates: previous period ends the day before von; the previous Stichtag lies as many days earlier', () => {
    const d = lagebildDates('2026-03-31', '2026-03-01', '2026-03-31');
    expect(d.previous).toEqual({ stichtag: '2026-02-28', von: '2026-01-29', bis: '2026-02-28' });
    expect(d.months).toHaveLength(12);
    expect(d.months[0]).toBe('2025-04-30');
    expect(d.months[11]).toBe('2026-03-31');
  });

  it('the computed Lagebild has previous values, trends and 12 monthly points', () => {
    const people = Array.from({ length: 12 }, (_, i) => ({
      p: person({ id: `p${i}` }),
      episodes: [ep('Aufenthaltsgestattung', i < 6 ? '2025-01-01' : '2026-03-10')],
    }));
    const figures = computeLagebild(
      snapshotOf(people),
      lagebildDates('2026-03-31', '2026-03-01', '2026-03-31'),
      PARAMS,
    );
    expect(figures.stock.asylumSeekers).toMatchObject({ value: 12, previous: 6, trend: 'up' });
    expect(figures.months.map((m) => m.asylumSeekers.value)).toEqual([...Array(11).fill(6), 12]);
    expect(figures.topCountries.rows[0]).toMatchObject({ key: 'SYR', value: 12, percent: 100 });
  });
});

describe('the fast evaluation agrees with the reference definitions (episodesInForce, departedAt, isForeignerAt, isUmaAt)', () => {
  // a deterministic pseudo-random population: every kind of episode, corrections, departures and re-entries
  let state = 42;
  const rand = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const day = (): string =>
    `2026-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
  const TYPES = [
    'Ankunftsnachweis',
    'Aufenthaltsgestattung',
    'Duldung §60a',
    'Duldung §60b',
    'Duldung §60c',
    'Duldung §60d',
    'Aufenthaltserlaubnis',
    'Deutsch',
    'Ausgereist',
  ];
  const people = Array.from({ length: 300 }, (_, i) => {
    const episodes: EpisodeFact[] = [];
    for (let k = 0; k < 1 + Math.floor(rand() * 5); k += 1) {
      const from = day();
      const to = rand() < 0.5 ? null : rand() < 0.2 ? from : day() > from ? day() : null;
      const supersedes =
        episodes.length && rand() < 0.3 ? episodes[Math.floor(rand() * episodes.length)].id : null;
      episodes.push(
        ep(TYPES[Math.floor(rand() * TYPES.length)], from, { validTo: to, supersedes, personId: `r${i}` }),
      );
    }
    episodes.sort((a, b) => a.validFrom.localeCompare(b.validFrom));
    const events: EventFact[] = [];
    if (rand() < 0.2) events.push(ev('UMAProvisionalCustodyStarted', day()));
    if (rand() < 0.1) events.push(ev('UMAEnded', day()));
    events.sort((a, b) => a.occurredOn.localeCompare(b.occurredOn));
    return {
      p: person({ id: `r${i}`, nationalities: rand() < 0.1 ? ['SYR', 'DEU'] : ['SYR'] }),
      episodes,
      events,
    };
  });
  const dates = ['2026-01-01', '2026-03-15', '2026-06-30', '2026-07-01', '2026-09-28', '2026-12-31'];

  it.each(dates)('per person on %s', (date) => {
    for (const { episodes } of people) {
      const inForce = episodesInForce(episodes, date);
      const summary = statusSummaryAt(episodes, date);
      expect(summary.known).toBe(episodes.some((e) => e.validFrom <= date));
      expect(summary.departed).toBe(departedAt(episodes, date));
      for (const t of [
        'Duldung §60a',
        'Duldung §60b',
        'Duldung §60c',
        'Duldung §60d',
        'Deutsch',
        'Ausgereist',
      ]) {
        expect([t, summary.types.includes(t)]).toEqual([t, inForce.some((e) => e.type === t)]);
      }
      expect(summary.types.includes('asylum')).toBe(isAsylumSeeker(inForce));
    }
  });

  it.each(dates)('counts on %s', (date) => {
    const counts = stockAt(snapshotOf(people), date, PARAMS).counts;
    const foreigners = people.filter(({ p, episodes }) => isForeignerAt({ ...p }, episodes, date));
    expect(counts.foreigners).toBe(foreigners.length);
    expect(counts.asylumSeekers).toBe(
      foreigners.filter(({ episodes }) => isAsylumSeeker(episodesInForce(episodes, date))).length,
    );
    expect(counts.duldung60c).toBe(
      foreigners.filter(({ episodes }) =>
        episodesInForce(episodes, date).some((e) => e.type === 'Duldung §60c'),
      ).length,
    );
    expect(counts.umaStock).toBe(
      people.filter(({ episodes, events }) => !departedAt(episodes, date) && isUmaAt(events, date)).length,
    );
  });
});

describe('status intervals (the projection the service counts stock figures from)', () => {
  const days = (from: string, to: string): string[] => {
    const out: string[] = [];
    for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
      out.push(new Date(t).toISOString().slice(0, 10));
    }
    return out;
  };
  /** on every day: the interval covering it carries personBitsAt of that day; no interval ↔ not counted */
  const expectIntervalsMatchDailyBits = (facts: PersonFact, episodes: EpisodeFact[], events: EventFact[]) => {
    const prepared = prepareSnapshot(
      {
        persons: [facts],
        episodesByPerson: new Map([['p', episodes]]),
        eventsByPerson: new Map([['p', events]]),
      },
      PARAMS,
    ).persons[0];
    const intervals = statusIntervals(prepared);
    for (const day of days('2023-12-01', '2027-02-01')) {
      const covering = intervals.filter((i) => i.from <= day && (i.to === null || i.to > day));
      expect(covering.length).toBeLessThanOrEqual(1);
      const bits = personBitsAt(prepared, day);
      const counted = stockAt(
        {
          persons: [facts],
          episodesByPerson: new Map([['p', episodes]]),
          eventsByPerson: new Map([['p', events]]),
        },
        day,
        PARAMS,
        true,
      ).counts;
      const countsSomething = counted.foreigners > 0 || counted.umaStock > 0;
      expect({ day, bits: covering[0]?.bits ?? null }).toEqual({ day, bits: countsSomething ? bits : null });
    }
    return intervals;
  };

  it('a status history with a correction, a departure and a re-entry (BRIEF § 8 stock, § 1 time slices)', () => {
    const revoked = ep('Duldung §60a', '2024-03-01', { validTo: '2025-12-31' });
    const intervals = expectIntervalsMatchDailyBits(
      person(),
      [
        ep('Aufenthaltsgestattung', '2024-01-10', { validTo: '2024-02-29' }),
        revoked,
        ep('Duldung §60d', '2024-09-01', { supersedes: revoked.id, legalBasis: '§ 60d AufenthG' }),
        ep('Ausgereist', '2025-04-30'),
        ep('Aufenthaltsgestattung', '2026-01-15'),
      ],
      [ev('DuldungGranted', '2024-09-01', { validFrom: '2024-09-01', category: 'employment' })],
    );
    // counted from the first episode; not while departed; again after the re-entry
    expect(intervals.map((i) => [i.from, i.to])).toEqual([
      ['2024-01-10', '2024-03-01'],
      ['2024-03-01', '2024-09-01'],
      ['2024-09-01', '2025-04-30'],
      ['2026-01-15', null],
    ]);
  });

  it('naturalisation ends the count; UMA care counts before any status (BRIEF § 8 Foreigners, UMA)', () => {
    expectIntervalsMatchDailyBits(
      person({ dateOfBirth: '2009-05-05' }),
      [ep('Aufenthaltsgestattung', '2024-06-01'), ep('Deutsch', '2026-07-01')],
      [ev('UMAProvisionalCustodyStarted', '2024-05-20'), ev('UMAEnded', '2025-05-05')],
    );
  });

  it('random histories: the intervals agree with the definitions on every day', () => {
    let a = 7;
    const rand = (): number => {
      a = (a * 1103515245 + 12345) % 2147483648;
      return a / 2147483648;
    };
    const date = (): string =>
      new Date(Date.parse('2024-01-01T00:00:00Z') + Math.floor(rand() * 1000) * 86_400_000)
        .toISOString()
        .slice(0, 10);
    const types = [
      'Aufenthaltsgestattung',
      'Duldung §60a',
      'Duldung §60c',
      'Aufenthaltserlaubnis',
      'Ausgereist',
      'Deutsch',
    ];
    for (let n = 0; n < 40; n += 1) {
      const episodes: EpisodeFact[] = [];
      for (let k = 0; k < 1 + Math.floor(rand() * 5); k += 1) {
        const from = date();
        const to = rand() < 0.4 ? date() : null;
        episodes.push(
          ep(types[Math.floor(rand() * types.length)], from, {
            validTo: to && to >= from ? to : null,
            legalBasis: rand() < 0.3 ? '§ 24 AufenthG' : null,
            supersedes: episodes.length > 0 && rand() < 0.3 ? episodes[episodes.length - 1].id : null,
          }),
        );
      }
      episodes.sort((x, y) => (x.validFrom < y.validFrom ? -1 : x.validFrom > y.validFrom ? 1 : 0));
      const events = rand() < 0.3 ? [ev('UMAProvisionalCustodyStarted', date())] : [];
      expectIntervalsMatchDailyBits(
        person({ nationalities: rand() < 0.2 ? ['POL'] : ['AFG'] }),
        episodes,
        events,
      );
    }
  });
});
