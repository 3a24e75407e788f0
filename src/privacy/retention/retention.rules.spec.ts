import {
  expiredRecords,
  parsePeriod,
  personCategories,
  retentionEnd,
  type PersonFileFacts,
  type RetentionCategory,
  type RetentionPeriod,
  type RetentionRecord,
  type RetentionRule,
} from './retention.rules';

const rule = (category: RetentionCategory, period: RetentionPeriod | null): RetentionRule => ({
  category,
  key: `retention.${category}`,
  validFrom: '2020-01-01',
  period,
  source: 'test',
});

const RULES = new Map<RetentionCategory, RetentionRule>([
  ['case.asylblg', rule('case.asylblg', { years: 10 })],
  ['case.abh.departed', rule('case.abh.departed', { years: 10 })],
  ['case.abh.residing', rule('case.abh.residing', null)],
  ['case.other', rule('case.other', { years: 5 })],
  ['task.draft', rule('task.draft', { days: 30 })],
]);

describe('retentionEnd', () => {
  it.each<[string, RetentionPeriod | null, string | null]>([
    ['2026-11-28', { years: 10 }, '2036-11-28'],
    ['2024-02-29', { years: 1 }, '2025-02-28'],
    ['2026-01-31', { months: 1 }, '2026-02-28'],
    ['2026-11-28', { days: 30 }, '2026-12-28'],
    ['2026-11-28', { years: 1, days: 1 }, '2027-11-29'],
    ['2026-11-28', {}, '2026-11-28'],
    ['2026-11-28', null, null],
  ])('%s + %j → %s', (from, period, end) => {
    expect(retentionEnd(from, period)).toBe(end);
  });
});

describe('parsePeriod', () => {
  it.each<[unknown, RetentionPeriod | null]>([
    [{ years: 10 }, { years: 10 }],
    [{ days: 0 }, { days: 0 }],
    [{ keep: true }, null],
    [null, null],
  ])('%j → %j', (value, period) => {
    expect(parsePeriod(value)).toEqual(period);
  });

  it.each<[unknown]>([[{ weeks: 2 }], [{ years: -1 }], [{ years: 1.5 }], ['P10Y'], [[10]]])(
    'refuses %j',
    (value) => {
      expect(() => parsePeriod(value)).toThrow(/retention period/);
    },
  );
});

describe('expiredRecords', () => {
  const today = '2036-11-28';
  it.each<[string, Omit<RetentionRecord, 'id'>, null | { outcome: string; key: string; expiredOn: string }]>([
    [
      'AsylbLG file closed exactly 10 years ago: expired today',
      { categories: ['case.asylblg'], closedOn: '2026-11-28' },
      { outcome: 'expired', key: 'retention.case.asylblg', expiredOn: '2036-11-28' },
    ],
    [
      'AsylbLG file closed a day later: still kept',
      { categories: ['case.asylblg'], closedOn: '2026-11-29' },
      null,
    ],
    [
      'the longest period decides (other 5 y, AsylbLG 10 y)',
      { categories: ['case.other', 'case.asylblg'], closedOn: '2030-01-01' },
      null,
    ],
    [
      'both expired: the rule that ended last is named',
      { categories: ['case.other', 'case.abh.departed'], closedOn: '2025-06-30' },
      { outcome: 'expired', key: 'retention.case.abh.departed', expiredOn: '2035-06-30' },
    ],
    [
      'a person still living here is never erased automatically',
      { categories: ['case.asylblg', 'case.abh.residing'], closedOn: '2000-01-01' },
      null,
    ],
    [
      'a category without a rule keeps the record',
      { categories: ['complaint'], closedOn: '2000-01-01' },
      null,
    ],
    ['no category: nothing to decide', { categories: [], closedOn: '2000-01-01' }, null],
    [
      'expired but a process still runs: deferred',
      { categories: ['case.other'], closedOn: '2020-01-01', running: true },
      { outcome: 'deferred', key: 'retention.case.other', expiredOn: '2025-01-01' },
    ],
    [
      'a running process on a file not yet expired: nothing',
      { categories: ['case.other'], closedOn: '2035-01-01', running: true },
      null,
    ],
    [
      'task draft 30 days after completion',
      { categories: ['task.draft'], closedOn: '2036-10-29' },
      { outcome: 'expired', key: 'retention.task.draft', expiredOn: '2036-11-28' },
    ],
  ])('%s', (_name, record, expected) => {
    const decisions = expiredRecords(RULES, [{ id: 'r1', ...record }], today);
    if (!expected) {
      expect(decisions).toEqual([]);
      return;
    }
    expect(decisions).toEqual([
      {
        id: 'r1',
        outcome: expected.outcome,
        rule: expect.objectContaining({ key: expected.key }),
        expiredOn: expected.expiredOn,
      },
    ]);
  });
});

describe('personCategories', () => {
  const facts = (f: Partial<PersonFileFacts>): PersonFileFacts => ({
    processes: [],
    benefits: false,
    lastStatus: null,
    departedAfterLastStatus: false,
    ...f,
  });
  it.each<[string, Partial<PersonFileFacts>, RetentionCategory[]]>([
    ['nothing known', {}, ['case.other']],
    ['AsylbLG process', { processes: ['asylblg-but-krankenhilfe'] }, ['case.asylblg']],
    ['benefit records only', { benefits: true }, ['case.asylblg']],
    ['left Germany', { lastStatus: 'Ausgereist' }, ['case.abh.departed']],
    [
      'removal recorded after the last status',
      { lastStatus: 'Duldung §60a', departedAfterLastStatus: true },
      ['case.abh.departed'],
    ],
    ['naturalised', { lastStatus: 'Deutsch' }, ['case.abh.naturalised']],
    ['still living here', { lastStatus: 'Aufenthaltserlaubnis' }, ['case.abh.residing']],
    ['ABH process without a status', { processes: ['return-management'] }, ['case.abh.residing']],
    [
      'benefits and departed',
      { processes: ['asylblg-benefits'], lastStatus: 'Ausgereist' },
      ['case.asylblg', 'case.abh.departed'],
    ],
    ['integration only', { processes: ['uma-reception'] }, ['case.other']],
  ])('%s → %j', (_name, f, categories) => {
    expect(personCategories(facts(f))).toEqual(categories);
  });
});
