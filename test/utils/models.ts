import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The models in processes/ as bpmn-moddle trees, with what the consistency tests and the scenario
 * harness need: every element with its process, user-task form ids and candidate groups, job types.
 */
export const ROOT = join(__dirname, '..', '..');

interface BpmnModdleLike {
  fromXML(xml: string): Promise<{ rootElement: unknown; warnings: { message: string }[] }>;
}
// bpmn-moddle is ESM-only (Jest transpiles it)

const { BpmnModdle } = require('bpmn-moddle') as { BpmnModdle: new (ext: object) => BpmnModdleLike };

const zeebeSchema = require('zeebe-bpmn-moddle/resources/zeebe.json') as object;

export interface ModdleElement {
  $type: string;
  id?: string;
  name?: string;
  extensionElements?: { values?: ModdleElement[] };
  [key: string]: unknown;
}

export interface ModelElement {
  file: string;
  processId: string;
  id: string;
  type: string;
  name?: string;
  formId?: string;
  candidateGroups?: string;
  jobType?: string;
  calledProcessId?: string;
  node: ModdleElement;
}

export interface ParsedModel {
  file: string;
  definitions: ModdleElement;
  warnings: string[];
  elements: ModelElement[];
}

export function bpmnFiles(): string[] {
  return readdirSync(join(ROOT, 'processes'))
    .filter((f) => f.endsWith('.bpmn'))
    .sort()
    .map((f) => join(ROOT, 'processes', f));
}

export function ext(node: ModdleElement, type: string): ModdleElement | undefined {
  return node.extensionElements?.values?.find((v) => v.$type === type);
}

export async function parseModel(file: string): Promise<ParsedModel> {
  const moddle = new BpmnModdle({ zeebe: zeebeSchema });
  const { rootElement, warnings } = await moddle.fromXML(readFileSync(file, 'utf8'));
  const definitions = rootElement as ModdleElement;
  const elements: ModelElement[] = [];
  const visitFlowElements = (container: ModdleElement, processId: string): void => {
    for (const el of (container.flowElements as ModdleElement[] | undefined) ?? []) {
      const form = ext(el, 'zeebe:FormDefinition');
      const assignment = ext(el, 'zeebe:AssignmentDefinition');
      const task = ext(el, 'zeebe:TaskDefinition');
      const called = ext(el, 'zeebe:CalledElement');
      elements.push({
        file,
        processId,
        id: el.id ?? '?',
        type: el.$type,
        name: el.name,
        formId: form?.formId as string | undefined,
        candidateGroups: assignment?.candidateGroups as string | undefined,
        jobType: task?.type as string | undefined,
        calledProcessId: called?.processId as string | undefined,
        node: el,
      });
      if (el.flowElements) visitFlowElements(el, processId);
    }
  };
  for (const root of (definitions.rootElements as ModdleElement[] | undefined) ?? []) {
    if (root.$type === 'bpmn:Process') visitFlowElements(root, root.id ?? '?');
  }
  return { file, definitions, warnings: warnings.map((w) => w.message), elements };
}

export async function parseAllModels(): Promise<ParsedModel[]> {
  return Promise.all(bpmnFiles().map((f) => parseModel(f)));
}
