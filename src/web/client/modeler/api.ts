/// <reference lib="dom" />
/**
 * What the process editor's pages share in the browser: calls to /api/modeler with the session's CSRF
 * token, the API's German error messages, the page data embedded by the server, status messages.
 */

export type ModelKind = 'bpmn' | 'form';

/** the page data of both editors (<script id="modeler-daten">) */
export interface EditorPageData {
  resourceId: string;
  /** the version to open (?version=n, default the latest) */
  version: number;
  mayEdit: boolean;
}

/** GET …/versions/:n, as far as the editors read it */
export interface VersionAnswer {
  number: number;
  status: string;
  content: string;
}

const STATUS_LABEL: Record<string, string> = {
  draft: 'Entwurf',
  submitted: 'zur Freigabe eingereicht',
  rejected: 'abgelehnt',
  approved: 'freigegeben',
  deployed: 'in Betrieb',
};

/** a version's status as the editors show it */
export function statusLabel(status: string): string {
  return STATUS_LABEL[status] ?? status;
}

/** runs a page's script once the document is parsed */
export function onPageReady(main: () => void | Promise<void>): void {
  const run = () => void main();
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);
  else run();
}

/** an answer of the API that is not 2xx: `{ statusCode, code, message, errors? }` */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: unknown[] = [],
  ) {
    super(message);
  }
}

export function csrfToken(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
}

function germanFallback(status: number): string {
  if (status === 403) return 'Dafür fehlt Ihnen die Berechtigung.';
  if (status === 404) return 'Nicht gefunden.';
  if (status === 413) return 'Die Datei ist zu groß.';
  return `Die Anfrage ist fehlgeschlagen (Status ${status}).`;
}

async function answer<T>(res: Response): Promise<T> {
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const b = (body ?? {}) as { code?: unknown; message?: unknown; errors?: unknown };
    const message = Array.isArray(b.message) ? b.message.join(' ') : b.message;
    throw new ApiError(
      res.status,
      typeof b.code === 'string' ? b.code : String(res.status),
      typeof message === 'string' && message ? message : germanFallback(res.status),
      Array.isArray(b.errors) ? (b.errors as unknown[]) : [],
    );
  }
  return body as T;
}

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  return answer<T>(res);
}

export async function postJson<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrfToken() },
    body: JSON.stringify(body),
  });
  return answer<T>(res);
}

/** the base of a resource's API: /api/modeler/resources/<kind>/<id> */
export function resourceApi(kind: ModelKind, resourceId: string): string {
  return `/api/modeler/resources/${kind}/${encodeURIComponent(resourceId)}`;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

/** the JSON the server put into <script type="application/json" id="..."> */
export function pageData<T>(id: string): T {
  const raw = byId(id)?.textContent;
  if (!raw) throw new Error(`page data #${id} missing`);
  return JSON.parse(raw) as T;
}

/**
 * Shows a message in a live region: `kind` 'ok' for confirmations (role=status), 'error' for failures
 * (role=alert, focused so that keyboard and screen reader users land on it).
 */
export function announce(id: string, text: string, kind: 'ok' | 'error'): void {
  const el = byId(id);
  if (!el) return;
  el.textContent = text;
  el.hidden = !text;
  el.className = kind === 'error' ? 'error' : 'success';
  if (kind === 'error' && text) el.focus();
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    // INVALID_BPMN / INVALID_FORM name each problem (line, element) as a German line; the message
    // already quotes the first ones
    const lines = error.errors.filter(
      (e): e is string => typeof e === 'string' && !error.message.includes(e),
    );
    return lines.length ? `${error.message} ${lines.join(' ')}` : error.message;
  }
  return 'Die Verbindung zum Server ist fehlgeschlagen. Bitte versuchen Sie es erneut.';
}

/** offers text as a file download (export of the editor's current state) */
export function download(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function readFile(file: File): Promise<string> {
  return file.text();
}
