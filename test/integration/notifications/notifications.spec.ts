/**
 * Notifications (issue 8 § 3) through the real things: the platform on a test database with the embedded
 * engine and the task collector, the API with signed-in sessions, the live stream (server-sent events)
 * over HTTP, and e-mails received by a real SMTP server (smtp-server) started here. Checks what a
 * caseworker sees: new tasks of the unit bundled into one notification, a task a team lead assigns to
 * them, their own notifications only, and e-mails with the file number and a link but no name.
 */
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import type { INestApplication } from '@nestjs/common';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Person } from '../../../src/cases';
import { CasesService } from '../../../src/cases';
import { DeadlineEscalations } from '../../../src/deadlines/deadline-escalations';
import { ZeebeService } from '../../../src/engine/zeebe.service';
import { NotificationMailer, NotificationsService } from '../../../src/notifications';
import { createPerson } from '../../factories/person.factory';
import { createSignedInUsers, type SignedInAgent } from '../../utils/agents';
import { createTestApp } from '../../utils/app';
import { createTestDatabase, type TestDatabase } from '../../utils/database';
import { waitFor } from '../../utils/engine';
import { deployUserTaskProcess, userTaskProcess } from '../../utils/user-tasks';
import { startInbox, type ReceivedMail } from './mail-inbox';

jest.setTimeout(120_000);

const PROCESS_ID = 'notification-test';
const XML = userTaskProcess(PROCESS_ID, [{ id: 'pruefen', name: 'Antrag prüfen', candidateGroups: 'ABH' }]);
const PUBLIC_URL = 'https://mia.example.org';

interface Item {
  id: string;
  kind: string;
  title: string;
  link: string;
  fileNumber: string | null;
  count: number;
  read: boolean;
}
interface List {
  unread: number;
  items: Item[];
}

describe('notifications', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let inbox: Awaited<ReturnType<typeof startInbox>>;
  let users: Record<string, SignedInAgent>;
  let person: Person;
  let baseUrl: string;

  beforeAll(async () => {
    inbox = await startInbox();
    db = await createTestDatabase('mia_test_notifications');
    app = await createTestApp({
      databaseUrl: db.url,
      env: { SMTP_URL: inbox.url, PUBLIC_URL, NOTIFICATION_JOBS: 'false', NOTIFICATION_DIGEST_HOUR: '7' },
    });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    await deployUserTaskProcess(app, PROCESS_ID, XML);
    person = await RequestContext.create(app.get(MikroORM).em.fork(), () =>
      createPerson(app.get(CasesService), { familyName: 'Haddad', givenNames: 'Samira' }),
    );
    users = await createSignedInUsers(app, [
      { username: 'sb.abh', displayName: 'Clara Sachbearbeiterin', units: ['ABH'] },
      { username: 'sb.abh2', displayName: 'Dieter Zweiter', units: ['ABH'] },
      {
        username: 'tl.abh',
        displayName: 'Tanja Teamleitung',
        units: ['ABH'],
        roles: ['team-lead', 'caseworker'],
      },
      { username: 'sb.lg', units: ['LG'] },
    ]);
  });

  afterAll(async () => {
    await app?.close();
    await inbox?.close();
    await db?.drop();
  });

  const list = async (who: string): Promise<List> =>
    (await users[who].agent.get('/api/notifications').expect(200)).body as List;

  const post = (who: string, path: string, body: object = {}) =>
    users[who].agent.post(path).set('x-csrf-token', users[who].csrf).send(body);

  async function startTasks(n: number): Promise<string[]> {
    const keys: string[] = [];
    for (let i = 0; i < n; i++) {
      const created = await app.get(ZeebeService).client.createProcessInstance({
        bpmnProcessId: PROCESS_ID,
        variables: { personId: person.id },
      });
      keys.push(String(created.processInstanceKey));
    }
    return waitFor(
      async () => {
        const res = await users['tl.abh'].agent.get('/api/tasks').query({ view: 'unit', pageSize: 200 });
        const items = (res.body as { items: { id: string; processInstanceKey: string }[] }).items;
        const ids = keys.map((k) => items.find((t) => t.processInstanceKey === k)?.id);
        return ids.every((id): id is string => !!id) ? ids : undefined;
      },
      60_000,
      100,
      'the tasks in the unit list',
    );
  }

  /** opens the live stream and collects its events */
  function openStream(who: string): { events: { event: string; data: string }[]; close(): void } {
    const events: { event: string; data: string }[] = [];
    const cookie = (
      users[who].agent as unknown as { jar: { getCookies(o: object): { toValueString(): string }[] } }
    ).jar
      .getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false })
      .map((c) => c.toValueString())
      .join('; ');
    const req = http.get(`${baseUrl}/api/notifications/stream`, { headers: { cookie } }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data });
        }
      });
    });
    req.on('error', () => undefined);
    return { events, close: () => req.destroy() };
  }

  it('bundles new tasks of the unit into one notification for its members, names no person', async () => {
    const ids = await startTasks(3);
    const bundle = await waitFor(
      async () => (await list('sb.abh')).items.find((n) => n.kind === 'task-new-in-unit' && n.count === 3),
      20_000,
      100,
      'the bundled notification',
    );
    expect(bundle).toMatchObject({
      title: '3 neue Aufgaben in ABH',
      link: '/aufgaben?ansicht=einheit',
      read: false,
    });
    const mine = await list('sb.abh');
    expect(mine.items.filter((n) => n.kind === 'task-new-in-unit')).toHaveLength(1);
    expect(mine.unread).toBe(1);
    await waitFor(async () => (await list('tl.abh')).items.find((n) => n.count === 3), 10_000, 100, 'lead');
    // another unit hears nothing
    expect((await list('sb.lg')).items).toEqual([]);
    expect(JSON.stringify(mine)).not.toMatch(/Haddad|Samira/);
    expect(ids).toHaveLength(3);
  });

  it('tells a caseworker live when a team lead assigns a task to them, not when they claim one', async () => {
    const [first, second] = await startTasks(2);
    const stream = openStream('sb.abh');
    try {
      await waitFor(() => stream.events.find((e) => e.event === 'count'), 10_000, 50, 'the first count');
      const before = (await list('sb.abh')).unread;
      await post('tl.abh', `/api/tasks/${first}/assign`, { assignee: 'sb.abh' }).expect(200);
      const live = await waitFor(
        () => stream.events.find((e) => e.event === 'notification' && e.data.includes('task-assigned')),
        10_000,
        50,
        'the live notification',
      );
      const update = JSON.parse(live.data) as { unread: number; notification: Item };
      expect(update.notification).toMatchObject({
        title: `Aufgabe Ihnen zugewiesen: Az. ${person.fileNumber}`,
        link: `/aufgaben/${first}`,
        fileNumber: person.fileNumber,
      });
      expect(update.unread).toBe(before + 1);
      expect(live.data).not.toMatch(/Haddad|Samira/);
    } finally {
      stream.close();
    }
    // the team lead assigned it: no notification of their own about it
    expect((await list('tl.abh')).items.some((n) => n.kind === 'task-assigned')).toBe(false);

    // claiming a task oneself is no news
    await post('sb.abh2', `/api/tasks/${second}/claim`).expect(200);
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await list('sb.abh2')).items.some((n) => n.kind === 'task-assigned')).toBe(false);
  });

  it('lets each user see and mark only their own notifications', async () => {
    const mine = await list('sb.abh');
    const assigned = mine.items.find((n) => n.kind === 'task-assigned')!;
    // someone else's notification does not exist for another user
    const foreign = await post('sb.abh2', `/api/notifications/${assigned.id}/read`).expect(404);
    expect(foreign.body).toMatchObject({
      code: 'NOTIFICATION_NOT_FOUND',
      message: 'Benachrichtigung nicht gefunden.',
    });
    // without the CSRF token nothing changes
    await users['sb.abh'].agent.post(`/api/notifications/${assigned.id}/read`).expect(403);

    const afterOne = (await post('sb.abh', `/api/notifications/${assigned.id}/read`).expect(200))
      .body as List;
    expect(afterOne.unread).toBe(mine.unread - 1);
    expect(afterOne.items.find((n) => n.id === assigned.id)?.read).toBe(true);
    const afterAll = (await post('sb.abh', '/api/notifications/read-all').expect(200)).body as List;
    expect(afterAll.unread).toBe(0);
    // the other user's are untouched
    expect((await list('tl.abh')).unread).toBeGreaterThan(0);

    const once = await users['sb.abh'].agent
      .get('/api/notifications/stream')
      .query({ once: '1' })
      .buffer(true)
      .parse((res, cb) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => cb(null, text));
      });
    expect(once.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(once.body).toContain('event: count\ndata: {"unread":0}');
  });

  it('mails an immediate notification with the file number and a link, never a name', async () => {
    const bad = await users['sb.abh'].agent
      .put('/api/notifications/settings')
      .set('x-csrf-token', users['sb.abh'].csrf)
      .send({ email: 'keine-adresse', emailMode: 'immediate' })
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('E-Mail-Adresse');
    const saved = await users['sb.abh'].agent
      .put('/api/notifications/settings')
      .set('x-csrf-token', users['sb.abh'].csrf)
      .send({ email: 'clara@example.org', emailMode: 'immediate' })
      .expect(200);
    expect(saved.body).toEqual({ email: 'clara@example.org', emailMode: 'immediate' });

    const [task] = await startTasks(1);
    const sent = inbox.mails.length;
    await post('tl.abh', `/api/tasks/${task}/assign`, { assignee: 'sb.abh' }).expect(200);
    const mail = await waitFor(
      () => inbox.mails.slice(sent).find((m) => m.subject.includes('Aufgabe Ihnen zugewiesen')),
      15_000,
      100,
      'the e-mail',
    );
    expect(mail.to).toEqual(['clara@example.org']);
    expect(mail.subject).toBe(`MiA: Aufgabe Ihnen zugewiesen: Az. ${person.fileNumber}`);
    expect(mail.text).toContain(`Aktenzeichen: ${person.fileNumber}`);
    expect(mail.text).toContain(`${PUBLIC_URL}/aufgaben/${task}`);
    expect(mail.text).not.toMatch(/Haddad|Samira|Clara|Sachbearbeiterin|Teamleitung/);
  });

  it('notifies the unit of approaching deadlines (bundled) and its team lead of a due one, from the deadlines hook', async () => {
    const escalations = app.get(DeadlineEscalations);
    for (const fileNumber of ['ABH-2026-0101', 'ABH-2026-0102']) {
      await escalations.emit({
        escalation: 'reminder',
        kind: 'deadline-approaching',
        unit: 'ABH',
        deadlineId: null,
        recipient: { unit: 'ABH' },
        title: `Frist läuft bald ab: Az. ${fileNumber}`,
        link: '/fristen?einheit=ABH',
        fileNumber,
      });
    }
    await escalations.emit({
      escalation: 'due',
      kind: 'deadline-escalation',
      unit: 'ABH',
      deadlineId: null,
      recipient: { username: 'tl.abh' },
      title: 'Frist heute fällig: Az. ABH-2026-0103',
      link: '/fristen?einheit=ABH',
      fileNumber: 'ABH-2026-0103',
    });
    for (const who of ['sb.abh', 'sb.abh2', 'tl.abh']) {
      const reminders = (await list(who)).items.filter((n) => n.kind === 'deadline-approaching');
      expect(reminders).toEqual([
        expect.objectContaining({
          title: '2 Fristen laufen bald ab in ABH',
          count: 2,
          link: '/fristen?einheit=ABH',
        }),
      ]);
    }
    expect((await list('tl.abh')).items.find((n) => n.kind === 'deadline-escalation')).toMatchObject({
      title: 'Frist heute fällig: Az. ABH-2026-0103',
      fileNumber: 'ABH-2026-0103',
    });
    expect((await list('sb.abh')).items.some((n) => n.kind === 'deadline-escalation')).toBe(false);
    expect((await list('sb.lg')).items).toEqual([]);
  });

  it('shows the page /benachrichtigungen and saves the e-mail settings there, refusing an invalid address in German', async () => {
    const { agent, csrf } = users['tl.abh'];
    const page = await agent.get('/benachrichtigungen').expect(200);
    expect(page.text).toContain('<h1>Benachrichtigungen</h1>');
    expect(page.text).toContain('Frist heute fällig: Az. ABH-2026-0103');
    expect(page.text).toContain('keine Namen und keine Angaben zum Stand des Verfahrens');

    const invalid = await agent
      .post('/benachrichtigungen/einstellungen')
      .type('form')
      .send({ _csrf: csrf, email: 'tanja(at)example', emailMode: 'immediate' })
      .expect(422);
    expect(invalid.text).toContain('Die E-Mail-Adresse ist nicht gültig.');
    await agent
      .post('/benachrichtigungen/einstellungen')
      .type('form')
      .send({ email: 'tanja@example.org', emailMode: 'digest' })
      .expect(403);

    await agent
      .post('/benachrichtigungen/einstellungen')
      .type('form')
      .send({ _csrf: csrf, email: 'tanja@example.org', emailMode: 'off' })
      .expect(303)
      .expect('location', '/benachrichtigungen?erfolg=gespeichert');
    const saved = await agent.get('/benachrichtigungen?erfolg=gespeichert').expect(200);
    expect(saved.text).toContain('Ihre E-Mail-Einstellungen sind gespeichert.');
    expect(saved.text).toContain('value="tanja@example.org"');
    expect(saved.text).toMatch(/id="modus-off" name="emailMode" value="off" checked/);
    expect((await agent.get('/api/notifications/settings').expect(200)).body).toEqual({
      email: 'tanja@example.org',
      emailMode: 'off',
    });
  });

  it('sends a daily digest at the digest hour (engine clock), bundling several notifications into one e-mail', async () => {
    await users['sb.abh2'].agent
      .put('/api/notifications/settings')
      .set('x-csrf-token', users['sb.abh2'].csrf)
      .send({ email: 'dieter@example.org', emailMode: 'digest' })
      .expect(200);
    const notifications = app.get(NotificationsService);
    const mailer = app.get(NotificationMailer);
    // move the engine clock to 05:00 tomorrow (Europe/Berlin): before the digest hour
    const engine = app.get(ZeebeService).embeddedEngine!;
    const now = await engine.clock.now();
    const tomorrow = new Date(now.getTime() + 24 * 3_600_000);
    const berlinDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(tomorrow);
    const fiveBerlin = new Date(`${berlinDay}T05:00:00+01:00`);
    await engine.clock.add(fiveBerlin.getTime() - now.getTime());
    await mailer.tick(); // the earlier ones of the day before are due now: the digest of "today" waits

    const sent = inbox.mails.length;
    await notifications.notify({
      kind: 'deadline-approaching',
      recipient: { username: 'sb.abh2' },
      title: 'Frist läuft bald ab: Az. ABH-2026-0001',
      link: '/fristen',
      fileNumber: 'ABH-2026-0001',
    });
    await notifications.notify({
      kind: 'deadline-escalation',
      recipient: { unit: 'ABH' },
      title: 'Frist überschritten: Az. ABH-2026-0002',
      link: '/fristen',
      fileNumber: 'ABH-2026-0002',
    });
    expect((await mailer.tick()).digests).toBe(0);
    expect(inbox.mails.slice(sent).filter((m) => m.to.includes('dieter@example.org'))).toEqual([]);

    await engine.clock.add(2.5 * 3_600_000); // 07:30
    expect((await mailer.tick()).digests).toBeGreaterThanOrEqual(1);
    const digests = inbox.mails.slice(sent).filter((m) => m.to.includes('dieter@example.org'));
    expect(digests).toHaveLength(1);
    const [digest] = digests as [ReceivedMail];
    expect(digest.subject).toMatch(/Benachrichtigungen \(Tagesübersicht\)$/);
    expect(digest.text).toContain('Frist läuft bald ab: Az. ABH-2026-0001');
    expect(digest.text).toContain('Aktenzeichen: ABH-2026-0002');
    expect(digest.text).toContain(`${PUBLIC_URL}/fristen`);
    expect(digest.text).not.toMatch(/Dieter|Zweiter|Haddad|Samira/);
    // once a day
    expect((await mailer.tick()).digests).toBe(0);
    // the immediate user got the unit's escalation at once (their own e-mail)
    await waitFor(
      () =>
        inbox.mails
          .slice(sent)
          .find((m) => m.to.includes('clara@example.org') && m.subject.includes('Frist überschritten')),
      10_000,
      100,
      'the immediate e-mail of the escalation',
    );
  });

  it('deletes notifications 90 days after their last change (engine clock)', async () => {
    expect((await list('sb.abh')).items.length).toBeGreaterThan(0);
    const engine = app.get(ZeebeService).embeddedEngine!;
    await engine.clock.add(89 * 24 * 3_600_000);
    await app.get(NotificationMailer).purge();
    expect((await list('sb.abh')).items.length).toBeGreaterThan(0);
    await engine.clock.add(2 * 24 * 3_600_000);
    expect(await app.get(NotificationMailer).purge()).toBeGreaterThan(0);
    expect(await list('sb.abh')).toEqual({ unread: 0, items: [] });
  });
});
