import {
  parseCandidateGroups,
  parseHeaderDate,
  taskFieldsOf,
  type ActivatedUserTaskJob,
} from './user-task-job';

describe('user-task job → task fields', () => {
  it.each([
    ['["BS"]', ['BS']],
    ['["LG","BS"]', ['LG', 'BS']],
    ['[]', []],
    ['BS', ['BS']],
    ['LG, BS', ['LG', 'BS']],
    ['', []],
    [undefined, []],
  ])('candidate groups %p → %p', (header, groups) => {
    expect(parseCandidateGroups(header)).toEqual(groups);
  });

  it.each([
    ['2026-12-03T23:59:59+01:00', '2026-12-03T22:59:59.000Z'],
    ['2026-12-03T10:00:00Z', '2026-12-03T10:00:00.000Z'],
    ['kein Datum', null],
    ['', null],
    [undefined, null],
  ])('date header %p → %p', (header, expected) => {
    expect(parseHeaderDate(header)?.toISOString() ?? null).toBe(expected);
  });

  const job: ActivatedUserTaskJob = {
    key: '2251799813685300',
    processInstanceKey: '2251799813685290',
    elementInstanceKey: '2251799813685299',
    bpmnProcessId: 'asylblg-benefits',
    processDefinitionVersion: 3,
    elementId: 'Task_Pruefen',
    customHeaders: {
      'io.camunda.zeebe:candidateGroups': '["LG"]',
      'io.camunda.zeebe:assignee': 'lg.eins',
      'io.camunda.zeebe:dueDate': '2026-12-03T22:59:59Z',
      'io.camunda.zeebe:formKey': 'camunda-forms:bpmn:lg-check',
    },
    variables: { personId: '0b7c7a5e-8f0f-4c7e-9d4f-3b1a2c3d4e5f', caseId: 'MIA-2026-000042', x: 1 },
    deadline: '1796000000000',
  };

  it('takes name and form from the model, person and case from the variables', () => {
    expect(taskFieldsOf(job, { name: 'Antrag prüfen', formId: 'lg-check' }, 3_600_000)).toEqual({
      jobKey: '2251799813685300',
      processInstanceKey: '2251799813685290',
      elementInstanceKey: '2251799813685299',
      bpmnProcessId: 'asylblg-benefits',
      processVersion: 3,
      elementId: 'Task_Pruefen',
      name: 'Antrag prüfen',
      candidateGroups: ['LG'],
      assignee: 'lg.eins',
      dueDate: new Date('2026-12-03T22:59:59Z'),
      followUpDate: null,
      formId: 'lg-check',
      variables: job.variables,
      personId: '0b7c7a5e-8f0f-4c7e-9d4f-3b1a2c3d4e5f',
      caseId: 'MIA-2026-000042',
      jobDeadline: new Date(1796000000000),
    });
  });

  it('falls back to the element id, no person for a non-uuid personId, deadline from the timeout', () => {
    const fields = taskFieldsOf(
      { ...job, customHeaders: {}, variables: { personId: 'anonym' }, deadline: '0' },
      undefined,
      60_000,
      1_000,
    );
    expect(fields).toMatchObject({
      name: 'Task_Pruefen',
      formId: null,
      candidateGroups: [],
      assignee: null,
      personId: null,
      caseId: null,
      jobDeadline: new Date(61_000),
    });
  });
});
