/**
 * The intake registration number: derived from the job key only, so a job that arrives twice gets the
 * same number (idempotent) and no personal data is involved. Format: "EG-" + base-36 of the key.
 */
export function registrationNumber(jobKey: string): string {
  if (!/^\d+$/.test(jobKey)) throw new Error('job key must be a decimal int64');
  return `EG-${BigInt(jobKey).toString(36).toUpperCase()}`;
}
