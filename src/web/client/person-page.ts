/// <reference lib="dom" />
/**
 * The person page in the browser: draws each process of the case file with the bpmn-js viewer (model
 * from GET /api/processes/:bpmnProcessId/xml) and highlights the elements with open tasks; shows only
 * the start fields of the process chosen in "Prozess starten".
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';

interface PageData {
  processes: { diagramId: string; bpmnProcessId: string; activeElementIds: string[] }[];
}

interface Canvas {
  zoom(mode: string): void;
  addMarker(elementId: string, marker: string): void;
}

interface ElementRegistry {
  get(id: string): unknown;
}

async function drawDiagram(p: PageData['processes'][number]): Promise<void> {
  const container = document.getElementById(p.diagramId);
  if (!container) return;
  try {
    const res = await fetch(`/api/processes/${encodeURIComponent(p.bpmnProcessId)}/xml`, {
      credentials: 'same-origin',
    });
    if (!res.ok) throw new Error(String(res.status));
    const viewer = new NavigatedViewer({ container });
    await viewer.importXML(await res.text());
    const canvas = viewer.get<Canvas>('canvas');
    const registry = viewer.get<ElementRegistry>('elementRegistry');
    canvas.zoom('fit-viewport');
    for (const id of p.activeElementIds) if (registry.get(id)) canvas.addMarker(id, 'aktiv');
    container.dataset.geladen = 'ja';
  } catch {
    container.textContent = 'Das Prozessdiagramm konnte nicht geladen werden.';
    container.dataset.geladen = 'fehler';
  }
}

function startFields(): void {
  const select = document.getElementById('prozess-auswahl') as HTMLSelectElement | null;
  if (!select) return;
  const update = (): void => {
    document.querySelectorAll<HTMLFieldSetElement>('fieldset[data-prozess]').forEach((fs) => {
      const shown = fs.dataset.prozess === select.value;
      fs.hidden = !shown;
      fs.disabled = !shown;
    });
  };
  select.addEventListener('change', update);
  update();
}

function main(): void {
  startFields();
  const raw = document.getElementById('fallakte-daten')?.textContent ?? '{"processes":[]}';
  const data = JSON.parse(raw) as PageData;
  void Promise.all(data.processes.map((p) => drawDiagram(p)));
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main);
else main();
