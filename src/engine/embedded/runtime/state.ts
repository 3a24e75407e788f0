/** Rows of the engine's tables as the runtime holds them in memory during one batch. */

export type Vars = Record<string, unknown>;

export interface ProcessInstanceRow {
  key: number;
  definitionKey: number;
  bpmnProcessId: string;
  version: number;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  parentProcessInstanceKey: number | null;
  parentElementInstanceKey: number | null;
  startCorrelationKey: string | null;
  createdAt: number;
  endedAt: number | null;
}

export type ElementInstanceState = 'ACTIVATING' | 'ACTIVATED' | 'COMPLETING';

export interface ElementInstanceData {
  /** process: the root scope (key = process instance key); body/inner: multi-instance */
  role: 'process' | 'element' | 'miBody' | 'miInner';
  /** parallel/inclusive join tokens waiting in this scope: gatewayId -> flowId -> count */
  joins?: Record<string, Record<string, number>>;
  /** multi-instance body bookkeeping */
  mi?: { total: number; started: number; completed: number };
  /** multi-instance body: the input collection, evaluated once at activation */
  items?: unknown[];
  /** multi-instance inner instance: 0-based index into the input collection */
  index?: number;
  /** variables waiting to be applied by the output step (job result, event trigger) */
  pending?: Vars;
  /** call activity: key of the child process instance */
  childKey?: number;
  /** process (while its start listeners run): where the instance starts once they are done */
  start?: { elementId?: string; elementIds?: string[]; trigger?: Vars };
  /** execution listeners: the phase under way and how many of its listeners have completed */
  listener?: { phase: 'start' | 'end'; done: number };
  /** event-based gateway: the event that occurred, and the variables it brought */
  triggeredEvent?: string;
  triggerVars?: Vars;
}

export interface ElementInstanceRow {
  key: number;
  processInstanceKey: number;
  elementId: string;
  flowScopeKey: number | null;
  state: ElementInstanceState;
  data: ElementInstanceData;
}

export type JobState = 'ACTIVATABLE' | 'ACTIVATED' | 'FAILED' | 'ERROR_THROWN';

export interface JobRow {
  key: number;
  processInstanceKey: number;
  elementInstanceKey: number;
  type: string;
  kind: 'BPMN_ELEMENT' | 'EXECUTION_LISTENER';
  state: JobState;
  retries: number;
  worker: string;
  deadline: number | null;
  activatableAt: number;
  errorMessage: string;
  customHeaders: Record<string, string>;
  scopeKeys: number[];
  bpmnProcessId: string;
  version: number;
  definitionKey: number;
  elementId: string;
  createdAt: number;
}

export interface TimerRow {
  key: number;
  processInstanceKey: number | null;
  elementInstanceKey: number | null;
  definitionKey: number;
  elementId: string;
  dueAt: number;
  repetitions: number;
  cycle: string | null;
}

export interface SubscriptionRow {
  key: number;
  kind: 'message' | 'signal';
  processInstanceKey: number;
  elementInstanceKey: number;
  elementId: string;
  bpmnProcessId: string;
  name: string;
  correlationKey: string | null;
  interrupting: boolean;
}

export type IncidentPhase = 'ACTIVATE' | 'COMPLETE' | 'JOB' | 'THROW';

export interface IncidentRow {
  key: number;
  processInstanceKey: number;
  elementInstanceKey: number;
  elementId: string;
  jobKey: number | null;
  errorType: string;
  errorMessage: string;
  phase: IncidentPhase;
  createdAt: number;
}

export interface EventLogEntry {
  key: number;
  processInstanceKey: number | null;
  bpmnProcessId: string | null;
  definitionKey: number | null;
  version: number | null;
  elementId: string | null;
  elementType: string | null;
  bpmnElementType: string | null;
  flowScopeKey: number | null;
  intent: string;
  jobType?: string | null;
  jobWorker?: string | null;
  errorType?: string | null;
  errorMessage?: string | null;
  createdAt: number;
}

/**
 * A table's rows held in memory with the changes against what was loaded, so that a batch writes
 * only its net effect: rows created and removed within the batch are never written.
 */
export class Table<K, T> {
  readonly rows = new Map<K, T>();
  private readonly loaded = new Set<K>();
  private readonly dirty = new Set<K>();

  constructor(private readonly keyOf: (row: T) => K) {}

  get(key: K): T | undefined {
    return this.rows.get(key);
  }

  has(key: K): boolean {
    return this.rows.has(key);
  }

  /** row read from the database */
  load(row: T): void {
    const k = this.keyOf(row);
    if (this.rows.has(k)) return;
    this.rows.set(k, row);
    this.loaded.add(k);
  }

  /** forgets a loaded row as if it had never been read */
  unload(key: K): void {
    this.rows.delete(key);
    this.loaded.delete(key);
    this.dirty.delete(key);
  }

  put(row: T): T {
    const k = this.keyOf(row);
    this.rows.set(k, row);
    this.dirty.add(k);
    return row;
  }

  /** marks a row changed in place */
  touch(row: T): void {
    this.dirty.add(this.keyOf(row));
  }

  delete(key: K): void {
    this.rows.delete(key);
    this.dirty.delete(key);
  }

  /** net changes since load: rows to upsert and keys to delete */
  changes(): { upserts: T[]; deletes: K[] } {
    const upserts: T[] = [];
    for (const k of this.dirty) {
      const r = this.rows.get(k);
      if (r) upserts.push(r);
    }
    const deletes: K[] = [];
    for (const k of this.loaded) if (!this.rows.has(k)) deletes.push(k);
    return { upserts, deletes };
  }

  markFlushed(): void {
    this.loaded.clear();
    for (const k of this.rows.keys()) this.loaded.add(k);
    this.dirty.clear();
  }

  values(): IterableIterator<T> {
    return this.rows.values();
  }
}

/** A table with a one-to-many index by owner (children of a scope, jobs of an element instance, …). */
export class IndexedTable<T extends { key: number }> extends Table<number, T> {
  private readonly byOwner = new MultiIndex<number, number>();

  constructor(private readonly ownerOf: (row: T) => number | null) {
    super((r) => r.key);
  }

  override load(row: T): void {
    if (this.has(row.key)) return;
    super.load(row);
    this.index(row);
  }

  override put(row: T): T {
    super.put(row);
    this.index(row);
    return row;
  }

  override delete(key: number): void {
    const row = this.get(key);
    if (row) {
      const owner = this.ownerOf(row);
      if (owner !== null) this.byOwner.remove(owner, key);
    }
    super.delete(key);
  }

  /** the rows an owner has */
  of(owner: number): T[] {
    return this.byOwner.get(owner).map((k) => this.get(k)!);
  }

  countOf(owner: number): number {
    return this.byOwner.size(owner);
  }

  private index(row: T): void {
    const owner = this.ownerOf(row);
    if (owner !== null) this.byOwner.add(owner, row.key);
  }
}

/** A one-to-many index kept beside a table (children of a scope, jobs of an element instance, …). */
export class MultiIndex<K, V> {
  private readonly map = new Map<K, Set<V>>();
  add(k: K, v: V): void {
    let s = this.map.get(k);
    if (!s) this.map.set(k, (s = new Set()));
    s.add(v);
  }
  remove(k: K, v: V): void {
    const s = this.map.get(k);
    if (!s) return;
    s.delete(v);
    if (s.size === 0) this.map.delete(k);
  }
  get(k: K): V[] {
    const s = this.map.get(k);
    return s ? [...s] : [];
  }
  size(k: K): number {
    return this.map.get(k)?.size ?? 0;
  }
}
