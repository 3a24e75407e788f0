/**
 * Wiedervorlagen over HTTP (issue 8 § 2) with real sessions: a caseworker sets a follow-up on a person
 * with a date and a reason; on that date (the engine clock moved) it appears in their list and not
 * before, or in the unit's list while they are absent; it is moved with a comment (never into the past)
 * or marked done; every step is in its history. Another unit gets 403; invalid input 400/422 with German
 * field messages.
 */
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { CasesService, type Person } from '../../../src/cases';
import { addDays } from '../../../src/common/calendar';
import { ClockService } from '../../../src/engine/clock.service';
import { ZeebeService } from '../../../src/engine/zeebe.service';
import { createPerson } from '../../factories/person.factory';
import { createUser } from '../../factories/user.factory';
import { signedIn, type SignedInAgent } from '../../utils/agents';
import { createTestApp } from '../../utils/app';
import { createTestDatabase, type TestDatabase } from '../../utils/database';

interface FollowUpBody {
  id: string;
  personId: string;
  unit: string;
  owner: string;
  dueOn: string;
  reason: string;
  status: string;
  events: {
    kind: string;
    actor: string;
    comment: string | null;
    dueOnBefore: string | null;
    dueOnAfter: string | null;
  }[];
}

describe('Wiedervorlagen API (/api/persons/:id/follow-ups, /api/follow-ups)', () => {
  let db: TestDatabase;
  let app: INestApplication;

  const inContext = <T>(fn: () => Promise<T>): Promise<T> =>
    RequestContext.create(app.get(MikroORM).em.fork(), fn);
  const today = (): Promise<string> => app.get(ClockService).today();
  /** moves the engine clock on by whole days (the platform's "today" follows it) */
  async function advanceDays(days: number): Promise<void> {
    const engine = app.get(ZeebeService).embeddedEngine;
    if (!engine) throw new Error('needs the embedded engine');
    const target = addDays(await today(), days);
    await engine.clock.add(days * 24 * 3600 * 1000);
    // a DST change in between shifts the hour, never the day by more than one: correct to the target day
    while ((await today()) < target) await engine.clock.add(3600 * 1000);
    expect(await today()).toBe(target);
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp({ databaseUrl: db.url });
    await createUser(app, { username: 'sb.lg', displayName: 'Sachbearbeitung LG', units: ['LG'] });
    await createUser(app, { username: 'sb.lg2', displayName: 'Vertretung LG', units: ['LG'] });
    await createUser(app, { username: 'sb.bs', units: ['BS'] });
    await createUser(app, { username: 'admin', units: [], roles: ['admin'] });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const newPerson = (): Promise<Person> => inContext(() => createPerson(app.get(CasesService)));

  async function setFollowUp(
    who: SignedInAgent,
    personId: string,
    body: Record<string, unknown>,
  ): Promise<FollowUpBody> {
    const res = await who.agent
      .post(`/api/persons/${personId}/follow-ups`)
      .set('x-csrf-token', who.csrf)
      .send(body)
      .expect(201);
    return res.body as FollowUpBody;
  }

  const ids = (list: unknown): string[] => (list as FollowUpBody[]).map((f) => f.id);

  it('needs a session', async () => {
    await request(app.getHttpServer()).get('/api/follow-ups').expect(401);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await request(app.getHttpServer()).get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths['/api/persons/{id}/follow-ups']).sort()).toEqual(['get', 'post']);
    expect(doc.paths['/api/follow-ups']).toHaveProperty('get');
    expect(doc.paths['/api/follow-ups/{id}/move']).toHaveProperty('post');
    expect(doc.paths['/api/follow-ups/{id}/done']).toHaveProperty('post');
    expect(Object.keys(doc.paths['/api/follow-ups/absence']).sort()).toEqual(['get', 'put']);
  });

  it('sets a follow-up with date and reason (CSRF, validated with German messages); its history starts', async () => {
    const person = await newPerson();
    const lg = await signedIn(app, 'sb.lg');
    const dueOn = addDays(await today(), 3);
    const path = `/api/persons/${person.id}/follow-ups`;

    await lg.agent.post(path).send({ unit: 'LG', dueOn, reason: 'Nachweis prüfen' }).expect(403);

    const malformed = await lg.agent
      .post(path)
      .set('x-csrf-token', lg.csrf)
      .send({ unit: 'XX', dueOn: '1.12.2026', reason: 'x'.repeat(501), extra: true })
      .expect(400);
    expect(malformed.body.code).toBe('VALIDATION_FAILED');
    expect(malformed.body.message).toEqual(
      expect.arrayContaining([
        'unit: Einheit – bitte eine Einheit der Migrationsagentur angeben.',
        'dueOn: Datum – bitte als JJJJ-MM-TT angeben.',
        `reason: Grund – höchstens 500 Zeichen.`,
      ]),
    );

    const refused = await lg.agent
      .post(path)
      .set('x-csrf-token', lg.csrf)
      .send({ unit: 'BS', dueOn: addDays(await today(), -1), reason: '   ' })
      .expect(422);
    expect(refused.body).toMatchObject({
      code: 'FOLLOW_UP_INVALID',
      errors: [
        { field: 'unit', message: 'Einheit: Sie gehören dieser Einheit nicht an.' },
        {
          field: 'dueOn',
          message: 'Datum: Das Datum liegt in der Vergangenheit. Bitte heute oder später wählen.',
        },
        { field: 'reason', message: 'Grund: Pflichtangabe.' },
      ],
    });
    const noSuchDay = await lg.agent
      .post(path)
      .set('x-csrf-token', lg.csrf)
      .send({ unit: 'LG', dueOn: '2031-02-30', reason: 'x' })
      .expect(422);
    expect(noSuchDay.body.errors).toEqual([
      { field: 'dueOn', message: 'Datum: bitte ein gültiges Datum als TT.MM.JJJJ angeben.' },
    ]);

    const created = await setFollowUp(lg, person.id, { unit: 'LG', dueOn, reason: ' Nachweis prüfen ' });
    expect(created).toMatchObject({
      personId: person.id,
      unit: 'LG',
      owner: 'sb.lg',
      dueOn,
      reason: 'Nachweis prüfen',
      status: 'open',
      events: [{ kind: 'created', actor: 'sb.lg', comment: null, dueOnBefore: null, dueOnAfter: dueOn }],
    });
    const ofPerson = await lg.agent.get(path).expect(200);
    expect(ids(ofPerson.body)).toEqual([created.id]);
    await lg.agent.get(`/api/follow-ups/${created.id}`).expect(200);
    await lg.agent.get('/api/follow-ups/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it("appears in the owner's list on its date and not before (engine clock moved)", async () => {
    const person = await newPerson();
    const lg = await signedIn(app, 'sb.lg');
    const lg2 = await signedIn(app, 'sb.lg2');
    const dueOn = addDays(await today(), 2);
    const followUp = await setFollowUp(lg, person.id, {
      unit: 'LG',
      dueOn,
      reason: 'Rückruf Ausländerbehörde',
    });

    expect(ids((await lg.agent.get('/api/follow-ups').expect(200)).body)).not.toContain(followUp.id);
    expect(
      ids((await lg.agent.get('/api/follow-ups').query({ dueUntil: dueOn }).expect(200)).body),
    ).toContain(followUp.id);

    await advanceDays(1);
    expect(
      ids((await lg.agent.get('/api/follow-ups').query({ view: 'mine' }).expect(200)).body),
    ).not.toContain(followUp.id);
    await advanceDays(1);
    expect(ids((await lg.agent.get('/api/follow-ups').expect(200)).body)).toContain(followUp.id);
    // not in a colleague's list, nor in the unit's while the owner is present
    expect(ids((await lg2.agent.get('/api/follow-ups').expect(200)).body)).not.toContain(followUp.id);
    expect(
      ids((await lg2.agent.get('/api/follow-ups').query({ view: 'unit' }).expect(200)).body),
    ).not.toContain(followUp.id);
    // still due (overdue) the day after
    await advanceDays(1);
    expect(ids((await lg.agent.get('/api/follow-ups').expect(200)).body)).toContain(followUp.id);

    const bad = await lg.agent.get('/api/follow-ups').query({ view: 'all', dueUntil: 'morgen' }).expect(400);
    expect(bad.body.message).toEqual(
      expect.arrayContaining([
        'view: Ansicht – mine oder unit.',
        'dueUntil: Fällig bis – bitte als JJJJ-MM-TT angeben.',
      ]),
    );
  });

  it('moves with a comment (never into the past), marks done; a done one stays done; all recorded', async () => {
    const person = await newPerson();
    const lg = await signedIn(app, 'sb.lg');
    const lg2 = await signedIn(app, 'sb.lg2');
    const first = addDays(await today(), 1);
    const followUp = await setFollowUp(lg, person.id, {
      unit: 'LG',
      dueOn: first,
      reason: 'Passbeschaffung',
    });
    const move = (who: typeof lg, body: Record<string, unknown>) =>
      who.agent.post(`/api/follow-ups/${followUp.id}/move`).set('x-csrf-token', who.csrf).send(body);

    await lg.agent
      .post(`/api/follow-ups/${followUp.id}/move`)
      .send({ dueOn: first, comment: 'x' })
      .expect(403);
    const noComment = await move(lg, { dueOn: addDays(first, 7) }).expect(400);
    expect(noComment.body.message).toContain('comment: Kommentar – Text erwartet.');
    const blank = await move(lg, { dueOn: addDays(first, 7), comment: '  ' }).expect(422);
    expect(blank.body.errors).toEqual([{ field: 'comment', message: 'Kommentar: Pflichtangabe.' }]);
    const past = await move(lg, { dueOn: addDays(await today(), -1), comment: 'zu spät' }).expect(422);
    expect(past.body).toMatchObject({
      code: 'FOLLOW_UP_INVALID',
      errors: [
        {
          field: 'dueOn',
          message: 'Neues Datum: Das Datum liegt in der Vergangenheit. Bitte heute oder später wählen.',
        },
      ],
    });

    const second = addDays(first, 14);
    const moved = (await move(lg, { dueOn: second, comment: 'Unterlagen erst später' }).expect(200))
      .body as FollowUpBody;
    expect(moved).toMatchObject({ dueOn: second, status: 'open' });
    // a colleague of the unit covers it: moves it again
    const third = addDays(second, 1);
    await move(lg2, { dueOn: third, comment: 'Vertretung: Termin verlegt' }).expect(200);

    const done = await lg.agent
      .post(`/api/follow-ups/${followUp.id}/done`)
      .set('x-csrf-token', lg.csrf)
      .send({ comment: 'Pass liegt vor' })
      .expect(200);
    expect(done.body).toMatchObject({ status: 'done', doneBy: 'sb.lg' });

    const again = await move(lg, { dueOn: addDays(third, 1), comment: 'noch einmal' }).expect(409);
    expect(again.body).toMatchObject({
      code: 'FOLLOW_UP_ALREADY_DONE',
      message: 'Die Wiedervorlage ist bereits erledigt.',
    });
    await lg.agent
      .post(`/api/follow-ups/${followUp.id}/done`)
      .set('x-csrf-token', lg.csrf)
      .send({})
      .expect(409);

    const history = (await lg.agent.get(`/api/follow-ups/${followUp.id}`).expect(200)).body as FollowUpBody;
    expect(history.events).toEqual([
      expect.objectContaining({ kind: 'created', actor: 'sb.lg', dueOnAfter: first }),
      expect.objectContaining({
        kind: 'moved',
        actor: 'sb.lg',
        comment: 'Unterlagen erst später',
        dueOnBefore: first,
        dueOnAfter: second,
      }),
      expect.objectContaining({
        kind: 'moved',
        actor: 'sb.lg2',
        comment: 'Vertretung: Termin verlegt',
        dueOnBefore: second,
        dueOnAfter: third,
      }),
      expect.objectContaining({ kind: 'done', actor: 'sb.lg', comment: 'Pass liegt vor' }),
    ]);
    // the history cannot be rewritten
    await expect(
      app.get(MikroORM).em.getConnection().execute(`update follow_up_event set comment = 'anders'`),
    ).rejects.toThrow(/append-only/);
    // a done one is in nobody's list
    expect(
      ids((await lg.agent.get('/api/follow-ups').query({ dueUntil: third }).expect(200)).body),
    ).not.toContain(followUp.id);
  });

  it("shows a due follow-up of an absent owner in the unit's list", async () => {
    const person = await newPerson();
    const lg = await signedIn(app, 'sb.lg');
    const lg2 = await signedIn(app, 'sb.lg2');
    const bs = await signedIn(app, 'sb.bs');
    const followUp = await setFollowUp(lg, person.id, {
      unit: 'LG',
      dueOn: await today(),
      reason: 'Frist prüfen',
    });
    const unitList = async (who: typeof lg) =>
      ids((await who.agent.get('/api/follow-ups').query({ view: 'unit' }).expect(200)).body);
    const absence = (body: unknown) =>
      lg.agent
        .put('/api/follow-ups/absence')
        .set('x-csrf-token', lg.csrf)
        .send(body as object);

    expect(await unitList(lg2)).not.toContain(followUp.id);
    const pastAbsence = await absence({ absentUntil: addDays(await today(), -1) }).expect(422);
    expect(pastAbsence.body.errors).toEqual([
      {
        field: 'absentUntil',
        message: 'Abwesend bis: Das Datum liegt in der Vergangenheit. Bitte heute oder später wählen.',
      },
    ]);
    await absence({ absentUntil: 'bald' }).expect(400);

    const until = addDays(await today(), 3);
    expect((await absence({ absentUntil: until }).expect(200)).body).toEqual({ absentUntil: until });
    expect((await lg.agent.get('/api/follow-ups/absence').expect(200)).body).toEqual({ absentUntil: until });
    expect(await unitList(lg2)).toContain(followUp.id);
    expect(await unitList(bs)).not.toContain(followUp.id);
    // the colleague finishes it
    await lg2.agent
      .post(`/api/follow-ups/${followUp.id}/done`)
      .set('x-csrf-token', lg2.csrf)
      .send({ comment: 'in Vertretung erledigt' })
      .expect(200);
    expect(await unitList(lg2)).not.toContain(followUp.id);

    const other = await setFollowUp(lg, person.id, { unit: 'LG', dueOn: await today(), reason: 'Zweite' });
    expect(await unitList(lg2)).toContain(other.id);
    expect((await absence({ absentUntil: null }).expect(200)).body).toEqual({ absentUntil: null });
    expect(await unitList(lg2)).not.toContain(other.id);
  });

  it('keeps other units out (403) and shows a person only the follow-ups of the own units', async () => {
    const person = await newPerson();
    const lg = await signedIn(app, 'sb.lg');
    const bs = await signedIn(app, 'sb.bs');
    const admin = await signedIn(app, 'admin');
    const followUp = await setFollowUp(lg, person.id, {
      unit: 'LG',
      dueOn: await today(),
      reason: 'Nur für LG',
    });

    // the person is still in the Eingangszone: BS may open the case file, but not LG's follow-up
    expect((await bs.agent.get(`/api/persons/${person.id}/follow-ups`).expect(200)).body).toEqual([]);
    const forbidden = await bs.agent.get(`/api/follow-ups/${followUp.id}`).expect(403);
    expect(forbidden.body).toMatchObject({
      code: 'FOLLOW_UP_FORBIDDEN',
      message: 'Sie haben keinen Zugriff auf diese Wiedervorlage.',
    });
    await bs.agent
      .post(`/api/follow-ups/${followUp.id}/move`)
      .set('x-csrf-token', bs.csrf)
      .send({ dueOn: addDays(await today(), 5), comment: 'fremd' })
      .expect(403);
    await bs.agent
      .post(`/api/follow-ups/${followUp.id}/done`)
      .set('x-csrf-token', bs.csrf)
      .send({})
      .expect(403);
    expect(ids((await admin.agent.get(`/api/persons/${person.id}/follow-ups`).expect(200)).body)).toEqual([
      followUp.id,
    ]);

    // once LG works on the person, BS no longer reads the case file at all
    await inContext(() =>
      app.get(CasesService).linkProcess(person.id, {
        processInstanceKey: '2251799813999001',
        bpmnProcessId: 'asylblg-but-krankenhilfe',
        caseId: person.fileNumber,
      }),
    );
    const noFile = await bs.agent.get(`/api/persons/${person.id}/follow-ups`).expect(403);
    expect(noFile.body.code).toBe('CASE_FILE_FORBIDDEN');
    await bs.agent
      .post(`/api/persons/${person.id}/follow-ups`)
      .set('x-csrf-token', bs.csrf)
      .send({ unit: 'BS', dueOn: await today(), reason: 'x' })
      .expect(403);
    await lg.agent.get(`/api/persons/${person.id}/follow-ups`).expect(200);
  });
});
