import { parseDay, parsePeriod, PeriodError, periodEnd } from './period';

describe('analytics period', () => {
  it.each([
    ['2026-03-01', '2026-03-01'],
    ['01.03.2026', '2026-03-01'],
    ['1.3.2026', '2026-03-01'],
    [' 2026-12-31 ', '2026-12-31'],
    ['2024-02-29', '2024-02-29'],
    ['2026-02-29', null],
    ['31.04.2026', null],
    ['2026-13-01', null],
    ['2026-00-10', null],
    ['gestern', null],
    ['2026/03/01', null],
    ['', null],
  ])('parseDay(%p) = %p', (input, expected) => {
    expect(parseDay(input)).toBe(expected);
  });

  it('is open at both ends without parameters', () => {
    expect(parsePeriod()).toEqual({ von: null, bis: null, from: null, to: null });
    expect(parsePeriod('', '  ')).toEqual({ von: null, bis: null, from: null, to: null });
  });

  it('spans whole Berlin days, bis inclusive (winter and summer time)', () => {
    const winter = parsePeriod('2026-01-10', '2026-01-10');
    expect(winter.from?.toISOString()).toBe('2026-01-09T23:00:00.000Z');
    expect(winter.to?.toISOString()).toBe('2026-01-10T23:00:00.000Z');
    const summer = parsePeriod('01.07.2026', '31.07.2026');
    expect(summer.from?.toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(summer.to?.toISOString()).toBe('2026-07-31T22:00:00.000Z');
    // the day the clocks go forward has 23 hours
    const spring = parsePeriod('2026-03-29', '2026-03-29');
    expect(spring.to!.getTime() - spring.from!.getTime()).toBe(23 * 3_600_000);
  });

  it('names the wrong parameter', () => {
    const fail = (von?: string, bis?: string): PeriodError => {
      try {
        parsePeriod(von, bis);
      } catch (error) {
        return error as PeriodError;
      }
      throw new Error('no error');
    };
    expect(fail('2026-02-30')).toMatchObject({ field: 'von' });
    expect(fail(undefined, 'morgen')).toMatchObject({ field: 'bis' });
    const order = fail('2026-05-02', '2026-05-01');
    expect(order).toMatchObject({ field: 'von' });
    expect(order.message).toContain('von:');
    // the same day is a period of one day
    expect(parsePeriod('2026-05-01', '2026-05-01').von).toBe('2026-05-01');
  });

  it('counts running instances at the end of the period, or now if that is earlier', () => {
    const now = new Date('2026-06-15T12:00:00Z');
    expect(periodEnd(parsePeriod('2026-01-01', '2026-01-31'), now).toISOString()).toBe(
      '2026-01-31T23:00:00.000Z',
    );
    expect(periodEnd(parsePeriod('2026-01-01', '2026-12-31'), now)).toBe(now);
    expect(periodEnd(parsePeriod(), now)).toBe(now);
  });
});
