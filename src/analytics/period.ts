import { berlinMidnight, addDays } from '../common/calendar';

/**
 * The reporting period of the analytics: Berlin calendar days `von` to `bis`, both inclusive, as the
 * half-open instant range [von 00:00, bis + 1 day 00:00) in Europe/Berlin. Either end may be open.
 * What counts in a period: instances and element instances *started* in it (started, frequency),
 * *ended* in it (completed, terminated, durations, lead times, breaches), and *running* at its end
 * (or now, when `bis` is open or in the future).
 */
export interface Period {
  /** 'YYYY-MM-DD' or null (from the beginning) */
  von: string | null;
  /** 'YYYY-MM-DD' or null (up to now) */
  bis: string | null;
  from: Date | null;
  /** exclusive */
  to: Date | null;
}

/** which query parameter is wrong, and why (German, for pages and the API) */
export class PeriodError extends Error {
  constructor(
    readonly field: 'von' | 'bis',
    message: string,
  ) {
    super(message);
  }
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const GERMAN = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/** 'YYYY-MM-DD' or 'TT.MM.JJJJ' → 'YYYY-MM-DD', or null when it is no real calendar day */
export function parseDay(value: string): string | null {
  const text = value.trim();
  let y: number, m: number, d: number;
  const iso = ISO.exec(text);
  const german = GERMAN.exec(text);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (german) [y, m, d] = [Number(german[3]), Number(german[2]), Number(german[1])];
  else return null;
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return null;
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** the period of `?von=&bis=` (empty or missing = open); throws PeriodError naming the parameter */
export function parsePeriod(von?: string | null, bis?: string | null): Period {
  const day = (field: 'von' | 'bis', value?: string | null): string | null => {
    if (value === undefined || value === null || value.trim() === '') return null;
    const parsed = parseDay(value);
    if (!parsed)
      throw new PeriodError(field, `${field}: bitte ein Datum als TT.MM.JJJJ oder JJJJ-MM-TT angeben.`);
    return parsed;
  };
  const from = day('von', von);
  const to = day('bis', bis);
  if (from && to && from > to) throw new PeriodError('von', 'von: Der Beginn liegt nach dem Ende (bis).');
  return {
    von: from,
    bis: to,
    from: from ? berlinMidnight(from) : null,
    to: to ? berlinMidnight(addDays(to, 1)) : null,
  };
}

/** the instant "running at the end of the period" refers to: the period's end, or now if that is later */
export function periodEnd(period: Period, now: Date): Date {
  return period.to && period.to.getTime() < now.getTime() ? period.to : now;
}
