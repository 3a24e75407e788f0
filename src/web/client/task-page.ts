/// <reference lib="dom" />
/**
 * The task page in the browser: renders the task's form with the form-js viewer, prefilled from the
 * task variables and the saved draft; saves the draft as the caseworker types (debounced PUT with the
 * session's CSRF token) and submits to POST /api/tasks/:id/complete, showing the server's field errors
 * next to the fields and as a summary.
 */
import { Form } from '@bpmn-io/form-js-viewer';

interface TaskPageData {
  taskId: string;
  schema: { components?: FormComponent[] } & Record<string, unknown>;
  data: Record<string, unknown>;
  mayWork: boolean;
}

interface FormComponent {
  id?: string;
  key?: string;
  label?: string;
  components?: FormComponent[];
}

interface FieldError {
  key: string;
  label?: string;
  message: string;
}

const DRAFT_DELAY_MS = 600;

function byId<T extends HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

function csrfToken(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
}

function idsByKey(
  components: FormComponent[] | undefined,
  out = new Map<string, string>(),
): Map<string, string> {
  for (const c of components ?? []) {
    if (c.key && c.id) out.set(c.key, c.id);
    idsByKey(c.components, out);
  }
  return out;
}

function time(): string {
  return new Date().toLocaleTimeString('de-DE', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

async function send(method: string, url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken() },
    body: JSON.stringify(body),
  });
}

async function main(): Promise<void> {
  const dataElement = byId('aufgabe-daten');
  const container = byId('formular');
  if (!dataElement || !container) return;
  const page = JSON.parse(dataElement.textContent ?? '{}') as TaskPageData;
  const status = byId('entwurf-status');
  const summary = byId('fehler-zusammenfassung');
  const message = byId('meldung');
  const submitButton = byId<HTMLButtonElement>('abschliessen');

  const form = new Form({ container });
  await form.importSchema(page.schema, page.data);
  if (!page.mayWork) form.setProperty('readOnly', true);
  const fieldIds = idsByKey(page.schema.components);

  let timer: ReturnType<typeof setTimeout> | undefined;
  let saving: Promise<void> = Promise.resolve();
  let lastSaved = '';
  const currentData = (): Record<string, unknown> =>
    (form._getState() as { data: Record<string, unknown> }).data;

  const saveDraft = async (): Promise<void> => {
    const res = await send('PUT', `/api/tasks/${page.taskId}/draft`, { data: currentData() });
    if (status)
      status.textContent = res.ok
        ? `Entwurf gespeichert um ${time()} Uhr.`
        : 'Entwurf konnte nicht gespeichert werden.';
  };

  lastSaved = JSON.stringify(currentData());
  if (page.mayWork) {
    form.on('changed', () => {
      // errors and properties change the state too: save only when the data changed
      const snapshot = JSON.stringify(currentData());
      if (snapshot === lastSaved) return;
      lastSaved = snapshot;
      if (status) status.textContent = 'Entwurf wird gespeichert …';
      clearTimeout(timer);
      timer = setTimeout(() => {
        saving = saving.then(saveDraft, saveDraft);
      }, DRAFT_DELAY_MS);
    });
  }

  const showMessage = (text: string, kind: 'error' | 'success'): void => {
    if (!message) return;
    message.textContent = text;
    message.className = kind === 'error' ? 'error' : 'success';
    message.hidden = false;
    message.focus();
  };

  const showErrors = (errors: FieldError[]): void => {
    const byField: Record<string, string[]> = {};
    for (const error of errors) {
      const id = fieldIds.get(error.key);
      if (id) (byField[id] ??= []).push(error.message);
    }
    form._setState({ errors: byField });
    if (!summary) return;
    summary.replaceChildren();
    const heading = document.createElement('h2');
    heading.textContent = `Bitte prüfen Sie Ihre Eingaben (${errors.length} ${errors.length === 1 ? 'Fehler' : 'Fehler'}):`;
    const list = document.createElement('ul');
    for (const error of errors) {
      const item = document.createElement('li');
      item.textContent = `${error.label ?? error.key}: ${error.message}`;
      list.append(item);
    }
    summary.append(heading, list);
    summary.hidden = false;
    summary.focus();
  };

  submitButton?.addEventListener('click', () => {
    void (async () => {
      clearTimeout(timer);
      submitButton.disabled = true;
      try {
        await saving;
        const { data } = form.submit();
        const res = await send('POST', `/api/tasks/${page.taskId}/complete`, { data });
        if (res.ok) {
          if (summary) summary.hidden = true;
          showMessage('Die Aufgabe ist erledigt. Sie werden zur Aufgabenliste weitergeleitet …', 'success');
          window.location.assign('/aufgaben?erledigt=1');
          return;
        }
        const body = (await res.json().catch(() => ({}))) as {
          code?: string;
          message?: string;
          errors?: FieldError[];
        };
        if (res.status === 422 && body.errors) {
          if (message) message.hidden = true;
          showErrors(body.errors);
        } else if (body.code === 'TASK_CANCELLED') {
          showMessage(
            'Diese Aufgabe wurde zwischenzeitlich im Verfahren beendet (zum Beispiel durch ein Ereignis oder den Abbruch des Verfahrens). Es wurde nichts abgeschlossen.',
            'error',
          );
        } else {
          showMessage(body.message ?? 'Die Aufgabe konnte nicht abgeschlossen werden.', 'error');
        }
      } catch {
        showMessage('Die Verbindung zum Server ist fehlgeschlagen. Bitte versuchen Sie es erneut.', 'error');
      } finally {
        submitButton.disabled = false;
      }
    })();
  });
}

void main();
