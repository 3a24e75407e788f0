import type { PoolClient } from 'pg';
import type { ProcessInstanceRow } from './state';
import type { World } from './world';

/** snake_case row objects (as to_jsonb gives them) <-> camelCase runtime rows. */
const camelNames = new Map<string, string>();
const snakeNames = new Map<string, string>();

export function camel<T>(row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const k in row) {
    let name = camelNames.get(k);
    if (name === undefined)
      camelNames.set(k, (name = k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())));
    out[name] = row[k];
  }
  return out as T;
}

export function snake(row: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const r = row as Record<string, unknown>;
  for (const k in r) {
    let name = snakeNames.get(k);
    if (name === undefined) snakeNames.set(k, (name = k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)));
    out[name] = r[k];
  }
  return out;
}

const TABLES = {
  instances: 'process_instance',
  elements: 'element_instance',
  jobs: 'job',
  timers: 'timer',
  subscriptions: 'subscription',
  incidents: 'incident',
} as const;

/**
 * SQL literals for the simple query protocol, which lets one round trip carry several statements
 * (BEGIN + locks + loads; writes + COMMIT). Keys are checked integers; everything else travels as JSON
 * in a dollar-quoted literal whose tag does not occur in the text.
 */
function keysLiteral(keys: number[]): string {
  for (const k of keys) if (!Number.isSafeInteger(k)) throw new Error(`invalid key ${String(k)}`);
  return keys.length ? `ARRAY[${keys.join(',')}]::bigint[]` : `'{}'::bigint[]`;
}

function jsonLiteral(value: unknown): string {
  const text = JSON.stringify(value);
  let tag = 'j';
  while (text.includes(`$${tag}$`)) tag = `j${Math.random().toString(36).slice(2, 10)}`;
  return `$${tag}$${text}$${tag}$::jsonb`;
}

/**
 * Writes the net changes of a batch and commits, in one round trip: one JSON document for
 * engine.apply() (upserts and deletes per table, variables, the event log, and a NOTIFY per job type
 * that became activatable, prefixed with `origin` so that an engine process can ignore its own), then
 * COMMIT. The function's statements keep their plans per connection.
 */
export async function flushAndCommit(client: PoolClient, w: World, origin: string): Promise<void> {
  const doc: Record<string, unknown> = {};
  for (const [prop, table] of Object.entries(TABLES)) {
    const t = w[prop as keyof typeof TABLES];
    const { upserts, deletes } = (t as { changes(): { upserts: object[]; deletes: number[] } }).changes();
    if (deletes.length) {
      doc[`${table}_del`] = deletes;
      if (table === 'element_instance') doc.scope_del = deletes;
    }
    if (upserts.length) doc[`${table}_up`] = upserts.map(snake);
  }
  const instanceOf = (scopeKey: number): number =>
    w.elements.get(scopeKey)?.processInstanceKey ?? w.instances.get(scopeKey)?.key ?? scopeKey;
  const vars = w.variableChanges(instanceOf);
  if (vars.deletes.length) doc.variable_del = vars.deletes.map(snake);
  if (vars.upserts.length) {
    doc.variable_up = vars.upserts.map((u) => ({
      ...snake(u),
      value: u.value === undefined ? null : u.value,
    }));
  }
  if (w.events.length)
    doc.events = w.events.map((e) => ({ ...snake(e), created_at: new Date(e.createdAt).toISOString() }));
  if (w.jobTypesReady.size) {
    doc.notify = [...w.jobTypesReady];
    doc.origin = origin;
  }
  await client.query(
    Object.keys(doc).length ? `SELECT engine.apply(${jsonLiteral(doc)});\nCOMMIT` : 'COMMIT',
  );
  w.markFlushed();
}

type LockKeys = {
  instances?: number[];
  jobs?: number[];
  elements?: number[];
  incidents?: number[];
  timers?: number[];
};

/**
 * Locks the process instances the keys lead to (in key order) and loads every row they own, in one
 * round trip; with `begin`, the transaction starts in the same round trip and the engine clock is
 * read. Each statement of the simple protocol takes a fresh snapshot, so the rows loaded after the
 * lock include whatever the transaction we may have waited for committed. Returns the engine time
 * (with `begin`) and the active instances loaded.
 */
export async function lockAndLoad(
  client: PoolClient,
  w: World,
  keys: LockKeys,
  opts: { begin?: boolean } = {},
): Promise<{ now: number; active: number[] }> {
  const pis = (keys.instances ?? []).filter((k) => !w.instances.has(k));
  const jobs = (keys.jobs ?? []).filter((k) => !w.jobs.has(k));
  const eis = (keys.elements ?? []).filter((k) => !w.elements.has(k));
  const incs = (keys.incidents ?? []).filter((k) => !w.incidents.has(k));
  const timers = (keys.timers ?? []).filter((k) => !w.timers.has(k));
  const any = pis.length || jobs.length || eis.length || incs.length || timers.length;
  const statements: string[] = [];
  if (opts.begin) statements.push('BEGIN', 'SELECT engine.now_ms() AS now');
  if (any) {
    statements.push(
      `SELECT t, r FROM engine.lock_load(${[pis, jobs, eis, incs, timers].map(keysLiteral).join(', ')})`,
    );
  }
  if (!statements.length) return { now: 0, active: [] };
  const res = (await client.query(statements.join(';\n'))) as unknown as
    { rows: Record<string, unknown>[] } | { rows: Record<string, unknown>[] }[];
  const results = Array.isArray(res) ? res : [res];
  const now = opts.begin ? (results[1].rows[0].now as number) : 0;
  if (!any) return { now, active: [] };
  const rows = results[results.length - 1].rows as { t: string; r: Record<string, unknown> }[];
  const locked: ProcessInstanceRow[] = [];
  const childRows: { t: string; r: Record<string, unknown> }[] = [];
  for (const row of rows) {
    if (row.t === 'p') {
      const pi = camel<ProcessInstanceRow>(row.r);
      if (w.instances.has(pi.key)) continue;
      w.instances.load(pi);
      if (pi.state === 'ACTIVE') locked.push(pi);
    } else if (row.t === 'T') {
      w.timers.load(camel(row.r));
    } else childRows.push(row);
  }
  // rows of instances this batch already holds are not read again: its own state is newer
  const fresh = new Set(locked.map((p) => p.key));
  for (const { t, r } of childRows) {
    if (!fresh.has(r.process_instance_key as number)) continue;
    switch (t) {
      case 'e':
        w.elements.load(camel(r));
        break;
      case 'v':
        w.loadVariable(r.scope_key as number, r.name as string, r.value ?? null);
        break;
      case 'j':
        w.jobs.load(camel(r));
        break;
      case 't':
        w.timers.load(camel(r));
        break;
      case 's':
        w.subscriptions.load(camel(r));
        break;
      case 'i':
        w.incidents.load(camel(r));
        break;
    }
  }
  // an instance locked only through a row that was deleted meanwhile (a job, an incident) has no
  // rows loaded: leave it out of the world so that a later lock loads it whole
  const active: number[] = [];
  for (const pi of locked) {
    if (w.elements.has(pi.key)) active.push(pi.key);
    else w.instances.unload(pi.key);
  }
  return { now, active };
}
