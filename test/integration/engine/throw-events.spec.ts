import { CLIENTS, activateOne, bpmn, chain, deploy, uid, useTestEngine } from '../../utils/engine';

jest.setTimeout(30_000);

/** Throw events: none (pass through), message throw and message end events as jobs (Zeebe dialect). */
const t = useTestEngine();

describe.each(CLIENTS)('throw events (%s)', (client) => {
  const api = () => t.apis[client];

  it('a none throw event passes; message throw and message end events are jobs with their headers', async () => {
    const pid = uid('throw');
    const notify = uid('notify');
    const finish = uid('finish');
    await deploy(
      api(),
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    <bpmn:intermediateThrowEvent id="milestone" />
    <bpmn:intermediateThrowEvent id="tell_office">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="${notify}" retries="2" />
        <zeebe:taskHeaders><zeebe:header key="channel" value="post" /></zeebe:taskHeaders>
      </bpmn:extensionElements>
      <bpmn:messageEventDefinition />
    </bpmn:intermediateThrowEvent>
    <bpmn:endEvent id="tell_person">
      <bpmn:extensionElements><zeebe:taskDefinition type="${finish}" /></bpmn:extensionElements>
      <bpmn:messageEventDefinition />
    </bpmn:endEvent>
    ${chain('start', 'milestone', 'tell_office', 'tell_person')}`,
      ),
    );
    const pending = api().createProcessInstanceWithResult({
      bpmnProcessId: pid,
      variables: { caseId: 'A-1' },
      requestTimeout: 20_000,
    });
    const first = await activateOne(api(), notify);
    expect(first.elementId).toBe('tell_office');
    expect(first.retries).toBe(2);
    expect(first.customHeaders).toEqual({ channel: 'post' });
    await api().completeJob(first.key, { sent: true });
    const last = await activateOne(api(), finish);
    expect(last.elementId).toBe('tell_person');
    expect(last.variables).toEqual({ caseId: 'A-1', sent: true });
    await api().completeJob(last.key, {});
    const res = await pending;
    expect(res.variables).toEqual({ caseId: 'A-1', sent: true });
  });
});
