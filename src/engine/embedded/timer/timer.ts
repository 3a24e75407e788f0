/**
 * Timer definitions as Zeebe reads them: timeDuration (ISO 8601 duration), timeDate (ISO 8601 date-time),
 * timeCycle (`R<n>/<duration>`, `R/<duration>`, `R<n>/<start>/<duration>`, or a Spring-style cron
 * expression with 6 fields). Each may be FEEL (`=…`), evaluated once when the timer is created.
 * All calendar arithmetic is in UTC.
 */
import { CronExpressionParser } from 'cron-parser';
import type { TimerDefinition } from '../model/model.types';
import { evaluateFeel, type FeelOptions } from '../feel/feel';

export class TimerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimerError';
  }
}

export interface ScheduledTimer {
  dueDate: Date;
  /** remaining firings including this one; -1 = infinite */
  repetitions: number;
  /** the (evaluated) cycle, for `nextDueDate`; only for timeCycle */
  cycle?: string;
}

// ---------------------------------------------------------------------------------------------------
// ISO 8601 durations

export interface IsoDuration {
  negative: boolean;
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  /** may be fractional */
  seconds: number;
}

const DURATION_RE =
  /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** Parses `PnYnMnWnDTnHnMnS` (any subset, at least one part; fractions on seconds only). */
export function parseIsoDuration(text: string): IsoDuration {
  const s = text.trim();
  const m = DURATION_RE.exec(s);
  if (!m || s.endsWith('T') || /^-?P$/.test(s) || /^-?PT$/.test(s)) {
    throw new TimerError(
      `Invalid duration '${text}': expected an ISO 8601 duration such as 'PT15M', 'P1D' or 'P1Y2M'`,
    );
  }
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i].replace(',', '.')));
  return {
    negative: m[1] === '-',
    years: n(2),
    months: n(3),
    weeks: n(4),
    days: n(5),
    hours: n(6),
    minutes: n(7),
    seconds: n(8),
  };
}

/** Adds a duration to a date: years/months on the calendar (Jan 31 + P1M = Feb 28/29), then days and time. */
export function addIsoDuration(date: Date, d: IsoDuration): Date {
  const sign = d.negative ? -1 : 1;
  const result = new Date(date.getTime());
  const totalMonths = sign * (d.years * 12 + d.months);
  if (totalMonths !== 0) {
    const day = result.getUTCDate();
    result.setUTCDate(1);
    result.setUTCMonth(result.getUTCMonth() + totalMonths);
    const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
    result.setUTCDate(Math.min(day, lastDay));
  }
  const ms =
    (d.weeks * 7 + d.days) * 86_400_000 +
    d.hours * 3_600_000 +
    d.minutes * 60_000 +
    Math.round(d.seconds * 1000);
  return new Date(result.getTime() + sign * ms);
}

function isZeroOrNegative(d: IsoDuration): boolean {
  const any = d.years || d.months || d.weeks || d.days || d.hours || d.minutes || d.seconds;
  return !any || d.negative;
}

// ---------------------------------------------------------------------------------------------------
// ISO 8601 date-times

const DATE_TIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?(?:\[[^\]]+\])?)?$/;

/**
 * Parses `2026-01-02T10:00:00Z`, `…+01:00`, `…+01:00[Europe/Berlin]`; without an offset the time is
 * taken as UTC; a bare date means midnight UTC.
 */
export function parseIsoDateTime(text: string): Date {
  const s = text.trim();
  const m = DATE_TIME_RE.exec(s);
  if (!m) {
    throw new TimerError(`Invalid date-time '${text}': expected ISO 8601 such as '2026-01-02T10:00:00Z'`);
  }
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone] = m;
  const ms = Number((frac + '000').slice(0, 3));
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), ms);
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(sec) > 59
  ) {
    throw new TimerError(`Invalid date-time '${text}': no such date or time`);
  }
  let offsetMinutes = 0;
  if (zone && zone !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
    if (!z) throw new TimerError(`Invalid date-time '${text}': bad offset '${zone}'`);
    offsetMinutes = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
  }
  return new Date(utc - offsetMinutes * 60_000);
}

// ---------------------------------------------------------------------------------------------------
// cycles

type ParsedCycle =
  | { kind: 'interval'; repetitions: number; start?: Date; duration: IsoDuration }
  | { kind: 'cron'; expression: string };

const CRON_MACROS = new Set([
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
]);

function parseCycle(text: string): ParsedCycle {
  const s = text.trim();
  if (s.startsWith('R')) {
    const parts = s.split('/');
    const rep = /^R(\d*)$/.exec(parts[0]);
    if (!rep || parts.length < 2 || parts.length > 3) {
      throw new TimerError(
        `Invalid time cycle '${text}': expected 'R<n>/<duration>', 'R<n>/<start>/<duration>' or a cron expression`,
      );
    }
    const repetitions = rep[1] === '' ? -1 : Number(rep[1]);
    if (repetitions === 0)
      throw new TimerError(`Invalid time cycle '${text}': the number of repetitions must be at least 1`);
    const duration = parseIsoDuration(parts[parts.length - 1]);
    if (isZeroOrNegative(duration)) {
      throw new TimerError(`Invalid time cycle '${text}': the interval must be a positive duration`);
    }
    const start = parts.length === 3 ? parseIsoDateTime(parts[1]) : undefined;
    return { kind: 'interval', repetitions, start, duration };
  }
  const fields = s.split(/\s+/);
  if (!(fields.length === 1 && CRON_MACROS.has(s.toLowerCase())) && fields.length !== 6) {
    throw new TimerError(
      `Invalid time cycle '${text}': expected 'R<n>/<duration>' or a cron expression with 6 fields (second minute hour day-of-month month day-of-week), found ${fields.length}`,
    );
  }
  try {
    CronExpressionParser.parse(s, { tz: 'UTC', currentDate: new Date(0) });
  } catch (err) {
    throw new TimerError(`Invalid time cycle '${text}': ${err instanceof Error ? err.message : String(err)}`);
  }
  return { kind: 'cron', expression: s };
}

function nextCron(expression: string, after: Date): Date | null {
  try {
    const it = CronExpressionParser.parse(expression, { tz: 'UTC', currentDate: after });
    return it.hasNext() ? it.next().toDate() : null;
  } catch {
    return null;
  }
}

/**
 * The due date after `previousDue` for a cycle returned by `scheduleTimer` (interval cycles: previous +
 * interval; cron: the next match after previous). The caller counts repetitions; null = no further firing.
 */
export function nextDueDate(cycle: string, previousDue: Date): Date | null {
  const parsed = parseCycle(cycle);
  return parsed.kind === 'cron'
    ? nextCron(parsed.expression, previousDue)
    : addIsoDuration(previousDue, parsed.duration);
}

// ---------------------------------------------------------------------------------------------------
// scheduling

/** Validates a static timer expression at deploy time (throws TimerError). */
export function validateTimerText(type: TimerDefinition['type'], text: string): void {
  if (type === 'duration') parseIsoDuration(text);
  else if (type === 'date') parseIsoDateTime(text);
  else parseCycle(text);
}

function timerText(def: TimerDefinition, variables: Record<string, unknown>, now: Date): string {
  if (def.expression.kind === 'static') return def.expression.value;
  const opts: FeelOptions = { now };
  let value: unknown;
  try {
    value = evaluateFeel(def.expression.source, variables, opts);
  } catch (err) {
    throw new TimerError(err instanceof Error ? err.message : String(err));
  }
  if (typeof value !== 'string') {
    const kind =
      value === null
        ? 'NULL'
        : Array.isArray(value)
          ? 'ARRAY'
          : typeof value === 'object'
            ? 'OBJECT'
            : typeof value;
    throw new TimerError(
      `Expected result of the expression '${def.expression.source}' to be a ${def.type === 'date' ? 'date-time' : def.type === 'duration' ? 'duration' : 'cycle'} (string), but was '${String(kind).toUpperCase()}'.`,
    );
  }
  return value;
}

/** Computes the first due date of a timer created at `now` (FEEL evaluated against `variables`). */
export function scheduleTimer(
  def: TimerDefinition,
  variables: Record<string, unknown>,
  now: Date,
): ScheduledTimer {
  const text = timerText(def, variables, now);
  switch (def.type) {
    case 'duration':
      return { dueDate: addIsoDuration(now, parseIsoDuration(text)), repetitions: 1 };
    case 'date':
      return { dueDate: parseIsoDateTime(text), repetitions: 1 };
    case 'cycle': {
      const cycle = parseCycle(text);
      if (cycle.kind === 'cron') {
        const due = nextCron(cycle.expression, now);
        if (!due)
          throw new TimerError(`Invalid time cycle '${text}': the cron expression has no future occurrence`);
        return { dueDate: due, repetitions: -1, cycle: text.trim() };
      }
      // with a start date in the past the first firing is one interval from now
      const dueDate =
        cycle.start && cycle.start.getTime() >= now.getTime()
          ? cycle.start
          : addIsoDuration(now, cycle.duration);
      return { dueDate, repetitions: cycle.repetitions, cycle: text.trim() };
    }
    default:
      throw new TimerError(`Unknown timer type '${String((def as { type: unknown }).type)}'`);
  }
}
