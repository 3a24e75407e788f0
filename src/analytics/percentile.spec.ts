import { p50p90, percentile } from './percentile';

describe('percentile (as PostgreSQL percentile_cont)', () => {
  it.each([
    ['no values', [], 0.5, null],
    ['one value', [7], 0.9, 7],
    ['odd count, median is the middle', [3, 1, 2], 0.5, 2],
    ['even count, median between the middle two', [1, 2, 3, 4], 0.5, 2.5],
    ['p90 interpolated between ranks', [2, 2, 3], 0.9, 2.8],
    ['p0 is the minimum', [5, 9, 1], 0, 1],
    ['p100 is the maximum', [5, 9, 1], 1, 9],
    ['unsorted input with duplicates', [10, 0, 10, 0], 0.5, 5],
    ['non-finite values ignored', [Number.NaN, 4, Number.POSITIVE_INFINITY], 0.5, 4],
  ])('%s', (_case, values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('refuses a p outside 0..1', () => {
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
    expect(() => percentile([1], -0.1)).toThrow(RangeError);
  });

  it('gives p50 and p90 together', () => {
    expect(p50p90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual({ p50: 5.5, p90: 9.1 });
    expect(p50p90([])).toEqual({ p50: null, p90: null });
  });
});
