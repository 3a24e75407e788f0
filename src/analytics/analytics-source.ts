import type { EntityManager } from '@mikro-orm/postgresql';
import type { Period } from './period';

/** which data the figures come from (src/analytics/README.md) */
export type SourceKind = 'embedded' | 'observed';

/** a deployed version of a process */
export interface ProcessVersionRef {
  bpmnProcessId: string;
  version: number;
}

/** instances of one process version in a period (see period.ts for what counts) */
export interface ProcessFigures extends ProcessVersionRef {
  started: number;
  completed: number;
  /** cancelled or terminated; null where the source cannot know */
  terminated: number | null;
  running: number;
  leadTimeP50Ms: number | null;
  leadTimeP90Ms: number | null;
  /** completed instances per end event reached; null where the source cannot know */
  outcomes: { elementId: string; count: number }[] | null;
}

/** element instances of one element of a process version in a period */
export interface ElementFigures {
  elementId: string;
  /** the engine's element type (USER_TASK, …) */
  elementType: string;
  started: number;
  completed: number;
  terminated: number | null;
  running: number;
  durationP50Ms: number | null;
  durationP90Ms: number | null;
  /** ended in the period after more than the target time (null: no target) */
  breachesEnded: number | null;
  /** still running at the period's end for longer than the target time (null: no target) */
  breachesRunning: number | null;
}

/**
 * Where the analytics read from: the embedded engine's event log (everything), or, against a real
 * Zeebe, what the platform observes itself (instance log, task rows).
 */
export interface AnalyticsSource {
  readonly kind: SourceKind;
  /** brings derived data up to date before an answer */
  prepare(): Promise<void>;
  /** every deployed version of every process (or of one) */
  versions(bpmnProcessId?: string): Promise<ProcessVersionRef[]>;
  processes(period: Period, now: Date, bpmnProcessId?: string, version?: number): Promise<ProcessFigures[]>;
  elements(bpmnProcessId: string, version: number, period: Period, now: Date): Promise<ElementFigures[]>;
  /** the BPMN XML of a deployed version, or null */
  modelXml(bpmnProcessId: string, version: number): Promise<string | null>;
}

/** a period bound for SQL: an ISO instant or ±infinity */
export function sqlFrom(period: Period): string {
  return period.from ? period.from.toISOString() : '-infinity';
}

export function sqlTo(period: Period): string {
  return period.to ? period.to.toISOString() : 'infinity';
}

/** number | string | null from SQL → number | null */
export function num(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/**
 * Runs one read-only analytics query without PostgreSQL's JIT: the percentile aggregates over many rows
 * are costed high enough to be JIT-compiled, which takes seconds and saves nothing here.
 */
export async function analyticsQuery<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return em.fork().transactional(async (tx) => {
    await tx.execute('SET LOCAL jit = off');
    return tx.execute<T[]>(sql, params);
  });
}
