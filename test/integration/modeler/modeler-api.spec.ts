/**
 * The process editor's API (issue 5) as process managers and quality staff use it: the shipped models
 * are version 1, every save is a version, bad files are refused and leave nothing behind, lint errors
 * block submission and name the element, nobody approves their own change, approval deploys to the
 * engine: instances started before stay on their version, new ones start on the new one.
 */
import type { INestApplication } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { DeploymentService } from '../../../src/engine/deployment.service';
import { ZeebeService } from '../../../src/engine/zeebe.service';
import { createUser } from '../../factories/user.factory';
import { createTestApp } from '../../utils/app';
import { signedIn as signedInAgent } from '../../utils/agents';
import { createTestDatabase, type TestDatabase } from '../../utils/database';

const ROOT = join(__dirname, '..', '..', '..');
const COMPLAINT = readFileSync(join(ROOT, 'processes', 'complaint-management.bpmn'), 'utf8');
const FIRST_TASK = 'name="Beschwerde registrieren"';

interface VersionBody {
  number: number;
  status: string;
  author: { id: string | null; name: string };
  comment: string;
  engineVersion: number | null;
  runningInstances: number;
  content: string;
  steps: { action: string; actor: { name: string }; role: string; reason: string | null }[];
}

interface ResourceBody {
  kind: string;
  resourceId: string;
  name: string;
  latest: number;
  latestDeployed: number | null;
  versions: VersionBody[];
}

describe('process editor API (/api/modeler)', () => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp({ databaseUrl: db.url });
    await createUser(app, {
      username: 'pv.eins',
      displayName: 'Paula Prozess',
      roles: ['process-manager'],
      units: [],
    });
    await createUser(app, {
      username: 'qs.eins',
      displayName: 'Quentin Qualität',
      roles: ['quality'],
      units: [],
    });
    // both roles: may approve the others' changes, never their own
    await createUser(app, {
      username: 'pvqs.zwei',
      displayName: 'Dora Doppelrolle',
      roles: ['process-manager', 'quality'],
      units: [],
    });
    await createUser(app, { username: 'sb.bs', roles: ['caseworker'], units: ['BS'] });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const signedIn = (username: string) => signedInAgent(app, username);

  async function complaint(agent: request.Agent): Promise<ResourceBody> {
    const res = await agent.get('/api/modeler/resources/bpmn/complaint-management').expect(200);
    return res.body as ResourceBody;
  }

  async function waitFor<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
    for (let i = 0; i < 300; i++) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('needs a session, and a process-manager, quality or admin role', async () => {
    await request(app.getHttpServer()).get('/api/modeler/resources').expect(401);
    const { agent } = await signedIn('sb.bs');
    const res = await agent.get('/api/modeler/resources').expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('shows the "Prozesse" link in the header of every page to process managers, not to caseworkers', async () => {
    const link = '<a href="/modeler">Prozesse</a>';
    const manager = await signedIn('pv.eins');
    for (const page of ['/', '/aufgaben', '/eingang', '/wiedervorlagen']) {
      const res = await manager.agent.get(page).expect(200);
      expect(res.text).toContain(link);
    }
    const caseworker = await signedIn('sb.bs');
    for (const page of ['/', '/aufgaben', '/eingang', '/wiedervorlagen']) {
      const res = await caseworker.agent.get(page).expect(200);
      expect(res.text).not.toContain(link);
      expect(res.text).toContain('<a href="/aufgaben">Aufgaben</a>');
    }
  });

  it('lists the shipped processes and forms as version 1, deployed, with the engine version', async () => {
    const { agent } = await signedIn('qs.eins');
    const res = await agent.get('/api/modeler/resources').expect(200);
    const catalogue = res.body as ResourceBody[];
    const processes = catalogue.filter((r) => r.kind === 'bpmn').map((r) => r.resourceId);
    expect(processes).toEqual(expect.arrayContaining(['complaint-management', 'arrival-reception']));
    expect(catalogue.filter((r) => r.kind === 'form').map((r) => r.resourceId)).toContain(
      'bs-complaint-register',
    );
    const entry = catalogue.find((r) => r.resourceId === 'complaint-management')!;
    expect(entry).toMatchObject({ name: expect.any(String), latest: 1, latestDeployed: 1 });
    expect(entry.versions).toEqual([
      expect.objectContaining({
        number: 1,
        status: 'deployed',
        engineVersion: 1,
        author: { id: null, name: 'Plattform' },
      }),
    ]);
  });

  it('offers the platform facts and one element template per job type', async () => {
    const { agent } = await signedIn('pv.eins');
    const facts = (await agent.get('/api/modeler/platform-facts').expect(200)).body as {
      jobTypes: string[];
      formIds: string[];
      units: string[];
    };
    expect(facts.jobTypes).toContain('bs-register-complaint');
    expect(facts.formIds).toContain('bs-complaint-register');
    expect(facts.units).toEqual(expect.arrayContaining(['ABH', 'BS', 'LG']));

    const templates = (await agent.get('/api/modeler/element-templates').expect(200)).body as {
      name: string;
      id: string;
      properties: { type: string; value?: string; binding: { type: string; property?: string } }[];
    }[];
    // one per job type of a task; the types that serve execution listeners only (the instance log,
    // BK's and IvAF's end listeners, the listeners closing deadline records) are no task templates
    const listenerOnly = [
      'platform-instance-started',
      'platform-instance-ended',
      'bk-record-education-referral',
      'ivaf-record-placement',
      'abh-departure-deadline-passed',
      'abh-hearing-period-ended',
      'abh-duldung-reviewed',
      'abh-training-monitoring-ended',
      'abh-ba-approval-settled',
    ];
    expect(facts.jobTypes).toEqual(expect.arrayContaining(listenerOnly));
    expect(templates.map((t) => t.id)).not.toContain('de.mia.job.ivaf-record-placement');
    expect(templates).toHaveLength(facts.jobTypes.length - listenerOnly.length);
    expect(templates.map((t) => t.id)).not.toContain('de.mia.job.platform-instance-started');
    const register = templates.find((t) =>
      t.properties.some(
        (p) => p.binding.type === 'zeebe:taskDefinition' && p.value === 'bs-register-complaint',
      ),
    );
    expect(register?.name).toBe('Eingang erfassen und Aktenzeichen vergeben');
  });

  it('refuses bad files with a clear message and stores nothing', async () => {
    const { agent, csrf } = await signedIn('pv.eins');
    const before = await complaint(agent);
    const post = (content: string) =>
      agent
        .post('/api/modeler/resources/bpmn/complaint-management/versions')
        .set('x-csrf-token', csrf)
        .send({ content, comment: 'kaputt' });

    const tooLarge = await post(
      COMPLAINT.replace('</bpmn:definitions>', `<!-- ${'x'.repeat(2_200_000)} --></bpmn:definitions>`),
    ).expect(413);
    expect(tooLarge.body).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringContaining('2 MB'),
    });

    const huge = await post('x'.repeat(9 * 1024 * 1024)).expect(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');

    const entity = await post(
      COMPLAINT.replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lol [<!ENTITY lol "lol">]>',
      ),
    ).expect(400);
    expect(entity.body).toMatchObject({ code: 'INVALID_BPMN', message: expect.stringContaining('DOCTYPE') });

    const broken = await post(COMPLAINT.replace('</bpmn:process>', '')).expect(400);
    expect(broken.body.code).toBe('INVALID_BPMN');
    expect(broken.body.message).toMatch(/Zeile \d+/);

    const foreign = await post(
      COMPLAINT.replace(
        'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"',
        'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"',
      ).replace(/(name="Beschwerde registrieren">\s*<bpmn:extensionElements>)/, '$1<camunda:properties />'),
    ).expect(400);
    expect(foreign.body.code).toBe('INVALID_BPMN');
    expect(foreign.body.message).toContain('camunda:properties');

    const other = await post(COMPLAINT.replace('id="complaint-management"', 'id="etwas-anderes"')).expect(
      400,
    );
    expect(other.body.message).toContain('complaint-management');

    const form = await agent
      .post('/api/modeler/resources/form/bs-complaint-register/versions')
      .set('x-csrf-token', csrf)
      .send({ content: '{"id": "bs-complaint-register", ' })
      .expect(400);
    expect(form.body.code).toBe('INVALID_FORM');
    const notForm = await agent
      .post('/api/modeler/import')
      .set('x-csrf-token', csrf)
      .send({ fileName: 'x.form', content: '{"id":"x","type":"default"}' })
      .expect(400);
    expect(notForm.body).toMatchObject({
      code: 'INVALID_FORM',
      message: expect.stringContaining('components'),
    });

    expect((await complaint(agent)).versions).toHaveLength(before.versions.length);
  });

  it('lints with the platform rules, naming the element', async () => {
    const { agent, csrf } = await signedIn('pv.eins');
    const res = await agent
      .post('/api/modeler/lint')
      .set('x-csrf-token', csrf)
      .send({
        kind: 'bpmn',
        content: COMPLAINT.replace('type="bs-register-complaint"', 'type="gibt-es-nicht"'),
      })
      .expect(200);
    expect(res.body.issues).toContainEqual({
      elementId: 'Task_AktenzeichenVergeben',
      rule: 'platform/job-type-has-worker',
      message: expect.stringContaining('gibt-es-nicht'),
      category: 'error',
    });
    // every shipped process passes the editor's lint: a process manager can edit and submit any of them
    const catalogue = (await agent.get('/api/modeler/resources').query({ kind: 'bpmn' }).expect(200))
      .body as ResourceBody[];
    const errors: string[] = [];
    for (const { resourceId } of catalogue) {
      const { content } = (
        await agent.get(`/api/modeler/resources/bpmn/${resourceId}/versions/1`).expect(200)
      ).body as VersionBody;
      const linted = await agent
        .post('/api/modeler/lint')
        .set('x-csrf-token', csrf)
        .send({ kind: 'bpmn', content })
        .expect(200);
      for (const i of linted.body.issues as { elementId: string; rule: string; category: string }[]) {
        if (i.category === 'error') errors.push(`${resourceId}#${i.elementId}: ${i.rule}`);
      }
    }
    expect(catalogue.length).toBeGreaterThanOrEqual(11);
    expect(errors).toEqual([]);
  });

  it('saves drafts as versions, blocks submission on lint errors, and keeps four eyes on every release', async () => {
    const pm = await signedIn('pv.eins');
    const qs = await signedIn('qs.eins');
    const both = await signedIn('pvqs.zwei');
    const zeebe = app.get(ZeebeService).client;

    // an instance started on version 1 before the change
    const old = await zeebe.createProcessInstance({
      bpmnProcessId: 'complaint-management',
      variables: { channel: 'email' },
    });
    expect(Number(old.version)).toBe(1);

    // a draft with a lint error: the user task has no candidate group
    const broken = COMPLAINT.replace(/candidateGroups="BS"/, 'candidateGroups=""');
    const draft = await pm.agent
      .post('/api/modeler/resources/bpmn/complaint-management/versions')
      .set('x-csrf-token', pm.csrf)
      .send({ content: broken, comment: 'Gruppe vergessen', basedOn: 1 })
      .expect(201);
    expect(draft.body).toMatchObject({
      number: 2,
      status: 'draft',
      author: { name: 'Paula Prozess' },
      comment: 'Gruppe vergessen',
    });
    const refused = await pm.agent
      .post('/api/modeler/resources/bpmn/complaint-management/versions/2/submit')
      .set('x-csrf-token', pm.csrf)
      .send({ reason: 'Test' })
      .expect(422);
    expect(refused.body.code).toBe('LINT_ERRORS');
    expect(refused.body.errors).toContainEqual(
      expect.objectContaining({
        elementId: 'Task_BeschwerdeRegistrieren',
        rule: 'platform/candidate-group-is-unit',
      }),
    );

    // the fix: a new label and a changed condition, saved as version 3
    const fixed = COMPLAINT.replace(FIRST_TASK, 'name="Beschwerde aufnehmen"').replace(
      '=complaintRoute = &quot;legal-remedy&quot;',
      '=complaintRoute = &quot;legal-remedy&quot; or complaintRoute = &quot;court&quot;',
    );
    await pm.agent
      .post('/api/modeler/resources/bpmn/complaint-management/versions')
      .set('x-csrf-token', pm.csrf)
      .send({ content: fixed, comment: 'Bezeichnung und Bedingung', basedOn: 2 })
      .expect(201);

    const diff = await pm.agent
      .get('/api/modeler/diff/bpmn/complaint-management')
      .query({ from: 1, to: 3 })
      .expect(200);
    expect(diff.body.added).toEqual([]);
    expect(diff.body.removed).toEqual([]);
    const changed = diff.body.changed as {
      id: string;
      changes: { property: string; from: string; to: string }[];
    }[];
    expect(changed.find((c) => c.id === 'Task_BeschwerdeRegistrieren')?.changes).toContainEqual(
      expect.objectContaining({
        property: 'name',
        from: 'Beschwerde registrieren',
        to: 'Beschwerde aufnehmen',
      }),
    );
    expect(changed.flatMap((c) => c.changes.map((x) => x.property))).toContain('conditionExpression.body');

    const file = await pm.agent
      .get('/api/modeler/resources/bpmn/complaint-management/versions/3/file')
      .expect(200);
    expect(file.headers['content-disposition']).toBe('attachment; filename="complaint-management.bpmn"');
    expect(file.text ?? String(file.body)).toContain('Beschwerde aufnehmen');

    // a process manager without the quality role cannot approve at all
    await pm.agent
      .post('/api/modeler/resources/bpmn/complaint-management/versions/3/approve')
      .set('x-csrf-token', pm.csrf)
      .send({})
      .expect(403);

    // Dora (process manager and quality) submits version 3 …
    const submitted = await both.agent
      .post('/api/modeler/resources/bpmn/complaint-management/versions/3/submit')
      .set('x-csrf-token', both.csrf)
      .send({ reason: 'Neufassung der Beschwerdeordnung 2026' })
      .expect(200);
    expect(submitted.body.status).toBe('submitted');
    const queue = await qs.agent.get('/api/modeler/releases').expect(200);
    expect(queue.body).toContainEqual(
      expect.objectContaining({
        resourceId: 'complaint-management',
        number: 3,
        submittedBy: expect.objectContaining({ name: 'Dora Doppelrolle' }),
        reason: 'Neufassung der Beschwerdeordnung 2026',
      }),
    );
    // … and may not approve or reject it herself
    const self = await both.agent
      .post('/api/modeler/resources/bpmn/complaint-management/versions/3/approve')
      .set('x-csrf-token', both.csrf)
      .send({ comment: 'passt' })
      .expect(403);
    expect(self.body).toMatchObject({
      code: 'SELF_APPROVAL',
      message: expect.stringContaining('Vier-Augen-Prinzip'),
    });
    await both.agent
      .post('/api/modeler/resources/bpmn/complaint-management/versions/3/reject')
      .set('x-csrf-token', both.csrf)
      .send({ comment: 'nein' })
      .expect(403);

    // quality approves: deployed as the engine's version 2
    const approved = await qs.agent
      .post('/api/modeler/resources/bpmn/complaint-management/versions/3/approve')
      .set('x-csrf-token', qs.csrf)
      .send({ comment: 'Geprüft' })
      .expect(200);
    expect(approved.body).toMatchObject({ engineVersion: 2, status: 'deployed', number: 3 });
    expect(
      (approved.body as VersionBody).steps.map((s) => [s.action, s.actor.name, s.role, s.reason]),
    ).toEqual([
      ['saved', 'Paula Prozess', 'process-manager', 'Bezeichnung und Bedingung'],
      ['submitted', 'Dora Doppelrolle', 'process-manager', 'Neufassung der Beschwerdeordnung 2026'],
      ['approved', 'Quentin Qualität', 'quality', 'Geprüft'],
      ['deployed', 'Quentin Qualität', 'quality', 'Engine-Version 2'],
    ]);
    await qs.agent
      .post('/api/modeler/resources/bpmn/complaint-management/versions/3/approve')
      .set('x-csrf-token', qs.csrf)
      .send({})
      .expect(409);

    // new instances start on the new version; the old one stays on version 1
    const fresh = await zeebe.createProcessInstance({
      bpmnProcessId: 'complaint-management',
      variables: { channel: 'email' },
    });
    expect(Number(fresh.version)).toBe(2);
    const catalogue = await waitFor(async () => {
      const body = await complaint(qs.agent);
      const v1 = body.versions.find((v) => v.number === 1)!;
      const v3 = body.versions.find((v) => v.number === 3)!;
      return v1.runningInstances >= 1 && v3.runningInstances >= 1 ? body : undefined;
    }, 'running instances on both versions');
    expect(catalogue).toMatchObject({ latest: 3, latestDeployed: 3 });
    expect(catalogue.versions.map((v) => [v.number, v.status, v.engineVersion])).toEqual([
      [3, 'deployed', 2],
      [2, 'draft', null],
      [1, 'deployed', 1],
    ]);

    // a restart deploys the released version, not the shipped file (no new engine version)
    const redeployed = await app.get(DeploymentService).deployAll();
    expect(redeployed.find((r) => r.resourceId === 'complaint-management')?.version).toBe(2);
  });

  it('records a rejection with its comment; a rejected version cannot be approved', async () => {
    const pm = await signedIn('pv.eins');
    const qs = await signedIn('qs.eins');
    const form = JSON.parse(readFileSync(join(ROOT, 'forms', 'bs-complaint-register.form'), 'utf8')) as {
      components: { label?: string }[];
    };
    const labelled = form.components.find((c) => c.label)!;
    labelled.label = `${labelled.label} (neu)`;
    const saved = await pm.agent
      .post('/api/modeler/import')
      .set('x-csrf-token', pm.csrf)
      .send({ fileName: 'bs-complaint-register.form', content: JSON.stringify(form, null, 2) })
      .expect(201);
    const n = (saved.body as VersionBody).number;
    expect(saved.body).toMatchObject({ kind: 'form', resourceId: 'bs-complaint-register', status: 'draft' });
    await pm.agent
      .post(`/api/modeler/resources/form/bs-complaint-register/versions/${n}/submit`)
      .set('x-csrf-token', pm.csrf)
      .send({ reason: 'Bessere Beschriftung' })
      .expect(200);
    const diff = await qs.agent
      .get('/api/modeler/diff/form/bs-complaint-register')
      .query({ from: 1, to: n })
      .expect(200);
    expect(diff.body.changed).toContainEqual(
      expect.objectContaining({ changes: [expect.objectContaining({ property: 'label' })] }),
    );
    const rejected = await qs.agent
      .post(`/api/modeler/resources/form/bs-complaint-register/versions/${n}/reject`)
      .set('x-csrf-token', qs.csrf)
      .send({ comment: 'Bitte mit der Beschwerdestelle abstimmen' })
      .expect(200);
    expect(rejected.body.status).toBe('rejected');
    expect((rejected.body as VersionBody).steps.at(-1)).toMatchObject({
      action: 'rejected',
      actor: { name: 'Quentin Qualität' },
      reason: 'Bitte mit der Beschwerdestelle abstimmen',
    });
    const again = await qs.agent
      .post(`/api/modeler/resources/form/bs-complaint-register/versions/${n}/approve`)
      .set('x-csrf-token', qs.csrf)
      .send({})
      .expect(409);
    expect(again.body.code).toBe('VERSION_STATUS');

    // the fix is a new draft, which quality approves: the form is deployed as the engine's version 2
    const retry = await pm.agent
      .post('/api/modeler/resources/form/bs-complaint-register/versions')
      .set('x-csrf-token', pm.csrf)
      .send({ content: JSON.stringify(form, null, 2), comment: 'abgestimmt', basedOn: n })
      .expect(201);
    const m = (retry.body as VersionBody).number;
    await pm.agent
      .post(`/api/modeler/resources/form/bs-complaint-register/versions/${m}/submit`)
      .set('x-csrf-token', pm.csrf)
      .send({ reason: 'Mit der Beschwerdestelle abgestimmt' })
      .expect(200);
    const deployed = await qs.agent
      .post(`/api/modeler/resources/form/bs-complaint-register/versions/${m}/approve`)
      .set('x-csrf-token', qs.csrf)
      .send({})
      .expect(200);
    expect(deployed.body).toMatchObject({ status: 'deployed', engineVersion: 2 });
  });
});
