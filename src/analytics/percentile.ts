/**
 * Percentiles as PostgreSQL's `percentile_cont` computes them (linear interpolation between the two
 * nearest ranks), so that figures computed in memory (observed source, working days) and in SQL agree.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile must be within 0..1, got ${p}`);
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const rank = p * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - lower);
}

/** p50 and p90 of a list (null for an empty list) */
export function p50p90(values: readonly number[]): { p50: number | null; p90: number | null } {
  return { p50: percentile(values, 0.5), p90: percentile(values, 0.9) };
}
