/**
 * GDPR retention (issue 7 § 2) on the whole platform with the embedded engine: persons with a case
 * process (task with a draft, note, status episodes, document, Wiedervorlage, events), the engine clock
 * moved by years, the erasure job run by an admin and by the daily scheduler. An expired person is gone
 * from every place (case tables, tasks, documents, the engine's rows and event log, the search); the
 * statistics' events stay, anonymised; the deletion record holds no personal data; a person with a
 * running process is deferred by the job and refused on request (409) until the process ends.
 */
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import type { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import { CasesService, type Person } from '../../../src/cases';
import { DocumentsService } from '../../../src/documents';
import { ZeebeService } from '../../../src/engine/zeebe.service';
import { RetentionScheduler } from '../../../src/privacy/retention/retention.scheduler';
import { createPerson } from '../../factories/person.factory';
import { createUser } from '../../factories/user.factory';
import { signedIn, type SignedInAgent } from '../../utils/agents';
import { createTestApp } from '../../utils/app';
import { createTestDatabase, type TestDatabase } from '../../utils/database';

const DAY_MS = 24 * 3600 * 1000;

interface RunBody {
  runId: string;
  trigger: string;
  day: string;
  persons: number;
  deferred: number;
  complaints: number;
  taskDrafts: number;
  sessions: number;
}

interface DeletionBody {
  items: {
    id: string;
    trigger: string;
    actor: string;
    ruleKey: string | null;
    ruleValidFrom: string | null;
    category: string;
    recordType: string;
    count: number;
    places: Record<string, number>;
  }[];
  total: number;
}

describe('GDPR retention: erasure job and erasure on request (/api/privacy)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let pool: Pool;
  let admin: SignedInAgent;
  let lg: SignedInAgent;
  let quality: SignedInAgent;
  /** expires (AsylbLG file, left Germany) */
  let alma: Person;
  let almaKey: string;
  /** has a running process */
  let bruno: Person;
  let brunoKey: string;
  /** still lives here (residence permit): never erased automatically */
  let chiara: Person;
  /** a complaint whose process was cancelled (retention: 3 years) */
  let complaintKey: string;
  let complaintReference: string;

  const inContext = <T>(fn: () => Promise<T>): Promise<T> =>
    RequestContext.create(app.get(MikroORM).em.fork(), fn);
  const count = async (sql: string, params: unknown[]): Promise<number> =>
    Number((await pool.query<{ n: string }>(`select count(*) as n from (${sql}) x`, params)).rows[0].n);

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const until = Date.now() + 20_000;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** starts the BuT/Krankenhilfe process for the person as the admin; its first task (LG) */
  async function startCase(person: Person): Promise<{ key: string; taskId: string }> {
    const res = await admin.agent
      .post(`/api/persons/${person.id}/processes`)
      .set('x-csrf-token', admin.csrf)
      .send({ bpmnProcessId: 'asylblg-but-krankenhilfe', variables: { requestType: 'BuT' } })
      .expect(201);
    const key = (res.body as { processInstanceKey: string }).processInstanceKey;
    const taskId = await waitFor('the task row', async () => {
      const { rows } = await pool.query<{ id: string }>(
        `select id from task where process_instance_key = $1`,
        [key],
      );
      return rows[0]?.id;
    });
    return { key, taskId };
  }

  async function claimWithDraft(taskId: string): Promise<void> {
    await lg.agent.post(`/api/tasks/${taskId}/claim`).set('x-csrf-token', lg.csrf).expect(200);
    await lg.agent
      .put(`/api/tasks/${taskId}/draft`)
      .set('x-csrf-token', lg.csrf)
      .send({ data: { bemerkung: 'Entwurf mit persönlichen Angaben' } })
      .expect(200);
  }

  /** cancels the instance; waits for its task row to be closed unless `engineOnly` */
  async function cancel(key: string, engineOnly = false): Promise<void> {
    await admin.agent
      .post(`/api/operations/instances/${key}/cancel`)
      .set('x-csrf-token', admin.csrf)
      .send({ reason: 'Antrag zurückgenommen' })
      .expect(200);
    await waitFor('the instance to end', async () =>
      (await count(`select 1 from engine.process_instance where key = $1 and state = 'ACTIVE'`, [key])) === 0
        ? true
        : undefined,
    );
    if (engineOnly) return;
    await waitFor('its task to be closed', async () =>
      (await count(`select 1 from task where process_instance_key = $1 and state = 'open'`, [key])) === 0
        ? true
        : undefined,
    );
  }

  async function advanceYears(years: number): Promise<void> {
    const engine = app.get(ZeebeService).embeddedEngine;
    if (!engine) throw new Error('needs the embedded engine');
    await engine.clock.add(Math.round(years * 365.25 * DAY_MS));
  }

  async function run(): Promise<RunBody> {
    const res = await admin.agent
      .post('/api/privacy/retention/run')
      .set('x-csrf-token', admin.csrf)
      .expect(200);
    return res.body as RunBody;
  }

  /** rows about a person in every place the platform keeps them */
  async function placesOf(person: Person, key: string): Promise<Record<string, number>> {
    const id = person.id;
    return {
      person: await count(`select 1 from person where id = $1`, [id]),
      household: await count(`select 1 from household where id = $1`, [person.household?.id ?? null]),
      status_episode: await count(`select 1 from status_episode where person_id = $1`, [id]),
      case_note: await count(`select 1 from case_note where person_id = $1`, [id]),
      process_link: await count(`select 1 from process_link where person_id = $1`, [id]),
      domain_event: await count(`select 1 from domain_event where person_id = $1`, [id]),
      follow_up: await count(`select 1 from follow_up where person_id = $1`, [id]),
      task: await count(`select 1 from task where person_id = $1 or process_instance_key = $2`, [id, key]),
      generated_document: await count(`select 1 from generated_document where person_id = $1`, [id]),
      'engine.process_instance': await count(`select 1 from engine.process_instance where key = $1`, [key]),
      'engine.variable': await count(`select 1 from engine.variable where process_instance_key = $1`, [key]),
      'engine.job': await count(`select 1 from engine.job where process_instance_key = $1`, [key]),
      'engine.event_log': await count(`select 1 from engine.event_log where process_instance_key = $1`, [
        key,
      ]),
    };
  }

  beforeAll(async () => {
    db = await createTestDatabase('mia_test_retention');
    // short user-task job timeouts: the collector notices a cancelled instance's task within seconds
    app = await createTestApp({
      databaseUrl: db.url,
      env: { RETENTION_JOB: 'false', TASK_JOB_TIMEOUT_MS: '4000' },
    });
    pool = new Pool({ connectionString: db.url, max: 2 });
    // a connection the server ends (the database dropped at teardown) must not crash the suite
    pool.on('error', () => undefined);
    await createUser(app, { username: 'admin.ret', roles: ['admin'], units: [] });
    await createUser(app, { username: 'sb.lg.ret', roles: ['caseworker'], units: ['LG'] });
    await createUser(app, { username: 'qs.ret', roles: ['quality'], units: [] });
    admin = await signedIn(app, 'admin.ret');
    lg = await signedIn(app, 'sb.lg.ret');
    quality = await signedIn(app, 'qs.ret');
    const cases = app.get(CasesService);

    alma = await inContext(async () => {
      const household = await cases.createHousehold({ reference: 'ZUW-RET-1' });
      const p = await createPerson(cases, { familyName: 'Retentiova', givenNames: 'Alma' });
      await cases.setHousehold(p.id, household.id);
      return cases.getPerson(p.id);
    });
    const a = await startCase(alma);
    almaKey = a.key;
    await claimWithDraft(a.taskId);
    await admin.agent
      .post(`/api/persons/${alma.id}/notes`)
      .set('x-csrf-token', admin.csrf)
      .send({ text: 'Vorsprache: Alma Retentiova legt den Pass vor.' })
      .expect(201);
    await lg.agent
      .post(`/api/persons/${alma.id}/follow-ups`)
      .set('x-csrf-token', lg.csrf)
      .send({ unit: 'LG', dueOn: '2027-01-15', reason: 'Nachweise anfordern' })
      .expect(201);
    await inContext(async () => {
      const ctx = (step: string) => ({
        idempotencyPrefix: `retention-test-${step}`,
        processInstanceKey: almaKey,
      });
      await cases.startStatusEpisode(
        alma.id,
        { type: 'Aufenthaltsgestattung', validFrom: '2024-01-10' },
        ctx('gestattung'),
      );
      await cases.startStatusEpisode(
        alma.id,
        { type: 'Ausgereist', validFrom: '2026-11-01' },
        ctx('ausreise'),
      );
      await cases.recordEvent(
        'VoluntaryDeparture',
        { on: '2026-11-01', programme: 'REAG/GARP' },
        { personId: alma.id, occurredOn: '2026-11-01', ctx: ctx('ausreise') },
      );
      await app
        .get(DocumentsService)
        .issue(
          'aktenvermerk',
          { subject: 'Ausreise', paragraphs: ['Frau Retentiova ist ausgereist.'] },
          { personId: alma.id, caseId: alma.fileNumber, idempotencyKey: `retention-test:${alma.id}` },
        );
    });
    await cancel(almaKey);

    bruno = await inContext(() => createPerson(cases, { familyName: 'Laufendmann', givenNames: 'Bruno' }));
    brunoKey = (await startCase(bruno)).key;

    chiara = await inContext(() => createPerson(cases, { familyName: 'Bleibtreu', givenNames: 'Chiara' }));
    await inContext(() =>
      cases.startStatusEpisode(
        chiara.id,
        { type: 'Aufenthaltserlaubnis', legalBasis: '§ 25 Abs. 2 AufenthG', validFrom: '2025-03-01' },
        { idempotencyPrefix: 'retention-test-chiara' },
      ),
    );
    const c = await startCase(chiara);
    await claimWithDraft(c.taskId);
    await cancel(c.key);

    const complaint = await app.get(ZeebeService).client.createProcessInstance({
      bpmnProcessId: 'complaint-management',
      variables: { channel: 'letter' },
    });
    complaintKey = String(complaint.processInstanceKey);
    complaintReference = await waitFor('the complaint file', async () => {
      const { rows } = await pool.query<{ reference: string }>(
        `select reference from complaint where process_instance_key = $1`,
        [complaintKey],
      );
      return rows[0]?.reference;
    });
    await cancel(complaintKey, true);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await pool?.end();
    await db?.drop();
  }, 60_000);

  it('lists the rules in force, with their versions, to admins and quality staff only', async () => {
    const res = await quality.agent.get('/api/privacy/retention/rules').expect(200);
    const rules = res.body as { key: string; validFrom: string; period: unknown }[];
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          key: 'retention.case.asylblg',
          validFrom: '2020-01-01',
          period: { years: 10 },
        }),
        expect.objectContaining({ key: 'retention.case.abh.residing', period: null }),
        expect.objectContaining({ key: 'retention.task.draft', period: { days: 30 } }),
      ]),
    );
    await lg.agent.get('/api/privacy/retention/rules').expect(403);
    await lg.agent.post('/api/privacy/retention/run').set('x-csrf-token', lg.csrf).expect(403);
    await lg.agent.get('/api/privacy/deletions').expect(403);
  });

  it('keeps a person whose retention has not ended (9 years later); drafts of ended tasks are cleared', async () => {
    const before = await placesOf(alma, almaKey);
    expect(before).toEqual(
      expect.objectContaining({ person: 1, household: 1, status_episode: 2, case_note: 1, process_link: 1 }),
    );
    expect(before.follow_up).toBe(1);
    expect(before.generated_document).toBe(1);
    expect(before.task).toBe(1);
    expect(before['engine.process_instance']).toBe(1);
    expect(before['engine.event_log']).toBeGreaterThan(0);

    await advanceYears(9);
    const summary = await run();
    expect(summary).toEqual(
      expect.objectContaining({ trigger: 'manual', persons: 0, deferred: 0, complaints: 1, taskDrafts: 2 }),
    );
    expect(await placesOf(alma, almaKey)).toEqual(before);
    // the complaint file (3 years) is gone with its process data
    expect(await count(`select 1 from complaint where reference = $1`, [complaintReference])).toBe(0);
    for (const table of ['task', 'engine.variable', 'engine.event_log'])
      expect(await count(`select 1 from ${table} where process_instance_key = $1`, [complaintKey])).toBe(0);
    expect(await count(`select 1 from engine.process_instance where key = $1`, [complaintKey])).toBe(0);
    expect(await count(`select 1 from task where draft is not null`, [])).toBe(0);
    const search = await admin.agent.get('/api/persons').query({ q: 'Retentiova' }).expect(200);
    expect(JSON.stringify(search.body)).toContain(alma.id);
  });

  it('erases an expired person everywhere (11 years later), defers the one with a running process', async () => {
    const eventsBefore = await count(`select 1 from domain_event`, []);
    const almaEvents = await count(`select 1 from domain_event where person_id = $1`, [alma.id]);
    expect(almaEvents).toBeGreaterThanOrEqual(3);

    await advanceYears(2);
    const summary = await run();
    expect(summary).toEqual(expect.objectContaining({ persons: 1, deferred: 1, taskDrafts: 0 }));

    const after = await placesOf(alma, almaKey);
    expect(Object.entries(after).filter(([, n]) => n > 0)).toEqual([]);
    // the statistics keep counting: the same events, under an id that belongs to nobody
    expect(await count(`select 1 from domain_event`, [])).toBe(eventsBefore);
    expect(await count(`select 1 from domain_event where idempotency_key like $1`, [`%${alma.id}%`])).toBe(0);
    expect(
      await count(
        `select 1 from domain_event where type = 'VoluntaryDeparture' and payload->>'programme' = $1`,
        ['REAG/GARP'],
      ),
    ).toBe(1);
    // gone from the search and the case file
    const search = await admin.agent.get('/api/persons').query({ q: 'Retentiova' }).expect(200);
    expect(JSON.stringify(search.body)).not.toContain(alma.id);
    await admin.agent.get(`/api/persons/${alma.id}`).expect(404);
    // the running one and the one still living here are untouched
    expect((await placesOf(bruno, brunoKey)).person).toBe(1);
    expect(
      await count(`select 1 from engine.process_instance where key = $1 and state = 'ACTIVE'`, [brunoKey]),
    ).toBe(1);
    expect(await count(`select 1 from person where id = $1`, [chiara.id])).toBe(1);
    expect(await count(`select 1 from status_episode where person_id = $1`, [chiara.id])).toBe(1);
    // the erasure is in the audit trail (ids only)
    expect(
      await count(
        `select 1 from audit_entry where action = 'erase' and person_id = $1 and outcome = 'success'`,
        [alma.id],
      ),
    ).toBe(1);
  });

  it('leaves a deletion record with rule, category, count and time, without personal data', async () => {
    const res = await quality.agent.get('/api/privacy/deletions').expect(200);
    const body = res.body as DeletionBody;
    const person = body.items.find((d) => d.recordType === 'person');
    expect(person).toEqual(
      expect.objectContaining({
        trigger: 'manual',
        actor: 'admin.ret',
        ruleKey: 'retention.case.asylblg',
        ruleValidFrom: '2020-01-01',
        category: 'case.asylblg',
        count: 1,
      }),
    );
    expect(person?.places).toEqual(
      expect.objectContaining({
        person: 1,
        case_note: 1,
        status_episode: 2,
        task: 1,
        'engine.event_log': expect.any(Number),
      }),
    );
    expect(body.items.find((d) => d.recordType === 'complaint')).toEqual(
      expect.objectContaining({ category: 'complaint', count: 1, ruleKey: 'retention.complaint' }),
    );
    expect(body.items.find((d) => d.recordType === 'task-draft')).toEqual(
      expect.objectContaining({ category: 'task.draft', count: 2, ruleKey: 'retention.task.draft' }),
    );
    const text = JSON.stringify(body);
    for (const secret of [alma.id, alma.fileNumber, 'Retentiova', 'Alma', 'ZUW-RET-1', complaintReference])
      expect(text).not.toContain(secret);
    const stored = JSON.stringify((await pool.query(`select * from privacy_deletion`)).rows);
    expect(stored).not.toContain(alma.id);
    expect(stored).not.toContain(alma.fileNumber);
  });

  it('a second run erases nothing more', async () => {
    const deletions = await count(`select 1 from privacy_deletion`, []);
    const summary = await run();
    expect(summary).toEqual(
      expect.objectContaining({ persons: 0, deferred: 1, complaints: 0, taskDrafts: 0, sessions: 0 }),
    );
    expect(await count(`select 1 from privacy_deletion`, [])).toBe(deletions);
    expect(await count(`select 1 from person where id = any($1::uuid[])`, [[bruno.id, chiara.id]])).toBe(2);
  });

  it('refuses erasure on request while a process runs (409, German message), then erases once it ended', async () => {
    await lg.agent.delete(`/api/privacy/persons/${bruno.id}`).set('x-csrf-token', lg.csrf).expect(403);
    const refused = await admin.agent
      .delete(`/api/privacy/persons/${bruno.id}`)
      .set('x-csrf-token', admin.csrf)
      .expect(409);
    expect(refused.body).toEqual(
      expect.objectContaining({
        code: 'ERASURE_RUNNING_PROCESS',
        message: expect.stringContaining('läuft noch ein Prozess') as unknown,
      }),
    );
    expect((await placesOf(bruno, brunoKey)).person).toBe(1);
    expect(
      await count(
        `select 1 from audit_entry where action = 'erase' and person_id = $1 and outcome = 'failed'`,
        [bruno.id],
      ),
    ).toBe(1);

    // (after the clock moved by years the task row notices the cancellation late: the engine decides)
    await cancel(brunoKey, true);
    const erased = await admin.agent
      .delete(`/api/privacy/persons/${bruno.id}`)
      .set('x-csrf-token', admin.csrf)
      .expect(200);
    expect((erased.body as { places: Record<string, number> }).places).toEqual(
      expect.objectContaining({ person: 1, process_link: 1, task: 1 }),
    );
    const after = await placesOf(bruno, brunoKey);
    expect(Object.entries(after).filter(([, n]) => n > 0)).toEqual([]);
    const list = (await admin.agent.get('/api/privacy/deletions').expect(200)).body as DeletionBody;
    expect(list.items[0]).toEqual(
      expect.objectContaining({
        trigger: 'request',
        category: 'art17',
        recordType: 'person',
        ruleKey: null,
        count: 1,
      }),
    );
    expect(
      await count(
        `select 1 from audit_entry where action = 'erase' and person_id = $1 and outcome = 'success'`,
        [bruno.id],
      ),
    ).toBe(1);
    await admin.agent.delete(`/api/privacy/persons/${bruno.id}`).set('x-csrf-token', admin.csrf).expect(404);
  });

  it('the daily job runs once per engine day', async () => {
    const scheduler = app.get(RetentionScheduler);
    const first = await scheduler.tick();
    expect(first).toEqual(expect.objectContaining({ trigger: 'schedule', persons: 0 }));
    expect(await scheduler.tick()).toBeNull();
    await app.get(ZeebeService).embeddedEngine?.clock.add(DAY_MS);
    const next = await scheduler.tick();
    expect(next?.day).not.toBe(first?.day);
  });
});
