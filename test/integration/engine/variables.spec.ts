import {
  CLIENTS,
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
} from '../../utils/engine';

jest.setTimeout(30_000);

/** zeebe:ioMapping, propagation rules, SetVariables, FEEL (extras, failures), script tasks. */
const t = useTestEngine();

describe.each(CLIENTS)('variables (%s)', (client) => {
  const api = () => t.apis[client];

  it('input mappings create task locals; without output mappings the job variables go to the root', async () => {
    const pid = uid('io_in');
    const type = uid('svc');
    await deploy(
      api(),
      oneTaskProcess(
        pid,
        type,
        `<zeebe:ioMapping>
          <zeebe:input source="=customer.name" target="name" />
          <zeebe:input source="=amount * 2" target="doubled" />
        </zeebe:ioMapping>`,
      ),
    );
    const pending = api().createProcessInstanceWithResult({
      bpmnProcessId: pid,
      variables: { customer: { name: 'Hana' }, amount: 4 },
      requestTimeout: 20_000,
    });
    const job = await activateOne(api(), type);
    expect(job.variables).toEqual({
      customer: { name: 'Hana' },
      amount: 4,
      name: 'Hana',
      doubled: 8,
    });
    // `doubled` exists as a task local → written there and dropped with the task; `status` → root
    await api().completeJob(job.key, { doubled: 99, status: 'done' });
    expect((await pending).variables).toEqual({
      customer: { name: 'Hana' },
      amount: 4,
      status: 'done',
    });
  });

  it('with output mappings only the mapped targets are written', async () => {
    const pid = uid('io_out');
    const type = uid('svc');
    await deploy(
      api(),
      oneTaskProcess(
        pid,
        type,
        `<zeebe:ioMapping>
          <zeebe:output source="=score" target="riskScore" />
          <zeebe:output source="=score &gt; 50" target="risky" />
          <zeebe:output source="=details.reason" target="case.reason" />
        </zeebe:ioMapping>`,
      ),
    );
    const pending = api().createProcessInstanceWithResult({
      bpmnProcessId: pid,
      variables: { case: { id: 7 } },
      requestTimeout: 20_000,
    });
    const job = await activateOne(api(), type);
    await api().completeJob(job.key, { score: 80, details: { reason: 'r' }, junk: true });
    expect((await pending).variables).toEqual({
      case: { id: 7, reason: 'r' },
      riskScore: 80,
      risky: true,
    });
  });

  it('SetVariables local writes only the element scope; propagated goes to the root', async () => {
    const pid = uid('setvars');
    const type = uid('svc');
    await deploy(api(), oneTaskProcess(pid, type));
    const pending = api().createProcessInstanceWithResult({
      bpmnProcessId: pid,
      variables: { a: 1 },
      requestTimeout: 25_000,
    });
    const job = await activateOne(api(), type, { timeout: 1_000 });
    await api().setVariables({
      elementInstanceKey: job.elementInstanceKey,
      variables: { onlyHere: 'L' },
      local: true,
    });
    await api().setVariables({
      elementInstanceKey: job.elementInstanceKey,
      variables: { everywhere: 'P' },
      local: false,
    });
    await api().setVariables({
      elementInstanceKey: job.processInstanceKey,
      variables: { a: 2 },
      local: false,
    });
    // after the activation timed out, the job is handed out again and sees the new variables
    const again = await activateOne(api(), type, { timeoutMs: 15_000 });
    expect(again.key).toBe(job.key);
    expect(again.variables).toEqual({ a: 2, onlyHere: 'L', everywhere: 'P' });
    await api().completeJob(again.key);
    expect((await pending).variables).toEqual({ a: 2, everywhere: 'P' });
  });

  it('SetVariables: unknown element instance gets NOT_FOUND, a non-object document INVALID_ARGUMENT', async () => {
    await expectGrpcError(
      api().setVariables({ elementInstanceKey: '2251799813999993', variables: { x: 1 }, local: false }),
      'NOT_FOUND',
    );
    const pid = uid('setvars_bad');
    await deploy(api(), oneTaskProcess(pid, uid('svc')));
    const inst = await api().createProcessInstance({ bpmnProcessId: pid });
    await expectGrpcError(
      api().rawUnary('setVariables', {
        elementInstanceKey: inst.processInstanceKey,
        variables: '[1,2]',
        local: false,
      }),
      'INVALID_ARGUMENT',
    );
  });

  it('job variables merge into the nearest scope that has the variable', async () => {
    const pid = uid('nearest');
    const type = uid('svc');
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    <bpmn:subProcess id="sub">
      <bpmn:extensionElements>
        <zeebe:ioMapping>
          <zeebe:input source="=0" target="counter" />
          <zeebe:output source="=counter" target="finalCount" />
        </zeebe:ioMapping>
      </bpmn:extensionElements>
      <bpmn:startEvent id="s" />
      ${serviceTask('count', type)}
      <bpmn:endEvent id="e" />
      ${chain('s', 'count', 'e')}
    </bpmn:subProcess>
    <bpmn:endEvent id="end" />
    ${chain('start', 'sub', 'end')}`,
      ),
    );
    const pending = api().createProcessInstanceWithResult({
      bpmnProcessId: pid,
      variables: { counter: 100, other: 'o' },
      requestTimeout: 20_000,
    });
    const job = await activateOne(api(), type);
    expect(job.variables).toEqual({ counter: 0, other: 'o' }); // the inner scope shadows the root
    await api().completeJob(job.key, { counter: 5, other: 'changed' });
    expect((await pending).variables).toEqual({ counter: 100, other: 'changed', finalCount: 5 });
  });

  it('FEEL extras: is defined, get or else, now(), today(), date and duration arithmetic', async () => {
    const pid = uid('feel_extras');
    const type = uid('svc');
    await deploy(
      api(),
      oneTaskProcess(
        pid,
        type,
        `<zeebe:ioMapping>
          <zeebe:input source="=is defined(present)" target="hasPresent" />
          <zeebe:input source="=is defined(absent)" target="hasAbsent" />
          <zeebe:input source="=get or else(absent, &quot;fallback&quot;)" target="fallback" />
          <zeebe:input source="=get or else(present, &quot;fallback&quot;)" target="kept" />
          <zeebe:input source="=string(date(&quot;2024-01-31&quot;) + duration(&quot;P1D&quot;))" target="nextDay" />
          <zeebe:input source="=now() != null" target="hasNow" />
          <zeebe:input source="=today() &lt; date(&quot;2999-01-01&quot;)" target="todayOk" />
        </zeebe:ioMapping>`,
      ),
    );
    await api().createProcessInstance({ bpmnProcessId: pid, variables: { present: 'yes' } });
    const job = await activateOne(api(), type, {
      fetchVariable: ['hasPresent', 'hasAbsent', 'fallback', 'kept', 'nextDay', 'hasNow', 'todayOk'],
    });
    expect(job.variables).toEqual({
      hasPresent: true,
      hasAbsent: false,
      fallback: 'fallback',
      kept: 'yes',
      nextDay: '2024-02-01',
      hasNow: true,
      todayOk: true,
    });
  });

  it('a FEEL failure (job type evaluates to null) raises an incident; SetVariables + ResolveIncident continues', async () => {
    const pid = uid('feel_fail');
    const kind = uid('kind');
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="dyn">
      <bpmn:extensionElements><zeebe:taskDefinition type="=jobKind" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:endEvent id="end" />
    ${chain('start', 'dyn', 'end')}`,
      ),
    );
    const inst = await api().createProcessInstance({ bpmnProcessId: pid });
    const incident = await waitForIncident(t.engine, inst.processInstanceKey);
    expect(incident.type).toBe('EXTRACT_VALUE_ERROR');
    expect(incident.elementId).toBe('dyn');
    expect(incident.message).toContain('jobKind');
    await api().setVariables({
      elementInstanceKey: inst.processInstanceKey,
      variables: { jobKind: kind },
      local: false,
    });
    await api().resolveIncident(incident.key);
    const job = await activateOne(api(), kind);
    expect(job.processInstanceKey).toBe(inst.processInstanceKey);
  });

  it('script task (zeebe:script) evaluates FEEL into its result variable', async () => {
    const pid = uid('script');
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    <bpmn:scriptTask id="calc">
      <bpmn:extensionElements>
        <zeebe:script expression="=sum(for x in items return x * factor)" resultVariable="total" />
      </bpmn:extensionElements>
    </bpmn:scriptTask>
    <bpmn:endEvent id="end" />
    ${chain('start', 'calc', 'end')}`,
      ),
    );
    const res = await api().createProcessInstanceWithResult({
      bpmnProcessId: pid,
      variables: { items: [1, 2, 3], factor: 2 },
    });
    expect(res.variables).toEqual({ items: [1, 2, 3], factor: 2, total: 12 });
  });

  it('send, business rule (job) and script (job) tasks create jobs; manual and plain tasks pass through', async () => {
    const pid = uid('task_kinds');
    const types = { send: uid('send'), rule: uid('rule'), script: uid('script_job') };
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    <bpmn:task id="plain" />
    <bpmn:manualTask id="manual" />
    <bpmn:sendTask id="send"><bpmn:extensionElements><zeebe:taskDefinition type="${types.send}" /></bpmn:extensionElements></bpmn:sendTask>
    <bpmn:businessRuleTask id="rule"><bpmn:extensionElements><zeebe:taskDefinition type="${types.rule}" /></bpmn:extensionElements></bpmn:businessRuleTask>
    <bpmn:scriptTask id="script_job"><bpmn:extensionElements><zeebe:taskDefinition type="${types.script}" /></bpmn:extensionElements></bpmn:scriptTask>
    <bpmn:endEvent id="end" />
    ${chain('start', 'plain', 'manual', 'send', 'rule', 'script_job', 'end')}`,
      ),
    );
    const pending = api().createProcessInstanceWithResult({ bpmnProcessId: pid, requestTimeout: 20_000 });
    for (const [elementId, type] of [
      ['send', types.send],
      ['rule', types.rule],
      ['script_job', types.script],
    ]) {
      const job = await activateOne(api(), type);
      expect(job.elementId).toBe(elementId);
      await api().completeJob(job.key, { [elementId]: true });
    }
    expect((await pending).variables).toEqual({ send: true, rule: true, script_job: true });
  });
});
