import { MikroORM, RequestContext, type EntityManager } from '@mikro-orm/postgresql';
import type { INestApplicationContext } from '@nestjs/common';
import { AccommodationService } from '../../agencies/accommodation/accommodation.service';
import { AGENCY_UNITS } from '../../agencies/units';
import type { Actor } from '../../auth/actor';
import { demoUsers, DemoUsersService } from '../../auth/demo-users.service';
import { CasesService, type StatusType } from '../../cases';
import { addDays, addMonths, berlinDate, berlinMidnight, isWorkingDay } from '../../common/calendar';
import { AppConfig } from '../../config/app.config';
import { toVariables } from '../../engine/job-variables';
import { ZeebeService } from '../../engine/zeebe.service';
import type { EmbeddedEngine } from '../../engine/embedded';
import { FormInvalidError, TaskCollector, TasksService, TaskCancelledError } from '../../tasks';
import { caseworkerFormData } from './caseworker';
import {
  loadDistributions,
  PopulationGenerator,
  Random,
  type Distributions,
  type SyntheticHousehold,
} from './population';

/**
 * `npm run seed:demo`: a synthetic population run through the real models. A discrete-event
 * simulation on the embedded engine's clock: the clock is set back to the start of the period and
 * moved forward step by step; at each step the simulation publishes the Zuweisungen and outside
 * messages that are due (BAMF decisions, arrival, departure, …), starts the processes that are due,
 * and lets the demo caseworkers of each unit claim and complete their tasks through TasksService after
 * a waiting and a working time. Job workers, timers, status episodes, domain events and documents are
 * the platform's own. At the end the clock is back at real time.
 */
export interface DemoSeedOptions {
  /** about this many persons (stock in the district + arrivals in the period) */
  persons: number;
  /** about this many process instances (all processes, called ones included) */
  instances: number;
  seed: number;
  /** length of the simulated period in months, ending today (default 24) */
  months?: number;
  /** actions run at once (default 16) */
  concurrency?: number;
}

export interface DemoSeedSummary {
  period: { from: string; to: string };
  persons: number;
  households: number;
  instances: Record<string, number>;
  instancesTotal: number;
  endEvents: Record<string, number>;
  tasksCompleted: number;
  tasksOpen: number;
  statusEpisodes: number;
  domainEvents: number;
  documents: number;
  incidents: Record<string, number>;
  /** tasks the simulated caseworkers could not complete (form refused, no answer known), by element */
  taskProblems: Record<string, number>;
  seconds: number;
  instancesPerSecond: number;
}

/** refused to run (database not empty, collector running, no embedded engine) */
export class DemoSeedRefusedError extends Error {}

const USER_TASK = 'io.camunda.zeebe:userTask';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** the working day of the simulated caseworkers (Berlin time) */
const WORK_START_H = 8;
const WORK_END_H = 16;
/** one step of the simulation: the workers catch up and new tasks are collected after each */
const STEP_MS = 180 * 60_000;
/** actions within this window run at once, at one clock position */
const SUB_MS = 10 * 60_000;

/** waiting time (working hours from creation to claim) by unit: [min, median, max] */
const WAITING_H: Record<string, [number, number, number]> = {
  ABH: [0.5, 14, 120],
  LG: [0.5, 10, 80],
  UV: [0.2, 2, 8],
  INT: [1, 20, 120],
  BK: [1, 20, 120],
  IVAF: [1, 28, 160],
  JC: [1, 14, 80],
  JA: [0.2, 3, 12],
  BS: [0.5, 8, 40],
};
/** tasks before the household's arrival: done within hours */
const URGENT = new Set([
  'Task_AzrAuskunftErfassen',
  'Task_UnterbringungBestaetigen',
  'Task_KapazitaetSchaffen',
]);

const LANGUAGE_OF = (d: Distributions, code: string | undefined): string | undefined =>
  code ? d.languageNames[code] : undefined;

interface HouseholdState {
  reference: string;
  synthetic: SyntheticHousehold;
  arrivalDate: string;
  notArriving: boolean;
  caseId?: string;
  applicantId?: string;
  members?: { personId: string; fileNumber: string; role: string; index: number }[];
  benefits: boolean;
  decided: boolean;
}

interface StockPerson {
  personId: string;
  fileNumber: string;
  status: string;
  entryDate: string;
  statusSince: string;
}

type Action =
  | { kind: 'zuweisung'; household: HouseholdState }
  | { kind: 'publish'; name: string; key: string; variables: Record<string, unknown>; ttlMs: number }
  | { kind: 'bamf'; household: HouseholdState }
  | { kind: 'return'; household: HouseholdState }
  | {
      kind: 'start';
      bpmnProcessId: string;
      personId?: string;
      caseId?: string;
      variables: Record<string, unknown>;
      plan?: Record<string, unknown>;
    }
  | { kind: 'claim'; taskId: string }
  | { kind: 'complete'; taskId: string };

interface Scheduled {
  at: number;
  seq: number;
  action: Action;
}

/** a binary min-heap by (at, seq): the simulation's agenda */
class Agenda {
  private heap: Scheduled[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(at: number, action: Action): void {
    const item = { at, seq: this.seq++, action };
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.less(h[p], h[i])) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }

  peek(): Scheduled | undefined {
    return this.heap[0];
  }

  pop(): Scheduled | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop() as Scheduled;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }

  private less(a: Scheduled, b: Scheduled): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
}

/** runs `fn` over `items` with at most `limit` at once */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  });
  await Promise.all(runners);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** the instant at `hours` after Berlin midnight of `date` */
function at(date: string, hours: number): number {
  return berlinMidnight(date).getTime() + hours * HOUR;
}

/** the instant `hours` working hours after `from` (Mon–Fri without Saxony-Anhalt holidays, 8–16 h) */
export function addWorkingHours(from: number, hours: number): number {
  let t = from;
  let left = hours * HOUR;
  for (let guard = 0; guard < 2000; guard++) {
    const date = berlinDate(new Date(t));
    const start = at(date, WORK_START_H);
    const end = at(date, WORK_END_H);
    if (!isWorkingDay(date) || t >= end) {
      t = at(addDays(date, 1), WORK_START_H);
      continue;
    }
    if (t < start) t = start;
    if (t + left <= end) return t + left;
    left -= end - t;
    t = at(addDays(date, 1), WORK_START_H);
  }
  return t;
}

export async function runDemoSeed(
  app: INestApplicationContext,
  options: DemoSeedOptions,
  report: (line: string) => void,
): Promise<DemoSeedSummary> {
  const wallStart = Date.now();
  const config = app.get(AppConfig);
  const orm = app.get(MikroORM);
  const zeebeService = app.get(ZeebeService);
  const engine: EmbeddedEngine | undefined = zeebeService.embeddedEngine;
  if (!engine) {
    throw new DemoSeedRefusedError(
      'Die Demodaten brauchen die eingebettete Engine (ZEEBE_ADDRESS nicht setzen): nur ihre Uhr lässt sich verstellen.',
    );
  }
  if (config.TASK_COLLECTOR) {
    throw new DemoSeedRefusedError(
      'Die Demodaten laufen mit TASK_COLLECTOR=false (die Simulation sammelt die Aufgaben selbst).',
    );
  }
  const zeebe = zeebeService.client;
  const tasks = app.get(TasksService);
  const collector = app.get(TaskCollector);
  const conn = (orm.em as EntityManager).getConnection();
  const inContext = <T>(fn: (em: EntityManager) => Promise<T>): Promise<T> => {
    const em = orm.em.fork() as EntityManager;
    return RequestContext.create(em, () => fn(em));
  };
  const cases = (): CasesService => app.get(CasesService, { strict: false });

  const [{ n: existing }] = await conn.execute<{ n: string }[]>(
    `select (select count(*) from person) + (select count(*) from engine.process_instance) as n`,
  );
  if (Number(existing) > 0) {
    throw new DemoSeedRefusedError(
      'Die Datenbank enthält bereits Personen oder Vorgänge; die Demodaten werden nur in eine leere Datenbank geladen ' +
        '(eingebettete Datenbank: Verzeichnis .data/postgres entfernen, oder eine neue DATABASE_URL angeben).',
    );
  }

  const d = loadDistributions();
  const master = new Random(options.seed);
  master.fork(1); // the population's stream (planPopulation)
  const flowRng = master.fork(2);
  const taskRng = master.fork(3);
  // independent streams: the population does not depend on how the simulation runs
  const arrivalRng = master.fork(4);
  const complaintRng = master.fork(5);
  const complainants = new PopulationGenerator(d, complaintRng);
  const stockRng = master.fork(6);
  const months = options.months ?? 24;
  const concurrency = options.concurrency ?? 16;

  // ---- the demo users (caseworker per unit) act in the simulation
  await app.get(DemoUsersService).ensure();
  const userIds = new Map(
    (await conn.execute<{ id: string; username: string }[]>(`select id, username from app_user`)).map((u) => [
      u.username,
      u.id,
    ]),
  );
  const caseworkers = new Map<string, Actor>();
  for (const u of demoUsers()) {
    if (u.roles.length === 1 && u.roles[0] === 'caseworker' && u.units.length === 1) {
      const id = userIds.get(u.username);
      if (!id) throw new DemoSeedRefusedError(`Demo-Konto ${u.username} fehlt (DEMO_DATA=true setzen).`);
      caseworkers.set(u.units[0], {
        id,
        username: u.username,
        displayName: u.displayName,
        roles: u.roles,
        units: u.units,
      });
    }
  }

  // ---- the engine clock: back to the start of the period
  const realToday = berlinDate(new Date());
  const from = addMonths(realToday, -months);
  const clockNow = async (): Promise<number> => (await engine.clock.now()).getTime();
  /**
   * Moves the engine clock forward to t in one statement; the engine's timer sweep (every 100 ms)
   * fires what became due, and settle() waits for it. (engine.clock.add would also wake every job
   * poller at each of the many small moves.)
   */
  const moveClockTo = async (t: number): Promise<void> => {
    await conn.execute(
      `update engine.clock set offset_ms = offset_ms + (?::bigint - engine.now_ms()) where id = 1 and engine.now_ms() < ?::bigint`,
      [Math.round(t), Math.round(t)],
    );
  };
  await engine.clock.add(at(from, 6) - (await clockNow()));

  // ---- rates the rate table leaves open for the period ([?] in the brief): demo placeholders
  await conn.execute(
    `update asylblg_rate r set total = n.total,
        source = r.source || ' – Platzhalter für die synthetischen Demodaten (npm run seed:demo): Wert von 2026 übernommen, kein amtlicher Wert'
       from asylblg_rate n
      where r.total is null and n.basis = r.basis and n.level = r.level and n.valid_from = '2026-01-01'`,
  );
  await conn.execute(
    `insert into asylblg_rate (basis, level, valid_from, valid_to, bedarf, persoenlich, total, source)
     select basis, level, '${from.slice(0, 4)}-01-01', '2024-12-31', null, null, total,
            'Platzhalter für die synthetischen Demodaten (npm run seed:demo): Wert von 2025 übernommen, kein amtlicher Wert'
       from asylblg_rate where valid_from = '2025-01-01'
     on conflict do nothing`,
  );

  // ---- capacity: GU places and flats for everybody who arrives
  const stockCount = Math.round(options.persons * d.stockShare);
  const arrivalPersons = options.persons - stockCount;
  await inContext(async () => {
    const accommodation = app.get(AccommodationService, { strict: false });
    const beds = Math.ceil(arrivalPersons * 1.2) + 8;
    for (const f of d.facilities) {
      const facility = await accommodation.addFacility({
        name: f.name,
        kind: f.kind,
        address: f.address,
        municipality: f.municipality,
      });
      const perRoom = f.kind === 'GU' ? 4 : 3;
      const rooms = Math.max(1, Math.ceil((beds * f.share) / perRoom));
      for (let i = 1; i <= rooms; i++) {
        await accommodation.addRoom(facility.id, {
          label: f.kind === 'GU' ? `Zimmer ${100 + i}` : `Wohnung ${i}`,
          beds: perRoom,
        });
      }
    }
  });

  // ---- persons already in the district at the start (with their status)
  const stock: StockPerson[] = [];
  const startInstant = new Date(at(from, 6));
  const population = planPopulation(options, realToday, d);
  for (const p of population.stock) {
    const person = await inContext(() =>
      cases().createPerson(
        {
          familyName: p.familyName,
          givenNames: p.givenNames,
          dateOfBirth: p.dateOfBirth,
          sex: p.sex,
          nationalities: p.nationalities,
          entryDate: p.entryDate,
          identityClarified: p.status !== 'Duldung §60a' || stockRng.chance(0.6),
          identityEvidence: 'passport',
          identityClarifiedOn:
            addMonths(p.entryDate, stockRng.int(1, 30)) < from
              ? addMonths(p.entryDate, stockRng.int(1, 30))
              : from,
          language: p.language,
          municipality: p.municipality,
        },
        startInstant,
      ),
    );
    const [type, legalBasis, validFrom, workAllowed] = stockStatus(p.status, p.entryDate, from, stockRng);
    await inContext(() =>
      cases().startStatusEpisode(
        person.id,
        { type, legalBasis, validFrom, conditions: { workAllowed } },
        { idempotencyPrefix: `seed-stock-${person.id}` },
      ),
    );
    stock.push({
      personId: person.id,
      fileNumber: person.fileNumber,
      status: p.status,
      entryDate: p.entryDate,
      statusSince: validFrom,
    });
  }

  // ---- the agenda
  const agenda = new Agenda();
  const households = new Map<string, HouseholdState>();
  const byCase = new Map<string, HouseholdState>();
  const plans = new Map<string, Record<string, unknown>>();
  const scheduledTasks = new Set<string>();
  const taskProblems: Record<string, number> = {};
  let tasksCompleted = 0;
  /** where the wall-clock time goes (ms), for the progress lines */
  const timing = { steps: 0, settle: 0, settleSpins: 0, tasks: 0, clock: 0 };

  const days: string[] = [];
  for (let day = addDays(from, 1); day <= realToday; day = addDays(day, 1)) days.push(day);
  let serial = 0;
  // complaints: a monthly number scaled to the population (at least two a month), on working days
  const complaintsPerWorkingDay =
    Math.max(
      2,
      d.complaintsPerMonth * (options.persons / 10_000),
      (options.instances * d.shares.complaintPerInstance) / months,
    ) / 21;
  // employment toleration: a share of the tolerated stock applies during the period
  const tolerated = stock.filter((s) => s.status === 'Duldung §60a');
  for (const s of tolerated) {
    if (flowRng.chance(d.shares.trainingTolerationOfDuldung ?? 0)) {
      const day = days[flowRng.int(0, days.length - 1)];
      if (isWorkingDay(day))
        agenda.push(at(day, 9 + flowRng.int(0, 6)), {
          kind: 'start',
          bpmnProcessId: 'training-toleration',
          personId: s.personId,
          caseId: s.fileNumber,
          variables: { applicationDate: day },
          plan: {
            entryDate: s.entryDate,
            duldungSince: s.statusSince,
            identityClarifiedOn: addMonths(s.entryDate, 6) < from ? addMonths(s.entryDate, 6) : from,
          },
        });
      continue;
    }
    if (!flowRng.chance(d.shares.employmentTolerationOfDuldung)) continue;
    const day = days[flowRng.int(0, days.length - 1)];
    if (!isWorkingDay(day)) continue;
    agenda.push(at(day, 9 + flowRng.int(0, 6)), {
      kind: 'start',
      bpmnProcessId: 'employment-toleration',
      personId: s.personId,
      caseId: s.fileNumber,
      variables: { applicationDate: day },
      plan: {
        entryDate: s.entryDate,
        identityClarifiedOn: addMonths(s.entryDate, 6) < from ? addMonths(s.entryDate, 6) : from,
      },
    });
  }

  const scheduleDay = (day: string): void => {
    for (const synthetic of population.arrivals.get(day) ?? []) {
      serial += 1;
      const reference = `ZASt-${day.slice(0, 4)}-${String(serial).padStart(5, '0')}`;
      const h: HouseholdState = {
        reference,
        synthetic,
        arrivalDate: addDays(day, arrivalRng.int(3, 9)),
        notArriving: !synthetic.uma && arrivalRng.chance(d.shares.notArrived),
        benefits: false,
        decided: false,
      };
      households.set(reference, h);
      agenda.push(at(day, 8 + arrivalRng.next() * 6), { kind: 'zuweisung', household: h });
      if (!synthetic.uma) {
        const decisionDay = addDays(h.arrivalDate, Math.round(arrivalRng.skewed(45, 170, 600)));
        agenda.push(at(decisionDay, 10 + arrivalRng.next() * 4), { kind: 'bamf', household: h });
      }
    }
    if (isWorkingDay(day)) {
      let n = Math.floor(complaintsPerWorkingDay);
      if (complaintRng.chance(complaintsPerWorkingDay - n)) n += 1;
      for (let i = 0; i < n; i++) {
        const category = complaintRng.weighted(d.complaintCategories);
        const units = Object.keys(AGENCY_UNITS).filter((u) => u !== 'BS');
        const unit =
          category === 'accommodation'
            ? 'UV'
            : complaintRng.weighted(
                Object.fromEntries(units.map((u) => [u, u === 'ABH' || u === 'LG' ? 4 : 1])),
              );
        const anonymous = complaintRng.chance(0.15);
        const who = complainants.household(day).persons[0];
        agenda.push(at(day, 8 + complaintRng.next() * 7), {
          kind: 'start',
          bpmnProcessId: 'complaint-management',
          variables: {
            channel: complaintRng.weighted({
              form: 20,
              email: 25,
              letter: 15,
              phone: 15,
              'entry-zone': 15,
              'accommodation-staff': 6,
              'volunteer-forum': 4,
            }),
          },
          plan: {
            category,
            unit,
            anonymous,
            replyName: `${who.givenNames} ${who.familyName}`,
            municipality: complainants.municipality(),
          },
        });
      }
    }
  };

  // ---- execution of actions
  const publish = async (name: string, key: string, variables: Record<string, unknown>, ttlMs: number) => {
    await zeebe.publishMessage({
      name,
      correlationKey: key,
      variables: toVariables(variables),
      timeToLive: ttlMs,
    });
  };

  const startProcess = async (a: Extract<Action, { kind: 'start' }>, today: string): Promise<void> => {
    const created = await zeebe.createProcessInstance({
      bpmnProcessId: a.bpmnProcessId,
      variables: toVariables({
        ...(a.personId ? { personId: a.personId } : {}),
        ...(a.caseId ? { caseId: a.caseId } : {}),
        ...a.variables,
      }),
    });
    const key = String(created.processInstanceKey);
    if (a.plan) plans.set(key, a.plan);
    if (a.personId && a.caseId) {
      await inContext(() =>
        cases().linkProcess(a.personId as string, {
          processInstanceKey: key,
          bpmnProcessId: a.bpmnProcessId,
          caseId: a.caseId as string,
        }),
      );
    }
    void today;
  };

  const bamf = async (h: HouseholdState, today: string, now: number): Promise<void> => {
    if (h.notArriving || h.decided) return;
    if (!h.caseId || !h.benefits) {
      // the household is not registered yet: the decision comes a little later
      agenda.push(now + 7 * DAY, { kind: 'bamf', household: h });
      return;
    }
    h.decided = true;
    const rate = d.protectionRate[h.synthetic.nationality] ?? 0.3;
    const granted = flowRng.chance(rate);
    await publish(
      'BamfEntscheidung',
      h.caseId,
      { protectionGranted: granted, bamfDecisionServedOn: today },
      7 * DAY,
    );
    if (granted) {
      h.benefits = false;
      const validFrom = addDays(today, 14);
      for (const m of h.members ?? []) {
        await inContext(() =>
          cases().startStatusEpisode(
            m.personId,
            {
              type: 'Aufenthaltserlaubnis',
              legalBasis:
                h.synthetic.nationality === 'SYR' || flowRng.chance(0.5)
                  ? '§ 25 Abs. 2 AufenthG'
                  : '§ 25 Abs. 1 AufenthG',
              validFrom,
              validTo: addMonths(validFrom, 36),
              conditions: { workAllowed: true },
            },
            { idempotencyPrefix: `seed-bamf-${h.reference}` },
          ),
        );
      }
    } else {
      agenda.push(at(addDays(today, Math.round(flowRng.skewed(20, 60, 200))), 9 + flowRng.next() * 5), {
        kind: 'return',
        household: h,
      });
    }
  };

  const startReturn = async (h: HouseholdState, today: string): Promise<void> => {
    const applicant = h.members?.find((m) => m.role === 'applicant');
    if (!applicant || !h.caseId) return;
    const voluntary = flowRng.chance(d.shares.returnVoluntary);
    const obstacle = !voluntary && flowRng.chance(0.7);
    await startProcess(
      {
        kind: 'start',
        bpmnProcessId: 'return-management',
        personId: applicant.personId,
        caseId: applicant.fileNumber,
        variables: { obligationDate: today, obligationBasis: 'asylum-rejected' },
        plan: {
          voluntary,
          obstacle,
          ownFault: obstacle && flowRng.chance(d.shares.returnOwnFault),
          absconded: flowRng.chance(d.shares.returnAbsconded),
          household: h.reference,
        },
      },
      today,
    );
  };

  const zuweisung = async (h: HouseholdState): Promise<void> => {
    const z = h.synthetic;
    await publish(
      'Zuweisung',
      h.reference,
      {
        zuweisung: {
          reference: h.reference,
          arrivalDate: h.arrivalDate,
          municipality: z.municipality,
          receptionCentreSince: z.persons[0].entryDate,
          persons: z.persons.map((p) => ({
            familyName: p.familyName,
            givenNames: p.givenNames,
            dateOfBirth: p.dateOfBirth,
            sex: p.sex,
            nationalities: p.nationalities,
            language: p.language,
            entryDate: p.entryDate,
            ...(p.asylumApplicationDate ? { asylumApplicationDate: p.asylumApplicationDate } : {}),
            ...(p.vulnerabilities ? { vulnerabilities: p.vulnerabilities } : {}),
            ...(p.enteredWith ? { enteredWith: p.enteredWith } : {}),
            role: p.role,
          })),
        },
      },
      0,
    );
  };

  // ---- tasks: collect, plan waiting and working time, claim and complete
  interface TaskRow {
    id: string;
    bpmn_process_id: string;
    element_id: string;
    process_instance_key: string;
    candidate_groups: string[];
    variables: Record<string, unknown>;
    created_at: Date;
  }
  interface TaskMeta {
    unit: string;
    workMinutes: number;
    bpmnProcessId: string;
    elementId: string;
    processInstanceKey: string;
    variables: Record<string, unknown>;
  }
  const taskMeta = new Map<string, TaskMeta>();
  let lastScan = 0;

  const learn = (row: TaskRow): void => {
    const v = row.variables;
    const ref = (v.zuweisung as { reference?: string } | undefined)?.reference;
    const h = ref ? households.get(ref) : typeof v.caseId === 'string' ? byCase.get(v.caseId) : undefined;
    if (h && ref && typeof v.caseId === 'string' && !h.caseId) {
      h.caseId = v.caseId;
      byCase.set(v.caseId, h);
    }
    if (h && Array.isArray(v.members) && !h.members) h.members = v.members as HouseholdState['members'];
    if (h && row.bpmn_process_id === 'asylblg-benefits' && !h.decided) h.benefits = true;
  };

  const scanTasks = async (): Promise<void> => {
    const rows = await conn.execute<TaskRow[]>(
      `select id, bpmn_process_id, element_id, process_instance_key::text as process_instance_key, candidate_groups,
              variables, created_at
         from task where state = 'open' and created_at >= ?`,
      [new Date(lastScan - 1)],
    );
    for (const row of rows) {
      if (scheduledTasks.has(row.id)) continue;
      scheduledTasks.add(row.id);
      learn(row);
      const unit = row.candidate_groups[0] ?? 'ABH';
      const created = new Date(row.created_at).getTime();
      const [min, median, max] = URGENT.has(row.element_id)
        ? [0.2, 1.5, 5]
        : (WAITING_H[unit] ?? [1, 12, 80]);
      const claimAt = addWorkingHours(created, taskRng.skewed(min, median, max));
      const workMinutes =
        row.element_id === 'Task_Freigeben' ? taskRng.skewed(3, 10, 40) : taskRng.skewed(8, 30, 180);
      taskMeta.set(row.id, {
        unit,
        workMinutes,
        bpmnProcessId: row.bpmn_process_id,
        elementId: row.element_id,
        processInstanceKey: row.process_instance_key,
        variables: row.variables,
      });
      agenda.push(claimAt, { kind: 'claim', taskId: row.id });
    }
    lastScan = await clockNow();
  };

  /** waits until no job is in a worker's hands */
  const workersIdle = async (): Promise<void> => {
    for (let spins = 0; ; spins++) {
      const [{ n }] = await conn.execute<{ n: string }[]>(
        `select count(*) as n from engine.job where type <> ? and state = 'ACTIVATED'`,
        [USER_TASK],
      );
      if (Number(n) === 0) return;
      await sleep(spins < 20 ? 5 : 20);
    }
  };

  /** waits until the workers have done every due job and every due timer has fired; collects tasks */
  const settle = async (): Promise<void> => {
    const t0 = Date.now();
    for (let spins = 0; ; spins++) {
      timing.settleSpins += 1;
      const [{ jobs, timers }] = await conn.execute<{ jobs: string; timers: string }[]>(
        `select (select count(*) from engine.job where type <> ? and
                  ((state = 'ACTIVATABLE' and activatable_at <= engine.now_ms()) or state = 'ACTIVATED')) as jobs,
                (select count(*) from engine.timer where due_at <= engine.now_ms()) as timers`,
        [USER_TASK],
      );
      if (Number(jobs) === 0 && Number(timers) === 0) {
        let collected = 0;
        for (;;) {
          const n = await collector.pollOnce();
          collected += n;
          if (n === 0) break;
        }
        if (collected === 0) break;
        continue;
      }
      await sleep(spins < 20 ? 5 : 20);
    }
    await scanTasks();
    timing.settle += Date.now() - t0;
  };

  const claim = async (taskId: string, now: number): Promise<void> => {
    const meta = taskMeta.get(taskId);
    if (!meta) return;
    const actor = caseworkers.get(meta.unit);
    if (!actor) return;
    try {
      await tasks.claim(actor, taskId);
      agenda.push(addWorkingHours(now, meta.workMinutes / 60), { kind: 'complete', taskId });
    } catch (error) {
      if (error instanceof TaskCancelledError) return;
      taskProblems[`claim:${error instanceof Error ? error.name : 'error'}`] =
        (taskProblems[`claim:${error instanceof Error ? error.name : 'error'}`] ?? 0) + 1;
    }
  };

  const afterCompletion = (
    task: {
      bpmnProcessId: string;
      elementId: string;
      processInstanceKey: string;
      variables: Record<string, unknown>;
    },
    data: Record<string, unknown>,
    today: string,
    now: number,
  ): void => {
    const v = task.variables;
    const caseId = typeof v.caseId === 'string' ? v.caseId : undefined;
    const plan = plans.get(task.processInstanceKey);
    const later = (days: number, hour = 10) => at(addDays(today, days), hour + flowRng.next() * 4);
    switch (`${task.bpmnProcessId}:${task.elementId}`) {
      case 'arrival-reception:Task_UnterbringungBestaetigen': {
        const ref = (v.zuweisung as { reference?: string } | undefined)?.reference;
        const h = ref ? households.get(ref) : undefined;
        if (!h || h.notArriving || !caseId) return;
        agenda.push(Math.max(at(h.arrivalDate, 11), now + HOUR), {
          kind: 'publish',
          name: 'AnkunftBestaetigt',
          key: caseId,
          variables: { arrivedOn: h.arrivalDate },
          ttlMs: 10 * DAY,
        });
        return;
      }
      case 'uma-reception:Task_VormundAnregen':
        if (caseId)
          agenda.push(later(flowRng.int(10, 35)), {
            kind: 'publish',
            name: 'VormundBestellt',
            key: caseId,
            variables: { vormundAppointedOn: addDays(today, 10) },
            ttlMs: 60 * DAY,
          });
        return;
      case 'return-management:Task_PersonBelehren':
        if (caseId && plan?.voluntary)
          agenda.push(later(flowRng.int(2, 18)), {
            kind: 'publish',
            name: 'FreiwilligeAusreiseGewaehlt',
            key: caseId,
            variables: {},
            ttlMs: 5 * DAY,
          });
        return;
      case 'return-management:Task_Rueckkehrberatung': {
        if (!caseId) return;
        const approvedIn = flowRng.int(7, 21);
        const departureDate = addDays(today, approvedIn + flowRng.int(7, 30));
        agenda.push(later(approvedIn), {
          kind: 'publish',
          name: 'FoerderungBewilligt',
          key: caseId,
          variables: { departureDate },
          ttlMs: 30 * DAY,
        });
        if (!plan?.absconded)
          agenda.push(at(departureDate, 13), {
            kind: 'publish',
            name: 'AusreiseBestaetigt',
            key: caseId,
            variables: { departedOn: departureDate },
            ttlMs: 30 * DAY,
          });
        return;
      }
      case 'return-enforcement:Task_AbschiebungVorbereiten': {
        if (!caseId) return;
        const on = String(data.plannedRemovalDate);
        const outcome = flowRng.weighted({
          AbschiebungVollzogen: 60,
          PersonNichtAngetroffen: 25,
          AbschiebungGescheitert: 15,
        });
        agenda.push(at(on, 7), {
          kind: 'publish',
          name: outcome,
          key: caseId,
          variables:
            outcome === 'AbschiebungVollzogen'
              ? { deportedOn: on }
              : outcome === 'PersonNichtAngetroffen'
                ? { notFoundOn: on }
                : {},
          ttlMs: 30 * DAY,
        });
        return;
      }
      default:
        return;
    }
  };

  const complete = async (taskId: string, today: string, now: number): Promise<void> => {
    const meta = taskMeta.get(taskId);
    const actor = meta ? caseworkers.get(meta.unit) : undefined;
    if (!meta || !actor) return;
    const detail = meta;
    const h = typeof detail.variables.caseId === 'string' ? byCase.get(detail.variables.caseId) : undefined;
    const plan = plans.get(detail.processInstanceKey);
    const data = caseworkerFormData({
      bpmnProcessId: detail.bpmnProcessId,
      elementId: detail.elementId,
      variables: detail.variables,
      today,
      rng: taskRng,
      languageName: LANGUAGE_OF(d, h?.synthetic.persons[0].language),
      plan,
    });
    const problem = (what: string) => {
      const k = `${detail.bpmnProcessId}:${detail.elementId}:${what}`;
      taskProblems[k] = (taskProblems[k] ?? 0) + 1;
    };
    if (!data) return problem('no-answer');
    try {
      await tasks.complete(actor, taskId, data);
      tasksCompleted += 1;
      taskMeta.delete(taskId);
      scheduledTasks.delete(taskId);
      afterCompletion(detail, data, today, now);
    } catch (error) {
      if (error instanceof TaskCancelledError) return;
      if (error instanceof FormInvalidError) {
        return problem(`form:${error.errors.map((f) => f.key).join(',') || 'invalid'}`);
      }
      problem(error instanceof Error ? error.name : 'error');
    }
  };

  // ---- BuT / Krankenhilfe requests: they fill the instance budget, from households receiving benefits
  const instanceCount = async (): Promise<number> => {
    const [{ n }] = await conn.execute<{ n: string }[]>(`select count(*) as n from engine.process_instance`);
    return Number(n);
  };
  const requestsFor = async (day: string, index: number): Promise<void> => {
    if (!isWorkingDay(day)) return;
    const target = options.instances * Math.pow((index + 1) / days.length, 1.15);
    const deficit = target - (await instanceCount());
    if (deficit <= 0) return;
    const receiving = [...households.values()].filter((h) => h.benefits && h.members?.length);
    if (receiving.length === 0) return;
    const n = Math.min(Math.round(deficit * 0.35), Math.ceil(receiving.length * 0.12), 600);
    for (let i = 0; i < n; i++) {
      const h = flowRng.pick(receiving);
      const members = h.members ?? [];
      const children = members.filter((m) => {
        const p = h.synthetic.persons[m.index];
        return p && p.dateOfBirth > addMonths(day, -12 * 18) && p.dateOfBirth < addMonths(day, -12 * 6);
      });
      const but = children.length > 0 && flowRng.chance(0.4);
      const m = but ? flowRng.pick(children) : flowRng.pick(members);
      agenda.push(at(day, 8.5 + flowRng.next() * 6.5), {
        kind: 'start',
        bpmnProcessId: 'asylblg-but-krankenhilfe',
        personId: m.personId,
        caseId: m.fileNumber,
        variables: { requestType: but ? 'BuT' : 'Krankenhilfe' },
      });
    }
  };

  // ---- the loop
  let lastReport = Date.now();
  let lastInstances = 0;
  let lastReportAt = Date.now();
  report(
    `Simulation ${from} bis ${realToday}: ${options.persons} Personen (davon ${stockCount} bereits im Landkreis), ` +
      `etwa ${options.instances} Vorgänge, Seed ${options.seed}`,
  );
  for (let index = 0; index < days.length; index++) {
    const day = days[index];
    await moveClockTo(at(day, 7));
    await settle();
    scheduleDay(day);
    await requestsFor(day, index);
    const dayEnd = Math.min(at(addDays(day, 1), 0), Date.now());
    // steps of STEP_MS: within a step the clock moves to each action's time (to SUB_MS) without
    // waiting; at the end of the step the simulation waits for the workers and collects new tasks
    while (agenda.peek() && (agenda.peek() as Scheduled).at < dayEnd) {
      const stepEnd = Math.min((agenda.peek() as Scheduled).at + STEP_MS, dayEnd);
      timing.steps += 1;
      while (agenda.peek() && (agenda.peek() as Scheduled).at < stepEnd) {
        const subAt = (agenda.peek() as Scheduled).at;
        const c0 = Date.now();
        // no job may be in a worker's hands while the clock jumps (its timeout would pass)
        await workersIdle();
        await moveClockTo(subAt);
        timing.clock += Date.now() - c0;
        const subEnd = Math.min(subAt + SUB_MS, stepEnd);
        const batch: Action[] = [];
        while (agenda.peek() && (agenda.peek() as Scheduled).at < subEnd)
          batch.push((agenda.pop() as Scheduled).action);
        const today = berlinDate(new Date(subAt));
        const now = subAt;
        const a0 = Date.now();
        await pool(batch, concurrency, async (a) => {
          switch (a.kind) {
            case 'zuweisung':
              return zuweisung(a.household);
            case 'publish':
              return publish(a.name, a.key, a.variables, a.ttlMs);
            case 'bamf':
              return bamf(a.household, today, now);
            case 'return':
              return startReturn(a.household, today);
            case 'start':
              return startProcess(a, today);
            case 'claim':
              return claim(a.taskId, now);
            case 'complete':
              return complete(a.taskId, today, now);
          }
        });
        timing.tasks += Date.now() - a0;
      }
      await settle();
    }
    if (Date.now() - lastReport > 15_000 || index === days.length - 1 || day.endsWith('-01')) {
      const count = await instanceCount();
      const rate = (count - lastInstances) / Math.max(0.001, (Date.now() - lastReportAt) / 1000);
      report(
        `${day.split('-').reverse().join('.')}: ${count} Vorgänge, ${tasksCompleted} Aufgaben erledigt, ` +
          `${taskMeta.size} offen, ${rate.toFixed(1)} Vorgänge/s ` +
          `(Schritte ${timing.steps}, Zeit in ms: warten ${timing.settle}/${timing.settleSpins}, Aufgaben ${timing.tasks}, Uhr ${timing.clock})`,
      );
      lastReport = Date.now();
      lastReportAt = Date.now();
      lastInstances = count;
    }
  }

  // ---- back to real time
  await engine.clock.reset();
  await settle();

  const summary = await summarize();
  return summary;

  async function summarize(): Promise<DemoSeedSummary> {
    const count = async (sql: string): Promise<number> =>
      Number((await conn.execute<{ n: string }[]>(sql))[0].n);
    const instances = Object.fromEntries(
      (
        await conn.execute<{ id: string; n: string }[]>(
          `select bpmn_process_id as id, count(*) as n from engine.process_instance group by 1 order by 1`,
        )
      ).map((r) => [r.id, Number(r.n)]),
    );
    const endEvents = Object.fromEntries(
      (
        await conn.execute<{ id: string; n: string }[]>(
          `select bpmn_process_id || ':' || element_id as id, count(*) as n from engine.event_log
            where element_type = 'END_EVENT' and intent = 'ELEMENT_COMPLETED' group by 1 order by 1`,
        )
      ).map((r) => [r.id, Number(r.n)]),
    );
    const incidents = Object.fromEntries(
      (
        await conn.execute<{ id: string; n: string }[]>(
          `select element_id as id, count(*) as n from engine.incident group by 1 order by 1`,
        )
      ).map((r) => [r.id, Number(r.n)]),
    );
    const total = Object.values(instances).reduce((a, b) => a + b, 0);
    const seconds = (Date.now() - wallStart) / 1000;
    return {
      period: { from, to: realToday },
      persons: await count(`select count(*) as n from person`),
      households: households.size,
      instances,
      instancesTotal: total,
      endEvents,
      tasksCompleted,
      tasksOpen: await count(`select count(*) as n from task where state = 'open'`),
      statusEpisodes: await count(`select count(*) as n from status_episode`),
      domainEvents: await count(`select count(*) as n from domain_event`),
      documents: await count(`select count(*) as n from generated_document`),
      incidents,
      taskProblems,
      seconds: Math.round(seconds),
      instancesPerSecond: Math.round((total / Math.max(seconds, 0.001)) * 10) / 10,
    };
  }
}

/**
 * The persons of a seed, decided before the simulation runs (so that the same seed gives the same
 * persons however the run goes): those living in the district at the start, and the households
 * assigned by Zuweisung per day (working days; monthly factors and a yearly trend of the distribution
 * file) until about `persons` are reached.
 */
export function planPopulation(
  options: Pick<DemoSeedOptions, 'persons' | 'seed' | 'months'>,
  today: string,
  d: Distributions = loadDistributions(),
): {
  from: string;
  stock: ReturnType<PopulationGenerator['stockPerson']>[];
  arrivals: Map<string, SyntheticHousehold[]>;
} {
  const master = new Random(options.seed);
  const people = new PopulationGenerator(d, master.fork(1));
  const from = addMonths(today, -(options.months ?? 24));
  const stockCount = Math.round(options.persons * d.stockShare);
  const stock = Array.from({ length: stockCount }, () => people.stockPerson(from));
  const days: string[] = [];
  for (let day = addDays(from, 1); day <= today; day = addDays(day, 1)) days.push(day);
  const weights = days.map((day, i) =>
    isWorkingDay(day)
      ? d.arrivalMonthFactors[Number(day.slice(5, 7)) - 1] * Math.pow(d.arrivalYearlyTrend, i / 365)
      : 0,
  );
  const total = weights.reduce((a, b) => a + b, 0);
  const arrivalPersons = options.persons - stockCount;
  const arrivals = new Map<string, SyntheticHousehold[]>();
  let cumulative = 0;
  let planned = 0;
  days.forEach((day, i) => {
    cumulative += weights[i];
    const target = total > 0 ? (arrivalPersons * cumulative) / total : 0;
    const list: SyntheticHousehold[] = [];
    while (planned < target - 0.5) {
      const household = people.household(day);
      planned += household.persons.length;
      list.push(household);
    }
    if (list.length) arrivals.set(day, list);
  });
  return { from, stock, arrivals };
}

/** [type, legal basis, valid from, work allowed] of a stock person's status at the start */
function stockStatus(
  status: string,
  entryDate: string,
  start: string,
  rng: Random,
): [StatusType, string, string, boolean] {
  const since = (months: number): string => {
    const d = addMonths(entryDate, months);
    return d < start ? d : addDays(start, -rng.int(1, 60));
  };
  switch (status) {
    case 'EU-Freizügigkeit':
      return ['EU-Freizügigkeit', 'FreizügG/EU', entryDate, true];
    case 'Aufenthaltserlaubnis § 24':
      return ['Aufenthaltserlaubnis', '§ 24 AufenthG', since(1), true];
    case 'Aufenthaltserlaubnis § 25 Abs. 2':
      return ['Aufenthaltserlaubnis', '§ 25 Abs. 2 AufenthG', since(10), true];
    case 'Niederlassungserlaubnis':
      return ['Niederlassungserlaubnis', '§ 26 Abs. 3 AufenthG', since(60), true];
    case 'Aufenthaltserlaubnis § 16a/18':
      return ['Aufenthaltserlaubnis', rng.chance(0.5) ? '§ 16a AufenthG' : '§ 18a AufenthG', entryDate, true];
    case 'Aufenthaltsgestattung':
      return ['Aufenthaltsgestattung', '§ 55 AsylG', entryDate, false];
    default:
      return ['Duldung §60a', '§ 60a Abs. 2 S. 1 AufenthG', since(14), rng.chance(0.7)];
  }
}
