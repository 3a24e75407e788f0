import type { PoolClient } from 'pg';
import type { ProcessInstanceRow } from './state';
import type { World } from './world';

/** snake_case row objects (as to_jsonb gives them) <-> camelCase runtime rows. */
export function camel<T>(row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return out as T;
}

export function snake(row: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = v;
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

const COLUMNS: Record<string, string[]> = {
  process_instance: [
    'key',
    'definition_key',
    'bpmn_process_id',
    'version',
    'state',
    'parent_process_instance_key',
    'parent_element_instance_key',
    'start_correlation_key',
    'created_at',
    'ended_at',
  ],
  element_instance: ['key', 'process_instance_key', 'element_id', 'flow_scope_key', 'state', 'data'],
  job: [
    'key',
    'process_instance_key',
    'element_instance_key',
    'type',
    'kind',
    'state',
    'retries',
    'worker',
    'deadline',
    'activatable_at',
    'error_message',
    'custom_headers',
    'scope_keys',
    'bpmn_process_id',
    'version',
    'definition_key',
    'element_id',
    'created_at',
  ],
  timer: ['key', 'process_instance_key', 'element_instance_key', 'definition_key', 'element_id', 'due_at', 'repetitions', 'cycle'],
  subscription: [
    'key',
    'kind',
    'process_instance_key',
    'element_instance_key',
    'element_id',
    'bpmn_process_id',
    'name',
    'correlation_key',
    'interrupting',
  ],
  incident: [
    'key',
    'process_instance_key',
    'element_instance_key',
    'element_id',
    'job_key',
    'error_type',
    'error_message',
    'phase',
    'created_at',
  ],
};

const EVENT_COLUMNS = [
  'key',
  'process_instance_key',
  'bpmn_process_id',
  'definition_key',
  'version',
  'element_id',
  'element_type',
  'bpmn_element_type',
  'flow_scope_key',
  'intent',
  'job_type',
  'job_worker',
  'error_type',
  'error_message',
  'created_at',
];

/**
 * Writes the net changes of a batch in one statement: one data-modifying CTE per table and change
 * kind, the event log, and a NOTIFY per job type that became activatable.
 */
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
 * Writes the net changes of a batch and commits, in one round trip: one data-modifying CTE per
 * table and change kind, the event log, a NOTIFY per job type that became activatable (prefixed with
 * `origin`, so that an engine process can ignore its own), then COMMIT.
 */
export async function flushAndCommit(client: PoolClient, w: World, origin: string): Promise<void> {
  const ctes: string[] = [];
  for (const [prop, table] of Object.entries(TABLES)) {
    const t = w[prop as keyof typeof TABLES];
    const { upserts, deletes } = (t as { changes(): { upserts: object[]; deletes: number[] } }).changes();
    if (deletes.length) {
      ctes.push(`DELETE FROM engine.${table} WHERE key = ANY(${keysLiteral(deletes)})`);
      if (table === 'element_instance') {
        ctes.push(`DELETE FROM engine.variable WHERE scope_key = ANY(${keysLiteral(deletes)})`);
      }
    }
    if (upserts.length) {
      const cols = COLUMNS[table];
      const set = cols
        .filter((c) => c !== 'key')
        .map((c) => `${c} = EXCLUDED.${c}`)
        .join(', ');
      ctes.push(
        `INSERT INTO engine.${table} (${cols.join(', ')}) SELECT ${cols.join(', ')} FROM jsonb_populate_recordset(NULL::engine.${table}, ${jsonLiteral(
          upserts.map(snake),
        )}) ON CONFLICT (key) DO UPDATE SET ${set}`,
      );
    }
  }
  const instanceOf = (scopeKey: number): number =>
    w.elements.get(scopeKey)?.processInstanceKey ?? w.instances.get(scopeKey)?.key ?? scopeKey;
  const vars = w.variableChanges(instanceOf);
  if (vars.deletes.length) {
    ctes.push(
      `DELETE FROM engine.variable v USING jsonb_to_recordset(${jsonLiteral(vars.deletes.map(snake))}) AS x(scope_key bigint, name text) WHERE v.scope_key = x.scope_key AND v.name = x.name`,
    );
  }
  if (vars.upserts.length) {
    ctes.push(
      `INSERT INTO engine.variable (scope_key, name, process_instance_key, value) SELECT x.scope_key, x.name, x.process_instance_key, x.value FROM jsonb_to_recordset(${jsonLiteral(
        vars.upserts.map((u) => ({ ...snake(u), value: u.value === undefined ? null : u.value })),
      )}) AS x(scope_key bigint, name text, process_instance_key bigint, value jsonb) ON CONFLICT (scope_key, name) DO UPDATE SET value = EXCLUDED.value`,
    );
  }
  if (w.events.length) {
    const rows = w.events.map((e) => ({ ...snake(e), created_at: new Date(e.createdAt).toISOString() }));
    ctes.push(
      `INSERT INTO engine.event_log (${EVENT_COLUMNS.join(', ')}) SELECT ${EVENT_COLUMNS.join(', ')} FROM jsonb_populate_recordset(NULL::engine.event_log, ${jsonLiteral(
        rows,
      )})`,
    );
  }
  const types = [...w.jobTypesReady];
  const notify = types.length
    ? `SELECT pg_notify('engine_jobs', ${jsonLiteral(origin)} #>> '{}' || ':' || t) FROM jsonb_array_elements_text(${jsonLiteral(types)}) t`
    : 'SELECT 1';
  const write = ctes.length ? `WITH ${ctes.map((c, i) => `c${i} AS (${c})`).join(',\n')} ${notify}` : notify;
  await client.query(ctes.length || types.length ? `${write};\nCOMMIT` : 'COMMIT');
  w.markFlushed();
}

type LockKeys = { instances?: number[]; jobs?: number[]; elements?: number[]; incidents?: number[]; timers?: number[] };

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
  const targets = `SELECT unnest(${keysLiteral(pis)})
       UNION SELECT process_instance_key FROM engine.job WHERE key = ANY(${keysLiteral(jobs)})
       UNION SELECT process_instance_key FROM engine.element_instance WHERE key = ANY(${keysLiteral(eis)})
       UNION SELECT process_instance_key FROM engine.incident WHERE key = ANY(${keysLiteral(incs)})
       UNION SELECT process_instance_key FROM engine.timer WHERE key = ANY(${keysLiteral(timers)}) AND process_instance_key IS NOT NULL`;
  if (any) {
    statements.push(`SELECT * FROM engine.process_instance WHERE key IN (${targets}) ORDER BY key FOR UPDATE`);
    // timer start events belong to no instance: lock the timer rows themselves
    statements.push(
      `SELECT * FROM engine.timer WHERE key = ANY(${keysLiteral(timers)}) AND process_instance_key IS NULL FOR UPDATE SKIP LOCKED`,
    );
    const active = `(SELECT key FROM engine.process_instance WHERE state = 'ACTIVE' AND key IN (${targets}))`;
    statements.push(
      `SELECT 'e' AS t, to_jsonb(x) AS r FROM engine.element_instance x WHERE process_instance_key IN ${active}
       UNION ALL SELECT 'v', to_jsonb(x) FROM engine.variable x WHERE process_instance_key IN ${active}
       UNION ALL SELECT 'j', to_jsonb(x) FROM engine.job x WHERE process_instance_key IN ${active}
       UNION ALL SELECT 't', to_jsonb(x) FROM engine.timer x WHERE process_instance_key IN ${active}
       UNION ALL SELECT 's', to_jsonb(x) FROM engine.subscription x WHERE process_instance_key IN ${active}
       UNION ALL SELECT 'i', to_jsonb(x) FROM engine.incident x WHERE process_instance_key IN ${active}`,
    );
  }
  if (!statements.length) return { now: 0, active: [] };
  const res = (await client.query(statements.join(';\n'))) as unknown as
    | { rows: Record<string, unknown>[] }
    | { rows: Record<string, unknown>[] }[];
  const results = Array.isArray(res) ? res : [res];
  let i = 0;
  let now = 0;
  if (opts.begin) {
    now = results[1].rows[0].now as number;
    i = 2;
  }
  if (!any) return { now, active: [] };
  const instanceRows = results[i].rows;
  const timerRows = results[i + 1].rows;
  const childRows = results[i + 2].rows as { t: string; r: Record<string, unknown> }[];
  for (const r of timerRows) w.loadTimer(camel(r));
  const locked: ProcessInstanceRow[] = [];
  for (const r of instanceRows) {
    const pi = camel<ProcessInstanceRow>(r);
    if (w.instances.has(pi.key)) continue;
    w.instances.load(pi);
    if (pi.state === 'ACTIVE') locked.push(pi);
  }
  // rows of instances this batch already holds are not read again: its own state is newer
  const fresh = new Set(locked.map((p) => p.key));
  for (const { t, r } of childRows) {
    if (!fresh.has(r.process_instance_key as number)) continue;
    switch (t) {
      case 'e':
        w.loadElement(camel(r));
        break;
      case 'v':
        w.loadVariable(r.scope_key as number, r.name as string, r.value ?? null);
        break;
      case 'j':
        w.loadJob(camel(r));
        break;
      case 't':
        w.loadTimer(camel(r));
        break;
      case 's':
        w.loadSubscription(camel(r));
        break;
      case 'i':
        w.loadIncident(camel(r));
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
