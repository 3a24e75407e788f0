import {
  CLIENTS,
  activateOne,
  bpmn,
  chain,
  deploy,
  activateNow,
  expectGrpcError,
  oneTaskProcess,
  serviceTask,
  uid,
  useTestEngine,
  waitForIncident,
  waitForInstanceState,
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

  it('refuses ThrowError on a listener job', async () => {
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
  });
});

/** Puts `zeebe:executionListeners` (or any extension content) on the bpmn:process element itself. */
function onProcess(pid: string, xml: string, extensions: string): string {
  const tag = `<bpmn:process id="${pid}" isExecutable="true">`;
  expect(xml).toContain(tag);
  return xml.replace(tag, `${tag}<bpmn:extensionElements>${extensions}</bpmn:extensionElements>`);
}

describe.each(CLIENTS)('execution listeners on the process itself (%s)', (client) => {
  const api = () => t.apis[client];

  it('start listeners run in order before the start event, end listeners after the last token; the result waits for them', async () => {
    const pid = uid('pel');
    const [open1, open2, work, close1, close2] = [
      uid('open1'),
      uid('open2'),
      uid('work'),
      uid('close1'),
      uid('close2'),
    ];
    await deploy(
      api(),
      onProcess(
        pid,
        oneTaskProcess(pid, work),
        listeners(['start', open1], ['start', open2], ['end', close1], ['end', close2]),
      ),
    );
    let answered = false;
    const pending = api()
      .createProcessInstanceWithResult({
        bpmnProcessId: pid,
        variables: { caseId: 'K-9' },
        requestTimeout: 20_000,
      })
      .then((r) => {
        answered = true;
        return r;
      });
    const first = await activateOne(api(), open1);
    // a job of the process element: the instance exists with its variables, nothing else has run
    expect(first.elementId).toBe(pid);
    expect(first.bpmnProcessId).toBe(pid);
    expect(first.elementInstanceKey).toBe(first.processInstanceKey);
    expect(first.variables).toEqual({ caseId: 'K-9' });
    expect(await activateNow(api(), open2)).toEqual([]);
    expect(await activateNow(api(), work)).toEqual([]);
    await api().completeJob(first.key, { openedBy: 'open1' });
    const second = await activateOne(api(), open2);
    expect(second.elementId).toBe(pid);
    expect(second.variables).toEqual({ caseId: 'K-9', openedBy: 'open1' });
    await api().completeJob(second.key, { register: 'AZR' });
    // start listener variables are set on the process instance: the task's job sees them
    const job = await activateOne(api(), work);
    expect(job.processInstanceKey).toBe(first.processInstanceKey);
    expect(job.variables).toEqual({ caseId: 'K-9', openedBy: 'open1', register: 'AZR' });
    expect(await activateNow(api(), close1)).toEqual([]);
    await api().completeJob(job.key, { decision: 'granted' });
    const end1 = await activateOne(api(), close1);
    expect(end1.elementId).toBe(pid);
    expect(end1.variables).toMatchObject({ decision: 'granted' });
    expect(await activateNow(api(), close2)).toEqual([]);
    // the last token has ended, but the instance is not completed while its end listeners run
    expect((await t.engine.inspect.instance(first.processInstanceKey))?.state).toBe('ACTIVE');
    expect(answered).toBe(false);
    await api().completeJob(end1.key, { archived: true });
    const end2 = await activateOne(api(), close2);
    expect(end2.variables).toMatchObject({ archived: true });
    expect(answered).toBe(false);
    await api().completeJob(end2.key, { notified: 'Ausländerbehörde' });
    const res = await pending;
    expect(res.variables).toEqual({
      caseId: 'K-9',
      openedBy: 'open1',
      register: 'AZR',
      decision: 'granted',
      archived: true,
      notified: 'Ausländerbehörde',
    });
    await waitForInstanceState(t.engine, first.processInstanceKey, 'COMPLETED');
  });

  it('cancelling the instance runs no end listener and cancels a start listener job', async () => {
    const pid = uid('pel_cancel');
    const [open, work, close] = [uid('open'), uid('work'), uid('close')];
    await deploy(
      api(),
      onProcess(pid, oneTaskProcess(pid, work), listeners(['start', open], ['end', close])),
    );
    // cancelled while its task waits: no end listener
    const a = await api().createProcessInstance({ bpmnProcessId: pid, variables: {} });
    await api().completeJob((await activateOne(api(), open)).key, {});
    await activateOne(api(), work);
    await api().cancelProcessInstance(a.processInstanceKey);
    await waitForInstanceState(t.engine, a.processInstanceKey, 'TERMINATED');
    expect(await activateNow(api(), close)).toEqual([]);
    // cancelled while its start listener runs: the listener job is gone
    const b = await api().createProcessInstance({ bpmnProcessId: pid, variables: {} });
    const listener = await activateOne(api(), open);
    await api().cancelProcessInstance(b.processInstanceKey);
    await waitForInstanceState(t.engine, b.processInstanceKey, 'TERMINATED');
    await expectGrpcError(api().completeJob(listener.key, {}), 'NOT_FOUND');
    expect(await activateNow(api(), work)).toEqual([]);
    expect(await activateNow(api(), close)).toEqual([]);
  });

  it('a listener job without retries is an incident on the process; resolving it runs that listener again', async () => {
    const pid = uid('pel_fail');
    const [open, work, close] = [uid('open'), uid('work'), uid('close')];
    await deploy(
      api(),
      onProcess(pid, oneTaskProcess(pid, work), listeners(['start', open], ['end', close])),
    );
    const created = await api().createProcessInstance({ bpmnProcessId: pid, variables: {} });
    const job = await activateOne(api(), open);
    await api().failJob({ jobKey: job.key, retries: 0, errorMessage: 'Register nicht erreichbar' });
    const incident = await waitForIncident(t.engine, created.processInstanceKey);
    expect(incident.type).toBe('JOB_NO_RETRIES');
    expect(incident.elementId).toBe(pid);
    expect(incident.message).toBe('Register nicht erreichbar');
    await api().updateJobRetries(job.key, 1);
    await api().resolveIncident(incident.key);
    const again = await activateOne(api(), open);
    expect(again.key).toBe(job.key);
    await api().completeJob(again.key, {});
    await api().completeJob((await activateOne(api(), work)).key, {});
    // the same for an end listener: the instance stays active at the process until it is resolved
    const end = await activateOne(api(), close);
    await api().failJob({ jobKey: end.key, retries: 0, errorMessage: 'Archiv voll' });
    const second = await waitForIncident(t.engine, created.processInstanceKey);
    expect(second.elementId).toBe(pid);
    expect((await t.engine.inspect.instance(created.processInstanceKey))?.state).toBe('ACTIVE');
    await api().updateJobRetries(end.key, 2);
    await api().resolveIncident(second.key);
    const endAgain = await activateOne(api(), close);
    expect(endAgain.key).toBe(end.key);
    await api().completeJob(endAgain.key, {});
    await waitForInstanceState(t.engine, created.processInstanceKey, 'COMPLETED');
  });
});

describe('execution listeners on the process itself: rules (sdk)', () => {
  const api = () => t.apis.sdk;

  it('type and retries are FEEL on the process scope; a failed evaluation is an incident on the process', async () => {
    const pid = uid('pel_feel');
    const work = uid('work');
    await deploy(
      api(),
      onProcess(
        pid,
        oneTaskProcess(pid, work),
        `<zeebe:executionListeners>
          <zeebe:executionListener eventType="start" type="=&quot;audit_&quot; + agency" retries="=auditRetries" />
        </zeebe:executionListeners>`,
      ),
    );
    const agency = uid('abh');
    await api().createProcessInstance({ bpmnProcessId: pid, variables: { agency, auditRetries: 5 } });
    const job = await activateOne(api(), `audit_${agency}`);
    expect(job.elementId).toBe(pid);
    expect(job.retries).toBe(5);

    // the type names a variable the instance lacks: incident; set it, resolve, the listener runs
    const broken = await api().createProcessInstance({ bpmnProcessId: pid, variables: { auditRetries: 1 } });
    const incident = await waitForIncident(t.engine, broken.processInstanceKey);
    expect(incident.type).toBe('EXTRACT_VALUE_ERROR');
    expect(incident.elementId).toBe(pid);
    const later = uid('abh');
    await api().setVariables({
      elementInstanceKey: broken.processInstanceKey,
      variables: { agency: later },
      local: false,
    });
    await api().resolveIncident(incident.key);
    const resumed = await activateOne(api(), `audit_${later}`);
    expect(resumed.processInstanceKey).toBe(broken.processInstanceKey);
    await api().completeJob(resumed.key, {});
    const task = await activateOne(api(), work);
    expect(task.processInstanceKey).toBe(broken.processInstanceKey);
  });

  it('event subprocess subscriptions open after the start listeners (their correlation key may come from one)', async () => {
    const pid = uid('pel_esp');
    const [open, work, onMsg] = [uid('open'), uid('work'), uid('on_msg')];
    const name = uid('msg');
    await deploy(
      api(),
      onProcess(
        pid,
        bpmn(
          pid,
          `    <bpmn:startEvent id="start" />
    ${serviceTask('task', work)}
    <bpmn:endEvent id="end" />
    ${chain('start', 'task', 'end')}
    <bpmn:subProcess id="esp" triggeredByEvent="true">
      <bpmn:startEvent id="esp_start" isInterrupting="false">
        <bpmn:messageEventDefinition messageRef="m" />
      </bpmn:startEvent>
      ${serviceTask('esp_task', onMsg)}
      <bpmn:endEvent id="esp_end" />
      ${chain('esp_start', 'esp_task', 'esp_end')}
    </bpmn:subProcess>`,
          `<bpmn:message id="m" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="=caseNumber" /></bpmn:extensionElements></bpmn:message>`,
        ),
        listeners(['start', open]),
      ),
    );
    const created = await api().createProcessInstance({ bpmnProcessId: pid, variables: {} });
    const listener = await activateOne(api(), open);
    const caseNumber = uid('AZ');
    await api().completeJob(listener.key, { caseNumber });
    await activateOne(api(), work);
    await api().publishMessage({ name, correlationKey: caseNumber, variables: {} });
    const handled = await activateOne(api(), onMsg);
    expect(handled.processInstanceKey).toBe(created.processInstanceKey);
    expect(await t.engine.inspect.incidents(created.processInstanceKey)).toEqual([]);
  });

  it('instances started by a message or a timer start event run the listeners of the process too', async () => {
    const pid = uid('pel_msg');
    const [open, work, close] = [uid('open'), uid('work'), uid('close')];
    const name = uid('start_msg');
    await deploy(
      api(),
      onProcess(
        pid,
        bpmn(
          pid,
          `    <bpmn:startEvent id="on_msg">
      <bpmn:messageEventDefinition messageRef="ms" />
    </bpmn:startEvent>
    ${serviceTask('task', work)}
    <bpmn:endEvent id="end" />
    ${chain('on_msg', 'task', 'end')}`,
          `<bpmn:message id="ms" name="${name}" />`,
        ),
        listeners(['start', open], ['end', close]),
      ),
    );
    await api().publishMessage({ name, correlationKey: 'c-1', variables: { orderId: 'o-1' } });
    const listener = await activateOne(api(), open);
    expect(listener.elementId).toBe(pid);
    expect(await activateNow(api(), work)).toEqual([]);
    await api().completeJob(listener.key, { opened: true });
    const job = await activateOne(api(), work);
    expect(job.variables).toEqual({ orderId: 'o-1', opened: true });
    await api().completeJob(job.key, {});
    const end = await activateOne(api(), close);
    await api().completeJob(end.key, {});
    await waitForInstanceState(t.engine, end.processInstanceKey, 'COMPLETED');

    const tid = uid('pel_timer');
    const [tOpen, tWork] = [uid('open'), uid('work')];
    const due = new Date((await t.engine.clock.now()).getTime() + 3 * 60 * 60_000).toISOString();
    await deploy(
      api(),
      onProcess(
        tid,
        bpmn(
          tid,
          `    <bpmn:startEvent id="tick">
      <bpmn:timerEventDefinition><bpmn:timeDate>${due}</bpmn:timeDate></bpmn:timerEventDefinition>
    </bpmn:startEvent>
    ${serviceTask('task', tWork)}
    <bpmn:endEvent id="end" />
    ${chain('tick', 'task', 'end')}`,
        ),
        listeners(['start', tOpen]),
      ),
    );
    await t.engine.clock.add(4 * 60 * 60_000);
    const timerListener = await activateOne(api(), tOpen);
    expect(timerListener.bpmnProcessId).toBe(tid);
    expect(timerListener.elementId).toBe(tid);
    await api().completeJob(timerListener.key, {});
    expect((await activateOne(api(), tWork)).processInstanceKey).toBe(timerListener.processInstanceKey);
  });

  it('a called process runs its listeners; the variables of its end listeners reach the parent', async () => {
    const [parent, child] = [uid('pel_parent'), uid('pel_child')];
    const [open, childWork, close, after] = [uid('open'), uid('child_work'), uid('close'), uid('after')];
    await deploy(
      api(),
      onProcess(child, oneTaskProcess(child, childWork), listeners(['start', open], ['end', close])),
    );
    await deploy(
      api(),
      bpmn(
        parent,
        `    <bpmn:startEvent id="start" />
    <bpmn:callActivity id="call">
      <bpmn:extensionElements><zeebe:calledElement processId="${child}" /></bpmn:extensionElements>
    </bpmn:callActivity>
    ${serviceTask('after', after)}
    <bpmn:endEvent id="end" />
    ${chain('start', 'call', 'after', 'end')}`,
      ),
    );
    const created = await api().createProcessInstance({
      bpmnProcessId: parent,
      variables: { fromParent: 1 },
    });
    const listener = await activateOne(api(), open);
    expect(listener.bpmnProcessId).toBe(child);
    expect(listener.elementId).toBe(child);
    expect(listener.processInstanceKey).not.toBe(created.processInstanceKey);
    expect(listener.variables).toEqual({ fromParent: 1 });
    await api().completeJob(listener.key, {});
    await api().completeJob((await activateOne(api(), childWork)).key, { childResult: 'ok' });
    const end = await activateOne(api(), close);
    expect(await activateNow(api(), after)).toEqual([]);
    await api().completeJob(end.key, { closedBy: 'child' });
    const next = await activateOne(api(), after);
    expect(next.processInstanceKey).toBe(created.processInstanceKey);
    expect(next.variables).toMatchObject({ fromParent: 1, childResult: 'ok', closedBy: 'child' });
  });

  it('start instructions activate their elements without the start listeners; end listeners still run', async () => {
    const pid = uid('pel_instr');
    const [open, first, later, close] = [uid('open'), uid('first'), uid('later'), uid('close')];
    await deploy(
      api(),
      onProcess(
        pid,
        bpmn(
          pid,
          `    <bpmn:startEvent id="start" />
    ${serviceTask('a', first)}
    ${serviceTask('b', later)}
    <bpmn:endEvent id="end" />
    ${chain('start', 'a', 'b', 'end')}`,
        ),
        listeners(['start', open], ['end', close]),
      ),
    );
    const created = await t.sdk.createProcessInstance({
      bpmnProcessId: pid,
      variables: { x: 1 },
      startInstructions: [{ elementId: 'b' }],
    });
    const job = await activateOne(api(), later);
    expect(job.processInstanceKey).toBe(created.processInstanceKey);
    expect(await activateNow(api(), open)).toEqual([]);
    await api().completeJob(job.key, {});
    const end = await activateOne(api(), close);
    expect(end.processInstanceKey).toBe(created.processInstanceKey);
    await api().completeJob(end.key, {});
    await waitForInstanceState(t.engine, created.processInstanceKey, 'COMPLETED');
  });

  it('refuses listeners on the process with an unknown event type, as on elements', async () => {
    const pid = uid('pel_bad');
    const xml = onProcess(
      pid,
      oneTaskProcess(pid, uid('work')),
      `<zeebe:executionListeners><zeebe:executionListener eventType="cancel" type="x" /></zeebe:executionListeners>`,
    );
    await expectGrpcError(deploy(api(), xml), 'INVALID_ARGUMENT', /eventType must be 'start' or 'end'/);
  });
});
