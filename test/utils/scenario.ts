import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import type { INestApplication, Type } from '@nestjs/common';
import { Pool } from 'pg';
import { addMonths, berlinDate } from '../../src/common/calendar';
import { ZeebeService } from '../../src/engine/zeebe.service';
import type { EmbeddedEngine } from '../../src/engine/embedded';
import { loadForms, validateFormData, type FieldError, type FormSchema } from '../../src/forms';
import { createTestApp } from './app';
import { createTestDatabase, type TestDatabase } from './database';
import { sdkApi, type Job, type Variables, type ZeebeApi } from './engine';
import { parseAllModels } from './models';

/**
 * End-to-end scenarios of the case processes: the whole platform (all modules and job workers) on a
 * fresh test database with the embedded engine, driven through the real Zeebe client as a caseworker
 * and the outside world would: start a process, complete user tasks with form data (validated against
 * the task's form), publish messages, move the engine clock; then read the path from the engine's event
 * log and the case data through the services.
 *
 *   const s = useScenarioApp();
 *   it('…', async () => { const pi = await s.start('asylblg-benefits', {...}); … });
 */
export interface Scenario {
  readonly app: INestApplication;
  readonly zeebe: ZeebeApi;
  readonly engine: EmbeddedEngine;
  readonly db: TestDatabase;
  /** a platform service whose methods each run in their own EntityManager context */
  service<T extends object>(type: Type<T>): T;
  /** runs fn in an EntityManager context (for direct queries: `s.orm.em` inside) */
  inContext<T>(fn: () => Promise<T>): Promise<T>;
  readonly orm: MikroORM;
  start(bpmnProcessId: string, variables?: Variables): Promise<string>;
  /** waits for the user task, validates data against its form, completes it; returns the job */
  completeUserTask(
    processInstanceKey: string,
    elementId: string,
    data?: Variables,
    options?: { timeoutMs?: number },
  ): Promise<Job>;
  /** waits for the user task and returns its job (variables, headers) without completing it */
  userTask(processInstanceKey: string, elementId: string, options?: { timeoutMs?: number }): Promise<Job>;
  /** waits until the instance has an open user task; returns the element ids of its open user tasks */
  openUserTasks(processInstanceKey: string, options?: { timeoutMs?: number }): Promise<string[]>;
  /** the field errors the task's form reports for data (empty = valid) */
  formErrors(elementIdOrFormId: string, data: Variables, variables?: Variables): FieldError[];
  publish(name: string, correlationKey: string, variables?: Variables, timeToLiveMs?: number): Promise<void>;
  /** moves the engine clock: 'P15D', 'PT2H', 'P1M' (calendar month from the engine's today), 'P1Y' or ms */
  advanceClock(duration: string | number): Promise<void>;
  /** the engine's today in Europe/Berlin */
  today(): Promise<string>;
  waitForElement(
    processInstanceKey: string,
    elementId: string,
    intent?: 'ELEMENT_ACTIVATED' | 'ELEMENT_COMPLETED' | 'ELEMENT_TERMINATED',
    timeoutMs?: number,
  ): Promise<void>;
  /** ids of the completed elements of the instance (not sequence flows, not the process), in order */
  path(processInstanceKey: string): Promise<string[]>;
  /** waits until the instance completed; returns the end event(s) it completed at process level */
  waitForEnd(processInstanceKey: string, timeoutMs?: number): Promise<string[]>;
  variables(processInstanceKey: string): Promise<Variables>;
  incidents(processInstanceKey: string): Promise<{ type: string; elementId: string; message: string }[]>;
  /** instance keys of processes started by the platform with that bpmnProcessId (newest last) */
  instancesOf(bpmnProcessId: string): Promise<string[]>;
}

const USER_TASK = 'io.camunda.zeebe:userTask';

export function useScenarioApp(options: { env?: Record<string, string> } = {}): Scenario {
  let app: INestApplication | undefined;
  let db: TestDatabase | undefined;
  let pool: Pool | undefined;
  let zeebe: ZeebeApi | undefined;
  let engine: EmbeddedEngine | undefined;
  let orm: MikroORM | undefined;
  const forms = loadForms();
  const formOfElement = new Map<string, string>();
  /** activated user-task jobs not yet completed, by "<instanceKey>:<elementId>" */
  const pool_ = new Map<string, Job[]>();

  beforeAll(async () => {
    for (const model of await parseAllModels()) {
      for (const el of model.elements)
        if (el.formId) formOfElement.set(`${el.processId}:${el.id}`, el.formId);
    }
    db = await createTestDatabase('mia_test_scn');
    // the scenario activates the user-task jobs itself: the task collector would take them first
    app = await createTestApp({ databaseUrl: db.url, env: { TASK_COLLECTOR: 'false', ...options.env } });
    const zs = app.get(ZeebeService);
    zeebe = sdkApi(zs.client);
    engine = zs.embeddedEngine;
    if (!engine) throw new Error('scenario tests need the embedded engine (ZEEBE_ADDRESS unset)');
    orm = app.get(MikroORM);
    pool = new Pool({ connectionString: db.url, max: 2 });
    // a connection the server ends (the database dropped at teardown) must not crash the suite
    pool.on('error', () => undefined);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await pool?.end();
    await db?.drop();
  }, 60_000);

  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`scenario not started (${what})`);
    return value;
  };

  async function describeInstance(key: string): Promise<string> {
    const e = need(engine, 'engine');
    const view = await e.inspect.instance(key);
    const incidents = await e.inspect.incidents(key);
    return `instance ${key}: state ${view?.state}, active [${view?.activeElements.join(', ')}], incidents ${JSON.stringify(
      incidents.map((i) => ({ type: i.type, elementId: i.elementId, message: i.message })),
    )}, completed path [${(await path(key)).join(' → ')}]`;
  }

  async function waitUntil<T>(
    what: string,
    key: string,
    probe: () => Promise<T | undefined>,
    timeoutMs: number,
  ): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const result = await probe();
      if (result !== undefined) return result;
      if (Date.now() > until)
        throw new Error(`timed out waiting for ${what}; ${await describeInstance(key)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function path(key: string): Promise<string[]> {
    const { rows } = await need(pool, 'pool').query<{ element_id: string }>(
      `SELECT element_id FROM engine.event_log WHERE process_instance_key = $1 AND intent = 'ELEMENT_COMPLETED'
         AND element_type NOT IN ('PROCESS', 'SEQUENCE_FLOW') ORDER BY position`,
      [key],
    );
    return rows.map((r) => r.element_id);
  }

  async function activateUserTasks(): Promise<void> {
    const jobs = await need(zeebe, 'zeebe').activateJobs({
      type: USER_TASK,
      maxJobsToActivate: 100,
      timeout: 3_600_000,
      worker: 'scenario-caseworker',
    });
    for (const job of jobs) {
      const k = `${job.processInstanceKey}:${job.elementId}`;
      pool_.set(k, [...(pool_.get(k) ?? []), job]);
    }
  }

  async function userTask(key: string, elementId: string, opts: { timeoutMs?: number } = {}): Promise<Job> {
    const slot = `${key}:${elementId}`;
    return waitUntil(
      `user task ${elementId}`,
      key,
      async () => {
        if (!pool_.get(slot)?.length) await activateUserTasks();
        return pool_.get(slot)?.[0];
      },
      opts.timeoutMs ?? 15_000,
    );
  }

  async function openUserTasks(key: string, opts: { timeoutMs?: number } = {}): Promise<string[]> {
    const open = () =>
      [...pool_.entries()]
        .filter(([slot, jobs]) => slot.startsWith(`${key}:`) && jobs.length > 0)
        .map(([slot]) => slot.slice(key.length + 1));
    return waitUntil(
      'an open user task',
      key,
      async () => {
        if (!open().length) await activateUserTasks();
        return open().length ? open() : undefined;
      },
      opts.timeoutMs ?? 15_000,
    );
  }

  function formFor(job: Job): FormSchema | undefined {
    const formId = formOfElement.get(`${job.bpmnProcessId}:${job.elementId}`);
    return formId ? forms.get(formId) : undefined;
  }

  const scenario: Scenario = {
    get app() {
      return need(app, 'app');
    },
    get zeebe() {
      return need(zeebe, 'zeebe');
    },
    get engine() {
      return need(engine, 'engine');
    },
    get db() {
      return need(db, 'db');
    },
    get orm() {
      return need(orm, 'orm');
    },
    service<T extends object>(type: Type<T>): T {
      const instance = need(app, 'app').get(type, { strict: false });
      return new Proxy(instance, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver) as unknown;
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) =>
            RequestContext.create(
              need(orm, 'orm').em.fork(),
              () => (value as (...a: unknown[]) => unknown).apply(target, args) as Promise<unknown>,
            );
        },
      });
    },
    inContext<T>(fn: () => Promise<T>): Promise<T> {
      return RequestContext.create(need(orm, 'orm').em.fork(), fn);
    },
    async start(bpmnProcessId, variables = {}) {
      const created = await need(zeebe, 'zeebe').createProcessInstance({ bpmnProcessId, variables });
      return created.processInstanceKey;
    },
    userTask,
    openUserTasks,
    async completeUserTask(key, elementId, data = {}, opts = {}) {
      const job = await userTask(key, elementId, opts);
      const form = formFor(job);
      if (!form) throw new Error(`user task ${elementId} of ${job.bpmnProcessId} has no form in forms/`);
      const result = validateFormData(form, data, job.variables);
      if (!result.valid) {
        throw new Error(
          `form ${form.id} refuses the data for ${elementId}: ${JSON.stringify(result.errors)}`,
        );
      }
      await need(zeebe, 'zeebe').completeJob(job.key, result.data);
      const slot = `${key}:${elementId}`;
      pool_.set(
        slot,
        (pool_.get(slot) ?? []).filter((j) => j.key !== job.key),
      );
      return job;
    },
    formErrors(elementIdOrFormId, data, variables = {}) {
      const formId = forms.has(elementIdOrFormId)
        ? elementIdOrFormId
        : [...formOfElement.entries()].find(([k]) => k.endsWith(`:${elementIdOrFormId}`))?.[1];
      const form = formId ? forms.get(formId) : undefined;
      if (!form) throw new Error(`no form ${elementIdOrFormId}`);
      return validateFormData(form, data, variables).errors;
    },
    async publish(name, correlationKey, variables = {}, timeToLiveMs = 3_600_000) {
      await need(zeebe, 'zeebe').publishMessage({
        name,
        correlationKey,
        variables,
        timeToLive: timeToLiveMs,
      });
    },
    async advanceClock(duration) {
      const e = need(engine, 'engine');
      let ms: number;
      if (typeof duration === 'number') ms = duration;
      else {
        const m =
          /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(
            duration,
          );
        if (!m) throw new Error(`unsupported duration ${duration}`);
        const [years, months, weeks, days, hours, minutes, seconds] = m.slice(1).map((x) => Number(x ?? 0));
        const now = await e.clock.now();
        const today = berlinDate(now);
        const target = addMonths(today, years * 12 + months);
        ms =
          Date.parse(`${target}T00:00:00Z`) -
          Date.parse(`${today}T00:00:00Z`) +
          ((weeks * 7 + days) * 24 * 3600 + hours * 3600 + minutes * 60 + seconds) * 1000;
      }
      await e.clock.add(ms);
    },
    async today() {
      return berlinDate(await need(engine, 'engine').clock.now());
    },
    async waitForElement(key, elementId, intent = 'ELEMENT_COMPLETED', timeoutMs = 15_000) {
      await waitUntil(
        `${elementId} ${intent}`,
        key,
        async () => {
          const { rows } = await need(pool, 'pool').query(
            `SELECT 1 FROM engine.event_log WHERE process_instance_key = $1 AND element_id = $2 AND intent = $3 LIMIT 1`,
            [key, elementId, intent],
          );
          return rows.length ? true : undefined;
        },
        timeoutMs,
      );
    },
    path,
    async waitForEnd(key, timeoutMs = 15_000) {
      return waitUntil(
        'the end of the instance',
        key,
        async () => {
          const { rows } = await need(pool, 'pool').query<{ element_id: string; element_type: string }>(
            `SELECT element_id, element_type FROM engine.event_log WHERE process_instance_key = $1 AND intent = 'ELEMENT_COMPLETED'
             AND (element_type = 'PROCESS' OR (element_type = 'END_EVENT' AND flow_scope_key = $1)) ORDER BY position`,
            [key],
          );
          if (!rows.some((r) => r.element_type === 'PROCESS')) return undefined;
          return rows.filter((r) => r.element_type === 'END_EVENT').map((r) => r.element_id);
        },
        timeoutMs,
      );
    },
    async variables(key) {
      return (await need(engine, 'engine').inspect.instance(key))?.variables ?? {};
    },
    async incidents(key) {
      return (await need(engine, 'engine').inspect.incidents(key)).map((i) => ({
        type: i.type,
        elementId: i.elementId,
        message: i.message,
      }));
    },
    async instancesOf(bpmnProcessId) {
      const { rows } = await need(pool, 'pool').query<{ key: string }>(
        `SELECT key::text FROM engine.event_log WHERE bpmn_process_id = $1 AND element_type = 'PROCESS' AND intent = 'ELEMENT_ACTIVATING' ORDER BY position`,
        [bpmnProcessId],
      );
      return rows.map((r) => r.key);
    },
  };
  return scenario;
}
