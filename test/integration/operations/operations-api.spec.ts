/**
 * Operations view over the API (issue 6 § 2), on the whole platform with the embedded engine and the
 * real Zeebe client: a platform worker fails until fixed → incident listed → retried through the API →
 * the instance goes on; cancel through the API → gone from the running instances, instance log ended;
 * every intervention recorded with its outcome; the engine's refusals as clear errors; no variable
 * values in any answer; quality staff and admins only.
 */
import { AuditService } from '../../../src/audit';
import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '../../../src/engine/zeebe.types';
import { JobWorkerDiscovery, type DiscoveredWorker } from '../../../src/engine/job-worker.discovery';
import { ZeebeService } from '../../../src/engine/zeebe.service';
import { OperationsService } from '../../../src/operations/operations.service';
import { PlatformObservedReader } from '../../../src/operations/platform-observed.reader';
import { createUser } from '../../factories/user.factory';
import { signedIn, type SignedInAgent } from '../../utils/agents';
import { useScenarioApp } from '../../utils/scenario';
import {
  PROBE_JOB_TYPE,
  PROBE_PROCESS_ID,
  PROBE_TASK_NAME,
  PROBE_WAIT_NAME,
  probeModel,
} from './probe-models';

jest.setTimeout(180_000);

interface Closable {
  close(timeout?: number): Promise<unknown>;
}

describe('operations view API', () => {
  const s = useScenarioApp();
  let qs: SignedInAgent;
  let admin: SignedInAgent;
  let worker: Closable | undefined;
  /** the probe's worker fails while broken */
  let broken = true;
  const SECRET = 'GEHEIM-Fallinhalt-4711';

  const sql = <T>(query: string, params: unknown[] = []): Promise<T[]> =>
    s.inContext(() => s.orm.em.fork().getConnection().execute<T[]>(query, params));

  async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const v = await read();
      if (ok(v)) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  interface IncidentBody {
    incidentKey: string | null;
    jobKey: string | null;
    processInstanceKey: string;
    elementId: string;
    elementName: string;
    errorType: string;
    message: string;
    processName: string;
  }

  const incidentsOf = async (key: string): Promise<IncidentBody[]> => {
    const res = await qs.agent.get('/api/operations/incidents').expect(200);
    return (res.body as IncidentBody[]).filter((i) => i.processInstanceKey === key);
  };

  async function startProbe(caseId: string): Promise<string> {
    const created = await s.zeebe.createProcessInstance({
      bpmnProcessId: PROBE_PROCESS_ID,
      variables: { caseId, note: SECRET },
    });
    return created.processInstanceKey;
  }

  beforeAll(async () => {
    await createUser(s.app, { username: 'qs.ops', roles: ['quality'], units: [] });
    await createUser(s.app, { username: 'admin.ops', roles: ['admin'], units: [] });
    await createUser(s.app, { username: 'sb.ops', roles: ['caseworker'], units: ['ABH'] });
    await createUser(s.app, { username: 'pv.ops', roles: ['process-manager'], units: [] });
    qs = await signedIn(s.app, 'qs.ops');
    admin = await signedIn(s.app, 'admin.ops');
    await s.zeebe.deployResources([{ name: `${PROBE_PROCESS_ID}.bpmn`, content: probeModel() }]);
    // a platform worker, run the way the platform runs every @JobWorker (JobWorkerDiscovery.run)
    const discovery = s.app.get(JobWorkerDiscovery);
    const definition: DiscoveredWorker = {
      type: PROBE_JOB_TYPE,
      className: 'OpsProbeWorker',
      methodName: 'work',
      options: { retryBackOffMs: 0 },
      handler: async (job) => {
        const j = job;
        if (broken) throw new Error('Register nicht erreichbar');
        return j.complete();
      },
    };
    worker = s.app.get(ZeebeService).client.createWorker({
      taskType: PROBE_JOB_TYPE,
      timeout: 30_000,
      fetchVariable: ['caseId'],
      taskHandler: (job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> => discovery.run(definition, job as ZeebeJob),
    });
  });

  afterAll(async () => {
    await worker?.close(5000);
  });

  it('a failing worker raises an incident; retried through the API, the instance goes on; recorded', async () => {
    broken = true;
    const key = await startProbe('OPS-1');
    const [incident] = await until(
      'the incident',
      () => incidentsOf(key),
      (l) => l.length === 1,
    );
    expect(incident).toMatchObject({
      processInstanceKey: key,
      elementId: 'abgleich',
      elementName: PROBE_TASK_NAME,
      processName: 'Betriebsprobe',
      errorType: 'JOB_NO_RETRIES',
    });
    expect(incident.message).toContain('Register nicht erreichbar');
    expect(incident.incidentKey).toMatch(/^\d+$/);
    expect(incident.jobKey).toMatch(/^\d+$/);

    // the platform recorded the failed job too (what the view lists against a real Zeebe)
    const failed = await sql<{ job_key: string; closed_at: Date | null }>(
      `select job_key::text, closed_at from failed_job where process_instance_key = ?`,
      [key],
    );
    expect(failed).toEqual([{ job_key: incident.jobKey, closed_at: null }]);

    // the instance shows the running instance with its incident, and no variable value anywhere
    const detail = await qs.agent.get(`/api/operations/instances/${key}`).expect(200);
    expect(detail.body).toMatchObject({
      state: 'ACTIVE',
      bpmnProcessId: PROBE_PROCESS_ID,
      version: 1,
      activeElements: [{ id: 'abgleich', name: PROBE_TASK_NAME }],
      incidents: [{ incidentKey: incident.incidentKey }],
    });
    const intents = (detail.body as { history: { intent: string; elementId: string }[] }).history.map(
      (h) => `${h.elementId}:${h.intent}`,
    );
    expect(intents).toEqual(
      expect.arrayContaining(['abgleich:ELEMENT_ACTIVATED', 'abgleich:INCIDENT_CREATED']),
    );
    expect(JSON.stringify(detail.body)).not.toContain(SECRET);
    expect(JSON.stringify((await qs.agent.get('/api/operations/instances').expect(200)).body)).not.toContain(
      SECRET,
    );

    // fixed, then retried through the API: UpdateJobRetries + ResolveIncident
    broken = false;
    const retried = await qs.agent
      .post(`/api/operations/incidents/${incident.incidentKey}/retry`)
      .set('x-csrf-token', qs.csrf)
      .send({ retries: 2, reason: 'Register wieder erreichbar' })
      .expect(200);
    expect(retried.body).toMatchObject({
      incidentResolved: true,
      action: {
        action: 'retry-incident',
        actor: 'qs.ops',
        role: 'quality',
        processInstanceKey: key,
        incidentKey: incident.incidentKey,
        jobKey: incident.jobKey,
        retries: 2,
        reason: 'Register wieder erreichbar',
        outcome: 'ok',
        errorCode: null,
      },
    });
    // the worker completes the job: the instance waits for its message, the incident is gone
    await s.waitForElement(key, 'warten', 'ELEMENT_ACTIVATED');
    expect(await incidentsOf(key)).toEqual([]);
    const after = await qs.agent.get(`/api/operations/instances/${key}`).expect(200);
    expect(after.body).toMatchObject({
      activeElements: [{ id: 'warten', name: PROBE_WAIT_NAME }],
      incidents: [],
    });
    expect(
      await sql<{ close_reason: string }>(
        `select close_reason from failed_job where process_instance_key = ?`,
        [key],
      ),
    ).toEqual([{ close_reason: 'retried' }]);

    // the answer arrives: the instance completes
    await s.publish('OpsProbeAnswer', 'OPS-1');
    await s.waitForEnd(key);

    // resolving the already resolved incident: a clear error, recorded as failed with the engine's code
    const again = await qs.agent
      .post(`/api/operations/incidents/${incident.incidentKey}/retry`)
      .set('x-csrf-token', qs.csrf)
      .send({})
      .expect(404);
    expect(again.body).toMatchObject({
      code: 'INCIDENT_NOT_FOUND',
      details: { engineCode: 'NOT_FOUND', step: 'ResolveIncident' },
    });
    expect(again.body.message).toContain('bereits behoben');

    const recorded = await sql<{
      action: string;
      actor_name: string;
      role: string;
      outcome: string;
      error_code: string | null;
      incident_key: string;
    }>(
      `select action, actor_name, role, outcome, error_code, incident_key::text from operation_action
       where incident_key = ? order by id`,
      [incident.incidentKey],
    );
    expect(recorded).toEqual([
      {
        action: 'retry-incident',
        actor_name: 'qs.ops',
        role: 'quality',
        outcome: 'ok',
        error_code: null,
        incident_key: incident.incidentKey,
      },
      {
        action: 'retry-incident',
        actor_name: 'qs.ops',
        role: 'quality',
        outcome: 'failed',
        error_code: 'NOT_FOUND',
        incident_key: incident.incidentKey,
      },
    ]);
    // append-only
    await expect(
      sql(`update operation_action set outcome = 'ok' where incident_key = ?`, [incident.incidentKey]),
    ).rejects.toThrow(/append-only/);
    await expect(sql(`delete from operation_action`)).rejects.toThrow(/append-only/);
  });

  it('cancel: needs a reason; the instance leaves the running list, its instance log ends; recorded', async () => {
    broken = false;
    const key = await startProbe('OPS-2');
    await s.waitForElement(key, 'warten', 'ELEMENT_ACTIVATED');
    await until(
      'the instance log',
      () =>
        sql<{ n: number }>(
          `select count(*)::int as n from process_instance_record where process_instance_key = ?`,
          [key],
        ),
      (r) => r[0].n === 1,
    );
    const running = async (): Promise<string[]> => {
      const res = await qs.agent
        .get('/api/operations/instances')
        .query({ process: PROBE_PROCESS_ID })
        .expect(200);
      return (res.body as { items: { processInstanceKey: string }[] }).items.map((i) => i.processInstanceKey);
    };
    expect(await running()).toContain(key);

    const noReason = await admin.agent
      .post(`/api/operations/instances/${key}/cancel`)
      .set('x-csrf-token', admin.csrf)
      .send({ reason: '   ' })
      .expect(400);
    expect(JSON.stringify(noReason.body.message)).toContain('reason');

    const cancelled = await admin.agent
      .post(`/api/operations/instances/${key}/cancel`)
      .set('x-csrf-token', admin.csrf)
      .send({ reason: 'Doppelt angelegt' })
      .expect(200);
    expect(cancelled.body.action).toMatchObject({
      action: 'cancel-instance',
      actor: 'admin.ops',
      role: 'admin',
      processInstanceKey: key,
      reason: 'Doppelt angelegt',
      outcome: 'ok',
    });
    expect(await running()).not.toContain(key);
    const [record] = await sql<{ ended: boolean }>(
      `select ended_at is not null as ended from process_instance_record where process_instance_key = ?`,
      [key],
    );
    expect(record.ended).toBe(true);
    const detail = await qs.agent.get(`/api/operations/instances/${key}`).expect(200);
    expect(detail.body).toMatchObject({ state: 'TERMINATED', activeElements: [] });

    // cancelling again: 409, recorded as failed
    const again = await admin.agent
      .post(`/api/operations/instances/${key}/cancel`)
      .set('x-csrf-token', admin.csrf)
      .send({ reason: 'nochmal' })
      .expect(409);
    expect(again.body.code).toBe('PROCESS_INSTANCE_NOT_RUNNING');
    // an instance the engine does not know: the engine's NOT_FOUND, recorded as failed
    const unknown = await admin.agent
      .post('/api/operations/instances/2251799813999999/cancel')
      .set('x-csrf-token', admin.csrf)
      .send({ reason: 'gibt es nicht' })
      .expect(404);
    expect(unknown.body).toMatchObject({
      code: 'PROCESS_INSTANCE_NOT_FOUND',
      details: { engineCode: 'NOT_FOUND' },
    });
    const outcomes = await sql<{ process_instance_key: string; outcome: string; error_code: string | null }>(
      `select process_instance_key::text, outcome, error_code from operation_action
       where action = 'cancel-instance' order by id`,
    );
    expect(outcomes).toEqual([
      { process_instance_key: key, outcome: 'ok', error_code: null },
      { process_instance_key: key, outcome: 'failed', error_code: 'NOT_RUNNING' },
      { process_instance_key: '2251799813999999', outcome: 'failed', error_code: 'NOT_FOUND' },
    ]);
    const actions = await qs.agent.get('/api/operations/actions').expect(200);
    expect((actions.body as { action: string }[]).map((a) => a.action)).toContain('cancel-instance');
  });

  it('filters running instances by process, version and started period; pages', async () => {
    const key = await startProbe('OPS-3');
    await s.waitForElement(key, 'warten', 'ELEMENT_ACTIVATED');
    const list = (q: Record<string, string | number>) =>
      qs.agent.get('/api/operations/instances').query(q).expect(200);
    const keys = (res: { body: { items: { processInstanceKey: string }[] } }) =>
      res.body.items.map((i) => i.processInstanceKey);
    const today = await s.today();
    expect(
      keys(await list({ process: PROBE_PROCESS_ID, version: 1, startedFrom: today, startedTo: today })),
    ).toContain(key);
    expect(keys(await list({ process: PROBE_PROCESS_ID, version: 2 }))).toEqual([]);
    expect(keys(await list({ process: 'arrival-reception' }))).not.toContain(key);
    expect(keys(await list({ startedFrom: '2099-01-01' }))).toEqual([]);
    const all = await list({ page: 1 });
    expect(all.body).toMatchObject({ page: 1, pageSize: 50 });
    expect(all.body.total).toBeGreaterThanOrEqual(1);
    const item = (all.body.items as { processInstanceKey: string }[]).find(
      (i) => i.processInstanceKey === key,
    );
    expect(item).toMatchObject({
      processName: 'Betriebsprobe',
      version: 1,
      activeElements: [{ id: 'warten', name: PROBE_WAIT_NAME }],
      openIncidents: 0,
    });
  });

  it('against a real Zeebe: the failed jobs the platform recorded, retried by job key (UpdateJobRetries)', async () => {
    broken = true;
    const key = await startProbe('OPS-4');
    await until(
      'the failed job',
      () => incidentsOf(key),
      (l) => l.length === 1,
    );
    // the service as it runs with ZEEBE_ADDRESS: reading only what the platform observes
    const platform = new OperationsService(
      s.app.get(PlatformObservedReader),
      s.app.get(ZeebeService),
      s.orm.em,
      s.app.get(AuditService),
    );
    const actor = { id: 'x', username: 'qs.ops', displayName: 'QS', roles: ['quality' as const], units: [] };
    const listed = await s.inContext(() => platform.incidents());
    const mine = listed.filter((i) => i.processInstanceKey === key);
    // names come from the versions the platform released (model_version); this probe was deployed
    // past the process editor, so its ids stand in
    expect(mine).toEqual([
      expect.objectContaining({ incidentKey: null, elementName: 'abgleich', errorType: 'JOB_NO_RETRIES' }),
    ]);
    expect(mine[0].message).toContain('Register nicht erreichbar');
    // a shipped model: its names are found by the checksum its deployment recorded
    const shipped = await s.inContext(() => platform.diagramNames('arrival-reception', 1));
    expect(shipped.processName).toBeTruthy();
    expect(shipped.elements.size).toBeGreaterThan(3);
    const running = await s.inContext(() => platform.listInstances({ bpmnProcessId: PROBE_PROCESS_ID }));
    expect(running.items.find((i) => i.processInstanceKey === key)).toMatchObject({ openIncidents: 1 });
    expect((await s.inContext(() => platform.instance(key))).history).toBeNull();

    broken = false;
    const result = await s.inContext(() =>
      platform.retryJob(actor, mine[0].jobKey as string, { retries: 1 }),
    );
    // UpdateJobRetries worked; the incident key is unknown to the platform, so the incident stays open
    // (in Zeebe: until resolved in Operate)
    expect(result).toMatchObject({
      incidentResolved: false,
      action: { action: 'retry-job', outcome: 'ok', retries: 1 },
    });
    expect(await s.inContext(() => platform.incidents())).not.toEqual(
      expect.arrayContaining([expect.objectContaining({ processInstanceKey: key })]),
    );
    const [open] = await incidentsOf(key);
    expect(open.incidentKey).toMatch(/^\d+$/);
    // resolved (as Operate would), the job runs with the retries the platform gave it
    await qs.agent
      .post(`/api/operations/incidents/${open.incidentKey}/retry`)
      .set('x-csrf-token', qs.csrf)
      .send({})
      .expect(200);
    await s.waitForElement(key, 'warten', 'ELEMENT_ACTIVATED');
  });

  it('an incident without a job (FEEL error): ResolveIncident only; unfixed, the engine raises it again', async () => {
    const feel = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="ops-feel" name="Ausdrucksprobe" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t" />
    <bpmn:serviceTask id="t" name="Typ berechnen">
      <bpmn:extensionElements><zeebe:taskDefinition type="=jobTypeFromCase" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e" />
    <bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;
    await s.zeebe.deployResources([{ name: 'ops-feel.bpmn', content: feel }]);
    const { processInstanceKey: key } = await s.zeebe.createProcessInstance({ bpmnProcessId: 'ops-feel' });
    const [first] = await until(
      'the FEEL incident',
      () => incidentsOf(key),
      (l) => l.length === 1,
    );
    expect(first).toMatchObject({
      jobKey: null,
      elementName: 'Typ berechnen',
      processName: 'Ausdrucksprobe',
    });
    expect(first.errorType).toBe('EXTRACT_VALUE_ERROR');
    const res = await qs.agent
      .post(`/api/operations/incidents/${first.incidentKey}/retry`)
      .set('x-csrf-token', qs.csrf)
      .send({ retries: 3 })
      .expect(200);
    // no job: no UpdateJobRetries, so no retries recorded
    expect(res.body.action).toMatchObject({ outcome: 'ok', jobKey: null, retries: null });
    const [second] = await until(
      'the incident raised again',
      () => incidentsOf(key),
      (l) => l.length === 1 && l[0].incidentKey !== first.incidentKey,
    );
    expect(second.errorType).toBe('EXTRACT_VALUE_ERROR');
  });

  describe('access and bad input', () => {
    it('403 for caseworkers and process managers, on the API and the pages', async () => {
      for (const username of ['sb.ops', 'pv.ops']) {
        const { agent, csrf } = await signedIn(s.app, username);
        expect((await agent.get('/api/operations/instances').expect(403)).body.code).toBeDefined();
        await agent.get('/api/operations/incidents').expect(403);
        await agent.get('/api/operations/actions').expect(403);
        await agent.get('/api/operations/instances/2251799813685249').expect(403);
        await agent
          .post('/api/operations/incidents/2251799813685249/retry')
          .set('x-csrf-token', csrf)
          .send({})
          .expect(403);
        await agent
          .post('/api/operations/instances/2251799813685249/cancel')
          .set('x-csrf-token', csrf)
          .send({ reason: 'x' })
          .expect(403);
        const page = await agent.get('/betrieb').expect(403);
        expect(page.text).toContain('Kein Zugriff');
        await agent.get('/betrieb/instanzen/2251799813685249').expect(403);
      }
      await admin.agent.get('/api/operations/instances').expect(200);
      await admin.agent.get('/betrieb').expect(200);
    });

    it('bad keys: 400 naming the key; unknown keys: 404; bad retries and filters: 400 naming the field', async () => {
      const bad = await qs.agent.get('/api/operations/instances/abc').expect(400);
      expect(JSON.stringify(bad.body.message)).toContain('key: Prozessinstanz');
      await qs.agent.get('/api/operations/instances/99999999999999999999').expect(400);
      await qs.agent
        .post('/api/operations/incidents/-1/retry')
        .set('x-csrf-token', qs.csrf)
        .send({})
        .expect(400);
      const missing = await qs.agent.get('/api/operations/instances/2251799813999998').expect(404);
      expect(missing.body.code).toBe('PROCESS_INSTANCE_NOT_FOUND');
      await qs.agent.get('/api/operations/instances/2251799813999998/xml').expect(404);
      const retries = await qs.agent
        .post('/api/operations/incidents/2251799813999998/retry')
        .set('x-csrf-token', qs.csrf)
        .send({ retries: 0 })
        .expect(400);
      expect(JSON.stringify(retries.body.message)).toContain('retries');
      const unknownJob = await qs.agent
        .post('/api/operations/jobs/2251799813999998/retry')
        .set('x-csrf-token', qs.csrf)
        .send({})
        .expect(404);
      expect(unknownJob.body.code).toBe('FAILED_JOB_NOT_FOUND');
      const filter = await qs.agent
        .get('/api/operations/instances')
        .query({ startedFrom: '2026-02-30' })
        .expect(400);
      expect(JSON.stringify(filter.body.message)).toContain('startedFrom');
      await qs.agent.get('/api/operations/instances').query({ version: 'zwei' }).expect(400);
      // without the CSRF token nothing happens
      await qs.agent.post('/api/operations/incidents/2251799813999998/retry').send({}).expect(403);
    });
  });
});
