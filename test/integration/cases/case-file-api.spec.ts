/**
 * The case file over HTTP (issue 4 § 3): intake search tolerant of typos and spelling variants, creating
 * a person, starting a case process that is linked to the person, the case file with its process, tasks,
 * documents and notes, and the access rules (a user of an unrelated unit gets 403).
 */
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { CasesService } from '../../../src/cases';
import { DocumentsService } from '../../../src/documents';
import { createPerson } from '../../factories/person.factory';
import { createUser } from '../../factories/user.factory';
import { createTestApp } from '../../utils/app';
import { signedIn as signedInAgent } from '../../utils/agents';
import { createTestDatabase, type TestDatabase } from '../../utils/database';

interface Hit {
  id: string;
  fileNumber: string;
  familyName: string;
  givenNames: string;
  score: number;
}

interface CaseFileBody {
  person: { id: string; fileNumber: string; familyName: string };
  processes: {
    processInstanceKey: string;
    bpmnProcessId: string;
    activeElementIds: string[];
    units: string[];
  }[];
  openTasks: { name: string; processInstanceKey: string }[];
  documents: { id: string; url: string }[];
  notes: { text: string; author: string }[];
}

describe('case file API (/api/persons)', () => {
  let db: TestDatabase;
  let app: INestApplication;

  const inContext = <T>(fn: () => Promise<T>): Promise<T> =>
    RequestContext.create(app.get(MikroORM).em.fork(), fn);

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp({ databaseUrl: db.url });
    await createUser(app, { username: 'sb.lg', units: ['LG'] });
    await createUser(app, { username: 'sb.bs', units: ['BS'] });
    await createUser(app, { username: 'sb.abh', units: ['ABH'] });
    await createUser(app, { username: 'pv.mia', units: [], roles: ['process-manager'] });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const signedIn = (username: string) => signedInAgent(app, username);

  it('needs a session', async () => {
    await request(app.getHttpServer()).get('/api/persons').query({ q: 'x' }).expect(401);
  });

  it('finds a person by name despite typos and spelling variants, by file number and by date of birth', async () => {
    const cases = app.get(CasesService);
    const mohammed = await inContext(() =>
      createPerson(cases, { familyName: 'Haddad', givenNames: 'Mohammed', dateOfBirth: '1988-02-29' }),
    );
    const variant = await inContext(() =>
      createPerson(cases, {
        familyName: 'Karimi',
        givenNames: 'Leyla',
        nameVariants: ['Laila Kareemi'],
        dateOfBirth: '2001-07-15',
      }),
    );
    await inContext(() => createPerson(cases, { familyName: 'Schneider', givenNames: 'Petra' }));
    const { agent } = await signedIn('sb.lg');
    const ids = async (query: Record<string, string>) =>
      ((await agent.get('/api/persons').query(query).expect(200)).body as Hit[]).map((h) => h.id);

    expect(await ids({ q: 'Muhamad' })).toContain(mohammed.id);
    expect(await ids({ q: 'Muhammad Hadad' })).toContain(mohammed.id);
    expect(await ids({ q: 'haddad mohamed' })).toContain(mohammed.id);
    expect(await ids({ q: 'Muhamad' })).not.toContain(variant.id);
    expect(await ids({ q: 'Laila' })).toContain(variant.id);
    expect(await ids({ name: 'Kerimi' })).toContain(variant.id);
    expect(await ids({ q: mohammed.fileNumber })).toEqual([mohammed.id]);
    expect(await ids({ fileNumber: mohammed.fileNumber.toLowerCase() })).toEqual([mohammed.id]);
    expect(await ids({ q: '29.02.1988' })).toEqual([mohammed.id]);
    expect(await ids({ dateOfBirth: '2001-07-15' })).toEqual([variant.id]);
    expect(await ids({ q: 'Muhamad 15.07.2001' })).toEqual([]);
    expect(await ids({ q: '' })).toEqual([]);
    // the best match first
    const hits = (await agent.get('/api/persons').query({ q: 'Mohammed Haddad' }).expect(200)).body as Hit[];
    expect(hits[0].id).toBe(mohammed.id);
    await agent.get('/api/persons').query({ dateOfBirth: '1988-2-29x' }).expect(400);
  });

  it('creates a person (validated, with CSRF) and keeps other roles out of the intake', async () => {
    const { agent, csrf } = await signedIn('sb.lg');
    const body = {
      familyName: 'Yusufi',
      givenNames: 'Zahra',
      dateOfBirth: '1999-12-01',
      nationalities: ['AFG'],
    };
    await agent.post('/api/persons').send(body).expect(403);
    const invalid = await agent
      .post('/api/persons')
      .set('x-csrf-token', csrf)
      .send({ ...body, dateOfBirth: '01.12.1999', extra: 1 })
      .expect(400);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    const created = await agent.post('/api/persons').set('x-csrf-token', csrf).send(body).expect(201);
    expect(created.body).toMatchObject({
      familyName: 'Yusufi',
      fileNumber: expect.stringMatching(/^MIA-\d{4}-\d{6}$/),
    });
    const found = (await agent.get('/api/persons').query({ q: 'Yousoufi Zara' }).expect(200)).body as Hit[];
    expect(found.map((h) => h.id)).toContain(created.body.id);

    // no process and no task yet: still in the Eingangszone, so another unit's caseworker may open it
    const bs = await signedIn('sb.bs');
    await bs.agent.get(`/api/persons/${created.body.id as string}`).expect(200);

    const pv = await signedIn('pv.mia');
    const refused = await pv.agent.get('/api/persons').query({ q: 'Yusufi' }).expect(403);
    expect(refused.body.code).toBe('INTAKE_FORBIDDEN');
  });

  it('starts a process for a person, links it and shows it with its active task in the case file', async () => {
    const person = await inContext(() =>
      createPerson(app.get(CasesService), { familyName: 'Aziz', givenNames: 'Samir' }),
    );
    const { agent, csrf } = await signedIn('sb.lg');

    const notAllowed = await agent
      .post(`/api/persons/${person.id}/processes`)
      .set('x-csrf-token', csrf)
      .send({ bpmnProcessId: 'uma-reception' })
      .expect(400);
    expect(notAllowed.body.code).toBe('VALIDATION_FAILED');
    const missing = await agent
      .post(`/api/persons/${person.id}/processes`)
      .set('x-csrf-token', csrf)
      .send({ bpmnProcessId: 'asylblg-but-krankenhilfe', variables: { requestType: 'Zahnersatz' } })
      .expect(422);
    expect(missing.body).toMatchObject({ code: 'START_VARIABLES_INVALID', errors: [{ key: 'requestType' }] });

    const started = await agent
      .post(`/api/persons/${person.id}/processes`)
      .set('x-csrf-token', csrf)
      .send({ bpmnProcessId: 'asylblg-but-krankenhilfe', variables: { requestType: 'Krankenhilfe' } })
      .expect(201);
    expect(started.body).toMatchObject({
      bpmnProcessId: 'asylblg-but-krankenhilfe',
      caseId: person.fileNumber,
    });
    const key = (started.body as { processInstanceKey: string }).processInstanceKey;

    let file: CaseFileBody | undefined;
    for (let i = 0; i < 200; i++) {
      file = (await agent.get(`/api/persons/${person.id}`).expect(200)).body as CaseFileBody;
      if (file.openTasks.some((t) => t.processInstanceKey === key)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(file?.person).toMatchObject({ id: person.id, fileNumber: person.fileNumber });
    expect(file?.processes).toEqual([
      expect.objectContaining({
        processInstanceKey: key,
        bpmnProcessId: 'asylblg-but-krankenhilfe',
        units: ['LG'],
        activeElementIds: ['Task_AntragErfassen'],
      }),
    ]);
    expect(file?.openTasks).toEqual([
      expect.objectContaining({ processInstanceKey: key, name: 'Antrag entgegennehmen und Bedarf erfassen' }),
    ]);

    const xml = await agent.get('/api/processes/asylblg-but-krankenhilfe/xml').expect(200);
    expect(xml.headers['content-type']).toMatch(/xml/);
    expect(xml.text).toContain('Task_AntragErfassen');
    await agent.get('/api/processes/no-such-process/xml').expect(404);
  });

  it('refuses the case file and its PDF to a user of an unrelated unit (403); the intake unit and linked units read them', async () => {
    const cases = app.get(CasesService);
    const person = await inContext(() => createPerson(cases, { familyName: 'Nouri', givenNames: 'Hana' }));
    const lg = await signedIn('sb.lg');
    await lg.agent
      .post(`/api/persons/${person.id}/processes`)
      .set('x-csrf-token', lg.csrf)
      .send({ bpmnProcessId: 'asylblg-but-krankenhilfe', variables: { requestType: 'BuT' } })
      .expect(201);
    const fixture = { subject: 'Vorsprache', paragraphs: ['Unterlagen vorgelegt.'] };
    const doc = await inContext(() =>
      app.get(DocumentsService).issue('aktenvermerk', fixture, {
        personId: person.id,
        caseId: person.fileNumber,
        idempotencyKey: `case-file-test:${person.id}`,
      }),
    );

    const bs = await signedIn('sb.bs');
    const refused = await bs.agent.get(`/api/persons/${person.id}`).expect(403);
    expect(refused.body.code).toBe('CASE_FILE_FORBIDDEN');
    await bs.agent.get(`/api/documents/${doc.id}/pdf`).expect(403);
    await bs.agent
      .post(`/api/persons/${person.id}/notes`)
      .set('x-csrf-token', bs.csrf)
      .send({ text: 'nicht erlaubt' })
      .expect(403);

    const file = (await lg.agent.get(`/api/persons/${person.id}`).expect(200)).body as CaseFileBody;
    expect(file.documents).toEqual([
      expect.objectContaining({ id: doc.id, url: `/api/documents/${doc.id}/pdf` }),
    ]);
    const pdf = await lg.agent.get(`/api/documents/${doc.id}/pdf`).buffer(true).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');

    const abh = await signedIn('sb.abh');
    await abh.agent.get(`/api/persons/${person.id}`).expect(200);
    await lg.agent.get('/api/persons/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('adds a note with the CSRF token and shows it in the case file', async () => {
    const person = await inContext(() =>
      createPerson(app.get(CasesService), { familyName: 'Rahimi', givenNames: 'Omid' }),
    );
    const { agent, csrf } = await signedIn('sb.abh');
    await agent.post(`/api/persons/${person.id}/notes`).send({ text: 'Ohne Token' }).expect(403);
    await agent
      .post(`/api/persons/${person.id}/notes`)
      .set('x-csrf-token', csrf)
      .send({ text: '' })
      .expect(400);
    const note = await agent
      .post(`/api/persons/${person.id}/notes`)
      .set('x-csrf-token', csrf)
      .send({ text: 'Telefonat: Pass folgt per Post.' })
      .expect(201);
    expect(note.body).toMatchObject({ author: 'sb.abh', text: 'Telefonat: Pass folgt per Post.' });
    const file = (await agent.get(`/api/persons/${person.id}`).expect(200)).body as CaseFileBody;
    expect(file.notes).toEqual([
      expect.objectContaining({ text: 'Telefonat: Pass folgt per Post.', author: 'sb.abh' }),
    ]);
  });
});
