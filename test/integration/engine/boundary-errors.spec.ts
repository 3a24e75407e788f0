import {
  CLIENTS,
  activateNow,
  activateOne,
  bpmn,
  chain,
  deploy,
  expectGrpcError,
  serviceTask,
  sleep,
  uid,
  useTestEngine,
  waitForIncident,
  waitForInstanceState,
} from '../../utils/engine';

jest.setTimeout(30_000);

/** Boundary events (timer, message, error; interrupting or not), error end events, event subprocesses. */
const t = useTestEngine();

const MINUTE = 60_000;

const msgDef = (id: string, name: string, key = '=key') =>
  `<bpmn:message id="${id}" name="${name}">
    <bpmn:extensionElements><zeebe:subscription correlationKey="${key}" /></bpmn:extensionElements>
  </bpmn:message>`;

describe.each(CLIENTS)('boundary events and errors (%s)', (client) => {
  const api = () => t.apis[client];

  it('interrupting boundary timer cancels the job; a late CompleteJob gets NOT_FOUND', async () => {
    const pid = uid('bnd_timer');
    const work = uid('work');
    const late = uid('late');
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    ${serviceTask('work', work)}
    <bpmn:boundaryEvent id="deadline" attachedToRef="work">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT15M</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    ${serviceTask('remind', late)}
    <bpmn:endEvent id="end" />
    <bpmn:endEvent id="end_late" />
    ${chain('start', 'work', 'end')}
    ${chain('deadline', 'remind', 'end_late')}`,
      ),
    );
    const inst = await api().createProcessInstance({ bpmnProcessId: pid });
    const job = await activateOne(api(), work);
    await t.engine.clock.add(16 * MINUTE);
    const reminder = await activateOne(api(), late);
    expect(reminder.processInstanceKey).toBe(inst.processInstanceKey);
    await expectGrpcError(api().completeJob(job.key), 'NOT_FOUND');
    expect(await activateNow(api(), work)).toEqual([]);
    await api().completeJob(reminder.key);
    await waitForInstanceState(t.engine, inst.processInstanceKey, 'COMPLETED');
  });

  it('a boundary timer is removed when the task completes first', async () => {
    const pid = uid('bnd_timer_done');
    const work = uid('work');
    const late = uid('late');
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    ${serviceTask('work', work)}
    <bpmn:boundaryEvent id="deadline" attachedToRef="work">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT15M</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    ${serviceTask('remind', late)}
    ${serviceTask('next', `${work}_next`)}
    <bpmn:endEvent id="end" />
    <bpmn:endEvent id="end_late" />
    ${chain('start', 'work', 'next', 'end')}
    ${chain('deadline', 'remind', 'end_late')}`,
      ),
    );
    await api().createProcessInstance({ bpmnProcessId: pid });
    const job = await activateOne(api(), work);
    await api().completeJob(job.key);
    await activateOne(api(), `${work}_next`);
    await t.engine.clock.add(16 * MINUTE);
    expect(await api().activateJobs({ type: late, maxJobsToActivate: 1, requestTimeout: 1_500 })).toEqual([]);
  });

  it('non-interrupting boundary timer runs beside the task', async () => {
    const pid = uid('bnd_timer_ni');
    const work = uid('work');
    const remind = uid('remind');
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    ${serviceTask('work', work)}
    <bpmn:boundaryEvent id="nudge" attachedToRef="work" cancelActivity="false">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT10M</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    ${serviceTask('remind', remind)}
    <bpmn:endEvent id="end" />
    <bpmn:endEvent id="end_remind" />
    ${chain('start', 'work', 'end')}
    ${chain('nudge', 'remind', 'end_remind')}`,
      ),
    );
    const pending = api().createProcessInstanceWithResult({ bpmnProcessId: pid, requestTimeout: 25_000 });
    const job = await activateOne(api(), work);
    await t.engine.clock.add(11 * MINUTE);
    const reminder = await activateOne(api(), remind);
    expect(reminder.processInstanceKey).toBe(job.processInstanceKey);
    await api().completeJob(reminder.key, { reminded: true });
    await api().completeJob(job.key, { worked: true }); // still alive
    expect((await pending).variables).toEqual({ reminded: true, worked: true });
  });

  it('non-interrupting boundary message runs beside the task; interrupting message cancels it', async () => {
    const pid = uid('bnd_msg');
    const work = uid('work');
    const info = uid('info');
    const stop = uid('stop');
    const infoMsg = uid('info_msg');
    const stopMsg = uid('stop_msg');
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    ${serviceTask('work', work)}
    <bpmn:boundaryEvent id="on_info" attachedToRef="work" cancelActivity="false">
      <bpmn:messageEventDefinition messageRef="mi" />
    </bpmn:boundaryEvent>
    <bpmn:boundaryEvent id="on_stop" attachedToRef="work">
      <bpmn:messageEventDefinition messageRef="ms" />
    </bpmn:boundaryEvent>
    ${serviceTask('handle_info', info)}
    ${serviceTask('handle_stop', stop)}
    <bpmn:endEvent id="end" />
    <bpmn:endEvent id="end_info" />
    <bpmn:endEvent id="end_stop" />
    ${chain('start', 'work', 'end')}
    ${chain('on_info', 'handle_info', 'end_info')}
    ${chain('on_stop', 'handle_stop', 'end_stop')}`,
        `${msgDef('mi', infoMsg)}\n  ${msgDef('ms', stopMsg)}`,
      ),
    );
    const key = uid('k');
    const inst = await api().createProcessInstance({ bpmnProcessId: pid, variables: { key } });
    const job = await activateOne(api(), work);

    await api().publishMessage({ name: infoMsg, correlationKey: key, variables: { note: 'n' } });
    const infoJob = await activateOne(api(), info);
    expect(infoJob.processInstanceKey).toBe(inst.processInstanceKey);
    await api().completeJob(infoJob.key);
    // the task is still there: a second info message opens a second path (subscription stays open)
    await api().publishMessage({ name: infoMsg, correlationKey: key });
    const infoJob2 = await activateOne(api(), info);
    await api().completeJob(infoJob2.key);

    await api().publishMessage({ name: stopMsg, correlationKey: key });
    const stopJob = await activateOne(api(), stop);
    expect(stopJob.processInstanceKey).toBe(inst.processInstanceKey);
    await expectGrpcError(api().completeJob(job.key), 'NOT_FOUND');
    await api().completeJob(stopJob.key);
    await waitForInstanceState(t.engine, inst.processInstanceKey, 'COMPLETED');
  });

  it('error boundary catches ThrowError; error variables are local to the catch event', async () => {
    const pid = uid('bnd_error');
    const work = uid('work');
    const handle = uid('handle');
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    ${serviceTask('work', work)}
    <bpmn:boundaryEvent id="on_reject" attachedToRef="work">
      <bpmn:extensionElements>
        <zeebe:ioMapping><zeebe:output source="=reason" target="rejectReason" /></zeebe:ioMapping>
      </bpmn:extensionElements>
      <bpmn:errorEventDefinition errorRef="err_reject" />
    </bpmn:boundaryEvent>
    ${serviceTask('handle', handle)}
    <bpmn:endEvent id="end" />
    <bpmn:endEvent id="end_rejected" />
    ${chain('start', 'work', 'end')}
    ${chain('on_reject', 'handle', 'end_rejected')}`,
        `<bpmn:error id="err_reject" errorCode="NOT_ELIGIBLE" />`,
      ),
    );
    const pending = api().createProcessInstanceWithResult({
      bpmnProcessId: pid,
      variables: { applicant: 'x' },
      requestTimeout: 20_000,
    });
    const job = await activateOne(api(), work);
    await api().throwError({
      jobKey: job.key,
      errorCode: 'NOT_ELIGIBLE',
      errorMessage: 'income too high',
      variables: { reason: 'income', detail: 'local only' },
    });
    const handler = await activateOne(api(), handle);
    expect(handler.variables).toEqual({ applicant: 'x', rejectReason: 'income' });
    await expectGrpcError(api().completeJob(job.key), 'NOT_FOUND');
    await api().completeJob(handler.key);
    expect((await pending).variables).toEqual({ applicant: 'x', rejectReason: 'income' });
  });

  it('a catch-all error boundary (no errorRef) catches any error code', async () => {
    const pid = uid('bnd_error_any');
    const work = uid('work');
    const handle = uid('handle');
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    ${serviceTask('work', work)}
    <bpmn:boundaryEvent id="on_any" attachedToRef="work">
      <bpmn:errorEventDefinition />
    </bpmn:boundaryEvent>
    ${serviceTask('handle', handle)}
    <bpmn:endEvent id="end" />
    <bpmn:endEvent id="end_err" />
    ${chain('start', 'work', 'end')}
    ${chain('on_any', 'handle', 'end_err')}`,
      ),
    );
    const inst = await api().createProcessInstance({ bpmnProcessId: pid });
    const job = await activateOne(api(), work);
    await api().throwError({ jobKey: job.key, errorCode: 'WHATEVER' });
    const handler = await activateOne(api(), handle);
    expect(handler.processInstanceKey).toBe(inst.processInstanceKey);
  });

  it('an error end event in a subprocess is caught by the boundary on the subprocess', async () => {
    const pid = uid('bnd_error_end');
    const inner = uid('inner');
    const handle = uid('handle');
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    <bpmn:subProcess id="sub">
      <bpmn:startEvent id="sub_start" />
      ${serviceTask('inner', inner)}
      <bpmn:exclusiveGateway id="ok_gw" default="ok_flow" />
      <bpmn:endEvent id="sub_end" />
      <bpmn:endEvent id="sub_fail"><bpmn:errorEventDefinition errorRef="e_docs" /></bpmn:endEvent>
      ${chain('sub_start', 'inner', 'ok_gw')}
      <bpmn:sequenceFlow id="fail_flow" sourceRef="ok_gw" targetRef="sub_fail">
        <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=missing</bpmn:conditionExpression>
      </bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="ok_flow" sourceRef="ok_gw" targetRef="sub_end" />
    </bpmn:subProcess>
    <bpmn:boundaryEvent id="on_docs" attachedToRef="sub">
      <bpmn:errorEventDefinition errorRef="e_docs" />
    </bpmn:boundaryEvent>
    ${serviceTask('handle', handle)}
    <bpmn:endEvent id="end" />
    <bpmn:endEvent id="end_docs" />
    ${chain('start', 'sub', 'end')}
    ${chain('on_docs', 'handle', 'end_docs')}`,
        `<bpmn:error id="e_docs" errorCode="DOCUMENTS_MISSING" />`,
      ),
    );
    const inst = await api().createProcessInstance({ bpmnProcessId: pid });
    const job = await activateOne(api(), inner);
    await api().completeJob(job.key, { missing: true });
    const handler = await activateOne(api(), handle);
    expect(handler.processInstanceKey).toBe(inst.processInstanceKey);
    await api().completeJob(handler.key);
    await waitForInstanceState(t.engine, inst.processInstanceKey, 'COMPLETED');
  });

  it('an uncaught error raises an incident and the instance stays active', async () => {
    const pid = uid('bnd_uncaught');
    const work = uid('work');
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    ${serviceTask('work', work)}
    <bpmn:boundaryEvent id="on_other" attachedToRef="work">
      <bpmn:errorEventDefinition errorRef="e_other" />
    </bpmn:boundaryEvent>
    <bpmn:endEvent id="end" />
    <bpmn:endEvent id="end_other" />
    ${chain('start', 'work', 'end')}
    ${chain('on_other', 'end_other')}`,
        `<bpmn:error id="e_other" errorCode="OTHER" />`,
      ),
    );
    const inst = await api().createProcessInstance({ bpmnProcessId: pid });
    const job = await activateOne(api(), work);
    await api().throwError({ jobKey: job.key, errorCode: 'NOBODY_CATCHES', errorMessage: 'boom' });
    const incident = await waitForIncident(t.engine, inst.processInstanceKey);
    expect(incident.type).toBe('UNHANDLED_ERROR_EVENT');
    expect(incident.elementId).toBe('work');
    expect(incident.message).toContain('NOBODY_CATCHES');
    const state = await t.engine.inspect.instance(inst.processInstanceKey);
    expect(state?.state).toBe('ACTIVE');
    expect(state?.activeElements).toContain('work');
  });

  it('an error event subprocess catches an error thrown anywhere in the process', async () => {
    const pid = uid('evsub_error');
    const work = uid('work');
    const handle = uid('handle');
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    ${serviceTask('work', work)}
    <bpmn:endEvent id="end" />
    ${chain('start', 'work', 'end')}
    <bpmn:subProcess id="on_error_sub" triggeredByEvent="true">
      <bpmn:startEvent id="err_start" isInterrupting="true">
        <bpmn:errorEventDefinition errorRef="e_fatal" />
      </bpmn:startEvent>
      ${serviceTask('handle', handle)}
      <bpmn:endEvent id="err_end" />
      ${chain('err_start', 'handle', 'err_end')}
    </bpmn:subProcess>`,
        `<bpmn:error id="e_fatal" errorCode="FATAL" />`,
      ),
    );
    const pending = api().createProcessInstanceWithResult({ bpmnProcessId: pid, requestTimeout: 20_000 });
    const job = await activateOne(api(), work);
    await api().throwError({ jobKey: job.key, errorCode: 'FATAL' });
    const handler = await activateOne(api(), handle);
    expect(handler.processInstanceKey).toBe(job.processInstanceKey);
    await expectGrpcError(api().completeJob(job.key), 'NOT_FOUND');
    await api().completeJob(handler.key, { handled: true });
    expect((await pending).variables).toEqual({ handled: true });
  });

  it('an interrupting message event subprocess terminates the running tasks', async () => {
    const pid = uid('evsub_msg');
    const a = uid('a');
    const b = uid('b');
    const handle = uid('handle');
    const name = uid('cancel_msg');
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    <bpmn:parallelGateway id="fork" />
    ${serviceTask('task_a', a)}
    ${serviceTask('task_b', b)}
    <bpmn:endEvent id="end_a" />
    <bpmn:endEvent id="end_b" />
    ${chain('start', 'fork', 'task_a', 'end_a')}
    ${chain('fork', 'task_b', 'end_b')}
    <bpmn:subProcess id="on_cancel" triggeredByEvent="true">
      <bpmn:startEvent id="cancel_start" isInterrupting="true">
        <bpmn:messageEventDefinition messageRef="mc" />
      </bpmn:startEvent>
      ${serviceTask('handle', handle)}
      <bpmn:endEvent id="cancel_end" />
      ${chain('cancel_start', 'handle', 'cancel_end')}
    </bpmn:subProcess>`,
        msgDef('mc', name),
      ),
    );
    const key = uid('k');
    const inst = await api().createProcessInstance({ bpmnProcessId: pid, variables: { key } });
    const jobA = await activateOne(api(), a);
    await sleep(200);
    await api().publishMessage({ name, correlationKey: key, variables: { why: 'withdrawn' } });
    const handler = await activateOne(api(), handle);
    expect(handler.processInstanceKey).toBe(inst.processInstanceKey);
    expect(handler.variables).toMatchObject({ key, why: 'withdrawn' });
    await expectGrpcError(api().completeJob(jobA.key), 'NOT_FOUND');
    expect(await activateNow(api(), b)).toEqual([]);
    await api().completeJob(handler.key);
    await waitForInstanceState(t.engine, inst.processInstanceKey, 'COMPLETED');
  });

  it('a non-interrupting message event subprocess runs beside the process', async () => {
    const pid = uid('evsub_msg_ni');
    const work = uid('work');
    const handle = uid('handle');
    const name = uid('note_msg');
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    ${serviceTask('work', work)}
    <bpmn:endEvent id="end" />
    ${chain('start', 'work', 'end')}
    <bpmn:subProcess id="on_note" triggeredByEvent="true">
      <bpmn:startEvent id="note_start" isInterrupting="false">
        <bpmn:messageEventDefinition messageRef="mn" />
      </bpmn:startEvent>
      ${serviceTask('handle', handle)}
      <bpmn:endEvent id="note_end" />
      ${chain('note_start', 'handle', 'note_end')}
    </bpmn:subProcess>`,
        msgDef('mn', name),
      ),
    );
    const key = uid('k');
    const pending = api().createProcessInstanceWithResult({
      bpmnProcessId: pid,
      variables: { key },
      requestTimeout: 20_000,
    });
    const job = await activateOne(api(), work);
    await api().publishMessage({ name, correlationKey: key });
    const handler = await activateOne(api(), handle);
    await api().completeJob(handler.key, { noted: true });
    await api().completeJob(job.key, { worked: true });
    expect((await pending).variables).toEqual({ key, noted: true, worked: true });
  });
});
