/// <reference lib="dom" />
/**
 * The operations view's instance page in the browser (/betrieb/instanzen/:key): draws the version the
 * instance runs on with the bpmn-js viewer (XML from GET /api/operations/instances/:key/xml) and marks
 * the active elements and those with an open incident. The same facts stand as lists on the page.
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import './operations-instance.css';

interface PageData {
  xmlUrl: string;
  active: string[];
  incidents: string[];
}

interface Canvas {
  zoom(mode: string): void;
  addMarker(elementId: string, marker: string): void;
}

interface ElementRegistry {
  get(id: string): unknown;
}

async function draw(data: PageData): Promise<void> {
  const container = document.getElementById('diagramm');
  if (!container) return;
  try {
    const res = await fetch(data.xmlUrl, { credentials: 'same-origin' });
    if (!res.ok) throw new Error(String(res.status));
    const viewer = new NavigatedViewer({ container });
    await viewer.importXML(await res.text());
    const canvas = viewer.get<Canvas>('canvas');
    const registry = viewer.get<ElementRegistry>('elementRegistry');
    canvas.zoom('fit-viewport');
    for (const id of data.active) if (registry.get(id)) canvas.addMarker(id, 'aktiv');
    for (const id of data.incidents) if (registry.get(id)) canvas.addMarker(id, 'stoerung');
    container.dataset.geladen = 'ja';
  } catch {
    container.textContent = 'Das Prozessdiagramm konnte nicht geladen werden.';
    container.dataset.geladen = 'fehler';
  }
}

function main(): void {
  const raw = document.getElementById('instanz-daten')?.textContent ?? '{}';
  void draw(JSON.parse(raw) as PageData);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main);
else main();
