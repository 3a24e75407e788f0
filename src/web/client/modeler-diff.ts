/// <reference lib="dom" />
/**
 * The diff page in the browser (/modeler/:kind/:id/vergleich?von=&bis=): for processes the two
 * versions side by side in bpmn-js viewers, removed elements marked on the older, added ones on the
 * newer, changed ones on both (colour plus line style, explained in the legend); for processes and
 * forms the list of changed properties from GET /api/modeler/diff.
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import {
  announce,
  byId,
  errorText,
  onPageReady,
  getJson,
  pageData,
  resourceApi,
  type ModelKind,
} from './modeler/api';
import './modeler/pages.css';

interface DiffPageData {
  kind: ModelKind;
  resourceId: string;
  from: number;
  to: number;
}

interface DiffElement {
  id: string;
  type?: string;
  name?: string | null;
}

interface DiffChanged extends DiffElement {
  changes?: { property: string; label?: string; from?: unknown; to?: unknown }[];
}

export interface DiffAnswer {
  added: DiffElement[];
  removed: DiffElement[];
  changed: DiffChanged[];
  layoutChanged: (string | DiffElement)[];
}

interface Canvas {
  zoom(mode: string): void;
  addMarker(elementId: string, marker: string): void;
}

interface ElementRegistry {
  get(id: string): unknown;
}

function shown(value: unknown): string {
  if (value === undefined || value === null || value === '') return '–';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function typeName(type: string | undefined): string {
  return (type ?? '').replace(/^bpmn:/, '').replace(/^zeebe:/, 'zeebe:');
}

function label(e: DiffElement): string {
  return e.name ? `${e.name} (${e.id})` : e.id;
}

async function drawVersion(
  container: HTMLElement,
  xml: string,
  marks: { id: string; marker: string }[],
): Promise<void> {
  const viewer = new NavigatedViewer({ container });
  await viewer.importXML(xml);
  const canvas = viewer.get<Canvas>('canvas');
  const registry = viewer.get<ElementRegistry>('elementRegistry');
  canvas.zoom('fit-viewport');
  for (const m of marks) if (registry.get(m.id)) canvas.addMarker(m.id, m.marker);
  container.dataset.geladen = 'ja';
}

function cell(row: HTMLTableRowElement, text: string, header = false): void {
  const c = document.createElement(header ? 'th' : 'td');
  if (header) c.scope = 'row';
  c.textContent = text;
  row.append(c);
}

function renderTable(diff: DiffAnswer): void {
  const body = byId<HTMLTableSectionElement>('aenderungen-zeilen');
  if (!body) return;
  const rows: HTMLTableRowElement[] = [];
  const add = (
    element: string,
    kind: string,
    property: string,
    from: string,
    to: string,
    state: string,
  ): void => {
    const tr = document.createElement('tr');
    tr.dataset.art = state;
    cell(tr, element, true);
    cell(tr, kind);
    cell(tr, property);
    cell(tr, from);
    cell(tr, to);
    rows.push(tr);
  };
  for (const e of diff.added) add(label(e), 'neu', typeName(e.type), '–', '–', 'neu');
  for (const e of diff.removed) add(label(e), 'entfernt', typeName(e.type), '–', '–', 'entfernt');
  for (const e of diff.changed) {
    const changes = e.changes?.length ? e.changes : [{ property: '–', from: undefined, to: undefined }];
    for (const c of changes) {
      const property = c.label && c.label !== c.property ? `${c.label} (${c.property})` : c.property;
      add(label(e), 'geändert', property, shown(c.from), shown(c.to), 'geaendert');
    }
  }
  for (const e of diff.layoutChanged) {
    const el = typeof e === 'string' ? { id: e } : e;
    add(label(el), 'nur verschoben', 'Lage im Diagramm', '–', '–', 'verschoben');
  }
  body.replaceChildren(...rows);
  const summary = byId('aenderungen-zusammenfassung');
  if (summary) {
    summary.textContent =
      rows.length === 0
        ? 'Die beiden Versionen unterscheiden sich nicht.'
        : `${diff.added.length} neu, ${diff.removed.length} entfernt, ${diff.changed.length} geändert, ${diff.layoutChanged.length} nur verschoben.`;
  }
  const table = byId('aenderungen');
  if (table) table.hidden = rows.length === 0;
}

/** "only moved" is what moved without any other change (a renamed element's label moves too) */
function onlyMoved(diff: DiffAnswer): DiffAnswer {
  const other = new Set([...diff.added, ...diff.removed, ...diff.changed].map((e) => e.id));
  return {
    ...diff,
    layoutChanged: diff.layoutChanged.filter((e) => !other.has(typeof e === 'string' ? e : e.id)),
  };
}

async function main(): Promise<void> {
  const data = pageData<DiffPageData>('vergleich-daten');
  const api = resourceApi(data.kind, data.resourceId);
  try {
    const diff = onlyMoved(
      await getJson<DiffAnswer>(
        `/api/modeler/diff/${data.kind}/${encodeURIComponent(data.resourceId)}?from=${data.from}&to=${data.to}`,
      ),
    );
    renderTable(diff);
    if (data.kind !== 'bpmn') return;
    const [older, newer] = await Promise.all([
      getJson<{ content: string }>(`${api}/versions/${data.from}`),
      getJson<{ content: string }>(`${api}/versions/${data.to}`),
    ]);
    const layoutIds = diff.layoutChanged.map((e) => (typeof e === 'string' ? e : e.id));
    const left = byId('diagramm-von');
    const right = byId('diagramm-bis');
    if (!left || !right) return;
    await Promise.all([
      drawVersion(left, older.content, [
        ...diff.removed.map((e) => ({ id: e.id, marker: 'diff-removed' })),
        ...diff.changed.map((e) => ({ id: e.id, marker: 'diff-changed' })),
      ]),
      drawVersion(right, newer.content, [
        ...diff.added.map((e) => ({ id: e.id, marker: 'diff-added' })),
        ...diff.changed.map((e) => ({ id: e.id, marker: 'diff-changed' })),
        ...layoutIds.map((id) => ({ id, marker: 'diff-layout-changed' })),
      ]),
    ]);
  } catch (error) {
    announce('meldung', `Der Vergleich konnte nicht geladen werden. ${errorText(error)}`, 'error');
  }
}

onPageReady(main);
