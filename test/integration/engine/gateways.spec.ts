import {
  CLIENTS,
  activateNow,
  activateOne,
  bpmn,
  chain,
  deploy,
  expectGrpcError,
  flow,
  serviceTask,
  sleep,
  uid,
  useTestEngine,
  waitForIncident,
  waitForInstanceState,
} from '../../utils/engine';

jest.setTimeout(30_000);

/** Exclusive, parallel, inclusive and event-based gateways. */
const t = useTestEngine();

describe.each(CLIENTS)('gateways (%s)', (client) => {
  const api = () => t.apis[client];

  /** start → xor → (x > 1: A | x > 10: B | default: C) each a task of its own type */
  async function deployExclusive(withDefault: boolean) {
    const pid = uid('xor');
    const types = { a: uid('xa'), b: uid('xb'), c: uid('xc') };
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    <bpmn:exclusiveGateway id="xor" ${withDefault ? 'default="to_c"' : ''} />
    ${serviceTask('task_a', types.a)}
    ${serviceTask('task_b', types.b)}
    ${serviceTask('task_c', types.c)}
    <bpmn:endEvent id="end" />
    ${flow('f0', 'start', 'xor')}
    ${flow('to_a', 'xor', 'task_a', '=x > 1')}
    ${flow('to_b', 'xor', 'task_b', '=x > 10')}
    ${withDefault ? flow('to_c', 'xor', 'task_c') : ''}
    ${flow('fa', 'task_a', 'end')}
    ${flow('fb', 'task_b', 'end')}
    ${withDefault ? flow('fc', 'task_c', 'end') : ''}`,
      ),
    );
    return { pid, types };
  }

  it('exclusive gateway: the first true condition wins, else the default flow', async () => {
    const { pid, types } = await deployExclusive(true);

    const both = await api().createProcessInstance({ bpmnProcessId: pid, variables: { x: 50 } });
    const jobA = await activateOne(api(), types.a);
    expect(jobA.processInstanceKey).toBe(both.processInstanceKey);
    expect(await activateNow(api(), types.b)).toEqual([]);

    const none = await api().createProcessInstance({ bpmnProcessId: pid, variables: { x: 0 } });
    const jobC = await activateOne(api(), types.c);
    expect(jobC.processInstanceKey).toBe(none.processInstanceKey);
    expect(await activateNow(api(), types.a)).toEqual([]);
  });

  it('exclusive gateway: no true condition and no default raises an incident; resolving retries', async () => {
    const { pid, types } = await deployExclusive(false);
    const inst = await api().createProcessInstance({ bpmnProcessId: pid, variables: { x: 0 } });
    const incident = await waitForIncident(t.engine, inst.processInstanceKey);
    expect(incident.type).toBe('CONDITION_ERROR');
    expect(incident.elementId).toBe('xor');
    expect((await t.engine.inspect.instance(inst.processInstanceKey))?.state).toBe('ACTIVE');

    await api().setVariables({
      elementInstanceKey: inst.processInstanceKey,
      variables: { x: 5 },
      local: false,
    });
    await api().resolveIncident(incident.key);
    const job = await activateOne(api(), types.a);
    expect(job.processInstanceKey).toBe(inst.processInstanceKey);
    expect(job.variables).toEqual({ x: 5 });
  });

  it('exclusive split into a parallel join: the join waits for the untaken branch forever', async () => {
    const pid = uid('xor_join');
    const after = uid('after');
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    <bpmn:exclusiveGateway id="split" default="right" />
    <bpmn:parallelGateway id="join" />
    ${serviceTask('after_join', after)}
    <bpmn:endEvent id="end" />
    ${flow('f0', 'start', 'split')}
    ${flow('left', 'split', 'join', '=goLeft')}
    ${flow('right', 'split', 'join')}
    ${chain('join', 'after_join', 'end')}`,
      ),
    );
    const inst = await api().createProcessInstance({ bpmnProcessId: pid, variables: { goLeft: true } });
    const jobs = await api().activateJobs({ type: after, maxJobsToActivate: 1, requestTimeout: 2_000 });
    expect(jobs).toEqual([]);
    const state = await t.engine.inspect.instance(inst.processInstanceKey);
    expect(state?.state).toBe('ACTIVE');
    expect(state?.activeElements).not.toContain('after_join');

    await expectGrpcError(
      api().createProcessInstanceWithResult({
        bpmnProcessId: pid,
        variables: { goLeft: false },
        requestTimeout: 1_500,
      }),
      'DEADLINE_EXCEEDED',
    );
  });

  it('parallel gateway: forks both branches and joins after both completed', async () => {
    const pid = uid('and');
    const ta = uid('pa');
    const tb = uid('pb');
    const tc = uid('pc');
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    <bpmn:parallelGateway id="fork" />
    ${serviceTask('a', ta)}
    ${serviceTask('b', tb)}
    <bpmn:parallelGateway id="join" />
    ${serviceTask('c', tc)}
    <bpmn:endEvent id="end" />
    ${chain('start', 'fork', 'a', 'join', 'c', 'end')}
    ${chain('fork', 'b', 'join')}`,
      ),
    );
    const pending = api().createProcessInstanceWithResult({ bpmnProcessId: pid, requestTimeout: 20_000 });
    const jobA = await activateOne(api(), ta);
    const jobB = await activateOne(api(), tb);
    expect(jobA.processInstanceKey).toBe(jobB.processInstanceKey);
    await api().completeJob(jobA.key, { fromA: 1 });
    const early = await api().activateJobs({ type: tc, maxJobsToActivate: 1, requestTimeout: 1_000 });
    expect(early).toEqual([]);
    await api().completeJob(jobB.key, { fromB: 2 });
    const jobC = await activateOne(api(), tc);
    expect(jobC.variables).toEqual({ fromA: 1, fromB: 2 });
    await api().completeJob(jobC.key);
    expect((await pending).variables).toEqual({ fromA: 1, fromB: 2 });
  });

  /** start → or-split (=a: A, =b: B, =c: C) → or-join → D */
  async function deployInclusive() {
    const pid = uid('or');
    const types = { a: uid('ia'), b: uid('ib'), c: uid('ic'), d: uid('id') };
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    <bpmn:inclusiveGateway id="split" />
    ${serviceTask('a', types.a)}
    ${serviceTask('b', types.b)}
    ${serviceTask('c', types.c)}
    <bpmn:inclusiveGateway id="join" />
    ${serviceTask('d', types.d)}
    <bpmn:endEvent id="end" />
    ${flow('f0', 'start', 'split')}
    ${flow('to_a', 'split', 'a', '=a')}
    ${flow('to_b', 'split', 'b', '=b')}
    ${flow('to_c', 'split', 'c', '=c')}
    ${chain('a', 'join')}
    ${chain('b', 'join')}
    ${chain('c', 'join')}
    ${chain('join', 'd', 'end')}`,
      ),
    );
    return { pid, types };
  }

  it('inclusive gateway: takes every true flow and joins the tokens that were started', async () => {
    const { pid, types } = await deployInclusive();
    const inst = await api().createProcessInstance({
      bpmnProcessId: pid,
      variables: { a: true, b: true, c: false },
    });
    const jobA = await activateOne(api(), types.a);
    const jobB = await activateOne(api(), types.b);
    expect(jobA.processInstanceKey).toBe(inst.processInstanceKey);
    expect(jobB.processInstanceKey).toBe(inst.processInstanceKey);
    expect(await activateNow(api(), types.c)).toEqual([]);
    await api().completeJob(jobA.key);
    const early = await api().activateJobs({ type: types.d, maxJobsToActivate: 1, requestTimeout: 1_000 });
    expect(early).toEqual([]);
    await api().completeJob(jobB.key);
    const jobD = await activateOne(api(), types.d);
    expect(jobD.processInstanceKey).toBe(inst.processInstanceKey);
    await api().completeJob(jobD.key);
    await waitForInstanceState(t.engine, inst.processInstanceKey, 'COMPLETED');
  });

  it('inclusive gateway: with one true flow the join does not wait for the others', async () => {
    const { pid, types } = await deployInclusive();
    const pending = api().createProcessInstanceWithResult({
      bpmnProcessId: pid,
      variables: { a: false, b: false, c: true },
      requestTimeout: 20_000,
    });
    const jobC = await activateOne(api(), types.c);
    await api().completeJob(jobC.key);
    const jobD = await activateOne(api(), types.d);
    await api().completeJob(jobD.key, { done: true });
    expect((await pending).variables).toMatchObject({ c: true, done: true });
  });

  /** event-based gateway: message "<name>" (key =id) vs timer PT1H */
  async function deployEventBased() {
    const pid = uid('ebg');
    const msgName = uid('msg');
    const types = { msg: uid('via_msg'), timer: uid('via_timer') };
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    <bpmn:eventBasedGateway id="ebg" />
    <bpmn:intermediateCatchEvent id="wait_msg">
      <bpmn:messageEventDefinition messageRef="m1" />
    </bpmn:intermediateCatchEvent>
    <bpmn:intermediateCatchEvent id="wait_timer">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    ${serviceTask('after_msg', types.msg)}
    ${serviceTask('after_timer', types.timer)}
    <bpmn:endEvent id="end_msg" />
    <bpmn:endEvent id="end_timer" />
    ${chain('start', 'ebg', 'wait_msg', 'after_msg', 'end_msg')}
    ${chain('ebg', 'wait_timer', 'after_timer', 'end_timer')}`,
        `<bpmn:message id="m1" name="${msgName}">
    <bpmn:extensionElements><zeebe:subscription correlationKey="=id" /></bpmn:extensionElements>
  </bpmn:message>`,
      ),
    );
    return { pid, msgName, types };
  }

  it('event-based gateway: the message wins and the timer is closed', async () => {
    const { pid, msgName, types } = await deployEventBased();
    const id = uid('k');
    const inst = await api().createProcessInstance({ bpmnProcessId: pid, variables: { id } });
    await sleep(300);
    await api().publishMessage({ name: msgName, correlationKey: id, variables: { answer: 42 } });
    const job = await activateOne(api(), types.msg);
    expect(job.processInstanceKey).toBe(inst.processInstanceKey);
    expect(job.variables).toMatchObject({ id, answer: 42 });
    await t.engine.clock.add(2 * 60 * 60 * 1000);
    const timerJobs = await api().activateJobs({
      type: types.timer,
      maxJobsToActivate: 1,
      requestTimeout: 2_000,
    });
    expect(timerJobs).toEqual([]);
    await api().completeJob(job.key);
    await waitForInstanceState(t.engine, inst.processInstanceKey, 'COMPLETED');
  });

  it('event-based gateway: the timer wins and the message subscription is closed', async () => {
    const { pid, msgName, types } = await deployEventBased();
    const id = uid('k');
    const inst = await api().createProcessInstance({ bpmnProcessId: pid, variables: { id } });
    await sleep(300);
    await t.engine.clock.add(2 * 60 * 60 * 1000);
    const job = await activateOne(api(), types.timer);
    expect(job.processInstanceKey).toBe(inst.processInstanceKey);
    // the message comes too late: buffered, but nobody takes it
    await api().publishMessage({ name: msgName, correlationKey: id, timeToLive: 60_000 });
    const msgJobs = await api().activateJobs({
      type: types.msg,
      maxJobsToActivate: 1,
      requestTimeout: 1_500,
    });
    expect(msgJobs).toEqual([]);
    await api().completeJob(job.key);
    await waitForInstanceState(t.engine, inst.processInstanceKey, 'COMPLETED');
  });
});
