/**
 * Approval when the engine does not take the version (README § Rules): the engine refuses the model, or
 * it is unreachable. Quality gets a 502 with a German message, the version stays submitted, a
 * `deploy-failed` step records why, nothing else is written (no approval, no engine version, no
 * deployment record), and the same version can be approved once the engine takes it.
 *
 * The platform talks to an engine of its own process here (ZEEBE_ADDRESS, as to a Zeebe cluster), so
 * that the test can stop it and start it again on the same port: a real outage, no mocks.
 */
import type { INestApplication } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { startEmbeddedEngine, type EmbeddedEngine } from '../../../src/engine/embedded';
import { ZeebeService } from '../../../src/engine/zeebe.service';
import { createUser } from '../../factories/user.factory';
import { createTestApp } from '../../utils/app';
import { signedIn as signedInAgent } from '../../utils/agents';
import { createTestDatabase, type TestDatabase } from '../../utils/database';

const ROOT = join(__dirname, '..', '..', '..');
const COMPLAINT = readFileSync(join(ROOT, 'processes', 'complaint-management.bpmn'), 'utf8');
const RESOURCE = '/api/modeler/resources/bpmn/complaint-management';

interface VersionBody {
  number: number;
  status: string;
  engineVersion: number | null;
  steps: { action: string; actor: { name: string }; role: string; reason: string | null }[];
}

interface ResourceBody {
  latestDeployed: number | null;
  versions: { number: number; status: string; engineVersion: number | null }[];
}

/** the complaint process with a changed task label (a change the engine accepts) */
function relabelled(label: string): string {
  return COMPLAINT.replace('name="Beschwerde registrieren"', `name="${label}"`);
}

/**
 * A change the platform's checks and lint accept but the embedded engine refuses: the closing step
 * as a DMN decision (a business rule task with zeebe:calledDecision, supported by Zeebe 8.6, not by
 * the embedded engine).
 */
const DECISION_TASK = COMPLAINT.replace(
  /<bpmn:serviceTask id="Task_AbschlussErfassen"([^>]*)>\s*<bpmn:extensionElements>\s*<zeebe:taskDefinition [^>]*\/>\s*<\/bpmn:extensionElements>([\s\S]*?)<\/bpmn:serviceTask>/,
  '<bpmn:businessRuleTask id="Task_AbschlussErfassen"$1><bpmn:extensionElements><zeebe:calledDecision decisionId="bs-abschluss" resultVariable="closing" /></bpmn:extensionElements>$2</bpmn:businessRuleTask>',
);

describe('approval when the engine does not take the version', () => {
  let db: TestDatabase;
  let engine: EmbeddedEngine | undefined;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    engine = await startEmbeddedEngine({ databaseUrl: db.url, host: '127.0.0.1', port: 0 });
    app = await createTestApp({ databaseUrl: db.url, env: { ZEEBE_ADDRESS: engine.address } });
    await createUser(app, { username: 'pv.fail', displayName: 'Paula Prozess', roles: ['process-manager'] });
    await createUser(app, { username: 'qs.fail', displayName: 'Quentin Qualität', roles: ['quality'] });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await engine?.stop();
    await db?.drop();
  });

  const signedIn = (username: string) => signedInAgent(app, username);

  /** a process manager saves and submits the content; returns the version number */
  async function submitted(content: string, reason: string): Promise<number> {
    const pm = await signedIn('pv.fail');
    const saved = await pm.agent
      .post(`${RESOURCE}/versions`)
      .set('x-csrf-token', pm.csrf)
      .send({ content, comment: reason })
      .expect(201);
    const n = (saved.body as VersionBody).number;
    await pm.agent
      .post(`${RESOURCE}/versions/${n}/submit`)
      .set('x-csrf-token', pm.csrf)
      .send({ reason })
      .expect(200);
    return n;
  }

  async function deploymentRecords(): Promise<number> {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const res = await client.query<{ n: number }>(
        `select count(*)::int as n from deployed_resource where resource_id = 'complaint-management'`,
      );
      return res.rows[0].n;
    } finally {
      await client.end();
    }
  }

  function approve(qs: { agent: request.Agent; csrf: string }, n: number): request.Test {
    return qs.agent
      .post(`${RESOURCE}/versions/${n}/approve`)
      .set('x-csrf-token', qs.csrf)
      .send({ comment: 'Geprüft' });
  }

  interface Released {
    records: number;
    latestDeployed: number | null;
  }

  /** what is released: deployment records of the process, its latest deployed version */
  async function released(qs: request.Agent): Promise<Released> {
    const resource = (await qs.get(RESOURCE).expect(200)).body as ResourceBody;
    return { records: await deploymentRecords(), latestDeployed: resource.latestDeployed };
  }

  async function expectNothingWritten(qs: request.Agent, n: number, before: Released): Promise<VersionBody> {
    const version = (await qs.get(`${RESOURCE}/versions/${n}`).expect(200)).body as VersionBody;
    expect(version.status).toBe('submitted');
    expect(version.engineVersion).toBeNull();
    expect(version.steps.map((s) => s.action)).toEqual(['saved', 'submitted', 'deploy-failed']);
    const failed = version.steps[2];
    expect(failed).toMatchObject({ actor: { name: 'Quentin Qualität' }, role: 'quality' });
    expect(failed.reason).toEqual(expect.any(String));
    expect(await released(qs)).toEqual(before);
    // still in quality's queue
    const queue = (await qs.get('/api/modeler/releases').expect(200)).body as { number: number }[];
    expect(queue.map((q) => q.number)).toContain(n);
    return version;
  }

  it('the engine refuses the model: 502 DEPLOYMENT_FAILED naming the reason, the version stays submitted', async () => {
    expect(DECISION_TASK).toContain('<zeebe:calledDecision');
    const n = await submitted(DECISION_TASK, 'Abschluss als Entscheidungstabelle');
    const qs = await signedIn('qs.fail');
    const before = await released(qs.agent);

    const res = await approve(qs, n).expect(502);
    expect(res.body).toMatchObject({
      code: 'DEPLOYMENT_FAILED',
      message: expect.stringContaining(`Version ${n} nicht angenommen; sie bleibt eingereicht`),
      correlationId: expect.any(String),
    });
    expect(res.body.message).toContain('zeebe:calledDecision (DMN)');

    const version = await expectNothingWritten(qs.agent, n, before);
    expect(version.steps[2].reason).toContain('zeebe:calledDecision (DMN)');
    expect(version.steps[2].reason).not.toMatch(/^\d+ [A-Z_]+:/);
    // new instances still start on the engine's version 1
    const instance = await app
      .get(ZeebeService)
      .client.createProcessInstance({ bpmnProcessId: 'complaint-management', variables: {} });
    expect(Number(instance.version)).toBe(1);
  });

  it('the engine is unreachable: 502 DEPLOYMENT_FAILED, nothing sent; approved once the engine is back', async () => {
    const n = await submitted(relabelled('Beschwerde aufnehmen'), 'Neue Bezeichnung');
    const qs = await signedIn('qs.fail');
    const before = await released(qs.agent);

    const port = engine!.port;
    await engine!.stop();
    engine = undefined;
    const res = await approve(qs, n).expect(502);
    expect(res.body).toMatchObject({
      code: 'DEPLOYMENT_FAILED',
      message: `Die Engine ist nicht erreichbar; Version ${n} bleibt eingereicht. Bitte später erneut freigeben.`,
    });
    const version = await expectNothingWritten(qs.agent, n, before);
    expect(version.steps[2].reason).toBe('Die Engine ist nicht erreichbar.');

    // the engine is back (same address): the same version can now be approved
    engine = await startEmbeddedEngine({ databaseUrl: db.url, host: '127.0.0.1', port });
    // the platform's health check sees it again (the client reconnects with back-off)
    const zeebe = app.get(ZeebeService);
    for (let i = 0; i < 60 && !(await zeebe.isReachable(1000)); i++) {
      await new Promise((r) => setTimeout(r, 250));
    }
    const approved = await approve(qs, n).expect(200);
    expect(approved.body).toMatchObject({ status: 'deployed', engineVersion: 2 });
    expect((approved.body as VersionBody).steps.map((s) => s.action)).toEqual([
      'saved',
      'submitted',
      'deploy-failed',
      'approved',
      'deployed',
    ]);
  }, 120_000);
});
