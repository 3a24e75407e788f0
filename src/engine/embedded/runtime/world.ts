import {
  ElementInstanceRow,
  EventLogEntry,
  IncidentRow,
  JobRow,
  MultiIndex,
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
  readonly elements = new Table<number, ElementInstanceRow>((r) => r.key);
  readonly jobs = new Table<number, JobRow>((r) => r.key);
  readonly timers = new Table<number, TimerRow>((r) => r.key);
  readonly subscriptions = new Table<number, SubscriptionRow>((r) => r.key);
  readonly incidents = new Table<number, IncidentRow>((r) => r.key);
  /** scope key -> name -> value */
  readonly variables = new Map<number, Map<string, unknown>>();
  private readonly loadedVariables = new Set<string>();
  private readonly dirtyVariables = new Set<string>();
  readonly events: EventLogEntry[] = [];
  /** job types that got activatable jobs in this batch (to wake pollers) */
  readonly jobTypesReady = new Set<string>();

  private readonly childrenOf = new MultiIndex<number, number>();
  private readonly jobsOf = new MultiIndex<number, number>();
  private readonly timersOf = new MultiIndex<number, number>();
  private readonly subscriptionsOf = new MultiIndex<number, number>();
  private readonly incidentsOf = new MultiIndex<number, number>();

  // ---- element instances
  loadElement(r: ElementInstanceRow): void {
    if (this.elements.has(r.key)) return;
    this.elements.load(r);
    if (r.flowScopeKey !== null) this.childrenOf.add(r.flowScopeKey, r.key);
  }
  putElement(r: ElementInstanceRow): ElementInstanceRow {
    this.elements.put(r);
    if (r.flowScopeKey !== null) this.childrenOf.add(r.flowScopeKey, r.key);
    return r;
  }
  removeElement(r: ElementInstanceRow): void {
    this.elements.delete(r.key);
    if (r.flowScopeKey !== null) this.childrenOf.remove(r.flowScopeKey, r.key);
    this.dropScopeVariables(r.key);
  }
  children(scopeKey: number): ElementInstanceRow[] {
    return this.childrenOf.get(scopeKey).map((k) => this.elements.get(k)!);
  }
  childCount(scopeKey: number): number {
    return this.childrenOf.size(scopeKey);
  }

  // ---- jobs
  loadJob(r: JobRow): void {
    if (this.jobs.has(r.key)) return;
    this.jobs.load(r);
    this.jobsOf.add(r.elementInstanceKey, r.key);
  }
  /** jobs created in this batch, in creation order */
  readonly newJobs: JobRow[] = [];

  putJob(r: JobRow): JobRow {
    if (!this.jobs.has(r.key)) this.newJobs.push(r);
    this.jobs.put(r);
    this.jobsOf.add(r.elementInstanceKey, r.key);
    return r;
  }
  removeJob(r: JobRow): void {
    this.jobs.delete(r.key);
    this.jobsOf.remove(r.elementInstanceKey, r.key);
  }
  jobsOfElement(eiKey: number): JobRow[] {
    return this.jobsOf.get(eiKey).map((k) => this.jobs.get(k)!);
  }

  // ---- timers
  loadTimer(r: TimerRow): void {
    if (this.timers.has(r.key)) return;
    this.timers.load(r);
    if (r.elementInstanceKey !== null) this.timersOf.add(r.elementInstanceKey, r.key);
  }
  putTimer(r: TimerRow): TimerRow {
    this.timers.put(r);
    if (r.elementInstanceKey !== null) this.timersOf.add(r.elementInstanceKey, r.key);
    return r;
  }
  removeTimer(r: TimerRow): void {
    this.timers.delete(r.key);
    if (r.elementInstanceKey !== null) this.timersOf.remove(r.elementInstanceKey, r.key);
  }
  timersOfElement(eiKey: number): TimerRow[] {
    return this.timersOf.get(eiKey).map((k) => this.timers.get(k)!);
  }

  // ---- subscriptions
  loadSubscription(r: SubscriptionRow): void {
    if (this.subscriptions.has(r.key)) return;
    this.subscriptions.load(r);
    this.subscriptionsOf.add(r.elementInstanceKey, r.key);
  }
  putSubscription(r: SubscriptionRow): SubscriptionRow {
    this.subscriptions.put(r);
    this.subscriptionsOf.add(r.elementInstanceKey, r.key);
    return r;
  }
  removeSubscription(r: SubscriptionRow): void {
    this.subscriptions.delete(r.key);
    this.subscriptionsOf.remove(r.elementInstanceKey, r.key);
  }
  subscriptionsOfElement(eiKey: number): SubscriptionRow[] {
    return this.subscriptionsOf.get(eiKey).map((k) => this.subscriptions.get(k)!);
  }

  // ---- incidents
  loadIncident(r: IncidentRow): void {
    if (this.incidents.has(r.key)) return;
    this.incidents.load(r);
    this.incidentsOf.add(r.elementInstanceKey, r.key);
  }
  putIncident(r: IncidentRow): IncidentRow {
    this.incidents.put(r);
    this.incidentsOf.add(r.elementInstanceKey, r.key);
    return r;
  }
  removeIncident(r: IncidentRow): void {
    this.incidents.delete(r.key);
    this.incidentsOf.remove(r.elementInstanceKey, r.key);
  }
  incidentsOfElement(eiKey: number): IncidentRow[] {
    return this.incidentsOf.get(eiKey).map((k) => this.incidents.get(k)!);
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
