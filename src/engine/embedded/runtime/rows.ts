import type { PoolClient } from 'pg';
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
export async function flushWorld(client: PoolClient, w: World): Promise<void> {
  const params: unknown[] = [];
  const ctes: string[] = [];
  const p = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  for (const [prop, table] of Object.entries(TABLES)) {
    const t = w[prop as keyof typeof TABLES];
    const { upserts, deletes } = (t as { changes(): { upserts: object[]; deletes: number[] } }).changes();
    if (deletes.length) {
      ctes.push(`DELETE FROM engine.${table} WHERE key = ANY(${p(deletes)}::bigint[])`);
      if (table === 'element_instance') {
        ctes.push(`DELETE FROM engine.variable WHERE scope_key = ANY(${p(deletes)}::bigint[])`);
      }
    }
    if (upserts.length) {
      const cols = COLUMNS[table];
      const set = cols
        .filter((c) => c !== 'key')
        .map((c) => `${c} = EXCLUDED.${c}`)
        .join(', ');
      ctes.push(
        `INSERT INTO engine.${table} (${cols.join(', ')}) SELECT ${cols.join(', ')} FROM jsonb_populate_recordset(NULL::engine.${table}, ${p(
          JSON.stringify(upserts.map(snake)),
        )}::jsonb) ON CONFLICT (key) DO UPDATE SET ${set}`,
      );
    }
  }
  const instanceOf = (scopeKey: number): number =>
    w.elements.get(scopeKey)?.processInstanceKey ?? w.instances.get(scopeKey)?.key ?? scopeKey;
  const vars = w.variableChanges(instanceOf);
  if (vars.deletes.length) {
    ctes.push(
      `DELETE FROM engine.variable v USING jsonb_to_recordset(${p(JSON.stringify(vars.deletes.map(snake)))}::jsonb) AS x(scope_key bigint, name text) WHERE v.scope_key = x.scope_key AND v.name = x.name`,
    );
  }
  if (vars.upserts.length) {
    ctes.push(
      `INSERT INTO engine.variable (scope_key, name, process_instance_key, value) SELECT x.scope_key, x.name, x.process_instance_key, x.value FROM jsonb_to_recordset(${p(
        JSON.stringify(vars.upserts.map((u) => ({ ...snake(u), value: u.value === undefined ? null : u.value }))),
      )}::jsonb) AS x(scope_key bigint, name text, process_instance_key bigint, value jsonb) ON CONFLICT (scope_key, name) DO UPDATE SET value = EXCLUDED.value`,
    );
  }
  if (w.events.length) {
    const rows = w.events.map((e) => ({ ...snake(e), created_at: new Date(e.createdAt).toISOString() }));
    ctes.push(
      `INSERT INTO engine.event_log (${EVENT_COLUMNS.join(', ')}) SELECT ${EVENT_COLUMNS.join(', ')} FROM jsonb_populate_recordset(NULL::engine.event_log, ${p(
        JSON.stringify(rows),
      )}::jsonb)`,
    );
  }
  const types = [...w.jobTypesReady];
  if (ctes.length === 0 && types.length === 0) return;
  const notify = types.length ? `SELECT pg_notify('engine_jobs', t) FROM unnest(${p(types)}::text[]) t` : 'SELECT 1';
  const sql = ctes.length
    ? `WITH ${ctes.map((c, i) => `c${i} AS (${c})`).join(',\n')} ${notify}`
    : notify;
  await client.query(sql, params);
  w.markFlushed();
}

/** Locks the given process instances (in key order) and loads every row they own into the world. */
export async function lockAndLoad(
  client: PoolClient,
  w: World,
  keys: { instances?: number[]; jobs?: number[]; elements?: number[]; incidents?: number[]; timers?: number[] },
): Promise<number[]> {
  const pis = (keys.instances ?? []).filter((k) => !w.instances.has(k));
  const jobs = (keys.jobs ?? []).filter((k) => !w.jobs.has(k));
  const eis = (keys.elements ?? []).filter((k) => !w.elements.has(k));
  const incs = (keys.incidents ?? []).filter((k) => !w.incidents.has(k));
  const timers = (keys.timers ?? []).filter((k) => !w.timers.has(k));
  if (!pis.length && !jobs.length && !eis.length && !incs.length && !timers.length) return [];
  const { rows } = await client.query<Record<string, unknown>>(
    `SELECT * FROM engine.process_instance WHERE key IN (
       SELECT unnest($1::bigint[])
       UNION SELECT process_instance_key FROM engine.job WHERE key = ANY($2::bigint[])
       UNION SELECT process_instance_key FROM engine.element_instance WHERE key = ANY($3::bigint[])
       UNION SELECT process_instance_key FROM engine.incident WHERE key = ANY($4::bigint[])
       UNION SELECT process_instance_key FROM engine.timer WHERE key = ANY($5::bigint[]) AND process_instance_key IS NOT NULL
     ) ORDER BY key FOR UPDATE`,
    [pis, jobs, eis, incs, timers],
  );
  const active: number[] = [];
  for (const r of rows) {
    const pi = camel<import('./state').ProcessInstanceRow>(r);
    if (w.instances.has(pi.key)) continue;
    w.instances.load(pi);
    if (pi.state === 'ACTIVE') active.push(pi.key);
  }
  if (timers.length) {
    // timer start events belong to no instance: lock the timer rows themselves
    const t = await client.query<Record<string, unknown>>(
      'SELECT * FROM engine.timer WHERE key = ANY($1::bigint[]) AND process_instance_key IS NULL FOR UPDATE SKIP LOCKED',
      [timers],
    );
    for (const r of t.rows) w.loadTimer(camel(r));
  }
  if (!active.length) return active;
  const loaded = await client.query<{ t: string; r: Record<string, unknown> }>(
    `SELECT 'e' AS t, to_jsonb(x) AS r FROM engine.element_instance x WHERE process_instance_key = ANY($1::bigint[])
     UNION ALL SELECT 'v', to_jsonb(x) FROM engine.variable x WHERE process_instance_key = ANY($1::bigint[])
     UNION ALL SELECT 'j', to_jsonb(x) FROM engine.job x WHERE process_instance_key = ANY($1::bigint[])
     UNION ALL SELECT 't', to_jsonb(x) FROM engine.timer x WHERE process_instance_key = ANY($1::bigint[])
     UNION ALL SELECT 's', to_jsonb(x) FROM engine.subscription x WHERE process_instance_key = ANY($1::bigint[])
     UNION ALL SELECT 'i', to_jsonb(x) FROM engine.incident x WHERE process_instance_key = ANY($1::bigint[])`,
    [active],
  );
  for (const { t, r } of loaded.rows) {
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
  return active;
}
