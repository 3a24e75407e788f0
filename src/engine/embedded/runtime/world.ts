import {
  ElementInstanceRow,
  IndexedTable,
  EventLogEntry,
  IncidentRow,
  JobRow,
  ProcessInstanceRow,
  SubscriptionRow,
  Table,
  TimerRow,
} from './state';

/**
 * Everything one batch of commands has loaded (under row locks) or created, with indexes, and the
 * net changes to write at the end of the batch.
 */
export class World {
  readonly instances = new Table<number, ProcessInstanceRow>((r) => r.key);
  /** element instances, indexed by their flow scope */
  readonly elements = new IndexedTable<ElementInstanceRow>((r) => r.flowScopeKey);
  /** jobs, timers, subscriptions and incidents, indexed by the element instance that owns them */
  readonly jobs = new IndexedTable<JobRow>((r) => r.elementInstanceKey);
  readonly timers = new IndexedTable<TimerRow>((r) => r.elementInstanceKey);
  readonly subscriptions = new IndexedTable<SubscriptionRow>((r) => r.elementInstanceKey);
  readonly incidents = new IndexedTable<IncidentRow>((r) => r.elementInstanceKey);
  /** scope key -> name -> value */
  readonly variables = new Map<number, Map<string, unknown>>();
  private readonly loadedVariables = new Set<string>();
  private readonly dirtyVariables = new Set<string>();
  readonly events: EventLogEntry[] = [];
  /** job types that got activatable jobs in this batch (to wake pollers) */
  readonly jobTypesReady = new Set<string>();
  /** jobs created in this batch, in creation order */
  readonly newJobs: JobRow[] = [];

  /** removes an element instance with its variables */
  removeElement(r: ElementInstanceRow): void {
    this.elements.delete(r.key);
    this.dropScopeVariables(r.key);
  }

  putJob(r: JobRow): JobRow {
    if (!this.jobs.has(r.key)) this.newJobs.push(r);
    return this.jobs.put(r);
  }

  // ---- variables
  loadVariable(scopeKey: number, name: string, value: unknown): void {
    let m = this.variables.get(scopeKey);
    if (!m) this.variables.set(scopeKey, (m = new Map()));
    if (m.has(name)) return;
    m.set(name, value);
    this.loadedVariables.add(varId(scopeKey, name));
  }
  setVariable(scopeKey: number, name: string, value: unknown): void {
    let m = this.variables.get(scopeKey);
    if (!m) this.variables.set(scopeKey, (m = new Map()));
    m.set(name, value === undefined ? null : value);
    this.dirtyVariables.add(varId(scopeKey, name));
  }
  hasVariable(scopeKey: number, name: string): boolean {
    return this.variables.get(scopeKey)?.has(name) ?? false;
  }
  localVariables(scopeKey: number): Map<string, unknown> {
    return this.variables.get(scopeKey) ?? new Map<string, unknown>();
  }
  dropScopeVariables(scopeKey: number): void {
    const m = this.variables.get(scopeKey);
    if (!m) return;
    for (const name of m.keys()) this.dirtyVariables.delete(varId(scopeKey, name));
    this.variables.delete(scopeKey);
  }

  /** variable rows to upsert and (scope, name) pairs to delete */
  variableChanges(instanceOf: (scopeKey: number) => number): {
    upserts: { scopeKey: number; name: string; processInstanceKey: number; value: unknown }[];
    deletes: { scopeKey: number; name: string }[];
  } {
    const upserts = [];
    for (const id of this.dirtyVariables) {
      const [scopeKey, name] = splitVarId(id);
      const m = this.variables.get(scopeKey);
      if (!m || !m.has(name)) continue;
      upserts.push({ scopeKey, name, processInstanceKey: instanceOf(scopeKey), value: m.get(name) });
    }
    const deletes = [];
    for (const id of this.loadedVariables) {
      const [scopeKey, name] = splitVarId(id);
      if (!this.variables.get(scopeKey)?.has(name)) deletes.push({ scopeKey, name });
    }
    return { upserts, deletes };
  }

  markFlushed(): void {
    for (const t of [
      this.instances,
      this.elements,
      this.jobs,
      this.timers,
      this.subscriptions,
      this.incidents,
    ])
      (t as Table<number, unknown>).markFlushed();
    this.loadedVariables.clear();
    for (const [scope, m] of this.variables)
      for (const name of m.keys()) this.loadedVariables.add(varId(scope, name));
    this.dirtyVariables.clear();
    this.events.length = 0;
    this.jobTypesReady.clear();
  }
}

function varId(scopeKey: number, name: string): string {
  return `${scopeKey}\u0000${name}`;
}
function splitVarId(id: string): [number, string] {
  const i = id.indexOf('\u0000');
  return [Number(id.slice(0, i)), id.slice(i + 1)];
}
