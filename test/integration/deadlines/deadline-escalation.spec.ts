/**
 * Escalation of deadlines (issue 8 § 1) on a moved engine clock: the reminder a configurable number of
 * days before (versioned parameter), the team lead informed on the due day, the unit's daily overdue
 * list — each raised exactly once however often the check runs, emitted to the notification hook with
 * the file number and a link, never a name.
 */
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import type { INestApplication } from '@nestjs/common';
import { CasesService, type Person } from '../../../src/cases';
import { addDays } from '../../../src/common/calendar';
import { DeadlineEscalationScheduler } from '../../../src/deadlines/deadline-escalation.scheduler';
import {
  DeadlineEscalations,
  type DeadlineEscalationEvent,
} from '../../../src/deadlines/deadline-escalations';
import { DeadlinesService } from '../../../src/deadlines/deadlines.service';
import { ClockService } from '../../../src/engine/clock.service';
import { ZeebeService } from '../../../src/engine/zeebe.service';
import { createPerson } from '../../factories/person.factory';
import { createUser } from '../../factories/user.factory';
import { createTestApp } from '../../utils/app';
import { createTestDatabase, type TestDatabase } from '../../utils/database';

describe('deadline escalation', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let person: Person;
  const events: DeadlineEscalationEvent[] = [];

  const today = (): Promise<string> => app.get(ClockService).today();
  async function advanceDays(days: number): Promise<void> {
    const engine = app.get(ZeebeService).embeddedEngine;
    if (!engine) throw new Error('needs the embedded engine');
    const target = addDays(await today(), days);
    await engine.clock.add(days * 24 * 3600 * 1000);
    while ((await today()) < target) await engine.clock.add(3600 * 1000);
  }
  /** one run of the check; the events it emitted */
  async function check(): Promise<
    { escalation: string; kind: string; to: string; title: string; link: string }[]
  > {
    events.length = 0;
    await app.get(DeadlineEscalationScheduler).tick();
    return events.map((e) => ({
      escalation: e.escalation,
      kind: e.kind,
      to: 'username' in e.recipient ? e.recipient.username : `unit ${e.recipient.unit}`,
      title: e.title,
      link: e.link,
    }));
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp({ databaseUrl: db.url, env: { DEADLINE_ESCALATION_JOB: 'false' } });
    await createUser(app, { username: 'sb.abh', units: ['ABH'] });
    await createUser(app, { username: 'tl.abh', units: ['ABH'], roles: ['team-lead'] });
    await createUser(app, { username: 'tl.lg', units: ['LG'], roles: ['team-lead'] });
    person = await RequestContext.create(app.get(MikroORM).em.fork(), () =>
      createPerson(app.get(CasesService), { familyName: 'Haddad', givenNames: 'Amal' }),
    );
    app.get(DeadlineEscalations).register((e) => {
      events.push(e);
    });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('reminder before, team lead on the due day, daily overdue list — each once', async () => {
    const start = await today();
    await app.get(DeadlinesService).open({
      kind: 'hearing',
      personId: person.id,
      fileNumber: person.fileNumber,
      processInstanceKey: '2251799813689001',
      unit: 'ABH',
      dueOn: addDays(start, 5),
    });
    const az = `Anhörungsfrist (2 Wochen), Az. ${person.fileNumber}`;

    // 5 days before: no reminder yet (parameter: 3 days)
    expect(await check()).toEqual([]);
    await advanceDays(2);
    expect(await check()).toEqual([
      {
        escalation: 'reminder',
        kind: 'deadline-approaching',
        to: 'unit ABH',
        title: `Frist läuft bald ab: ${az}`,
        link: '/fristen?einheit=ABH',
      },
    ]);
    expect(await check()).toEqual([]); // once only
    expect(events.every((e) => !JSON.stringify(e).includes('Haddad'))).toBe(true);

    // the due day: the ABH's team lead (not another unit's)
    await advanceDays(3);
    expect(await check()).toEqual([
      {
        escalation: 'due',
        kind: 'deadline-escalation',
        to: 'tl.abh',
        title: `Frist heute fällig: ${az}`,
        link: '/fristen?einheit=ABH',
      },
    ]);
    expect(await check()).toEqual([]);

    // overdue: one list per unit and day
    await advanceDays(1);
    const list = [
      {
        escalation: 'overdue-list',
        kind: 'deadline-overdue-list',
        to: 'unit ABH',
        title: '1 überfällige Frist in ABH',
        link: '/fristen?einheit=ABH#ueberfaellig',
      },
    ];
    expect(await check()).toEqual(list);
    expect(await check()).toEqual([]);
    await advanceDays(1);
    expect(await check()).toEqual(list);

    // met: no further lists
    await app.get(DeadlinesService).close('2251799813689001', 'hearing', await today());
    await advanceDays(1);
    expect(await check()).toEqual([]);
  });

  it('the deadlines of an ended process instance are cancelled and raise nothing', async () => {
    const now = await today();
    await app.get(DeadlinesService).open({
      kind: 'ba-approval-fiction',
      personId: person.id,
      fileNumber: person.fileNumber,
      processInstanceKey: '2251799813689003',
      unit: 'ABH',
      dueOn: addDays(now, -3),
    });
    await app
      .get(MikroORM)
      .em.fork()
      .getConnection()
      .execute(
        `insert into process_instance_record (process_instance_key, bpmn_process_id, version, started_at, ended_at)
         values ('2251799813689003', 'training-toleration-check', 1, now(), now())`,
      );
    expect(await check()).toEqual([]);
    const rows = await app
      .get(DeadlinesService)
      .list(
        { id: 'a', username: 'admin', displayName: 'A', roles: ['admin'], units: [] },
        { kind: 'ba-approval-fiction' },
      );
    expect(rows.map((d) => d.status)).toEqual(['cancelled']);
  });

  it('the reminder period is a versioned parameter', async () => {
    const now = await today();
    await app
      .get(MikroORM)
      .em.fork()
      .getConnection()
      .execute(
        `insert into parameter (key, valid_from, value, source, kind, note, recorded_by, recorded_at)
         values ('deadlines.reminderDaysBefore', ?, '10', 'Test [local]', 'local', 'zehn Tage', 'test', now())`,
        [now],
      );
    await app.get(DeadlinesService).open({
      kind: 'departure',
      personId: person.id,
      fileNumber: person.fileNumber,
      processInstanceKey: '2251799813689002',
      unit: 'ABH',
      dueOn: addDays(now, 9),
    });
    expect((await check()).map((e) => [e.escalation, e.title])).toEqual([
      ['reminder', `Frist läuft bald ab: Ausreisefrist, Az. ${person.fileNumber}`],
    ]);
  });
});
