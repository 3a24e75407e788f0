/**
 * German figures of the analytics pages, shared by the server-rendered tables and the heatmap's
 * browser script (so that the diagram and the table read the same). No Node imports: bundled for
 * the browser too.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * A duration in milliseconds as people say it, the two largest units, rounded to the smaller one:
 * "2 Tage", "1 Tag 3 Std.", "4 Std. 20 Min.", "12 Min.", "45 Sek.", "0,3 Sek."; null → "–".
 */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const value = Math.max(0, ms);
  if (value < 1000) return `${formatNumber(Math.round(value / 100) / 10, 1)} Sek.`;
  if (value < MINUTE) return `${Math.round(value / 1000)} Sek.`;
  if (value < HOUR) {
    const minutes = Math.round(value / MINUTE);
    return minutes === 60 ? '1 Std.' : `${minutes} Min.`;
  }
  if (value < DAY) {
    let hours = Math.floor(value / HOUR);
    let minutes = Math.round((value - hours * HOUR) / MINUTE);
    if (minutes === 60) [hours, minutes] = [hours + 1, 0];
    if (hours === 24) return '1 Tag';
    return minutes ? `${hours} Std. ${minutes} Min.` : `${hours} Std.`;
  }
  let days = Math.floor(value / DAY);
  let hours = Math.round((value - days * DAY) / HOUR);
  if (hours === 24) [days, hours] = [days + 1, 0];
  const d = plural(days, 'Tag', 'Tage');
  return hours ? `${d} ${hours} Std.` : d;
}

/** 1234.5 → "1.234,5" (at most `digits` decimals) */
export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return new Intl.NumberFormat('de-DE', { maximumFractionDigits: digits }).format(value);
}

/** 0.4567 → "45,7 %" */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '–';
  return `${formatNumber(share * 100, 1)} %`;
}

/** a working-day count: 1 → "1 Arbeitstag", 2,5 → "2,5 Arbeitstage" */
export function formatWorkingDays(days: number | null | undefined): string {
  if (days === null || days === undefined || !Number.isFinite(days)) return '–';
  return `${formatNumber(days, 1)} ${days === 1 ? 'Arbeitstag' : 'Arbeitstage'}`;
}

/** 'YYYY-MM-DD' → 'TT.MM.JJJJ' */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '–';
  const [y, m, d] = day.split('-');
  return `${d}.${m}.${y}`;
}

/** the five classes of the heatmap's colour scale (0 = lowest … 4 = highest), relative to the maximum */
export const HEAT_CLASSES = 5;

/** the heat class of a value against the largest value shown (values ≤ 0 or without a maximum: 0) */
export function heatClass(value: number | null | undefined, max: number): number {
  if (value === null || value === undefined || !(value > 0) || !(max > 0)) return 0;
  return Math.min(HEAT_CLASSES - 1, Math.floor((value / max) * HEAT_CLASSES));
}
