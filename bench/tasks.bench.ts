/**
 * Benchmark of the caseworker task list (issue 4, section 4): p95 ≤ 50 ms for a filtered page with
 * 100,000 open tasks. Prints figures; asserts nothing.
 *
 *   npm run bench:tasks             (= tsx bench/tasks.bench.ts)
 *
 * What it does, all on 127.0.0.1:
 *  1. creates a fresh database `mia_bench_tasks_…` on BENCH_DATABASE_URL (default the local PostgreSQL)
 *     and runs the committed migrations;
 *  2. inserts BENCH_PERSONS persons and BENCH_TASKS open tasks with plain SQL (batches through unnest):
 *     the user tasks of processes/*.bpmn with their names, forms and candidate groups, spread over the
 *     9 units, with due and follow-up dates around "now" (about a fifth overdue), assignees for about
 *     40 % of them, persons with names and file numbers, and a few process variables; then ANALYZE;
 *  3. calls the real TasksService.list (the query code of src/tasks/tasks.service.ts, on MikroORM) for
 *     typical filtered pages: BENCH_WARMUP calls, then BENCH_RUNS timed calls per query, one after
 *     another (one caseworker clicking);
 *  4. prints p50/p95/p99 per query and whether p95 ≤ 50 ms; BENCH_EXPLAIN=1 also prints the
 *     EXPLAIN (ANALYZE, BUFFERS) of each query's SQL.
 *
 * The timing is of the whole call: building the SQL, the round trip to PostgreSQL, mapping the rows.
 *
 * Environment: BENCH_DATABASE_URL, BENCH_TASKS (100000), BENCH_PERSONS (30000), BENCH_RUNS (200),
 * BENCH_WARMUP (20), BENCH_SEED (4), BENCH_EXPLAIN (1 prints plans), BENCH_KEEP_DB (1 keeps the database).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { MikroORM } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';

import { AGENCY_UNITS, type AgencyUnit } from '../src/agencies/units';
import type { Actor } from '../src/auth/actor';
import { projectRoot } from '../src/config/project-root';
import { ormOptions } from '../src/database/orm.options';
import type { AppConfig } from '../src/config/app.config';
import type { ZeebeService } from '../src/engine/zeebe.service';
import { TasksService, type TaskListQuery } from '../src/tasks/tasks.service';
import { createBenchDatabase } from './bench-database';

// ---------------------------------------------------------------- settings

const num = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
  return Math.floor(value);
};
const TASKS = num('BENCH_TASKS', 100_000);
const PERSONS = Math.max(1, num('BENCH_PERSONS', 30_000));
const RUNS = Math.max(1, num('BENCH_RUNS', 200));
const WARMUP = num('BENCH_WARMUP', 20);
const SEED = num('BENCH_SEED', 4);
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';

const TARGET_P95_MS = 50;
const BATCH = 5_000;
/** share of tasks per unit (candidate group); the Ausländerbehörde and the Leistungsgewährung carry most */
const UNIT_WEIGHTS: Record<AgencyUnit, number> = {
  ABH: 30,
  LG: 20,
  UV: 8,
  INT: 10,
  JC: 5,
  JA: 7,
  BK: 5,
  IVAF: 5,
  BS: 10,
};
/** caseworkers per unit (`sb.<unit>.<n>`; `sb.<unit>` is the demo user and one of them) */
const CASEWORKERS_PER_UNIT = 12;
const ASSIGNED_SHARE = 0.4;
const DAY = 86_400_000;

const log = (message: string): void => {
  process.stderr.write(`[bench] ${message}\n`);
};

/** a small deterministic PRNG (mulberry32), so two runs insert the same data */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// ---------------------------------------------------------------- database

// ---------------------------------------------------------------- data

interface UserTaskSpec {
  bpmnProcessId: string;
  elementId: string;
  name: string;
  formId: string | null;
  /** null: an expression (the unit concerned plus BS) */
  groups: string[] | null;
}

const unescapeXml = (s: string): string =>
  s
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

/** the user tasks of processes/*.bpmn (a regex read is enough for this fixture) */
function userTasks(): UserTaskSpec[] {
  const dir = join(projectRoot(), 'processes');
  const specs: UserTaskSpec[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.bpmn'))) {
    const xml = readFileSync(join(dir, file), 'utf8');
    const processId = /<bpmn:process id="([^"]+)"/.exec(xml)?.[1];
    if (!processId) continue;
    for (const m of xml.matchAll(
      /<bpmn:userTask id="([^"]+)" name="([^"]*)"[^>]*>([\s\S]*?)<\/bpmn:userTask>/g,
    )) {
      const body = m[3];
      const groups = /candidateGroups="([^"]*)"/.exec(body)?.[1];
      specs.push({
        bpmnProcessId: processId,
        elementId: m[1],
        name: unescapeXml(m[2]),
        formId: /formId="([^"]+)"/.exec(body)?.[1] ?? null,
        groups:
          groups === undefined || groups.startsWith('=') ? null : groups.split(',').map((g) => g.trim()),
      });
    }
  }
  return specs;
}

const FAMILY_NAMES = [
  'Ahmadi',
  'Hosseini',
  'Mohammadi',
  'Karimi',
  'Rahimi',
  'Haidari',
  'Nazari',
  'Sultani',
  'Al-Hassan',
  'Al-Ahmad',
  'Ibrahim',
  'Hussein',
  'Mustafa',
  'Khalil',
  'Abdullah',
  'Osman',
  'Yilmaz',
  'Kaya',
  'Demir',
  'Şahin',
  'Çelik',
  'Öztürk',
  'Kovalenko',
  'Shevchenko',
  'Bondarenko',
  'Tkachenko',
  'Melnyk',
  'Petrenko',
  'Ivanova',
  'Smirnov',
  'Tesfaye',
  'Gebremedhin',
  'Haile',
  'Mohamed',
  'Ali',
  'Abdi',
  'Diallo',
  'Bah',
  'Camara',
  'Traoré',
  'Okafor',
  'Mensah',
  'Berisha',
  'Krasniqi',
  'Gashi',
  'Hoxha',
  'Nowak',
  'Kowalski',
  'Popescu',
  'Ionescu',
  'Jafari',
  'Rezaei',
  'Sharifi',
  'Azizi',
  'Wardak',
  'Barakzai',
  'Noori',
  'Qasemi',
];
const GIVEN_NAMES = [
  'Ahmad',
  'Ali',
  'Mohammad',
  'Fatima',
  'Zahra',
  'Maryam',
  'Omar',
  'Yusuf',
  'Aisha',
  'Layla',
  'Hamid',
  'Reza',
  'Sara',
  'Nour',
  'Khaled',
  'Rania',
  'Mehmet',
  'Ayşe',
  'Emine',
  'Mustafa',
  'Olena',
  'Oksana',
  'Iryna',
  'Andrii',
  'Dmytro',
  'Mykola',
  'Tatiana',
  'Natalia',
  'Abel',
  'Selam',
  'Meron',
  'Yonas',
  'Amadou',
  'Mariama',
  'Fatoumata',
  'Ibrahima',
  'Chinedu',
  'Kwame',
  'Arben',
  'Drita',
  'Besnik',
  'Elira',
  'Anna',
  'Piotr',
  'Elena',
  'Andrei',
  'Hassan',
  'Samira',
  'Farid',
  'Nadia',
  'Karim',
  'Leila',
];
const NATIONALITIES = ['AFG', 'SYR', 'IRQ', 'IRN', 'TUR', 'UKR', 'ERI', 'SOM', 'GIN', 'NGA', 'XKX', 'GEO'];
const MUNICIPALITIES = ['Neustadt', 'Altdorf', 'Bergheim', 'Talhausen', 'Seefeld', 'Waldkirch', 'Lindenau'];
const CHANNELS = ['letter', 'email', 'online', 'counter', 'phone'];
const PRIORITIES = ['normal', 'normal', 'normal', 'normal', 'hoch', 'eilig'];

/** other spellings of a name, as transliterations produce them */
function variantsOf(name: string): string[] {
  const out = new Set<string>();
  const swaps: [RegExp, string][] = [
    [/Mohammad/g, 'Mohammed'],
    [/Mohammadi/g, 'Muhammadi'],
    [/Hosseini/g, 'Husseini'],
    [/ou/g, 'u'],
    [/sh/gi, 'sch'],
    [/ş/g, 's'],
    [/ç/g, 'c'],
    [/ö/g, 'oe'],
    [/é/g, 'e'],
  ];
  for (const [from, to] of swaps) {
    const v = name.replace(from, to);
    if (v !== name) out.add(v);
  }
  return [...out];
}

interface Seeded {
  now: Date;
  /** a family name that occurs, for the person filter */
  familyName: string;
  fileNumber: string;
  assigneeOf: Record<AgencyUnit, string>;
}

async function seed(url: string, now: Date): Promise<Seeded> {
  const random = prng(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // persons
    const personIds: string[] = [];
    const fileNumbers: string[] = [];
    let started = performance.now();
    for (let offset = 0; offset < PERSONS; offset += BATCH) {
      const n = Math.min(BATCH, PERSONS - offset);
      const cols = {
        id: [] as string[],
        file: [] as string[],
        family: [] as string[],
        given: [] as string[],
        variants: [] as string[],
        dob: [] as string[],
        sex: [] as string[],
        nat: [] as string[],
        municipality: [] as string[],
        created: [] as string[],
      };
      for (let i = 0; i < n; i += 1) {
        const id = randomUUID();
        const family = pick(FAMILY_NAMES);
        const given = `${pick(GIVEN_NAMES)}${random() < 0.3 ? ` ${pick(GIVEN_NAMES)}` : ''}`;
        const file = `MIA-${2020 + Math.floor(random() * 7)}-${String(offset + i + 1).padStart(6, '0')}`;
        personIds.push(id);
        fileNumbers.push(file);
        cols.id.push(id);
        cols.file.push(file);
        cols.family.push(family);
        cols.given.push(given);
        cols.variants.push(JSON.stringify(variantsOf(`${given} ${family}`)));
        cols.dob.push(
          new Date(Date.UTC(1960 + Math.floor(random() * 60), 0, 1) + random() * 365 * DAY)
            .toISOString()
            .slice(0, 10),
        );
        cols.sex.push(pick(['female', 'male', 'male', 'diverse', 'unknown']));
        cols.nat.push(JSON.stringify([pick(NATIONALITIES)]));
        cols.municipality.push(pick(MUNICIPALITIES));
        cols.created.push(new Date(now.getTime() - random() * 900 * DAY).toISOString());
      }
      await client.query(
        `insert into person (id, file_number, family_name, given_names, name_variants, date_of_birth, sex,
                             nationalities, vulnerabilities, municipality, created_at, updated_at)
         select id, file, family, given, variants::jsonb, dob::date, sex, nat::jsonb, '[]'::jsonb, municipality,
                created::timestamptz, created::timestamptz
           from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                       $8::text[], $9::text[], $10::text[])
             as u(id, file, family, given, variants, dob, sex, nat, municipality, created)`,
        [
          cols.id,
          cols.file,
          cols.family,
          cols.given,
          cols.variants,
          cols.dob,
          cols.sex,
          cols.nat,
          cols.municipality,
          cols.created,
        ],
      );
    }
    log(
      `${PERSONS.toLocaleString('en-US')} persons in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    // tasks
    const specs = userTasks();
    const byUnit = new Map<AgencyUnit, UserTaskSpec[]>();
    const expressionTasks = specs.filter((s) => s.groups === null);
    for (const s of specs) {
      for (const g of s.groups ?? []) {
        const list = byUnit.get(g as AgencyUnit) ?? [];
        list.push(s);
        byUnit.set(g as AgencyUnit, list);
      }
    }
    const units = Object.keys(AGENCY_UNITS) as AgencyUnit[];
    const totalWeight = units.reduce((sum, u) => sum + UNIT_WEIGHTS[u], 0);
    const pickUnit = (): AgencyUnit => {
      let r = random() * totalWeight;
      for (const u of units) {
        r -= UNIT_WEIGHTS[u];
        if (r < 0) return u;
      }
      return units[units.length - 1];
    };
    const caseworkers = (u: AgencyUnit): string[] =>
      Array.from({ length: CASEWORKERS_PER_UNIT }, (_, i) =>
        i === 0 ? `sb.${u.toLowerCase()}` : `sb.${u.toLowerCase()}.${String(i + 1).padStart(2, '0')}`,
      );
    const personOfInstance = new Map<number, number>();
    let jobKey = 2_251_799_813_685_248; // Zeebe's key space of partition 1
    started = performance.now();
    for (let offset = 0; offset < TASKS; offset += BATCH) {
      const n = Math.min(BATCH, TASKS - offset);
      const c = {
        id: [] as string[],
        job: [] as string[],
        pi: [] as string[],
        ei: [] as string[],
        process: [] as string[],
        version: [] as number[],
        element: [] as string[],
        name: [] as string[],
        groups: [] as string[],
        assignee: [] as (string | null)[],
        due: [] as (string | null)[],
        followUp: [] as (string | null)[],
        form: [] as (string | null)[],
        variables: [] as string[],
        person: [] as string[],
        caseId: [] as string[],
        created: [] as string[],
        claimed: [] as (string | null)[],
        deadline: [] as string[],
      };
      for (let i = 0; i < n; i += 1) {
        const unit = pickUnit();
        const candidates = byUnit.get(unit) ?? [];
        // complaint tasks whose groups are an expression: the unit concerned plus BS
        const spec =
          unit === 'BS' && expressionTasks.length > 0 && random() < 0.3
            ? pick(expressionTasks)
            : candidates.length > 0
              ? pick(candidates)
              : pick(specs);
        const groups =
          spec.groups ?? (random() < 0.5 ? ['BS'] : [pick(units.filter((u) => u !== 'BS')), 'BS']);
        const instance = Math.floor(random() * TASKS * 0.8);
        const personIndex = personOfInstance.get(instance) ?? Math.floor(random() * personIds.length);
        personOfInstance.set(instance, personIndex);
        const created = now.getTime() - random() * 120 * DAY;
        const due = random() < 0.85 ? now.getTime() + (random() * 150 - 30) * DAY : null;
        const followUp = random() < 0.25 ? now.getTime() + (random() * 90 - 10) * DAY : null;
        const assigned = random() < ASSIGNED_SHARE ? pick(caseworkers(groups[0] as AgencyUnit)) : null;
        jobKey += 1 + Math.floor(random() * 20);
        c.id.push(randomUUID());
        c.job.push(String(jobKey));
        c.pi.push(String(2_251_799_813_000_000 + instance));
        c.ei.push(String(jobKey - 1));
        c.process.push(spec.bpmnProcessId);
        c.version.push(1 + Math.floor(random() * 3));
        c.element.push(spec.elementId);
        c.name.push(spec.name);
        c.groups.push(groups.join(','));
        c.assignee.push(assigned);
        c.due.push(due === null ? null : new Date(due).toISOString());
        c.followUp.push(followUp === null ? null : new Date(followUp).toISOString());
        c.form.push(spec.formId);
        c.variables.push(
          JSON.stringify({
            personId: personIds[personIndex],
            caseId: fileNumbers[personIndex],
            channel: pick(CHANNELS),
            priority: pick(PRIORITIES),
            municipality: pick(MUNICIPALITIES),
            interpreterNeeded: random() < 0.4,
            ...(due === null ? {} : { dueAt: new Date(due).toISOString() }),
          }),
        );
        c.person.push(personIds[personIndex]);
        c.caseId.push(fileNumbers[personIndex]);
        c.created.push(new Date(created).toISOString());
        c.claimed.push(
          assigned ? new Date(created + random() * (now.getTime() - created)).toISOString() : null,
        );
        c.deadline.push(new Date(now.getTime() + random() * 7 * DAY).toISOString());
      }
      await client.query(
        `insert into task (id, job_key, process_instance_key, element_instance_key, bpmn_process_id,
                           process_version, element_id, name, candidate_groups, assignee, due_date,
                           follow_up_date, form_id, variables, person_id, case_id, state, created_at, claimed_at,
                           job_deadline)
         select id, job, pi, ei, process, version, element, name, string_to_array(groups, ','), assignee,
                due::timestamptz, follow_up::timestamptz, form, variables::jsonb, person, case_id, 'open',
                created::timestamptz, claimed::timestamptz, deadline::timestamptz
           from unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[], $6::int[], $7::text[],
                       $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[],
                       $15::uuid[], $16::text[], $17::text[], $18::text[], $19::text[])
             as u(id, job, pi, ei, process, version, element, name, groups, assignee, due, follow_up, form,
                  variables, person, case_id, created, claimed, deadline)`,
        [
          c.id,
          c.job,
          c.pi,
          c.ei,
          c.process,
          c.version,
          c.element,
          c.name,
          c.groups,
          c.assignee,
          c.due,
          c.followUp,
          c.form,
          c.variables,
          c.person,
          c.caseId,
          c.created,
          c.claimed,
          c.deadline,
        ],
      );
    }
    log(`${TASKS.toLocaleString('en-US')} tasks in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    started = performance.now();
    await client.query('vacuum analyze person');
    await client.query('vacuum analyze task');
    log(`vacuum analyze in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const familyName = (
      await client.query<{ family_name: string }>(
        `select family_name from person order by file_number limit 1 offset 17`,
      )
    ).rows[0].family_name;
    const assigneeOf = Object.fromEntries(units.map((u) => [u, `sb.${u.toLowerCase()}`])) as Record<
      AgencyUnit,
      string
    >;
    const fileNumber = (
      await client.query<{ case_id: string }>(
        `select case_id from task where candidate_groups @> '{ABH}' order by job_key limit 1 offset 1000`,
      )
    ).rows[0].case_id;
    return { now, familyName, fileNumber, assigneeOf };
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------- queries

const actor = (username: string, units: AgencyUnit[], roles: Actor['roles'] = ['caseworker']): Actor => ({
  id: randomUUID(),
  username,
  displayName: username,
  roles,
  units,
});

interface BenchQuery {
  label: string;
  actor: Actor;
  query: TaskListQuery;
}

function queries(seeded: Seeded): BenchQuery[] {
  const abh = actor('sb.abh', ['ABH']);
  const lg = actor('sb.lg', ['LG']);
  const bs = actor('sb.bs', ['BS']);
  const lead = actor('tl.abh', ['ABH'], ['team-lead', 'caseworker']);
  const quality = actor('qs.mia', Object.keys(AGENCY_UNITS) as AgencyUnit[], ['quality']);
  const day = (d: number): Date => new Date(seeded.now.getTime() + d * DAY);
  return [
    { label: 'unit ABH, due date, page 1', actor: abh, query: { view: 'unit', sort: 'dueDate' } },
    { label: 'unit ABH, due date, page 50', actor: abh, query: { view: 'unit', sort: 'dueDate', page: 50 } },
    {
      label: 'unit LG, created desc, page 1',
      actor: lg,
      query: { view: 'unit', sort: 'createdAt', order: 'desc' },
    },
    { label: 'overdue ABH', actor: abh, query: { view: 'overdue' } },
    { label: `person "${seeded.familyName}" (ABH)`, actor: abh, query: { person: seeded.familyName } },
    { label: 'person file number (ABH)', actor: abh, query: { person: seeded.fileNumber } },
    {
      label: 'process + due range 14 d (all units)',
      actor: quality,
      query: { bpmnProcessId: 'training-toleration', dueFrom: day(0), dueTo: day(14) },
    },
    {
      label: 'variable priority=eilig (BS)',
      actor: bs,
      query: { variables: { priority: 'eilig' } },
    },
    {
      label: 'variables channel+municipality (ABH)',
      actor: abh,
      query: { variables: { channel: 'letter', municipality: 'Neustadt' } },
    },
    { label: 'mine (sb.abh)', actor: abh, query: { view: 'mine' } },
    { label: 'assignee filter (team lead ABH)', actor: lead, query: { assignee: seeded.assigneeOf.ABH } },
    { label: 'all units, due date (quality)', actor: quality, query: { view: 'all', sort: 'dueDate' } },
    { label: 'unit filter JA (quality)', actor: quality, query: { unit: 'JA', sort: 'followUpDate' } },
  ];
}

// ---------------------------------------------------------------- output

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

const fmt = (value: number, digits = 1): string =>
  Number.isNaN(value)
    ? '–'
    : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

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

// ---------------------------------------------------------------- main

type Execute = (sql: string, params?: unknown[], method?: string) => Promise<unknown>;

async function main(): Promise<void> {
  Logger.overrideLogger(['log', 'warn', 'error']);
  const db = await createBenchDatabase('mia_bench_tasks');
  log(`database ${db.name}`);
  let orm: MikroORM | undefined;
  try {
    orm = await MikroORM.init(ormOptions(db.url));
    const applied = await orm.getMigrator().up();
    log(`${applied.length} migrations applied`);
    const now = new Date();
    const seeded = await seed(db.url, now);

    // the list never calls the engine
    const service = new TasksService(
      orm,
      undefined as unknown as ZeebeService,
      undefined as unknown as AppConfig,
    );

    // record the SQL of each list call (for BENCH_EXPLAIN); the connection is shared by all forks
    const connection = orm.em.getConnection() as unknown as { execute: Execute };
    const original = connection.execute.bind(connection);
    let recorded: { sql: string; params: unknown[] }[] = [];
    connection.execute = (sql, params = [], method) => {
      recorded.push({ sql, params });
      return original(sql, params, method);
    };

    const rows: string[][] = [
      ['query', 'total', 'items', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'p95 ≤ 50'],
    ];
    let misses = 0;
    for (const q of queries(seeded)) {
      for (let i = 0; i < WARMUP; i += 1) await service.list(q.actor, q.query, seeded.now);
      const times: number[] = [];
      recorded = [];
      let result = await service.list(q.actor, q.query, seeded.now);
      const statements = [...recorded];
      for (let i = 0; i < RUNS; i += 1) {
        const t0 = performance.now();
        result = await service.list(q.actor, q.query, seeded.now);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const p95 = percentile(times, 95);
      if (p95 > TARGET_P95_MS) misses += 1;
      rows.push([
        q.label,
        result.total.toLocaleString('en-US'),
        String(result.items.length),
        fmt(percentile(times, 50)),
        fmt(p95),
        fmt(percentile(times, 99)),
        fmt(times[times.length - 1]),
        p95 <= TARGET_P95_MS ? 'yes' : 'NO',
      ]);
      log(`${q.label}: p95 ${fmt(p95)} ms`);
      for (const statement of EXPLAIN ? statements : []) {
        const plan = (await original(
          `explain (analyze, buffers) ${statement.sql}`,
          statement.params,
          'all',
        )) as {
          'QUERY PLAN': string;
        }[];
        process.stdout.write(`\n-- ${q.label}\n${plan.map((r) => r['QUERY PLAN']).join('\n')}\n`);
      }
    }

    process.stdout.write(
      `\nTask list (TasksService.list), ${TASKS.toLocaleString('en-US')} open tasks, ` +
        `${PERSONS.toLocaleString('en-US')} persons, ${WARMUP} warm-up + ${RUNS} timed calls per query, ` +
        `page size 25\n\n${table(rows)}\n\n` +
        `target p95 ≤ ${TARGET_P95_MS} ms: ${misses === 0 ? 'met by every query' : `missed by ${misses} queries`}\n`,
    );
  } finally {
    await orm?.close(true);
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
