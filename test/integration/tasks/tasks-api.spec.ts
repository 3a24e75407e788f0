/**
 * The task list over HTTP as caseworkers use it: signed in with a session, CSRF token on every change,
 * only the tasks of one's own units. The complaint process's first task belongs to the complaints
 * office (BS).
 */
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ZeebeService } from '../../../src/engine/zeebe.service';
import { createUser } from '../../factories/user.factory';
import { createTestApp } from '../../utils/app';
import { signedIn as signedInAgent } from '../../utils/agents';
import { createTestDatabase, type TestDatabase } from '../../utils/database';

describe('task list API (/api/tasks)', () => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp({ databaseUrl: db.url });
    await createUser(app, { username: 'sb.bs', units: ['BS'] });
    await createUser(app, { username: 'sb.lg', units: ['LG'] });
    await createUser(app, { username: 'tl.bs', units: ['BS'], roles: ['team-lead', 'caseworker'] });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const signedIn = (username: string) => signedInAgent(app, username);

  async function complaintTask(
    agent: request.Agent,
  ): Promise<{ id: string; name: string; candidateGroups: string[]; processInstanceKey: string }> {
    const created = await app.get(ZeebeService).client.createProcessInstance({
      bpmnProcessId: 'complaint-management',
      variables: { channel: 'email' },
    });
    const key = String(created.processInstanceKey);
    for (let i = 0; i < 200; i++) {
      const res = await agent
        .get('/api/tasks')
        .query({ view: 'unit', process: 'complaint-management', pageSize: 200 })
        .expect(200);
      const found = (
        res.body as {
          items: { id: string; name: string; processInstanceKey: string; candidateGroups: string[] }[];
        }
      ).items.find((t) => t.processInstanceKey === key);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the complaint task did not appear in the list');
  }

  it('needs a session: 401 without one', async () => {
    await request(app.getHttpServer()).get('/api/tasks').expect(401);
  });

  it('lists the unit task, claims it, keeps a draft, refuses invalid data field by field, completes valid data', async () => {
    const { agent, csrf } = await signedIn('sb.bs');
    const task = await complaintTask(agent);
    expect(task).toMatchObject({ name: 'Beschwerde registrieren', candidateGroups: ['BS'] });

    // changes need the CSRF token
    await agent.post(`/api/tasks/${task.id}/claim`).expect(403);
    const claimed = await agent.post(`/api/tasks/${task.id}/claim`).set('x-csrf-token', csrf).expect(200);
    expect(claimed.body).toMatchObject({ assignee: 'sb.bs', formId: 'bs-complaint-register' });
    const mine = await agent.get('/api/tasks').query({ view: 'mine' }).expect(200);
    expect((mine.body as { items: { id: string }[] }).items.map((t) => t.id)).toContain(task.id);

    await agent
      .put(`/api/tasks/${task.id}/draft`)
      .set('x-csrf-token', csrf)
      .send({ data: { subject: 'Wartezeit' } })
      .expect(200);
    const reloaded = await agent.get(`/api/tasks/${task.id}`).expect(200);
    expect(reloaded.body).toMatchObject({ draft: { subject: 'Wartezeit' }, draftBy: 'sb.bs' });

    const invalid = await agent
      .post(`/api/tasks/${task.id}/complete`)
      .set('x-csrf-token', csrf)
      .send({ data: { category: 'no-such-category', notAField: 1 } })
      .expect(422);
    expect(invalid.body.code).toBe('FORM_INVALID');
    const keys = (invalid.body.errors as { key: string; message: string }[]).map((e) => e.key);
    expect(keys).toEqual(expect.arrayContaining(['category', 'notAField']));
    expect((await agent.get(`/api/tasks/${task.id}`).expect(200)).body.state).toBe('open');

    const detail = (await agent.get(`/api/tasks/${task.id}`).expect(200)).body as {
      variables: Record<string, unknown>;
    };
    const valid = {
      receivedOn: detail.variables.receivedOn,
      channel: 'email',
      language: 'Deutsch',
      category: 'service',
      unitConcerned: 'LG',
      subject: 'Lange Wartezeit in der Leistungsstelle',
      anonymous: true,
    };
    const done = await agent
      .post(`/api/tasks/${task.id}/complete`)
      .set('x-csrf-token', csrf)
      .send({ data: valid });
    expect({ status: done.status, body: done.status === 200 ? 'ok' : done.body }).toEqual({
      status: 200,
      body: 'ok',
    });
    expect(done.body.state).toBe('completed');
    await agent
      .post(`/api/tasks/${task.id}/complete`)
      .set('x-csrf-token', csrf)
      .send({ data: valid })
      .expect(409);
  });

  it('keeps other units out: 403 by direct URL and API, and the task is not in their list', async () => {
    const bs = await signedIn('sb.bs');
    const task = await complaintTask(bs.agent);
    const lg = await signedIn('sb.lg');
    const res = await lg.agent.get(`/api/tasks/${task.id}`).expect(403);
    expect(res.body.code).toBe('TASK_FORBIDDEN');
    await lg.agent.post(`/api/tasks/${task.id}/claim`).set('x-csrf-token', lg.csrf).expect(403);
    const list = await lg.agent.get('/api/tasks').query({ view: 'all', pageSize: 200 }).expect(200);
    expect((list.body as { items: { id: string }[] }).items.map((t) => t.id)).not.toContain(task.id);
    // team-lead actions need the role
    await bs.agent
      .post('/api/tasks/reassign')
      .set('x-csrf-token', bs.csrf)
      .send({ ids: [task.id], assignee: 'sb.bs' })
      .expect(403);
  });

  it('lets a team lead reassign many tasks at once and see the workload', async () => {
    const lead = await signedIn('tl.bs');
    const a = await complaintTask(lead.agent);
    const b = await complaintTask(lead.agent);
    const res = await lead.agent
      .post('/api/tasks/reassign')
      .set('x-csrf-token', lead.csrf)
      .send({ ids: [a.id, b.id], assignee: 'sb.bs' })
      .expect(200);
    expect(res.body).toEqual({ reassigned: 2 });
    const workload = await lead.agent.get('/api/tasks/workload').query({ unit: 'BS' }).expect(200);
    const entry = (workload.body as { assignee: string | null; open: number }[]).find(
      (w) => w.assignee === 'sb.bs',
    );
    expect(entry?.open).toBeGreaterThanOrEqual(2);
  });

  it('tells at once when the engine ended a task meanwhile: claim and reassignment refused, the task leaves the list', async () => {
    const lead = await signedIn('tl.bs');
    const kept = await complaintTask(lead.agent);
    const ended = await complaintTask(lead.agent);
    await app.get(ZeebeService).client.cancelProcessInstance(ended.processInstanceKey);

    // all or none: nothing is reassigned
    const refused = await lead.agent
      .post('/api/tasks/reassign')
      .set('x-csrf-token', lead.csrf)
      .send({ ids: [kept.id, ended.id], assignee: 'sb.bs' })
      .expect(409);
    expect(refused.body.code).toBe('TASK_CANCELLED');
    expect(refused.body.message).toContain('im Verfahren beendet');
    const keptNow = await lead.agent.get(`/api/tasks/${kept.id}`).expect(200);
    expect(keptNow.body.assignee).toBeNull();

    const claim = await lead.agent
      .post(`/api/tasks/${ended.id}/claim`)
      .set('x-csrf-token', lead.csrf)
      .expect(409);
    expect(claim.body.code).toBe('TASK_CANCELLED');

    const list = await lead.agent
      .get('/api/tasks')
      .query({ view: 'unit', process: 'complaint-management', pageSize: 200 })
      .expect(200);
    const ids = (list.body as { items: { id: string }[] }).items.map((t) => t.id);
    expect(ids).toContain(kept.id);
    expect(ids).not.toContain(ended.id);

    // the task still open is claimed as before
    const claimed = await lead.agent
      .post(`/api/tasks/${kept.id}/claim`)
      .set('x-csrf-token', lead.csrf)
      .expect(200);
    expect(claimed.body.assignee).toBe('tl.bs');
  });

  it('refuses malformed input with a clear message', async () => {
    const { agent, csrf } = await signedIn('sb.bs');
    const bad = await agent.get('/api/tasks').query({ view: 'alles' }).expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('view');
    await agent.get('/api/tasks/kein-uuid').expect(400);
    await agent
      .put('/api/tasks/00000000-0000-4000-8000-000000000000/draft')
      .set('x-csrf-token', csrf)
      .send({ data: 'x' })
      .expect(400);
  });
});
