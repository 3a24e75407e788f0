import { compileResource } from './compile';
import { ModelError, type CompiledResource, type ExecutableProcess } from './model.types';

const NS =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" ' +
  'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"';

/** A definitions document with one executable process `p` around `body`, plus root elements `roots`. */
function bpmn(body: string, roots = ''): Buffer {
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions ${NS} id="d" targetNamespace="t">${roots}` +
      `<bpmn:process id="p" name="P" isExecutable="true">${body}</bpmn:process></bpmn:definitions>`,
  );
}

const job = (type = 'work') =>
  `<bpmn:extensionElements><zeebe:taskDefinition type="${type}"/></bpmn:extensionElements>`;
const flow = (id: string, from: string, to: string, cond?: string) =>
  cond === undefined
    ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`
    : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression>${cond}</bpmn:conditionExpression></bpmn:sequenceFlow>`;
const MSG = `<bpmn:message id="m1" name="ping"><bpmn:extensionElements><zeebe:subscription correlationKey="=key"/></bpmn:extensionElements></bpmn:message>`;
const ERR = `<bpmn:error id="e1" errorCode="NOT_ELIGIBLE"/>`;
const START = `<bpmn:startEvent id="s"/>`;

async function processOf(body: string, roots = ''): Promise<ExecutableProcess> {
  const r: CompiledResource = await compileResource('m.bpmn', bpmn(body, roots));
  if (r.kind !== 'bpmn') throw new Error('expected bpmn');
  return r.processes[0];
}

async function refusal(body: string, roots = ''): Promise<string> {
  try {
    await compileResource('m.bpmn', bpmn(body, roots));
  } catch (err) {
    expect(err).toBeInstanceOf(ModelError);
    return (err as Error).message;
  }
  throw new Error('expected a ModelError');
}

describe('compileResource: valid models', () => {
  it('compiles a service task with FEEL type/retries, headers and io mappings', async () => {
    const p = await processOf(
      START +
        `<bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="=&quot;a-&quot; + kind" retries="=r"/>` +
        `<zeebe:taskHeaders><zeebe:header key="h" value="v"/></zeebe:taskHeaders>` +
        `<zeebe:ioMapping><zeebe:input source="=x.y" target="a.b"/><zeebe:input source="static text" target="c"/>` +
        `<zeebe:output source="=result" target="out"/></zeebe:ioMapping>` +
        `<zeebe:executionListeners><zeebe:executionListener eventType="start" type="audit"/></zeebe:executionListeners>` +
        `</bpmn:extensionElements></bpmn:serviceTask><bpmn:endEvent id="e"/>` +
        flow('f1', 's', 't') +
        flow('f2', 't', 'e'),
    );
    expect(p.bpmnProcessId).toBe('p');
    expect(p.noneStartEventId).toBe('s');
    expect(p.children).toEqual(['s', 't', 'e']);
    const t = p.elements.get('t')!;
    expect(t.kind).toBe('jobTask');
    expect(t.job).toEqual({
      type: { kind: 'feel', source: '"a-" + kind' },
      retries: { kind: 'feel', source: 'r' },
      headers: { h: 'v' },
    });
    expect(t.inputs).toEqual([
      { source: { kind: 'feel', source: 'x.y' }, target: 'a.b' },
      { source: { kind: 'static', value: 'static text' }, target: 'c' },
    ]);
    expect(t.outputs).toEqual([{ source: { kind: 'feel', source: 'result' }, target: 'out' }]);
    expect(t.executionListeners).toEqual([
      {
        eventType: 'start',
        type: { kind: 'static', value: 'audit' },
        retries: { kind: 'static', value: '3' },
      },
    ]);
    expect(t.incoming).toEqual(['f1']);
    expect(t.outgoing).toEqual(['f2']);
    expect(p.elements.get('e')).toMatchObject({ kind: 'endEvent', eventType: 'none' });
  });

  it.each([
    ['bpmn:Task', `<bpmn:task id="x"/>`, { kind: 'task' }],
    ['bpmn:ManualTask', `<bpmn:manualTask id="x"/>`, { kind: 'task' }],
    ['bpmn:SendTask', `<bpmn:sendTask id="x">${job()}</bpmn:sendTask>`, { kind: 'jobTask' }],
    [
      'bpmn:BusinessRuleTask',
      `<bpmn:businessRuleTask id="x">${job()}</bpmn:businessRuleTask>`,
      { kind: 'jobTask' },
    ],
    ['bpmn:ScriptTask (job)', `<bpmn:scriptTask id="x">${job()}</bpmn:scriptTask>`, { kind: 'jobTask' }],
    [
      'bpmn:ScriptTask (zeebe:script)',
      `<bpmn:scriptTask id="x"><bpmn:extensionElements><zeebe:script expression="=a + 1" resultVariable="r"/></bpmn:extensionElements></bpmn:scriptTask>`,
      { kind: 'scriptTask', script: { expression: { kind: 'feel', source: 'a + 1' }, resultVariable: 'r' } },
    ],
    [
      'bpmn:ReceiveTask',
      `<bpmn:receiveTask id="x" messageRef="m1"/>`,
      {
        kind: 'receiveTask',
        message: { name: { kind: 'static', value: 'ping' }, correlationKey: { kind: 'feel', source: 'key' } },
      },
    ],
    [
      'bpmn:CallActivity',
      `<bpmn:callActivity id="x"><bpmn:extensionElements><zeebe:calledElement processId="=child" propagateAllChildVariables="false"/></bpmn:extensionElements></bpmn:callActivity>`,
      {
        kind: 'callActivity',
        calledElement: {
          processId: { kind: 'feel', source: 'child' },
          propagateAllChildVariables: false,
          propagateAllParentVariables: true,
        },
      },
    ],
    [
      'timer catch',
      `<bpmn:intermediateCatchEvent id="x"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`,
      {
        kind: 'intermediateCatchEvent',
        eventType: 'timer',
        timer: { type: 'duration', expression: { kind: 'static', value: 'PT1H' } },
      },
    ],
    [
      'message catch',
      `<bpmn:intermediateCatchEvent id="x"><bpmn:messageEventDefinition messageRef="m1"/></bpmn:intermediateCatchEvent>`,
      { kind: 'intermediateCatchEvent', eventType: 'message' },
    ],
    [
      'none throw',
      `<bpmn:intermediateThrowEvent id="x"/>`,
      { kind: 'intermediateThrowEvent', eventType: 'none' },
    ],
    [
      'message throw',
      `<bpmn:intermediateThrowEvent id="x">${job('send')}<bpmn:messageEventDefinition/></bpmn:intermediateThrowEvent>`,
      { kind: 'jobTask', eventType: 'message', job: { type: { kind: 'static', value: 'send' } } },
    ],
  ])('compiles %s', async (_label, xml, expected) => {
    const p = await processOf(START + xml + flow('f1', 's', 'x'), MSG);
    expect(p.elements.get('x')).toMatchObject(expected);
  });

  it('compiles end events: error, terminate, message (job)', async () => {
    const p = await processOf(
      `<bpmn:startEvent id="s"/><bpmn:parallelGateway id="g"/>` +
        `<bpmn:endEvent id="ee1"><bpmn:errorEventDefinition errorRef="e1"/></bpmn:endEvent>` +
        `<bpmn:endEvent id="e2"><bpmn:terminateEventDefinition/></bpmn:endEvent>` +
        `<bpmn:endEvent id="e3">${job('notify')}<bpmn:messageEventDefinition/></bpmn:endEvent>` +
        flow('f0', 's', 'g') +
        flow('f1', 'g', 'ee1') +
        flow('f2', 'g', 'e2') +
        flow('f3', 'g', 'e3'),
      ERR,
    );
    expect(p.elements.get('ee1')).toMatchObject({
      kind: 'endEvent',
      eventType: 'error',
      errorCode: { kind: 'static', value: 'NOT_ELIGIBLE' },
    });
    expect(p.elements.get('e2')).toMatchObject({ kind: 'endEvent', eventType: 'terminate' });
    expect(p.elements.get('e3')).toMatchObject({ kind: 'jobTask', eventType: 'message' });
  });

  it('compiles boundary events and registers them on the host', async () => {
    const p = await processOf(
      START +
        `<bpmn:serviceTask id="t">${job()}</bpmn:serviceTask>` +
        `<bpmn:boundaryEvent id="b1" attachedToRef="t"><bpmn:errorEventDefinition errorRef="e1"/></bpmn:boundaryEvent>` +
        `<bpmn:boundaryEvent id="b2" attachedToRef="t" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle>R3/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>` +
        `<bpmn:boundaryEvent id="b3" attachedToRef="t"><bpmn:messageEventDefinition messageRef="m1"/></bpmn:boundaryEvent>` +
        `<bpmn:boundaryEvent id="b4" attachedToRef="t"><bpmn:errorEventDefinition/></bpmn:boundaryEvent>` +
        `<bpmn:endEvent id="e"/>` +
        flow('f1', 's', 't') +
        flow('f2', 't', 'e') +
        flow('f3', 'b1', 'e') +
        flow('f4', 'b2', 'e') +
        flow('f5', 'b3', 'e') +
        flow('f6', 'b4', 'e'),
      MSG + ERR,
    );
    expect(p.elements.get('t')!.boundaryEvents).toEqual(['b1', 'b2', 'b3', 'b4']);
    expect(p.elements.get('b1')).toMatchObject({
      eventType: 'error',
      interrupting: true,
      attachedTo: 't',
      errorCode: { kind: 'static', value: 'NOT_ELIGIBLE' },
    });
    expect(p.elements.get('b2')).toMatchObject({ eventType: 'timer', interrupting: false });
    expect(p.elements.get('b3')).toMatchObject({ eventType: 'message' });
    expect(p.elements.get('b4')!.errorCode).toBeUndefined(); // catch all
  });

  it('compiles gateways with conditions and default flows', async () => {
    const p = await processOf(
      START +
        `<bpmn:exclusiveGateway id="g" default="f3"/><bpmn:endEvent id="a"/><bpmn:endEvent id="b"/>` +
        flow('f1', 's', 'g') +
        flow('f2', 'g', 'a', '= x &gt; 1') +
        flow('f3', 'g', 'b'),
    );
    expect(p.elements.get('g')).toMatchObject({
      kind: 'exclusiveGateway',
      defaultFlow: 'f3',
      outgoing: ['f2', 'f3'],
    });
    expect(p.flows.get('f2')!.condition).toEqual({ kind: 'feel', source: 'x > 1' });
  });

  it('compiles an event-based gateway with its targets', async () => {
    const p = await processOf(
      START +
        `<bpmn:eventBasedGateway id="g"/>` +
        `<bpmn:intermediateCatchEvent id="m"><bpmn:messageEventDefinition messageRef="m1"/></bpmn:intermediateCatchEvent>` +
        `<bpmn:intermediateCatchEvent id="t"><bpmn:timerEventDefinition><bpmn:timeDate>2030-01-01T00:00:00Z</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>` +
        `<bpmn:receiveTask id="r" messageRef="m1"/>` +
        flow('f1', 's', 'g') +
        flow('f2', 'g', 'm') +
        flow('f3', 'g', 't') +
        flow('f4', 'g', 'r'),
      MSG,
    );
    expect(p.elements.get('g')!.eventTargets).toEqual(['m', 't', 'r']);
  });

  it('compiles subprocesses, event subprocesses and multi-instance', async () => {
    const p = await processOf(
      START +
        `<bpmn:subProcess id="sub"><bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:extensionElements>` +
        `<zeebe:loopCharacteristics inputCollection="=items" inputElement="item" outputCollection="results" outputElement="=r"/>` +
        `</bpmn:extensionElements><bpmn:completionCondition>=done</bpmn:completionCondition></bpmn:multiInstanceLoopCharacteristics>` +
        `<bpmn:startEvent id="ss"/><bpmn:task id="st"/>${flow('sf', 'ss', 'st')}</bpmn:subProcess>` +
        `<bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="es" isInterrupting="false"><bpmn:messageEventDefinition messageRef="m1"/></bpmn:startEvent></bpmn:subProcess>` +
        `<bpmn:subProcess id="esp2" triggeredByEvent="true"><bpmn:startEvent id="es2"><bpmn:errorEventDefinition/></bpmn:startEvent></bpmn:subProcess>` +
        flow('f1', 's', 'sub'),
      MSG,
    );
    const sub = p.elements.get('sub')!;
    expect(sub).toMatchObject({ kind: 'subProcess', children: ['ss', 'st'], startEventId: 'ss' });
    expect(sub.multiInstance).toEqual({
      sequential: true,
      inputCollection: { kind: 'feel', source: 'items' },
      inputElement: 'item',
      outputCollection: 'results',
      outputElement: { kind: 'feel', source: 'r' },
      completionCondition: { kind: 'feel', source: 'done' },
    });
    expect(p.elements.get('st')!.parentId).toBe('sub');
    expect(p.eventSubProcesses).toEqual(['esp', 'esp2']);
    expect(p.elements.get('esp')).toMatchObject({
      kind: 'eventSubProcess',
      startEventId: 'es',
      interrupting: false,
    });
    expect(p.elements.get('es')).toMatchObject({
      eventType: 'message',
      interrupting: false,
      message: { correlationKey: { kind: 'feel', source: 'key' } },
    });
    expect(p.elements.get('es2')).toMatchObject({ eventType: 'error', interrupting: true });
  });

  it('compiles a user task with assignment, schedule, form and headers', async () => {
    const p = await processOf(
      START +
        `<bpmn:userTask id="u"><bpmn:extensionElements><zeebe:userTask/>` +
        `<zeebe:assignmentDefinition assignee="=owner" candidateGroups="sachbearbeitung, leitung"/>` +
        `<zeebe:taskSchedule dueDate="=now() + duration(&quot;P3D&quot;)"/>` +
        `<zeebe:formDefinition formId="antrag-pruefen"/><zeebe:taskHeaders><zeebe:header key="k" value="v"/></zeebe:taskHeaders>` +
        `</bpmn:extensionElements></bpmn:userTask>` +
        flow('f', 's', 'u'),
    );
    const u = p.elements.get('u')!;
    expect(u.kind).toBe('userTask');
    expect(u.userTask).toEqual({
      assignee: { kind: 'feel', source: 'owner' },
      candidateGroups: { kind: 'static', value: 'sachbearbeitung, leitung' },
      dueDate: { kind: 'feel', source: 'now() + duration("P3D")' },
      formId: 'antrag-pruefen',
      camundaUserTask: true,
    });
    expect(u.job).toMatchObject({
      type: { kind: 'static', value: 'io.camunda.zeebe:userTask' },
      headers: { k: 'v' },
    });
  });

  it('accepts processes with only message / timer start events', async () => {
    const p = await processOf(
      `<bpmn:startEvent id="ms"><bpmn:messageEventDefinition messageRef="m1"/></bpmn:startEvent>` +
        `<bpmn:startEvent id="ts"><bpmn:timerEventDefinition><bpmn:timeCycle>0 0 9 * * MON-FRI</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>`,
      MSG,
    );
    expect(p.noneStartEventId).toBeUndefined();
    expect(p.messageStartEventIds).toEqual(['ms']);
    expect(p.timerStartEventIds).toEqual(['ts']);
    expect(p.elements.get('ms')!.message!.correlationKey).toBeUndefined();
  });

  it('compiles execution listeners on the process itself, in document order', async () => {
    const p = await processOf(
      `<bpmn:extensionElements><zeebe:executionListeners>` +
        `<zeebe:executionListener eventType="start" type="open" />` +
        `<zeebe:executionListener eventType="end" type="=closeType" retries="=n" />` +
        `</zeebe:executionListeners></bpmn:extensionElements>${START}`,
    );
    expect(p.executionListeners).toEqual([
      {
        eventType: 'start',
        type: { kind: 'static', value: 'open' },
        retries: { kind: 'static', value: '3' },
      },
      {
        eventType: 'end',
        type: { kind: 'feel', source: 'closeType' },
        retries: { kind: 'feel', source: 'n' },
      },
    ]);
    expect((await processOf(START)).executionListeners).toEqual([]);
  });

  it('compiles a .form resource', async () => {
    const r = await compileResource(
      'a.form',
      Buffer.from(JSON.stringify({ id: 'antrag', components: [], type: 'default' })),
    );
    expect(r).toMatchObject({ kind: 'form', formId: 'antrag' });
  });

  it('ignores non-executable processes beside an executable one', async () => {
    const xml = Buffer.from(
      `<bpmn:definitions ${NS} id="d"><bpmn:process id="a" isExecutable="false"><bpmn:startEvent id="x"/></bpmn:process>` +
        `<bpmn:process id="b" isExecutable="true"><bpmn:startEvent id="y"/></bpmn:process></bpmn:definitions>`,
    );
    const r = await compileResource('two.bpmn', xml);
    expect(r.kind === 'bpmn' && r.processes.map((p) => p.bpmnProcessId)).toEqual(['b']);
  });
});

describe('compileResource: refusals name the element id and type', () => {
  it.each<[string, string, string, RegExp]>([
    [
      'service task without job type',
      `<bpmn:serviceTask id="t1"/>`,
      '',
      /Element 't1' \(bpmn:ServiceTask\): must have a zeebe:taskDefinition with a job type/,
    ],
    [
      'script task without script or job',
      `<bpmn:scriptTask id="t1"/>`,
      '',
      /Element 't1' \(bpmn:ScriptTask\)/,
    ],
    [
      'complex gateway',
      `<bpmn:complexGateway id="g1"/>`,
      '',
      /Element 'g1' \(bpmn:ComplexGateway\): element type is not supported/,
    ],
    [
      'transaction',
      `<bpmn:transaction id="tx"><bpmn:startEvent id="ts"/></bpmn:transaction>`,
      '',
      /Element 'tx' \(bpmn:Transaction\)/,
    ],
    ['ad-hoc subprocess', `<bpmn:adHocSubProcess id="ah"/>`, '', /Element 'ah' \(bpmn:AdHocSubProcess\)/],
    [
      'conditional catch event',
      `<bpmn:intermediateCatchEvent id="c1"><bpmn:conditionalEventDefinition><bpmn:condition>=x</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>`,
      '',
      /Element 'c1' \(bpmn:IntermediateCatchEvent\): event definition bpmn:ConditionalEventDefinition is not supported/,
    ],
    [
      'link throw',
      `<bpmn:intermediateThrowEvent id="l1"><bpmn:linkEventDefinition name="a"/></bpmn:intermediateThrowEvent>`,
      '',
      /Element 'l1' \(bpmn:IntermediateThrowEvent\).*LinkEventDefinition/,
    ],
    [
      'escalation end',
      `<bpmn:endEvent id="x1"><bpmn:escalationEventDefinition/></bpmn:endEvent>`,
      '',
      /Element 'x1' \(bpmn:EndEvent\).*EscalationEventDefinition/,
    ],
    [
      'compensation throw',
      `<bpmn:intermediateThrowEvent id="c2"><bpmn:compensateEventDefinition/></bpmn:intermediateThrowEvent>`,
      '',
      /Element 'c2' \(bpmn:IntermediateThrowEvent\).*CompensateEventDefinition/,
    ],
    [
      'receive task without correlation key',
      `<bpmn:receiveTask id="r1" messageRef="mx"/>`,
      `<bpmn:message id="mx" name="x"/>`,
      /Element 'r1' \(bpmn:ReceiveTask\): the referenced message 'mx' must have a zeebe:subscription with a correlationKey/,
    ],
    [
      'receive task without message',
      `<bpmn:receiveTask id="r1"/>`,
      '',
      /Element 'r1' \(bpmn:ReceiveTask\): must reference a bpmn:Message/,
    ],
    [
      'static correlation key',
      `<bpmn:receiveTask id="r1" messageRef="mx"/>`,
      `<bpmn:message id="mx" name="x"><bpmn:extensionElements><zeebe:subscription correlationKey="orderId"/></bpmn:extensionElements></bpmn:message>`,
      /Element 'r1' \(bpmn:ReceiveTask\): correlationKey: Expected expression but found static value 'orderId'/,
    ],
    [
      'error end event without code',
      `<bpmn:endEvent id="e1"><bpmn:errorEventDefinition errorRef="er"/></bpmn:endEvent>`,
      `<bpmn:error id="er"/>`,
      /Element 'e1' \(bpmn:EndEvent\): the referenced error 'er' must have an errorCode/,
    ],
    [
      'invalid static timer',
      `<bpmn:intermediateCatchEvent id="tm"><bpmn:timerEventDefinition><bpmn:timeDuration>PT</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`,
      '',
      /Element 'tm' \(bpmn:IntermediateCatchEvent\): Invalid duration 'PT'/,
    ],
    [
      'invalid cron',
      `<bpmn:startEvent id="ts"><bpmn:timerEventDefinition><bpmn:timeCycle>0 9 * *</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>`,
      '',
      /Element 'ts' \(bpmn:StartEvent\): Invalid time cycle/,
    ],
    [
      'FEEL syntax error',
      `<bpmn:serviceTask id="t1"><bpmn:extensionElements><zeebe:taskDefinition type="=a +"/></bpmn:extensionElements></bpmn:serviceTask>`,
      '',
      /Element 't1' \(bpmn:ServiceTask\): job type: failed to evaluate expression 'a \+'/,
    ],
    [
      'multi-instance without inputCollection',
      `<bpmn:task id="mi"><bpmn:multiInstanceLoopCharacteristics/></bpmn:task>`,
      '',
      /Element 'mi' \(bpmn:Task\): a multi-instance activity must have zeebe:loopCharacteristics with an inputCollection/,
    ],
    [
      'static output mapping source',
      `<bpmn:task id="t1"><bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="x" target="y"/></zeebe:ioMapping></bpmn:extensionElements></bpmn:task>`,
      '',
      /Element 't1' \(bpmn:Task\): zeebe:output 'y' source: Expected expression/,
    ],
    [
      'call activity without process id',
      `<bpmn:callActivity id="ca"/>`,
      '',
      /Element 'ca' \(bpmn:CallActivity\): must have a zeebe:calledElement with a processId/,
    ],
    [
      'subprocess without start event',
      `<bpmn:subProcess id="sp"><bpmn:task id="x"/></bpmn:subProcess>`,
      '',
      /Element 'sp' \(bpmn:SubProcess\): an embedded subprocess must have exactly one none start event/,
    ],
    [
      'event subprocess with none start',
      `<bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="x"/></bpmn:subProcess>`,
      '',
      /Element 'x' \(bpmn:StartEvent\): the start event of an event subprocess must be a message, timer, error or signal start event/,
    ],
    [
      'start listener on start event',
      `<bpmn:startEvent id="s2"><bpmn:extensionElements><zeebe:executionListeners><zeebe:executionListener eventType="start" type="a"/></zeebe:executionListeners></bpmn:extensionElements><bpmn:messageEventDefinition messageRef="m1"/></bpmn:startEvent>`,
      MSG,
      /Element 's2' \(bpmn:StartEvent\): execution listeners of type 'start' are not supported by start events/,
    ],
  ])('%s', async (_label, xml, roots, expected) => {
    expect(await refusal(START + xml, roots)).toMatch(expected);
  });

  it('refuses a gateway flow without condition that is not the default', async () => {
    const msg = await refusal(
      START +
        `<bpmn:exclusiveGateway id="g1"/><bpmn:endEvent id="a"/><bpmn:endEvent id="b"/>` +
        flow('f1', 's', 'g1') +
        flow('f2', 'g1', 'a', '=x') +
        flow('f3', 'g1', 'b'),
    );
    expect(msg).toMatch(
      /Element 'g1' \(bpmn:ExclusiveGateway\): outgoing sequence flow 'f3' must have a condition expression/,
    );
  });

  it('refuses a condition without the = prefix', async () => {
    const msg = await refusal(
      START +
        `<bpmn:exclusiveGateway id="g1" default="f3"/><bpmn:endEvent id="a"/><bpmn:endEvent id="b"/>` +
        flow('f1', 's', 'g1') +
        flow('f2', 'g1', 'a', 'x &gt; 1') +
        flow('f3', 'g1', 'b'),
    );
    expect(msg).toMatch(
      /Element 'f2' \(bpmn:SequenceFlow\): condition expression: Expected expression but found static value 'x > 1'/,
    );
  });

  it('refuses a boundary event on a non-activity', async () => {
    const msg = await refusal(
      START +
        `<bpmn:boundaryEvent id="b1" attachedToRef="s"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>`,
    );
    expect(msg).toMatch(
      /Element 'b1' \(bpmn:BoundaryEvent\): a boundary event must be attached to an activity, but 's' is bpmn:StartEvent/,
    );
  });

  it('refuses an event-based gateway followed by a task', async () => {
    const msg = await refusal(
      START +
        `<bpmn:eventBasedGateway id="g1"/><bpmn:task id="a"/><bpmn:task id="b"/>` +
        flow('f1', 's', 'g1') +
        flow('f2', 'g1', 'a') +
        flow('f3', 'g1', 'b'),
    );
    expect(msg).toMatch(/Element 'g1' \(bpmn:EventBasedGateway\): the target 'a' \(bpmn:Task\)/);
  });

  it('refuses a process without any start event', async () => {
    expect(await refusal(`<bpmn:task id="t"/>`)).toMatch(
      /Process 'p' \(bpmn:Process\): must have at least one none, message, timer or signal start event/,
    );
  });

  it('refuses two none start events', async () => {
    expect(await refusal(START + `<bpmn:startEvent id="s2"/>`)).toMatch(
      /must not have more than one none start event/,
    );
  });

  it('refuses when no process is executable', async () => {
    const xml = Buffer.from(
      `<bpmn:definitions ${NS} id="d"><bpmn:process id="a" isExecutable="false"><bpmn:startEvent id="x"/></bpmn:process></bpmn:definitions>`,
    );
    await expect(compileResource('n.bpmn', xml)).rejects.toThrow(/at least one executable process/);
  });

  it('refuses malformed XML with the parser message', async () => {
    await expect(compileResource('bad.bpmn', Buffer.from('<bpmn:definitions><oops'))).rejects.toThrow(
      ModelError,
    );
    await expect(
      compileResource(
        'bad.bpmn',
        Buffer.from(`<bpmn:definitions ${NS}><bpmn:process id="p"></bpmn:definition>`),
      ),
    ).rejects.toThrow(/failed to parse BPMN XML: .*closing tag mismatch/);
  });

  it('refuses unresolved references and duplicate ids', async () => {
    expect(await refusal(START + flow('f1', 's', 'missing'))).toMatch(/unresolved reference <missing>/);
    expect(await refusal(START + `<bpmn:task id="s"/>`)).toMatch(/duplicate ID <s>/);
  });

  it.each([
    ['not JSON', 'nope', /invalid JSON/],
    ['no id', JSON.stringify({ components: [] }), /must have a string 'id'/],
    ['no components', JSON.stringify({ id: 'x' }), /must have a 'components' array/],
  ])('refuses a form: %s', async (_l, text, expected) => {
    await expect(compileResource('x.form', Buffer.from(text))).rejects.toThrow(expected);
  });
});
