import {
  addDays,
  addMonths,
  addWerktage,
  addWorkingDays,
  ageOn,
  deadlineEnd,
  endOfMonth,
  holidayName,
  isWorkingDay,
  monthsBetween,
  nextWorkingDay,
  parseDate,
} from './business-calendar';

describe('business calendar (Saxony-Anhalt)', () => {
  it.each([
    ['2026-01-01', 'Neujahr'],
    ['2026-01-06', 'Heilige Drei Könige'], // a holiday in Saxony-Anhalt, not in Berlin
    ['2026-04-03', 'Karfreitag'],
    ['2026-04-06', 'Ostermontag'],
    ['2026-05-14', 'Christi Himmelfahrt'],
    ['2026-05-25', 'Pfingstmontag'],
    ['2026-10-03', 'Tag der Deutschen Einheit'],
    ['2026-10-31', 'Reformationstag'], // a holiday in Saxony-Anhalt
    ['2026-12-25', '1. Weihnachtstag'],
    ['2026-12-26', '2. Weihnachtstag'],
  ])('%s is the public holiday %s', (date, name) => {
    expect(holidayName(date)).toBe(name);
    expect(isWorkingDay(date)).toBe(false);
  });

  it.each([
    ['2026-11-18', 'Buß- und Bettag is a holiday only in Saxony'],
    ['2027-11-01', 'Allerheiligen is no holiday in Saxony-Anhalt'],
    ['2026-06-04', 'Fronleichnam is no holiday in Saxony-Anhalt'],
    ['2026-12-24', 'Heiligabend is a working day'],
  ])('%s is a working day (%s)', (date) => {
    expect(holidayName(date)).toBeNull();
    expect(isWorkingDay(date)).toBe(true);
  });

  it.each([
    // [start, n, working days result, Werktage result, why]
    ['2026-11-27', 3, '2026-12-02', '2026-12-01', 'Friday: the weekend is skipped; Saturday is a Werktag'],
    ['2026-12-23', 3, '2026-12-29', '2026-12-29', 'Christmas holidays are skipped'],
    ['2026-04-02', 1, '2026-04-07', '2026-04-04', 'Easter: Karfreitag and Ostermontag are skipped'],
    ['2026-10-30', 1, '2026-11-02', '2026-11-02', 'Reformationstag (Saturday) and Sunday'],
    ['2026-01-05', 1, '2026-01-07', '2026-01-07', 'Heilige Drei Könige'],
    ['2026-11-25', 7, '2026-12-04', '2026-12-03', 'UMA notification: 7 Werktage vs working days'],
    ['2026-11-28', 0, '2026-11-28', '2026-11-28', 'zero days is the day itself'],
  ])('from %s + %i: working days %s, Werktage %s (%s)', (start, n, working, werktage) => {
    expect(addWorkingDays(start, n)).toBe(working);
    expect(addWerktage(start, n)).toBe(werktage);
  });

  it.each([
    ['2026-01-31', 1, '2026-02-28', '§ 188 Abs. 3 BGB: February is shorter'],
    ['2028-01-31', 1, '2028-02-29', 'leap year'],
    ['2024-02-29', 12, '2025-02-28', 'from a leap day'],
    ['2026-03-15', 36, '2029-03-15', '§ 2 AsylbLG: 36 months'],
    ['2026-08-31', 6, '2027-02-28', '§ 1a review after 6 months at a month end'],
    ['2026-12-15', 1, '2027-01-15', 'over the year end'],
  ])('%s + %i months = %s (%s)', (start, n, expected) => {
    expect(addMonths(start, n)).toBe(expected);
  });

  it('shifts a deadline off a weekend or holiday (§ 193 BGB)', () => {
    expect(nextWorkingDay('2026-10-31')).toBe('2026-11-02');
    expect(nextWorkingDay('2026-12-25')).toBe('2026-12-28');
    expect(nextWorkingDay('2026-11-30')).toBe('2026-11-30');
  });

  it('ends a due date at midnight Berlin time, in winter and in summer', () => {
    expect(deadlineEnd('2026-12-02')).toBe('2026-12-02T23:00:00Z');
    expect(deadlineEnd('2026-07-15')).toBe('2026-07-15T22:00:00Z');
    expect(deadlineEnd('2026-03-28')).toBe('2026-03-28T23:00:00Z'); // DST starts on 29.03.
  });

  it('counts months of stay and age', () => {
    expect(monthsBetween('2023-02-27', '2026-02-26')).toBe(35);
    expect(monthsBetween('2023-02-27', '2026-02-27')).toBe(36);
    expect(ageOn('2008-11-29', '2026-11-28')).toBe(17);
    expect(ageOn('2008-11-28', '2026-11-28')).toBe(18);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(endOfMonth('2028-02-10')).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('refuses malformed dates', () => {
    expect(() => parseDate('2026-02-30')).toThrow('no such date');
    expect(() => parseDate('28.11.2026')).toThrow('not an ISO date');
    expect(() => addWorkingDays('2026-11-28', -1)).toThrow();
  });
});
