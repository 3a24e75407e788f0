/**
 * The Wiedervorlagen pages without a browser: the section on the person page (list, history, form to
 * set one), the list /wiedervorlagen (due up to today, upcoming, the unit's), plain form posts with the
 * CSRF field that redirect after success and show German messages (422) on invalid input.
 */
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import type { INestApplication } from '@nestjs/common';
import { CasesService } from '../../../src/cases';
import { addDays } from '../../../src/common/calendar';
import { ClockService } from '../../../src/engine/clock.service';
import { ZeebeService } from '../../../src/engine/zeebe.service';
import { createPerson } from '../../factories/person.factory';
import { createUser } from '../../factories/user.factory';
import { signedIn } from '../../utils/agents';
import { createTestApp } from '../../utils/app';
import { createTestDatabase, type TestDatabase } from '../../utils/database';

const german = (iso: string): string => iso.split('-').reverse().join('.');

describe('Wiedervorlagen pages (/personen/:id#wiedervorlagen, /wiedervorlagen)', () => {
  let db: TestDatabase;
  let app: INestApplication;

  const today = (): Promise<string> => app.get(ClockService).today();

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp({ databaseUrl: db.url });
    await createUser(app, { username: 'sb.lg', displayName: 'Sachbearbeitung LG', units: ['LG'] });
    await createUser(app, { username: 'sb.lg2', displayName: 'Vertretung LG', units: ['LG'] });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('sets a follow-up on the person page, lists it, moves it from the list, marks it done on the person page', async () => {
    const person = await RequestContext.create(app.get(MikroORM).em.fork(), () =>
      createPerson(app.get(CasesService), { familyName: 'Karimi', givenNames: 'Leyla' }),
    );
    const personPath = `/personen/${person.id}`;
    const { agent, csrf } = await signedIn(app, 'sb.lg');

    const page = await agent.get(personPath).expect(200);
    expect(page.text).toContain('<h2 id="wiedervorlagen-titel">Wiedervorlagen</h2>');
    expect(page.text).toContain('Keine Wiedervorlagen Ihrer Einheiten.');
    expect(page.text).toContain('<option value="LG">LG – Leistungsgewährung AsylbLG</option>');

    const dueOn = addDays(await today(), 1);
    const form = { unit: 'LG', dueOn, reason: 'Nachweis <Passbeschaffung> prüfen' };
    await agent.post(`${personPath}/wiedervorlagen`).type('form').send(form).expect(403);
    const past = await agent
      .post(`${personPath}/wiedervorlagen`)
      .type('form')
      .send({ ...form, dueOn: addDays(await today(), -1), _csrf: csrf })
      .expect(422);
    expect(past.text).toContain(
      'Wiedervorlage – Datum: Das Datum liegt in der Vergangenheit. Bitte heute oder später wählen.',
    );
    expect(past.text).toContain('Nachweis &lt;Passbeschaffung&gt; prüfen</textarea>');

    const created = await agent
      .post(`${personPath}/wiedervorlagen`)
      .type('form')
      .send({ ...form, _csrf: csrf })
      .expect(303);
    expect(created.headers.location).toBe(`${personPath}?wiedervorlage=angelegt#wiedervorlagen`);
    const withFollowUp = await agent.get(`${personPath}?wiedervorlage=angelegt`).expect(200);
    expect(withFollowUp.text).toContain('Die Wiedervorlage ist gespeichert.');
    expect(withFollowUp.text).toContain(`<td>${german(dueOn)}</td>`);
    expect(withFollowUp.text).toContain('<td>Nachweis &lt;Passbeschaffung&gt; prüfen</td>');
    expect(withFollowUp.text).toContain(`angelegt für den ${german(dueOn)}`);
    const id = /action="\/wiedervorlagen\/([0-9a-f-]{36})\/verschieben"/.exec(withFollowUp.text)?.[1];
    expect(id).toBeDefined();

    // not due yet: under "Demnächst"; due the next day
    const before = await agent.get('/wiedervorlagen').expect(200);
    expect(before.text).toContain('<h1>Wiedervorlagen</h1>');
    expect(before.text).toContain('Heute ist keine Wiedervorlage fällig.');
    expect(before.text).toContain(`href="${personPath}#wiedervorlagen">Karimi, Leyla</a>`);
    const engine = app.get(ZeebeService).embeddedEngine;
    if (!engine) throw new Error('needs the embedded engine');
    await engine.clock.add(24 * 3600 * 1000);
    while ((await today()) < dueOn) await engine.clock.add(3600 * 1000);
    const due = await agent.get('/wiedervorlagen').expect(200);
    expect(due.text).toContain(`Fällig bis heute (${german(dueOn)})`);
    expect(due.text).not.toContain('Heute ist keine Wiedervorlage fällig.');
    expect(due.text).toContain('Keine späteren Wiedervorlagen.');

    // move from the list: the comment is required
    const noComment = await agent
      .post(`/wiedervorlagen/${id}/verschieben`)
      .type('form')
      .send({ _csrf: csrf, zurueck: 'liste', dueOn: addDays(dueOn, 7), comment: '' })
      .expect(422);
    expect(noComment.text).toContain('Kommentar: Pflichtangabe.');
    const nextWeek = addDays(dueOn, 7);
    const moved = await agent
      .post(`/wiedervorlagen/${id}/verschieben`)
      .type('form')
      .send({ _csrf: csrf, zurueck: 'liste', dueOn: german(nextWeek), comment: 'Unterlagen folgen' })
      .expect(303);
    expect(moved.headers.location).toBe('/wiedervorlagen?erfolg=verschoben');
    const afterMove = await agent.get('/wiedervorlagen?erfolg=verschoben').expect(200);
    expect(afterMove.text).toContain('Die Wiedervorlage ist verschoben.');
    expect(afterMove.text).toContain('Heute ist keine Wiedervorlage fällig.');
    expect(afterMove.text).toContain(`<td>${german(nextWeek)}</td>`);
    expect(afterMove.text).toContain(
      `verschoben vom ${german(dueOn)} auf den ${german(nextWeek)}: „Unterlagen folgen“`,
    );

    // done on the person page
    const done = await agent
      .post(`/wiedervorlagen/${id}/erledigen`)
      .type('form')
      .send({ _csrf: csrf, zurueck: 'person', comment: 'Pass liegt vor' })
      .expect(303);
    expect(done.headers.location).toBe(`${personPath}?wiedervorlage=erledigt#wiedervorlagen`);
    const afterDone = await agent.get(`${personPath}?wiedervorlage=erledigt`).expect(200);
    expect(afterDone.text).toContain('Die Wiedervorlage ist erledigt.');
    expect(afterDone.text).toContain('<td>erledigt</td>');
    expect(afterDone.text).toContain('erledigt: „Pass liegt vor“');
    expect(afterDone.text).not.toContain(`/wiedervorlagen/${id}/erledigen`);
    const twice = await agent
      .post(`/wiedervorlagen/${id}/verschieben`)
      .type('form')
      .send({ _csrf: csrf, zurueck: 'person', dueOn: nextWeek, comment: 'noch einmal' })
      .expect(422);
    expect(twice.text).toContain('Wiedervorlage – Die Wiedervorlage ist bereits erledigt.');
  });

  it("records an absence on the list page; the colleague then sees the due follow-up under 'Meiner Einheit'", async () => {
    const person = await RequestContext.create(app.get(MikroORM).em.fork(), () =>
      createPerson(app.get(CasesService), { familyName: 'Nouri', givenNames: 'Hana' }),
    );
    const lg = await signedIn(app, 'sb.lg');
    const lg2 = await signedIn(app, 'sb.lg2');
    await lg.agent
      .post(`/personen/${person.id}/wiedervorlagen`)
      .type('form')
      .send({ _csrf: lg.csrf, unit: 'LG', dueOn: german(await today()), reason: 'Heute anrufen' })
      .expect(303);
    expect((await lg2.agent.get('/wiedervorlagen').expect(200)).text).toContain(
      'Keine Wiedervorlage Ihrer Einheit wartet auf Vertretung.',
    );

    await lg.agent
      .post('/wiedervorlagen/abwesenheit')
      .type('form')
      .send({ _csrf: lg.csrf, absentUntil: addDays(await today(), -2) })
      .expect(422);
    const until = addDays(await today(), 2);
    const saved = await lg.agent
      .post('/wiedervorlagen/abwesenheit')
      .type('form')
      .send({ _csrf: lg.csrf, absentUntil: until })
      .expect(303);
    expect(saved.headers.location).toBe('/wiedervorlagen?erfolg=abwesend');
    expect((await lg.agent.get('/wiedervorlagen').expect(200)).text).toContain(
      `Sie sind abwesend bis einschließlich ${german(until)}.`,
    );
    const cover = await lg2.agent.get('/wiedervorlagen').expect(200);
    expect(cover.text).toContain('<td>Heute anrufen</td>');
    expect(cover.text).toContain('Sachbearbeitung LG (LG – Leistungsgewährung AsylbLG)');

    await lg.agent
      .post('/wiedervorlagen/abwesenheit')
      .type('form')
      .send({ _csrf: lg.csrf, aktion: 'beenden' })
      .expect(303);
    expect((await lg2.agent.get('/wiedervorlagen').expect(200)).text).not.toContain('<td>Heute anrufen</td>');
  });
});
