/** a diagram's names: the process's and each element's (by id), for the German lists of the view */
export interface DiagramNames {
  processName: string | null;
  elements: Map<string, string>;
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

/** the names in a deployed BPMN XML (elements of subprocesses too); unparsable XML gives none */
export async function diagramNames(xml: string, bpmnProcessId: string): Promise<DiagramNames> {
  const elements = new Map<string, string>();
  let processName: string | null = null;
  try {
    const { rootElement } = await new BpmnModdle({ zeebe: zeebeSchema }).fromXML(xml);
    const visit = (container: ModdleNode): void => {
      for (const el of container.flowElements ?? []) {
        if (el.id && el.name?.trim()) elements.set(el.id, el.name.trim());
        visit(el);
      }
    };
    for (const root of rootElement.rootElements ?? []) {
      if (root.$type !== 'bpmn:Process') continue;
      if (root.id === bpmnProcessId) processName = root.name?.trim() || null;
      visit(root);
    }
  } catch {
    // a diagram the view cannot read: ids instead of names
  }
  return { processName, elements };
}
