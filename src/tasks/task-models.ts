import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../config/project-root';

/** What the task list needs of a user task in the model: its name and form. */
export interface UserTaskModel {
  name?: string;
  formId?: string;
}

interface ModdleNode {
  $type: string;
  id?: string;
  name?: string;
  formId?: string;
  flowElements?: ModdleNode[];
  rootElements?: ModdleNode[];
  extensionElements?: { values?: ModdleNode[] };
}

interface BpmnModdleInstance {
  fromXML(xml: string): Promise<{ rootElement: ModdleNode }>;
}
type BpmnModdleCtor = new (packages: Record<string, unknown>) => BpmnModdleInstance;

function createModdle(): BpmnModdleInstance {
  // bpmn-moddle is ESM; Node 20.19+ loads it through require

  const mod = require('bpmn-moddle') as { BpmnModdle?: BpmnModdleCtor; default?: BpmnModdleCtor };
  const Ctor = (mod.BpmnModdle ?? mod.default) as BpmnModdleCtor;

  const zeebe = require('zeebe-bpmn-moddle/resources/zeebe.json') as Record<string, unknown>;
  return new Ctor({ zeebe });
}

/**
 * Names and form ids of the user tasks in processes/*.bpmn, by bpmnProcessId and element id; read once
 * and cached. A task of a model that is not in processes/ (deployed by the modeler or a test) is looked
 * up again on a miss, so new files are found, and may also come with its name from elsewhere.
 */
export class TaskModelCatalogue {
  private cache?: Promise<Map<string, UserTaskModel>>;
  private readAt = 0;

  constructor(private readonly directory: string = join(projectRoot(), 'processes')) {}

  async lookup(bpmnProcessId: string, elementId: string): Promise<UserTaskModel | undefined> {
    const key = `${bpmnProcessId}:${elementId}`;
    let models = await this.load();
    if (!models.has(key) && Date.now() - this.readAt > 60_000) {
      this.cache = undefined;
      models = await this.load();
    }
    return models.get(key);
  }

  /** adds the user tasks of a BPMN document (e.g. one deployed from elsewhere) */
  async addXml(xml: string): Promise<void> {
    const models = await this.load();
    // a re-read of processes/ would drop what was added
    this.readAt = Number.POSITIVE_INFINITY;
    for (const [key, value] of await parseUserTasks(createModdle(), xml)) models.set(key, value);
  }

  private load(): Promise<Map<string, UserTaskModel>> {
    if (!this.cache) {
      this.readAt = Date.now();
      this.cache = this.read();
    }
    return this.cache;
  }

  private async read(): Promise<Map<string, UserTaskModel>> {
    const models = new Map<string, UserTaskModel>();
    let files: string[] = [];
    try {
      files = readdirSync(this.directory).filter((f) => f.endsWith('.bpmn'));
    } catch {
      return models;
    }
    const moddle = createModdle();
    for (const file of files.sort()) {
      const parsed = await parseUserTasks(moddle, readFileSync(join(this.directory, file), 'utf8'));
      for (const [key, value] of parsed) models.set(key, value);
    }
    return models;
  }
}

async function parseUserTasks(moddle: BpmnModdleInstance, xml: string): Promise<Map<string, UserTaskModel>> {
  const result = new Map<string, UserTaskModel>();
  const { rootElement } = await moddle.fromXML(xml);
  const visit = (container: ModdleNode, processId: string): void => {
    for (const el of container.flowElements ?? []) {
      if (el.$type === 'bpmn:UserTask' && el.id) {
        const form = el.extensionElements?.values?.find((v) => v.$type === 'zeebe:FormDefinition');
        result.set(`${processId}:${el.id}`, { name: el.name, formId: form?.formId });
      }
      if (el.flowElements) visit(el, processId);
    }
  };
  for (const root of rootElement.rootElements ?? []) {
    if (root.$type === 'bpmn:Process' && root.id) visit(root, root.id);
  }
  return result;
}
