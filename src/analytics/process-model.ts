/** What the analytics read of a BPMN model: the process's name and its flow nodes (with subprocesses). */
export interface ModelElement {
  id: string;
  /** the German name in the model, or null */
  name: string | null;
  /** bpmn type without prefix: UserTask, EndEvent, … */
  type: string;
  /** true for end events directly in the process (the outcomes) */
  processEnd: boolean;
}

export interface ProcessModel {
  processName: string | null;
  elements: ModelElement[];
}

interface ModdleNode {
  $type: string;
  id?: string;
  name?: string;
  flowElements?: ModdleNode[];
  rootElements?: ModdleNode[];
}

interface BpmnModdleLike {
  fromXML(xml: string): Promise<{ rootElement: ModdleNode }>;
}

// bpmn-moddle: ESM with a CommonJS build (as in src/modeler/model-content.ts)
const { BpmnModdle } = require('bpmn-moddle') as { BpmnModdle: new (packages: object) => BpmnModdleLike };
const zeebeSchema = require('zeebe-bpmn-moddle/resources/zeebe.json') as object;

const NOT_NODES = new Set([
  'bpmn:SequenceFlow',
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
]);

/** the process and its flow nodes, in the order of the XML; an unreadable model gives none */
export async function readProcessModel(xml: string, bpmnProcessId: string): Promise<ProcessModel> {
  const elements: ModelElement[] = [];
  let processName: string | null = null;
  try {
    const { rootElement } = await new BpmnModdle({ zeebe: zeebeSchema }).fromXML(xml);
    const visit = (container: ModdleNode, topLevel: boolean): void => {
      for (const el of container.flowElements ?? []) {
        if (!el.id || NOT_NODES.has(el.$type)) continue;
        elements.push({
          id: el.id,
          name: el.name?.trim() || null,
          type: el.$type.replace(/^bpmn:/, ''),
          processEnd: topLevel && el.$type === 'bpmn:EndEvent',
        });
        visit(el, false);
      }
    };
    for (const root of rootElement.rootElements ?? []) {
      if (root.$type !== 'bpmn:Process' || root.id !== bpmnProcessId) continue;
      processName = root.name?.trim() || null;
      visit(root, true);
    }
  } catch {
    // a model the analytics cannot read: ids instead of names
  }
  return { processName, elements };
}

/** German names of the element types in the tables */
export const ELEMENT_TYPE_LABELS: Record<string, string> = {
  StartEvent: 'Startereignis',
  EndEvent: 'Endereignis',
  IntermediateCatchEvent: 'Zwischenereignis',
  IntermediateThrowEvent: 'Zwischenereignis',
  BoundaryEvent: 'Randereignis',
  ServiceTask: 'Serviceaufgabe',
  SendTask: 'Sendeaufgabe',
  ScriptTask: 'Skriptaufgabe',
  BusinessRuleTask: 'Regelaufgabe',
  UserTask: 'Benutzeraufgabe',
  ReceiveTask: 'Empfangsaufgabe',
  ManualTask: 'Manuelle Aufgabe',
  Task: 'Aufgabe',
  ExclusiveGateway: 'Exklusives Gateway',
  ParallelGateway: 'Paralleles Gateway',
  InclusiveGateway: 'Inklusives Gateway',
  EventBasedGateway: 'Ereignisbasiertes Gateway',
  SubProcess: 'Teilprozess',
  CallActivity: 'Aufrufaktivität',
};
