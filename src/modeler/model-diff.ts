import type { FormComponentLike, ModdleElement } from './model-content';

/**
 * The difference between two versions of a model: elements added, removed, changed (with each changed
 * property, before and after) and moved in the diagram only. Elements are matched by id. Properties
 * nested without an id of their own (extension elements such as the job type, conditions, event
 * definitions) count as properties of the element that contains them.
 */

export interface DiffElement {
  id: string;
  type: string;
  name?: string;
}

export interface PropertyChange {
  /** path of the property, e.g. `name`, `conditionExpression.body`, `zeebe:TaskDefinition.type` */
  property: string;
  /** German label of the property where the platform knows one */
  label: string;
  from: string | null;
  to: string | null;
}

export interface ModelDiff {
  added: DiffElement[];
  removed: DiffElement[];
  changed: (DiffElement & { changes: PropertyChange[] })[];
  /** ids of elements only moved or resized in the diagram */
  layoutChanged: string[];
}

/** semantic elements listed on their own (everything else belongs to the nearest of these) */
const TRACKED = [
  'bpmn:FlowElement',
  'bpmn:Process',
  'bpmn:Collaboration',
  'bpmn:Participant',
  'bpmn:MessageFlow',
  'bpmn:Lane',
  'bpmn:Message',
  'bpmn:Error',
  'bpmn:Signal',
  'bpmn:Escalation',
  'bpmn:Artifact',
];

const LABELS: [RegExp, string][] = [
  [/^name$/, 'Name'],
  [/^conditionExpression\.body$/, 'Bedingung'],
  [/^zeebe:TaskDefinition\.type$/, 'Job-Typ'],
  [/^zeebe:TaskDefinition\.retries$/, 'Wiederholungen'],
  [/^zeebe:AssignmentDefinition\.candidateGroups$/, 'Kandidatengruppen'],
  [/^zeebe:AssignmentDefinition\.assignee$/, 'Bearbeitung durch'],
  [/^zeebe:FormDefinition\.formId$/, 'Formular'],
  [/^zeebe:TaskSchedule\.dueDate$/, 'Fälligkeit'],
  [/^zeebe:TaskSchedule\.followUpDate$/, 'Wiedervorlage'],
  [/^zeebe:CalledElement\.processId$/, 'Aufgerufener Prozess'],
  [/^zeebe:IoMapping\.inputParameters/, 'Eingabe-Zuordnung'],
  [/^zeebe:IoMapping\.outputParameters/, 'Ausgabe-Zuordnung'],
  [/^zeebe:TaskHeaders/, 'Task-Header'],
  [/^zeebe:Subscription\.correlationKey$/, 'Korrelationsschlüssel'],
  [/^default$/, 'Standardfluss'],
  [/^sourceRef$/, 'Quelle'],
  [/^targetRef$/, 'Ziel'],
  [/^flowNodeRef$/, 'Elemente der Lane'],
  [/^documentation/, 'Dokumentation'],
  [/^eventDefinitions.*timeDuration\.body$/, 'Timer (Dauer)'],
  [/^eventDefinitions.*timeDate\.body$/, 'Timer (Zeitpunkt)'],
  [/^eventDefinitions.*timeCycle\.body$/, 'Timer (Zyklus)'],
  [/^eventDefinitions.*messageRef$/, 'Nachricht'],
  [/^eventDefinitions.*errorRef$/, 'Fehler'],
  [/^\$type$/, 'Elementtyp'],
  [/^label$/, 'Beschriftung'],
  [/^key$/, 'Schlüssel (Variable)'],
  [/^type$/, 'Feldtyp'],
  [/^validate/, 'Prüfregel'],
  [/^values/, 'Auswahlwerte'],
  [/^conditional/, 'Anzeigebedingung'],
];

export function propertyLabel(path: string): string {
  return LABELS.find(([re]) => re.test(path))?.[1] ?? path;
}

function isTracked(element: ModdleElement): boolean {
  const instanceOf = element.$instanceOf as ((t: string) => boolean) | undefined;
  return instanceOf ? TRACKED.some((t) => instanceOf.call(element, t)) : false;
}

function isModdle(value: unknown): value is ModdleElement {
  return !!value && typeof value === 'object' && typeof (value as ModdleElement).$type === 'string';
}

/** the element's own properties as path → text; tracked children are left to their own entry */
function flatten(element: ModdleElement): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (value: unknown, owner: ModdleElement, path: string): void => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      const refs: string[] = [];
      value.forEach((item, i) => {
        if (isModdle(item) && item.$parent !== owner && item.id) refs.push(item.id);
        else if (isModdle(item) && isTracked(item)) return;
        else visit(item, owner, `${path}[${i}]`);
      });
      if (refs.length) out[path] = refs.join(', ');
      return;
    }
    if (isModdle(value)) {
      if (value.$parent !== owner && path && value.id) {
        out[path] = value.id; // a reference
        return;
      }
      if (path && isTracked(value)) return;
      for (const [key, child] of Object.entries(value)) {
        if (key.startsWith('$') || key === 'di') continue;
        if (key === 'extensionElements' && isModdle(child)) {
          visitExtensions(child);
          continue;
        }
        visit(child, value, path ? `${path}.${key}` : key);
      }
      const attrs = value.$attrs as Record<string, unknown> | undefined;
      for (const [key, attr] of Object.entries(attrs ?? {})) {
        if (key.startsWith('xmlns')) continue;
        out[path ? `${path}.${key}` : key] = String(attr);
      }
      return;
    }
    if (typeof value === 'object') {
      out[path] = JSON.stringify(value);
      return;
    }
    out[path] = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  };
  /** extension elements count as properties of their element, named by type (a second one: `type[1]`) */
  function visitExtensions(container: ModdleElement): void {
    const seen = new Map<string, number>();
    for (const ext of (container.values as ModdleElement[] | undefined) ?? []) {
      const n = seen.get(ext.$type) ?? 0;
      seen.set(ext.$type, n + 1);
      visit(ext, container, n ? `${ext.$type}[${n}]` : ext.$type);
    }
  }
  for (const [key, child] of Object.entries(element)) {
    if (key.startsWith('$') || key === 'di' || key === 'id') continue;
    if (key === 'extensionElements' && isModdle(child)) {
      visitExtensions(child);
      continue;
    }
    visit(child, element, key);
  }
  out.$type = element.$type;
  return out;
}

/** every tracked element of a definitions tree, by id */
function trackedElements(definitions: ModdleElement): Map<string, ModdleElement> {
  const found = new Map<string, ModdleElement>();
  const seen = new Set<object>();
  const visit = (value: unknown, parent: ModdleElement | null): void => {
    if (!value || typeof value !== 'object' || seen.has(value)) return;
    if (Array.isArray(value)) {
      value.forEach((v) => visit(v, parent));
      return;
    }
    if (!isModdle(value)) return;
    if (parent && value.$parent !== parent) return; // a reference, not a child
    seen.add(value);
    if (value.$type.startsWith('bpmndi:')) return;
    if (value.id && isTracked(value)) found.set(value.id, value);
    for (const [key, child] of Object.entries(value)) {
      if (key.startsWith('$') || key === 'di') continue;
      visit(child, value);
    }
  };
  visit(definitions, null);
  return found;
}

/** bpmnElement id → position and size (shapes) or waypoints (edges), and label bounds */
function layout(definitions: ModdleElement): Map<string, string> {
  const out = new Map<string, string>();
  const bounds = (b: unknown): string => {
    const r = b as { x?: number; y?: number; width?: number; height?: number } | undefined;
    return r ? `${r.x},${r.y},${r.width},${r.height}` : '';
  };
  for (const diagram of (definitions.diagrams as ModdleElement[] | undefined) ?? []) {
    const plane = diagram.plane as ModdleElement | undefined;
    for (const di of (plane?.planeElement as ModdleElement[] | undefined) ?? []) {
      const target = (di.bpmnElement as ModdleElement | undefined)?.id;
      if (!target) continue;
      const label = (di.label as { bounds?: unknown } | undefined)?.bounds;
      const waypoints = (di.waypoint as { x: number; y: number }[] | undefined)?.map((w) => `${w.x},${w.y}`);
      out.set(
        target,
        `${bounds(di.bounds)}|${waypoints?.join(' ') ?? ''}|${bounds(label)}|${di.isExpanded === true ? 'expanded' : ''}`,
      );
    }
  }
  return out;
}

function describe(element: ModdleElement): DiffElement {
  const name = typeof element.name === 'string' && element.name.trim() ? element.name.trim() : undefined;
  return { id: element.id ?? '', type: element.$type, ...(name ? { name } : {}) };
}

function compare(
  before: Map<string, { element: DiffElement; props: Record<string, string> }>,
  after: Map<string, { element: DiffElement; props: Record<string, string> }>,
): Omit<ModelDiff, 'layoutChanged'> {
  const byId = (a: DiffElement, b: DiffElement): number => a.id.localeCompare(b.id);
  const added = [...after.keys()].filter((id) => !before.has(id)).map((id) => after.get(id)!.element);
  const removed = [...before.keys()].filter((id) => !after.has(id)).map((id) => before.get(id)!.element);
  const changed: ModelDiff['changed'] = [];
  for (const [id, now] of after) {
    const then = before.get(id);
    if (!then) continue;
    const keys = [...new Set([...Object.keys(then.props), ...Object.keys(now.props)])].sort();
    const changes = keys
      .filter((k) => then.props[k] !== now.props[k])
      .map((k) => ({
        property: k,
        label: propertyLabel(k),
        from: then.props[k] ?? null,
        to: now.props[k] ?? null,
      }));
    if (changes.length) changed.push({ ...now.element, changes });
  }
  return { added: added.sort(byId), removed: removed.sort(byId), changed: changed.sort(byId) };
}

/** Compares two parsed BPMN models (bpmn-moddle definitions). */
export function diffBpmn(before: ModdleElement, after: ModdleElement): ModelDiff {
  const index = (defs: ModdleElement) =>
    new Map(
      [...trackedElements(defs)].map(
        ([id, el]) => [id, { element: describe(el), props: flatten(el) }] as const,
      ),
    );
  const result = compare(index(before), index(after));
  const layoutBefore = layout(before);
  const layoutAfter = layout(after);
  const layoutChanged = [...layoutAfter.keys()]
    .filter((id) => layoutBefore.has(id) && layoutBefore.get(id) !== layoutAfter.get(id))
    .sort();
  return { ...result, layoutChanged };
}

interface FormLike {
  id?: string;
  components?: FormComponentLike[];
  [key: string]: unknown;
}

/** Compares two form-js schemas: fields matched by id; moved fields count as layout changes. */
export function diffForm(before: FormLike, after: FormLike): ModelDiff {
  type Entry = { element: DiffElement; props: Record<string, string>; position: string };
  const index = (form: FormLike): Map<string, Entry> => {
    const out = new Map<string, Entry>();
    const flat = (value: Record<string, unknown>, skip: string[]): Record<string, string> => {
      const props: Record<string, string> = {};
      for (const [k, v] of Object.entries(value)) {
        if (skip.includes(k) || v === undefined) continue;
        props[k] =
          typeof v === 'object' && v !== null
            ? JSON.stringify(v)
            : typeof v === 'string'
              ? v
              : (JSON.stringify(v) ?? '');
      }
      return props;
    };
    out.set(form.id ?? '(Formular)', {
      element: { id: form.id ?? '(Formular)', type: 'form' },
      props: flat(form, ['components', 'id', 'exporter', 'schemaVersion']),
      position: '',
    });
    const walk = (components: FormComponentLike[], parent: string): void => {
      components.forEach((c, i) => {
        const id = c.id ?? c.key ?? `${parent}[${i}]`;
        const name = (c.label ?? (typeof c.text === 'string' ? c.text.split('\n')[0] : undefined))?.trim();
        out.set(id, {
          element: { id, type: c.type, ...(name ? { name } : {}) },
          props: flat(c, ['components', 'id', 'layout']),
          position: `${parent}#${i}|${JSON.stringify(c.layout ?? null)}`,
        });
        if (Array.isArray(c.components)) walk(c.components, id);
      });
    };
    walk(form.components ?? [], '');
    return out;
  };
  const a = index(before);
  const b = index(after);
  const result = compare(a, b);
  const layoutChanged = [...b.keys()]
    .filter((id) => a.has(id) && a.get(id)!.position !== b.get(id)!.position)
    .sort();
  return { ...result, layoutChanged };
}
