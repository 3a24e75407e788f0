import type { JobWorkerDefinition } from '../engine/job-worker.decorator';
import type { ModdleElement } from './model-content';

/**
 * Zeebe element templates for the platform's job types, generated from the registered @JobWorker
 * handlers: a process manager picks "Prüfung § 60c AufenthG" from a list instead of typing a job type.
 * Name and description come from the worker's `template` options, else from the service tasks that use
 * the job type in the deployed models; inputs are the worker's fetched variables, outputs its declared
 * outputs or the models' output mappings.
 */

export const ELEMENT_TEMPLATE_SCHEMA =
  'https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json';

export const TEMPLATE_ID_PREFIX = 'de.mia.job.';

/** what the deployed models say about one job type */
export interface JobTypeUsage {
  /** names of the tasks using the type (most frequent first) */
  names: string[];
  /** documentation texts of those tasks */
  documentation: string[];
  /** process ids using the type */
  processes: string[];
  /** result variables of the job that the tasks map (zeebe:output source `=name`) */
  outputs: string[];
}

export interface TemplateProperty {
  label?: string;
  description?: string;
  type: 'Hidden' | 'String' | 'Text';
  value?: string;
  optional?: boolean;
  feel?: 'optional' | 'required';
  group?: string;
  binding:
    | { type: 'zeebe:taskDefinition'; property: 'type' }
    | { type: 'zeebe:input'; name: string }
    | { type: 'zeebe:output'; source: string };
}

export interface ElementTemplate {
  $schema: string;
  name: string;
  id: string;
  version: number;
  description: string;
  category: { id: string; name: string };
  appliesTo: string[];
  elementType: { value: string };
  groups: { id: string; label: string }[];
  properties: TemplateProperty[];
}

function extension(node: ModdleElement, type: string): ModdleElement | undefined {
  const values = (node.extensionElements as { values?: ModdleElement[] } | undefined)?.values;
  return values?.find((v) => v.$type === type);
}

/** Collects, per job type, the names, documentation and output mappings of the tasks that use it. */
export function jobTypeUsages(models: ModdleElement[]): Map<string, JobTypeUsage> {
  const counts = new Map<string, Map<string, number>>();
  const usages = new Map<string, JobTypeUsage>();
  const visit = (container: ModdleElement, processId: string): void => {
    for (const el of (container.flowElements as ModdleElement[] | undefined) ?? []) {
      const type = extension(el, 'zeebe:TaskDefinition')?.type;
      if (typeof type === 'string' && type && !type.startsWith('=')) {
        const usage = usages.get(type) ?? { names: [], documentation: [], processes: [], outputs: [] };
        usages.set(type, usage);
        const name = el.name?.replace(/\s+/g, ' ').trim();
        if (name) {
          const byName = counts.get(type) ?? new Map<string, number>();
          counts.set(type, byName);
          byName.set(name, (byName.get(name) ?? 0) + 1);
        }
        for (const doc of (el.documentation as { text?: string }[] | undefined) ?? []) {
          const text = doc.text?.trim();
          if (text && !usage.documentation.includes(text)) usage.documentation.push(text);
        }
        if (!usage.processes.includes(processId)) usage.processes.push(processId);
        const outputs =
          (extension(el, 'zeebe:IoMapping')?.outputParameters as ModdleElement[] | undefined) ?? [];
        for (const o of outputs) {
          // the worker's result variable: a plain `=name` source
          const source = typeof o.source === 'string' ? o.source : '';
          const variable = /^=\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(source)?.[1];
          if (variable && !usage.outputs.includes(variable)) usage.outputs.push(variable);
        }
      }
      if (el.flowElements) visit(el, processId);
    }
  };
  for (const definitions of models) {
    for (const root of (definitions.rootElements as ModdleElement[] | undefined) ?? []) {
      if (root.$type === 'bpmn:Process') visit(root, root.id ?? '');
    }
  }
  for (const [type, byName] of counts) {
    usages.get(type)!.names = [...byName.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'de'))
      .map(([name]) => name);
  }
  return usages;
}

/** One template per job type (duplicates of a type: the first worker wins), sorted by name. */
export function generateElementTemplates(
  workers: readonly JobWorkerDefinition[],
  usages: Map<string, JobTypeUsage>,
): ElementTemplate[] {
  const byType = new Map<string, JobWorkerDefinition>();
  for (const w of workers) {
    if (w.options.executionListenerOnly) continue; // not a task's job type
    if (!byType.has(w.type)) byType.set(w.type, w);
  }
  const templates = [...byType.values()].map((worker) => templateFor(worker, usages.get(worker.type)));
  return templates.sort((a, b) => a.name.localeCompare(b.name, 'de') || a.id.localeCompare(b.id));
}

function templateFor(worker: JobWorkerDefinition, usage: JobTypeUsage | undefined): ElementTemplate {
  const options = worker.options.template ?? {};
  const name = options.name ?? usage?.names[0] ?? worker.type;
  const inputs = [...new Set(worker.options.fetchVariables ?? [])];
  const outputs = [...new Set(options.outputs ?? usage?.outputs ?? [])];
  const description = [
    options.description ?? usage?.documentation[0] ?? `Führt den Job-Typ „${worker.type}“ aus.`,
    usage?.processes.length
      ? `Verwendet in: ${usage.processes.join(', ')}.`
      : 'Noch in keinem Prozess verwendet.',
    worker.options.fetchVariables
      ? `Liest: ${inputs.length ? inputs.join(', ') : 'keine Variablen'}.`
      : 'Liest alle Prozessvariablen.',
    outputs.length ? `Setzt: ${outputs.join(', ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const properties: TemplateProperty[] = [
    {
      type: 'Hidden',
      value: worker.type,
      binding: { type: 'zeebe:taskDefinition', property: 'type' },
    },
    ...inputs.map((variable): TemplateProperty => ({
      label: variable,
      description: `Eingabe „${variable}“ für den Worker (leer: die gleichnamige Prozessvariable).`,
      type: 'String',
      feel: 'required',
      optional: true,
      group: 'inputs',
      binding: { type: 'zeebe:input', name: variable },
    })),
    ...outputs.map((variable): TemplateProperty => ({
      label: variable,
      description: `Ergebnis „${variable}“ des Workers: Name der Prozessvariable, in die es geschrieben wird (leer: gleichnamig).`,
      type: 'String',
      optional: true,
      group: 'outputs',
      binding: { type: 'zeebe:output', source: `=${variable}` },
    })),
  ];
  return {
    $schema: ELEMENT_TEMPLATE_SCHEMA,
    name,
    id: `${TEMPLATE_ID_PREFIX}${worker.type}`,
    version: 1,
    description,
    category: { id: 'de.mia.jobs', name: 'Plattform-Worker' },
    appliesTo: ['bpmn:Task'],
    elementType: { value: 'bpmn:ServiceTask' },
    groups: [
      { id: 'inputs', label: 'Eingaben' },
      { id: 'outputs', label: 'Ergebnisse' },
    ],
    properties,
  };
}
