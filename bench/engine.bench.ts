/**
 * Benchmark of the embedded engine (issue 2, section 5). Prints figures; asserts nothing.
 *
 *   npm run bench:engine            (= tsx bench/engine.bench.ts)
 *
 * What it does, all on 127.0.0.1:
 *  1. creates a fresh database `mia_bench_…` on BENCH_DATABASE_URL (default the local PostgreSQL) and
 *     measures the plain single-row INSERT rate there (autocommit, BENCH_INSERT_CONNECTIONS connections);
 *  2. starts the engine as a child process (`node --import tsx src/engine/engine.main.ts`), so that the
 *     load generator and the workers below do not share the engine's event loop;
 *  3. deploys a one-service-task process and starts workers through the @camunda8/sdk client
 *     (StreamActivatedJobs by default; BENCH_WORKER=poll uses ActivateJobs long polling);
 *  4. for each offered rate in BENCH_RATES: an open-loop schedule for BENCH_SECONDS;
 *     then a closed-loop max-throughput run with BENCH_CONCURRENCY instances in flight.
 *
 * Latency: start-to-complete of one instance = from the CreateProcessInstanceWithResult call until its
 * answer, which the engine sends when the instance has completed (the worker completed its job and the
 * end event was reached). It includes the client's own queueing, which shares the 2 cores.
 *
 * Commits per instance: `pg_stat_database.xact_commit` of the bench database before and after each run
 * (after the last answer plus a settle pause, since backends report their counters about once a second),
 * divided by the completed instances. It counts every commit of the engine in that window, including
 * its sweepers and job pollers.
 *
 * Environment: BENCH_DATABASE_URL, BENCH_RATES (default 100,250,500), BENCH_SECONDS (10),
 * BENCH_MAX_SECONDS (15), BENCH_CONCURRENCY (128), BENCH_WORKER (stream|poll), BENCH_WORKERS (1),
 * BENCH_INSERT_SECONDS (5), BENCH_INSERT_CONNECTIONS (4), BENCH_WARMUP_SECONDS (3),
 * BENCH_KEEP_DB (1 keeps the database), BENCH_ENGINE_PROFILE (a directory: the engine runs with --cpu-prof).
 */

import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

import { Zeebe } from '@camunda8/sdk';
import { Client } from 'pg';
import { createBenchDatabase } from './bench-database';

import {
  EngineProcess,
  freePort,
  procCpuSeconds,
  startEngineProcess,
  zeebeClient,
} from '../test/utils/engine-process';

// ---------------------------------------------------------------- settings

const num = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
  return value;
};
const RATES = (process.env.BENCH_RATES ?? '100,250,500')
  .split(',')
  .map((r) => Number(r.trim()))
  .filter((r) => Number.isFinite(r) && r > 0);
const SECONDS = num('BENCH_SECONDS', 10);
const MAX_SECONDS = num('BENCH_MAX_SECONDS', 15);
const CONCURRENCY = Math.max(1, Math.floor(num('BENCH_CONCURRENCY', 128)));
const WORKER_KIND = process.env.BENCH_WORKER === 'poll' ? 'poll' : 'stream';
const WORKERS = Math.max(1, Math.floor(num('BENCH_WORKERS', 1)));
const INSERT_SECONDS = num('BENCH_INSERT_SECONDS', 5);
const INSERT_CONNECTIONS = Math.max(1, Math.floor(num('BENCH_INSERT_CONNECTIONS', 4)));
const WARMUP_SECONDS = num('BENCH_WARMUP_SECONDS', 3);
const PROFILE_DIR = process.env.BENCH_ENGINE_PROFILE;

const TARGET_MAX_PIS = 1_000;
const TARGET_P99_MS = 50;
const TARGET_P99_RATE = 500;
const MAX_IN_FLIGHT = 20_000; // open loop: never more than this many outstanding calls
const REQUEST_TIMEOUT_MS = 30_000; // CreateProcessInstanceWithResult requestTimeout
const DRAIN_TIMEOUT_MS = 40_000;

const PROCESS_ID = 'bench-one-task';
const JOB_TYPE = 'bench-task';
const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="bench-definitions"
    targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${PROCESS_ID}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>to-task</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="to-task" sourceRef="start" targetRef="task" />
    <bpmn:serviceTask id="task">
      <bpmn:extensionElements><zeebe:taskDefinition type="${JOB_TYPE}" /></bpmn:extensionElements>
      <bpmn:incoming>to-task</bpmn:incoming><bpmn:outgoing>to-end</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="to-end" sourceRef="task" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>to-end</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>
`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const log = (message: string): void => {
  process.stderr.write(`[bench] ${message}\n`);
};

// ---------------------------------------------------------------- database

/** xact_commit of one database; stats reach the shared counters ~1 s after a backend's commit */
class CommitCounter {
  private constructor(
    private readonly client: Client,
    private readonly dbName: string,
  ) {}
  static async open(url: string, dbName: string): Promise<CommitCounter> {
    const client = new Client({ connectionString: url });
    await client.connect();
    return new CommitCounter(client, dbName);
  }
  async read(): Promise<number> {
    const result = await this.client.query<{ commits: string }>(
      'SELECT xact_commit::text AS commits FROM pg_stat_database WHERE datname = $1',
      [this.dbName],
    );
    return Number(result.rows[0]?.commits ?? NaN);
  }
  /** the server processes of the bench database (the engine's connections), without this one */
  async backendPids(): Promise<number[]> {
    const result = await this.client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [this.dbName],
    );
    return result.rows.map((r) => r.pid);
  }
  close(): Promise<void> {
    return this.client.end();
  }
}

async function settledCommits(counter: CommitCounter): Promise<number> {
  await sleep(1_500); // PGSTAT_MIN_INTERVAL is 1 s: let every backend flush what it has
  return counter.read();
}

async function insertRate(url: string, counter: CommitCounter): Promise<InsertResult> {
  const setup = new Client({ connectionString: url });
  await setup.connect();
  await setup.query(
    'CREATE TABLE bench_single_row (id bigserial PRIMARY KEY, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
  );
  await setup.end();

  const clients = await Promise.all(
    Array.from({ length: INSERT_CONNECTIONS }, async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  const pids = await Promise.all(
    clients.map(async (c) => (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid),
  );
  const commitsBefore = await settledCommits(counter);
  const postgresCpu = (): number => pids.reduce((sum, pid) => sum + (procCpuSeconds(pid) ?? 0), 0);
  const cpuBefore = { machine: machineBusySeconds(), postgres: postgresCpu(), bench: process.cpuUsage() };
  const started = performance.now();
  const until = started + INSERT_SECONDS * 1000;
  const counts = await Promise.all(
    clients.map(async (c, i) => {
      let n = 0;
      while (performance.now() < until) {
        await c.query('INSERT INTO bench_single_row (payload) VALUES ($1)', [`connection ${i} row ${n}`]);
        n += 1;
      }
      return n;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const bench = process.cpuUsage(cpuBefore.bench);
  const postgres = postgresCpu() - cpuBefore.postgres;
  const machineAfter = machineBusySeconds();
  const cpu: CpuShares = {
    postgres: (postgres / seconds) * 100,
    bench: ((bench.user + bench.system) / 1e6 / seconds) * 100,
  };
  if (machineAfter !== undefined && cpuBefore.machine !== undefined) {
    const other = machineAfter - cpuBefore.machine - postgres - (bench.user + bench.system) / 1e6;
    cpu.other = (Math.max(0, other) / seconds) * 100;
  }
  await Promise.all(clients.map((c) => c.end()));
  const commitsAfter = await settledCommits(counter);
  const rows = counts.reduce((a, b) => a + b, 0);
  return {
    rows,
    seconds,
    rowsPerSecond: rows / seconds,
    commitsPerRow: (commitsAfter - commitsBefore - 1) / rows,
    cpu,
  };
}

interface InsertResult {
  cpu: CpuShares;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  commitsPerRow: number;
}

// ---------------------------------------------------------------- CPU

/** busy CPU seconds of the whole machine so far (/proc/stat, USER_HZ = 100), undefined elsewhere */
function machineBusySeconds(): number | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1, 9) // user nice system idle iowait irq softirq steal
      .map(Number);
    return (fields.reduce((a, b) => a + b, 0) - fields[3] - fields[4]) / 100;
  } catch {
    return undefined;
  }
}

interface CpuSnapshot {
  at: number;
  machine?: number;
  engine?: number;
  bench: NodeJS.CpuUsage;
  postgres: Map<number, number>;
}

/**
 * Where the CPU went during a run, in % of one core: the engine process, the PostgreSQL backends of the
 * bench database, this process (load generator and workers), and everything else on the machine.
 * "other" should be near 0; when it is not, something else ran beside the benchmark.
 */
class CpuAccount {
  constructor(
    private readonly engine: EngineProcess,
    private readonly counter: CommitCounter,
  ) {}
  async snapshot(): Promise<CpuSnapshot> {
    const postgres = new Map<number, number>();
    for (const pid of await this.counter.backendPids()) {
      const seconds = procCpuSeconds(pid);
      if (seconds !== undefined) postgres.set(pid, seconds);
    }
    return {
      at: performance.now(),
      machine: machineBusySeconds(),
      engine: this.engine.cpuSeconds(),
      bench: process.cpuUsage(),
      postgres,
    };
  }
  static shares(before: CpuSnapshot, after: CpuSnapshot): CpuShares {
    const wall = (after.at - before.at) / 1000;
    const pct = (seconds: number | undefined): number | undefined =>
      seconds === undefined ? undefined : (seconds / wall) * 100;
    const engine =
      before.engine !== undefined && after.engine !== undefined ? after.engine - before.engine : undefined;
    const bench = (after.bench.user - before.bench.user + after.bench.system - before.bench.system) / 1e6;
    let postgres = 0;
    for (const [pid, seconds] of after.postgres) postgres += seconds - (before.postgres.get(pid) ?? 0);
    const machine =
      before.machine !== undefined && after.machine !== undefined
        ? after.machine - before.machine
        : undefined;
    const other =
      machine !== undefined && engine !== undefined
        ? Math.max(0, machine - engine - bench - postgres)
        : undefined;
    return { wall, engine: pct(engine), postgres: pct(postgres), bench: pct(bench), other: pct(other) };
  }
}

interface CpuShares {
  /** seconds the shares were measured over */
  wall?: number;
  engine?: number;
  postgres?: number;
  bench?: number;
  other?: number;
}

// ---------------------------------------------------------------- runs

interface RunResult {
  label: string;
  offered: string;
  sent: number;
  completed: number;
  errors: Map<string, number>;
  seconds: number;
  latenciesMs: number[];
  commitsPerInstance: number;
  cpu: CpuShares;
}

type ZeebeClient = Zeebe.ZeebeGrpcClient;

function errorLabel(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const e = error as { code?: unknown; message?: unknown };
    if (typeof e.code === 'number' || typeof e.code === 'string') return `code ${e.code}`;
    if (typeof e.message === 'string') return e.message.slice(0, 40);
  }
  return String(error).slice(0, 40);
}

class Measurement {
  sent = 0;
  completed = 0;
  inFlight = 0;
  lastAnswerAt = 0;
  readonly latenciesMs: number[] = [];
  readonly errors = new Map<string, number>();

  constructor(private readonly client: ZeebeClient) {}

  /** one instance, start to complete */
  async once(): Promise<void> {
    this.sent += 1;
    this.inFlight += 1;
    const start = performance.now();
    try {
      await this.client.createProcessInstanceWithResult({
        bpmnProcessId: PROCESS_ID,
        variables: { n: this.sent },
        requestTimeout: REQUEST_TIMEOUT_MS,
      });
      const end = performance.now();
      this.latenciesMs.push(end - start);
      this.completed += 1;
      this.lastAnswerAt = end;
    } catch (error) {
      const label = errorLabel(error);
      this.errors.set(label, (this.errors.get(label) ?? 0) + 1);
      this.lastAnswerAt = performance.now();
    } finally {
      this.inFlight -= 1;
    }
  }

  async drain(): Promise<void> {
    const until = performance.now() + DRAIN_TIMEOUT_MS;
    while (this.inFlight > 0 && performance.now() < until) await sleep(10);
    if (this.inFlight > 0) this.errors.set('unanswered', this.inFlight);
  }
}

async function measured(
  label: string,
  offered: string,
  counter: CommitCounter,
  cpu: CpuAccount,
  body: (m: Measurement) => Promise<number>,
  client: ZeebeClient,
): Promise<RunResult> {
  const commitsBefore = await settledCommits(counter);
  const cpuBefore = await cpu.snapshot();
  const m = new Measurement(client);
  const started = performance.now();
  const loadSeconds = await body(m);
  await m.drain();
  const seconds = Math.max(loadSeconds, ((m.lastAnswerAt || performance.now()) - started) / 1000);
  const cpuAfter = await cpu.snapshot();
  const commitsAfter = await settledCommits(counter);
  return {
    label,
    offered,
    sent: m.sent,
    completed: m.completed,
    errors: m.errors,
    seconds,
    latenciesMs: m.latenciesMs,
    commitsPerInstance: m.completed > 0 ? (commitsAfter - commitsBefore - 1) / m.completed : NaN,
    cpu: CpuAccount.shares(cpuBefore, cpuAfter),
  };
}

/** open loop: the i-th instance is started at t0 + i / rate, however the earlier ones fare */
async function openLoop(m: Measurement, rate: number, seconds: number): Promise<number> {
  const total = Math.round(rate * seconds);
  const started = performance.now();
  let issued = 0;
  while (issued < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
    while (issued < due) {
      issued += 1;
      if (m.inFlight >= MAX_IN_FLIGHT) {
        m.errors.set(
          'not sent (client in-flight cap)',
          (m.errors.get('not sent (client in-flight cap)') ?? 0) + 1,
        );
        continue;
      }
      void m.once();
    }
    await sleep(2);
  }
  return (performance.now() - started) / 1000;
}

/** closed loop: `concurrency` instances in flight, each followed at once by the next */
async function closedLoop(m: Measurement, concurrency: number, seconds: number): Promise<number> {
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) await m.once();
    }),
  );
  return seconds;
}

// ---------------------------------------------------------------- output

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

const fmt = (value: number | undefined, digits = 1): string =>
  value === undefined || Number.isNaN(value)
    ? '–'
    : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const percent = (value: number | undefined): string => (value === undefined ? '–' : `${fmt(value, 0)}%`);

function table(rows: string[][]): string {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  return rows
    .map((r, i) => {
      const line = r
        .map((cell, col) => (col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col])))
        .join('  ');
      return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

function report(results: RunResult[], insert: InsertResult | undefined): void {
  const header = [
    'run',
    'offered',
    'sent',
    'completed',
    'PI/s',
    'p50 ms',
    'p99 ms',
    'max ms',
    'errors',
    'commits/PI',
    'CPU engine',
    'PG',
    'bench',
    'other',
  ];
  const rows = results.map((r) => {
    const sorted = [...r.latenciesMs].sort((a, b) => a - b);
    const errors = [...r.errors.values()].reduce((a, b) => a + b, 0);
    return [
      r.label,
      r.offered,
      String(r.sent),
      String(r.completed),
      fmt(r.completed / r.seconds),
      fmt(percentile(sorted, 50)),
      fmt(percentile(sorted, 99)),
      fmt(sorted[sorted.length - 1]),
      String(errors),
      fmt(r.commitsPerInstance, 2),
      percent(r.cpu.engine),
      percent(r.cpu.postgres),
      percent(r.cpu.bench),
      percent(r.cpu.other),
    ];
  });
  const out: string[] = [];
  out.push('');
  out.push(
    `Embedded engine benchmark — one-service-task process, ${WORKERS} ${WORKER_KIND} worker(s), ${cpuCount()} CPUs`,
  );
  out.push(
    'latency = CreateProcessInstanceWithResult call → answer (instance completed, job done by the worker)',
  );
  out.push(
    'CPU in % of one core: engine process, PostgreSQL backends of the bench database, this process (load + workers),' +
      ' other = rest of the machine',
  );
  out.push('');
  out.push(table([header, ...rows]));
  out.push('');
  out.push('CPU milliseconds per completed instance (the budget for 1,000 PI/s on 2 cores is 2 ms in all):');
  const perInstance = (r: RunResult, share: number | undefined): string =>
    share === undefined || r.cpu.wall === undefined || r.completed === 0
      ? '–'
      : fmt(((share / 100) * r.cpu.wall * 1000) / r.completed, 2);
  out.push(
    table([
      ['run', 'engine', 'PG', 'bench (client + worker)', 'sum'],
      ...results.map((r) => {
        const sum = [r.cpu.engine, r.cpu.postgres, r.cpu.bench].every((v) => v !== undefined)
          ? (r.cpu.engine ?? 0) + (r.cpu.postgres ?? 0) + (r.cpu.bench ?? 0)
          : undefined;
        return [
          r.label,
          perInstance(r, r.cpu.engine),
          perInstance(r, r.cpu.postgres),
          perInstance(r, r.cpu.bench),
          perInstance(r, sum),
        ];
      }),
    ]),
  );
  for (const r of results) {
    if (r.errors.size > 0) {
      out.push(`  ${r.label} errors: ${[...r.errors.entries()].map(([k, v]) => `${k} × ${v}`).join(', ')}`);
    }
  }
  out.push('');
  if (insert) {
    out.push(
      `single-row INSERT, autocommit, ${INSERT_CONNECTIONS} connections, ${fmt(insert.seconds)} s: ` +
        `${fmt(insert.rowsPerSecond, 0)} rows/s (${insert.rows} rows, ${fmt(insert.commitsPerRow, 2)} commits/row; ` +
        `CPU PG ${percent(insert.cpu.postgres)}, bench ${percent(insert.cpu.bench)}, other ${percent(insert.cpu.other)})`,
    );
  }
  const max = results.find((r) => r.label.startsWith('max'));
  const at500 = results.find((r) => r.label === `rate ${TARGET_P99_RATE}`);
  if (max && insert) {
    const pis = max.completed / max.seconds;
    out.push(
      `ratio: max PI/s / INSERT rows/s = ${fmt(pis / insert.rowsPerSecond, 3)}; ` +
        `engine commits/s at max = ${fmt(pis * max.commitsPerInstance, 0)} vs INSERT commits/s = ${fmt(insert.rowsPerSecond, 0)}`,
    );
  }
  const disturbed = [
    ...results.map((r) => ({ label: r.label, other: r.cpu.other })),
    ...(insert ? [{ label: 'INSERT', other: insert.cpu.other }] : []),
  ].filter((r) => (r.other ?? 0) > 25);
  if (disturbed.length > 0) {
    out.push(
      `WARNING: other processes used CPU during ${disturbed.map((d) => `${d.label} (${percent(d.other)})`).join(', ')}; ` +
        'those figures understate the engine — run again on a quiet machine',
    );
  }
  out.push('');
  out.push('targets (2-core machine, local PostgreSQL):');
  if (max) {
    const pis = max.completed / max.seconds;
    out.push(
      `  max throughput ≥ ${TARGET_MAX_PIS} PI/s: ${fmt(pis)} PI/s  ${pis >= TARGET_MAX_PIS ? 'MET' : 'SHORT'}`,
    );
  }
  if (at500) {
    const p99 = percentile(
      [...at500.latenciesMs].sort((a, b) => a - b),
      99,
    );
    const kept = at500.completed / at500.seconds >= TARGET_P99_RATE * 0.95;
    out.push(
      `  p99 ≤ ${TARGET_P99_MS} ms at ${TARGET_P99_RATE} PI/s offered: ${fmt(p99)} ms  ` +
        `${p99 <= TARGET_P99_MS && kept && at500.errors.size === 0 ? 'MET' : 'SHORT'}` +
        (kept ? '' : ` (completed only ${fmt(at500.completed / at500.seconds)} PI/s)`),
    );
  } else {
    out.push(`  p99 at ${TARGET_P99_RATE} PI/s: not measured (add ${TARGET_P99_RATE} to BENCH_RATES)`);
  }
  out.push('  (for scale: a 3-broker Zeebe cluster publishes about 250 PI/s on this workload)');
  out.push('');
  process.stdout.write(`${out.join('\n')}\n`);
}

function cpuCount(): number {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('processor')).length;
  } catch {
    return NaN;
  }
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const db = await createBenchDatabase('mia_bench');
  log(`database ${db.name}`);
  let engine: EngineProcess | undefined;
  let client: ZeebeClient | undefined;
  const workers: { close: () => unknown }[] = [];
  let counter: CommitCounter | undefined;
  try {
    counter = await CommitCounter.open(db.url, db.name);
    log(`single-row INSERT rate (${INSERT_CONNECTIONS} connections, ${INSERT_SECONDS} s)`);
    const insert = INSERT_SECONDS > 0 ? await insertRate(db.url, counter) : undefined;

    const port = await freePort();
    const nodeArgs: string[] = [];
    if (PROFILE_DIR) {
      const dir = resolve(PROFILE_DIR);
      mkdirSync(dir, { recursive: true });
      nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${dir}`);
      log(`engine CPU profile goes to ${dir} (written when the engine exits on SIGTERM)`);
    }
    engine = await startEngineProcess({ databaseUrl: db.url, port, nodeArgs });
    log(`engine pid ${engine.pid} on ${engine.address}`);
    const cpu = new CpuAccount(engine, counter);

    client = zeebeClient(engine.address, { ZEEBE_GRPC_CLIENT_RETRY: false });
    await client.deployResource({ name: `${PROCESS_ID}.bpmn`, process: Buffer.from(MODEL) });

    const ack = Zeebe.Types.JOB_ACTION_ACKNOWLEDGEMENT;
    let completeErrors = 0;
    const handler = async (job: { complete: () => Promise<typeof ack> }): Promise<typeof ack> => {
      try {
        return await job.complete();
      } catch {
        completeErrors += 1;
        return ack;
      }
    };
    for (let i = 0; i < WORKERS; i += 1) {
      if (WORKER_KIND === 'stream') {
        workers.push(
          await client.streamJobs({
            type: JOB_TYPE,
            worker: `bench-${i}`,
            timeout: 30_000,
            tenantIds: [],
            taskHandler: handler,
          }),
        );
      } else {
        workers.push(
          client.createWorker({
            taskType: JOB_TYPE,
            id: `bench-${i}`,
            maxJobsToActivate: 512,
            timeout: 30_000,
            longPoll: 10_000,
            pollInterval: 1,
            loglevel: 'NONE',
            taskHandler: handler,
          }),
        );
      }
    }

    if (WARMUP_SECONDS > 0) {
      log(`warm-up ${WARMUP_SECONDS} s at 100 PI/s`);
      const warm = new Measurement(client);
      await openLoop(warm, 100, WARMUP_SECONDS);
      await warm.drain();
      if (warm.completed === 0) {
        throw new Error(
          `warm-up completed no instance; errors: ${JSON.stringify([...warm.errors])}\n${engine.output()}`,
        );
      }
    }

    const results: RunResult[] = [];
    for (const rate of RATES) {
      log(`open loop ${rate} PI/s for ${SECONDS} s`);
      results.push(
        await measured(`rate ${rate}`, `${rate}/s`, counter, cpu, (m) => openLoop(m, rate, SECONDS), client),
      );
    }
    if (MAX_SECONDS > 0) {
      log(`closed loop, ${CONCURRENCY} in flight, ${MAX_SECONDS} s`);
      results.push(
        await measured(
          `max (${CONCURRENCY} in flight)`,
          'closed',
          counter,
          cpu,
          (m) => closedLoop(m, CONCURRENCY, MAX_SECONDS),
          client,
        ),
      );
    }
    report(results, insert);
    if (completeErrors > 0) log(`CompleteJob failed ${completeErrors} times`);
  } catch (error) {
    if (engine) log(`engine output:\n${engine.output()}`);
    throw error;
  } finally {
    for (const w of workers) await Promise.resolve(w.close());
    if (client) await client.close(2_000).catch(() => undefined);
    if (engine) await engine.stop(PROFILE_DIR ? 15_000 : 5_000);
    if (counter) await counter.close();
    if (process.env.BENCH_KEEP_DB === '1') log(`kept database ${db.name}`);
    else await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
