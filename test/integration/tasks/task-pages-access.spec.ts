/**
 * The task and team pages, route by route, for who may not: a caseworker of another unit, a quality
 * user without units, an admin, a team lead of another unit — each gets a German 403 page and nothing
 * changes; forged posts without the CSRF token get a German 403 page; a filter or form value no form
 * sends (31.02., page 0, an unknown sort, a malformed task id) gets a German 400 page naming the field.
 */
import type { INestApplication } from '@nestjs/common';
import { ZeebeService } from '../../../src/engine/zeebe.service';
import { createSignedInUsers, type SignedInAgent } from '../../utils/agents';
import { createTestApp } from '../../utils/app';
import { createTestDatabase, type TestDatabase } from '../../utils/database';
import { waitFor } from '../../utils/engine';
import { deployUserTaskProcess, userTaskProcess } from '../../utils/user-tasks';

const PROCESS_ID = 'task-pages-access-test';
const XML = userTaskProcess(PROCESS_ID, [
  { id: 'review', name: 'Zugriffsaufgabe', candidateGroups: 'BS', dueDate: '=dueAt' },
]);

describe('task and team pages: access per route and invalid input', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let taskId: string;
  let agents: Record<string, SignedInAgent> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp({ databaseUrl: db.url });
    agents = await createSignedInUsers(app, [
      { username: 'sb.bs', displayName: 'Sachbearbeitung BS', units: ['BS'] },
      { username: 'sb.lg', displayName: 'Sachbearbeitung LG', units: ['LG'] },
      { username: 'qs.mia', displayName: 'Qualitätssicherung', units: [], roles: ['quality'] },
      { username: 'admin', displayName: 'Administration', units: [], roles: ['admin'] },
      { username: 'tl.bs', displayName: 'Teamleitung BS', units: ['BS'], roles: ['team-lead'] },
      { username: 'tl.lg', displayName: 'Teamleitung LG', units: ['LG'], roles: ['team-lead'] },
    ]);
    await deployUserTaskProcess(app, PROCESS_ID, XML);
    const created = await app.get(ZeebeService).client.createProcessInstance({
      bpmnProcessId: PROCESS_ID,
      variables: { dueAt: '2030-01-01T10:00:00Z' },
    });
    const key = String(created.processInstanceKey);
    taskId = await waitFor(
      async () => {
        const res = await agents['sb.bs'].agent
          .get('/api/tasks')
          .query({ view: 'unit', process: PROCESS_ID });
        const items = (res.body as { items: { id: string; processInstanceKey: string }[] }).items ?? [];
        return items.find((t) => t.processInstanceKey === key)?.id;
      },
      60_000,
      100,
      'the test task in the list of BS',
    );
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /** the task's assignee as its unit sees it (null: nobody) */
  const assignee = async (): Promise<string | null> =>
    (
      (await agents['sb.bs'].agent.get(`/api/tasks/${taskId}`).expect(200)).body as {
        assignee: string | null;
      }
    ).assignee;

  const germanPage = (res: { type: string; text: string }, heading: string): void => {
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('<html lang="de">');
    expect(res.text).toContain(`<h1>${heading}</h1>`);
  };

  describe('task page /aufgaben/:id', () => {
    it.each(['sb.lg', 'qs.mia', 'admin'])(
      '%s may neither open nor claim the task of BS (403)',
      async (who) => {
        const { agent, csrf } = agents[who];
        germanPage(await agent.get(`/aufgaben/${taskId}`).expect(403), 'Kein Zugriff auf diese Aufgabe');
        const claim = await agent
          .post(`/aufgaben/${taskId}/uebernehmen`)
          .type('form')
          .send({ _csrf: csrf })
          .expect(403);
        germanPage(claim, 'Kein Zugriff auf diese Aufgabe');
        expect(claim.text).toContain('Diese Aufgabe gehört nicht zu Ihren Einheiten.');
        expect(await assignee()).toBeNull();
      },
    );

    it.each(['sb.lg', 'qs.mia', 'admin'])(
      '%s does not see it in any tab of the task list, whatever the filter',
      async (who) => {
        for (const ansicht of ['meine', 'einheit', 'ueberfaellig']) {
          // not even when filtering by the task's unit and process
          for (const filter of ['', `&einheit=BS&verfahren=${PROCESS_ID}`]) {
            const res = await agents[who].agent.get(`/aufgaben?ansicht=${ansicht}${filter}`).expect(200);
            expect(res.text).not.toContain(`/aufgaben/${taskId}`);
          }
        }
      },
    );

    it('refuses a claim without the CSRF token (403, German page), the task stays unclaimed', async () => {
      const res = await agents['sb.bs'].agent
        .post(`/aufgaben/${taskId}/uebernehmen`)
        .type('form')
        .send({})
        .expect(403);
      germanPage(res, 'Sicherheitsprüfung fehlgeschlagen');
      expect(res.text).toContain('es wurde nichts geändert');
      // a token of another session is no better
      await agents['sb.bs'].agent
        .post(`/aufgaben/${taskId}/uebernehmen`)
        .type('form')
        .send({ _csrf: agents['tl.bs'].csrf })
        .expect(403);
      expect(await assignee()).toBeNull();
    });

    it('answers a malformed or unknown task id with a German 404 page', async () => {
      const { agent } = agents['sb.bs'];
      germanPage(await agent.get('/aufgaben/keine-uuid').expect(404), 'Aufgabe nicht gefunden');
      germanPage(
        await agent.get('/aufgaben/00000000-0000-4000-8000-000000000000').expect(404),
        'Aufgabe nicht gefunden',
      );
    });
  });

  describe('task list /aufgaben: a filter value the form does not send', () => {
    it.each([
      ['faelligVon=2026-02-31', 'Fällig von: bitte ein gültiges Datum angeben (TT.MM.JJJJ).'],
      ['faelligBis=31.02.2026', 'Fällig bis: bitte ein gültiges Datum angeben (TT.MM.JJJJ).'],
      ['wiedervorlageVon=morgen', 'Wiedervorlage von: bitte ein gültiges Datum angeben (TT.MM.JJJJ).'],
      ['wiedervorlageBis=2026-13-01', 'Wiedervorlage bis: bitte ein gültiges Datum angeben (TT.MM.JJJJ).'],
      ['ansicht=alle', 'Ansicht: Meine Aufgaben, Aufgaben meiner Einheit oder Überfällig.'],
      ['sortierung=geheim', 'Sortieren nach: bitte einen Eintrag der Liste wählen.'],
      ['reihenfolge=quer', 'Reihenfolge: bitte einen Eintrag der Liste wählen.'],
      ['seite=0', 'Seite: bitte eine ganze Zahl ab 1 angeben.'],
      ['seite=zwei', 'Seite: bitte eine ganze Zahl ab 1 angeben.'],
      [`person=${'x'.repeat(201)}`, 'Person oder Aktenzeichen: höchstens 200 Zeichen.'],
      ['variable=1abc&wert=x', 'Variable: bitte einen Eintrag der Liste wählen.'],
      ['einheit=ABCDEFGHI', 'Einheit: bitte einen Eintrag der Liste wählen.'],
      ['unbekannt=1', 'unbekannt: Dieses Feld gibt es im Formular nicht.'],
    ])('%s → 400 “%s”', async (query, message) => {
      const res = await agents['sb.bs'].agent.get(`/aufgaben?${query}`).expect(400);
      germanPage(res, 'Ungültige Eingabe');
      expect(res.text).toContain(message);
      // once, even when several checks of the field fail
      expect(res.text.split(message)).toHaveLength(2);
    });
  });

  describe('team page /aufgaben/team', () => {
    it.each(['sb.bs', 'sb.lg', 'qs.mia'])(
      '%s gets a German 403 page, also for the form post',
      async (who) => {
        const { agent, csrf } = agents[who];
        germanPage(await agent.get('/aufgaben/team').expect(403), 'Kein Zugriff auf die Teamübersicht');
        const post = await agent
          .post('/aufgaben/team/zuweisen')
          .type('form')
          .send({ _csrf: csrf, einheit: 'BS', aufgaben: taskId, an: 'sb.bs' })
          .expect(403);
        germanPage(post, 'Kein Zugriff auf die Teamübersicht');
        expect(await assignee()).toBeNull();
      },
    );

    it.each(['tl.lg', 'admin'])('%s may not open or assign the tasks of BS', async (who) => {
      const { agent, csrf } = agents[who];
      const page = await agent.get('/aufgaben/team?einheit=BS').expect(403);
      germanPage(page, 'Kein Zugriff auf diese Einheit');
      expect(page.text).toContain('Sie sind nicht Teamleitung dieser Einheit.');
      const post = await agent
        .post('/aufgaben/team/zuweisen')
        .type('form')
        .send({ _csrf: csrf, einheit: 'BS', aufgaben: taskId, an: 'sb.bs' })
        .expect(403);
      germanPage(post, 'Kein Zugriff auf diese Einheit');
      expect(await assignee()).toBeNull();
    });

    it.each([
      ['seite=0', 'Seite: bitte eine ganze Zahl ab 1 angeben.'],
      [`bearbeitung=${'x'.repeat(121)}`, 'Bearbeitung: bitte einen Eintrag der Liste wählen.'],
      ['einheit=ABCDEFGHI', 'Einheit: bitte eine Einheit aus der Liste wählen.'],
    ])('GET ?%s → 400 “%s”', async (query, message) => {
      const res = await agents['tl.bs'].agent.get(`/aufgaben/team?${query}`).expect(400);
      germanPage(res, 'Ungültige Eingabe');
      expect(res.text).toContain(message);
    });

    it.each([
      [
        'a malformed task id',
        { aufgaben: 'keine-uuid', an: 'sb.bs' },
        'Aufgaben: nur Aufgaben der Liste (unbekannte Kennung).',
      ],
      [
        'a too long person',
        { aufgaben: 'TASK', an: 'x'.repeat(121) },
        'Ausgewählte Aufgaben zuweisen an: bitte eine Person der Liste wählen.',
      ],
    ])('POST with %s → 400 naming the field, nothing assigned', async (_case, fields, message) => {
      const { agent, csrf } = agents['tl.bs'];
      const res = await agent
        .post('/aufgaben/team/zuweisen')
        .type('form')
        .send({ _csrf: csrf, einheit: 'BS', ...fields, aufgaben: fields.aufgaben.replace('TASK', taskId) })
        .expect(400);
      germanPage(res, 'Ungültige Eingabe');
      expect(res.text).toContain(message);
      expect(await assignee()).toBeNull();
    });

    it('names an unknown task id of a bulk assignment and assigns the rest', async () => {
      const { agent, csrf } = agents['tl.bs'];
      const body = new URLSearchParams({ _csrf: csrf, einheit: 'BS', an: 'sb.bs' });
      body.append('aufgaben', '00000000-0000-4000-8000-000000000000');
      body.append('aufgaben', taskId);
      const res = await agent.post('/aufgaben/team/zuweisen').type('form').send(body.toString()).expect(200);
      expect(res.text).toContain('1 Aufgabe ist jetzt Sachbearbeitung BS zugewiesen.');
      expect(res.text).toContain('Eine Aufgabe – gibt es nicht mehr');
      expect(await assignee()).toBe('sb.bs');
    });
  });
});
