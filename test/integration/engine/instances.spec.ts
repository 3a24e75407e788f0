import {
  CLIENTS,
  activateNow,
  activateOne,
  bpmn,
  chain,
  deploy,
  expectGrpcError,
  expectZeebeKey,
  oneTaskProcess,
  serviceTask,
  uid,
  useTestEngine,
  waitForInstanceState,
} from '../../utils/engine';

jest.setTimeout(30_000);

/** CreateProcessInstance(WithResult), none start/end events, CancelProcessInstance, bad variables. */
const t = useTestEngine();

describe.each(CLIENTS)('process instances (%s)', (client) => {
  const api = () => t.apis[client];

  it('runs start → end (none events) and returns the final variables', async () => {
    const pid = uid('inst_none');
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />\n    <bpmn:endEvent id="end" />\n    ${chain('start', 'end')}`,
      ),
    );
    const res = await api().createProcessInstanceWithResult({
      bpmnProcessId: pid,
      variables: { name: 'Amira', nested: { n: 2, list: [1, 'x', null] } },
    });
    expectZeebeKey(res.processInstanceKey);
    expect(res.bpmnProcessId).toBe(pid);
    expect(res.version).toBe(1);
    expect(res.variables).toEqual({ name: 'Amira', nested: { n: 2, list: [1, 'x', null] } });
    const inst = await t.engine.inspect.instance(res.processInstanceKey);
    expect(inst?.state).toBe('COMPLETED');
  });

  it('creates an instance of the latest version by id, or of an explicit version', async () => {
    const pid = uid('inst_versions');
    const typeV1 = uid('v1');
    const typeV2 = uid('v2');
    const d1 = await deploy(api(), oneTaskProcess(pid, typeV1));
    const d2 = await deploy(api(), oneTaskProcess(pid, typeV2));

    const latest = await api().createProcessInstance({ bpmnProcessId: pid });
    expectZeebeKey(latest.processInstanceKey);
    expect(latest.version).toBe(2);
    expect(latest.bpmnProcessId).toBe(pid);
    expect(latest.processDefinitionKey).toBe(d2.processes[0].processDefinitionKey);
    const jobV2 = await activateOne(api(), typeV2);
    expect(jobV2.processInstanceKey).toBe(latest.processInstanceKey);
    expect(jobV2.processDefinitionVersion).toBe(2);

    const explicit = await api().createProcessInstance({ bpmnProcessId: pid, version: 1 });
    expect(explicit.version).toBe(1);
    expect(explicit.processDefinitionKey).toBe(d1.processes[0].processDefinitionKey);
    const jobV1 = await activateOne(api(), typeV1);
    expect(jobV1.processInstanceKey).toBe(explicit.processInstanceKey);
    expect(jobV1.processDefinitionVersion).toBe(1);
    expect(jobV1.processDefinitionKey).toBe(d1.processes[0].processDefinitionKey);
  });

  it('answers NOT_FOUND for an unknown process id or version', async () => {
    await expectGrpcError(api().createProcessInstance({ bpmnProcessId: uid('never_deployed') }), 'NOT_FOUND');
    await expectGrpcError(
      api().createProcessInstanceWithResult({ bpmnProcessId: uid('never_deployed') }),
      'NOT_FOUND',
    );
    const pid = uid('inst_one_version');
    await deploy(api(), oneTaskProcess(pid, uid('t')));
    await expectGrpcError(api().createProcessInstance({ bpmnProcessId: pid, version: 7 }), 'NOT_FOUND');
  });

  it('refuses variables that are not a JSON object with INVALID_ARGUMENT', async () => {
    const pid = uid('inst_bad_vars');
    await deploy(api(), oneTaskProcess(pid, uid('t')));
    for (const variables of ['[1,2]', '"text"', '42', '{not json']) {
      await expectGrpcError(
        api().rawUnary('createProcessInstance', { bpmnProcessId: pid, version: -1, variables }),
        'INVALID_ARGUMENT',
      );
    }
    // an empty string means "no variables", as in Zeebe
    const ok = (await api().rawUnary('createProcessInstance', {
      bpmnProcessId: pid,
      version: -1,
      variables: '',
    })) as { processInstanceKey: string };
    expectZeebeKey(ok.processInstanceKey);
  });

  it('CreateProcessInstanceWithResult returns the final variables, only the fetched ones if asked', async () => {
    const pid = uid('inst_result');
    const type = uid('t');
    await deploy(api(), oneTaskProcess(pid, type));
    const pending = api().createProcessInstanceWithResult({
      bpmnProcessId: pid,
      variables: { a: 1, b: 'two' },
      fetchVariables: ['a', 'fromWorker'],
      requestTimeout: 20_000,
    });
    const job = await activateOne(api(), type);
    await api().completeJob(job.key, { fromWorker: true, extra: 'x' });
    const res = await pending;
    expect(res.processInstanceKey).toBe(job.processInstanceKey);
    expect(res.variables).toEqual({ a: 1, fromWorker: true });

    const full = api().createProcessInstanceWithResult({
      bpmnProcessId: pid,
      variables: { a: 2 },
      requestTimeout: 20_000,
    });
    const job2 = await activateOne(api(), type);
    await api().completeJob(job2.key, { c: [1, 2] });
    expect((await full).variables).toEqual({ a: 2, c: [1, 2] });
  });

  it('CreateProcessInstanceWithResult times out with DEADLINE_EXCEEDED while the instance waits', async () => {
    const pid = uid('inst_result_timeout');
    await deploy(api(), oneTaskProcess(pid, uid('t')));
    const started = Date.now();
    await expectGrpcError(
      api().createProcessInstanceWithResult({ bpmnProcessId: pid, requestTimeout: 1500 }),
      'DEADLINE_EXCEEDED',
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('CancelProcessInstance removes its jobs; a second cancel gets NOT_FOUND', async () => {
    const pid = uid('inst_cancel');
    const type = uid('t');
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    <bpmn:parallelGateway id="fork" />
    ${serviceTask('a', type)}
    ${serviceTask('b', type)}
    <bpmn:endEvent id="endA" />
    <bpmn:endEvent id="endB" />
    ${chain('start', 'fork', 'a', 'endA')}
    ${chain('fork', 'b', 'endB')}`,
      ),
    );
    const inst = await api().createProcessInstance({ bpmnProcessId: pid });
    const activated = await activateOne(api(), type);
    await api().cancelProcessInstance(inst.processInstanceKey);

    await expectGrpcError(api().completeJob(activated.key), 'NOT_FOUND');
    expect(await activateNow(api(), type)).toEqual([]);
    await expectGrpcError(api().cancelProcessInstance(inst.processInstanceKey), 'NOT_FOUND');
    await waitForInstanceState(t.engine, inst.processInstanceKey, 'TERMINATED');
  });

  it('CancelProcessInstance of an unknown key gets NOT_FOUND', async () => {
    await expectGrpcError(api().cancelProcessInstance('2251799813999999'), 'NOT_FOUND');
  });
});

describe('start instructions and tenants (sdk)', () => {
  it('starts at the elements named in the start instructions instead of the none start event', async () => {
    const pid = uid('inst_start_at');
    const first = uid('first');
    const later = uid('later');
    await deploy(
      t.apis.sdk,
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    ${serviceTask('a', first)}
    ${serviceTask('b', later)}
    <bpmn:endEvent id="end" />
    ${chain('start', 'a', 'b', 'end')}`,
      ),
    );
    const created = await t.sdk.createProcessInstance({
      bpmnProcessId: pid,
      variables: { x: 1 },
      startInstructions: [{ elementId: 'b' }],
    });
    const job = await activateOne(t.apis.sdk, later);
    expect(job.processInstanceKey).toBe(created.processInstanceKey);
    expect(job.variables).toEqual({ x: 1 });
    // the task before it was skipped
    expect(await activateNow(t.apis.sdk, first)).toEqual([]);
  });

  it('refuses start instructions naming an unknown element, creating nothing', async () => {
    const pid = uid('inst_start_bad');
    await deploy(t.apis.sdk, oneTaskProcess(pid, uid('work')));
    await expectGrpcError(
      t.sdk.createProcessInstance({
        bpmnProcessId: pid,
        variables: {},
        startInstructions: [{ elementId: 'nope' }],
      }),
      'INVALID_ARGUMENT',
      /no element found with id 'nope'/,
    );
  });

  it('refuses a tenant other than <default>: multi-tenancy is disabled', async () => {
    const pid = uid('inst_tenant');
    await deploy(t.apis.sdk, oneTaskProcess(pid, uid('work')));
    await expectGrpcError(
      t.sdk.createProcessInstance({ bpmnProcessId: pid, variables: {}, tenantId: 'kreis-a' }),
      'INVALID_ARGUMENT',
      /tenant identifier 'kreis-a', but multi-tenancy is disabled/,
    );
  });
});
