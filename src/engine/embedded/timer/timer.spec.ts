import {
  addIsoDuration,
  nextDueDate,
  parseIsoDateTime,
  parseIsoDuration,
  scheduleTimer,
  TimerError,
  validateTimerText,
} from './timer';
import type { TimerDefinition } from '../model/model.types';

const now = new Date('2026-01-31T10:00:00.000Z');
const iso = (d: Date | null) => d?.toISOString() ?? null;
const stat = (type: TimerDefinition['type'], value: string): TimerDefinition => ({
  type,
  expression: { kind: 'static', value },
});
const feel = (type: TimerDefinition['type'], source: string): TimerDefinition => ({
  type,
  expression: { kind: 'feel', source },
});

describe('ISO durations', () => {
  it.each<[string, string]>([
    ['PT15M', '2026-01-31T10:15:00.000Z'],
    ['PT1H30M', '2026-01-31T11:30:00.000Z'],
    ['PT0.5S', '2026-01-31T10:00:00.500Z'],
    ['P1D', '2026-02-01T10:00:00.000Z'],
    ['P2W', '2026-02-14T10:00:00.000Z'],
    ['P1M', '2026-02-28T10:00:00.000Z'], // calendar-correct, clamped to month end
    ['P1Y1M', '2027-02-28T10:00:00.000Z'],
    ['P1MT1H', '2026-02-28T11:00:00.000Z'],
    ['-PT1H', '2026-01-31T09:00:00.000Z'],
  ])('now + %s', (text, expected) => {
    expect(iso(addIsoDuration(now, parseIsoDuration(text)))).toBe(expected);
  });

  it('handles leap years', () => {
    expect(iso(addIsoDuration(new Date('2028-01-31T00:00:00Z'), parseIsoDuration('P1M')))).toBe(
      '2028-02-29T00:00:00.000Z',
    );
    expect(iso(addIsoDuration(new Date('2028-02-29T00:00:00Z'), parseIsoDuration('P1Y')))).toBe(
      '2029-02-28T00:00:00.000Z',
    );
  });

  it.each(['PT', 'P', '', 'P1H', 'PT1D', '1D', 'P1.5D', 'PT-1H', 'garbage'])('refuses %j', (text) => {
    expect(() => parseIsoDuration(text)).toThrow(TimerError);
  });
});

describe('ISO date-times', () => {
  it.each<[string, string]>([
    ['2026-03-01T12:00:00Z', '2026-03-01T12:00:00.000Z'],
    ['2026-03-01T12:00:00+01:00', '2026-03-01T11:00:00.000Z'],
    ['2026-03-01T12:00+0100', '2026-03-01T11:00:00.000Z'],
    ['2026-03-01T12:00:00.250-02:00', '2026-03-01T14:00:00.250Z'],
    ['2026-03-01T12:00:00+01:00[Europe/Berlin]', '2026-03-01T11:00:00.000Z'],
    ['2026-03-01T12:00:00', '2026-03-01T12:00:00.000Z'],
    ['2026-03-01', '2026-03-01T00:00:00.000Z'],
  ])('%s', (text, expected) => {
    expect(iso(parseIsoDateTime(text))).toBe(expected);
  });

  it.each([
    '2026-02-30T10:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-01-01T25:00:00Z',
    'tomorrow',
    '2026-01-01T10:00:00+1',
  ])('refuses %j', (text) => {
    expect(() => parseIsoDateTime(text)).toThrow(TimerError);
  });
});

describe('scheduleTimer', () => {
  it.each<
    [
      string,
      TimerDefinition,
      Record<string, unknown>,
      { dueDate: string; repetitions: number; cycle?: string },
    ]
  >([
    [
      'static duration',
      stat('duration', 'PT1H'),
      {},
      { dueDate: '2026-01-31T11:00:00.000Z', repetitions: 1 },
    ],
    [
      'FEEL duration',
      feel('duration', 'duration("P1D")'),
      {},
      { dueDate: '2026-02-01T10:00:00.000Z', repetitions: 1 },
    ],
    [
      'FEEL string duration',
      feel('duration', 'wait'),
      { wait: 'PT5M' },
      { dueDate: '2026-01-31T10:05:00.000Z', repetitions: 1 },
    ],
    [
      'static date',
      stat('date', '2026-02-01T08:00:00+01:00'),
      {},
      { dueDate: '2026-02-01T07:00:00.000Z', repetitions: 1 },
    ],
    [
      'FEEL date',
      feel('date', 'now() + duration("PT2H")'),
      {},
      { dueDate: '2026-01-31T12:00:00.000Z', repetitions: 1 },
    ],
    [
      'FEEL date and time',
      feel('date', 'date and time("2026-02-01T10:00:00@Europe/Berlin")'),
      {},
      { dueDate: '2026-02-01T09:00:00.000Z', repetitions: 1 },
    ],
    [
      'R3 cycle',
      stat('cycle', 'R3/PT10M'),
      {},
      { dueDate: '2026-01-31T10:10:00.000Z', repetitions: 3, cycle: 'R3/PT10M' },
    ],
    [
      'infinite cycle',
      stat('cycle', 'R/P1D'),
      {},
      { dueDate: '2026-02-01T10:00:00.000Z', repetitions: -1, cycle: 'R/P1D' },
    ],
    [
      'cycle with future start',
      stat('cycle', 'R2/2026-02-01T00:00:00Z/PT1H'),
      {},
      { dueDate: '2026-02-01T00:00:00.000Z', repetitions: 2, cycle: 'R2/2026-02-01T00:00:00Z/PT1H' },
    ],
    [
      'cycle with past start',
      stat('cycle', 'R2/2026-01-01T00:00:00Z/PT1H'),
      {},
      { dueDate: '2026-01-31T11:00:00.000Z', repetitions: 2, cycle: 'R2/2026-01-01T00:00:00Z/PT1H' },
    ],
    [
      'cron',
      stat('cycle', '0 0 9 * * MON-FRI'),
      {},
      { dueDate: '2026-02-02T09:00:00.000Z', repetitions: -1, cycle: '0 0 9 * * MON-FRI' },
    ],
    [
      'cron macro',
      stat('cycle', '@daily'),
      {},
      { dueDate: '2026-02-01T00:00:00.000Z', repetitions: -1, cycle: '@daily' },
    ],
    [
      'FEEL cycle',
      feel('cycle', '"R/PT" + string(n) + "M"'),
      { n: 30 },
      { dueDate: '2026-01-31T10:30:00.000Z', repetitions: -1, cycle: 'R/PT30M' },
    ],
  ])('%s', (_label, def, vars, expected) => {
    const r = scheduleTimer(def, vars, now);
    expect({ ...r, dueDate: r.dueDate.toISOString() }).toEqual(expected);
  });

  it.each<[string, TimerDefinition]>([
    ['bad duration', stat('duration', 'PT')],
    ['bad date', stat('date', 'next monday')],
    ['R0', stat('cycle', 'R0/PT1M')],
    ['zero interval', stat('cycle', 'R/PT0S')],
    ['5-field cron', stat('cycle', '0 9 * * *')],
    ['bad cron', stat('cycle', 'a b c d e f')],
    ['FEEL null', feel('duration', 'missing')],
    ['FEEL number', feel('duration', '5')],
    ['FEEL syntax', feel('duration', 'duration(')],
  ])('refuses %s with TimerError', (_label, def) => {
    expect(() => scheduleTimer(def, {}, now)).toThrow(TimerError);
  });

  it('validates static text at deploy time', () => {
    expect(() => validateTimerText('cycle', 'R5/PT1M')).not.toThrow();
    expect(() => validateTimerText('duration', 'PT')).toThrow(/Invalid duration 'PT'/);
  });
});

describe('nextDueDate', () => {
  it('adds the interval for repeating intervals', () => {
    expect(iso(nextDueDate('R3/PT10M', new Date('2026-01-31T10:10:00Z')))).toBe('2026-01-31T10:20:00.000Z');
    expect(iso(nextDueDate('R/P1M', new Date('2026-01-31T00:00:00Z')))).toBe('2026-02-28T00:00:00.000Z');
    expect(iso(nextDueDate('R2/2026-02-01T00:00:00Z/PT1H', new Date('2026-02-01T00:00:00Z')))).toBe(
      '2026-02-01T01:00:00.000Z',
    );
  });

  it('finds the next cron match after the previous due date', () => {
    expect(iso(nextDueDate('0 0 9 * * MON-FRI', new Date('2026-02-02T09:00:00Z')))).toBe(
      '2026-02-03T09:00:00.000Z',
    );
    expect(iso(nextDueDate('0 */15 * * * *', new Date('2026-02-02T09:00:00Z')))).toBe(
      '2026-02-02T09:15:00.000Z',
    );
  });
});
