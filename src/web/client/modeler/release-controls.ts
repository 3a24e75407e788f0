/// <reference lib="dom" />
import { announce, ApiError, byId, download, errorText, postJson, resourceApi, type ModelKind } from './api';

/** what the editor pages tell the release controls about the open model */
export interface EditorState {
  kind: ModelKind;
  resourceId: string;
  /** the version opened or last saved; null for a model not yet saved */
  version: number | null;
  /** the version the open model was loaded from (diff base after saving) */
  loadedFrom: number | null;
}

export interface EditorHooks {
  /** the model as it is now (BPMN XML or form JSON) */
  content(): Promise<string>;
  /** true when the model changed since it was loaded or saved */
  dirty(): boolean;
  markSaved(): void;
  /** the element's display name for a finding, e.g. "Antrag prüfen (Task_Pruefen)" */
  elementName(elementId: string): string;
  /** file name for "Exportieren" */
  exportName: string;
  exportType: string;
}

interface SavedVersion {
  number?: number;
  version?: number | { number?: number };
}

interface ImportedVersion extends SavedVersion {
  kind?: ModelKind;
  resourceId?: string;
  resource?: { kind?: ModelKind; resourceId?: string };
}

interface LintErrorItem {
  elementId?: string;
  rule?: string;
  message?: string;
}

/** reads the version number from the API's answer, whatever its nesting */
export function versionNumber(answer: SavedVersion): number | null {
  if (typeof answer.number === 'number') return answer.number;
  if (typeof answer.version === 'number') return answer.version;
  if (answer.version && typeof answer.version.number === 'number') return answer.version.number;
  return null;
}

function setText(id: string, text: string): void {
  const el = byId(id);
  if (el) el.textContent = text;
}

/**
 * The draft-and-release controls shared by the BPMN and the form editor: "Entwurf speichern" (with a
 * comment) saves the open model as a new version; "Zur Freigabe einreichen" (with a reason) submits the
 * saved version; lint errors the server reports block submission and are listed by element; import and
 * export of .bpmn/.form files.
 */
export function wireReleaseControls(
  state: EditorState,
  hooks: EditorHooks,
): { showVersion(status: string): void } {
  let leaving = false;
  const api = resourceApi(state.kind, state.resourceId);
  const label = state.kind === 'bpmn' ? 'Prozess' : 'Formular';

  const showVersion = (status: string): void => {
    setText(
      'geoeffnete-version',
      state.version ? `Version ${state.version} (${status})` : 'noch nicht gespeichert',
    );
    const links = byId('versions-links');
    if (!links) return;
    links.replaceChildren();
    if (!state.version) return;
    const base = `/modeler/${state.kind}/${encodeURIComponent(state.resourceId)}`;
    const page = document.createElement('a');
    page.href = `${base}/versionen/${state.version}`;
    page.textContent = `Version ${state.version} ansehen (Verlauf, Freigabe)`;
    links.append(page);
    if (state.loadedFrom && state.loadedFrom !== state.version) {
      const diff = document.createElement('a');
      diff.href = `${base}/vergleich?von=${state.loadedFrom}&bis=${state.version}`;
      diff.textContent = `Vergleich Version ${state.loadedFrom} mit Version ${state.version}`;
      links.append(' · ', diff);
    }
  };

  const clearLintErrors = (): void => {
    const box = byId('freigabe-fehler');
    if (box) {
      box.hidden = true;
      box.replaceChildren();
    }
  };

  const showLintErrors = (items: LintErrorItem[]): void => {
    const box = byId('freigabe-fehler');
    if (!box) return;
    const heading = document.createElement('h3');
    heading.textContent = 'Die Prüfung hat Fehler gefunden. Bitte beheben Sie:';
    const list = document.createElement('ul');
    for (const item of items) {
      const li = document.createElement('li');
      const where = item.elementId ? hooks.elementName(item.elementId) : label;
      li.textContent = `${where}: ${item.message ?? item.rule ?? 'Fehler'}`;
      if (item.elementId) li.dataset.elementId = item.elementId;
      list.append(li);
    }
    box.replaceChildren(heading, list);
    box.hidden = false;
  };

  const save = async (): Promise<boolean> => {
    const comment = byId<HTMLInputElement>('entwurf-kommentar')?.value.trim() ?? '';
    const content = await hooks.content();
    try {
      const saved = await postJson<SavedVersion>(`${api}/versions`, {
        content,
        comment,
        ...(state.version ? { basedOn: state.version } : {}),
      });
      state.version = versionNumber(saved) ?? state.version;
      hooks.markSaved();
      const url = new URL(window.location.href);
      if (state.version) url.searchParams.set('version', String(state.version));
      window.history.replaceState(null, '', url.toString());
      const input = byId<HTMLInputElement>('entwurf-kommentar');
      if (input) input.value = '';
      showVersion('Entwurf');
      clearLintErrors();
      announce('meldung', `Der Entwurf ist als Version ${state.version ?? ''} gespeichert.`, 'ok');
      return true;
    } catch (error) {
      announce('meldung', errorText(error), 'error');
      return false;
    }
  };

  byId('entwurf-speichern')?.addEventListener('click', () => void save());

  byId('einreichen')?.addEventListener('click', () => {
    void (async () => {
      const reason = byId<HTMLTextAreaElement>('freigabe-begruendung')?.value.trim() ?? '';
      if (!reason) {
        announce('meldung', 'Bitte geben Sie eine Begründung für die Freigabe an.', 'error');
        byId('freigabe-begruendung')?.focus();
        return;
      }
      if (hooks.dirty() || !state.version) {
        announce(
          'meldung',
          'Bitte speichern Sie zuerst den Entwurf; eingereicht wird eine gespeicherte Version.',
          'error',
        );
        return;
      }
      try {
        await postJson(`${api}/versions/${state.version}/submit`, { reason });
        clearLintErrors();
        showVersion('zur Freigabe eingereicht');
        announce(
          'meldung',
          `Version ${state.version} ist zur Freigabe eingereicht. Eine Person mit der Rolle Qualitätssicherung entscheidet darüber.`,
          'ok',
        );
      } catch (error) {
        if (error instanceof ApiError && error.code === 'LINT_ERRORS')
          showLintErrors(error.errors as LintErrorItem[]);
        announce('meldung', errorText(error), 'error');
      }
    })();
  });

  byId('exportieren')?.addEventListener('click', () => {
    void hooks.content().then((text) => download(hooks.exportName, text, hooks.exportType));
  });

  const fileInput = byId<HTMLInputElement>('datei-import');
  byId('importieren')?.addEventListener('click', () => {
    void (async () => {
      const file = fileInput?.files?.[0];
      if (!file) {
        announce('meldung', 'Bitte wählen Sie zuerst eine Datei aus.', 'error');
        fileInput?.focus();
        return;
      }
      try {
        const content = await file.text();
        const imported = await postJson<ImportedVersion>('/api/modeler/import', {
          fileName: file.name,
          content,
          comment: `Import der Datei ${file.name}`,
        });
        const kind = imported.kind ?? imported.resource?.kind ?? state.kind;
        const resourceId = imported.resourceId ?? imported.resource?.resourceId ?? state.resourceId;
        const number = versionNumber(imported);
        leaving = true;
        window.location.assign(
          `/modeler/${kind}/${encodeURIComponent(resourceId)}${number ? `?version=${number}` : ''}`,
        );
      } catch (error) {
        announce('meldung', errorText(error), 'error');
      }
    })();
  });

  window.addEventListener('beforeunload', (event) => {
    if (hooks.dirty() && !leaving) event.preventDefault();
  });
  return { showVersion };
}
