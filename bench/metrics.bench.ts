/**
 * Benchmark of the quality dashboard (issue 6 § 3): analytics and Lagebild queries, p95 ≤ 300 ms over
 * 1,000,000 events. Prints figures; asserts nothing.
 *
 *   npm run bench:metrics            (= tsx bench/metrics.bench.ts)
 *
 * What it does, all on 127.0.0.1:
 *  1. creates a fresh database `mia_bench_metrics_…` (BENCH_DATABASE_URL, default the local PostgreSQL),
 *     runs the platform's migrations and the embedded engine's schema;
 *  2. deploys the shipped models as engine process definitions and fills `engine.event_log` with
 *     BENCH_EVENTS (1,000,000) rows shaped like the engine's (direct SQL, generate_series): instances of
 *     every shipped process over two years, each activating → start event → up to six tasks with their
 *     jobs and sequence flows → one of two end events → completed; about 3 % terminated, the newest 5 %
 *     still running; element durations from half an hour to about three days; plus the matching task rows
 *     for the user tasks (created, claimed, completed, due dates) and BENCH_COMPLAINTS complaints;
 *  3. times the projection's first catch-up over all events, then BENCH_RUNS calls (after BENCH_WARMUP)
 *     of each analytics query through the real AnalyticsService / ComplaintStatisticsService, each call
 *     including the catch-up it does before answering; and a catch-up after 1,000 new events;
 *  4. calls bench/lagebild.part.ts (if present) on a database of its own with BENCH_PERSONS persons;
 *  5. prints one table: p50/p95/p99/max per query and whether p95 ≤ 300 ms.
 *
 * Environment: BENCH_DATABASE_URL, BENCH_EVENTS (1000000), BENCH_RUNS (120), BENCH_WARMUP (5),
 * BENCH_COMPLAINTS (5000), BENCH_PERSONS (30000), BENCH_LAGEBILD (0 skips the Lagebild part),
 * BENCH_KEEP_DB (1 keeps the databases).
 */
import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MikroORM } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { AnalyticsService } from '../src/analytics/analytics.service';
import { ComplaintStatisticsService } from '../src/analytics/complaint-statistics.service';
import { EmbeddedSource } from '../src/analytics/embedded.source';
import { EventLogProjection } from '../src/analytics/event-log.projection';
import { ObservedSource } from '../src/analytics/observed.source';
import { parsePeriod } from '../src/analytics/period';
import { readProcessModel } from '../src/analytics/process-model';
import { UserTaskFiguresReader } from '../src/analytics/user-task.figures';
import { addDays } from '../src/common/calendar';
import { projectRoot } from '../src/config/project-root';
import { ormOptions } from '../src/database/orm.options';
import type { ClockService } from '../src/engine/clock.service';
import { createPool, migrate } from '../src/engine/embedded/store/database';
import type { ZeebeService } from '../src/engine/zeebe.service';
import { createBenchDatabase, type BenchDatabase } from './bench-database';

const num = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
  return Math.floor(value);
};
const EVENTS = num('BENCH_EVENTS', 1_000_000);
const RUNS = Math.max(1, num('BENCH_RUNS', 120));
const WARMUP = num('BENCH_WARMUP', 5);
const COMPLAINTS = num('BENCH_COMPLAINTS', 5_000);
const PERSONS = Math.max(1, num('BENCH_PERSONS', 30_000));
const KEEP = process.env.BENCH_KEEP_DB === '1';
const TARGET_P95_MS = 300;
/** the last day of the synthetic two years */
const END_DAY = '2026-10-31';
const START_DAY = addDays(END_DAY, -730);
const CHUNK = 5_000;

interface Figure {
  query: string;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const log = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

function figure(query: string, times: number[]): Figure {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  return { query, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] };
}

/** per shipped process: the path an instance takes (start, up to six tasks, two end events) */
async function paths(): Promise<
  { id: string; xml: string; path: { id: string; type: string; seq: number; variant: number | null }[] }[]
> {
  const dir = join(projectRoot(), 'processes');
  const out = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.bpmn'))
    .sort()) {
    const xml = readFileSync(join(dir, file), 'utf8');
    const id = file.replace(/\.bpmn$/, '');
    const model = await readProcessModel(xml, id);
    const start = model.elements.find((e) => e.type === 'StartEvent');
    const tasks = model.elements.filter((e) => /Task$/.test(e.type)).slice(0, 6);
    const ends = model.elements.filter((e) => e.processEnd).slice(0, 2);
    if (!start || tasks.length === 0 || ends.length === 0) continue;
    const path = [start, ...tasks].map((e, seq) => ({
      id: e.id,
      type: e.type,
      seq,
      variant: null as number | null,
    }));
    const last = path.length;
    ends.forEach((e, i) =>
      path.push({ id: e.id, type: e.type, seq: last, variant: ends.length === 1 ? null : i }),
    );
    out.push({ id, xml, path });
  }
  return out;
}

const ENGINE_TYPE: Record<string, string> = {
  StartEvent: 'START_EVENT',
  EndEvent: 'END_EVENT',
  ServiceTask: 'SERVICE_TASK',
  UserTask: 'USER_TASK',
  SendTask: 'SEND_TASK',
  ScriptTask: 'SCRIPT_TASK',
  BusinessRuleTask: 'BUSINESS_RULE_TASK',
  ReceiveTask: 'RECEIVE_TASK',
  ManualTask: 'MANUAL_TASK',
  Task: 'TASK',
};

async function seed(
  pool: Pool,
): Promise<{ instances: number; events: number; tasks: number; processes: string[] }> {
  const processes = await paths();
  const client = await pool.connect();
  try {
    await client.query(`INSERT INTO engine.deployment (key, created_at) VALUES (1, 0)`);
    await client.query(
      `CREATE UNLOGGED TABLE bench_path (proc_idx int, seq int, element_id text, element_type text, bpmn_type text,
         is_job boolean, is_user boolean, variant int, n int)`,
    );
    for (const [idx, p] of processes.entries()) {
      await client.query(
        `INSERT INTO engine.process_definition (key, bpmn_process_id, version, resource_name, checksum, deployment_key, resource, created_at)
         VALUES ($1, $2, 1, $3, 'bench', 1, $4, 0)`,
        [1000 + idx, p.id, `${p.id}.bpmn`, p.xml],
      );
      const n = Math.max(...p.path.map((e) => e.seq)) + 1;
      for (const e of p.path)
        await client.query(`INSERT INTO bench_path VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
          idx,
          e.seq,
          e.id,
          ENGINE_TYPE[e.type] ?? 'TASK',
          `bpmn:${e.type}`,
          /Task$/.test(e.type),
          e.type === 'UserTask',
          e.variant,
          n,
        ]);
    }
    const P = processes.length;
    // rows of a completed instance with k tasks: process 3, (k + 2) elements × 2, k + 1 flows, k × 2 job rows;
    // terminated (3 %) and running (5 %) instances have fewer
    const perInstance =
      processes.reduce((sum, p) => sum + 5 * p.path.filter((e) => /Task$/.test(e.type)).length + 8, 0) / P;
    const N = Math.ceil(EVENTS / (perInstance * 0.93));
    const params = (lo: number, hi: number) => [lo, hi, N, P, `${START_DAY}T06:00:00Z`];
    const inst = `
      inst AS (
        SELECT i, i % $4 AS proc_idx, (i * 100)::bigint AS pi, 1000 + i % $4 AS def,
               $5::timestamptz + (i::float8 / $3) * interval '730 days' AS t0,
               (30 + (i * 7919) % 4000) * interval '1 minute' AS d,
               i > $3 * 0.95 AS running, (i % 31 = 0 AND i <= $3 * 0.95) AS terminated, (i % 3 = 0)::int AS variant
          FROM generate_series($1::int, $2::int) i),
      el AS (
        SELECT inst.*, p.seq, p.element_id, p.element_type, p.bpmn_type, p.is_job, p.is_user, p.n,
               inst.t0 + p.seq * inst.d AS s,
               CASE WHEN inst.terminated AND p.seq = 1 THEN 'T' WHEN inst.running AND p.seq = 2 THEN NULL ELSE 'C' END AS fin,
               inst.t0 + p.seq * inst.d + CASE WHEN p.is_job THEN inst.d * 0.8 ELSE interval '0' END AS e
          FROM inst JOIN bench_path p ON p.proc_idx = inst.proc_idx
         WHERE (p.variant IS NULL OR p.variant = inst.variant)
           AND (NOT inst.running OR p.seq < 3) AND (NOT inst.terminated OR p.seq < 2))`;
    const started = performance.now();
    for (let lo = 1; lo <= N; lo += CHUNK) {
      const hi = Math.min(N, lo + CHUNK - 1);
      await client.query(
        `WITH ${inst},
         pn AS (SELECT proc_idx, max(n) AS n FROM bench_path GROUP BY proc_idx)
         INSERT INTO engine.event_log (key, process_instance_key, bpmn_process_id, definition_key, version, element_id,
                                       element_type, bpmn_element_type, flow_scope_key, intent, job_type, created_at)
         SELECT r.key, r.pi, d.bpmn_process_id, r.def, 1, r.element_id, r.element_type, r.bpmn_type, r.scope, r.intent, r.job_type, r.at
           FROM (
             SELECT inst.pi AS key, inst.pi, inst.def, d.bpmn_process_id AS element_id, 'PROCESS' AS element_type,
                    'bpmn:Process' AS bpmn_type, NULL::bigint AS scope, x.intent, NULL AS job_type, x.at
               FROM inst JOIN engine.process_definition d ON d.key = inst.def JOIN pn ON pn.proc_idx = inst.proc_idx
               CROSS JOIN LATERAL (VALUES ('ELEMENT_ACTIVATING', inst.t0), ('ELEMENT_ACTIVATED', inst.t0),
                 (CASE WHEN inst.running THEN NULL WHEN inst.terminated THEN 'ELEMENT_TERMINATED' ELSE 'ELEMENT_COMPLETED' END,
                  CASE WHEN inst.terminated THEN inst.t0 + 2 * inst.d ELSE inst.t0 + (pn.n - 1) * inst.d END)) x(intent, at)
              WHERE x.intent IS NOT NULL
             UNION ALL
             SELECT el.pi + 1 + el.seq, el.pi, el.def, el.element_id, el.element_type, el.bpmn_type, el.pi, x.intent, NULL, x.at
               FROM el CROSS JOIN LATERAL (VALUES ('ELEMENT_ACTIVATED', el.s),
                 (CASE el.fin WHEN 'C' THEN 'ELEMENT_COMPLETED' WHEN 'T' THEN 'ELEMENT_TERMINATED' END, el.e)) x(intent, at)
              WHERE x.intent IS NOT NULL
             UNION ALL
             SELECT el.pi + 80 + el.seq, el.pi, el.def, 'flow_' || el.seq, 'SEQUENCE_FLOW', 'bpmn:SequenceFlow', el.pi,
                    'SEQUENCE_FLOW_TAKEN', NULL, el.e
               FROM el WHERE el.fin = 'C' AND el.seq < el.n - 1
             UNION ALL
             SELECT el.pi + 50 + el.seq, el.pi, el.def, el.element_id, 'JOB', NULL, el.pi + 1 + el.seq, x.intent,
                    CASE WHEN el.is_user THEN 'io.camunda.zeebe:userTask' ELSE 'bench-job' END, x.at
               FROM el CROSS JOIN LATERAL (VALUES ('JOB_CREATED', el.s),
                 (CASE el.fin WHEN 'C' THEN 'JOB_COMPLETED' WHEN 'T' THEN 'JOB_CANCELED' END, el.e)) x(intent, at)
              WHERE el.is_job AND x.intent IS NOT NULL
           ) r JOIN engine.process_definition d ON d.key = r.def`,
        params(lo, hi),
      );
      await client.query(
        `WITH ${inst}
         INSERT INTO task (id, job_key, process_instance_key, element_instance_key, bpmn_process_id, process_version, element_id,
                           name, candidate_groups, due_date, variables, state, created_at, claimed_at, completed_at, assignee)
         SELECT gen_random_uuid(), el.pi + 50 + el.seq, el.pi, el.pi + 1 + el.seq, d.bpmn_process_id, 1, el.element_id,
                'Aufgabe', '{BS}', el.s + interval '3 days', '{}'::jsonb,
                CASE el.fin WHEN 'C' THEN 'completed' WHEN 'T' THEN 'cancelled' ELSE 'open' END,
                el.s, CASE WHEN el.fin = 'C' OR el.i % 2 = 0 THEN el.s + el.d * 0.3 END,
                CASE WHEN el.fin = 'C' THEN el.e END, CASE WHEN el.fin = 'C' OR el.i % 2 = 0 THEN 'sb.bs' END
           FROM el JOIN engine.process_definition d ON d.key = el.def WHERE el.is_user`,
        params(lo, hi),
      );
    }
    await client.query(
      `INSERT INTO complaint (reference, process_instance_key, received_on, acknowledge_by, reply_by, channel, category,
                              unit_concerned, anonymous, acknowledged_on, answered_on, outcome, closed_on, created_at)
       SELECT 'BS-B-' || i, 900000000 + i, d, d + 5, d + 30, 'email',
              (ARRAY['staff-conduct','decision','service','accommodation','discrimination','praise'])[1 + i % 6],
              (ARRAY['ABH','LG','UV','INT','JC','JA','BK','IVAF','BS'])[1 + i % 9], i % 4 = 0,
              d + (1 + i % 6), CASE WHEN i % 10 < 8 THEN d + (5 + i % 40) END,
              CASE WHEN i % 10 < 8 THEN (ARRAY['justified','partly justified','unfounded','forwarded'])[1 + i % 4] END,
              CASE WHEN i % 10 < 8 THEN d + (6 + i % 40) END, now()
         FROM (SELECT i, ($2::date + (i * 730 / $1))::date AS d FROM generate_series(1, $1::int) i) s`,
      [COMPLAINTS, START_DAY],
    );
    await client.query('DROP TABLE bench_path');
    await client.query('ANALYZE');
    const events = Number(
      (await client.query<{ n: string }>('SELECT count(*) AS n FROM engine.event_log')).rows[0].n,
    );
    const tasks = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM task')).rows[0].n);
    log(
      `seeded ${N.toLocaleString('en-US')} instances of ${P} processes: ${events.toLocaleString('en-US')} events, ${tasks.toLocaleString('en-US')} tasks, ${COMPLAINTS} complaints in ${Math.round(performance.now() - started)} ms`,
    );
    return { instances: N, events, tasks, processes: processes.map((p) => p.id) };
  } finally {
    client.release();
  }
}

async function time(query: string, run: () => Promise<unknown>): Promise<Figure> {
  for (let i = 0; i < WARMUP; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  const f = figure(query, times);
  log(`${query}: p95 ${f.p95.toFixed(1)} ms`);
  return f;
}

async function lagebild(): Promise<Figure[]> {
  const part = join(__dirname, 'lagebild.part.ts');
  if (process.env.BENCH_LAGEBILD === '0') return [];
  if (!readdirSync(__dirname).includes('lagebild.part.ts')) {
    log('bench/lagebild.part.ts not found: Lagebild skipped');
    return [];
  }
  const mod = (await import(part)) as {
    benchLagebild?: (url: string, o: { persons: number; log?: (m: string) => void }) => Promise<Figure[]>;
  };
  if (!mod.benchLagebild) return [];
  const db = await createBenchDatabase('mia_bench_lagebild');
  try {
    return await mod.benchLagebild(db.url, { persons: PERSONS, log });
  } finally {
    if (!KEEP) await db.drop();
  }
}

function table(figures: Figure[]): string {
  const rows = [
    ['query', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'p95 ≤ 300'],
    ...figures.map((f) => [
      f.query,
      f.p50.toFixed(1),
      f.p95.toFixed(1),
      f.p99.toFixed(1),
      f.max.toFixed(1),
      f.p95 <= TARGET_P95_MS ? 'yes' : 'NO',
    ]),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map((r, i) => {
      const line = r
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
        .join('  ');
      return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

async function main(): Promise<void> {
  Logger.overrideLogger(['warn', 'error']);
  let db: BenchDatabase | undefined;
  let orm: MikroORM | undefined;
  let pool: Pool | undefined;
  const figures: Figure[] = [];
  try {
    db = await createBenchDatabase('mia_bench_metrics');
    log(`database ${db.name}`);
    orm = await MikroORM.init(ormOptions(db.url));
    await orm.getMigrator().up();
    pool = createPool(db.url, 4);
    await migrate(pool);
    const seeded = await seed(pool);

    const em = orm.em;
    const projection = new EventLogProjection(em);
    const t0 = performance.now();
    const first = await projection.catchUp();
    const firstMs = performance.now() - t0;
    const elementRows = Number(
      (await pool.query<{ n: string }>('SELECT count(*) AS n FROM analytics_element_instance')).rows[0].n,
    );
    await pool.query('ANALYZE analytics_element_instance');
    log(
      `first catch-up: ${first.rows.toLocaleString('en-US')} events → ${elementRows.toLocaleString('en-US')} element instances in ${(firstMs / 1000).toFixed(1)} s`,
    );

    const now = new Date(`${END_DAY}T18:00:00Z`);
    const clock = { now: () => Promise.resolve(now) } as unknown as ClockService;
    const zeebe = { embeddedEngine: {} } as unknown as ZeebeService;
    const analytics = new AnalyticsService(
      em,
      zeebe,
      clock,
      new EmbeddedSource(em, projection),
      new ObservedSource(em),
      new UserTaskFiguresReader(em),
    );
    const complaints = new ComplaintStatisticsService(em);
    const all = parsePeriod();
    const year = parsePeriod(addDays(END_DAY, -364), END_DAY);
    const month = parsePeriod(addDays(END_DAY, -30), END_DAY);
    // the process with the most events (instances are spread evenly; take the one with the longest path)
    const [biggest] = (
      await pool.query<{ bpmn_process_id: string }>(
        `SELECT bpmn_process_id FROM analytics_element_instance GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
      )
    ).rows;
    const pid = biggest.bpmn_process_id;
    log(`per-element queries on ${pid}`);

    figures.push(await time('catch-up, nothing new', () => projection.catchUp()));
    figures.push(await time('overview, all processes, 2 years', () => analytics.overview(all)));
    figures.push(await time('overview, all processes, 12 months', () => analytics.overview(year)));
    figures.push(await time(`process per element, 2 years (${pid})`, () => analytics.process(pid, all)));
    figures.push(await time(`process per element, 1 month (${pid})`, () => analytics.process(pid, month)));
    figures.push(await time(`heatmap data, 12 months (${pid})`, () => analytics.heatmap(pid, year)));
    figures.push(await time('complaint statistics, 12 months', () => complaints.statistics(year)));
    figures.push(await time('complaint statistics, 2 years', () => complaints.statistics(all)));

    // 1,000 new events (the engine keeps writing), then one catch-up each time
    let next = 10_000_000;
    figures.push(
      await time('catch-up after 1,000 new events', async () => {
        await pool!.query(
          `INSERT INTO engine.event_log (key, process_instance_key, bpmn_process_id, definition_key, version, element_id,
                                         element_type, bpmn_element_type, flow_scope_key, intent, created_at)
           SELECT ($1::bigint + i) * 100 + 1, ($1::bigint + i) * 100, $2, 1000, 1, 'x', 'SERVICE_TASK', 'bpmn:ServiceTask',
                  ($1::bigint + i) * 100, 'ELEMENT_ACTIVATED', now() FROM generate_series(1, 1000) i`,
          [next, pid],
        );
        next += 1000;
        await projection.catchUp();
      }),
    );
    log(`(${seeded.events.toLocaleString('en-US')} events seeded; ${RUNS} timed calls per query)`);
  } finally {
    await pool?.end();
    await orm?.close(true);
    if (db && !KEEP) await db.drop();
  }
  figures.push(...(await lagebild()));
  process.stdout.write(`\n${table(figures)}\n`);
  const misses = figures.filter((f) => f.p95 > TARGET_P95_MS);
  process.stdout.write(
    misses.length
      ? `\n${misses.length} of ${figures.length} queries miss p95 ≤ ${TARGET_P95_MS} ms\n`
      : `\nall ${figures.length} queries within p95 ≤ ${TARGET_P95_MS} ms\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
