import Holidays from 'date-holidays';

/**
 * The business calendar of the agency: Saxony-Anhalt's public holidays (from `date-holidays`, which is
 * maintained), working days (Monday–Friday) and Werktage (Monday–Saturday, e.g. § 42a Abs. 4 SGB VIII
 * counts Werktage), month deadlines after § 188 BGB and the shift of § 193 BGB. All dates are ISO
 * calendar dates 'YYYY-MM-DD'; no time zones are involved except in `deadlineEnd`.
 */

const TIME_ZONE = 'Europe/Berlin';
const holidays = new Holidays('DE', 'ST', { types: ['public'] });
const holidayCache = new Map<number, Map<string, string>>();

function holidaysOf(year: number): Map<string, string> {
  let days = holidayCache.get(year);
  if (!days) {
    days = new Map(
      holidays
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => [h.date.slice(0, 10), h.name]),
    );
    holidayCache.set(year, days);
  }
  return days;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** parses 'YYYY-MM-DD' strictly (refuses 2026-02-30) */
export function parseDate(date: string): Date {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (formatDate(d) !== date) throw new RangeError(`no such date: ${date}`);
  return d;
}

export function formatDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** the calendar date of an instant in Europe/Berlin */
export function berlinDate(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

export function addDays(date: string, days: number): string {
  const d = parseDate(date);
  d.setUTCDate(d.getUTCDate() + days);
  return formatDate(d);
}

/** 0 = Sunday … 6 = Saturday */
export function weekday(date: string): number {
  return parseDate(date).getUTCDay();
}

/** the name of the public holiday in Saxony-Anhalt on that date, or null */
export function holidayName(date: string): string | null {
  return holidaysOf(parseDate(date).getUTCFullYear()).get(date) ?? null;
}

export function isHoliday(date: string): boolean {
  return holidayName(date) !== null;
}

/** Monday–Friday and not a public holiday in Saxony-Anhalt */
export function isWorkingDay(date: string): boolean {
  const day = weekday(date);
  return day !== 0 && day !== 6 && !isHoliday(date);
}

/** Monday–Saturday and not a public holiday (Werktag) */
export function isWerktag(date: string): boolean {
  return weekday(date) !== 0 && !isHoliday(date);
}

function addCounted(date: string, n: number, counts: (d: string) => boolean): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`day count must be a whole number ≥ 0, got ${n}`);
  let d = date;
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    if (counts(d)) left -= 1;
  }
  return d;
}

/**
 * The day on which a period of n working days (Mon–Fri, no holidays) that starts with an event on
 * `date` ends; the day of the event itself is not counted (§ 187 Abs. 1 BGB).
 */
export function addWorkingDays(date: string, n: number): string {
  return addCounted(date, n, isWorkingDay);
}

/** as addWorkingDays, counting Werktage (Mon–Sat, no holidays) */
export function addWerktage(date: string, n: number): string {
  return addCounted(date, n, isWerktag);
}

/**
 * End of a period of n months starting with an event on `date` (§ 188 Abs. 2 BGB): the day of the
 * later month with the same number; if that month is shorter, its last day (§ 188 Abs. 3 BGB).
 */
export function addMonths(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`month count must be a whole number, got ${n}`);
  const d = parseDate(date);
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return formatDate(target);
}

/** the last day of the month of `date` */
export function endOfMonth(date: string): string {
  const d = parseDate(date);
  return formatDate(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)));
}

/** the date itself if it is a working day, else the next working day */
export function nextWorkingDay(date: string): string {
  let d = date;
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/**
 * § 193 BGB: a deadline that ends on a Saturday, Sunday or public holiday ends on the next working day
 * instead (for declarations and performances, e.g. a Widerspruch period).
 */
export function shiftOffClosedDay(date: string): string {
  return nextWorkingDay(date);
}

/**
 * The instant at which the due date ends (24:00 Europe/Berlin = 00:00 of the next day), as an ISO UTC
 * string; BPMN timers for a deadline fire then.
 */
export function deadlineEnd(date: string): string {
  return berlinMidnight(addDays(date, 1)).toISOString().replace('.000Z', 'Z');
}

/** the instant of 00:00 Europe/Berlin on a date */
export function berlinMidnight(date: string): Date {
  const utcMidnight = parseDate(date).getTime();
  // Berlin is UTC+1 or UTC+2; take the candidate whose Berlin wall clock reads 00:00 on that date
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(utcMidnight - offsetHours * 3_600_000);
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: TIME_ZONE,
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
    }).format(candidate);
    if (parts === '00:00' && berlinDate(candidate) === date) return candidate;
  }
  throw new Error(`no Berlin midnight on ${date}`);
}

/** full months between two dates (from inclusive, to as a later date); e.g. months of stay */
export function monthsBetween(from: string, to: string): number {
  const a = parseDate(from);
  const b = parseDate(to);
  let months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  if (b.getUTCDate() < a.getUTCDate() && addMonths(from, months) > to) months -= 1;
  return months;
}

/** age in whole years on a date */
export function ageOn(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  parseDate(dateOfBirth);
  parseDate(on);
  // a person born on 29 February comes of age on 1 March in a common year (§ 187 Abs. 2, § 188 Abs. 2 BGB)
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
