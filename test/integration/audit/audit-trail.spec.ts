/**
 * What the audit trail records when people use the platform (issue 7 § 1), through the real app and
 * PostgreSQL: sign-ins (success and failure), a person search with its hits, reading a case file, a note,
 * a Wiedervorlage set and read, a case file refused to a caseworker of another unit, a request refused by
 * role and one without CSRF token. Every entry names who (user, roles, units), what and the outcome, holds
 * no names of the person, and the chain verifies.
 */
import { EntityManager, MikroORM, RequestContext } from '@mikro-orm/postgresql';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AuditService } from '../../../src/audit';
import { CasesService, type Person } from '../../../src/cases';
import { addDays } from '../../../src/common/calendar';
import { ClockService } from '../../../src/engine/clock.service';
import { createPerson } from '../../factories/person.factory';
import { createUser } from '../../factories/user.factory';
import { createSignedInUsers, signedIn, type SignedInAgent } from '../../utils/agents';
import { createTestApp } from '../../utils/app';
import { sdkApi } from '../../utils/engine';
import { deployUserTaskProcess, userTaskProcess } from '../../utils/user-tasks';
import { ZeebeService } from '../../../src/engine/zeebe.service';
import { createTestDatabase, type TestDatabase } from '../../utils/database';

interface Row {
  seq: string;
  actor: string;
  roles: string[];
  units: string[];
  action: string;
  resource_type: string;
  resource_id: string | null;
  person_id: string | null;
  outcome: string;
  details: Record<string, unknown> | null;
}

describe('audit trail of the platform', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let person: Person;
  let agents: Record<string, SignedInAgent> = {};

  const em = (): EntityManager => app.get(MikroORM).em.fork() as EntityManager;
  const entriesAfter = async (seq: string): Promise<Row[]> =>
    em().execute<Row[]>(
      `select seq::text as seq, actor, roles, units, action, resource_type, resource_id, person_id, outcome, details
         from audit_entry where seq > ? order by seq`,
      [seq],
    );
  const lastSeq = async (): Promise<string> =>
    (await em().execute<{ s: string }[]>(`select coalesce(max(seq), 0)::text as s from audit_entry`))[0].s;

  beforeAll(async () => {
    db = await createTestDatabase('mia_test_audit_trail');
    app = await createTestApp({ databaseUrl: db.url });
    agents = await createSignedInUsers(app, [
      { username: 'sb.lg', displayName: 'Sachbearbeitung LG', units: ['LG'] },
      { username: 'sb.bs', displayName: 'Sachbearbeitung BS', units: ['BS'] },
      { username: 'qs.mia', displayName: 'Qualitätssicherung', units: [], roles: ['quality'] },
    ]);
    person = await RequestContext.create(app.get(MikroORM).em.fork(), async () => {
      const cases = app.get(CasesService);
      const created = await createPerson(cases, { familyName: 'Haddad', givenNames: 'Samira' });
      await cases.linkProcess(created.id, {
        processInstanceKey: '2251799813999201',
        bpmnProcessId: 'asylblg-but-krankenhilfe',
        caseId: created.fileNumber,
      });
      return created;
    });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('records sign-ins, failed ones under the name that was tried', async () => {
    await createUser(app, { username: 'sb.abh', displayName: 'SB ABH', units: ['ABH'] });
    const before = await lastSeq();
    await request(app.getHttpServer())
      .post('/api/auth/login')
      .send({ username: 'sb.abh', password: 'falsch-falsch-falsch' })
      .expect(401);
    const { agent } = await signedIn(app, 'sb.abh');
    await agent.get('/api/auth/me');
    const rows = await entriesAfter(before);
    expect(rows.map((r) => [r.actor, r.action, r.outcome, r.details?.method])).toEqual([
      ['sb.abh', 'sign-in', 'denied', 'password'],
      ['sb.abh', 'sign-in', 'success', 'password'],
    ]);
    expect(rows[1]).toMatchObject({ roles: ['caseworker'], units: ['ABH'], resource_type: 'session' });
  });

  it('records a search with the persons it found, the case file read and a note written', async () => {
    const lg = agents['sb.lg'];
    const before = await lastSeq();
    const hits = (await lg.agent.get('/api/persons').query({ q: 'Haddad' }).expect(200)).body as {
      id: string;
    }[];
    expect(hits.map((h) => h.id)).toContain(person.id);
    await lg.agent.get(`/api/persons/${person.id}`).expect(200);
    const note = (
      await lg.agent
        .post(`/api/persons/${person.id}/notes`)
        .set('x-csrf-token', lg.csrf)
        .send({ text: 'Rückruf vereinbart' })
        .expect(201)
    ).body as { id: string };
    const rows = await entriesAfter(before);
    expect(
      rows.map((r) => [r.actor, r.action, r.resource_type, r.resource_id, r.person_id, r.outcome]),
    ).toEqual([
      ['sb.lg', 'search', 'person', null, null, 'success'],
      ['sb.lg', 'read', 'person', person.id, person.id, 'success'],
      ['sb.lg', 'create', 'case-note', note.id, person.id, 'success'],
    ]);
    expect(rows[0].details).toMatchObject({ count: hits.length, personIds: hits.map((h) => h.id) });
    expect(rows.every((r) => r.roles.includes('caseworker') && r.units.includes('LG'))).toBe(true);
  });

  it('records a Wiedervorlage set and read, and what another unit was refused', async () => {
    const lg = agents['sb.lg'];
    const bs = agents['sb.bs'];
    const before = await lastSeq();
    const today = await app.get(ClockService).today();
    const created = (
      await lg.agent
        .post(`/api/persons/${person.id}/follow-ups`)
        .set('x-csrf-token', lg.csrf)
        .send({ unit: 'LG', dueOn: addDays(today, 7), reason: 'Kontoauszüge nachfordern' })
        .expect(201)
    ).body as { id: string };
    await lg.agent.get(`/api/follow-ups/${created.id}`).expect(200);
    await bs.agent.get(`/api/persons/${person.id}`).expect(403);
    await bs.agent.get(`/api/follow-ups/${created.id}`).expect(403);
    const rows = await entriesAfter(before);
    expect(
      rows.map((r) => [r.actor, r.action, r.resource_type, r.person_id, r.outcome, r.details?.code ?? null]),
    ).toEqual([
      ['sb.lg', 'create', 'follow-up', person.id, 'success', null],
      ['sb.lg', 'read', 'follow-up', person.id, 'success', null],
      ['sb.bs', 'read', 'person', person.id, 'denied', 'CASE_FILE_FORBIDDEN'],
      ['sb.bs', 'read', 'follow-up', null, 'denied', 'FOLLOW_UP_FORBIDDEN'],
    ]);
    expect(rows[0].resource_id).toBe(created.id);
  });

  it('records requests refused by role and by a missing CSRF token', async () => {
    const lg = agents['sb.lg'];
    const before = await lastSeq();
    await lg.agent.get('/api/tasks/workload').query({ unit: 'LG' }).expect(403);
    await lg.agent.post(`/api/persons/${person.id}/notes`).send({ text: 'ohne Token' }).expect(403);
    const rows = await entriesAfter(before);
    expect(rows.map((r) => [r.actor, r.action, r.resource_type, r.outcome, r.details?.code])).toEqual([
      ['sb.lg', 'GET /api/tasks/workload', 'route', 'denied', 'FORBIDDEN'],
      ['sb.lg', 'POST /api/persons/:id/notes', 'route', 'denied', 'CSRF_TOKEN_INVALID'],
    ]);
  });

  it('shows quality staff the entries about a person, as a page and as CSV, and records that they looked', async () => {
    const qs = agents['qs.mia'];
    const before = await lastSeq();
    const page = (await qs.agent.get('/api/audit').query({ person: person.id }).expect(200)).body as {
      items: { actor: string; action: string; resourceType: string; outcome: string }[];
      total: number;
    };
    // newest first: the refusals, the follow-up, the note, the read, the search that showed the person
    expect(page.items.map((e) => [e.actor, e.action, e.resourceType, e.outcome])).toEqual([
      ['sb.bs', 'read', 'person', 'denied'],
      ['sb.lg', 'read', 'follow-up', 'success'],
      ['sb.lg', 'create', 'follow-up', 'success'],
      ['sb.lg', 'create', 'case-note', 'success'],
      ['sb.lg', 'read', 'person', 'success'],
      ['sb.lg', 'search', 'person', 'success'],
    ]);
    expect(page.total).toBe(6);

    const html = (await qs.agent.get('/protokoll').query({ person: person.id, einheit: 'LG' }).expect(200))
      .text;
    expect(html).toContain('<h1>Protokoll</h1>');
    expect(html).toContain('<span id="anzahl">5</span> Einträge');

    const csv = await qs.agent.get('/api/audit/export.csv').query({ benutzer: 'sb.bs' }).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Nr.;Zeitpunkt;Benutzer;Rollen;Einheiten;Aktion;Objektart;Objekt;Person;Ergebnis;Angaben',
    );
    expect(
      lines.slice(1).map((l) => l.split(';').slice(2, 3).concat(l.split(';').slice(5, 7), l.split(';')[9])),
    ).toEqual([
      ['sb.bs', 'sign-in', 'session', 'success'],
      ['sb.bs', 'read', 'person', 'denied'],
      ['sb.bs', 'read', 'follow-up', 'denied'],
    ]);

    const reads = await entriesAfter(before);
    expect(reads.map((r) => [r.actor, r.action, r.resource_type, r.person_id])).toEqual([
      ['qs.mia', 'read', 'audit', person.id],
      ['qs.mia', 'read', 'audit', person.id],
      ['qs.mia', 'export', 'audit', null],
    ]);
    expect(reads[2].details).toMatchObject({ filter: { actor: 'sb.bs' } });
  });

  it('refuses the audit view to caseworkers and wrong filters with the field named', async () => {
    const lg = agents['sb.lg'];
    await lg.agent.get('/api/audit').expect(403);
    expect((await lg.agent.get('/protokoll').expect(403)).text).toContain('<html lang="de">');
    const qs = agents['qs.mia'];
    const bad = await qs.agent.get('/api/audit').query({ von: '2026-02-31' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('Von: diesen Tag gibt es nicht.');
    const order = await qs.agent
      .get('/api/audit')
      .query({ von: '2026-11-28', bis: '2026-11-01' })
      .expect(400);
    expect(order.body).toMatchObject({ code: 'AUDIT_PERIOD_INVALID' });
    await qs.agent.get('/api/audit').query({ person: "x' or 1=1 --" }).expect(400);
    const page = await qs.agent.get('/protokoll').query({ einheit: 'XYZ' }).expect(400);
    expect(page.text).toContain('Einheit: bitte eine Einheit aus der Liste wählen.');
  });

  it('records the task list, a task read with its variables, claim, draft and completion', async () => {
    const xml = userTaskProcess('audit_task_probe', [
      { id: 'pruefen', name: 'Antrag prüfen', candidateGroups: 'LG' },
    ]);
    await deployUserTaskProcess(app, 'audit_task_probe', xml);
    const created = await sdkApi(app.get(ZeebeService).client).createProcessInstance({
      bpmnProcessId: 'audit_task_probe',
      variables: { personId: person.id, caseId: person.fileNumber },
    });
    const lg = agents['sb.lg'];
    let task: { id: string } | undefined;
    // the task collector takes the job from the engine; on a loaded machine that can take a while
    for (const until = Date.now() + 60_000; !task && Date.now() < until;) {
      const page = (await lg.agent.get('/api/tasks').expect(200)).body as {
        items: { id: string; processInstanceKey: string }[];
      };
      task = page.items.find((t) => t.processInstanceKey === created.processInstanceKey);
      if (!task) await new Promise((r) => setTimeout(r, 250));
    }
    if (!task) throw new Error('the task did not reach the task list');
    const before = await lastSeq();
    await lg.agent.get('/api/tasks').expect(200);
    await lg.agent.get(`/api/tasks/${task.id}`).expect(200);
    await lg.agent.post(`/api/tasks/${task.id}/claim`).set('x-csrf-token', lg.csrf).expect(200);
    await lg.agent
      .put(`/api/tasks/${task.id}/draft`)
      .set('x-csrf-token', lg.csrf)
      .send({ data: {} })
      .expect(200);
    await lg.agent
      .post(`/api/tasks/${task.id}/complete`)
      .set('x-csrf-token', lg.csrf)
      .send({ data: {} })
      .expect(200);
    await agents['sb.bs'].agent.get(`/api/tasks/${task.id}`).expect(403);
    const rows = await entriesAfter(before);
    expect(
      rows.map((r) => [r.actor, r.action, r.resource_id, r.person_id, r.outcome, r.details?.change ?? null]),
    ).toEqual([
      ['sb.lg', 'list', null, null, 'success', null],
      ['sb.lg', 'read', task.id, person.id, 'success', null],
      ['sb.lg', 'update', task.id, person.id, 'success', 'claim'],
      ['sb.lg', 'update', task.id, person.id, 'success', 'draft'],
      ['sb.lg', 'update', task.id, person.id, 'success', 'complete'],
      ['sb.bs', 'read', task.id, null, 'denied', null],
    ]);
    expect(rows[0].details?.personIds).toContain(person.id);
  }, 120_000);

  it('holds no names of the person anywhere, and the chain verifies', async () => {
    const rows = await entriesAfter('0');
    expect(rows.length).toBeGreaterThan(10);
    const text = JSON.stringify(rows);
    expect(text).not.toMatch(/Haddad|Samira|Rückruf|Kontoauszüge/);
    expect(await app.get(AuditService).verify()).toEqual({ ok: true, checked: rows.length });
  });
});
