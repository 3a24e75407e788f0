import { CLIENTS, bpmn, chain, uid, useTestEngine, waitFor, type Job } from '../../utils/engine';

jest.setTimeout(30_000);

/** Job-based user tasks: job type io.camunda.zeebe:userTask with Zeebe's reserved headers. */
const t = useTestEngine();

const USER_TASK = 'io.camunda.zeebe:userTask';

describe.each(CLIENTS)('user tasks (%s)', (client) => {
  const api = () => t.apis[client];

  /**
   * All user-task jobs share one job type: activate what is there, keep the job that matches and hand
   * the others straight back (FailJob with unchanged retries, no back-off).
   */
  async function userTaskJob(match: (j: Job) => boolean): Promise<Job> {
    return waitFor(
      async () => {
        const jobs = await api().activateJobs({
          type: USER_TASK,
          maxJobsToActivate: 32,
          requestTimeout: 500,
        });
        const mine = jobs.find(match);
        for (const j of jobs) {
          if (j !== mine) await api().failJob({ jobKey: j.key, retries: j.retries, retryBackOff: 0 });
        }
        return mine;
      },
      10_000,
      50,
      'a matching user task job',
    );
  }

  it('creates a job with assignee, candidate groups/users, dates and a linked form key', async () => {
    const pid = uid('ut_headers');
    const formId = uid('antrag_form');
    const formSchema = JSON.stringify({
      id: formId,
      type: 'default',
      components: [{ key: 'decision', label: 'Entscheidung', type: 'textfield' }],
    });
    const xml = bpmn(
      pid,
      `    <bpmn:startEvent id="start" />
    <bpmn:userTask id="review" name="Antrag prüfen">
      <bpmn:extensionElements>
        <zeebe:assignmentDefinition assignee="=clerk" candidateGroups="sachbearbeitung, leitung" candidateUsers="=[&quot;anna&quot;, &quot;ben&quot;]" />
        <zeebe:taskSchedule dueDate="2030-01-15T10:00:00Z" followUpDate="=followUp" />
        <zeebe:formDefinition formId="${formId}" />
        <zeebe:taskHeaders><zeebe:header key="agency" value="ABH" /></zeebe:taskHeaders>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:endEvent id="end" />
    ${chain('start', 'review', 'end')}`,
    );
    const deployed = await api().deployResources([
      { name: `${pid}.bpmn`, content: xml },
      { name: `${formId}.form`, content: formSchema },
    ]);
    const formKey = deployed.forms[0].formKey;

    const pending = api().createProcessInstanceWithResult({
      bpmnProcessId: pid,
      variables: { clerk: 'clara', followUp: '2030-01-10T08:00:00Z' },
      requestTimeout: 20_000,
    });
    const job = await userTaskJob((j) => j.bpmnProcessId === pid);
    expect(job.type).toBe(USER_TASK);
    expect(job.elementId).toBe('review');
    const h = job.customHeaders;
    expect(h['io.camunda.zeebe:assignee']).toBe('clara');
    expect(JSON.parse(h['io.camunda.zeebe:candidateGroups'])).toEqual(['sachbearbeitung', 'leitung']);
    expect(JSON.parse(h['io.camunda.zeebe:candidateUsers'])).toEqual(['anna', 'ben']);
    expect(new Date(h['io.camunda.zeebe:dueDate']).toISOString()).toBe('2030-01-15T10:00:00.000Z');
    expect(new Date(h['io.camunda.zeebe:followUpDate']).toISOString()).toBe('2030-01-10T08:00:00.000Z');
    expect(h['io.camunda.zeebe:formKey']).toBe(formKey);
    expect(h.agency).toBe('ABH');

    await api().completeJob(job.key, { decision: 'approved' });
    expect((await pending).variables).toMatchObject({ decision: 'approved' });
  });

  it('a plain user task creates a job with no reserved headers and completes with CompleteJob', async () => {
    const pid = uid('ut_plain');
    await api().deployResources([
      {
        name: `${pid}.bpmn`,
        content: bpmn(
          pid,
          `    <bpmn:startEvent id="start" />
    <bpmn:userTask id="simple" />
    <bpmn:endEvent id="end" />
    ${chain('start', 'simple', 'end')}`,
        ),
      },
    ]);
    const inst = await api().createProcessInstance({ bpmnProcessId: pid, variables: { x: 1 } });
    const job = await userTaskJob((j) => j.processInstanceKey === inst.processInstanceKey);
    expect(job.elementId).toBe('simple');
    expect(job.variables).toEqual({ x: 1 });
    expect(Object.keys(job.customHeaders).filter((k) => k.startsWith('io.camunda.zeebe:'))).toEqual([]);
    await api().completeJob(job.key, { done: true });
  });
});
