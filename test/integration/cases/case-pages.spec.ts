/**
 * The case file pages without a browser: rendered German HTML, forms posting with the CSRF field and
 * redirecting after success, field messages on invalid input, 403 for another unit. (The browser test
 * test/browser/case-pages.spec.ts covers the diagram and accessibility.)
 */
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createUser } from '../../factories/user.factory';
import { createTestApp } from '../../utils/app';
import { signedIn as signedInAgent } from '../../utils/agents';
import { createTestDatabase, type TestDatabase } from '../../utils/database';

describe('case file pages (/eingang, /personen/:id)', () => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp({ databaseUrl: db.url });
    await createUser(app, { username: 'sb.lg', units: ['LG'] });
    await createUser(app, { username: 'sb.bs', units: ['BS'] });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const signedIn = (username: string) => signedInAgent(app, username);

  it('redirects to the sign-in page without a session', async () => {
    const res = await request(app.getHttpServer()).get('/eingang').set('accept', 'text/html');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/anmelden/);
  });

  it('creates a person from the form, finds it, starts a process, adds a note; 403 for another unit', async () => {
    const { agent, csrf } = await signedIn('sb.lg');
    const intake = await agent.get('/eingang').expect(200);
    expect(intake.text).toContain('<h1>Eingangszone</h1>');

    const person = {
      familyName: 'Karimi',
      givenNames: 'Leyla',
      dateOfBirth: '15.07.2001',
      nationality: 'irn',
    };
    await agent.post('/eingang/personen').type('form').send(person).expect(403);
    const invalid = await agent
      .post('/eingang/personen')
      .type('form')
      .send({ ...person, dateOfBirth: '31.02.2001x', _csrf: csrf })
      .expect(422);
    expect(invalid.text).toContain('Geburtsdatum: bitte als TT.MM.JJJJ angeben.');
    expect(invalid.text).toContain('value="Karimi"');
    const created = await agent
      .post('/eingang/personen')
      .type('form')
      .send({ ...person, _csrf: csrf })
      .expect(303);
    const url = created.headers.location;
    expect(url).toMatch(/^\/personen\/[0-9a-f-]{36}\?angelegt=1$/);
    const personPath = url.replace(/\?.*$/, '');

    const found = await agent.get('/eingang').query({ name: 'Laila Kerimi' }).expect(200);
    expect(found.text).toContain(`href="${personPath}"`);
    const byDate = await agent.get('/eingang').query({ geburtsdatum: '15.07.2001' }).expect(200);
    expect(byDate.text).toContain('Karimi, Leyla');

    const page = await agent.get(url).expect(200);
    expect(page.text).toContain('Die Person ist angelegt.');
    expect(page.text).toContain('IRN');

    const refused = await agent
      .post(`${personPath}/prozesse`)
      .type('form')
      .send({ _csrf: csrf, bpmnProcessId: 'asylblg-but-krankenhilfe' })
      .expect(422);
    expect(refused.text).toContain('Art des Antrags: Pflichtangabe.');
    await agent
      .post(`${personPath}/prozesse`)
      .type('form')
      .send({
        _csrf: csrf,
        bpmnProcessId: 'asylblg-but-krankenhilfe',
        'asylblg-but-krankenhilfe-requestType': 'BuT',
      })
      .expect(303);
    const withProcess = await agent.get(personPath).expect(200);
    expect(withProcess.text).toContain('<h3 id="diagramm-0-titel">Bildung und Teilhabe / Krankenhilfe</h3>');
    expect(withProcess.text).toContain('"bpmnProcessId":"asylblg-but-krankenhilfe"');

    await agent.post(`${personPath}/notizen`).type('form').send({ _csrf: csrf, text: '' }).expect(422);
    await agent
      .post(`${personPath}/notizen`)
      .type('form')
      .send({ _csrf: csrf, text: '<b>Rückruf</b> vereinbart' })
      .expect(303);
    const withNote = await agent.get(personPath).expect(200);
    expect(withNote.text).toContain('&lt;b&gt;Rückruf&lt;/b&gt; vereinbart');

    const other = await signedIn('sb.bs');
    const forbidden = await other.agent.get(personPath).expect(403);
    // a German page, not JSON, and nothing of the person on it
    expect(forbidden.headers['content-type']).toContain('text/html');
    expect(forbidden.text).toContain('Kein Zugriff');
    expect(forbidden.text).not.toContain('Rückruf');
    const unknown = await other.agent.get('/personen/00000000-0000-4000-8000-000000000000');
    expect([403, 404]).toContain(unknown.status);
    expect(unknown.headers['content-type']).toContain('text/html');
  });
});
