import {
  CLIENTS,
  activateNow,
  activateOne,
  bpmn,
  chain,
  deploy,
  expectGrpcError,
  oneTaskProcess,
  serviceTask,
  uid,
  useTestEngine,
  waitForIncident,
  waitForInstanceState,
} from '../../utils/engine';

jest.setTimeout(30_000);

/** Embedded subprocesses (variable scopes) and call activities. */
const t = useTestEngine();

describe.each(CLIENTS)('embedded subprocess and call activity (%s)', (client) => {
  const api = () => t.apis[client];

  function subprocessModel(pid: string, type: string, subOutputs = '') {
    return bpmn(
      pid,
      `    <bpmn:startEvent id="start" />
    <bpmn:subProcess id="sub">
      <bpmn:extensionElements>
        <zeebe:ioMapping>
          <zeebe:input source="=base * 10" target="local" />
          ${subOutputs}
        </zeebe:ioMapping>
      </bpmn:extensionElements>
      <bpmn:startEvent id="sub_start" />
      ${serviceTask('inner', type)}
      <bpmn:endEvent id="sub_end" />
      ${chain('sub_start', 'inner', 'sub_end')}
    </bpmn:subProcess>
    <bpmn:endEvent id="end" />
    ${chain('start', 'sub', 'end')}`,
    );
  }

  it('subprocess locals are visible inside, not propagated out without output mappings', async () => {
    const pid = uid('sub_scope');
    const type = uid('inner');
    await deploy(api(), subprocessModel(pid, type));
    const pending = api().createProcessInstanceWithResult({
      bpmnProcessId: pid,
      variables: { base: 2 },
      requestTimeout: 20_000,
    });
    const job = await activateOne(api(), type);
    expect(job.elementId).toBe('inner');
    expect(job.variables).toEqual({ base: 2, local: 20 });
    // `local` exists in the subprocess scope → updated there; `fresh` exists nowhere → root
    await api().completeJob(job.key, { local: 21, fresh: 'new' });
    expect((await pending).variables).toEqual({ base: 2, fresh: 'new' });
  });

  it('subprocess output mappings propagate only the mapped targets', async () => {
    const pid = uid('sub_out');
    const type = uid('inner');
    await deploy(api(), subprocessModel(pid, type, '<zeebe:output source="=local + 1" target="fromSub" />'));
    const pending = api().createProcessInstanceWithResult({
      bpmnProcessId: pid,
      variables: { base: 1 },
      requestTimeout: 20_000,
    });
    const job = await activateOne(api(), type);
    await api().completeJob(job.key, { local: 100 });
    expect((await pending).variables).toEqual({ base: 1, fromSub: 101 });
  });

  it('call activity starts the latest version of the child and propagates variables both ways', async () => {
    const child = uid('child');
    const parent = uid('parent');
    const v1Type = uid('child_v1');
    const v2Type = uid('child_v2');
    await deploy(api(), oneTaskProcess(child, v1Type));
    await deploy(api(), oneTaskProcess(child, v2Type));
    await deploy(
      api(),
      bpmn(
        parent,
        `    <bpmn:startEvent id="start" />
    <bpmn:callActivity id="call">
      <bpmn:extensionElements><zeebe:calledElement processId="${child}" /></bpmn:extensionElements>
    </bpmn:callActivity>
    <bpmn:endEvent id="end" />
    ${chain('start', 'call', 'end')}`,
      ),
    );
    const pending = api().createProcessInstanceWithResult({
      bpmnProcessId: parent,
      variables: { fromParent: 'p' },
      requestTimeout: 20_000,
    });
    const job = await activateOne(api(), v2Type);
    expect(job.bpmnProcessId).toBe(child);
    expect(job.processDefinitionVersion).toBe(2);
    expect(job.variables).toEqual({ fromParent: 'p' });
    expect(await activateNow(api(), v1Type)).toEqual([]);
    const res = await (async () => {
      await api().completeJob(job.key, { childResult: 42 });
      return pending;
    })();
    expect(job.processInstanceKey).not.toBe(res.processInstanceKey);
    expect(res.variables).toEqual({ fromParent: 'p', childResult: 42 });
  });

  it('call activity with a FEEL process id, input and output mappings, no propagation of all child variables', async () => {
    const child = uid('child_map');
    const parent = uid('parent_map');
    const type = uid('child_task');
    await deploy(api(), oneTaskProcess(child, type));
    await deploy(
      api(),
      bpmn(
        parent,
        `    <bpmn:startEvent id="start" />
    <bpmn:callActivity id="call">
      <bpmn:extensionElements>
        <zeebe:calledElement processId="=childId" propagateAllChildVariables="false" />
        <zeebe:ioMapping>
          <zeebe:input source="=amount * 2" target="doubled" />
          <zeebe:output source="=childResult" target="result" />
        </zeebe:ioMapping>
      </bpmn:extensionElements>
    </bpmn:callActivity>
    <bpmn:endEvent id="end" />
    ${chain('start', 'call', 'end')}`,
      ),
    );
    const pending = api().createProcessInstanceWithResult({
      bpmnProcessId: parent,
      variables: { childId: child, amount: 5 },
      requestTimeout: 20_000,
    });
    const job = await activateOne(api(), type);
    // all variables visible at the call activity are copied in, its input-mapped locals included
    expect(job.variables).toEqual({ childId: child, amount: 5, doubled: 10 });
    await api().completeJob(job.key, { childResult: 'ok', noise: true });
    expect((await pending).variables).toEqual({ childId: child, amount: 5, result: 'ok' });
  });

  it('an error thrown in the child is caught by a boundary on the call activity', async () => {
    const child = uid('child_err');
    const parent = uid('parent_err');
    const type = uid('child_task');
    const handle = uid('handle');
    await deploy(api(), oneTaskProcess(child, type));
    await deploy(
      api(),
      bpmn(
        parent,
        `    <bpmn:startEvent id="start" />
    <bpmn:callActivity id="call">
      <bpmn:extensionElements><zeebe:calledElement processId="${child}" /></bpmn:extensionElements>
    </bpmn:callActivity>
    <bpmn:boundaryEvent id="on_err" attachedToRef="call">
      <bpmn:errorEventDefinition errorRef="e" />
    </bpmn:boundaryEvent>
    ${serviceTask('handle', handle)}
    <bpmn:endEvent id="end" />
    <bpmn:endEvent id="end_err" />
    ${chain('start', 'call', 'end')}
    ${chain('on_err', 'handle', 'end_err')}`,
        `<bpmn:error id="e" errorCode="CHILD_FAILED" />`,
      ),
    );
    const parentInst = await api().createProcessInstance({ bpmnProcessId: parent });
    const job = await activateOne(api(), type);
    expect(job.processInstanceKey).not.toBe(parentInst.processInstanceKey);
    await api().throwError({ jobKey: job.key, errorCode: 'CHILD_FAILED' });
    const handler = await activateOne(api(), handle);
    expect(handler.processInstanceKey).toBe(parentInst.processInstanceKey);
    await waitForInstanceState(t.engine, job.processInstanceKey, 'TERMINATED');
  });

  it('cancelling the parent cancels the child instance and its jobs', async () => {
    const child = uid('child_cancel');
    const parent = uid('parent_cancel');
    const type = uid('child_task');
    await deploy(api(), oneTaskProcess(child, type));
    await deploy(
      api(),
      bpmn(
        parent,
        `    <bpmn:startEvent id="start" />
    <bpmn:callActivity id="call">
      <bpmn:extensionElements><zeebe:calledElement processId="${child}" /></bpmn:extensionElements>
    </bpmn:callActivity>
    <bpmn:endEvent id="end" />
    ${chain('start', 'call', 'end')}`,
      ),
    );
    const parentInst = await api().createProcessInstance({ bpmnProcessId: parent });
    const job = await activateOne(api(), type);
    await api().cancelProcessInstance(parentInst.processInstanceKey);
    await expectGrpcError(api().completeJob(job.key), 'NOT_FOUND');
    await waitForInstanceState(t.engine, job.processInstanceKey, 'TERMINATED');
  });

  it('a call activity whose process is not deployed raises an incident', async () => {
    const parent = uid('parent_missing');
    const missing = uid('not_deployed');
    await deploy(
      api(),
      bpmn(
        parent,
        `    <bpmn:startEvent id="start" />
    <bpmn:callActivity id="call">
      <bpmn:extensionElements><zeebe:calledElement processId="${missing}" /></bpmn:extensionElements>
    </bpmn:callActivity>
    <bpmn:endEvent id="end" />
    ${chain('start', 'call', 'end')}`,
      ),
    );
    const inst = await api().createProcessInstance({ bpmnProcessId: parent });
    const incident = await waitForIncident(t.engine, inst.processInstanceKey);
    expect(incident.type).toBe('CALLED_ELEMENT_ERROR');
    expect(incident.elementId).toBe('call');
    // deploy the child, resolve: the call goes ahead
    const type = uid('late_child');
    await deploy(api(), oneTaskProcess(missing, type));
    await api().resolveIncident(incident.key);
    const job = await activateOne(api(), type);
    await api().completeJob(job.key);
    await waitForInstanceState(t.engine, inst.processInstanceKey, 'COMPLETED');
  });
});
