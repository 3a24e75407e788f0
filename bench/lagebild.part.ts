/**
 * Benchmark part of the Lagebild (issue 6 § 1): fills a fresh database with a synthetic district (direct
 * SQL inserts through unnest, in batches) and times the real StatisticsService (SQL snapshot + the pure
 * definitions + presentation) for typical requests, cold (after a data change, so the result cache cannot
 * answer) and warm (same request, unchanged data) separately. Prints nothing itself; bench/metrics.bench.ts calls
 * `benchLagebild` and prints the figures. Target: p95 ≤ 300 ms.
 *
 * Alone: `npx tsx bench/lagebild.part.ts` (creates and drops `mia_bench_lagebild_…`; BENCH_PERSONS,
 * default 30000; BENCH_LAGEBILD_RUNS, default 30).
 *
 * Per person: 2–5 status episodes (Ankunftsnachweis → Aufenthaltsgestattung → permit, Duldung with
 * § 60c/§ 60d follow-ups partly as corrections (`supersedes`), § 24 permits, EU-Freizügigkeit,
 * departures) — about 100,000 for 30,000 persons — and about 10 domain events (StatusEpisodeStarted per
 * episode, benefits, SGB II applications, IvAF placements, UMA, DuldungGranted, accommodation and BuT
 * filler), several hundred thousand in all, spread over three years.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { MikroORM } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { addDays, addMonths } from '../src/common/calendar';
import { ormOptions } from '../src/database/orm.options';
import type { ClockService } from '../src/engine/clock.service';
import { ParametersService } from '../src/parameters/parameters.service';
import { LagebildProjection } from '../src/statistics/lagebild.projection';
import { StatisticsRepository } from '../src/statistics/statistics.repository';
import { StatisticsService, type LagebildQuery } from '../src/statistics/statistics.service';

export interface BenchFigure {
  query: string;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const STICHTAG = '2026-10-31';
const START = '2023-11-01';
const DAYS = 3 * 365;
const BATCH = 5_000;

/** a small deterministic PRNG (mulberry32), so runs are comparable */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTRIES: [string, number][] = [
  ['SYR', 30],
  ['UKR', 22],
  ['AFG', 14],
  ['TUR', 8],
  ['IRQ', 6],
  ['RUS', 3],
  ['GEO', 3],
  ['IRN', 3],
  ['ERI', 2],
  ['SOM', 2],
  ['POL', 3],
  ['ROU', 3],
  ['BGR', 1],
  ['VNM', 1],
];
const MUNICIPALITIES: [string, number][] = [
  ['Naumburg (Saale)', 25],
  ['Weißenfels', 24],
  ['Zeitz', 20],
  ['Hohenmölsen', 6],
  ['Lützen', 5],
  ['Teuchern', 5],
  ['Nebra (Unstrut)', 4],
  ['Freyburg (Unstrut)', 4],
  ['Bad Kösen', 4],
  ['Osterfeld', 3],
];

function pick<T>(rand: () => number, weighted: [T, number][]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [v, w] of weighted) {
    r -= w;
    if (r <= 0) return v;
  }
  return weighted[weighted.length - 1][0];
}

export interface Rows {
  persons: unknown[][];
  episodes: unknown[][];
  events: unknown[][];
}

/** the synthetic district: persons, episodes and events as column arrays */
export function synthesise(persons: number, seed = 6): Rows {
  const rand = prng(seed);
  const rows: Rows = { persons: [], episodes: [], events: [] };
  const day = (offset: number): string =>
    addDays(START, Math.max(0, Math.min(DAYS + 60, Math.floor(offset))));
  let n = 0;
  const event = (personId: string, type: string, on: string, payload: object): void => {
    rows.events.push([type, personId, on, JSON.stringify(payload), `bench:${++n}`]);
  };
  const episode = (
    personId: string,
    type: string,
    legalBasis: string | null,
    from: string,
    to: string | null,
    supersedes: string | null = null,
  ): string => {
    const id = randomUUID();
    rows.episodes.push([id, personId, type, legalBasis, from, to, supersedes]);
    event(personId, 'StatusEpisodeStarted', from, { episodeId: id, statusType: type, legalBasis });
    return id;
  };
  for (let i = 0; i < persons; i += 1) {
    const id = randomUUID();
    const nat = pick(rand, COUNTRIES);
    const dual = rand() < 0.03 ? [nat, rand() < 0.5 ? 'DEU' : 'ROU'] : [nat];
    const age = Math.floor(rand() < 0.3 ? rand() * 18 : 18 + rand() * 50);
    const dob = addDays(STICHTAG, -Math.floor(age * 365.25 + rand() * 365));
    const sex = rand() < 0.45 ? 'female' : rand() < 0.98 ? 'male' : 'unknown';
    rows.persons.push([
      id,
      `MIA-B-${String(i).padStart(7, '0')}`,
      `Bench${i}`,
      'Person',
      dob,
      sex,
      JSON.stringify(dual),
      pick(rand, MUNICIPALITIES),
    ]);
    const arrival = rand() * DAYS;
    const a = day(arrival);
    event(id, 'PersonArrived', a, { arrivalDate: a });
    event(id, 'AccommodationAllocated', a, { facilityId: 'GU-1', kind: 'GU', bedIds: ['b'] });
    event(id, 'BenefitStarted', a, { basis: '§3', from: a });
    if (nat === 'POL' || nat === 'ROU' || nat === 'BGR') {
      episode(id, 'EU-Freizügigkeit', null, a, null);
      continue;
    }
    if (nat === 'UKR') {
      episode(id, 'Aufenthaltserlaubnis', '§ 24 AufenthG', a, addMonths(a, 24));
      if (rand() < 0.5) event(id, 'SGB2ApplicationReceived', day(arrival + 20), { on: day(arrival + 20) });
      if (rand() < 0.1)
        event(id, 'IvAFPlacement', day(arrival + 200), {
          type: 'employment subject to social insurance',
          start: day(arrival + 210),
        });
      continue;
    }
    if (age < 18 && rand() < 0.15) {
      event(id, 'UMAProvisionalCustodyStarted', a, { on: a });
      event(id, 'UMACustodyStarted', day(arrival + 30), { on: day(arrival + 30) });
      if (rand() < 0.4)
        event(id, 'UMAEnded', day(arrival + 300), { on: day(arrival + 300), reason: 'of age' });
    }
    episode(id, 'Ankunftsnachweis', '§ 63a AsylG', a, day(arrival + 20));
    const decided = arrival + 21 + rand() * 400;
    episode(id, 'Aufenthaltsgestattung', '§ 55 Abs. 1 AsylG', day(arrival + 21), day(decided));
    if (decided > DAYS) continue;
    const d = day(decided + 1);
    const outcome = rand();
    if (outcome < 0.45) {
      episode(id, 'Aufenthaltserlaubnis', '§ 25 Abs. 2 AufenthG', d, addMonths(d, 36));
      const end = day(decided + 30);
      event(id, 'BenefitEnded', end, { reason: 'recognition', on: end });
      if (rand() < 0.8)
        event(id, 'SGB2ApplicationReceived', day(decided + 20 + rand() * 80), {
          on: day(decided + 20 + rand() * 80),
        });
      if (rand() < 0.15)
        event(id, 'IvAFPlacement', day(decided + 100), {
          type: rand() < 0.7 ? 'employment subject to social insurance' : 'training',
          start: day(decided + 120),
        });
    } else {
      const duldung = episode(
        id,
        rand() < 0.1 ? 'Duldung §60b' : 'Duldung §60a',
        '§ 60a Abs. 2 S. 1 AufenthG',
        d,
        addMonths(d, 6),
      );
      event(id, 'DuldungGranted', d, {
        category: 'ordinary',
        legalBasis: '§ 60a Abs. 2 S. 1 AufenthG',
        validFrom: d,
      });
      const follow = rand();
      const f = day(decided + 60 + rand() * 100);
      if (follow < 0.12) {
        episode(id, 'Duldung §60c', '§ 60c AufenthG', f, addMonths(f, 36), duldung);
        event(id, 'DuldungGranted', f, {
          category: rand() < 0.2 ? 'helper training' : 'vocational training',
          legalBasis: '§ 60c AufenthG',
          validFrom: f,
        });
      } else if (follow < 0.2) {
        episode(id, 'Duldung §60d', '§ 60d AufenthG', f, addMonths(f, 30), duldung);
        event(id, 'DuldungGranted', f, {
          category: 'employment',
          legalBasis: '§ 60d AufenthG',
          validFrom: f,
        });
      } else if (follow < 0.35) {
        const on = day(decided + 200);
        episode(id, 'Ausgereist', '§ 58 AufenthG', on, null);
        event(id, 'VoluntaryDeparture', on, { on });
      }
    }
    event(id, 'ButGranted', day(arrival + 40), {
      items: ['school'],
      onceTotal: 0,
      monthlyTotal: 15,
      on: day(arrival + 40),
    });
  }
  return rows;
}

export async function insert(client: Client, rows: Rows): Promise<void> {
  const columns = <T>(batch: unknown[][], i: number): T[] => batch.map((r) => r[i] as T);
  for (let i = 0; i < rows.persons.length; i += BATCH) {
    const b = rows.persons.slice(i, i + BATCH);
    await client.query(
      `insert into person (id, file_number, family_name, given_names, name_variants, date_of_birth, sex, nationalities,
         vulnerabilities, municipality, created_at, updated_at)
       select id, fn, fam, giv, '[]'::jsonb, dob::date, sex, nat::jsonb, '[]'::jsonb, mun, now(), now()
         from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
           as t(id, fn, fam, giv, dob, sex, nat, mun)`,
      [0, 1, 2, 3, 4, 5, 6, 7].map((c) => columns(b, c)),
    );
  }
  for (let i = 0; i < rows.episodes.length; i += BATCH) {
    const b = rows.episodes.slice(i, i + BATCH);
    await client.query(
      `insert into status_episode (id, person_id, type, legal_basis, valid_from, valid_to, conditions, supersedes, recorded_at)
       select id, pid, type, lb, vf::date, vt::date, '{}'::jsonb, sup, now()
         from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[])
           as t(id, pid, type, lb, vf, vt, sup)`,
      [0, 1, 2, 3, 4, 5, 6].map((c) => columns(b, c)),
    );
  }
  for (let i = 0; i < rows.events.length; i += BATCH) {
    const b = rows.events.slice(i, i + BATCH);
    await client.query(
      `insert into domain_event (type, person_id, occurred_on, payload, idempotency_key, recorded_at)
       select type, pid, on_::date, p::jsonb, k, now()
         from unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[]) as t(type, pid, on_, p, k)`,
      [0, 1, 2, 3, 4].map((c) => columns(b, c)),
    );
  }
  await client.query('analyze person; analyze status_episode; analyze domain_event;');
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

/**
 * Fills the (fresh) database at dbUrl with a synthetic district of `opts.persons` persons (migrations
 * applied first if pending) and times the Lagebild's service calls. Figures in milliseconds.
 */
export async function benchLagebild(
  dbUrl: string,
  opts: { persons: number; runs?: number; log?: (message: string) => void },
): Promise<BenchFigure[]> {
  const log = opts.log ?? (() => undefined);
  // the services' own log lines (e.g. "projection rebuilt") would mix with the printed figures
  Logger.overrideLogger(['error']);
  const runs = Math.max(1, opts.runs ?? Number(process.env.BENCH_LAGEBILD_RUNS ?? 30));
  const orm = await MikroORM.init({ ...ormOptions(dbUrl), logger: () => undefined });
  try {
    await orm.getMigrator().up();
    const rows = synthesise(opts.persons);
    const client = new Client({ connectionString: dbUrl });
    await client.connect();
    try {
      const t0 = performance.now();
      await insert(client, rows);
      log(
        `lagebild: ${rows.persons.length} persons, ${rows.episodes.length} episodes, ${rows.events.length} events inserted in ${Math.round(performance.now() - t0)} ms`,
      );
    } finally {
      await client.end();
    }
    const service = (): StatisticsService => {
      const em = orm.em.fork();
      const repository = new StatisticsRepository(em);
      return new StatisticsService(
        repository,
        new ParametersService(em),
        undefined as unknown as ClockService,
        new LagebildProjection(em, repository),
      );
    };
    const cases: { query: string; run: (s: StatisticsService) => Promise<unknown> }[] = [
      month('lagebild JSON: Stichtag + month', (s, q) => s.lagebild(q)),
      {
        query: 'lagebild JSON: Stichtag + 12-month period',
        run: (s) => s.lagebild({ stichtag: STICHTAG, von: '2025-11-01', bis: STICHTAG }),
      },
      month('lagebild CSV: Stichtag + month', (s, q) => s.csv(q)),
    ];
    // the whole projection built from scratch (first request after installation or after the
    // statistics parameters changed), once
    await orm.em.getConnection().execute(`update lagebild_projection set params_key = null where id = 1`);
    {
      const t = performance.now();
      await cases[0].run(service());
      log(`lagebild: first request, projection built from scratch: ${Math.round(performance.now() - t)} ms`);
    }
    // "cold": real data changes before every call — CHANGED persons move to another municipality and
    // get a new status episode (a Duldung from the Stichtag), so those persons are recomputed; "warm":
    // the same request again on unchanged data
    const ids = rows.persons.map((p) => String(p[0]));
    const changedPerRequest = Number(process.env.BENCH_LAGEBILD_CHANGED ?? 20);
    let changes = 0;
    const change = async (): Promise<void> => {
      const picked = Array.from({ length: changedPerRequest }, () => ids[(changes++ * 7919) % ids.length]);
      await orm.em.getConnection().execute(
        `update person set municipality = 'Bernburg (Saale)', updated_at = now()
          where id in (select value::uuid from json_array_elements_text(?::json))`,
        [JSON.stringify(picked)],
      );
      await orm.em.getConnection().execute(
        `insert into status_episode (id, person_id, type, legal_basis, valid_from, valid_to, conditions, recorded_at)
         select gen_random_uuid(), value::uuid, 'Duldung §60a', '§ 60a Abs. 2 Satz 1 AufenthG', ?::date, null, '{}'::jsonb, now()
           from json_array_elements_text(?::json)`,
        [STICHTAG, JSON.stringify(picked)],
      );
    };
    const figures: BenchFigure[] = [];
    for (const c of cases) {
      for (let i = 0; i < 3; i += 1) {
        await change();
        await c.run(service());
      }
      for (const mode of ['cold', 'warm'] as const) {
        const times: number[] = [];
        const cpu: number[] = [];
        for (let i = 0; i < runs; i += 1) {
          if (mode === 'cold') await change();
          const s = service();
          const t = performance.now();
          const u = process.cpuUsage();
          await c.run(s);
          times.push(performance.now() - t);
          const used = process.cpuUsage(u);
          cpu.push((used.user + used.system) / 1000);
        }
        times.sort((a, b) => a - b);
        cpu.sort((a, b) => a - b);
        const query = `${c.query} (${mode})`;
        // on a loaded machine the wall time says little; the Node CPU time of one call does not depend on the load
        log(
          `lagebild: ${query}: Node CPU per call p50 ${round(quantile(cpu, 0.5))} ms (PostgreSQL time not included)`,
        );
        figures.push({
          query,
          p50: round(quantile(times, 0.5)),
          p95: round(quantile(times, 0.95)),
          p99: round(quantile(times, 0.99)),
          max: round(times[times.length - 1]),
        });
      }
    }
    return figures;
  } finally {
    await orm.close(true);
  }
}

function month(
  query: string,
  run: (s: StatisticsService, q: LagebildQuery) => Promise<unknown>,
): { query: string; run: (s: StatisticsService) => Promise<unknown> } {
  return { query, run: (s) => run(s, { stichtag: STICHTAG, von: '2026-10-01', bis: STICHTAG }) };
}

if (require.main === module) {
  void (async () => {
    const { createBenchDatabase } = await import('./bench-database');
    const db = await createBenchDatabase('mia_bench_lagebild');
    try {
      const persons = Number(process.env.BENCH_PERSONS ?? 30_000);
      const figures = await benchLagebild(db.url, {
        persons,
        log: (m) => process.stderr.write(`[bench] ${m}\n`),
      });
      for (const f of figures) {
        process.stdout.write(
          `${f.query.padEnd(52)} p50 ${f.p50} ms  p95 ${f.p95} ms  p99 ${f.p99} ms  max ${f.max} ms  ${f.p95 <= 300 ? 'OK (≤ 300 ms)' : 'OVER 300 ms'}\n`,
        );
      }
    } finally {
      if (process.env.BENCH_KEEP_DB !== '1') await db.drop();
    }
  })().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
