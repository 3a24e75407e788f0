/// <reference lib="dom" />
/**
 * The process analytics page in the browser (/analyse/<bpmnProcessId>): the version's diagram in the
 * bpmn-js viewer with the heatmap overlaid on each element — frequency (element instances started in
 * the period) or duration (median of those completed in it) — as readable text on a coloured badge,
 * the shape tinted in the same colour, explained in the legend. The radio buttons switch without a
 * reload (the URL keeps the choice); without script the form reloads the page.
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import { formatDuration, formatNumber, HEAT_CLASSES, heatClass } from '../../analytics/format';
import { byId, errorText, getJson, onPageReady, pageData } from './modeler/api';
import './analytics.css';

type View = 'haeufigkeit' | 'dauer';

interface PageData {
  bpmnProcessId: string;
  version: number;
  von: string | null;
  bis: string | null;
  ansicht: View;
}

interface HeatmapAnswer {
  elements: { elementId: string; name: string; count: number; durationP50Ms: number | null }[];
}

interface Canvas {
  zoom(mode: string): void;
  addMarker(elementId: string, marker: string): void;
  removeMarker(elementId: string, marker: string): void;
}

interface Overlays {
  add(
    elementId: string,
    type: string,
    overlay: { position: Record<string, number>; html: HTMLElement },
  ): string;
  remove(filter: { type: string }): void;
}

interface ElementRegistry {
  get(id: string): unknown;
}

const VIEW_LABEL: Record<View, string> = { haeufigkeit: 'Häufigkeit', dauer: 'Dauer (Median)' };

function valueOf(e: HeatmapAnswer['elements'][number], view: View): number | null {
  return view === 'haeufigkeit' ? e.count : e.durationP50Ms;
}

function text(value: number | null, view: View): string {
  return view === 'haeufigkeit' ? formatNumber(value ?? 0) : formatDuration(value);
}

async function main(): Promise<void> {
  const container = byId('heatmap');
  if (!container) return;
  const data = pageData<PageData>('analyse-daten');
  const status = byId('heatmap-status');
  const query = new URLSearchParams({ version: String(data.version) });
  if (data.von) query.set('von', data.von);
  if (data.bis) query.set('bis', data.bis);
  const api = `/api/analytics/processes/${encodeURIComponent(data.bpmnProcessId)}`;
  let view: View = data.ansicht;
  try {
    const [xmlRes, heat] = await Promise.all([
      fetch(`${api}/xml?version=${data.version}`, { credentials: 'same-origin' }),
      getJson<HeatmapAnswer>(`${api}/heatmap?${query.toString()}`),
    ]);
    if (!xmlRes.ok) throw new Error(`Das Modell konnte nicht geladen werden (Status ${xmlRes.status}).`);
    const viewer = new NavigatedViewer({ container });
    await viewer.importXML(await xmlRes.text());
    const canvas = viewer.get<Canvas>('canvas');
    const overlays = viewer.get<Overlays>('overlays');
    const registry = viewer.get<ElementRegistry>('elementRegistry');
    canvas.zoom('fit-viewport');
    const shown = heat.elements.filter((e) => registry.get(e.elementId));

    const draw = (): void => {
      overlays.remove({ type: 'heatmap' });
      const max = Math.max(0, ...shown.map((e) => valueOf(e, view) ?? 0));
      for (const e of shown) {
        for (let i = 0; i < HEAT_CLASSES; i++) canvas.removeMarker(e.elementId, `heat-${i}`);
        const value = valueOf(e, view);
        const cls = heatClass(value, max);
        canvas.addMarker(e.elementId, `heat-${cls}`);
        const badge = document.createElement('div');
        badge.className = `heat-wert heat-${cls}`;
        badge.dataset.elementId = e.elementId;
        badge.dataset.ansicht = view;
        badge.title = `${e.name}: ${text(value, view)}`;
        badge.textContent = text(value, view);
        overlays.add(e.elementId, 'heatmap', { position: { top: -14, left: -8 }, html: badge });
      }
      const legendText = byId('heatmap-legende-text');
      if (legendText) legendText.textContent = VIEW_LABEL[view];
      document.querySelectorAll<HTMLElement>('#heatmap-legende .stufe').forEach((el) => {
        const i = Number(el.dataset.stufe);
        const low = (max * i) / HEAT_CLASSES;
        const high = (max * (i + 1)) / HEAT_CLASSES;
        el.textContent =
          max > 0
            ? `${view === 'haeufigkeit' ? formatNumber(low, 1) : formatDuration(low)} bis ${
                view === 'haeufigkeit' ? formatNumber(high, 1) : formatDuration(high)
              }`
            : 'keine Werte';
      });
      if (status)
        status.textContent = `Diagramm der Version ${data.version}: ${VIEW_LABEL[view]} an ${shown.length} Elementen.`;
      container.dataset.ansicht = view;
    };
    draw();

    document.querySelectorAll<HTMLInputElement>('input[name="ansicht"]').forEach((radio) => {
      radio.addEventListener('change', () => {
        if (!radio.checked) return;
        view = radio.value === 'dauer' ? 'dauer' : 'haeufigkeit';
        const url = new URL(window.location.href);
        url.searchParams.set('ansicht', view);
        window.history.replaceState(null, '', url.toString());
        draw();
      });
    });
  } catch (error) {
    if (status) {
      status.textContent = errorText(error);
      status.className = 'error';
    }
  }
}

onPageReady(main);
