/**
 * Who may do what with a Wiedervorlage, route by route, and what wrong input gets: a caseworker of
 * another unit, a quality user without units and an admin against LG's follow-up, through the pages
 * (German error page) and the API (German JSON); forged posts without the CSRF token; dates that do not
 * exist, too long texts, unknown and malformed ids, wrong enum values — each answered with a German
 * message naming the field, and nothing written.
 */
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { CasesService, type Person } from '../../../src/cases';
import { addDays } from '../../../src/common/calendar';
import { ClockService } from '../../../src/engine/clock.service';
import { createPerson } from '../../factories/person.factory';
import { createSignedInUsers, type SignedInAgent } from '../../utils/agents';
import { createTestApp } from '../../utils/app';
import { createTestDatabase, type TestDatabase } from '../../utils/database';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

interface FollowUpBody {
  id: string;
  dueOn: string;
  status: string;
  events: unknown[];
}

describe('Wiedervorlagen: access per route and invalid input', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let person: Person;
  let followUp: FollowUpBody;
  let agents: Record<string, SignedInAgent> = {};

  const today = (): Promise<string> => app.get(ClockService).today();

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp({ databaseUrl: db.url });
    agents = await createSignedInUsers(app, [
      { username: 'sb.lg', displayName: 'Sachbearbeitung LG', units: ['LG'] },
      { username: 'sb.bs', displayName: 'Sachbearbeitung BS', units: ['BS'] },
      { username: 'qs.mia', displayName: 'Qualitätssicherung', units: [], roles: ['quality'] },
      { username: 'admin', displayName: 'Administration', units: [], roles: ['admin'] },
    ]);
    person = await RequestContext.create(app.get(MikroORM).em.fork(), async () => {
      const cases = app.get(CasesService);
      const created = await createPerson(cases, { familyName: 'Yilmaz', givenNames: 'Deniz' });
      // LG works on the person: a caseworker of BS no longer reads the case file
      await cases.linkProcess(created.id, {
        processInstanceKey: '2251799813999101',
        bpmnProcessId: 'asylblg-but-krankenhilfe',
        caseId: created.fileNumber,
      });
      return created;
    });
    const lg = agents['sb.lg'];
    followUp = (
      await lg.agent
        .post(`/api/persons/${person.id}/follow-ups`)
        .set('x-csrf-token', lg.csrf)
        .send({ unit: 'LG', dueOn: addDays(await today(), 3), reason: 'Nachweis prüfen' })
        .expect(201)
    ).body as FollowUpBody;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /** the follow-up as its owner sees it (status and history), to show that nothing was written */
  const current = async (): Promise<FollowUpBody> =>
    (await agents['sb.lg'].agent.get(`/api/follow-ups/${followUp.id}`).expect(200)).body as FollowUpBody;
  const followUpsOfPerson = async (): Promise<unknown[]> =>
    (await agents['admin'].agent.get(`/api/persons/${person.id}/follow-ups`).expect(200)).body as unknown[];

  it('sends a page request without a session to the sign-in page, an API call gets 401', async () => {
    const anonymous = request(app.getHttpServer());
    const page = await anonymous.get('/wiedervorlagen').expect(303);
    expect(page.headers.location).toBe('/anmelden?ziel=%2Fwiedervorlagen');
    await request(app.getHttpServer()).get(`/api/follow-ups/${followUp.id}`).expect(401);
  });

  describe('pages: 403 with a German page, nothing changed', () => {
    const form = async (): Promise<Record<string, string>> => ({
      unit: 'LG',
      dueOn: addDays(await today(), 5),
      reason: 'fremd',
      comment: 'fremd',
      zurueck: 'person',
    });
    const cases: { who: string; route: string; post: () => string; text: string }[] = [
      {
        who: 'sb.bs',
        route: 'set one on the person',
        post: () => `/personen/${person.id}/wiedervorlagen`,
        text: 'Sie haben keinen Zugriff auf diese Fallakte.',
      },
      {
        who: 'qs.mia',
        route: 'set one on the person',
        post: () => `/personen/${person.id}/wiedervorlagen`,
        text: 'Wiedervorlagen setzen nur Mitglieder einer Einheit',
      },
      {
        who: 'admin',
        route: 'set one on the person',
        post: () => `/personen/${person.id}/wiedervorlagen`,
        text: 'Wiedervorlagen setzen nur Mitglieder einer Einheit',
      },
      {
        who: 'sb.bs',
        route: 'move',
        post: () => `/wiedervorlagen/${followUp.id}/verschieben`,
        text: 'Sie haben keinen Zugriff auf diese Wiedervorlage.',
      },
      {
        who: 'qs.mia',
        route: 'move',
        post: () => `/wiedervorlagen/${followUp.id}/verschieben`,
        text: 'Sie haben keinen Zugriff auf diese Wiedervorlage.',
      },
      {
        who: 'sb.bs',
        route: 'mark done',
        post: () => `/wiedervorlagen/${followUp.id}/erledigen`,
        text: 'Sie haben keinen Zugriff auf diese Wiedervorlage.',
      },
      {
        who: 'qs.mia',
        route: 'mark done',
        post: () => `/wiedervorlagen/${followUp.id}/erledigen`,
        text: 'Sie haben keinen Zugriff auf diese Wiedervorlage.',
      },
    ];

    it.each(cases)('$who may not $route', async ({ who, post, text }) => {
      const before = await current();
      const { agent, csrf } = agents[who];
      const res = await agent
        .post(post())
        .type('form')
        .send({ ...(await form()), _csrf: csrf })
        .expect(403);
      expect(res.type).toBe('text/html');
      expect(res.text).toContain('<html lang="de">');
      expect(res.text).toContain('<h1>Kein Zugriff</h1>');
      expect(res.text).toContain(text);
      expect(await current()).toEqual(before);
      expect(await followUpsOfPerson()).toHaveLength(1);
    });

    it('the same from the list page (zurück: liste) is refused too', async () => {
      const before = await current();
      const { agent, csrf } = agents['sb.bs'];
      const res = await agent
        .post(`/wiedervorlagen/${followUp.id}/verschieben`)
        .type('form')
        .send({ ...(await form()), zurueck: 'liste', _csrf: csrf })
        .expect(403);
      expect(res.text).toContain('Sie haben keinen Zugriff auf diese Wiedervorlage.');
      expect(await current()).toEqual(before);
    });

    it.each(['sb.lg', 'sb.bs', 'qs.mia', 'admin'])('the list /wiedervorlagen opens for %s', async (who) => {
      const res = await agents[who].agent.get('/wiedervorlagen').expect(200);
      expect(res.text).toContain('<h1>Wiedervorlagen</h1>');
      // only LG's members see LG's follow-up in a list
      if (who !== 'sb.lg') expect(res.text).not.toContain('Nachweis prüfen');
    });

    it('lets an admin move it (admins may change every unit’s follow-up)', async () => {
      const { agent, csrf } = agents['admin'];
      const dueOn = addDays(await today(), 4);
      await agent
        .post(`/wiedervorlagen/${followUp.id}/verschieben`)
        .type('form')
        .send({ _csrf: csrf, zurueck: 'liste', dueOn, comment: 'Vertretung durch Administration' })
        .expect(303);
      expect((await current()).dueOn).toBe(dueOn);
    });

    it.each([
      ['set one on the person', () => `/personen/${person.id}/wiedervorlagen`],
      ['move', () => `/wiedervorlagen/${followUp.id}/verschieben`],
      ['mark done', () => `/wiedervorlagen/${followUp.id}/erledigen`],
      ['record an absence', () => '/wiedervorlagen/abwesenheit'],
    ])('refuses a forged post without the CSRF token: %s', async (_route, post) => {
      const before = await current();
      const { agent } = agents['sb.lg'];
      const res = await agent
        .post(post())
        .type('form')
        .send({ ...(await form()), absentUntil: addDays(await today(), 1) })
        .expect(403);
      expect(res.text).toContain('Sicherheitsprüfung fehlgeschlagen');
      expect(res.text).toContain('es wurde nichts geändert');
      expect(await current()).toEqual(before);
      expect(await followUpsOfPerson()).toHaveLength(1);
      const absence = await agent.get('/api/follow-ups/absence').expect(200);
      expect(absence.body).toEqual({ absentUntil: null });
    });
  });

  describe('API: 403 with German JSON', () => {
    const routes = (who: SignedInAgent) => ({
      ofPerson: () => who.agent.get(`/api/persons/${person.id}/follow-ups`),
      create: async () =>
        who.agent
          .post(`/api/persons/${person.id}/follow-ups`)
          .set('x-csrf-token', who.csrf)
          .send({ unit: 'LG', dueOn: addDays(await today(), 5), reason: 'fremd' }),
      get: () => who.agent.get(`/api/follow-ups/${followUp.id}`),
      move: async () =>
        who.agent
          .post(`/api/follow-ups/${followUp.id}/move`)
          .set('x-csrf-token', who.csrf)
          .send({ dueOn: addDays(await today(), 6), comment: 'fremd' }),
      done: () =>
        who.agent.post(`/api/follow-ups/${followUp.id}/done`).set('x-csrf-token', who.csrf).send({}),
    });
    const forbidden: [string, keyof ReturnType<typeof routes>, string][] = [
      ['sb.bs', 'ofPerson', 'CASE_FILE_FORBIDDEN'],
      ['sb.bs', 'create', 'CASE_FILE_FORBIDDEN'],
      ['sb.bs', 'get', 'FOLLOW_UP_FORBIDDEN'],
      ['sb.bs', 'move', 'FOLLOW_UP_FORBIDDEN'],
      ['sb.bs', 'done', 'FOLLOW_UP_FORBIDDEN'],
      ['qs.mia', 'create', 'FOLLOW_UP_FORBIDDEN'],
      ['qs.mia', 'get', 'FOLLOW_UP_FORBIDDEN'],
      ['qs.mia', 'move', 'FOLLOW_UP_FORBIDDEN'],
      ['qs.mia', 'done', 'FOLLOW_UP_FORBIDDEN'],
      ['admin', 'create', 'FOLLOW_UP_FORBIDDEN'],
    ];

    it.each(forbidden)('%s: %s → 403 %s', async (who, route, code) => {
      const before = await current();
      const res = await routes(agents[who])[route]();
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code });
      expect(res.body.message).toMatch(/^Sie |^Wiedervorlagen setzen nur Mitglieder einer Einheit/);
      expect(await current()).toEqual(before);
      expect(await followUpsOfPerson()).toHaveLength(1);
    });

    it('shows quality staff (no unit) no follow-up of the person, an admin all', async () => {
      expect((await routes(agents['qs.mia']).ofPerson().expect(200)).body).toEqual([]);
      expect((await routes(agents['admin']).ofPerson().expect(200)).body).toHaveLength(1);
      await routes(agents['admin']).get().expect(200);
    });

    it('refuses API posts without the CSRF token', async () => {
      const { agent } = agents['sb.lg'];
      const refused = [
        await agent
          .post(`/api/persons/${person.id}/follow-ups`)
          .send({ unit: 'LG', dueOn: '2099-01-01', reason: 'x' }),
        await agent.post(`/api/follow-ups/${followUp.id}/move`).send({ dueOn: '2099-01-01', comment: 'x' }),
        await agent.post(`/api/follow-ups/${followUp.id}/done`).send({}),
        await agent.put('/api/follow-ups/absence').send({ absentUntil: '2099-01-01' }),
      ];
      for (const res of refused) {
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({
          code: 'CSRF_TOKEN_INVALID',
          message: 'Das Sicherheitstoken fehlt oder ist ungültig. Bitte laden Sie die Seite neu.',
        });
      }
      expect(await followUpsOfPerson()).toHaveLength(1);
    });
  });

  describe('invalid input: a German message naming the field, nothing written', () => {
    it.each([
      [
        'a day that does not exist (31.02.)',
        { dueOn: '31.02.2026' },
        'Datum: bitte ein gültiges Datum als TT.MM.JJJJ angeben.',
      ],
      [
        'a day that does not exist (ISO)',
        { dueOn: '2026-02-31' },
        'Datum: bitte ein gültiges Datum als TT.MM.JJJJ angeben.',
      ],
      ['no date', { dueOn: 'morgen' }, 'Datum: bitte ein gültiges Datum als TT.MM.JJJJ angeben.'],
      ['a reason of 501 characters', { reason: 'x'.repeat(501) }, 'Grund: höchstens 500 Zeichen.'],
      ['no reason', { reason: '' }, 'Grund: Pflichtangabe.'],
      ['an unknown unit', { unit: 'XX' }, 'Einheit: Sie gehören dieser Einheit nicht an.'],
      ['no unit', { unit: '' }, 'Einheit: Pflichtangabe.'],
    ])('person page form with %s → 422 naming the field', async (_case, change, message) => {
      const { agent, csrf } = agents['sb.lg'];
      const valid = { unit: 'LG', dueOn: addDays(await today(), 2), reason: 'Rückruf' };
      const res = await agent
        .post(`/personen/${person.id}/wiedervorlagen`)
        .type('form')
        .send({ ...valid, ...change, _csrf: csrf })
        .expect(422);
      expect(res.text).toContain(`Wiedervorlage – ${message}`);
      expect(await followUpsOfPerson()).toHaveLength(1);
    });

    it.each([
      [
        'a day that does not exist',
        { dueOn: '31.02.2026' },
        'Neues Datum: bitte ein gültiges Datum als TT.MM.JJJJ angeben.',
      ],
      ['a comment of 1001 characters', { comment: 'x'.repeat(1001) }, 'Kommentar: höchstens 1000 Zeichen.'],
      ['a blank comment', { comment: '   ' }, 'Kommentar: Pflichtangabe.'],
    ])(
      'move form with %s → 422 naming the field, on the person page and on the list',
      async (_case, change, message) => {
        const before = await current();
        const { agent, csrf } = agents['sb.lg'];
        const valid = { dueOn: addDays(await today(), 8), comment: 'Unterlagen folgen' };
        for (const zurueck of ['person', 'liste']) {
          const res = await agent
            .post(`/wiedervorlagen/${followUp.id}/verschieben`)
            .type('form')
            .send({ ...valid, ...change, zurueck, _csrf: csrf })
            .expect(422);
          expect(res.text).toContain(message);
        }
        expect(await current()).toEqual(before);
      },
    );

    it('done form with a too long comment → 422, still open', async () => {
      const { agent, csrf } = agents['sb.lg'];
      const res = await agent
        .post(`/wiedervorlagen/${followUp.id}/erledigen`)
        .type('form')
        .send({ zurueck: 'liste', comment: 'x'.repeat(1001), _csrf: csrf })
        .expect(422);
      expect(res.text).toContain('Kommentar: höchstens 1000 Zeichen.');
      expect((await current()).status).toBe('open');
    });

    it('absence form with a day that does not exist → 422 naming “Abwesend bis”', async () => {
      const { agent, csrf } = agents['sb.lg'];
      const res = await agent
        .post('/wiedervorlagen/abwesenheit')
        .type('form')
        .send({ absentUntil: '31.02.2026', _csrf: csrf })
        .expect(422);
      expect(res.text).toContain('Abwesend bis: bitte ein gültiges Datum als TT.MM.JJJJ angeben.');
      expect((await agent.get('/api/follow-ups/absence').expect(200)).body).toEqual({ absentUntil: null });
    });

    it.each([
      [
        '/wiedervorlagen/keine-uuid/verschieben',
        400,
        'Wiedervorlage – die Adresse enthält keine gültige Kennung',
      ],
      [
        '/wiedervorlagen/keine-uuid/erledigen',
        400,
        'Wiedervorlage – die Adresse enthält keine gültige Kennung',
      ],
      ['/personen/keine-uuid/wiedervorlagen', 400, 'Person – die Adresse enthält keine gültige Kennung'],
      [`/wiedervorlagen/${UNKNOWN}/verschieben`, 404, 'Das Gesuchte gibt es nicht (mehr).'],
      [`/wiedervorlagen/${UNKNOWN}/erledigen`, 404, 'Das Gesuchte gibt es nicht (mehr).'],
      [`/personen/${UNKNOWN}/wiedervorlagen`, 404, 'Das Gesuchte gibt es nicht (mehr).'],
    ])('page post to %s → %i German page', async (path, status, text) => {
      const { agent, csrf } = agents['sb.lg'];
      const res = await agent
        .post(path)
        .type('form')
        .send({ _csrf: csrf, unit: 'LG', dueOn: addDays(await today(), 2), reason: 'x', comment: 'x' })
        .expect(status);
      expect(res.type).toBe('text/html');
      expect(res.text).toContain(text);
      expect(await followUpsOfPerson()).toHaveLength(1);
    });

    it('API: malformed and unknown ids, a day that does not exist, too long texts', async () => {
      const { agent, csrf } = agents['sb.lg'];
      const malformed = await agent.get('/api/follow-ups/keine-uuid').expect(400);
      expect(malformed.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: ['id: Wiedervorlage – die Adresse enthält keine gültige Kennung (UUID).'],
      });
      const person400 = await agent.get('/api/persons/keine-uuid/follow-ups').expect(400);
      expect(person400.body.message).toEqual([
        'id: Person – die Adresse enthält keine gültige Kennung (UUID).',
      ]);
      const unknown = await agent.get(`/api/follow-ups/${UNKNOWN}`).expect(404);
      expect(unknown.body).toMatchObject({
        code: 'FOLLOW_UP_NOT_FOUND',
        message: 'Diese Wiedervorlage gibt es nicht.',
      });
      await agent.post(`/api/follow-ups/${UNKNOWN}/done`).set('x-csrf-token', csrf).send({}).expect(404);

      const noSuchDay = await agent.get('/api/follow-ups').query({ dueUntil: '2026-02-31' }).expect(400);
      expect(noSuchDay.body.message).toEqual(['dueUntil: Fällig bis – diesen Tag gibt es nicht.']);

      const before = await current();
      const tooLong = await agent
        .post(`/api/follow-ups/${followUp.id}/move`)
        .set('x-csrf-token', csrf)
        .send({ dueOn: '2026-02-31', comment: 'x'.repeat(1001) })
        .expect(400);
      expect(tooLong.body.message).toEqual(['comment: Kommentar – höchstens 1000 Zeichen.']);
      const noDay = await agent
        .post(`/api/follow-ups/${followUp.id}/move`)
        .set('x-csrf-token', csrf)
        .send({ dueOn: '2026-02-31', comment: 'Unterlagen folgen' })
        .expect(422);
      expect(noDay.body.errors).toEqual([
        { field: 'dueOn', message: 'Neues Datum: bitte ein gültiges Datum als TT.MM.JJJJ angeben.' },
      ]);
      const wrongUnit = await agent
        .post(`/api/persons/${person.id}/follow-ups`)
        .set('x-csrf-token', csrf)
        .send({ unit: 'lg', dueOn: '2099-01-01', reason: 'x' })
        .expect(400);
      expect(wrongUnit.body.message).toEqual([
        'unit: Einheit – bitte eine Einheit der Migrationsagentur angeben.',
      ]);
      expect(await current()).toEqual(before);
      expect(await followUpsOfPerson()).toHaveLength(1);
    });
  });
});
