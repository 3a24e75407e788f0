import { formatDuration, formatNumber, formatShare, formatWorkingDays, heatClass } from './format';
import { addDays, isWorkingDay } from '../common/calendar';
import { workingDaysBetween } from './complaint-statistics.service';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('German figures of the analytics', () => {
  it.each([
    [null, '–'],
    [300, '0,3 Sek.'],
    [45_000, '45 Sek.'],
    [12 * MIN, '12 Min.'],
    [59.6 * MIN, '1 Std.'],
    [4 * HOUR + 20 * MIN, '4 Std. 20 Min.'],
    [3 * HOUR, '3 Std.'],
    [DAY, '1 Tag'],
    [2 * DAY, '2 Tage'],
    [2 * DAY + 5_000, '2 Tage'],
    [DAY + 12 * HOUR, '1 Tag 12 Std.'],
    [2.8 * DAY, '2 Tage 19 Std.'],
    [23 * HOUR + 59.9 * MIN, '1 Tag'],
  ])('formatDuration(%p) = %p', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it('formats numbers, shares and working days the German way', () => {
    expect(formatNumber(1234.5, 1)).toBe('1.234,5');
    expect(formatNumber(1234567)).toBe('1.234.567');
    expect(formatShare(2 / 3)).toBe('66,7 %');
    expect(formatShare(null)).toBe('–');
    expect(formatWorkingDays(1)).toBe('1 Arbeitstag');
    expect(formatWorkingDays(3.5)).toBe('3,5 Arbeitstage');
  });

  it('puts a value into one of five heat classes relative to the largest', () => {
    expect([0, 1, 19, 20, 50, 99, 100].map((v) => heatClass(v, 100))).toEqual([0, 0, 0, 1, 2, 4, 4]);
    expect(heatClass(null, 100)).toBe(0);
    expect(heatClass(5, 0)).toBe(0);
  });

  it('counts working days after receipt up to the day, without weekends and Saxony-Anhalt holidays', () => {
    expect(workingDaysBetween('2026-03-02', '2026-03-02')).toBe(0);
    expect(workingDaysBetween('2026-03-06', '2026-03-09')).toBe(1); // Friday → Monday
    expect(workingDaysBetween('2026-03-27', '2026-04-07')).toBe(5); // over Easter 2026
    expect(workingDaysBetween('2026-01-05', '2026-01-07')).toBe(1); // 6 January: Heilige Drei Könige
    expect(workingDaysBetween('2026-01-07', '2026-01-05')).toBe(0);
  });

  it('counts working days across years as a day-by-day count does', () => {
    const dayByDay = (from: string, to: string): number => {
      let n = 0;
      for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
      return n;
    };
    for (const [from, to] of [
      ['2025-12-20', '2026-01-10'],
      ['2024-02-27', '2024-03-05'],
      ['2023-06-01', '2026-06-01'],
      ['2026-12-31', '2027-01-04'],
    ])
      expect([from, to, workingDaysBetween(from, to)]).toEqual([from, to, dayByDay(from, to)]);
  });
});
