import { lintDefinitions } from './lint';
import type { LintIssue, PlatformFacts } from './lint.types';

// bpmn-moddle is ESM (Jest transpiles it); the browser editor hands bpmn-js's definitions instead
const { BpmnModdle } = require('bpmn-moddle') as {
  BpmnModdle: new (p: object) => { fromXML(xml: string): Promise<{ rootElement: unknown }> };
};
const zeebe = require('zeebe-bpmn-moddle/resources/zeebe.json') as object;

const FACTS: PlatformFacts = {
  jobTypes: ['bs-register-complaint', 'platform-instance-started', 'platform-instance-ended'],
  formIds: ['bs-complaint-register'],
  units: ['ABH', 'BS'],
};

/** a small valid process: start → service task → user task → end, with diagram */
function model(
  opts: { jobType?: string | null; formId?: string | null; groups?: string | null } = {},
): string {
  const jobType = opts.jobType === undefined ? 'bs-register-complaint' : opts.jobType;
  const formId = opts.formId === undefined ? 'bs-complaint-register' : opts.formId;
  const groups = opts.groups === undefined ? 'BS' : opts.groups;
  const task = jobType === null ? '' : `<zeebe:taskDefinition type="${jobType}" />`;
  const form = formId === null ? '' : `<zeebe:formDefinition formId="${formId}" />`;
  const assignment = groups === null ? '' : `<zeebe:assignmentDefinition candidateGroups="${groups}" />`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="p" name="Prozess" isExecutable="true">
    <bpmn:extensionElements><zeebe:executionListeners><zeebe:executionListener eventType="start" type="platform-instance-started" /><zeebe:executionListener eventType="end" type="platform-instance-ended" /></zeebe:executionListeners></bpmn:extensionElements>
    <bpmn:startEvent id="Start" name="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="Service" name="Erfassen"><bpmn:extensionElements>${task}</bpmn:extensionElements><bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:userTask id="User" name="Prüfen"><bpmn:extensionElements>${form}${assignment}</bpmn:extensionElements><bpmn:incoming>F2</bpmn:incoming><bpmn:outgoing>F3</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="End" name="Ende"><bpmn:incoming>F3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Service" />
    <bpmn:sequenceFlow id="F2" sourceRef="Service" targetRef="User" />
    <bpmn:sequenceFlow id="F3" sourceRef="User" targetRef="End" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="D"><bpmndi:BPMNPlane id="P" bpmnElement="p">
    <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="100" y="100" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="Service_di" bpmnElement="Service"><dc:Bounds x="200" y="78" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="User_di" bpmnElement="User"><dc:Bounds x="350" y="78" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="End_di" bpmnElement="End"><dc:Bounds x="500" y="100" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="F1_di" bpmnElement="F1"><di:waypoint x="136" y="118" /><di:waypoint x="200" y="118" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="F2_di" bpmnElement="F2"><di:waypoint x="300" y="118" /><di:waypoint x="350" y="118" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="F3_di" bpmnElement="F3"><di:waypoint x="450" y="118" /><di:waypoint x="500" y="118" /></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}

async function platformIssues(
  xml: string,
  facts: PlatformFacts = FACTS,
): Promise<Omit<LintIssue, 'message'>[]> {
  const { rootElement } = await new BpmnModdle({ zeebe }).fromXML(xml);
  const issues = await lintDefinitions(rootElement, facts);
  return issues
    .filter((i) => i.rule.startsWith('platform/'))
    .map(({ elementId, rule, category }) => ({ elementId, rule, category }));
}

describe('platform lint rules', () => {
  it('accepts a model whose job types, forms and candidate groups exist, with no other errors', async () => {
    const { rootElement } = await new BpmnModdle({ zeebe }).fromXML(model());
    const issues = await lintDefinitions(rootElement, FACTS);
    expect(issues.filter((i) => i.category === 'error')).toEqual([]);
  });

  it.each([
    ['a job type without a worker', { jobType: 'gibt-es-nicht' }, 'Service', 'platform/job-type-has-worker'],
    ['an empty job type', { jobType: '' }, 'Service', 'platform/job-type-has-worker'],
    ['an unknown form id', { formId: 'kein-formular' }, 'User', 'platform/form-exists'],
    ['a user task without a form', { formId: null }, 'User', 'platform/form-exists'],
    ['a user task without a candidate group', { groups: null }, 'User', 'platform/candidate-group-is-unit'],
    ['an empty candidate group', { groups: '' }, 'User', 'platform/candidate-group-is-unit'],
    [
      'a candidate group that is no unit',
      { groups: 'BS,Poststelle' },
      'User',
      'platform/candidate-group-is-unit',
    ],
    [
      'a unit literal in an expression that is no unit',
      { groups: '=if x then &quot;XYZ&quot; else &quot;BS&quot;' },
      'User',
      'platform/candidate-group-is-unit',
    ],
  ])('reports %s as an error on the element', async (_what, opts, elementId, rule) => {
    expect(await platformIssues(model(opts))).toEqual([{ elementId, rule, category: 'error' }]);
  });

  it('checks the job types of execution listeners, on elements and on the process itself', async () => {
    const listener = (type: string) =>
      `<bpmn:extensionElements><zeebe:executionListeners><zeebe:executionListener eventType="end" type="${type}" /></zeebe:executionListeners></bpmn:extensionElements>`;
    const onProcess = (type: string) =>
      model().replace(
        '</zeebe:executionListeners>',
        `<zeebe:executionListener eventType="end" type="${type}" />$&`,
      );
    expect(await platformIssues(onProcess('gibt-es-nicht'))).toEqual([
      { elementId: 'p', rule: 'platform/job-type-has-worker', category: 'error' },
    ]);
    expect(await platformIssues(onProcess('bs-register-complaint'))).toEqual([]);
    const onEnd = model().replace('<bpmn:endEvent id="End" name="Ende">', `$&${listener('auch-nicht')}`);
    expect(await platformIssues(onEnd)).toEqual([
      { elementId: 'End', rule: 'platform/job-type-has-worker', category: 'error' },
    ]);
  });

  it('requires the instance-log listeners on the process (the catalogue counts running instances with them)', async () => {
    const without = model().replace(
      /<bpmn:extensionElements><zeebe:executionListeners>.*?<\/bpmn:extensionElements>/,
      '',
    );
    expect(await platformIssues(without)).toEqual([
      { elementId: 'p', rule: 'platform/process-has-instance-log', category: 'error' },
    ]);
    const onlyStart = model().replace(/<zeebe:executionListener eventType="end"[^>]*\/>/, '');
    expect(await platformIssues(onlyStart)).toEqual([
      { elementId: 'p', rule: 'platform/process-has-instance-log', category: 'error' },
    ]);
  });

  it('reports a Camunda user task (zeebe:userTask): the task list only collects job-based ones', async () => {
    const xml = model().replace('<zeebe:formDefinition', '<zeebe:userTask /><zeebe:formDefinition');
    expect(await platformIssues(xml)).toEqual([
      { elementId: 'User', rule: 'platform/user-task-is-job-based', category: 'error' },
    ]);
  });

  it('accepts several units and expressions that combine unit literals and variables', async () => {
    expect(await platformIssues(model({ groups: 'ABH, BS' }))).toEqual([]);
    expect(
      await platformIssues(model({ groups: '=if eilig then &quot;ABH&quot; else zustaendigeEinheit' })),
    ).toEqual([]);
  });

  it('names the job type, form and group in German', async () => {
    const { rootElement } = await new BpmnModdle({ zeebe }).fromXML(
      model({ jobType: 'neu', formId: 'fehlt', groups: 'Poststelle' }),
    );
    const messages = (await lintDefinitions(rootElement, FACTS))
      .filter((i) => i.rule.startsWith('platform/'))
      .map((i) => i.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'Für den Job-Typ „neu“ gibt es keinen Worker der Plattform.',
        'Das Formular „fehlt“ gibt es nicht.',
        'Keine Einheit der Migrationsagentur: „Poststelle“.',
      ]),
    );
  });

  it('takes its facts from the configuration: what exists today is checked, nothing is hard-wired', async () => {
    const facts = { jobTypes: ['other'], formIds: [], units: ['ABH'] };
    expect((await platformIssues(model(), facts)).map((i) => i.rule).sort()).toEqual([
      'platform/candidate-group-is-unit',
      'platform/form-exists',
      // the service task's type and the two instance-log listeners' types
      'platform/job-type-has-worker',
      'platform/job-type-has-worker',
      'platform/job-type-has-worker',
    ]);
  });
});
