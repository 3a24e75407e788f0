import { addDays, addMonths } from '../../common/calendar';

/**
 * Retention rules (issue 7 § 2): how long each kind of record is kept after its case closed. Pure
 * functions only; the periods themselves are versioned parameters (`retention.<category>` in table
 * `parameter`, seeded by Migration20261128190000), so a change is a new version with a later validFrom.
 */

/** the categories a rule exists for; the key of its parameter is `retention.<category>` */
export const RETENTION_CATEGORIES = [
  /** case file of a person who received AsylbLG benefits */
  'case.asylblg',
  /** ABH file of a person who left Germany (departure, removal) */
  'case.abh.departed',
  /** ABH file of a person who was naturalised (last status "Deutsch") */
  'case.abh.naturalised',
  /** ABH file of a person still living here (any other residence status): no automatic erasure */
  'case.abh.residing',
  /** case file with neither benefits nor an ABH file (integration, youth office, …) */
  'case.other',
  /** a complaint file, from the day it was closed */
  'complaint',
  /** the form draft of a completed or cancelled task */
  'task.draft',
  /** an expired sign-in session (wall clock) */
  'session',
  /** an audit entry: see README, not erased automatically (the hash chain needs an anchor first) */
  'audit.entry',
] as const;
export type RetentionCategory = (typeof RETENTION_CATEGORIES)[number];

export const RETENTION_PARAMETER_PREFIX = 'retention.';

/** a period after the start date; `null` = kept without an end (no automatic erasure) */
export interface RetentionPeriod {
  years?: number;
  months?: number;
  days?: number;
}

export interface RetentionRule {
  category: RetentionCategory;
  /** the parameter key, e.g. "retention.case.asylblg" */
  key: string;
  /** the version in force */
  validFrom: string;
  period: RetentionPeriod | null;
  source: string;
}

/** the rule set in force: one rule per category (a category without a rule is never erased) */
export type RetentionRules = ReadonlyMap<RetentionCategory, RetentionRule>;

/** reads a parameter value `{years?, months?, days?}` or `{keep: true}` / null; throws on anything else */
export function parsePeriod(value: unknown): RetentionPeriod | null {
  if (value === null || (typeof value === 'object' && (value as { keep?: unknown }).keep === true))
    return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error('retention period: object expected');
  const period: RetentionPeriod = {};
  for (const [unit, n] of Object.entries(value as Record<string, unknown>)) {
    if (unit !== 'years' && unit !== 'months' && unit !== 'days')
      throw new Error(`retention period: unknown unit "${unit}"`);
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
      throw new Error(`retention period: ${unit} must be a whole number ≥ 0`);
    period[unit] = n;
  }
  return period;
}

/** the first day on which a record closed on `from` is no longer kept; null = kept without end */
export function retentionEnd(from: string, period: RetentionPeriod | null): string | null {
  if (!period) return null;
  const months = (period.years ?? 0) * 12 + (period.months ?? 0);
  return addDays(months ? addMonths(from, months) : from, period.days ?? 0);
}

/** the facts of one record that retention decides on */
export interface RetentionRecord {
  id: string;
  /** every category that applies: the record is kept as long as the longest of them requires */
  categories: readonly RetentionCategory[];
  /** ISO date the case closed (last activity); retention runs from here */
  closedOn: string;
  /** a process about the record still runs: never erased, counted as deferred ("zurückgestellt") */
  running?: boolean;
}

export interface RetentionDecision {
  id: string;
  /** expired: to be erased now; deferred: expired, but a process still runs */
  outcome: 'expired' | 'deferred';
  /** the rule that kept the record longest (its period ended last) */
  rule: RetentionRule;
  /** the first day without retention */
  expiredOn: string;
}

/**
 * The records whose retention ended by `today` (ISO date): every applicable category has a rule with
 * a period, and each period, counted from `closedOn`, ended on or before today. A record with a running
 * process is returned as `deferred`, never as `expired`.
 */
export function expiredRecords(
  rules: RetentionRules,
  records: readonly RetentionRecord[],
  today: string,
): RetentionDecision[] {
  const decisions: RetentionDecision[] = [];
  for (const record of records) {
    if (!record.categories.length) continue;
    let longest: { rule: RetentionRule; end: string } | null = null;
    let kept = false;
    for (const category of record.categories) {
      const rule = rules.get(category);
      const end = rule ? retentionEnd(record.closedOn, rule.period) : null;
      if (!rule || end === null) {
        kept = true;
        break;
      }
      if (!longest || end > longest.end) longest = { rule, end };
    }
    if (kept || !longest || longest.end > today) continue;
    decisions.push({
      id: record.id,
      outcome: record.running ? 'deferred' : 'expired',
      rule: longest.rule,
      expiredOn: longest.end,
    });
  }
  return decisions;
}

/** ABH processes: a person with one of these (or any residence status) has an ABH file */
export const ABH_PROCESSES: readonly string[] = [
  'arrival-reception',
  'employment-toleration',
  'training-toleration',
  'training-toleration-check',
  'training-toleration-monitoring',
  'return-management',
  'return-enforcement',
];

/** AsylbLG processes: a person with one of these (or a benefit record) has an AsylbLG file */
export const ASYLBLG_PROCESSES: readonly string[] = ['asylblg-benefits', 'asylblg-but-krankenhilfe'];

/** what the platform knows about a person's file, for choosing the retention categories */
export interface PersonFileFacts {
  /** bpmnProcessIds of the processes linked to the person */
  processes: readonly string[];
  /** benefit records (Bezahlkarte loads, benefit events) exist */
  benefits: boolean;
  /** type of the latest residence status episode, if any */
  lastStatus: string | null;
  /** a departure or removal was recorded after the latest status episode started */
  departedAfterLastStatus: boolean;
}

/** the categories of a person's file (one per legal basis; `case.other` when none applies) */
export function personCategories(facts: PersonFileFacts): RetentionCategory[] {
  const categories: RetentionCategory[] = [];
  if (facts.benefits || facts.processes.some((p) => ASYLBLG_PROCESSES.includes(p)))
    categories.push('case.asylblg');
  if (facts.lastStatus !== null || facts.processes.some((p) => ABH_PROCESSES.includes(p))) {
    if (facts.lastStatus === 'Deutsch') categories.push('case.abh.naturalised');
    else if (facts.lastStatus === 'Ausgereist' || facts.departedAfterLastStatus)
      categories.push('case.abh.departed');
    else categories.push('case.abh.residing');
  }
  if (!categories.length) categories.push('case.other');
  return categories;
}
