import { createHash } from 'node:crypto';

/** the previous hash of the first entry */
export const GENESIS_HASH = '0'.repeat(64);

/** what an entry's hash covers: every column but the hash itself */
export interface ChainedContent {
  seq: string;
  occurredAt: Date;
  actor: string;
  roles: string[];
  units: string[];
  action: string;
  resourceType: string;
  resourceId?: string | null;
  personId?: string | null;
  outcome: string;
  details?: Record<string, unknown> | null;
  prevHash: string;
}

/** JSON with object keys sorted at every level, so that the same content always gives the same text */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) over the entry's content, which includes the previous entry's hash */
export function entryHash(entry: ChainedContent): string {
  const content = [
    entry.seq,
    entry.occurredAt.toISOString(),
    entry.actor,
    entry.roles,
    entry.units,
    entry.action,
    entry.resourceType,
    entry.resourceId ?? null,
    entry.personId ?? null,
    entry.outcome,
    entry.details ?? null,
    entry.prevHash,
  ];
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

export type ChainProblem =
  | { seq: string; kind: 'altered'; message: string }
  | { seq: string; kind: 'missing'; message: string }
  | { seq: string; kind: 'head'; message: string };

/**
 * Checks a run of entries (in seq order) that follows `previous` (null at the start of the chain).
 * Returns the first problem (and how many entries before it were sound): an entry whose content no longer gives its hash or whose prevHash is not
 * the previous hash (altered), or a gap in the sequence (missing).
 */
export function checkRun(
  entries: readonly (ChainedContent & { hash: string })[],
  previous: { seq: string; hash: string } | null,
): { problem: ChainProblem | null; verified: number } {
  let prev = previous ?? { seq: '0', hash: GENESIS_HASH };
  let verified = 0;
  const fail = (problem: ChainProblem) => ({ problem, verified });
  for (const entry of entries) {
    const expectedSeq = (BigInt(prev.seq) + 1n).toString();
    if (entry.seq !== expectedSeq) {
      return fail({
        seq: expectedSeq,
        kind: 'missing',
        message: `Eintrag ${expectedSeq} fehlt (nach ${prev.seq} folgt ${entry.seq})`,
      });
    }
    if (entry.prevHash !== prev.hash) {
      return fail({
        seq: entry.seq,
        kind: 'altered',
        message: `Eintrag ${entry.seq}: der Verweis auf Eintrag ${prev.seq} stimmt nicht (Eintrag ${prev.seq} oder ${entry.seq} wurde verändert)`,
      });
    }
    if (entryHash(entry) !== entry.hash) {
      return fail({ seq: entry.seq, kind: 'altered', message: `Eintrag ${entry.seq} wurde verändert` });
    }
    prev = entry;
    verified++;
  }
  return { problem: null, verified };
}
