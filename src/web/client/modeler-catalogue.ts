/// <reference lib="dom" />
/**
 * The catalogue page in the browser (/modeler): imports a .bpmn or .form file as a new draft through
 * POST /api/modeler/import and opens it in its editor; a refused file shows the server's German reason.
 */
import { announce, byId, errorText, onPageReady, postJson, type ModelKind } from './modeler/api';
import { versionNumber } from './modeler/release-controls';
import './modeler/pages.css';

interface Imported {
  number?: number;
  version?: number | { number?: number };
  kind?: ModelKind;
  resourceId?: string;
  resource?: { kind?: ModelKind; resourceId?: string };
}

function main(): void {
  const input = byId<HTMLInputElement>('katalog-datei');
  byId('katalog-importieren')?.addEventListener('click', () => {
    void (async () => {
      const file = input?.files?.[0];
      if (!file) {
        announce('meldung', 'Bitte wählen Sie zuerst eine Datei aus.', 'error');
        input?.focus();
        return;
      }
      const comment =
        byId<HTMLInputElement>('katalog-kommentar')?.value.trim() || `Import der Datei ${file.name}`;
      try {
        const imported = await postJson<Imported>('/api/modeler/import', {
          fileName: file.name,
          content: await file.text(),
          comment,
        });
        const kind =
          imported.kind ?? imported.resource?.kind ?? (file.name.endsWith('.form') ? 'form' : 'bpmn');
        const resourceId = imported.resourceId ?? imported.resource?.resourceId;
        const number = versionNumber(imported);
        if (!resourceId) {
          window.location.reload();
          return;
        }
        window.location.assign(
          `/modeler/${kind}/${encodeURIComponent(resourceId)}${number ? `?version=${number}` : ''}`,
        );
      } catch (error) {
        announce('meldung', errorText(error), 'error');
      }
    })();
  });
}

onPageReady(main);
