/**
 * Process analytics through the API, on figures produced by real instances of a small model on the
 * embedded engine (real Zeebe client, real task list), with the engine clock moved: counts, lead
 * times, element durations, outcome shares by end event, waiting vs working time from the task rows,
 * overdue tasks, target times with their history and breaches, the period, bad input and access.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import type { INestApplication } from '@nestjs/common';
import { Complaint } from '../../../src/agencies/complaints/complaint.entity';
import request from 'supertest';
import { ObservedSource } from '../../../src/analytics/observed.source';
import { formatDuration } from '../../../src/analytics/format';
import { parsePeriod } from '../../../src/analytics/period';
import { addDays, berlinDate } from '../../../src/common/calendar';
import { ZeebeService } from '../../../src/engine/zeebe.service';
import { createSignedInUsers, type SignedInAgent } from '../../utils/agents';
import { createTestApp } from '../../utils/app';
import { createTestDatabase, type TestDatabase } from '../../utils/database';
import {
  DAY,
  PROCESS_ID,
  claimAndComplete,
  deployAnalyticsModel,
  engineOf,
  startInstance,
  taskOf,
  waitForActive,
  waitForInstanceEnd,
  type TaskItem,
} from './analytics-model';

interface Summary {
  started: number;
  completed: number;
  terminated: number | null;
  running: number;
  leadTimeP50Ms: number | null;
  leadTimeP90Ms: number | null;
  outcomes: { elementId: string; name: string; count: number; share: number }[] | null;
}

interface Element {
  elementId: string;
  name: string;
  type: string;
  started: number;
  completed: number;
  terminated: number | null;
  running: number;
  durationP50Ms: number | null;
  durationP90Ms: number | null;
  targetMinutes: number | null;
  breachesEnded: number | null;
  breachesRunning: number | null;
  userTask: {
    claimed: number;
    waitingP50Ms: number | null;
    worked: number;
    workingP50Ms: number | null;
    overdueOpen: number;
  } | null;
}

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = (s.length - 1) / 2;
  return (s[Math.floor(mid)] + s[Math.ceil(mid)]) / 2;
};
const ms = (iso: string | null): number => new Date(iso ?? NaN).getTime();

describe('process analytics API (/api/analytics)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let users: Record<string, SignedInAgent>;
  /** the engine's Berlin day when the instances started */
  let startDay: string;
  const tasks: Record<string, TaskItem> = {};
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase('mia_test_analytics');
    app = await createTestApp({ databaseUrl: db.url });
    users = await createSignedInUsers(app, [
      { username: 'qs.mia', roles: ['quality'], units: [] },
      { username: 'admin.test', roles: ['admin'], units: [] },
      { username: 'sb.bs', roles: ['caseworker'], units: ['BS'] },
      { username: 'pv.test', roles: ['process-manager'], units: [] },
    ]);
    await deployAnalyticsModel(app);
    const engine = engineOf(app);
    startDay = berlinDate(await engine.clock.now());

    // five instances: A, B approved; C refused; D cancelled in the check; F left open (overdue)
    for (const [name, approve] of [
      ['A', true],
      ['B', true],
      ['C', false],
      ['D', true],
      ['F', true],
    ] as const)
      keys[name] = await startInstance(app, approve);
    // the timers are set once the start listener has run
    for (const key of Object.values(keys)) await waitForActive(app, key, 'frist');
    // the two-day waiting period passes
    await engine.clock.add(2 * DAY);
    const { agent, csrf } = users['sb.bs'];
    for (const name of ['A', 'B', 'C', 'D', 'F']) await taskOf(agent, keys[name]);
    await app.get(ZeebeService).client.cancelProcessInstance(keys.D);
    tasks.B = await claimAndComplete(agent, csrf, keys.B);
    tasks.C = await claimAndComplete(agent, csrf, keys.C);
    // B and C end (their last steps run in workers) before the clock moves on
    for (const name of ['B', 'C']) await waitForInstanceEnd(app, keys[name]);
    // A's check takes one more day
    await engine.clock.add(DAY);
    tasks.A = await claimAndComplete(agent, csrf, keys.A);
    for (const name of ['A', 'B', 'C', 'D']) await waitForInstanceEnd(app, keys[name]);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const qs = () => users['qs.mia'].agent;
  const process = async (query: Record<string, string> = {}) =>
    (await qs().get(`/api/analytics/processes/${PROCESS_ID}`).query(query).expect(200)).body as {
      source: string;
      version: number;
      summary: Summary;
      elements: Element[];
    };
  const element = (elements: Element[], id: string): Element => {
    const found = elements.find((e) => e.elementId === id);
    if (!found) throw new Error(`no element ${id}`);
    return found;
  };

  it('counts the instances of the version: started, completed, cancelled, running', async () => {
    const p = await process();
    expect(p.source).toBe('embedded');
    expect(p.version).toBe(1);
    expect(p.summary).toMatchObject({ started: 5, completed: 3, terminated: 1, running: 1 });
    const overview = (await qs().get('/api/analytics/processes').expect(200)).body as {
      processes: (Summary & { bpmnProcessId: string; version: number })[];
    };
    expect(overview.processes.find((x) => x.bpmnProcessId === PROCESS_ID)).toMatchObject({
      version: 1,
      started: 5,
      completed: 3,
      terminated: 1,
      running: 1,
    });
  });

  it('measures lead times and element durations on the engine clock: two days are "2 Tage"', async () => {
    const { summary, elements } = await process();
    // B and C completed right after the two-day timer, A one day later
    expect(summary.leadTimeP50Ms).toBeGreaterThanOrEqual(2 * DAY);
    expect(summary.leadTimeP50Ms).toBeLessThan(2 * DAY + 60_000);
    expect(formatDuration(summary.leadTimeP50Ms)).toBe('2 Tage');
    // p90 of [2, 2, 3] days, interpolated as percentile_cont: 2.8 days
    expect(summary.leadTimeP90Ms).toBeGreaterThanOrEqual(2.8 * DAY);
    expect(summary.leadTimeP90Ms).toBeLessThan(2.8 * DAY + 60_000);
    const timer = element(elements, 'frist');
    expect(timer).toMatchObject({ name: 'Frist abwarten', started: 5, completed: 5, running: 0 });
    expect(timer.durationP50Ms).toBeGreaterThanOrEqual(2 * DAY);
    expect(formatDuration(timer.durationP50Ms)).toBe('2 Tage');
    const check = element(elements, 'pruefen');
    expect(check).toMatchObject({
      name: 'Antrag prüfen',
      type: 'UserTask',
      started: 5,
      completed: 3,
      terminated: 1,
      running: 1,
    });
    // B and C took moments, A one day
    expect(check.durationP90Ms).toBeGreaterThan(0.7 * DAY);
    expect(element(elements, 'genehmigt')).toMatchObject({ started: 2, completed: 2 });
    expect(element(elements, 'abgelehnt')).toMatchObject({ started: 1, completed: 1 });
  });

  it('names the outcome shares by the end events of the model', async () => {
    const { summary } = await process();
    expect(summary.outcomes).toEqual([
      { elementId: 'genehmigt', name: 'Genehmigt', count: 2, share: 2 / 3 },
      { elementId: 'abgelehnt', name: 'Abgelehnt', count: 1, share: 1 / 3 },
    ]);
  });

  it('splits waiting (created → claimed) from working (claimed → completed) time as the task rows record them', async () => {
    const { elements } = await process();
    const figures = element(elements, 'pruefen').userTask!;
    const done = [tasks.A, tasks.B, tasks.C];
    expect(figures.claimed).toBe(3);
    expect(figures.worked).toBe(3);
    const waiting = median(done.map((t) => ms(t.claimedAt) - ms(t.createdAt)));
    const working = median(done.map((t) => ms(t.completedAt) - ms(t.claimedAt)));
    // the API's ISO times have milliseconds, the database microseconds
    expect(Math.abs(figures.waitingP50Ms! - waiting)).toBeLessThanOrEqual(1);
    expect(Math.abs(figures.workingP50Ms! - working)).toBeLessThanOrEqual(1);
    // F's task was due one hour after the start; the clock is three days on; D's ended with its instance
    expect(figures.overdueOpen).toBe(1);
  });

  it('records target times with who and when, and counts breaches against them', async () => {
    const { agent, csrf } = users['qs.mia'];
    await agent
      .put(`/api/analytics/processes/${PROCESS_ID}/targets/pruefen`)
      .set('x-csrf-token', csrf)
      .send({ targetMinutes: 12 * 60 })
      .expect(200);
    const admin = users['admin.test'];
    const after = await admin.agent
      .put(`/api/analytics/processes/${PROCESS_ID}/targets/pruefen`)
      .set('x-csrf-token', admin.csrf)
      .send({ targetMinutes: 18 * 60 })
      .expect(200);
    expect(after.body.targets).toEqual([
      expect.objectContaining({
        elementId: 'pruefen',
        name: 'Antrag prüfen',
        targetMinutes: 1080,
        updatedBy: 'admin.test',
      }),
    ]);
    expect(
      (
        after.body.changes as { previousMinutes: number | null; targetMinutes: number; changedBy: string }[]
      ).map((c) => [c.previousMinutes, c.targetMinutes, c.changedBy]),
    ).toEqual([
      [720, 1080, 'admin.test'],
      [null, 720, 'qs.mia'],
    ]);

    const check = element((await process()).elements, 'pruefen');
    // A took a day (> 18 h); F has been open for a day
    expect(check).toMatchObject({ targetMinutes: 1080, breachesEnded: 1, breachesRunning: 1 });
    expect(element((await process()).elements, 'frist')).toMatchObject({
      targetMinutes: null,
      breachesEnded: null,
    });

    // removing is a change too
    const removed = await agent
      .put(`/api/analytics/processes/${PROCESS_ID}/targets/pruefen`)
      .set('x-csrf-token', csrf)
      .send({ targetMinutes: null })
      .expect(200);
    expect(removed.body.targets).toEqual([]);
    expect(removed.body.changes[0]).toMatchObject({
      previousMinutes: 1080,
      targetMinutes: null,
      changedBy: 'qs.mia',
    });
  });

  it('refuses bad target input naming the field, unknown elements, and a missing CSRF token', async () => {
    const { agent, csrf } = users['qs.mia'];
    const url = `/api/analytics/processes/${PROCESS_ID}/targets/pruefen`;
    for (const body of [{ targetMinutes: 0 }, { targetMinutes: 1.5 }, { targetMinutes: 'viel' }, {}]) {
      const res = await agent.put(url).set('x-csrf-token', csrf).send(body).expect(400);
      expect(JSON.stringify(res.body.message)).toContain('targetMinutes');
    }
    const unknown = await agent
      .put(`/api/analytics/processes/${PROCESS_ID}/targets/gibt-es-nicht`)
      .set('x-csrf-token', csrf)
      .send({ targetMinutes: 60 })
      .expect(404);
    expect(unknown.body.code).toBe('ELEMENT_NOT_FOUND');
    await agent.put(url).send({ targetMinutes: 60 }).expect(403);
  });

  it('takes a period of Berlin days: nothing before the start, everything from its day on', async () => {
    const before = await process({ bis: addDays(startDay, -1) });
    expect(before.summary).toMatchObject({
      started: 0,
      completed: 0,
      terminated: 0,
      running: 0,
      leadTimeP50Ms: null,
    });
    expect(element(before.elements, 'pruefen')).toMatchObject({ started: 0, running: 0 });
    const from = await process({ von: startDay });
    expect(from.summary).toMatchObject({ started: 5, completed: 3, terminated: 1, running: 1 });
    // German dates are understood too
    const [y, m, d] = startDay.split('-');
    const german = await process({ von: `${d}.${m}.${y}` });
    expect(german.summary.started).toBe(5);
  });

  it('answers bad parameters with 400 naming them, unknown processes and versions with 404', async () => {
    const bad = async (query: Record<string, string>, field: string) => {
      const res = await qs().get(`/api/analytics/processes/${PROCESS_ID}`).query(query).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    };
    await bad({ von: '2026-13-01' }, 'von');
    await bad({ bis: 'gestern' }, 'bis');
    await bad({ von: '2026-05-02', bis: '2026-05-01' }, 'von');
    await bad({ version: 'neu' }, 'version');
    await bad({ sortierung: 'x' }, 'sortierung');
    const period = await qs().get('/api/analytics/processes').query({ von: '31.02.2026' }).expect(400);
    expect(period.body.code).toBe('INVALID_PERIOD');
    const unknown = await qs().get('/api/analytics/processes/gibt-es-nicht').expect(404);
    expect(unknown.body.code).toBe('PROCESS_NOT_FOUND');
    const version = await qs()
      .get(`/api/analytics/processes/${PROCESS_ID}`)
      .query({ version: '99' })
      .expect(404);
    expect(version.body.code).toBe('VERSION_NOT_FOUND');
  });

  it('serves the heatmap data and the model of the version', async () => {
    const heat = (await qs().get(`/api/analytics/processes/${PROCESS_ID}/heatmap`).expect(200)).body as {
      elements: { elementId: string; count: number; durationP50Ms: number | null }[];
    };
    const p = await process();
    for (const e of heat.elements) {
      const row = element(p.elements, e.elementId);
      expect(e).toMatchObject({ count: row.started, durationP50Ms: row.durationP50Ms });
    }
    expect(heat.elements.map((e) => e.elementId)).toEqual(
      expect.arrayContaining(['frist', 'pruefen', 'genehmigt']),
    );
    const xml = await qs().get(`/api/analytics/processes/${PROCESS_ID}/xml`).expect(200);
    expect(xml.headers['content-type']).toContain('application/xml');
    expect(xml.text).toContain('id="pruefen"');
  });

  it('is for quality staff and admins only', async () => {
    await request(app.getHttpServer()).get('/api/analytics/processes').expect(401);
    for (const name of ['sb.bs', 'pv.test']) {
      const res = await users[name].agent.get('/api/analytics/processes').expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      await users[name].agent.get(`/api/analytics/processes/${PROCESS_ID}`).expect(403);
      await users[name].agent.get('/api/analytics/complaints').expect(403);
    }
    await users['admin.test'].agent.get('/api/analytics/processes').expect(200);
  });

  it('against a real Zeebe (observed source) has instances from the instance log, without outcomes or cancellations', async () => {
    const observed = app.get(ObservedSource);
    const now = await engineOf(app).clock.now();
    const [figures] = await observed.processes(parsePeriod(), now, PROCESS_ID, 1);
    // the cancelled instance ran no end listener (as on Zeebe): it still counts as running there
    expect(figures).toMatchObject({ started: 5, completed: 3, terminated: null, running: 2, outcomes: null });
    const elements = await observed.elements(PROCESS_ID, 1, parsePeriod(), now);
    expect(elements.map((e) => e.elementId)).toEqual(['pruefen']);
    // (D's task row stays open until the task collector learns of the cancellation)
    expect(elements[0]).toMatchObject({ started: 5, completed: 3 });
    expect(await observed.modelXml(PROCESS_ID, 1)).toBeNull();
    expect(await observed.modelXml('complaint-management', 1)).toContain('complaint-management');
  });

  describe('pages (/analyse)', () => {
    it('show the overview, the process with its figures and the complaint statistics to quality staff', async () => {
      const overview = await qs().get('/analyse').expect(200);
      expect(overview.text).toContain('<h1>Prozessanalyse</h1>');
      // Handlebars escapes "=" in attributes
      expect(overview.text).toContain(`href="/analyse/${PROCESS_ID}?version&#x3D;1"`);
      const page = await qs().get(`/analyse/${PROCESS_ID}`).query({ ansicht: 'dauer' }).expect(200);
      expect(page.text).toContain('Antrag prüfen');
      expect(page.text).toMatch(/<dd data-figure="started">5<\/dd>/);
      expect(page.text).toMatch(/<dd data-figure="leadP50">2 Tage<\/dd>/);
      expect(page.text).toContain('Genehmigt');
      expect(page.text).toContain('66,7 %');
      expect(page.text).toMatch(/value="dauer" checked/);
      await qs().get('/analyse/beschwerden').expect(200);
    });

    it('answer others with a German 403 page, bad input with a German 400 page naming the field, unknown processes with 404', async () => {
      const denied = await users['sb.bs'].agent.get('/analyse').expect(403);
      expect(denied.text).toContain('Kein Zugriff');
      await users['sb.bs'].agent.get(`/analyse/${PROCESS_ID}`).expect(403);
      await users['pv.test'].agent.get('/analyse/beschwerden').expect(403);
      const bad = await qs().get(`/analyse/${PROCESS_ID}`).query({ von: '31.02.2026' }).expect(400);
      expect(bad.text).toContain('Ungültige Eingabe');
      expect(bad.text).toContain('von: bitte ein Datum');
      const view = await qs().get(`/analyse/${PROCESS_ID}`).query({ ansicht: 'bunt' }).expect(400);
      expect(view.text).toContain('ansicht:');
      const order = await qs().get('/analyse').query({ von: '2026-05-02', bis: '2026-05-01' }).expect(400);
      expect(order.text).toContain('von: Der Beginn liegt nach dem Ende');
      const unknown = await qs().get('/analyse/gibt-es-nicht').expect(404);
      expect(unknown.text).toContain('Nicht gefunden');
    });

    it('set a target time through the form, with the CSRF token only, and list the change', async () => {
      const { agent, csrf } = users['qs.mia'];
      const form = { elementId: 'frist', zielzeit: '1,5', einheit: 'tage' };
      const refused = await agent
        .post(`/analyse/${PROCESS_ID}/zielzeiten`)
        .type('form')
        .send(form)
        .expect(403);
      expect(refused.text).toContain('Sicherheitsprüfung fehlgeschlagen');
      const saved = await agent
        .post(`/analyse/${PROCESS_ID}/zielzeiten`)
        .type('form')
        .send({ ...form, _csrf: csrf })
        .expect(303);
      expect(saved.headers.location).toBe(`/analyse/${PROCESS_ID}?hinweis=gespeichert#zielzeiten`);
      const targets = (await agent.get(`/api/analytics/processes/${PROCESS_ID}/targets`).expect(200))
        .body as {
        targets: { elementId: string; targetMinutes: number; updatedBy: string }[];
      };
      expect(targets.targets).toEqual([
        expect.objectContaining({ elementId: 'frist', targetMinutes: 2160, updatedBy: 'qs.mia' }),
      ]);
      const page = await agent.get(`/analyse/${PROCESS_ID}`).query({ hinweis: 'gespeichert' }).expect(200);
      expect(page.text).toContain('Die Zielzeit wurde gespeichert.');
      expect(page.text).toContain('1 Tag 12 Std.');
      // every timer took two days: all five over the 36 hours
      expect(element((await process()).elements, 'frist')).toMatchObject({ breachesEnded: 5 });
      const bad = await agent
        .post(`/analyse/${PROCESS_ID}/zielzeiten`)
        .type('form')
        .send({ elementId: 'frist', zielzeit: 'lang', einheit: 'tage', _csrf: csrf })
        .expect(400);
      expect(bad.text).toContain('Zielzeit: bitte eine Zahl');
    });
  });

  describe('complaint statistics (/api/analytics/complaints)', () => {
    beforeAll(async () => {
      const orm = app.get(MikroORM);
      const em = orm.em.fork();
      const complaint = (n: number, c: Partial<Complaint>): Complaint =>
        em.create(Complaint, {
          reference: `BS-2026-9000${n}`,
          processInstanceKey: String(9_000_000 + n),
          acknowledgeBy: '2026-12-31',
          replyBy: '2026-12-31',
          receivedOn: '2026-03-02',
          ...c,
        });
      complaint(1, {
        category: 'service',
        unitConcerned: 'LG',
        receivedOn: '2026-03-02',
        acknowledgedOn: '2026-03-04',
        answeredOn: '2026-03-16',
        outcome: 'justified',
      });
      // across Easter 2026 (Good Friday 3 April, Easter Monday 6 April): five working days
      complaint(2, {
        category: 'service',
        unitConcerned: 'LG',
        receivedOn: '2026-03-27',
        acknowledgedOn: '2026-04-07',
      });
      complaint(3, {
        category: 'decision',
        unitConcerned: 'ABH',
        receivedOn: '2026-03-10',
        acknowledgedOn: '2026-03-11',
        answeredOn: '2026-03-12',
        outcome: 'unfounded',
      });
      complaint(4, {
        category: 'service',
        unitConcerned: 'ABH',
        receivedOn: '2026-02-15',
        acknowledgedOn: '2026-02-16',
      });
      await em.flush();
    });

    it('counts by category and unit, with median working days to acknowledge and answer and the share justified', async () => {
      const res = await qs()
        .get('/api/analytics/complaints')
        .query({ von: '2026-03-01', bis: '2026-03-31' })
        .expect(200);
      expect(res.body.total).toMatchObject({
        received: 3,
        acknowledged: 3,
        acknowledgeMedianWorkingDays: 2,
        answered: 2,
        answerMedianWorkingDays: 6,
        assessed: 2,
        justified: 1,
        justifiedShare: 0.5,
      });
      expect(res.body.byCategory).toEqual([
        expect.objectContaining({
          key: 'service',
          received: 2,
          acknowledgeMedianWorkingDays: 3.5,
          answerMedianWorkingDays: 10,
          justifiedShare: 1,
        }),
        expect.objectContaining({
          key: 'decision',
          received: 1,
          acknowledgeMedianWorkingDays: 1,
          answerMedianWorkingDays: 2,
          justifiedShare: 0,
        }),
      ]);
      expect(res.body.byUnit.map((u: { key: string; received: number }) => [u.key, u.received])).toEqual([
        ['LG', 2],
        ['ABH', 1],
      ]);
      // anonymous: no names, no references
      expect(JSON.stringify(res.body)).not.toContain('BS-2026');
      const page = await qs()
        .get('/analyse/beschwerden')
        .query({ von: '01.03.2026', bis: '31.03.2026' })
        .expect(200);
      expect(page.text).toContain('3,5 Arbeitstage');
      expect(page.text).toContain('Service (Wartezeit, Dolmetschen)');
    });
  });
});
