/**
 * The team lead's page (/aufgaben/team) over HTTP with signed-in sessions: the workload per person of
 * the unit, the bulk assignment as a plain form post with the session's CSRF token, its German
 * summary (also for a task the engine cancelled meanwhile), and who may not: a caseworker (403 page),
 * a lead of another unit, a post without the CSRF token.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import type { INestApplication } from '@nestjs/common';
import { ZeebeService } from '../../../src/engine/zeebe.service';
import { Task } from '../../../src/tasks';
import { createUser } from '../../factories/user.factory';
import { signedIn } from '../../utils/agents';
import { createTestApp } from '../../utils/app';
import { createTestDatabase, type TestDatabase } from '../../utils/database';
import { waitFor } from '../../utils/engine';
import { deployUserTaskProcess, userTaskProcess } from '../../utils/user-tasks';

const PROCESS_ID = 'task-pages-team-test';
const XML = userTaskProcess(PROCESS_ID, [
  { id: 'review', name: 'Teamaufgabe', candidateGroups: 'BS', dueDate: '=dueAt' },
]);

/** the cells of the workload row of a person, e.g. ["2", "1"] (open, overdue) */
function workloadOf(html: string, person: string): string[] {
  const table = /<table id="auslastung">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
  const row = new RegExp(`<th scope="row">${person}</th>([\\s\\S]*?)</tr>`).exec(table)?.[1];
  if (row === undefined) throw new Error(`no workload row for ${person}`);
  return [...row.matchAll(/<td class="number">(\d+)<\/td>/g)].map((m) => m[1]);
}

describe('team lead page (/aufgaben/team)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let orm: MikroORM;

  beforeAll(async () => {
    db = await createTestDatabase();
    // a short job timeout: the collector notices a cancelled task within seconds
    app = await createTestApp({ databaseUrl: db.url, env: { TASK_JOB_TIMEOUT_MS: '3000' } });
    orm = app.get(MikroORM);
    await createUser(app, { username: 'sb.bs', displayName: 'Sachbearbeitung BS', units: ['BS'] });
    await createUser(app, { username: 'sb2.bs', displayName: 'Zweite Sachbearbeitung BS', units: ['BS'] });
    await createUser(app, { username: 'sb.lg', displayName: 'Sachbearbeitung LG', units: ['LG'] });
    await createUser(app, {
      username: 'tl.bs',
      displayName: 'Teamleitung BS',
      units: ['BS'],
      roles: ['team-lead', 'caseworker'],
    });
    await createUser(app, {
      username: 'tl.lg',
      displayName: 'Teamleitung LG',
      units: ['LG'],
      roles: ['team-lead'],
    });
    await createUser(app, { username: 'admin', displayName: 'Administration', units: [], roles: ['admin'] });
    await deployUserTaskProcess(app, PROCESS_ID, XML);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /** starts n instances and waits for their tasks; returns task ids and instance keys */
  async function teamTasks(n: number, dueAt: string): Promise<{ id: string; key: string }[]> {
    const zeebe = app.get(ZeebeService).client;
    const keys: string[] = [];
    for (let i = 0; i < n; i++) {
      const created = await zeebe.createProcessInstance({ bpmnProcessId: PROCESS_ID, variables: { dueAt } });
      keys.push(String(created.processInstanceKey));
    }
    return waitFor(
      async () => {
        const rows = await orm.em.fork().find(Task, { processInstanceKey: { $in: keys }, state: 'open' });
        if (rows.length !== n) return undefined;
        return keys.map((key) => ({ id: rows.find((r) => r.processInstanceKey === key)!.id, key }));
      },
      45_000,
      50,
      'the team tasks',
    );
  }

  /** the form post of the page, encoded as a browser does (one field per ticked checkbox) */
  function assignForm(fields: { csrf?: string; ids: string[]; an: string; einheit?: string }): string {
    const body = new URLSearchParams();
    if (fields.csrf) body.append('_csrf', fields.csrf);
    body.append('einheit', fields.einheit ?? 'BS');
    for (const id of fields.ids) body.append('aufgaben', id);
    body.append('an', fields.an);
    return body.toString();
  }

  const mine = async (username: string): Promise<string[]> => {
    const { agent } = await signedIn(app, username);
    const res = await agent.get('/api/tasks').query({ view: 'mine', pageSize: 200 }).expect(200);
    return (res.body as { items: { id: string }[] }).items.map((t) => t.id);
  };

  it('answers a caseworker with a German 403 page, and refuses the form post too', async () => {
    const { agent, csrf } = await signedIn(app, 'sb.bs');
    const page = await agent.get('/aufgaben/team').expect(403);
    expect(page.text).toContain('Kein Zugriff auf die Teamübersicht');
    expect(page.text).toContain('<html lang="de">');
    const [task] = await teamTasks(1, '2030-01-01T10:00:00Z');
    const post = await agent
      .post('/aufgaben/team/zuweisen')
      .type('form')
      .send(assignForm({ csrf, ids: [task.id], an: 'sb.bs' }))
      .expect(403);
    expect(post.text).toContain('Kein Zugriff');
    expect(await mine('sb.bs')).not.toContain(task.id);
  });

  it('refuses a post without the CSRF token (403, German page) and changes nothing', async () => {
    const { agent } = await signedIn(app, 'tl.bs');
    const [task] = await teamTasks(1, '2030-01-01T10:00:00Z');
    const res = await agent
      .post('/aufgaben/team/zuweisen')
      .type('form')
      .send(assignForm({ ids: [task.id], an: 'sb.bs' }))
      .expect(403);
    expect(res.text).toContain('Sicherheitsprüfung fehlgeschlagen');
    // a token of another session is no better
    const other = await signedIn(app, 'tl.bs');
    await agent
      .post('/aufgaben/team/zuweisen')
      .type('form')
      .send(assignForm({ csrf: other.csrf, ids: [task.id], an: 'sb.bs' }))
      .expect(403);
    expect(await mine('sb.bs')).not.toContain(task.id);
  });

  it('shows the workload, reassigns ticked tasks to a member and says so in German', async () => {
    const lead = await signedIn(app, 'tl.bs');
    const overdue = await teamTasks(2, '2020-01-01T10:00:00Z');
    const later = await teamTasks(1, '2030-01-01T10:00:00Z');
    const before = await lead.agent.get('/aufgaben/team').expect(200);
    expect(before.text).toContain('Auslastung: BS – Beschwerdestelle');
    expect(workloadOf(before.text, 'Sachbearbeitung BS')).toEqual(['0', '0']);
    expect(workloadOf(before.text, 'Zweite Sachbearbeitung BS')).toEqual(['0', '0']);
    const [unassignedOpen, unassignedOverdue] = workloadOf(before.text, 'Nicht zugewiesen').map(Number);
    expect(unassignedOpen).toBeGreaterThanOrEqual(3);
    expect(unassignedOverdue).toBeGreaterThanOrEqual(2);
    // the unit's tasks with a checkbox each, and the members to assign to (not those of other units)
    for (const t of [...overdue, ...later]) expect(before.text).toContain(`name="aufgaben" value="${t.id}"`);
    expect(before.text).toContain('<option value="sb2.bs">Zweite Sachbearbeitung BS</option>');
    expect(before.text).not.toContain('sb.lg');

    const res = await lead.agent
      .post('/aufgaben/team/zuweisen')
      .type('form')
      .send(assignForm({ csrf: lead.csrf, ids: [overdue[0].id, later[0].id], an: 'sb2.bs' }))
      .expect(200);
    expect(res.text).toContain('2 Aufgaben sind jetzt Zweite Sachbearbeitung BS zugewiesen.');
    expect(workloadOf(res.text, 'Zweite Sachbearbeitung BS')).toEqual(['2', '1']);
    expect(workloadOf(res.text, 'Nicht zugewiesen').map(Number)).toEqual([
      unassignedOpen - 2,
      unassignedOverdue - 1,
    ]);
    expect(await mine('sb2.bs')).toEqual(expect.arrayContaining([overdue[0].id, later[0].id]));

    // the filter "Bearbeitung" shows one person's tasks
    const filtered = await lead.agent.get('/aufgaben/team?einheit=BS&bearbeitung=sb2.bs').expect(200);
    const listed = [...filtered.text.matchAll(/name="aufgaben" value="([0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual([overdue[0].id, later[0].id].sort());

    // and back to the unit's pool
    const back = await lead.agent
      .post('/aufgaben/team/zuweisen')
      .type('form')
      .send(assignForm({ csrf: lead.csrf, ids: [later[0].id], an: ':niemand' }))
      .expect(200);
    expect(back.text).toContain('1 Aufgabe ist jetzt niemandem zugewiesen (zurück an die Einheit).');
    expect(await mine('sb2.bs')).not.toContain(later[0].id);
  });

  it('assigns the open ones and names the task the engine cancelled meanwhile', async () => {
    const lead = await signedIn(app, 'tl.bs');
    const [open, gone] = await teamTasks(2, '2030-01-01T10:00:00Z');
    await app.get(ZeebeService).client.cancelProcessInstance(gone.key);
    // the collector notices when it extends the job
    await waitFor(
      async () => (await orm.em.fork().findOneOrFail(Task, { id: gone.id })).state === 'cancelled',
      45_000,
      50,
      'the cancelled task marked cancelled',
    );
    const res = await lead.agent
      .post('/aufgaben/team/zuweisen')
      .type('form')
      .send(assignForm({ csrf: lead.csrf, ids: [open.id, gone.id], an: 'sb.bs' }))
      .expect(200);
    expect(res.text).toContain('1 Aufgabe ist jetzt Sachbearbeitung BS zugewiesen.');
    expect(res.text).toContain('Nicht zugewiesen:');
    expect(res.text).toContain('Teamaufgabe – wurde inzwischen im Verfahren beendet');
    const assigned = await mine('sb.bs');
    expect(assigned).toContain(open.id);
    expect(assigned).not.toContain(gone.id);
  });

  it('explains in German what is missing: no task ticked, nobody chosen, a person of another unit', async () => {
    const lead = await signedIn(app, 'tl.bs');
    const [task] = await teamTasks(1, '2030-01-01T10:00:00Z');
    const none = await lead.agent
      .post('/aufgaben/team/zuweisen')
      .type('form')
      .send(assignForm({ csrf: lead.csrf, ids: [], an: 'sb.bs' }))
      .expect(400);
    expect(none.text).toContain('Bitte wählen Sie mindestens eine Aufgabe aus.');
    const nobody = await lead.agent
      .post('/aufgaben/team/zuweisen')
      .type('form')
      .send(assignForm({ csrf: lead.csrf, ids: [task.id], an: '' }))
      .expect(400);
    expect(nobody.text).toContain('Bitte wählen Sie aus, wem die Aufgaben zugewiesen werden.');
    const stranger = await lead.agent
      .post('/aufgaben/team/zuweisen')
      .type('form')
      .send(assignForm({ csrf: lead.csrf, ids: [task.id], an: 'sb.lg' }))
      .expect(400);
    expect(stranger.text).toContain('Die gewählte Person gehört nicht zur Einheit.');
    expect(await mine('sb.lg')).not.toContain(task.id);
  });

  it('keeps a lead to the units they lead', async () => {
    const lg = await signedIn(app, 'tl.lg');
    const own = await lg.agent.get('/aufgaben/team').expect(200);
    expect(own.text).toContain('Auslastung: LG – Leistungsgewährung AsylbLG');
    expect(own.text).not.toContain('Teamaufgabe');
    const other = await lg.agent.get('/aufgaben/team?einheit=BS').expect(403);
    expect(other.text).toContain('Sie sind nicht Teamleitung dieser Einheit.');
    const [task] = await teamTasks(1, '2030-01-01T10:00:00Z');
    // through the own unit's form, a task of another unit is still not theirs to assign
    const res = await lg.agent
      .post('/aufgaben/team/zuweisen')
      .type('form')
      .send(assignForm({ csrf: lg.csrf, ids: [task.id], an: ':niemand', einheit: 'LG' }))
      .expect(409);
    expect(res.text).toContain('Eine Aufgabe – gehört nicht zu Ihren Einheiten');
  });

  it('opens for an admin, who is told that assigning is for the lead of a unit', async () => {
    const { agent } = await signedIn(app, 'admin');
    const res = await agent.get('/aufgaben/team').expect(200);
    expect(res.text).toContain('Ihrem Konto ist keine Einheit zugeordnet, deren Teamleitung Sie sind.');
  });
});
