/**
 * The task list against the real platform: PostgreSQL, the embedded engine over gRPC, the collector on
 * (with a short job timeout so that extensions happen within the test).
 */
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import type { INestApplication } from '@nestjs/common';
import type { Actor } from '../../../src/auth/actor';
import { CasesService, type Person } from '../../../src/cases';
import { ZeebeService } from '../../../src/engine/zeebe.service';
import { Task, TaskCollector, TasksService, type FormInvalidError } from '../../../src/tasks';
import { createPerson } from '../../factories/person.factory';
import { createTestApp } from '../../utils/app';
import { createTestDatabase, type TestDatabase } from '../../utils/database';
import { sdkApi, type ZeebeApi } from '../../utils/engine';
import { deployUserTaskProcess, userTaskProcess } from '../../utils/user-tasks';

const JOB_TIMEOUT_MS = 3_000;
const LOG: string[] = [];
const PROCESS_ID = 'task-list-test';
const XML = userTaskProcess(PROCESS_ID, [
  {
    id: 'review',
    name: 'Antrag prüfen',
    formId: 'bs-complaint-classify',
    candidateGroups: 'BS',
    dueDate: '=dueAt',
    followUpDate: '=followUpAt',
  },
  { id: 'next', name: 'Weiterbearbeiten', formId: 'bs-complaint-classify', candidateGroups: 'LG' },
]);

const actor = (username: string, units: Actor['units'], roles: Actor['roles'] = ['caseworker']): Actor => ({
  id: username,
  username,
  displayName: username,
  roles,
  units,
});
const bs = actor('bs.eins', ['BS']);
const bs2 = actor('bs.zwei', ['BS']);
const bsLead = actor('bs.leitung', ['BS'], ['team-lead']);
const lg = actor('lg.eins', ['LG']);

describe('task list', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let zeebe: ZeebeApi;
  let orm: MikroORM;
  let tasks: TasksService;
  let person: Person;

  beforeAll(async () => {
    db = await createTestDatabase('mia_test_tasks');
    app = await createTestApp({
      databaseUrl: db.url,
      env: { TASK_COLLECTOR: 'true', TASK_JOB_TIMEOUT_MS: String(JOB_TIMEOUT_MS) },
      logLines: LOG,
    });
    zeebe = sdkApi(app.get(ZeebeService).client);
    orm = app.get(MikroORM);
    tasks = app.get(TasksService);
    await deployUserTaskProcess(app, PROCESS_ID, XML);
    const cases = app.get(CasesService);
    person = await RequestContext.create(orm.em.fork(), () =>
      createPerson(cases, { familyName: 'Haddad', givenNames: 'Samira' }),
    );
  }, 120_000);

  afterAll(async () => {
    if (process.env.TASKS_DEBUG)
      console.log(
        LOG.filter((l) => /Task|error|warn/i.test(l))
          .slice(0, 30)
          .join('\n'),
      );
    await app?.close();
    await db?.drop();
  }, 60_000);

  async function taskRow(processInstanceKey: string, elementId: string, timeoutMs = 15_000): Promise<Task> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const row = await orm.em.fork().findOne(Task, { processInstanceKey, elementId });
      if (row) return row;
      if (Date.now() > until) throw new Error(`no task row for ${elementId} of ${processInstanceKey}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function startTest(variables: Record<string, unknown> = {}): Promise<string> {
    const created = await zeebe.createProcessInstance({
      bpmnProcessId: PROCESS_ID,
      variables: {
        personId: person.id,
        caseId: person.fileNumber,
        category: 'decision',
        dueAt: '2020-01-10T12:00:00Z',
        followUpAt: '2020-01-05T08:00:00Z',
        ...variables,
      },
    });
    return created.processInstanceKey;
  }

  it('keeps a user task of a real model as a task row (complaint-management, unit BS)', async () => {
    const created = await zeebe.createProcessInstance({
      bpmnProcessId: 'complaint-management',
      variables: { channel: 'letter' },
    });
    const row = await taskRow(created.processInstanceKey, 'Task_BeschwerdeRegistrieren');
    expect(row).toMatchObject({
      name: 'Beschwerde registrieren',
      bpmnProcessId: 'complaint-management',
      candidateGroups: ['BS'],
      formId: 'bs-complaint-register',
      state: 'open',
      assignee: null,
    });
    expect(row.caseId).toMatch(/^BS-\d{4}-\d{5}$/);
    expect(row.dueDate).toBeInstanceOf(Date);
    expect(row.jobDeadline!.getTime()).toBeGreaterThan(Date.now());
    const detail = await tasks.get(bs, row.id);
    expect(detail.form?.id).toBe('bs-complaint-register');
    await expect(tasks.get(lg, row.id)).rejects.toMatchObject({ code: 'TASK_FORBIDDEN' });
    await zeebe.cancelProcessInstance(created.processInstanceKey);
  });

  it('lists by unit, person, file number, variables, overdue; hides other units', async () => {
    const pi = await startTest({ channel: 'filter-me' });
    const row = await taskRow(pi, 'review');
    expect(row).toMatchObject({
      name: 'Antrag prüfen',
      personId: person.id,
      caseId: person.fileNumber,
      candidateGroups: ['BS'],
      formId: 'bs-complaint-classify',
    });
    expect(row.dueDate?.toISOString()).toBe('2020-01-10T12:00:00.000Z');
    expect(row.followUpDate?.toISOString()).toBe('2020-01-05T08:00:00.000Z');

    const ids = async (a: Actor, q: Parameters<TasksService['list']>[1]): Promise<string[]> =>
      (await tasks.list(a, q)).items.map((t) => t.id);
    expect(await ids(bs, { view: 'unit' })).toContain(row.id);
    expect(await ids(bs, { unit: 'BS', bpmnProcessId: PROCESS_ID })).toContain(row.id);
    expect(await ids(bs, { unit: 'LG' })).not.toContain(row.id);
    expect(await ids(lg, { view: 'unit' })).not.toContain(row.id);
    expect(await ids(lg, { view: 'all' })).not.toContain(row.id);
    expect(await ids(bs, { person: 'hadd' })).toContain(row.id);
    expect(await ids(bs, { person: 'Samira Haddad' })).toContain(row.id);
    expect(await ids(bs, { person: person.fileNumber })).toContain(row.id);
    expect(await ids(bs, { person: 'Niemand' })).not.toContain(row.id);
    expect(await ids(bs, { variables: { channel: 'filter-me' } })).toEqual([row.id]);
    expect(await ids(bs, { variables: { channel: 'other' } })).toEqual([]);
    expect(await ids(bs, { view: 'overdue' })).toContain(row.id);
    expect(
      await ids(bs, { dueFrom: new Date('2020-01-10T00:00:00Z'), dueTo: new Date('2020-01-11T00:00:00Z') }),
    ).toContain(row.id);
    expect(await ids(bs, { followUpTo: new Date('2020-01-01T00:00:00Z') })).not.toContain(row.id);

    const page = await tasks.list(bs, { view: 'unit', person: person.fileNumber });
    expect(page.total).toBeGreaterThanOrEqual(1);
    expect(page.items.find((t) => t.id === row.id)).toMatchObject({
      personName: 'Haddad, Samira',
      fileNumber: person.fileNumber,
      overdue: true,
    });
    await zeebe.cancelProcessInstance(pi);
  });

  it('pages and sorts with a total', async () => {
    const keys = await Promise.all(
      ['2030-01-03T00:00:00Z', '2030-01-01T00:00:00Z', '2030-01-02T00:00:00Z'].map((dueAt) =>
        startTest({ channel: 'paging', dueAt }),
      ),
    );
    for (const k of keys) await taskRow(k, 'review');
    const first = await tasks.list(bs, { variables: { channel: 'paging' }, sort: 'dueDate', pageSize: 2 });
    expect(first.total).toBe(3);
    expect(first.items.map((t) => t.dueDate)).toEqual([
      '2030-01-01T00:00:00.000Z',
      '2030-01-02T00:00:00.000Z',
    ]);
    const second = await tasks.list(bs, {
      variables: { channel: 'paging' },
      sort: 'dueDate',
      pageSize: 2,
      page: 2,
    });
    expect(second.total).toBe(3);
    expect(second.items.map((t) => t.dueDate)).toEqual(['2030-01-03T00:00:00.000Z']);
    const desc = await tasks.list(bs, { variables: { channel: 'paging' }, sort: 'dueDate', order: 'desc' });
    expect(desc.items[0].dueDate).toBe('2030-01-03T00:00:00.000Z');
    for (const k of keys) await zeebe.cancelProcessInstance(k);
  });

  it('claims and unclaims; "mine" follows; another caseworker cannot take a claimed task', async () => {
    const pi = await startTest({ channel: 'claim' });
    const row = await taskRow(pi, 'review');
    const claimed = await tasks.claim(bs, row.id);
    expect(claimed.assignee).toBe('bs.eins');
    expect(claimed.claimedAt).not.toBeNull();
    expect((await tasks.list(bs, { view: 'mine' })).items.map((t) => t.id)).toContain(row.id);
    await expect(tasks.claim(bs2, row.id)).rejects.toMatchObject({ code: 'TASK_ASSIGNED_TO_OTHER' });
    await expect(tasks.claim(lg, row.id)).rejects.toMatchObject({ code: 'TASK_FORBIDDEN' });
    const unclaimed = await tasks.unclaim(bs, row.id);
    expect(unclaimed.assignee).toBeNull();
    expect((await tasks.list(bs, { view: 'mine' })).items.map((t) => t.id)).not.toContain(row.id);
    await zeebe.cancelProcessInstance(pi);
  });

  it('lets a team lead assign, reassign many and see the workload', async () => {
    const keys = await Promise.all([1, 2].map(() => startTest({ channel: 'lead' })));
    const rows = await Promise.all(keys.map((k) => taskRow(k, 'review')));
    await expect(tasks.assign(bs, rows[0].id, 'bs.zwei')).rejects.toMatchObject({
      code: 'TEAM_LEAD_REQUIRED',
    });
    expect((await tasks.assign(bsLead, rows[0].id, 'bs.zwei')).assignee).toBe('bs.zwei');
    expect(
      await tasks.reassignMany(
        bsLead,
        rows.map((r) => r.id),
        'bs.eins',
      ),
    ).toBe(2);
    expect((await tasks.list(bs, { view: 'mine', variables: { channel: 'lead' } })).total).toBe(2);
    const workload = await tasks.workload(bsLead, 'BS');
    expect(workload.find((w) => w.assignee === 'bs.eins')).toMatchObject({ open: 2, overdue: 2 });
    await expect(tasks.workload(bs, 'BS')).rejects.toMatchObject({ code: 'TEAM_LEAD_REQUIRED' });
    await expect(tasks.workload(bsLead, 'LG')).rejects.toMatchObject({ code: 'TEAM_LEAD_REQUIRED' });
    await expect(tasks.reassignMany(lg, [rows[0].id], 'lg.eins')).rejects.toMatchObject({
      code: 'TASK_FORBIDDEN',
    });
    for (const k of keys) await zeebe.cancelProcessInstance(k);
  });

  it('saves a draft, refuses invalid data field by field, completes valid data once; the process moves on', async () => {
    const pi = await startTest({ channel: 'complete' });
    const row = await taskRow(pi, 'review');
    await tasks.claim(bs, row.id);
    await tasks.saveDraft(bs, row.id, { complaintRoute: 'internal', classificationNote: 'halb fertig' });
    const reread = await tasks.get(bs, row.id);
    expect(reread.draft).toEqual({ complaintRoute: 'internal', classificationNote: 'halb fertig' });
    expect(reread.draftBy).toBe('bs.eins');
    expect(reread.draftSavedAt).not.toBeNull();

    await expect(tasks.complete(lg, row.id, { complaintRoute: 'internal' })).rejects.toMatchObject({
      code: 'TASK_FORBIDDEN',
    });
    await expect(tasks.complete(bs2, row.id, { complaintRoute: 'internal' })).rejects.toMatchObject({
      code: 'TASK_ASSIGNED_TO_OTHER',
    });
    const invalid = (await tasks
      .complete(bs, row.id, { complaintRoute: 'quatsch' })
      .catch((e: unknown) => e)) as FormInvalidError;
    expect(invalid.code).toBe('FORM_INVALID');
    expect(invalid.errors.map((e) => e.key)).toEqual(['complaintRoute']);
    const missing = (await tasks.complete(bs, row.id, {}).catch((e: unknown) => e)) as FormInvalidError;
    expect(missing.code).toBe('FORM_INVALID');
    expect(missing.errors[0]).toMatchObject({ key: 'complaintRoute' });
    expect((await tasks.get(bs, row.id)).state).toBe('open');
    const engine = app.get(ZeebeService).embeddedEngine!;
    expect((await engine.inspect.instance(pi))?.activeElements).toContain('review');

    const done = await tasks.complete(bs, row.id, { complaintRoute: 'internal', classificationNote: 'ok' });
    expect(done.state).toBe('completed');
    expect(done.completedAt).not.toBeNull();
    expect(done.draft).toBeNull();
    await expect(tasks.complete(bs, row.id, { complaintRoute: 'internal' })).rejects.toMatchObject({
      code: 'TASK_ALREADY_COMPLETED',
    });

    const next = await taskRow(pi, 'next');
    expect(next).toMatchObject({ name: 'Weiterbearbeiten', candidateGroups: ['LG'], state: 'open' });
    expect(next.variables).toMatchObject({ complaintRoute: 'internal', classificationNote: 'ok' });
    expect((await tasks.list(lg, { view: 'unit' })).items.map((t) => t.id)).toContain(next.id);
    await zeebe.cancelProcessInstance(pi);
  });

  it('tells that the engine cancelled the task and completes nothing', async () => {
    const pi = await startTest({ channel: 'cancel' });
    const row = await taskRow(pi, 'review');
    await zeebe.cancelProcessInstance(pi);
    await expect(tasks.complete(bs, row.id, { complaintRoute: 'internal' })).rejects.toMatchObject({
      code: 'TASK_CANCELLED',
    });
    expect((await tasks.get(bs, row.id)).state).toBe('cancelled');
    await expect(tasks.complete(bs, row.id, { complaintRoute: 'internal' })).rejects.toMatchObject({
      code: 'TASK_CANCELLED',
    });
    await expect(tasks.claim(bs, row.id)).rejects.toMatchObject({ code: 'TASK_CANCELLED' });
  });

  it('extends the job before its deadline, so the engine never hands the task out again', async () => {
    const pi = await startTest({ channel: 'extend' });
    const row = await taskRow(pi, 'review');
    const firstDeadline = row.jobDeadline!.getTime();
    await new Promise((r) => setTimeout(r, JOB_TIMEOUT_MS * 2));
    const later = await orm.em.fork().findOneOrFail(Task, { id: row.id });
    expect(later.state).toBe('open');
    expect(later.jobDeadline!.getTime()).toBeGreaterThan(firstDeadline + JOB_TIMEOUT_MS / 2);
    // another worker gets nothing: the job is still held
    const stolen = await zeebe.activateJobs({
      type: 'io.camunda.zeebe:userTask',
      worker: 'intruder',
      timeout: 60_000,
      maxJobsToActivate: 100,
    });
    expect(stolen.map((j) => j.key)).not.toContain(row.jobKey);
    // a duplicate activation of the same job is idempotent
    const collector = app.get(TaskCollector);
    expect(collector.jobTimeoutMs).toBe(JOB_TIMEOUT_MS);
    expect(await orm.em.fork().count(Task, { jobKey: row.jobKey })).toBe(1);
    await zeebe.cancelProcessInstance(pi);
  }, 30_000);
});
