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
  waitFor,
  waitForInstanceState,
} from '../../utils/engine';

jest.setTimeout(30_000);

/** Timer catch and start events (moved clock), message and signal start events, terminate end. */
const t = useTestEngine();

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe.each(CLIENTS)('events and timers (%s)', (client) => {
  const api = () => t.apis[client];

  function timerCatchProcess(pid: string, type: string, timer: string) {
    return bpmn(
      pid,
      `    <bpmn:startEvent id="start" />
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:timerEventDefinition>${timer}</bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    ${serviceTask('after', type)}
    <bpmn:endEvent id="end" />
    ${chain('start', 'wait', 'after', 'end')}`,
    );
  }

  it('timer catch (timeDuration) fires once the clock passes the due time, not before', async () => {
    const pid = uid('timer_dur');
    const type = uid('after');
    await deploy(api(), timerCatchProcess(pid, type, '<bpmn:timeDuration>PT10M</bpmn:timeDuration>'));
    const inst = await api().createProcessInstance({ bpmnProcessId: pid });
    await sleep(300);
    expect((await t.engine.inspect.instance(inst.processInstanceKey))?.activeElements).toEqual(['wait']);
    await t.engine.clock.add(5 * MINUTE);
    expect(await api().activateJobs({ type, maxJobsToActivate: 1, requestTimeout: 1_500 })).toEqual([]);
    await t.engine.clock.add(6 * MINUTE);
    const job = await activateOne(api(), type);
    expect(job.processInstanceKey).toBe(inst.processInstanceKey);
  });

  it('timer catch with a FEEL duration from a variable', async () => {
    const pid = uid('timer_feel');
    const type = uid('after');
    await deploy(api(), timerCatchProcess(pid, type, '<bpmn:timeDuration>=wait</bpmn:timeDuration>'));
    const inst = await api().createProcessInstance({ bpmnProcessId: pid, variables: { wait: 'PT2H' } });
    await sleep(300);
    await t.engine.clock.add(1 * HOUR);
    expect(await api().activateJobs({ type, maxJobsToActivate: 1, requestTimeout: 1_000 })).toEqual([]);
    await t.engine.clock.add(1 * HOUR + MINUTE);
    const job = await activateOne(api(), type);
    expect(job.processInstanceKey).toBe(inst.processInstanceKey);
  });

  it('timer catch (timeDate) fires at the date', async () => {
    const pid = uid('timer_date');
    const type = uid('after');
    const due = new Date((await t.engine.clock.now()).getTime() + 3 * HOUR).toISOString();
    await deploy(api(), timerCatchProcess(pid, type, `<bpmn:timeDate>${due}</bpmn:timeDate>`));
    const inst = await api().createProcessInstance({ bpmnProcessId: pid });
    await sleep(300);
    await t.engine.clock.add(2 * HOUR);
    expect(await api().activateJobs({ type, maxJobsToActivate: 1, requestTimeout: 1_000 })).toEqual([]);
    await t.engine.clock.add(2 * HOUR);
    const job = await activateOne(api(), type);
    expect(job.processInstanceKey).toBe(inst.processInstanceKey);
  });

  it('timer start event (cycle) starts one instance per due time; a new version replaces the old timer', async () => {
    const pid = uid('timer_start');
    const typeV1 = uid('v1');
    const typeV2 = uid('v2');
    const model = (type: string) =>
      bpmn(
        pid,
        `    <bpmn:startEvent id="tick">
      <bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition>
    </bpmn:startEvent>
    ${serviceTask('work', type)}
    <bpmn:endEvent id="end" />
    ${chain('tick', 'work', 'end')}`,
      );
    await deploy(api(), model(typeV1));
    await sleep(300);
    expect(await activateNow(api(), typeV1)).toEqual([]);
    await t.engine.clock.add(HOUR + MINUTE);
    const first = await activateOne(api(), typeV1);
    expect(first.bpmnProcessId).toBe(pid);
    expect(first.processDefinitionVersion).toBe(1);
    await sleep(1_500);
    expect(await activateNow(api(), typeV1)).toEqual([]); // once per due time
    await api().completeJob(first.key); // (an open job would come back when the clock passes its deadline)

    await deploy(api(), model(typeV2));
    await sleep(300);
    await t.engine.clock.add(HOUR + MINUTE);
    const second = await activateOne(api(), typeV2);
    expect(second.processDefinitionVersion).toBe(2);
    await sleep(1_500);
    expect(await activateNow(api(), typeV1)).toEqual([]); // the old version's timer is gone
  });

  it('message start event starts an instance with the message variables', async () => {
    const pid = uid('msg_start');
    const type = uid('work');
    const name = uid('start_msg');
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="on_msg">
      <bpmn:messageEventDefinition messageRef="ms" />
    </bpmn:startEvent>
    ${serviceTask('work', type)}
    <bpmn:endEvent id="end" />
    ${chain('on_msg', 'work', 'end')}`,
        `<bpmn:message id="ms" name="${name}" />`,
      ),
    );
    const pub = await api().publishMessage({
      name,
      correlationKey: 'order-1',
      variables: { orderId: 'order-1', total: 99 },
    });
    expectZeebeKey(pub.key);
    const job = await activateOne(api(), type);
    expect(job.bpmnProcessId).toBe(pid);
    expect(job.variables).toEqual({ orderId: 'order-1', total: 99 });
    await api().completeJob(job.key);
  });

  it('message start event: no second instance while one started by the same correlation key is active', async () => {
    const pid = uid('msg_start_once');
    const type = uid('work');
    const name = uid('start_msg');
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="on_msg">
      <bpmn:messageEventDefinition messageRef="ms" />
    </bpmn:startEvent>
    ${serviceTask('work', type)}
    <bpmn:endEvent id="end" />
    ${chain('on_msg', 'work', 'end')}`,
        `<bpmn:message id="ms" name="${name}" />`,
      ),
    );
    await api().publishMessage({ name, correlationKey: 'same', variables: { n: 1 }, timeToLive: 60_000 });
    const first = await activateOne(api(), type);
    await api().publishMessage({ name, correlationKey: 'same', variables: { n: 2 }, timeToLive: 60_000 });
    await sleep(1_000);
    expect(await activateNow(api(), type)).toEqual([]);
    // another correlation key may start its own instance meanwhile
    await api().publishMessage({ name, correlationKey: 'other', variables: { n: 3 } });
    const other = await activateOne(api(), type);
    expect(other.variables).toEqual({ n: 3 });
    // once the first instance has ended, the buffered message starts the next one
    await api().completeJob(first.key);
    const second = await activateOne(api(), type);
    expect(second.variables).toEqual({ n: 2 });
    expect(second.processInstanceKey).not.toBe(first.processInstanceKey);
  });

  it('BroadcastSignal starts a signal start event and triggers a signal catch event', async () => {
    const startPid = uid('sig_start');
    const catchPid = uid('sig_catch');
    const signal = uid('signal');
    const typeStart = uid('started');
    const typeCaught = uid('caught');
    await deploy(
      api(),
      bpmn(
        startPid,
        `    <bpmn:startEvent id="on_signal">
      <bpmn:signalEventDefinition signalRef="sig" />
    </bpmn:startEvent>
    ${serviceTask('work', typeStart)}
    <bpmn:endEvent id="end" />
    ${chain('on_signal', 'work', 'end')}`,
        `<bpmn:signal id="sig" name="${signal}" />`,
      ),
    );
    await deploy(
      api(),
      bpmn(
        catchPid,
        `    <bpmn:startEvent id="start" />
    <bpmn:intermediateCatchEvent id="wait_signal">
      <bpmn:signalEventDefinition signalRef="sig" />
    </bpmn:intermediateCatchEvent>
    ${serviceTask('work', typeCaught)}
    <bpmn:endEvent id="end" />
    ${chain('start', 'wait_signal', 'work', 'end')}`,
        `<bpmn:signal id="sig" name="${signal}" />`,
      ),
    );
    const waiting = await api().createProcessInstance({ bpmnProcessId: catchPid, variables: { mine: true } });
    await sleep(300);
    const res = await api().broadcastSignal(signal, { reason: 'go' });
    expectZeebeKey(res.key);

    const started = await activateOne(api(), typeStart);
    expect(started.bpmnProcessId).toBe(startPid);
    expect(started.variables).toEqual({ reason: 'go' });
    const caught = await activateOne(api(), typeCaught);
    expect(caught.processInstanceKey).toBe(waiting.processInstanceKey);
    expect(caught.variables).toEqual({ mine: true, reason: 'go' });
  });

  it('terminate end event ends the whole instance, cancelling the other branch', async () => {
    const pid = uid('terminate');
    const type = uid('slow');
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    <bpmn:parallelGateway id="fork" />
    ${serviceTask('slow_task', type)}
    <bpmn:endEvent id="end_slow" />
    <bpmn:endEvent id="kill"><bpmn:terminateEventDefinition /></bpmn:endEvent>
    ${chain('start', 'fork', 'slow_task', 'end_slow')}
    ${chain('fork', 'kill')}`,
      ),
    );
    const res = await api().createProcessInstanceWithResult({
      bpmnProcessId: pid,
      variables: { v: 1 },
      requestTimeout: 10_000,
    });
    expect(res.variables).toEqual({ v: 1 });
    expect(await activateNow(api(), type)).toEqual([]);
    await waitForInstanceState(t.engine, res.processInstanceKey, 'COMPLETED');
  });

  it('a cancelled instance waiting on a timer never continues', async () => {
    const pid = uid('timer_cancel');
    const type = uid('after');
    await deploy(api(), timerCatchProcess(pid, type, '<bpmn:timeDuration>PT10M</bpmn:timeDuration>'));
    const inst = await api().createProcessInstance({ bpmnProcessId: pid });
    await sleep(300);
    await api().cancelProcessInstance(inst.processInstanceKey);
    await t.engine.clock.add(20 * MINUTE);
    expect(await api().activateJobs({ type, maxJobsToActivate: 1, requestTimeout: 1_500 })).toEqual([]);
    await expectGrpcError(api().cancelProcessInstance(inst.processInstanceKey), 'NOT_FOUND');
    await waitFor(
      async () => (await t.engine.inspect.instance(inst.processInstanceKey))?.state === 'TERMINATED',
    );
  });
});
