import {
  CLIENTS,
  activateNow,
  activateOne,
  bpmn,
  chain,
  deploy,
  expectGrpcError,
  expectZeebeKey,
  serviceTask,
  sleep,
  uid,
  useTestEngine,
  waitForInstanceState,
} from '../../utils/engine';

jest.setTimeout(30_000);

/** Message catch events, receive tasks, buffering with TTL, messageId, correlation per process. */
const t = useTestEngine();

describe.each(CLIENTS)('messages (%s)', (client) => {
  const api = () => t.apis[client];

  /** start → catch message <name> (correlationKey =key) → task <type> → end */
  async function deployCatch(kind: 'event' | 'receiveTask' = 'event') {
    const pid = uid(kind === 'event' ? 'msg_catch' : 'msg_receive');
    const name = uid('msg');
    const type = uid('after');
    const waitElement =
      kind === 'event'
        ? `<bpmn:intermediateCatchEvent id="wait">
      <bpmn:messageEventDefinition messageRef="m" />
    </bpmn:intermediateCatchEvent>`
        : `<bpmn:receiveTask id="wait" messageRef="m" />`;
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    ${waitElement}
    ${serviceTask('after', type)}
    <bpmn:endEvent id="end" />
    ${chain('start', 'wait', 'after', 'end')}`,
        `<bpmn:message id="m" name="${name}">
    <bpmn:extensionElements><zeebe:subscription correlationKey="=key" /></bpmn:extensionElements>
  </bpmn:message>`,
      ),
    );
    return { pid, name, type };
  }

  it('an intermediate message catch event waits for its message and merges its variables', async () => {
    const { pid, name, type } = await deployCatch('event');
    const key = uid('k');
    const inst = await api().createProcessInstance({ bpmnProcessId: pid, variables: { key } });
    await sleep(300);
    expect(await activateNow(api(), type)).toEqual([]);
    // a message with another correlation key does not match
    await api().publishMessage({ name, correlationKey: 'someone-else', variables: { wrong: true } });
    const pub = await api().publishMessage({ name, correlationKey: key, variables: { payload: 'p' } });
    expectZeebeKey(pub.key);
    const job = await activateOne(api(), type);
    expect(job.processInstanceKey).toBe(inst.processInstanceKey);
    expect(job.variables).toEqual({ key, payload: 'p' });
  });

  it('a receive task waits for its message', async () => {
    const { pid, name, type } = await deployCatch('receiveTask');
    const key = uid('k');
    const inst = await api().createProcessInstance({ bpmnProcessId: pid, variables: { key } });
    await sleep(300);
    expect((await t.engine.inspect.instance(inst.processInstanceKey))?.activeElements).toEqual(['wait']);
    await api().publishMessage({ name, correlationKey: key, variables: { received: 1 } });
    const job = await activateOne(api(), type);
    expect(job.processInstanceKey).toBe(inst.processInstanceKey);
    expect(job.variables).toEqual({ key, received: 1 });
  });

  it('a buffered message (TTL) correlates later, once per process', async () => {
    const { pid, name, type } = await deployCatch();
    const key = uid('k');
    await api().publishMessage({ name, correlationKey: key, timeToLive: 60_000, variables: { early: true } });
    const first = await api().createProcessInstance({ bpmnProcessId: pid, variables: { key } });
    const job = await activateOne(api(), type);
    expect(job.processInstanceKey).toBe(first.processInstanceKey);
    expect(job.variables).toEqual({ key, early: true });

    // the same message is not correlated a second time to an instance of the same process
    const second = await api().createProcessInstance({ bpmnProcessId: pid, variables: { key } });
    expect(await api().activateJobs({ type, maxJobsToActivate: 1, requestTimeout: 1_500 })).toEqual([]);
    expect((await t.engine.inspect.instance(second.processInstanceKey))?.activeElements).toEqual(['wait']);
  });

  it('buffered messages are taken oldest first', async () => {
    const { pid, name, type } = await deployCatch();
    const key = uid('k');
    await api().publishMessage({ name, correlationKey: key, timeToLive: 60_000, variables: { n: 1 } });
    await api().publishMessage({ name, correlationKey: key, timeToLive: 60_000, variables: { n: 2 } });
    await api().createProcessInstance({ bpmnProcessId: pid, variables: { key } });
    const j1 = await activateOne(api(), type);
    expect(j1.variables.n).toBe(1);
    await api().createProcessInstance({ bpmnProcessId: pid, variables: { key } });
    const j2 = await activateOne(api(), type);
    expect(j2.variables.n).toBe(2);
  });

  it('a buffered message expires after its TTL (moved clock)', async () => {
    const { pid, name, type } = await deployCatch();
    const key = uid('k');
    await api().publishMessage({ name, correlationKey: key, timeToLive: 10_000, variables: { stale: true } });
    await t.engine.clock.add(60_000);
    await sleep(500);
    await api().createProcessInstance({ bpmnProcessId: pid, variables: { key } });
    expect(await api().activateJobs({ type, maxJobsToActivate: 1, requestTimeout: 1_500 })).toEqual([]);
  });

  it('a message with TTL 0 is discarded when nobody waits, but correlates to an open subscription', async () => {
    const { pid, name, type } = await deployCatch();
    const key = uid('k');
    await api().publishMessage({ name, correlationKey: key, timeToLive: 0, variables: { lost: true } });
    const inst = await api().createProcessInstance({ bpmnProcessId: pid, variables: { key } });
    expect(await api().activateJobs({ type, maxJobsToActivate: 1, requestTimeout: 1_500 })).toEqual([]);

    await api().publishMessage({ name, correlationKey: key, timeToLive: 0, variables: { live: true } });
    const job = await activateOne(api(), type);
    expect(job.processInstanceKey).toBe(inst.processInstanceKey);
    expect(job.variables).toEqual({ key, live: true });
  });

  it('a duplicate messageId while the first is buffered gets ALREADY_EXISTS', async () => {
    const { name } = await deployCatch();
    const key = uid('k');
    const messageId = uid('id');
    await api().publishMessage({ name, correlationKey: key, timeToLive: 60_000, messageId });
    await expectGrpcError(
      api().publishMessage({ name, correlationKey: key, timeToLive: 60_000, messageId }),
      'ALREADY_EXISTS',
    );
    // another id, or the same id under another correlation key, is fine
    await api().publishMessage({ name, correlationKey: key, timeToLive: 60_000, messageId: uid('id') });
    await api().publishMessage({ name, correlationKey: uid('k'), timeToLive: 60_000, messageId });
  });

  it('one message correlates to one waiting instance of a process, the next one to the next', async () => {
    const { pid, name, type } = await deployCatch();
    const key = uid('k');
    const a = await api().createProcessInstance({ bpmnProcessId: pid, variables: { key } });
    const b = await api().createProcessInstance({ bpmnProcessId: pid, variables: { key } });
    await sleep(300);
    await api().publishMessage({ name, correlationKey: key, variables: { n: 1 } });
    const first = await activateOne(api(), type);
    expect([a.processInstanceKey, b.processInstanceKey]).toContain(first.processInstanceKey);
    expect(await api().activateJobs({ type, maxJobsToActivate: 1, requestTimeout: 1_000 })).toEqual([]);
    await api().publishMessage({ name, correlationKey: key, variables: { n: 2 } });
    const second = await activateOne(api(), type);
    expect(second.processInstanceKey).not.toBe(first.processInstanceKey);
    expect([a.processInstanceKey, b.processInstanceKey]).toContain(second.processInstanceKey);
  });

  it('one message correlates to waiting instances of two different processes', async () => {
    const name = uid('shared_msg');
    const types = [uid('p1'), uid('p2')];
    const pids = [uid('msg_proc1'), uid('msg_proc2')];
    for (let i = 0; i < 2; i++) {
      await deploy(
        api(),
        bpmn(
          pids[i],
          `    <bpmn:startEvent id="start" />
    <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
    ${serviceTask('after', types[i])}
    <bpmn:endEvent id="end" />
    ${chain('start', 'wait', 'after', 'end')}`,
          `<bpmn:message id="m" name="${name}">
    <bpmn:extensionElements><zeebe:subscription correlationKey="=key" /></bpmn:extensionElements>
  </bpmn:message>`,
        ),
      );
    }
    const key = uid('k');
    const i1 = await api().createProcessInstance({ bpmnProcessId: pids[0], variables: { key } });
    const i2 = await api().createProcessInstance({ bpmnProcessId: pids[1], variables: { key } });
    await sleep(300);
    await api().publishMessage({ name, correlationKey: key, variables: { both: true } });
    const j1 = await activateOne(api(), types[0]);
    const j2 = await activateOne(api(), types[1]);
    expect(j1.processInstanceKey).toBe(i1.processInstanceKey);
    expect(j2.processInstanceKey).toBe(i2.processInstanceKey);
    expect(j1.variables.both).toBe(true);
    expect(j2.variables.both).toBe(true);
  });

  it('the correlation key is evaluated once, on entering the catch event', async () => {
    const { pid, name, type } = await deployCatch();
    const key = uid('k');
    const inst = await api().createProcessInstance({ bpmnProcessId: pid, variables: { key } });
    await sleep(300);
    await api().setVariables({
      elementInstanceKey: inst.processInstanceKey,
      variables: { key: 'changed' },
      local: false,
    });
    await api().publishMessage({ name, correlationKey: 'changed' });
    expect(await api().activateJobs({ type, maxJobsToActivate: 1, requestTimeout: 1_000 })).toEqual([]);
    await api().publishMessage({ name, correlationKey: key });
    const job = await activateOne(api(), type);
    expect(job.processInstanceKey).toBe(inst.processInstanceKey);
    await api().completeJob(job.key);
    await waitForInstanceState(t.engine, inst.processInstanceKey, 'COMPLETED');
  });
});
