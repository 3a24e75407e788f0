/**
 * Every job type in processes/*.bpmn has exactly one @JobWorker, and every @JobWorker has a job type in
 * some model. User tasks are excluded: the task list handles them (job type io.camunda.zeebe:userTask).
 * Workers are found without booting Nest: every src file that declares a @JobWorker is loaded, which
 * fills the decorator's static registry.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { JOB_WORKER_REGISTRY } from '../../src/engine/job-worker.decorator';

const ROOT = join(__dirname, '..', '..');
interface BpmnModdleLike {
  fromXML(xml: string): Promise<{ rootElement: unknown; warnings: unknown[] }>;
}
// bpmn-moddle is ESM-only (Jest transpiles it); its types are published only under bpmn-moddle/types

const { BpmnModdle } = require('bpmn-moddle') as { BpmnModdle: new (ext: object) => BpmnModdleLike };

const zeebeSchema = require('zeebe-bpmn-moddle/resources/zeebe.json') as object;

interface ModdleElement {
  $type: string;
  id?: string;
  extensionElements?: { values?: ModdleElement[] };
  type?: string;
  [key: string]: unknown;
}

function walk(dir: string, pick: (file: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'embedded' ? [] : walk(path, pick);
    return pick(path) ? [path] : [];
  });
}

/** job types (static) of every element with a zeebe:taskDefinition except user tasks, and of every execution listener */
async function jobTypesOf(file: string): Promise<{ type: string; elementId: string }[]> {
  const moddle = new BpmnModdle({ zeebe: zeebeSchema });
  const { rootElement, warnings } = await moddle.fromXML(readFileSync(file, 'utf8'));
  expect(warnings).toEqual([]);
  const found: { type: string; elementId: string }[] = [];
  const seen = new Set<unknown>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const el = node as ModdleElement;
    if (typeof el.$type === 'string') {
      for (const ext of el.extensionElements?.values ?? []) {
        // a user task's job type is Zeebe's own (io.camunda.zeebe:userTask); its listeners are ours
        if (
          el.$type !== 'bpmn:UserTask' &&
          ext.$type === 'zeebe:TaskDefinition' &&
          typeof ext.type === 'string'
        ) {
          found.push({ type: ext.type, elementId: el.id ?? '?' });
        }
        // execution listeners are jobs too
        const listeners =
          ext.$type === 'zeebe:ExecutionListeners'
            ? ((ext.listeners as ModdleElement[] | undefined) ?? [])
            : [];
        for (const listener of listeners) {
          if (typeof listener.type === 'string')
            found.push({ type: listener.type, elementId: `${el.id ?? '?'} (listener)` });
        }
      }
    }
    for (const [key, value] of Object.entries(el)) {
      if (key.startsWith('$') || key === 'extensionElements') continue;
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object' && '$type' in value) visit(value);
    }
  };
  visit(rootElement);
  return found;
}

describe('job types: models ↔ @JobWorker', () => {
  const bpmnFiles = readdirSync(join(ROOT, 'processes'))
    .filter((f) => f.endsWith('.bpmn'))
    .map((f) => join(ROOT, 'processes', f));
  const workerFiles = walk(join(ROOT, 'src'), (f) => f.endsWith('.ts') && !f.endsWith('.spec.ts')).filter(
    (f) => readFileSync(f, 'utf8').includes('@JobWorker('),
  );

  let modelTypes: Map<string, string[]>;

  beforeAll(async () => {
    for (const file of workerFiles) {
      require(file);
    }
    modelTypes = new Map();
    for (const file of bpmnFiles) {
      for (const { type, elementId } of await jobTypesOf(file)) {
        const where = `${relative(ROOT, file)}#${elementId}`;
        modelTypes.set(type, [...(modelTypes.get(type) ?? []), where]);
      }
    }
  });

  it('finds models and workers', () => {
    expect(bpmnFiles.length).toBeGreaterThan(0);
    expect(JOB_WORKER_REGISTRY.length).toBeGreaterThan(0);
  });

  it('uses static job types only (a FEEL job type cannot be checked)', () => {
    const dynamic = [...modelTypes.entries()].filter(([type]) => type.startsWith('='));
    expect(dynamic).toEqual([]);
  });

  it('has a @JobWorker for every job type in the models', () => {
    const handled = new Set(JOB_WORKER_REGISTRY.map((w) => w.type));
    const missing = [...modelTypes.entries()]
      .filter(([type]) => !handled.has(type))
      .map(([type, where]) => `${type} (${where.join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('has a job type in some model for every @JobWorker', () => {
    const orphans = JOB_WORKER_REGISTRY.filter((w) => !modelTypes.has(w.type)).map(
      (w) => `${w.type} (${w.className}.${w.methodName})`,
    );
    expect(orphans).toEqual([]);
  });

  it('has at most one @JobWorker per job type', () => {
    const counts = new Map<string, string[]>();
    for (const w of JOB_WORKER_REGISTRY) {
      counts.set(w.type, [...(counts.get(w.type) ?? []), `${w.className}.${w.methodName}`]);
    }
    expect([...counts.entries()].filter(([, handlers]) => handlers.length > 1)).toEqual([]);
  });
});
