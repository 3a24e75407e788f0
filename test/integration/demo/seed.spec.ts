/**
 * `npm run seed:demo` on a small scale: the whole platform on a fresh test database with the embedded
 * engine; three simulated months ending today, run through the real models. Checks what a quality
 * user would: persons with the distribution's nationalities, instances of every driven process that
 * reached their end events in the engine's event log, status episodes and domain events, tasks claimed
 * and completed inside the simulated period by the demo caseworkers, the engine clock back at real
 * time; and that the same seed gives the same persons.
 */
import type { INestApplication } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { addMonths, berlinDate } from '../../../src/common/calendar';
import { ZeebeService } from '../../../src/engine/zeebe.service';
import { runDemoSeed, type DemoSeedSummary } from '../../../src/demo/seed/demo-seed';
import { loadDistributions } from '../../../src/demo/seed/population';
import { planPopulation } from '../../../src/demo/seed/demo-seed';
import { createTestApp } from '../../utils/app';
import { createTestDatabase, type TestDatabase } from '../../utils/database';

const SEED_ENV = {
  TASK_COLLECTOR: 'false',
  TASK_JOB_TIMEOUT_MS: String(5 * 365 * 24 * 3_600_000),
  DEMO_DATA: 'true',
};
const OPTIONS = { persons: 40, instances: 150, seed: 7, months: 3, concurrency: 4 };

interface Seeded {
  db: TestDatabase;
  app: INestApplication;
  summary: DemoSeedSummary;
  lines: string[];
}

async function seeded(): Promise<Seeded> {
  const db = await createTestDatabase('mia_test_seed');
  const app = await createTestApp({ databaseUrl: db.url, env: SEED_ENV });
  const lines: string[] = [];
  const summary = await runDemoSeed(app, OPTIONS, (line) => lines.push(line));
  return { db, app, summary, lines };
}

async function personsOf(app: INestApplication): Promise<string[]> {
  const em = app.get(MikroORM).em as EntityManager;
  const rows = await em.getConnection().execute<{ p: string }[]>(
    `select family_name || '|' || given_names || '|' || coalesce(date_of_birth::text, '') || '|' || coalesce(nationalities->>0, '') as p
         from person order by 1`,
  );
  return rows.map((r) => r.p);
}

describe('npm run seed:demo (small: 40 persons, ~150 instances, 3 months)', () => {
  let first: Seeded;
  let sql: <T>(query: string, params?: unknown[]) => Promise<T[]>;

  beforeAll(async () => {
    first = await seeded();
    const em = first.app.get(MikroORM).em as EntityManager;
    sql = <T>(query: string, params: unknown[] = []) => em.getConnection().execute<T[]>(query, params);
  }, 900_000);

  afterAll(async () => {
    await first?.app.close();
    await first?.db.drop();
  }, 60_000);

  it('creates about the requested persons, with nationalities and places of the distribution file', async () => {
    const d = loadDistributions();
    const known = new Set([...Object.keys(d.arrivalNationalities), ...Object.keys(d.stockNationalities)]);
    const rows = await sql<{ nationalities: string[]; municipality: string | null }>(
      `select nationalities, municipality from person`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(35);
    expect(rows.length).toBeLessThanOrEqual(50);
    for (const r of rows) for (const n of r.nationalities) expect(known).toContain(n);
    const places = new Set(Object.keys(d.municipalities));
    const withPlace = rows.filter((r) => r.municipality);
    expect(withPlace.length).toBeGreaterThan(0);
    for (const r of withPlace) expect(places).toContain(r.municipality);
  });

  it('runs instances of the driven processes to their end events in the engine (event log)', async () => {
    const ended = await sql<{ bpmn_process_id: string; n: string }>(
      `select bpmn_process_id, count(*) as n from engine.event_log
        where element_type = 'PROCESS' and intent = 'ELEMENT_COMPLETED' group by 1`,
    );
    const endedBy = Object.fromEntries(ended.map((r) => [r.bpmn_process_id, Number(r.n)]));
    for (const process of ['asylblg-but-krankenhilfe', 'complaint-management']) {
      expect({ process, ended: endedBy[process] ?? 0 }).toEqual({ process, ended: expect.any(Number) });
      expect(endedBy[process]).toBeGreaterThan(0);
    }
    const started = await sql<{ bpmn_process_id: string }>(
      `select distinct bpmn_process_id from engine.process_instance`,
    );
    expect(started.map((r) => r.bpmn_process_id)).toEqual(
      expect.arrayContaining([
        'arrival-reception',
        'asylblg-benefits',
        'asylblg-but-krankenhilfe',
        'complaint-management',
      ]),
    );
    expect(first.summary.instancesTotal).toBeGreaterThanOrEqual(60);
    expect(first.summary.taskProblems).toEqual({});
  });

  it('spreads instances over the simulated period and records status episodes and domain events', async () => {
    const today = berlinDate(new Date());
    const from = addMonths(today, -3);
    const [span] = await sql<{ first: string; last: string }>(
      `select to_char(to_timestamp(min(created_at) / 1000) at time zone 'Europe/Berlin', 'YYYY-MM-DD') as first,
              to_char(to_timestamp(max(created_at) / 1000) at time zone 'Europe/Berlin', 'YYYY-MM-DD') as last
         from engine.process_instance`,
    );
    expect(span.first >= from).toBe(true);
    expect(span.first < addMonths(from, 1)).toBe(true);
    expect(span.last > addMonths(today, -1)).toBe(true);
    const episodes = await sql<{ type: string; n: string }>(
      `select type, count(*) as n from status_episode group by 1`,
    );
    expect(episodes.map((e) => e.type)).toEqual(expect.arrayContaining(['Aufenthaltsgestattung']));
    const events = await sql<{ type: string; first: string }>(
      `select type, min(occurred_on)::text as first from domain_event group by 1`,
    );
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'PersonArrived',
        'StatusEpisodeStarted',
        'BenefitStarted',
        'ComplaintReceived',
      ]),
    );
    const arrived = events.find((e) => e.type === 'PersonArrived');
    expect(arrived!.first >= from).toBe(true);
    expect(events.some((e) => e.first < addMonths(today, -1))).toBe(true);
  });

  it('has tasks claimed and completed by the demo caseworkers of the right unit, at times inside the simulated period', async () => {
    const today = berlinDate(new Date());
    const from = new Date(`${addMonths(today, -3)}T00:00:00Z`).getTime();
    const rows = await sql<{
      assignee: string;
      candidate_groups: string[];
      created_at: Date;
      claimed_at: Date;
      completed_at: Date;
    }>(
      `select assignee, candidate_groups, created_at, claimed_at, completed_at from task where state = 'completed'`,
    );
    expect(rows.length).toBeGreaterThan(50);
    for (const r of rows) {
      expect(r.assignee).toBe(`sb.${r.candidate_groups[0].toLowerCase()}`);
      const created = new Date(r.created_at).getTime();
      const claimed = new Date(r.claimed_at).getTime();
      const completed = new Date(r.completed_at).getTime();
      expect(created).toBeGreaterThanOrEqual(from);
      expect(claimed).toBeGreaterThanOrEqual(created);
      expect(completed).toBeGreaterThan(claimed);
      expect(completed).toBeLessThanOrEqual(Date.now() + 60_000);
    }
    // waiting times of days, working times of minutes: the engine clock, not the wall clock
    const waitingHours = rows.map(
      (r) => (new Date(r.claimed_at).getTime() - new Date(r.created_at).getTime()) / 3_600_000,
    );
    expect(Math.max(...waitingHours)).toBeGreaterThan(24);
    const early = rows.filter((r) => new Date(r.completed_at).getTime() < Date.now() - 30 * 24 * 3_600_000);
    expect(early.length).toBeGreaterThan(10);
  });

  it('puts the engine clock back at real time', async () => {
    const engine = first.app.get(ZeebeService).embeddedEngine;
    const now = (await engine!.clock.now()).getTime();
    expect(Math.abs(now - Date.now())).toBeLessThan(5_000);
    expect(first.lines[0]).toMatch(/^Simulation /);
    // progress lines carry counts and dates, no names
    const names = (await personsOf(first.app)).map((p) => p.split('|')[0]);
    for (const name of names) expect(first.lines.join('\n').split(/[\s,:()]+/)).not.toContain(name);
  });

  it('refuses a database that already holds persons', async () => {
    await expect(runDemoSeed(first.app, OPTIONS, () => undefined)).rejects.toThrow(/bereits Personen/);
  });

  it("gives the same persons for the same seed: the persons in the database are the seed's planned population", async () => {
    const today = berlinDate(new Date());
    const key = (p: {
      familyName: string;
      givenNames: string;
      dateOfBirth: string;
      nationalities: string[];
    }) => `${p.familyName}|${p.givenNames}|${p.dateOfBirth}|${p.nationalities[0]}`;
    const plan = planPopulation(OPTIONS, today);
    expect(planPopulation(OPTIONS, today)).toEqual(plan);
    expect(planPopulation({ ...OPTIONS, seed: OPTIONS.seed + 1 }, today).stock.map(key)).not.toEqual(
      plan.stock.map(key),
    );
    const inDatabase = await personsOf(first.app);
    const planned = [...plan.stock, ...[...plan.arrivals.values()].flat().flatMap((h) => h.persons)].map(key);
    for (const p of inDatabase) expect(planned).toContain(p);
    // every planned person was created, except households assigned later today than the run ended
    const earlier = [
      ...plan.stock,
      ...[...plan.arrivals.entries()]
        .filter(([day]) => day < today)
        .flatMap(([, hs]) => hs.flatMap((h) => h.persons)),
    ].map(key);
    for (const p of earlier) expect(inDatabase).toContain(p);
    expect(inDatabase.length).toBeGreaterThanOrEqual(earlier.length);
  });
});
