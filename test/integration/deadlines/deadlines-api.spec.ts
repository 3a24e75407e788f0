/**
 * Deadlines shown (issue 8 § 1): GET /api/deadlines and the Fristen board /fristen with real sessions —
 * a unit sees its own deadlines only (overdue and due this week, by person and kind), filters work,
 * invalid filters get German messages; the person page lists a person's deadlines.
 */
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import type { INestApplication } from '@nestjs/common';
import { CasesService, type Person } from '../../../src/cases';
import { addDays } from '../../../src/common/calendar';
import { DeadlinesService } from '../../../src/deadlines/deadlines.service';
import { ClockService } from '../../../src/engine/clock.service';
import { createPerson } from '../../factories/person.factory';
import { createUser } from '../../factories/user.factory';
import { signedIn, type SignedInAgent } from '../../utils/agents';
import { createTestApp } from '../../utils/app';
import { createTestDatabase, type TestDatabase } from '../../utils/database';

interface DeadlineBody {
  kind: string;
  legalBasis: string;
  personId: string;
  unit: string;
  dueOn: string;
  status: string;
  overdue: boolean;
}

describe('Fristen: API and board', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let ja: SignedInAgent;
  let abh: SignedInAgent;
  let child: Person;
  let adult: Person;
  let today: string;

  const inContext = <T>(fn: () => Promise<T>): Promise<T> =>
    RequestContext.create(app.get(MikroORM).em.fork(), fn);

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp({ databaseUrl: db.url });
    await createUser(app, { username: 'sb.ja', displayName: 'Sachbearbeitung JA', units: ['JA'] });
    await createUser(app, { username: 'sb.abh', displayName: 'Sachbearbeitung ABH', units: ['ABH'] });
    ja = await signedIn(app, 'sb.ja');
    abh = await signedIn(app, 'sb.abh');
    child = await inContext(() =>
      createPerson(app.get(CasesService), { familyName: 'Haddad', givenNames: 'Amal' }),
    );
    adult = await inContext(() =>
      createPerson(app.get(CasesService), { familyName: 'Nouri', givenNames: 'Sara' }),
    );
    today = await app.get(ClockService).today();
    const deadlines = app.get(DeadlinesService);
    // as the workers record them: one overdue and one due today for the JA, one for the ABH
    await deadlines.open({
      kind: 'uma-notification',
      personId: child.id,
      fileNumber: child.fileNumber,
      processInstanceKey: '2251799813685001',
      unit: 'JA',
      dueOn: addDays(today, -2),
    });
    await deadlines.open({
      kind: 'uma-distribution',
      personId: child.id,
      fileNumber: child.fileNumber,
      processInstanceKey: '2251799813685001',
      unit: 'JA',
      dueOn: today,
    });
    await deadlines.open({
      kind: 'departure',
      personId: adult.id,
      fileNumber: adult.fileNumber,
      processInstanceKey: '2251799813685002',
      unit: 'ABH',
      dueOn: addDays(today, 20),
    });
    // a second call from a repeated job changes nothing
    await deadlines.open({
      kind: 'departure',
      personId: adult.id,
      processInstanceKey: '2251799813685002',
      unit: 'ABH',
      dueOn: addDays(today, 99),
    });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('GET /api/deadlines: the own units only, in order of the due day, with filters', async () => {
    const mine = await ja.agent.get('/api/deadlines').expect(200);
    expect((mine.body as DeadlineBody[]).map((d) => [d.kind, d.dueOn, d.status, d.overdue, d.unit])).toEqual([
      ['uma-notification', addDays(today, -2), 'open', true, 'JA'],
      ['uma-distribution', today, 'open', false, 'JA'],
    ]);
    expect((mine.body as DeadlineBody[])[0].legalBasis).toBe('§ 42a Abs. 4 S. 1 SGB VIII');

    const overdue = await ja.agent.get('/api/deadlines').query({ overdue: 'true' }).expect(200);
    expect((overdue.body as DeadlineBody[]).map((d) => d.kind)).toEqual(['uma-notification']);

    const theirs = await abh.agent.get('/api/deadlines').expect(200);
    expect((theirs.body as DeadlineBody[]).map((d) => [d.kind, d.dueOn, d.personId])).toEqual([
      ['departure', addDays(today, 20), adult.id],
    ]);
    // another unit's filter yields nothing of theirs
    const none = await abh.agent.get('/api/deadlines').query({ unit: 'JA' }).expect(200);
    expect(none.body).toEqual([]);
  });

  it('GET /api/deadlines: invalid filters get German messages naming the field', async () => {
    const res = await ja.agent.get('/api/deadlines').query({ dueUntil: '2026-02-30', kind: 'x' }).expect(400);
    const text = JSON.stringify(res.body);
    expect(text).toContain('dueUntil: Fällig bis – diesen Tag gibt es nicht.');
    expect(text).toContain('kind: Fristart – unbekannt.');
  });

  it('/fristen: overdue and this week, by person and kind; another unit sees none of it', async () => {
    const page = await ja.agent.get('/fristen').expect(200);
    const html = page.text;
    expect(html).toContain('Überfällig (1)');
    expect(html).toContain('Fällig diese Woche (1)');
    expect(html).toContain('Haddad, Amal');
    expect(html).toContain('Meldung an die Landesverteilstelle (7 Werktage)');
    expect(html).toContain('Verteilung binnen eines Monats');
    expect(html).toContain('überfällig');

    const other = await abh.agent.get('/fristen').expect(200);
    expect(other.text).not.toContain('Haddad');
    expect(other.text).toContain('Keine überfälligen Fristen.');
  });

  it('the task list: a sortable "Frist" column, the overdue deadline highlighted; the task page names it', async () => {
    const connection = app.get(MikroORM).em.fork().getConnection();
    const insertTask = (id: string, instance: string, name: string, personId: string) =>
      connection.execute(
        `insert into task (id, job_key, process_instance_key, element_instance_key, bpmn_process_id, process_version,
                           element_id, name, candidate_groups, variables, person_id, state, created_at)
         values (?, ?, ?, ?, 'uma-reception', 1, 'Task_Screening', ?, '{JA}', '{}', ?, 'open', now())`,
        [id, `${instance}1`, instance, `${instance}2`, name, personId],
      );
    await insertTask('00000000-0000-4000-8000-00000000a001', '2251799813685009', 'Ohne Frist', adult.id);
    await insertTask(
      '00000000-0000-4000-8000-00000000a002',
      '2251799813685001',
      'Screening Haddad',
      child.id,
    );

    const list = await ja.agent
      .get('/aufgaben')
      .query({ ansicht: 'einheit', sortierung: 'deadline', reihenfolge: 'asc' })
      .expect(200);
    const html = list.text;
    expect(html).toContain('<th scope="col">Frist</th>');
    // the task with the (overdue) deadline first, its cell highlighted; the other without a deadline after it
    expect(html.indexOf('Screening Haddad')).toBeLessThan(html.indexOf('Ohne Frist'));
    expect(html).toContain(`<time datetime="${addDays(today, -2)}">`);
    expect(html).toContain('(Frist überschritten)');
    expect(html).toContain('class="deadline-overdue"');

    const task = await ja.agent.get('/aufgaben/00000000-0000-4000-8000-00000000a002').expect(200);
    expect(task.text).toContain('Frist: Meldung an die Landesverteilstelle (7 Werktage)');
    expect(task.text).toContain('Frist: Verteilung binnen eines Monats');
  });

  it('the person page lists the person’s deadlines of the own units', async () => {
    const page = await ja.agent.get(`/personen/${child.id}`).expect(200);
    expect(page.text).toContain('id="fristen"');
    expect(page.text).toContain('Verteilung binnen eines Monats');
    expect(page.text).toContain('§ 42b Abs. 4 Nr. 4 SGB VIII');
  });
});
