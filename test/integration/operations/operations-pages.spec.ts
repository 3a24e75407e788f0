/**
 * The operations pages (/betrieb, /betrieb/instanzen/:key) as plain form posts: retry and cancel with
 * the CSRF token, the confirmation step before a cancel, German pages for refusals, no access and bad
 * input.
 */
import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '../../../src/engine/zeebe.types';
import { ZeebeService } from '../../../src/engine/zeebe.service';
import { createUser } from '../../factories/user.factory';
import { signedIn, type SignedInAgent } from '../../utils/agents';
import { useScenarioApp } from '../../utils/scenario';
import { PROBE_JOB_TYPE, PROBE_PROCESS_ID, PROBE_TASK_NAME, probeModel } from './probe-models';

jest.setTimeout(180_000);

describe('operations pages', () => {
  const s = useScenarioApp();
  let qs: SignedInAgent;
  let worker: { close(timeout?: number): Promise<unknown> } | undefined;
  let broken = true;

  async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const v = await read();
      if (ok(v)) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const incidentKeyOf = async (key: string): Promise<string> => {
    const list = await until(
      'the incident',
      async () =>
        (
          (await qs.agent.get('/api/operations/incidents').expect(200)).body as {
            incidentKey: string;
            processInstanceKey: string;
          }[]
        ).filter((i) => i.processInstanceKey === key),
      (l) => l.length === 1,
    );
    return list[0].incidentKey;
  };

  beforeAll(async () => {
    await createUser(s.app, { username: 'qs.seiten', roles: ['quality'], units: [] });
    qs = await signedIn(s.app, 'qs.seiten');
    await s.zeebe.deployResources([{ name: `${PROBE_PROCESS_ID}.bpmn`, content: probeModel() }]);
    // an outside worker of the probe's job type (the pages do not care which worker failed the job)
    worker = s.app.get(ZeebeService).client.createWorker({
      taskType: PROBE_JOB_TYPE,
      timeout: 30_000,
      taskHandler: (job): Promise<JOB_ACTION_ACKNOWLEDGEMENT> =>
        broken
          ? (job as ZeebeJob).fail({ errorMessage: 'Schnittstelle antwortet nicht', retries: 0 })
          : (job as ZeebeJob).complete(),
    });
  });

  afterAll(async () => {
    await worker?.close(5000);
  });

  it('lists the incident and retries it through the form; a second try shows the German refusal', async () => {
    broken = true;
    const key = (
      await s.zeebe.createProcessInstance({ bpmnProcessId: PROBE_PROCESS_ID, variables: { caseId: 'P-1' } })
    ).processInstanceKey;
    const incidentKey = await incidentKeyOf(key);
    const page = await qs.agent.get('/betrieb').expect(200);
    expect(page.text).toContain('Offene Störungen (1)');
    expect(page.text).toContain(PROBE_TASK_NAME);
    expect(page.text).toContain('Schnittstelle antwortet nicht');
    expect(page.text).toContain(`/betrieb/stoerungen/${incidentKey}/erneut-versuchen`);

    // without the CSRF token: nothing happens
    const forged = await qs.agent
      .post(`/betrieb/stoerungen/${incidentKey}/erneut-versuchen`)
      .type('form')
      .send({ retries: '1', zurueck: 'liste' })
      .expect(403);
    expect(forged.text).toContain('Sicherheitsprüfung fehlgeschlagen');
    const badRetries = await qs.agent
      .post(`/betrieb/stoerungen/${incidentKey}/erneut-versuchen`)
      .type('form')
      .send({ _csrf: qs.csrf, retries: '0', zurueck: 'liste' })
      .expect(400);
    expect(badRetries.text).toContain('Wiederholungen');

    broken = false;
    const done = await qs.agent
      .post(`/betrieb/stoerungen/${incidentKey}/erneut-versuchen`)
      .type('form')
      .send({ _csrf: qs.csrf, retries: '1', zurueck: 'instanz' })
      .expect(303);
    expect(done.headers.location).toBe(`/betrieb/instanzen/${key}?erfolg=wiederholt`);
    await s.waitForElement(key, 'warten', 'ELEMENT_ACTIVATED');
    const instance = await qs.agent.get(done.headers.location).expect(200);
    expect(instance.text).toContain('Die Störung wurde erneut versucht');
    expect(instance.text).toContain('Keine offene Störung.');
    expect(instance.text).toContain('Störung erneut versucht');

    const again = await qs.agent
      .post(`/betrieb/stoerungen/${incidentKey}/erneut-versuchen`)
      .type('form')
      .send({ _csrf: qs.csrf, zurueck: 'liste' })
      .expect(404);
    expect(again.text).toContain('bereits behoben');
    expect(again.text).toContain('abgelehnt (NOT_FOUND)');
  });

  it('cancel: reason required, then a confirmation page, then the instance is cancelled', async () => {
    broken = false;
    const key = (
      await s.zeebe.createProcessInstance({ bpmnProcessId: PROBE_PROCESS_ID, variables: { caseId: 'P-2' } })
    ).processInstanceKey;
    await s.waitForElement(key, 'warten', 'ELEMENT_ACTIVATED');
    const page = await qs.agent.get(`/betrieb/instanzen/${key}`).expect(200);
    expect(page.text).toContain('Instanz abbrechen');
    expect(page.text).toContain('Variablenwerte werden hier bewusst nicht angezeigt');

    const empty = await qs.agent
      .post(`/betrieb/instanzen/${key}/abbrechen`)
      .type('form')
      .send({ _csrf: qs.csrf, reason: ' ' })
      .expect(400);
    expect(empty.text).toContain('Grund des Abbruchs');

    const confirm = await qs.agent
      .post(`/betrieb/instanzen/${key}/abbrechen`)
      .type('form')
      .send({ _csrf: qs.csrf, reason: 'Fall zurückgezogen' })
      .expect(200);
    expect(confirm.text).toContain('wirklich abbrechen?');
    expect(confirm.text).toContain('Fall zurückgezogen');
    // nothing cancelled yet
    expect((await qs.agent.get(`/api/operations/instances/${key}`).expect(200)).body.state).toBe('ACTIVE');

    const done = await qs.agent
      .post(`/betrieb/instanzen/${key}/abbrechen`)
      .type('form')
      .send({ _csrf: qs.csrf, reason: 'Fall zurückgezogen', bestaetigt: 'ja' })
      .expect(303);
    expect(done.headers.location).toBe(`/betrieb/instanzen/${key}?erfolg=abgebrochen`);
    const after = await qs.agent.get(done.headers.location).expect(200);
    expect(after.text).toContain('Die Prozessinstanz wurde abgebrochen.');
    expect(after.text).toMatch(/id="instanz-stand">abgebrochen</);
    expect(after.text).not.toContain('Grund des Abbruchs (Pflichtangabe)');

    const twice = await qs.agent
      .post(`/betrieb/instanzen/${key}/abbrechen`)
      .type('form')
      .send({ _csrf: qs.csrf, reason: 'nochmal', bestaetigt: 'ja' })
      .expect(409);
    expect(twice.text).toContain('läuft nicht mehr');
  });

  it('German pages for bad keys, unknown instances and bad filters', async () => {
    const bad = await qs.agent.get('/betrieb/instanzen/abc').expect(400);
    expect(bad.text).toContain('Prozessinstanz');
    const missing = await qs.agent.get('/betrieb/instanzen/2251799813999997').expect(404);
    expect(missing.text).toContain('Nicht gefunden');
    const version = await qs.agent.get('/betrieb').query({ version: 'zwei' }).expect(400);
    expect(version.text).toContain('Version');
    const unknown = await qs.agent.get('/betrieb').query({ foo: '1' }).expect(400);
    expect(unknown.text).toContain('foo: Dieses Feld gibt es im Formular nicht.');
    const filtered = await qs.agent
      .get('/betrieb')
      .query({ prozess: PROBE_PROCESS_ID, version: '1', von: '2099-01-01' })
      .expect(200);
    expect(filtered.text).toContain('Laufende Instanzen (0)');
  });
});
