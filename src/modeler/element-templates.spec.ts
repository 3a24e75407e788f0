import type { JobWorkerDefinition } from '../engine/job-worker.decorator';
import { generateElementTemplates, jobTypeUsages } from './element-templates';
import { parseBpmnXml } from './model-content';

// the validator of bpmn-js-element-templates (ESM; Jest transpiles @bpmn-io)
const { validateZeebe } = require('@bpmn-io/element-templates-validator') as {
  validateZeebe(t: object): { valid: boolean; errors?: { message: string }[] };
};

const worker = (type: string, options: JobWorkerDefinition['options'] = {}): JobWorkerDefinition => ({
  type,
  className: 'SomeWorker',
  methodName: 'handle',
  options,
});

const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d">
  <bpmn:process id="training-toleration" isExecutable="true">
    <bpmn:serviceTask id="A" name="Prüfung § 60c AufenthG">
      <bpmn:documentation>Prüft die Voraussetzungen der Ausbildungsduldung.</bpmn:documentation>
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="abh-check-training" />
        <zeebe:ioMapping><zeebe:output source="=eligible" target="trainingEligible" /></zeebe:ioMapping>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:serviceTask id="B" name="Prüfung § 60c AufenthG">
      <bpmn:extensionElements><zeebe:taskDefinition type="abh-check-training" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:subProcess id="S">
      <bpmn:serviceTask id="C" name="Bescheid erstellen">
        <bpmn:extensionElements><zeebe:taskDefinition type="abh-notice" /></bpmn:extensionElements>
      </bpmn:serviceTask>
    </bpmn:subProcess>
  </bpmn:process>
</bpmn:definitions>`;

describe('element templates from the registered job workers', () => {
  it('makes one valid Zeebe template per job type, named after the service task using it', async () => {
    const usages = jobTypeUsages([await parseBpmnXml(MODEL)]);
    const templates = generateElementTemplates(
      [
        worker('abh-check-training', { fetchVariables: ['personId', 'trainingStart'] }),
        worker('abh-notice'),
        worker('abh-check-training'),
        worker('unused-type', {
          template: { name: 'Eigener Name', description: 'Tut etwas.', outputs: ['result'] },
        }),
      ],
      usages,
    );
    expect(templates.map((t) => [t.name, t.id])).toEqual([
      ['Bescheid erstellen', 'de.mia.job.abh-notice'],
      ['Eigener Name', 'de.mia.job.unused-type'],
      ['Prüfung § 60c AufenthG', 'de.mia.job.abh-check-training'],
    ]);
    for (const template of templates) {
      const result = validateZeebe(template);
      expect({ id: template.id, errors: result.errors?.map((e) => e.message) ?? [] }).toEqual({
        id: template.id,
        errors: [],
      });
      expect(template).toMatchObject({
        appliesTo: ['bpmn:Task'],
        elementType: { value: 'bpmn:ServiceTask' },
      });
    }
  });

  it('is checked by the validator (a broken template fails)', () => {
    expect(validateZeebe({ name: 'kaputt' }).valid).toBe(false);
  });

  it('binds the job type hidden, fetched variables as inputs and mapped results as outputs', async () => {
    const [template] = generateElementTemplates(
      [worker('abh-check-training', { fetchVariables: ['personId'] })],
      jobTypeUsages([await parseBpmnXml(MODEL)]),
    );
    expect(template.properties).toEqual([
      {
        type: 'Hidden',
        value: 'abh-check-training',
        binding: { type: 'zeebe:taskDefinition', property: 'type' },
      },
      expect.objectContaining({ label: 'personId', binding: { type: 'zeebe:input', name: 'personId' } }),
      expect.objectContaining({
        label: 'eligible',
        binding: { type: 'zeebe:output', source: '=eligible' },
      }),
    ]);
    expect(template.description).toContain('Prüft die Voraussetzungen der Ausbildungsduldung.');
    expect(template.description).toContain('training-toleration');
  });

  it('falls back to the job type as name when no model uses it', () => {
    const [template] = generateElementTemplates([worker('lonely-type')], new Map());
    expect(template.name).toBe('lonely-type');
    expect(template.description).toContain('Noch in keinem Prozess verwendet.');
  });
});
