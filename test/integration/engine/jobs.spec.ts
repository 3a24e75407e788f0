import type { ClientReadableStream } from '@grpc/grpc-js';
import {
  CLIENTS,
  activateN,
  activateNow,
  activateOne,
  bpmn,
  chain,
  deploy,
  expectGrpcError,
  expectZeebeKey,
  oneTaskProcess,
  serviceTask,
  sleep,
  uid,
  useTestEngine,
  waitFor,
  waitForIncident,
  waitForInstanceState,
  type Job,
} from '../../utils/engine';

jest.setTimeout(30_000);

/**
 * Jobs: ActivateJobs (fields, fetchVariable, long polling), StreamActivatedJobs, CompleteJob, FailJob
 * (retries, back-off, incident), UpdateJobRetries, UpdateJobTimeout, activation timeout, real workers.
 */
const t = useTestEngine();

describe.each(CLIENTS)('jobs (%s)', (client) => {
  const api = () => t.apis[client];

  it('hands out a job with all ActivatedJob fields', async () => {
    const pid = uid('job_fields');
    const type = uid('svc');
    const d = await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="the_task">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="${type}" retries="5" />
        <zeebe:taskHeaders>
          <zeebe:header key="endpoint" value="https://example.org/api" />
          <zeebe:header key="mode" value="strict" />
        </zeebe:taskHeaders>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:endEvent id="end" />
    ${chain('start', 'the_task', 'end')}`,
      ),
    );
    const inst = await api().createProcessInstance({
      bpmnProcessId: pid,
      variables: { caseId: 'C-1', amount: 12.5, flags: { urgent: true } },
    });
    const before = (await t.engine.clock.now()).getTime();
    const job = await activateOne(api(), type, { worker: 'worker-A', timeout: 45_000 });
    expectZeebeKey(job.key);
    expectZeebeKey(job.elementInstanceKey);
    expect(job).toMatchObject<Partial<Job>>({
      type,
      processInstanceKey: inst.processInstanceKey,
      bpmnProcessId: pid,
      processDefinitionVersion: 1,
      processDefinitionKey: d.processes[0].processDefinitionKey,
      elementId: 'the_task',
      worker: 'worker-A',
      retries: 5,
      tenantId: '<default>',
    });
    expect(job.customHeaders).toEqual({ endpoint: 'https://example.org/api', mode: 'strict' });
    expect(job.variables).toEqual({ caseId: 'C-1', amount: 12.5, flags: { urgent: true } });
    expect(job.deadline).toBeGreaterThanOrEqual(before + 45_000 - 2_000);
    expect(job.deadline).toBeLessThanOrEqual(before + 45_000 + 10_000);
    await api().completeJob(job.key);
  });

  it('returns only the fetched variables when fetchVariable is given', async () => {
    const pid = uid('job_fetch');
    const type = uid('svc');
    await deploy(api(), oneTaskProcess(pid, type));
    await api().createProcessInstance({ bpmnProcessId: pid, variables: { a: 1, b: 2, c: 3 } });
    const job = await activateOne(api(), type, { fetchVariable: ['a', 'c', 'notThere'] });
    expect(job.variables).toEqual({ a: 1, c: 3 });
  });

  it('defaults retries to 3 and evaluates FEEL job type and retries', async () => {
    const pid = uid('job_feel');
    const kind = uid('kind');
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="feel_task">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="=&quot;svc-&quot; + kind" retries="=tries + 1" />
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    ${serviceTask('plain_task', `${kind}-plain`)}
    <bpmn:endEvent id="end" />
    ${chain('start', 'feel_task', 'plain_task', 'end')}`,
      ),
    );
    const inst = await api().createProcessInstance({ bpmnProcessId: pid, variables: { kind, tries: 6 } });
    const job = await activateOne(api(), `svc-${kind}`);
    expect(job.processInstanceKey).toBe(inst.processInstanceKey);
    expect(job.retries).toBe(7);
    await api().completeJob(job.key);
    const plain = await activateOne(api(), `${kind}-plain`);
    expect(plain.retries).toBe(3);
  });

  it('CompleteJob merges the variables and continues; unknown or completed key gets NOT_FOUND', async () => {
    const pid = uid('job_complete');
    const type = uid('svc');
    await deploy(api(), oneTaskProcess(pid, type));
    const pending = api().createProcessInstanceWithResult({
      bpmnProcessId: pid,
      variables: { a: 1 },
      requestTimeout: 20_000,
    });
    const job = await activateOne(api(), type);
    await api().completeJob(job.key, { a: 2, result: 'ok' });
    expect((await pending).variables).toEqual({ a: 2, result: 'ok' });
    await expectGrpcError(api().completeJob(job.key), 'NOT_FOUND');
    await expectGrpcError(api().completeJob('2251799813999998'), 'NOT_FOUND');
  });

  it('refuses CompleteJob variables that are not a JSON object', async () => {
    const pid = uid('job_bad_vars');
    const type = uid('svc');
    await deploy(api(), oneTaskProcess(pid, type));
    await api().createProcessInstance({ bpmnProcessId: pid });
    const job = await activateOne(api(), type);
    await expectGrpcError(
      api().rawUnary('completeJob', { jobKey: job.key, variables: '[1]' }),
      'INVALID_ARGUMENT',
    );
    await api().completeJob(job.key, {});
  });

  it('refuses wrong arguments with INVALID_ARGUMENT naming them, changing nothing', async () => {
    const pid = uid('job_bad_args');
    const type = uid('svc');
    await deploy(api(), oneTaskProcess(pid, type));
    await api().createProcessInstance({ bpmnProcessId: pid });
    const job = await activateOne(api(), type);
    await expectGrpcError(
      api().rawUnary('updateJobRetries', { jobKey: job.key, retries: 0 }),
      'INVALID_ARGUMENT',
      /retries to be greater than zero/,
    );
    await expectGrpcError(
      api().rawUnary('throwError', { jobKey: job.key, errorCode: '' }),
      'INVALID_ARGUMENT',
      /non-empty 'errorCode'/,
    );
    await expectGrpcError(
      api().rawUnary('publishMessage', { name: '', correlationKey: 'x' }),
      'INVALID_ARGUMENT',
      /non-empty 'name'/,
    );
    // the job is untouched: it still completes
    await api().completeJob(job.key, {});
  });

  it('hands out at most maxJobsToActivate jobs per call', async () => {
    const pid = uid('job_max');
    const type = uid('svc');
    await deploy(api(), oneTaskProcess(pid, type));
    for (let i = 0; i < 3; i++) await api().createProcessInstance({ bpmnProcessId: pid });
    const first = await waitFor(async () => {
      const jobs = await api().activateJobs({ type, maxJobsToActivate: 2, requestTimeout: 1000 });
      return jobs.length === 2 ? jobs : undefined;
    });
    expect(first).toHaveLength(2);
    const rest = await activateN(api(), type, 1);
    expect(rest).toHaveLength(1);
    expect(new Set([...first, ...rest].map((j) => j.key)).size).toBe(3);
    expect(await activateNow(api(), type)).toEqual([]);
  });

  it('FailJob with retries and back-off: not activatable before the back-off, activatable after', async () => {
    const pid = uid('job_backoff');
    const type = uid('svc');
    await deploy(api(), oneTaskProcess(pid, type));
    const pending = api().createProcessInstanceWithResult({ bpmnProcessId: pid, requestTimeout: 25_000 });
    const job = await activateOne(api(), type);
    expect(job.retries).toBe(3);
    const failedAt = Date.now();
    await api().failJob({
      jobKey: job.key,
      retries: 2,
      errorMessage: 'downstream unavailable',
      retryBackOff: 2_500,
      variables: { attempt: 1 },
    });
    expect(await activateNow(api(), type)).toEqual([]);
    await sleep(1_000);
    expect(await activateNow(api(), type)).toEqual([]);
    const again = await activateOne(api(), type, { timeoutMs: 10_000 });
    expect(Date.now() - failedAt).toBeGreaterThanOrEqual(2_000);
    expect(again.key).toBe(job.key);
    expect(again.retries).toBe(2);
    // FailJob variables are local to the task: the job sees them, the process does not keep them
    expect(again.variables).toMatchObject({ attempt: 1 });
    await api().completeJob(again.key, { done: true });
    const res = await pending;
    expect(res.variables).toEqual({ done: true });
  });

  it('FailJob with retries 0 raises an incident; UpdateJobRetries + ResolveIncident continues', async () => {
    const pid = uid('job_incident');
    const type = uid('svc');
    await deploy(api(), oneTaskProcess(pid, type));
    const inst = await api().createProcessInstance({ bpmnProcessId: pid });
    const job = await activateOne(api(), type);
    await api().failJob({ jobKey: job.key, retries: 0, errorMessage: 'permanent failure' });

    const incident = await waitForIncident(t.engine, inst.processInstanceKey);
    expectZeebeKey(incident.key);
    expect(incident.type).toBe('JOB_NO_RETRIES');
    expect(incident.elementId).toBe('task');
    expect(incident.jobKey).toBe(job.key);
    expect(incident.message).toContain('permanent failure');
    expect(await activateNow(api(), type)).toEqual([]);
    expect((await t.engine.inspect.instance(inst.processInstanceKey))?.state).toBe('ACTIVE');

    await api().updateJobRetries(job.key, 2);
    await api().resolveIncident(incident.key);
    const again = await activateOne(api(), type);
    expect(again.key).toBe(job.key);
    expect(again.retries).toBe(2);
    await api().completeJob(again.key);
    await waitForInstanceState(t.engine, inst.processInstanceKey, 'COMPLETED');
    expect(await t.engine.inspect.incidents(inst.processInstanceKey)).toEqual([]);
    await expectGrpcError(api().resolveIncident(incident.key), 'NOT_FOUND');
  });

  it('UpdateJobRetries, ResolveIncident, FailJob and ThrowError of unknown keys get NOT_FOUND', async () => {
    await expectGrpcError(api().updateJobRetries('2251799813999997', 3), 'NOT_FOUND');
    await expectGrpcError(api().resolveIncident('2251799813999996'), 'NOT_FOUND');
    await expectGrpcError(api().failJob({ jobKey: '2251799813999995', retries: 1 }), 'NOT_FOUND');
    await expectGrpcError(api().throwError({ jobKey: '2251799813999994', errorCode: 'X' }), 'NOT_FOUND');
  });

  it('makes a job activatable again after its deadline, without decrementing retries', async () => {
    const pid = uid('job_timeout');
    const type = uid('svc');
    await deploy(api(), oneTaskProcess(pid, type));
    const inst = await api().createProcessInstance({ bpmnProcessId: pid });
    const first = await activateOne(api(), type, { timeout: 1_000, worker: 'slow' });
    expect(await activateNow(api(), type)).toEqual([]);
    const second = await activateOne(api(), type, { worker: 'fast', timeoutMs: 15_000 });
    expect(second.key).toBe(first.key);
    expect(second.retries).toBe(first.retries);
    expect(second.worker).toBe('fast');
    await api().completeJob(second.key);
    await waitForInstanceState(t.engine, inst.processInstanceKey, 'COMPLETED');
  });

  it('UpdateJobTimeout shortens and lengthens the activation deadline', async () => {
    // zeebe-node 8.3 has no UpdateJobTimeout; its adapter sends this one RPC through the SDK client
    const pid = uid('job_update_timeout');
    const type = uid('svc');
    await deploy(api(), oneTaskProcess(pid, type));
    await api().createProcessInstance({ bpmnProcessId: pid });

    const job = await activateOne(api(), type, { timeout: 60_000 });
    await api().updateJobTimeout(job.key, 500);
    const back = await activateOne(api(), type, { timeout: 1_500, timeoutMs: 15_000 });
    expect(back.key).toBe(job.key);

    await api().updateJobTimeout(back.key, 60_000);
    await sleep(2_500);
    expect(await activateNow(api(), type)).toEqual([]);
    await api().completeJob(back.key);
    await expectGrpcError(api().updateJobTimeout(back.key, 1_000), 'NOT_FOUND');
  });

  it('long polling: a job created while ActivateJobs waits is returned to that call', async () => {
    const pid = uid('job_longpoll');
    const type = uid('svc');
    await deploy(api(), oneTaskProcess(pid, type));
    const started = Date.now();
    const waiting = api().activateJobs({ type, maxJobsToActivate: 1, requestTimeout: 8_000 });
    await sleep(500);
    const inst = await api().createProcessInstance({ bpmnProcessId: pid });
    const jobs = await waiting;
    expect(jobs).toHaveLength(1);
    expect(jobs[0].processInstanceKey).toBe(inst.processInstanceKey);
    expect(Date.now() - started).toBeLessThan(6_000);
  });

  it('long polling: ends empty after requestTimeout when no job arrives', async () => {
    const started = Date.now();
    const jobs = await api().activateJobs({
      type: uid('nobody'),
      maxJobsToActivate: 5,
      requestTimeout: 1_200,
    });
    const elapsed = Date.now() - started;
    expect(jobs).toEqual([]);
    expect(elapsed).toBeGreaterThanOrEqual(1_000);
    expect(elapsed).toBeLessThan(5_000);
  });

  it('a real job worker of the client completes jobs end to end', async () => {
    const pid = uid('job_worker');
    const type = uid('svc');
    await deploy(api(), oneTaskProcess(pid, type));
    const handler = (job: { variables: Record<string, unknown>; complete: (v: object) => unknown }) =>
      job.complete({ doubled: Number(job.variables.n) * 2 });
    const worker =
      client === 'sdk'
        ? t.sdk.createWorker({
            taskType: type,
            taskHandler: handler as never,
            pollInterval: 100,
            longPoll: 2_000,
            // at-least-once: a response lost with a call the client gave up on comes back after this
            timeout: 5_000,
          })
        : t.zbc.createWorker({
            taskType: type,
            taskHandler: handler as never,
            pollInterval: 100,
            longPoll: 2_000,
            // at-least-once: a response lost with a call the client gave up on comes back after this
            timeout: 5_000,
          });
    try {
      const results = await Promise.all(
        [1, 2, 3].map((n) =>
          api().createProcessInstanceWithResult({
            bpmnProcessId: pid,
            variables: { n },
            requestTimeout: 20_000,
          }),
        ),
      );
      expect(results.map((r) => r.variables.doubled)).toEqual([2, 4, 6]);
    } finally {
      await worker.close();
    }
  });
});

describe('StreamActivatedJobs (sdk; zeebe-node 8.3 has no job streaming)', () => {
  it('pushes each new job of the type to an open stream', async () => {
    const pid = uid('job_stream_raw');
    const type = uid('svc');
    await deploy(t.apis.sdk, oneTaskProcess(pid, type));
    const grpc = (await (t.sdk as unknown as { grpc: Promise<Record<string, (r: unknown) => unknown>> })
      .grpc) as Record<string, (r: unknown) => unknown>;
    const stream = (await grpc.streamActivatedJobsStream({
      type,
      worker: 'streamer',
      timeout: 30_000,
      fetchVariable: [],
      tenantIds: [],
    })) as ClientReadableStream<{ key: string; processInstanceKey: string; type: string; variables: string }>;
    const pushed: Array<{ key: string; processInstanceKey: string; type: string; variables: string }> = [];
    stream.on('data', (job) => pushed.push(job));
    stream.on('error', () => undefined);
    try {
      await sleep(500); // let the stream register
      const a = await t.apis.sdk.createProcessInstance({ bpmnProcessId: pid, variables: { i: 1 } });
      const b = await t.apis.sdk.createProcessInstance({ bpmnProcessId: pid, variables: { i: 2 } });
      await waitFor(() => pushed.length >= 2, 10_000, 50, 'two pushed jobs');
      expect(pushed.map((j) => j.processInstanceKey).sort()).toEqual(
        [a.processInstanceKey, b.processInstanceKey].sort(),
      );
      expect(pushed.every((j) => j.type === type)).toBe(true);
      expect(pushed.map((j) => JSON.parse(j.variables).i).sort()).toEqual([1, 2]);
      // pushed jobs are activated: nobody else gets them
      expect(await activateNow(t.apis.sdk, type)).toEqual([]);
      for (const j of pushed) await t.apis.sdk.completeJob(j.key);
    } finally {
      stream.cancel();
    }
  });

  it('the SDK streamJobs worker completes jobs created after it opened', async () => {
    const pid = uid('job_stream_worker');
    const type = uid('svc');
    await deploy(t.apis.sdk, oneTaskProcess(pid, type));
    const seen: string[] = [];
    const worker = await t.sdk.streamJobs({
      type,
      worker: 'stream-worker',
      tenantIds: [],
      timeout: 30_000,
      pollInterval: 0, // no sidecar polling: only the stream may deliver
      taskHandler: (job) => {
        seen.push(job.key);
        return job.complete({ streamed: true });
      },
    });
    try {
      await sleep(500);
      const res = await t.apis.sdk.createProcessInstanceWithResult({
        bpmnProcessId: pid,
        requestTimeout: 15_000,
      });
      expect(res.variables).toEqual({ streamed: true });
      expect(seen).toHaveLength(1);
    } finally {
      worker.close();
    }
  });
});
