import {
  CLIENTS,
  activateOne,
  bpmn,
  chain,
  deploy,
  expectGrpcError,
  uid,
  useTestEngine,
  waitForIncident,
} from '../../utils/engine';

jest.setTimeout(30_000);

/** Execution listeners (Zeebe 8.6+): jobs that run before and after an element's behaviour. */
const t = useTestEngine();

function listeners(...items: [string, string][]): string {
  return `<zeebe:executionListeners>${items
    .map(([eventType, type]) => `<zeebe:executionListener eventType="${eventType}" type="${type}" />`)
    .join('')}</zeebe:executionListeners>`;
}

describe.each(CLIENTS)('execution listeners (%s)', (client) => {
  const api = () => t.apis[client];

  it('runs start listeners in order after the input mappings, end listeners after the output mappings', async () => {
    const pid = uid('el_task');
    const [pre1, pre2, work, post] = [uid('pre1'), uid('pre2'), uid('work'), uid('post')];
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="task">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="${work}" />
        <zeebe:ioMapping>
          <zeebe:input source="=caseId" target="localCase" />
          <zeebe:output source="=result" target="taskResult" />
        </zeebe:ioMapping>
        ${listeners(['start', pre1], ['start', pre2], ['end', post])}
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:endEvent id="end" />
    ${chain('start', 'task', 'end')}`,
      ),
    );
    const pending = api().createProcessInstanceWithResult({
      bpmnProcessId: pid,
      variables: { caseId: 'K-7' },
      requestTimeout: 20_000,
    });
    const first = await activateOne(api(), pre1);
    expect(first.elementId).toBe('task');
    expect(first.variables).toEqual({ caseId: 'K-7', localCase: 'K-7' });
    // the task's own job does not exist yet: listeners block
    await api().completeJob(first.key, { checked: 1 });
    const second = await activateOne(api(), pre2);
    expect(second.variables).toMatchObject({ checked: 1 });
    await api().completeJob(second.key, { checked: 2 });
    const job = await activateOne(api(), work);
    // start listener variables are locals of the element: the task's job sees them
    expect(job.variables).toMatchObject({ localCase: 'K-7', checked: 2 });
    await api().completeJob(job.key, { result: 'ok' });
    const end = await activateOne(api(), post);
    expect(end.variables).toMatchObject({ taskResult: 'ok' });
    await api().completeJob(end.key, { audited: true });
    const res = await pending;
    // end listener variables propagate like output mappings; start listener locals do not
    expect(res.variables).toEqual({ caseId: 'K-7', taskResult: 'ok', audited: true });
  });

  it('a failed listener job raises an incident; after new retries only that listener runs again', async () => {
    const pid = uid('el_fail');
    const [pre, work] = [uid('pre'), uid('work')];
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="task">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="${work}" />
        ${listeners(['start', pre])}
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:endEvent id="end" />
    ${chain('start', 'task', 'end')}`,
      ),
    );
    const created = await api().createProcessInstance({ bpmnProcessId: pid, variables: {} });
    const job = await activateOne(api(), pre);
    await api().failJob({ jobKey: job.key, retries: 0, errorMessage: 'Register nicht erreichbar' });
    const incident = await waitForIncident(t.engine, created.processInstanceKey);
    expect(incident.type).toBe('JOB_NO_RETRIES');
    expect(incident.message).toBe('Register nicht erreichbar');
    await api().updateJobRetries(job.key, 1);
    await api().resolveIncident(incident.key);
    const again = await activateOne(api(), pre);
    expect(again.key).toBe(job.key);
    await api().completeJob(again.key, {});
    const task = await activateOne(api(), work);
    expect(task.processInstanceKey).toBe(created.processInstanceKey);
  });
});

describe('execution listener rules (sdk)', () => {
  it('a start listener on a gateway sets the variable its condition reads', async () => {
    const pid = uid('el_gw');
    const [decide, yes, no] = [uid('decide'), uid('yes'), uid('no')];
    await deploy(
      t.apis.sdk,
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    <bpmn:exclusiveGateway id="gw" default="to_no">
      <bpmn:extensionElements>${listeners(['start', decide])}</bpmn:extensionElements>
    </bpmn:exclusiveGateway>
    <bpmn:serviceTask id="a"><bpmn:extensionElements><zeebe:taskDefinition type="${yes}" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:serviceTask id="b"><bpmn:extensionElements><zeebe:taskDefinition type="${no}" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="gw" />
    <bpmn:sequenceFlow id="to_yes" sourceRef="gw" targetRef="a">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=eligible = true</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="to_no" sourceRef="gw" targetRef="b" />`,
      ),
    );
    await t.apis.sdk.createProcessInstance({ bpmnProcessId: pid, variables: {} });
    const listener = await activateOne(t.apis.sdk, decide);
    await t.apis.sdk.completeJob(listener.key, { eligible: true });
    const job = await activateOne(t.apis.sdk, yes);
    expect(job.elementId).toBe('a');
  });

  it('on a multi-instance activity, listeners run before and after each inner instance', async () => {
    const pid = uid('el_mi');
    const [pre, work] = [uid('pre'), uid('work')];
    await deploy(
      t.apis.sdk,
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="per_person">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="${work}" />
        ${listeners(['start', pre])}
      </bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics isSequential="false">
        <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=persons" inputElement="person" /></bpmn:extensionElements>
      </bpmn:multiInstanceLoopCharacteristics>
    </bpmn:serviceTask>
    <bpmn:endEvent id="end" />
    ${chain('start', 'per_person', 'end')}`,
      ),
    );
    await t.apis.sdk.createProcessInstance({ bpmnProcessId: pid, variables: { persons: ['p1', 'p2'] } });
    const a = await activateOne(t.apis.sdk, pre);
    const b = await activateOne(t.apis.sdk, pre);
    expect([a.variables.person, b.variables.person].sort()).toEqual(['p1', 'p2']);
    await t.apis.sdk.completeJob(a.key, {});
    await t.apis.sdk.completeJob(b.key, {});
    const j1 = await activateOne(t.apis.sdk, work);
    const j2 = await activateOne(t.apis.sdk, work);
    expect([j1.variables.person, j2.variables.person].sort()).toEqual(['p1', 'p2']);
  });

  it('refuses ThrowError on a listener job, and listeners on the process itself at deployment', async () => {
    const pid = uid('el_err');
    const pre = uid('pre');
    await deploy(
      t.apis.sdk,
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    <bpmn:task id="task"><bpmn:extensionElements>${listeners(['start', pre])}</bpmn:extensionElements></bpmn:task>
    <bpmn:endEvent id="end" />
    ${chain('start', 'task', 'end')}`,
      ),
    );
    await t.apis.sdk.createProcessInstance({ bpmnProcessId: pid, variables: {} });
    const job = await activateOne(t.apis.sdk, pre);
    await expectGrpcError(
      t.apis.sdk.throwError({ jobKey: job.key, errorCode: 'X' }),
      'FAILED_PRECONDITION',
      /execution listener/,
    );
    const bad = uid('el_proc');
    const xml = bpmn(
      bad,
      `    <bpmn:startEvent id="start" />\n    <bpmn:endEvent id="end" />\n    ${chain('start', 'end')}`,
    ).replace(
      `<bpmn:process id="${bad}" isExecutable="true">`,
      `<bpmn:process id="${bad}" isExecutable="true"><bpmn:extensionElements>${listeners(['start', pre])}</bpmn:extensionElements>`,
    );
    expect(xml).toContain('executionListeners');
    await expectGrpcError(
      deploy(t.apis.sdk, xml),
      'INVALID_ARGUMENT',
      /execution listeners on the process itself/,
    );
  });
});
