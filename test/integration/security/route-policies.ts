/**
 * The declared access policy of every HTTP route (issue 7 § 4), checked by authorisation-matrix.spec.ts
 * against the routes the application actually registers: who may call it (role × unit) on which
 * resource. Everyone not named must be refused (401/403/404, or for pages without a session the
 * redirect to /anmelden). A route the application registers without an entry here fails the matrix.
 *
 * The principals are test users covering every role, and units relative to the resources: the seeded
 * person, task, document and Wiedervorlage belong to the LG (Leistungsgewährung) — `sb.uv` is the
 * caseworker of another unit (IDOR), `sb.abh` the intake unit (reads every case file, works no LG task).
 */

import type { INestApplication } from '@nestjs/common';

export const PRINCIPALS = ['anonym', 'sb.abh', 'sb.lg', 'sb.uv', 'tl.lg', 'pv', 'qs', 'admin'] as const;
export type Principal = (typeof PRINCIPALS)[number];
export type SignedInPrincipal = Exclude<Principal, 'anonym'>;

export const SIGNED_IN: Principal[] = ['sb.abh', 'sb.lg', 'sb.uv', 'tl.lg', 'pv', 'qs', 'admin'];
/** search and create persons, start case processes (caseworker, team lead, admin) */
const INTAKE: Principal[] = ['sb.abh', 'sb.lg', 'sb.uv', 'tl.lg', 'admin'];
/** the LG person's case file: intake unit ABH, the LG working on its process, quality, admin */
const CASE_FILE_LG: Principal[] = ['sb.abh', 'sb.lg', 'tl.lg', 'qs', 'admin'];
/** start a further process for the LG person: intake roles that may read its case file */
const INTAKE_LG: Principal[] = ['sb.abh', 'sb.lg', 'tl.lg', 'admin'];
/** set a Wiedervorlage: read access to the case file and a unit of one's own */
const FOLLOW_UP_SETTERS: Principal[] = ['sb.abh', 'sb.lg', 'tl.lg'];
/** an LG Wiedervorlage: members of the LG, admins */
const FOLLOW_UP_LG: Principal[] = ['sb.lg', 'tl.lg', 'admin'];
/** an LG task: members of the LG (candidate group) */
const TASK_LG: Principal[] = ['sb.lg', 'tl.lg'];
const TEAM_LEAD_LG: Principal[] = ['tl.lg'];
/** export everything about the LG person: admins, team leads who may read the case file */
const ACCESS_EXPORT_LG: Principal[] = ['tl.lg', 'admin'];
const MODELER: Principal[] = ['pv', 'qs', 'admin'];
const MODEL_EDITORS: Principal[] = ['pv', 'admin'];
const RELEASERS: Principal[] = ['qs'];
const QUALITY: Principal[] = ['qs', 'admin'];

export interface RouteRequest {
  /** the concrete path, parameters filled in */
  path: string;
  query?: Record<string, string | string[]>;
  /** JSON body, or a form (urlencoded) body with `form: true` */
  body?: Record<string, unknown>;
  form?: boolean;
}

/** what the matrix offers the request builders: seeded records and fresh ones for one-way actions */
export interface MatrixContext {
  personLg: string;
  instanceLg: string;
  taskLg: string;
  documentLg: string;
  followUpLg: string;
  /** a day 30 days ahead, YYYY-MM-DD */
  later: string;
  /** a different day ahead at every call (moving a Wiedervorlage needs a new day), YYYY-MM-DD */
  dayAhead(): string;
  /** a new person in the Eingangszone (no process, no task) */
  freshPerson(): Promise<string>;
  /** a new open task of the LG (a one-task process) */
  freshLgTask(): Promise<string>;
  /** the same, claimed by the principal */
  freshLgTaskClaimedBy(who: Principal): Promise<string>;
  /** a running process instance (cancellable) */
  freshInstance(): Promise<string>;
  /** an open Wiedervorlage of the LG */
  freshFollowUp(): Promise<string>;
  /** a new draft version of the form resource FORM_ID (saved by the process manager); its number */
  freshFormDraft(submitted: boolean): Promise<number>;
  /** the content of FORM_ID's latest version with a changed label (a valid new version) */
  changedFormContent(): Promise<string>;
  /** a small valid form for import, with a unique id */
  importableForm(): { fileName: string; content: string };
  /** a valid BPMN model for lint */
  lintableBpmn: string;
}

export interface RoutePolicy {
  /** who must succeed; everyone else must be refused. 'public': everyone succeeds */
  allow: Principal[] | 'public';
  /** the resource the route is scoped to, for the report */
  resource?: 'person' | 'task' | 'document' | 'follow-up' | 'instance' | 'model' | 'none';
  request: (ctx: MatrixContext, who: Principal, allowed: boolean) => RouteRequest | Promise<RouteRequest>;
  /**
   * statuses besides 2xx/3xx that count as success for an allowed principal, with the reason (the
   * answer's code must still not be one of the guard's refusals)
   */
  alsoOk?: { statuses: number[]; why: string };
  /** one-way actions (sign-out, sign-in): a fresh session per principal */
  freshSession?: boolean;
  /** signing out: success is the redirect to /anmelden, and the session is gone afterwards */
  signsOut?: boolean;
  /** a second policy for the same route (another resource): its key as the app registers it */
  route?: string;
}

export const FORM_ID = 'bs-complaint-register';
/** the account the sign-in routes are tried with (a fresh session each time) */
export const LOGIN_USER = 'matrix.anmeldung';
export const LOGIN_PASSWORD = 'Matrix-Passwort-2026';

/**
 * Paths Express holds as routes for every method that are middleware, not handlers: Nest mounts the
 * session middleware (AuthModule, forRoutes '{*path}') this way. Any other all-methods route fails.
 */
export const MIDDLEWARE_MOUNTS: Record<string, string> = {
  '/{*path}': 'session middleware (AuthModule)',
  '/{*all}': 'session middleware (AuthModule), the same mount as Nest converts it',
};
const BPMN_ID = 'asylblg-benefits';
const p = (path: string, rest: Omit<RouteRequest, 'path'> = {}): RouteRequest => ({ path, ...rest });
const unitOf = (who: Principal): string => (who === 'sb.abh' ? 'ABH' : who === 'sb.uv' ? 'UV' : 'LG');

export const ROUTE_POLICIES: Record<string, RoutePolicy> = {
  // --- public: sign-in, health, API documentation ------------------------------------------------
  'GET /health': { allow: 'public', request: () => p('/health') },
  'GET /anmelden': { allow: 'public', request: () => p('/anmelden') },
  'POST /anmelden': {
    allow: 'public',
    freshSession: true,
    request: () => p('/anmelden', { form: true, body: { username: LOGIN_USER, password: LOGIN_PASSWORD } }),
  },
  'GET /anmelden/oidc': {
    allow: 'public',
    request: () => p('/anmelden/oidc'),
    alsoOk: { statuses: [404], why: 'OIDC is not configured in the test' },
  },
  'GET /anmelden/oidc/rueckkehr': {
    allow: 'public',
    request: () => p('/anmelden/oidc/rueckkehr'),
    alsoOk: { statuses: [400, 404], why: 'OIDC is not configured in the test' },
  },
  'POST /api/auth/login': {
    allow: 'public',
    freshSession: true,
    request: () => p('/api/auth/login', { body: { username: LOGIN_USER, password: LOGIN_PASSWORD } }),
  },
  'GET /api/docs': { allow: 'public', request: () => p('/api/docs') },
  'GET /api/docs-json': { allow: 'public', request: () => p('/api/docs-json') },
  'GET /api/docs-yaml': { allow: 'public', request: () => p('/api/docs-yaml') },
  'GET /api/docs/': { allow: 'public', request: () => p('/api/docs/') },
  'GET /api/docs/index.html': { allow: 'public', request: () => p('/api/docs/index.html') },
  'GET /api/docs/swagger-ui-init.js': { allow: 'public', request: () => p('/api/docs/swagger-ui-init.js') },
  'GET /api/docs/docs/swagger-ui-init.js': {
    allow: 'public',
    request: () => p('/api/docs/docs/swagger-ui-init.js'),
  },
  'GET /api/docs/LICENSE': {
    allow: 'public',
    request: () => p('/api/docs/LICENSE'),
    alsoOk: { statuses: [404], why: 'swagger-ui-dist ships no LICENSE file in this installation' },
  },

  // --- session ------------------------------------------------------------------------------------
  'GET /': { allow: SIGNED_IN, request: () => p('/') },
  'POST /abmelden': {
    allow: SIGNED_IN,
    freshSession: true,
    signsOut: true,
    request: () => p('/abmelden', { form: true }),
  },
  'POST /api/auth/logout': { allow: SIGNED_IN, freshSession: true, request: () => p('/api/auth/logout') },
  'GET /api/auth/me': { allow: SIGNED_IN, request: () => p('/api/auth/me') },
  'GET /api/parameters': { allow: SIGNED_IN, request: () => p('/api/parameters') },

  // --- persons and the case file -------------------------------------------------------------------
  'GET /api/persons': { allow: INTAKE, request: () => p('/api/persons', { query: { q: 'Matrix' } }) },
  'POST /api/persons': {
    allow: INTAKE,
    request: () => p('/api/persons', { body: { familyName: 'Matrixneu', givenNames: 'Amal' } }),
  },
  // the catalogue of startable processes (names and start variables, no personal data)
  'GET /api/persons/processes': { allow: SIGNED_IN, request: () => p('/api/persons/processes') },
  'GET /api/persons/:id': {
    allow: CASE_FILE_LG,
    resource: 'person',
    request: (c) => p(`/api/persons/${c.personLg}`),
  },
  'POST /api/persons/:id/processes': {
    allow: INTAKE_LG,
    resource: 'person',
    request: (c) =>
      p(`/api/persons/${c.personLg}/processes`, {
        body: { bpmnProcessId: 'asylblg-benefits', variables: { needKnownOn: '2026-11-02' } },
      }),
  },
  // a person in the Eingangszone (no process, no task): every intake user
  'POST /api/persons/:id/processes (Eingangszone)': {
    allow: INTAKE,
    resource: 'person',
    route: 'POST /api/persons/:id/processes',
    request: async (c) =>
      p(`/api/persons/${await c.freshPerson()}/processes`, {
        body: { bpmnProcessId: 'asylblg-benefits', variables: { needKnownOn: '2026-11-02' } },
      }),
  },
  'POST /api/persons/:id/notes': {
    allow: CASE_FILE_LG,
    resource: 'person',
    request: (c) => p(`/api/persons/${c.personLg}/notes`, { body: { text: 'Rückruf vereinbart.' } }),
  },
  'GET /api/documents/:id/pdf': {
    allow: CASE_FILE_LG,
    resource: 'document',
    request: (c) => p(`/api/documents/${c.documentLg}/pdf`),
  },
  'GET /api/processes/:bpmnProcessId/xml': {
    allow: SIGNED_IN,
    request: () => p(`/api/processes/${BPMN_ID}/xml`),
  },
  'GET /eingang': { allow: INTAKE, request: () => p('/eingang', { query: { q: 'Matrix' } }) },
  'POST /eingang/personen': {
    allow: INTAKE,
    request: () =>
      p('/eingang/personen', { form: true, body: { familyName: 'Matrixseite', givenNames: 'Amal' } }),
  },
  'GET /personen/:id': {
    allow: CASE_FILE_LG,
    resource: 'person',
    request: (c) => p(`/personen/${c.personLg}`),
  },
  'POST /personen/:id/prozesse': {
    allow: INTAKE_LG,
    resource: 'person',
    request: (c) =>
      p(`/personen/${c.personLg}/prozesse`, {
        form: true,
        body: { bpmnProcessId: 'asylblg-benefits', 'asylblg-benefits-needKnownOn': '02.11.2026' },
      }),
  },
  'POST /personen/:id/notizen': {
    allow: CASE_FILE_LG,
    resource: 'person',
    request: (c) => p(`/personen/${c.personLg}/notizen`, { form: true, body: { text: 'Termin bestätigt.' } }),
  },

  // --- privacy: right of access (issue 7 § 2) ----------------------------------------------------------
  'GET /api/privacy/persons/:id/access-export': {
    allow: ACCESS_EXPORT_LG,
    resource: 'person',
    request: (c) => p(`/api/privacy/persons/${c.personLg}/access-export`),
  },
  'GET /api/privacy/persons/:id/access-export.pdf': {
    allow: ACCESS_EXPORT_LG,
    resource: 'person',
    request: (c) => p(`/api/privacy/persons/${c.personLg}/access-export.pdf`),
  },

  // --- privacy: retention and erasure (issue 7 § 2) ------------------------------------------------------
  'GET /api/privacy/retention/rules': { allow: QUALITY, request: () => p('/api/privacy/retention/rules') },
  'POST /api/privacy/retention/run': { allow: ['admin'], request: () => p('/api/privacy/retention/run') },
  'GET /api/privacy/retention/runs': { allow: QUALITY, request: () => p('/api/privacy/retention/runs') },
  'GET /api/privacy/deletions': { allow: QUALITY, request: () => p('/api/privacy/deletions') },
  'DELETE /api/privacy/persons/:id': {
    allow: ['admin'],
    resource: 'person',
    // the refused ones ask for the LG person (it must stay); the admin erases a person of its own
    request: async (c, _who, allowed) =>
      p(`/api/privacy/persons/${allowed ? await c.freshPerson() : c.personLg}`),
  },

  // --- Wiedervorlagen -------------------------------------------------------------------------------
  'GET /api/persons/:id/follow-ups': {
    allow: CASE_FILE_LG,
    resource: 'person',
    request: (c) => p(`/api/persons/${c.personLg}/follow-ups`),
  },
  'POST /api/persons/:id/follow-ups': {
    allow: FOLLOW_UP_SETTERS,
    resource: 'person',
    request: (c, who) =>
      p(`/api/persons/${c.personLg}/follow-ups`, {
        body: { unit: unitOf(who), dueOn: c.later, reason: 'Nachweise anfordern' },
      }),
  },
  'GET /api/follow-ups': {
    allow: SIGNED_IN,
    request: () => p('/api/follow-ups', { query: { view: 'mine' } }),
  },
  'GET /api/follow-ups/absence': { allow: SIGNED_IN, request: () => p('/api/follow-ups/absence') },
  'PUT /api/follow-ups/absence': {
    allow: SIGNED_IN,
    request: () => p('/api/follow-ups/absence', { body: { absentUntil: null } }),
  },
  'GET /api/follow-ups/:id': {
    allow: FOLLOW_UP_LG,
    resource: 'follow-up',
    request: (c) => p(`/api/follow-ups/${c.followUpLg}`),
  },
  'POST /api/follow-ups/:id/move': {
    allow: FOLLOW_UP_LG,
    resource: 'follow-up',
    request: (c) =>
      p(`/api/follow-ups/${c.followUpLg}/move`, {
        body: { dueOn: c.dayAhead(), comment: 'Unterlagen fehlen' },
      }),
  },
  'POST /api/follow-ups/:id/done': {
    allow: FOLLOW_UP_LG,
    resource: 'follow-up',
    request: async (c, _who, allowed) =>
      p(`/api/follow-ups/${allowed ? await c.freshFollowUp() : c.followUpLg}/done`, { body: {} }),
  },
  'GET /wiedervorlagen': { allow: SIGNED_IN, request: () => p('/wiedervorlagen') },
  // --- deadlines (issue 8 § 1): every signed-in user, scoped to their units ----------------------------
  'GET /api/deadlines': {
    allow: SIGNED_IN,
    request: () => p('/api/deadlines', { query: { status: 'open' } }),
  },
  'GET /fristen': { allow: SIGNED_IN, request: () => p('/fristen') },
  // --- notifications (issue 8 § 3): always the signed-in user's own ----------------------------------
  'GET /api/notifications': { allow: SIGNED_IN, request: () => p('/api/notifications') },
  'GET /api/notifications/stream': {
    allow: SIGNED_IN,
    // once=1: the current count, then the stream ends (the live stream never would)
    request: () => p('/api/notifications/stream', { query: { once: '1' } }),
  },
  'GET /api/notifications/settings': { allow: SIGNED_IN, request: () => p('/api/notifications/settings') },
  'PUT /api/notifications/settings': {
    allow: SIGNED_IN,
    request: () => p('/api/notifications/settings', { body: { email: null, emailMode: 'off' } }),
  },
  'POST /api/notifications/read-all': { allow: SIGNED_IN, request: () => p('/api/notifications/read-all') },
  'POST /api/notifications/:id/read': {
    allow: SIGNED_IN,
    request: () => p('/api/notifications/00000000-0000-4000-8000-000000000000/read'),
    alsoOk: { statuses: [404], why: 'only one’s own notifications exist for one; the principals have none' },
  },
  'GET /benachrichtigungen': { allow: SIGNED_IN, request: () => p('/benachrichtigungen') },
  'POST /benachrichtigungen/einstellungen': {
    allow: SIGNED_IN,
    request: () => p('/benachrichtigungen/einstellungen', { form: true, body: { emailMode: 'off' } }),
  },
  'POST /benachrichtigungen/gelesen': {
    allow: SIGNED_IN,
    request: () => p('/benachrichtigungen/gelesen', { form: true, body: {} }),
  },
  'POST /wiedervorlagen/abwesenheit': {
    allow: SIGNED_IN,
    request: () => p('/wiedervorlagen/abwesenheit', { form: true, body: { aktion: 'beenden' } }),
  },
  'POST /personen/:id/wiedervorlagen': {
    allow: FOLLOW_UP_SETTERS,
    resource: 'person',
    request: (c, who) =>
      p(`/personen/${c.personLg}/wiedervorlagen`, {
        form: true,
        body: { unit: unitOf(who), dueOn: c.later, reason: 'Bescheid prüfen' },
      }),
  },
  'POST /wiedervorlagen/:id/verschieben': {
    allow: FOLLOW_UP_LG,
    resource: 'follow-up',
    request: (c) =>
      p(`/wiedervorlagen/${c.followUpLg}/verschieben`, {
        form: true,
        body: { dueOn: c.dayAhead(), comment: 'Rückfrage offen' },
      }),
  },
  'POST /wiedervorlagen/:id/erledigen': {
    allow: FOLLOW_UP_LG,
    resource: 'follow-up',
    request: async (c, _who, allowed) =>
      p(`/wiedervorlagen/${allowed ? await c.freshFollowUp() : c.followUpLg}/erledigen`, {
        form: true,
        body: {},
      }),
  },

  // --- tasks ------------------------------------------------------------------------------------------
  'GET /api/tasks': { allow: SIGNED_IN, request: () => p('/api/tasks', { query: { view: 'unit' } }) },
  'GET /api/tasks/workload': {
    allow: TEAM_LEAD_LG,
    request: () => p('/api/tasks/workload', { query: { unit: 'LG' } }),
  },
  'POST /api/tasks/reassign': {
    allow: TEAM_LEAD_LG,
    resource: 'task',
    request: async (c) =>
      p('/api/tasks/reassign', { body: { ids: [await c.freshLgTask()], assignee: 'sb.lg' } }),
  },
  'GET /api/tasks/:id': { allow: TASK_LG, resource: 'task', request: (c) => p(`/api/tasks/${c.taskLg}`) },
  'POST /api/tasks/:id/claim': {
    allow: TASK_LG,
    resource: 'task',
    request: async (c, _who, allowed) => p(`/api/tasks/${allowed ? await c.freshLgTask() : c.taskLg}/claim`),
  },
  'POST /api/tasks/:id/unclaim': {
    allow: TASK_LG,
    resource: 'task',
    request: async (c, who, allowed) =>
      p(`/api/tasks/${allowed ? await c.freshLgTaskClaimedBy(who) : c.taskLg}/unclaim`),
  },
  'POST /api/tasks/:id/assign': {
    allow: TEAM_LEAD_LG,
    resource: 'task',
    request: async (c, _who, allowed) =>
      p(`/api/tasks/${allowed ? await c.freshLgTask() : c.taskLg}/assign`, { body: { assignee: 'sb.lg' } }),
  },
  'PUT /api/tasks/:id/draft': {
    allow: TASK_LG,
    resource: 'task',
    request: async (c, who, allowed) =>
      p(`/api/tasks/${allowed ? await c.freshLgTaskClaimedBy(who) : c.taskLg}/draft`, {
        body: { data: { note: 'Entwurf' } },
      }),
  },
  'POST /api/tasks/:id/complete': {
    allow: TASK_LG,
    resource: 'task',
    request: async (c, who, allowed) =>
      p(`/api/tasks/${allowed ? await c.freshLgTaskClaimedBy(who) : c.taskLg}/complete`, {
        body: { data: {} },
      }),
  },
  'GET /aufgaben': { allow: SIGNED_IN, request: () => p('/aufgaben') },
  'GET /aufgaben/:id': { allow: TASK_LG, resource: 'task', request: (c) => p(`/aufgaben/${c.taskLg}`) },
  'POST /aufgaben/:id/uebernehmen': {
    allow: TASK_LG,
    resource: 'task',
    request: async (c, _who, allowed) =>
      p(`/aufgaben/${allowed ? await c.freshLgTask() : c.taskLg}/uebernehmen`, { form: true, body: {} }),
  },
  'GET /aufgaben/team': {
    allow: TEAM_LEAD_LG,
    request: () => p('/aufgaben/team', { query: { einheit: 'LG' } }),
  },
  'POST /aufgaben/team/zuweisen': {
    allow: TEAM_LEAD_LG,
    resource: 'task',
    request: async (c) =>
      p('/aufgaben/team/zuweisen', {
        form: true,
        body: { einheit: 'LG', aufgaben: [await c.freshLgTask()], an: 'sb.lg' },
      }),
  },

  // --- process editor and release (no unit scoping: models are the agency's) --------------------------
  'GET /api/modeler/resources': { allow: MODELER, request: () => p('/api/modeler/resources') },
  'GET /api/modeler/resources/:kind/:resourceId': {
    allow: MODELER,
    resource: 'model',
    request: () => p(`/api/modeler/resources/bpmn/${BPMN_ID}`),
  },
  'GET /api/modeler/resources/:kind/:resourceId/versions/:n': {
    allow: MODELER,
    resource: 'model',
    request: () => p(`/api/modeler/resources/bpmn/${BPMN_ID}/versions/1`),
  },
  'GET /api/modeler/resources/:kind/:resourceId/versions/:n/file': {
    allow: MODELER,
    resource: 'model',
    request: () => p(`/api/modeler/resources/bpmn/${BPMN_ID}/versions/1/file`),
  },
  'POST /api/modeler/resources/:kind/:resourceId/versions': {
    allow: MODEL_EDITORS,
    resource: 'model',
    request: async (c) =>
      p(`/api/modeler/resources/form/${FORM_ID}/versions`, {
        body: { content: await c.changedFormContent(), comment: 'Matrix' },
      }),
  },
  'POST /api/modeler/import': {
    allow: MODEL_EDITORS,
    resource: 'model',
    request: (c) => p('/api/modeler/import', { body: { ...c.importableForm(), comment: 'Matrix' } }),
  },
  'POST /api/modeler/lint': {
    allow: MODELER,
    request: (c) => p('/api/modeler/lint', { body: { kind: 'bpmn', content: c.lintableBpmn } }),
  },
  'GET /api/modeler/diff/:kind/:resourceId': {
    allow: MODELER,
    resource: 'model',
    request: () => p(`/api/modeler/diff/bpmn/${BPMN_ID}`, { query: { from: '1', to: '1' } }),
  },
  'POST /api/modeler/resources/:kind/:resourceId/versions/:n/submit': {
    allow: MODEL_EDITORS,
    resource: 'model',
    request: async (c, _who, allowed) =>
      p(
        `/api/modeler/resources/form/${FORM_ID}/versions/${allowed ? await c.freshFormDraft(false) : 1}/submit`,
        {
          body: { reason: 'Neue Rechtslage ab Januar' },
        },
      ),
  },
  'POST /api/modeler/resources/:kind/:resourceId/versions/:n/approve': {
    allow: RELEASERS,
    resource: 'model',
    request: async (c, _who, allowed) =>
      p(
        `/api/modeler/resources/form/${FORM_ID}/versions/${allowed ? await c.freshFormDraft(true) : 1}/approve`,
        {
          body: { comment: 'geprüft' },
        },
      ),
  },
  'POST /api/modeler/resources/:kind/:resourceId/versions/:n/reject': {
    allow: RELEASERS,
    resource: 'model',
    request: async (c, _who, allowed) =>
      p(
        `/api/modeler/resources/form/${FORM_ID}/versions/${allowed ? await c.freshFormDraft(true) : 1}/reject`,
        {
          body: { comment: 'bitte Begründung ergänzen' },
        },
      ),
  },
  'GET /api/modeler/releases': { allow: MODELER, request: () => p('/api/modeler/releases') },
  'GET /api/modeler/element-templates': {
    allow: MODELER,
    request: () => p('/api/modeler/element-templates'),
  },
  'GET /api/modeler/platform-facts': { allow: MODELER, request: () => p('/api/modeler/platform-facts') },
  'GET /modeler': { allow: MODELER, request: () => p('/modeler') },
  'GET /modeler/:kind/:resourceId': {
    allow: MODELER,
    resource: 'model',
    request: () => p(`/modeler/bpmn/${BPMN_ID}`),
  },
  'GET /modeler/:kind/:resourceId/versionen/:number': {
    allow: MODELER,
    resource: 'model',
    request: () => p(`/modeler/bpmn/${BPMN_ID}/versionen/1`),
  },
  'GET /modeler/:kind/:resourceId/vergleich': {
    allow: MODELER,
    resource: 'model',
    request: () => p(`/modeler/bpmn/${BPMN_ID}/vergleich`, { query: { von: '1', bis: '1' } }),
  },

  // --- operations (quality, admin) ---------------------------------------------------------------------
  'GET /api/operations/instances': { allow: QUALITY, request: () => p('/api/operations/instances') },
  'GET /api/operations/instances/:key': {
    allow: QUALITY,
    resource: 'instance',
    request: (c) => p(`/api/operations/instances/${c.instanceLg}`),
  },
  'GET /api/operations/instances/:key/xml': {
    allow: QUALITY,
    resource: 'instance',
    request: (c) => p(`/api/operations/instances/${c.instanceLg}/xml`),
  },
  'POST /api/operations/instances/:key/cancel': {
    allow: QUALITY,
    resource: 'instance',
    request: async (c, _who, allowed) =>
      p(`/api/operations/instances/${allowed ? await c.freshInstance() : c.instanceLg}/cancel`, {
        body: { reason: 'Doppelt angelegt' },
      }),
  },
  'GET /api/operations/incidents': { allow: QUALITY, request: () => p('/api/operations/incidents') },
  'POST /api/operations/incidents/:key/retry': {
    allow: QUALITY,
    request: () =>
      p('/api/operations/incidents/2251799813685249/retry', { body: { reason: 'Dienst wieder da' } }),
    alsoOk: { statuses: [404], why: 'no incident is open: the service answers its own "not found"' },
  },
  'POST /api/operations/jobs/:key/retry': {
    allow: QUALITY,
    request: () => p('/api/operations/jobs/2251799813685249/retry', { body: { reason: 'Dienst wieder da' } }),
    alsoOk: { statuses: [404], why: 'no failed job: the service answers its own "not found"' },
  },
  'GET /api/operations/actions': { allow: QUALITY, request: () => p('/api/operations/actions') },
  'GET /betrieb': { allow: QUALITY, request: () => p('/betrieb') },
  'GET /betrieb/instanzen/:key': {
    allow: QUALITY,
    resource: 'instance',
    request: (c) => p(`/betrieb/instanzen/${c.instanceLg}`),
  },
  'POST /betrieb/stoerungen/:key/erneut-versuchen': {
    allow: QUALITY,
    request: () =>
      p('/betrieb/stoerungen/2251799813685249/erneut-versuchen', {
        form: true,
        body: { reason: 'Dienst wieder da' },
      }),
    alsoOk: { statuses: [404], why: 'no incident is open: the page answers its own "not found"' },
  },
  'POST /betrieb/jobs/:key/erneut-versuchen': {
    allow: QUALITY,
    request: () =>
      p('/betrieb/jobs/2251799813685249/erneut-versuchen', {
        form: true,
        body: { reason: 'Dienst wieder da' },
      }),
    alsoOk: { statuses: [404], why: 'no failed job: the page answers its own "not found"' },
  },
  'POST /betrieb/instanzen/:key/abbrechen': {
    allow: QUALITY,
    resource: 'instance',
    request: async (c, _who, allowed) =>
      p(`/betrieb/instanzen/${allowed ? await c.freshInstance() : c.instanceLg}/abbrechen`, {
        form: true,
        body: { reason: 'Doppelt angelegt', bestaetigt: 'ja' },
      }),
  },

  // --- analytics, statistics, audit (quality, admin) ---------------------------------------------------
  'GET /api/analytics/source': { allow: QUALITY, request: () => p('/api/analytics/source') },
  'GET /api/analytics/processes': { allow: QUALITY, request: () => p('/api/analytics/processes') },
  'GET /api/analytics/processes/:bpmnProcessId': {
    allow: QUALITY,
    request: () => p(`/api/analytics/processes/${BPMN_ID}`),
  },
  'GET /api/analytics/processes/:bpmnProcessId/heatmap': {
    allow: QUALITY,
    request: () => p(`/api/analytics/processes/${BPMN_ID}/heatmap`),
  },
  'GET /api/analytics/processes/:bpmnProcessId/xml': {
    allow: QUALITY,
    request: () => p(`/api/analytics/processes/${BPMN_ID}/xml`),
  },
  'GET /api/analytics/processes/:bpmnProcessId/targets': {
    allow: QUALITY,
    request: () => p(`/api/analytics/processes/${BPMN_ID}/targets`),
  },
  'PUT /api/analytics/processes/:bpmnProcessId/targets/:elementId': {
    allow: QUALITY,
    request: () =>
      p(`/api/analytics/processes/${BPMN_ID}/targets/Task_DatenErfassen`, { body: { targetMinutes: 600 } }),
  },
  'GET /api/analytics/complaints': { allow: QUALITY, request: () => p('/api/analytics/complaints') },
  'GET /analyse': { allow: QUALITY, request: () => p('/analyse') },
  'GET /analyse/beschwerden': { allow: QUALITY, request: () => p('/analyse/beschwerden') },
  'GET /analyse/:bpmnProcessId': { allow: QUALITY, request: () => p(`/analyse/${BPMN_ID}`) },
  'POST /analyse/:bpmnProcessId/zielzeiten': {
    allow: QUALITY,
    request: () =>
      p(`/analyse/${BPMN_ID}/zielzeiten`, {
        form: true,
        body: { elementId: 'Task_DatenErfassen', zielzeit: '2', einheit: 'tage' },
      }),
  },
  'GET /api/statistics/lagebild': { allow: QUALITY, request: () => p('/api/statistics/lagebild') },
  'GET /api/statistics/lagebild.csv': { allow: QUALITY, request: () => p('/api/statistics/lagebild.csv') },
  'GET /statistik': { allow: QUALITY, request: () => p('/statistik') },
  'GET /api/audit': { allow: QUALITY, request: () => p('/api/audit') },
  'GET /api/audit/export.csv': { allow: QUALITY, request: () => p('/api/audit/export.csv') },
  'GET /protokoll': { allow: QUALITY, request: () => p('/protokoll') },
};

export interface RegisteredRoute {
  method: string;
  path: string;
  key: string;
}

interface ExpressLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

/** every route Express's router holds after app.init(): Nest's controllers and what Swagger adds */
export function registeredRoutes(app: INestApplication): RegisteredRoute[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } };
  const routes: RegisteredRoute[] = [];
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    const paths = ([] as string[]).concat(layer.route.path);
    const methods = Object.entries(layer.route.methods).filter(([m, on]) => on && m !== '_all');
    for (const path of paths) {
      // registered with all(): a middleware mount (see MIDDLEWARE_MOUNTS), unless it is not declared
      if (methods.length > 20) {
        routes.push({ method: 'ALL', path, key: `ALL ${path}` });
        continue;
      }
      for (const [m, on] of methods) {
        if (!on || m === '_all') continue;
        const method = m.toUpperCase();
        routes.push({ method, path, key: `${method} ${path}` });
      }
    }
  }
  return [...new Map(routes.map((r) => [r.key, r])).values()];
}
