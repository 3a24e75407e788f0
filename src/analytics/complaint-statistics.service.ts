import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { COMPLAINT_CATEGORY_LABELS } from '../agencies/complaints/complaint.rules';
import { AGENCY_UNITS } from '../agencies/units';
import { addDays, isWorkingDay } from '../common/calendar';
import { percentile } from './percentile';
import type { Period } from './period';

/** one row of the complaint statistics (a category, a unit, or all) */
export interface ComplaintFigures {
  key: string;
  label: string;
  received: number;
  acknowledged: number;
  /** median working days from receipt to acknowledgement */
  acknowledgeMedianWorkingDays: number | null;
  answered: number;
  /** median working days from receipt to the reply */
  answerMedianWorkingDays: number | null;
  /** closed with an assessment (justified, partly justified, unfounded) */
  assessed: number;
  justified: number;
  partlyJustified: number;
  /** (justified + partly justified) / assessed */
  justifiedShare: number | null;
}

export interface ComplaintStatistics {
  von: string | null;
  bis: string | null;
  total: ComplaintFigures;
  byCategory: ComplaintFigures[];
  byUnit: ComplaintFigures[];
}

interface ComplaintRow {
  received_on: string;
  acknowledged_on: string | null;
  answered_on: string | null;
  category: string | null;
  unit_concerned: string | null;
  outcome: string | null;
}

/** per year: working days up to and including each day of the year (index 0 = 1 January) */
const cumulativeByYear = new Map<number, number[]>();

function cumulative(year: number): number[] {
  let days = cumulativeByYear.get(year);
  if (!days) {
    days = [];
    let n = 0;
    for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) {
      if (isWorkingDay(d)) n++;
      days.push(n);
    }
    cumulativeByYear.set(year, days);
  }
  return days;
}

/** working days from 1 January of `base` up to and including `date` */
function ordinal(date: string, base: number): number {
  const year = Number(date.slice(0, 4));
  let n = 0;
  for (let y = base; y < year; y++) n += cumulative(y).at(-1) ?? 0;
  const dayOfYear = Math.round(
    (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${year}-01-01T00:00:00Z`)) / 86_400_000,
  );
  return n + cumulative(year)[dayOfYear];
}

/** working days (Mon–Fri without Saxony-Anhalt's holidays) after `from` up to and including `to` */
export function workingDaysBetween(from: string, to: string): number {
  if (to <= from) return 0;
  const base = Number(from.slice(0, 4));
  return ordinal(to, base) - ordinal(from, base);
}

const ASSESSED = new Set(['justified', 'partly justified', 'unfounded']);

function figures(key: string, label: string, rows: ComplaintRow[]): ComplaintFigures {
  const acknowledged = rows.filter((r) => r.acknowledged_on);
  const answered = rows.filter((r) => r.answered_on);
  const assessed = rows.filter((r) => r.outcome && ASSESSED.has(r.outcome));
  const justified = assessed.filter((r) => r.outcome === 'justified').length;
  const partly = assessed.filter((r) => r.outcome === 'partly justified').length;
  return {
    key,
    label,
    received: rows.length,
    acknowledged: acknowledged.length,
    acknowledgeMedianWorkingDays: percentile(
      acknowledged.map((r) => workingDaysBetween(r.received_on, r.acknowledged_on!)),
      0.5,
    ),
    answered: answered.length,
    answerMedianWorkingDays: percentile(
      answered.map((r) => workingDaysBetween(r.received_on, r.answered_on!)),
      0.5,
    ),
    assessed: assessed.length,
    justified,
    partlyJustified: partly,
    justifiedShare: assessed.length ? (justified + partly) / assessed.length : null,
  };
}

function groupBy(rows: ComplaintRow[], keyOf: (r: ComplaintRow) => string): Map<string, ComplaintRow[]> {
  const groups = new Map<string, ComplaintRow[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const group = groups.get(k);
    if (group) group.push(r);
    else groups.set(k, [r]);
  }
  return groups;
}

/**
 * Complaint statistics (BRIEF § 7) from the complaint register (`complaint`), which holds no personal
 * data: complaints received in the period by category and by the unit concerned, time to acknowledge
 * and to answer in working days (median), and the share found justified.
 */
@Injectable()
export class ComplaintStatisticsService {
  constructor(private readonly em: EntityManager) {}

  async statistics(period: Period): Promise<ComplaintStatistics> {
    const rows = await this.em.fork().execute<ComplaintRow[]>(
      `SELECT to_char(received_on, 'YYYY-MM-DD') AS received_on, to_char(acknowledged_on, 'YYYY-MM-DD') AS acknowledged_on,
              to_char(answered_on, 'YYYY-MM-DD') AS answered_on, category, unit_concerned, outcome
         FROM complaint WHERE (?::date IS NULL OR received_on >= ?::date) AND (?::date IS NULL OR received_on <= ?::date)`,
      [period.von, period.von, period.bis, period.bis],
    );
    const categoryLabel = (k: string): string =>
      (COMPLAINT_CATEGORY_LABELS as Record<string, string>)[k] ?? 'ohne Kategorie';
    const unitLabel = (k: string): string =>
      (AGENCY_UNITS as Record<string, string>)[k] ?? 'ohne Angabe der Stelle';
    const byCategory = [...groupBy(rows, (r) => r.category ?? '').entries()]
      .map(([k, g]) => figures(k, categoryLabel(k), g))
      .sort((a, b) => b.received - a.received || a.label.localeCompare(b.label, 'de'));
    const byUnit = [...groupBy(rows, (r) => r.unit_concerned ?? '').entries()]
      .map(([k, g]) => figures(k, k ? `${unitLabel(k)} (${k})` : unitLabel(k), g))
      .sort((a, b) => b.received - a.received || a.label.localeCompare(b.label, 'de'));
    return {
      von: period.von,
      bis: period.bis,
      total: figures('', 'Alle Beschwerden', rows),
      byCategory,
      byUnit,
    };
  }
}
