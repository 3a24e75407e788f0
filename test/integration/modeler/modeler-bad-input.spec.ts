/**
 * Wrong requests to the process editor's API (issue 5 § 3): every endpoint answers a wrong type or shape
 * with a 400, 403 or 404 whose German message names what is wrong, and stores nothing.
 */
import type { INestApplication } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createUser } from '../../factories/user.factory';
import { createTestApp } from '../../utils/app';
import { signedIn as signedInAgent } from '../../utils/agents';
import { createTestDatabase, type TestDatabase } from '../../utils/database';

const ROOT = join(__dirname, '..', '..', '..');
const COMPLAINT = readFileSync(join(ROOT, 'processes', 'complaint-management.bpmn'), 'utf8');
const RESOURCE = '/api/modeler/resources/bpmn/complaint-management';
const LONG = 'x'.repeat(2001);

interface Case {
  what: string;
  method: 'get' | 'post';
  path: string;
  body?: unknown;
  status: number;
  code: string;
  /** a part of the German message that names the problem */
  names: RegExp;
}

describe('process editor API: wrong requests', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let pm: { agent: request.Agent; csrf: string };
  let qs: { agent: request.Agent; csrf: string };
  /** a submitted version of complaint-management, for approve and reject */
  let submitted: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp({ databaseUrl: db.url });
    await createUser(app, { username: 'pv.input', roles: ['process-manager'] });
    await createUser(app, { username: 'qs.input', roles: ['quality'] });
    pm = await signedIn('pv.input');
    qs = await signedIn('qs.input');
    const saved = await pm.agent
      .post(`${RESOURCE}/versions`)
      .set('x-csrf-token', pm.csrf)
      .send({ content: COMPLAINT.replace('name="Beschwerde registrieren"', 'name="Beschwerde aufnehmen"') })
      .expect(201);
    submitted = (saved.body as { number: number }).number;
    await pm.agent
      .post(`${RESOURCE}/versions/${submitted}/submit`)
      .set('x-csrf-token', pm.csrf)
      .send({ reason: 'Neue Bezeichnung' })
      .expect(200);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const signedIn = (username: string) => signedInAgent(app, username);

  async function versionCount(): Promise<number> {
    const res = await qs.agent.get(RESOURCE).expect(200);
    return (res.body as { versions: unknown[] }).versions.length;
  }

  function send(who: { agent: request.Agent; csrf: string }, c: Case): request.Test {
    const req = (c.method === 'get' ? who.agent.get(c.path) : who.agent.post(c.path)).set(
      'x-csrf-token',
      who.csrf,
    );
    return c.body === undefined ? req : req.send(c.body as object);
  }

  /** a case; without status and code: 400 VALIDATION_FAILED (the request DTO refuses it) */
  const get = (
    what: string,
    path: string,
    names: RegExp,
    status = 400,
    code = 'VALIDATION_FAILED',
  ): Case => ({
    what,
    method: 'get',
    path,
    status,
    code,
    names,
  });
  const post = (
    what: string,
    path: string,
    body: unknown,
    names: RegExp,
    status = 400,
    code = 'VALIDATION_FAILED',
  ): Case => ({ what, method: 'post', path, body, status, code, names });

  const text = (message: unknown) => (Array.isArray(message) ? message.join(' | ') : String(message));

  /** what a process manager sends */
  const managerCases: Case[] = [
    // paths
    get(
      'kind neither bpmn nor form',
      '/api/modeler/resources/dmn/complaint-management',
      /Art muss "bpmn" oder "form" sein/,
    ),
    get('resource id with forbidden characters', '/api/modeler/resources/bpmn/a%20b%3Cc', /ungültige ID/),
    get(
      'unknown process',
      '/api/modeler/resources/bpmn/gibt-es-nicht',
      /„gibt-es-nicht“ gibt es nicht/,
      404,
      'MODEL_NOT_FOUND',
    ),
    get('negative version', `${RESOURCE}/versions/-1`, /Versionsnummer/),
    get('version zero', `${RESOURCE}/versions/0`, /Versionsnummer/),
    get('version not a number', `${RESOURCE}/versions/eins`, /Versionsnummer/),
    get('fractional version', `${RESOURCE}/versions/1.5/file`, /Versionsnummer/),
    get('version that does not exist', `${RESOURCE}/versions/99`, /Version 99/, 404, 'VERSION_NOT_FOUND'),
    // queries
    get(
      'catalogue of an unknown kind',
      '/api/modeler/resources?kind=dmn',
      /Art muss "bpmn" oder "form" sein/,
    ),
    get('release queue of an unknown status', '/api/modeler/releases?status=irgendwas', /Status muss/),
    get(
      'diff without versions',
      '/api/modeler/diff/bpmn/complaint-management',
      /"from".*"to"|Versionsnummer/,
    ),
    get('diff from not a number', '/api/modeler/diff/bpmn/complaint-management?from=alt&to=2', /"from"/),
    get('diff to not a number', '/api/modeler/diff/bpmn/complaint-management?from=1&to=neu', /"to"/),
    get(
      'diff to a version that does not exist',
      '/api/modeler/diff/bpmn/complaint-management?from=1&to=99',
      /Version 99/,
      404,
      'VERSION_NOT_FOUND',
    ),
    // save
    post('save: content not a string', `${RESOURCE}/versions`, { content: 42 }, /Inhalt muss ein Text sein/),
    post('save: content missing', `${RESOURCE}/versions`, { comment: 'ohne' }, /Inhalt/),
    post(
      'save: content as an object',
      `${RESOURCE}/versions`,
      { content: { xml: COMPLAINT } },
      /Inhalt muss ein Text sein/,
    ),
    post(
      'save: huge comment',
      `${RESOURCE}/versions`,
      { content: COMPLAINT, comment: LONG },
      /Kommentar.*2000 Zeichen/,
    ),
    post(
      'save: basedOn negative',
      `${RESOURCE}/versions`,
      { content: COMPLAINT, basedOn: -1 },
      /basedOn muss eine Versionsnummer sein/,
    ),
    post(
      'save: basedOn a string',
      `${RESOURCE}/versions`,
      { content: COMPLAINT, basedOn: 'eins' },
      /basedOn muss eine Versionsnummer sein/,
    ),
    post(
      'save: basedOn a version that does not exist',
      `${RESOURCE}/versions`,
      { content: COMPLAINT, basedOn: 99 },
      /Version 99/,
      404,
      'VERSION_NOT_FOUND',
    ),
    post('save: unknown field', `${RESOURCE}/versions`, { content: COMPLAINT, status: 'deployed' }, /status/),
    post('save: a JSON array instead of an object', `${RESOURCE}/versions`, [COMPLAINT], /Inhalt/),
    // import
    post('import: file name missing', '/api/modeler/import', { content: COMPLAINT }, /Dateiname/),
    post(
      'import: neither .bpmn nor .form',
      '/api/modeler/import',
      { fileName: 'prozess.xml', content: COMPLAINT },
      /\.bpmn- und \.form-Dateien/,
      400,
      'UNSUPPORTED_FILE',
    ),
    post(
      'import: content not a string',
      '/api/modeler/import',
      { fileName: 'a.bpmn', content: ['x'] },
      /Inhalt muss ein Text sein/,
    ),
    post(
      'import: huge comment',
      '/api/modeler/import',
      { fileName: 'a.bpmn', content: COMPLAINT, comment: LONG },
      /Kommentar.*2000 Zeichen/,
    ),
    // lint
    post('lint: kind form', '/api/modeler/lint', { kind: 'form', content: '{}' }, /Nur BPMN-Modelle/),
    post(
      'lint: content not a string',
      '/api/modeler/lint',
      { kind: 'bpmn', content: 7 },
      /Inhalt muss ein Text sein/,
    ),
    post(
      'lint: not XML',
      '/api/modeler/lint',
      { kind: 'bpmn', content: 'hallo' },
      /kein gültiges BPMN-XML/,
      400,
      'INVALID_BPMN',
    ),
    // submit
    post('submit: reason missing', `${RESOURCE}/versions/1/submit`, {}, /Bitte einen Grund angeben/),
    post(
      'submit: reason only blanks',
      `${RESOURCE}/versions/1/submit`,
      { reason: '   ' },
      /Bitte einen Grund angeben/,
    ),
    post('submit: reason not a string', `${RESOURCE}/versions/1/submit`, { reason: true }, /Grund/),
    post('submit: huge reason', `${RESOURCE}/versions/1/submit`, { reason: LONG }, /Grund.*2000 Zeichen/),
    post(
      'submit: a version that does not exist',
      `${RESOURCE}/versions/99/submit`,
      { reason: 'x' },
      /Version 99/,
      404,
      'VERSION_NOT_FOUND',
    ),
  ];

  /** what quality sends */
  const qualityCases = (): Case[] => [
    post(
      'approve: huge comment',
      `${RESOURCE}/versions/${submitted}/approve`,
      { comment: LONG },
      /Kommentar.*2000 Zeichen/,
    ),
    post(
      'approve: comment not a string',
      `${RESOURCE}/versions/${submitted}/approve`,
      { comment: 1 },
      /Kommentar muss ein Text sein/,
    ),
    post('approve: negative version', `${RESOURCE}/versions/-3/approve`, {}, /Versionsnummer/),
    post(
      'approve: unknown form',
      '/api/modeler/resources/form/gibt-es-nicht/versions/1/approve',
      {},
      /Formular „gibt-es-nicht“/,
      404,
      'MODEL_NOT_FOUND',
    ),
    post(
      'reject: comment missing',
      `${RESOURCE}/versions/${submitted}/reject`,
      {},
      /Bitte die Ablehnung begründen/,
    ),
    post(
      'reject: comment only blanks',
      `${RESOURCE}/versions/${submitted}/reject`,
      { comment: ' \n ' },
      /Bitte die Ablehnung begründen/,
    ),
    post(
      'reject: huge comment',
      `${RESOURCE}/versions/${submitted}/reject`,
      { comment: LONG },
      /Begründung.*2000 Zeichen/,
    ),
  ];

  it.each(managerCases.map((c) => [c.what, c] as const))('process manager, %s', async (_what, c) => {
    const before = await versionCount();
    const res = await send(pm, c).expect(c.status);
    expect(res.body).toMatchObject({ code: c.code, correlationId: expect.any(String) });
    expect(text(res.body.message)).toMatch(c.names);
    expect(await versionCount()).toBe(before);
  });

  it('quality: wrong approvals and rejections leave the version submitted', async () => {
    for (const c of qualityCases()) {
      const res = await send(qs, c);
      expect([c.what, res.status, res.body.code]).toEqual([c.what, c.status, c.code]);
      expect(text(res.body.message)).toMatch(c.names);
    }
    const version = await qs.agent.get(`${RESOURCE}/versions/${submitted}`).expect(200);
    expect(version.body.status).toBe('submitted');
    expect((version.body as { steps: { action: string }[] }).steps.map((s) => s.action)).toEqual([
      'saved',
      'submitted',
    ]);
  });

  it('/lint has the limits of a save: over 2 MB, too many elements, too deep — and keeps answering', async () => {
    const lint = (content: string) =>
      pm.agent.post('/api/modeler/lint').set('x-csrf-token', pm.csrf).send({ kind: 'bpmn', content });
    const large = await lint(
      COMPLAINT.replace('</bpmn:definitions>', `<!-- ${'x'.repeat(2_200_000)} --></bpmn:definitions>`),
    );
    expect([large.status, large.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    // 70,000 tiny tasks in 1.7 MB: the linter would run for half a minute on the event loop
    const tasks = Array.from({ length: 70_000 }, (_, i) => `<bpmn:task id="T${i}"/>`).join('');
    const wide = await lint(COMPLAINT.replace('</bpmn:process>', `${tasks}</bpmn:process>`));
    expect([wide.status, wide.body.code]).toEqual([400, 'INVALID_BPMN']);
    expect(wide.body.message).toContain('zu viele Elemente');
    const chain = Array.from({ length: 20_000 }, (_, i) => `<bpmn:subProcess id="S${i}">`).join('');
    const deep = await lint(
      COMPLAINT.replace('</bpmn:process>', `${chain}${'</bpmn:subProcess>'.repeat(20_000)}</bpmn:process>`),
    );
    expect([deep.status, deep.body.code]).toEqual([400, 'INVALID_BPMN']);
    expect(deep.body.message).toContain('zu tief verschachtelt');
    const fine = await lint(COMPLAINT).expect(200);
    expect(fine.body.issues).toEqual(expect.any(Array));
  });

  it('the editor and version pages open for bpmn and form; unknown kinds, models and versions are the German 404 page', async () => {
    const bpmn = await pm.agent.get('/modeler/bpmn/complaint-management').expect(200);
    expect(bpmn.text).toContain('/assets/modeler-editor.js');
    const form = await pm.agent.get('/modeler/form/bs-complaint-register?version=1').expect(200);
    expect(form.text).toContain('/assets/form-editor.js');
    await pm.agent.get('/modeler/bpmn/complaint-management/versionen/1').expect(200);
    for (const [path, message] of [
      ['/modeler/dmn/complaint-management', 'Diese Art von Modell gibt es nicht.'],
      ['/modeler/bpmn/gibt-es-nicht', 'Den Prozess „gibt-es-nicht“ gibt es nicht.'],
      ['/modeler/form/complaint-management', 'Das Formular „complaint-management“ gibt es nicht.'],
      ['/modeler/bpmn/complaint-management?version=99', 'Version 99 von'],
      ['/modeler/bpmn/complaint-management/versionen/eins', 'Version „eins“ gibt es nicht.'],
      ['/modeler/bpmn/complaint-management/versionen/-1', 'Version „-1“ gibt es nicht.'],
      ['/modeler/bpmn/complaint-management/versionen/99', 'Version 99 von'],
    ]) {
      const res = await pm.agent.get(path);
      expect([path, res.status, res.type]).toEqual([path, 404, 'text/html']);
      expect(res.text).toContain(message);
    }
    // a malformed query is the German error page too, not JSON
    const bad = await pm.agent.get('/modeler/bpmn/complaint-management?version=abc').expect(400);
    expect(bad.type).toBe('text/html');
    expect(bad.text).toContain('Ungültige Eingabe');
  });

  it('a malformed JSON body is a 400 in the API format, not an HTML page', async () => {
    const res = await pm.agent
      .post('/api/modeler/lint')
      .set('x-csrf-token', pm.csrf)
      .set('content-type', 'application/json')
      .send('{"kind": "bpmn", "content": ')
      .expect(400);
    expect(res.headers['content-type']).toMatch(/json/);
    expect(res.body).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Der Anfragetext ist kein gültiges JSON.',
      correlationId: expect.any(String),
    });
  });

  it('refuses every changing request without the CSRF token (a forged request) and stores nothing', async () => {
    const forged: [string, { agent: request.Agent; csrf: string }, string, object][] = [
      ['save', pm, `${RESOURCE}/versions`, { content: COMPLAINT }],
      ['import', pm, '/api/modeler/import', { fileName: 'a.bpmn', content: COMPLAINT }],
      ['lint', pm, '/api/modeler/lint', { kind: 'bpmn', content: COMPLAINT }],
      ['submit', pm, `${RESOURCE}/versions/1/submit`, { reason: 'x' }],
      ['approve', qs, `${RESOURCE}/versions/${submitted}/approve`, { comment: 'x' }],
      ['reject', qs, `${RESOURCE}/versions/${submitted}/reject`, { comment: 'x' }],
    ];
    const before = await versionCount();
    for (const [what, who, path, body] of forged) {
      const missing = await who.agent.post(path).send(body);
      const wrong = await who.agent.post(path).set('x-csrf-token', 'gefälscht').send(body);
      for (const res of [missing, wrong]) {
        expect([what, res.status, res.body.code]).toEqual([what, 403, 'CSRF_TOKEN_INVALID']);
      }
    }
    expect(await versionCount()).toBe(before);
    const version = await qs.agent.get(`${RESOURCE}/versions/${submitted}`).expect(200);
    expect(version.body.status).toBe('submitted');
  });
});
