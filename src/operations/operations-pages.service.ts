import { germanDateTime, scriptJson } from '../web/format';
import { Injectable } from '@nestjs/common';
import type { PageContext } from '../web/views.service';
import type { OperationsPageQueryDto } from './operations-pages.dto';
import {
  instanceFilter,
  OperationsService,
  type ActionView,
  type IncidentView,
  type InstanceDetailView,
} from './operations.service';

export { germanDateTime };

const ERROR_TYPES: Record<string, string> = {
  JOB_NO_RETRIES: 'Job ohne weitere Versuche',
  EXECUTION_LISTENER_NO_RETRIES: 'Ausführungs-Listener ohne weitere Versuche',
  EXTRACT_VALUE_ERROR: 'Ausdruck nicht auswertbar',
  IO_MAPPING_ERROR: 'Variablenzuordnung fehlgeschlagen',
  CONDITION_ERROR: 'Bedingung nicht auswertbar',
  CALLED_ELEMENT_ERROR: 'Aufgerufener Prozess fehlt',
  UNHANDLED_ERROR_EVENT: 'BPMN-Fehler ohne Behandlung',
  FORM_NOT_FOUND: 'Formular fehlt',
  MESSAGE_SIZE_EXCEEDED: 'Nachricht zu groß',
  UNKNOWN: 'Sonstiger Fehler',
};

const INTENTS: Record<string, string> = {
  ELEMENT_ACTIVATED: 'aktiviert',
  ELEMENT_COMPLETED: 'abgeschlossen',
  ELEMENT_TERMINATED: 'beendet (abgebrochen)',
  JOB_CREATED: 'Job angelegt',
  JOB_COMPLETED: 'Job erledigt',
  JOB_FAILED: 'Job fehlgeschlagen',
  JOB_ERROR_THROWN: 'BPMN-Fehler gemeldet',
  JOB_CANCELED: 'Job abgebrochen',
  INCIDENT_CREATED: 'Störung aufgetreten',
  INCIDENT_RESOLVED: 'Störung behoben',
};

const STATES: Record<string, string> = {
  ACTIVE: 'läuft',
  COMPLETED: 'abgeschlossen',
  TERMINATED: 'abgebrochen',
};

const ACTIONS: Record<string, string> = {
  'retry-incident': 'Störung erneut versucht',
  'retry-job': 'Job erneut versucht',
  'cancel-instance': 'Instanz abgebrochen',
};

const NOTICES: Record<string, string> = {
  wiederholt: 'Die Störung wurde erneut versucht: Der Job läuft wieder, die Störung ist behoben.',
  abgebrochen: 'Die Prozessinstanz wurde abgebrochen.',
};

export const NO_VARIABLES_NOTE =
  'Variablenwerte werden hier bewusst nicht angezeigt: Für den Betrieb zählt der Stand des Prozesses, nicht der Inhalt des Falls (personenbezogene Daten). Der Fall selbst ist nur über die Fallakte mit ihren Zugriffsregeln einsehbar.';

function errorTypeLabel(type: string): string {
  return ERROR_TYPES[type] ?? type;
}

export function incidentRow(i: IncidentView): Record<string, unknown> {
  return {
    processName: i.processName,
    version: i.version,
    elementName: i.elementName,
    elementId: i.elementId,
    errorType: i.errorType,
    errorTypeLabel: errorTypeLabel(i.errorType),
    message: i.message || '–',
    since: germanDateTime(i.since),
    instanceKey: i.processInstanceKey,
    instanceHref: `/betrieb/instanzen/${i.processInstanceKey}`,
    // the embedded engine (or any incident with its key): UpdateJobRetries + ResolveIncident;
    // a real Zeebe: only the failed job's key is known
    retryAction: i.incidentKey
      ? `/betrieb/stoerungen/${i.incidentKey}/erneut-versuchen`
      : i.jobKey
        ? `/betrieb/jobs/${i.jobKey}/erneut-versuchen`
        : null,
    showRetries: Boolean(i.jobKey),
    formId: i.incidentKey ? `s-${i.incidentKey}` : `j-${i.jobKey ?? ''}`,
  };
}

function actionRow(a: ActionView): Record<string, unknown> {
  return {
    at: germanDateTime(a.at),
    actor: a.actor,
    role: a.role === 'admin' ? 'Administration' : 'Qualitätssicherung',
    action: ACTIONS[a.action] ?? a.action,
    instanceKey: a.processInstanceKey ?? '–',
    instanceHref: a.processInstanceKey ? `/betrieb/instanzen/${a.processInstanceKey}` : null,
    target: a.incidentKey ? `Störung ${a.incidentKey}` : a.jobKey ? `Job ${a.jobKey}` : '–',
    retries: a.retries ?? '–',
    reason: a.reason ?? '–',
    outcome: a.outcome === 'ok' ? 'ausgeführt' : `abgelehnt${a.errorCode ? ` (${a.errorCode})` : ''}`,
    failed: a.outcome === 'failed',
  };
}

function sourceNote(source: 'engine' | 'platform'): string {
  return source === 'engine'
    ? 'Quelle: die eingebettete Prozess-Engine (alle Instanzen und Störungen).'
    : 'Quelle: was die Plattform selbst beobachtet (Zeebe-Cluster): Instanzen aus dem Instanzprotokoll, als Störungen die Jobs, die Plattform-Worker ohne weitere Versuche fehlschlagen ließen. Störungen anderer Art zeigt nur Camunda Operate.';
}

export interface Messages {
  message?: string;
  errors?: string[];
}

/** the view models of the operations pages (German texts, dates TT.MM.JJJJ) */
@Injectable()
export class OperationsPagesService {
  constructor(private readonly operations: OperationsService) {}

  async listPage(
    query: OperationsPageQueryDto,
    csrfToken: string | null,
    messages: Messages = {},
  ): Promise<PageContext> {
    const page = query.seite ?? 1;
    const filter = {
      process: query.prozess,
      version: query.version,
      startedFrom: query.von,
      startedTo: query.bis,
    };
    const [list, incidents, actions, versions] = await Promise.all([
      this.operations.listInstances(instanceFilter(filter), page),
      this.operations.incidents(),
      this.operations.actions(undefined, 20),
      this.operations.processVersions(),
    ]);
    const processIds = [...new Set(versions.map((v) => v.bpmnProcessId))];
    const processes = await Promise.all(
      processIds.map(async (id) => {
        const latest = Math.max(...versions.filter((v) => v.bpmnProcessId === id).map((v) => v.version));
        const name = (await this.operations.diagramNames(id, latest)).processName ?? id;
        return { value: id, label: name === id ? id : `${name} (${id})`, selected: id === query.prozess };
      }),
    );
    processes.sort((a, b) => a.label.localeCompare(b.label, 'de'));
    const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
    const link = (p: number): string => {
      const params = new URLSearchParams();
      if (query.prozess) params.set('prozess', query.prozess);
      if (query.version !== undefined) params.set('version', String(query.version));
      if (query.von) params.set('von', query.von);
      if (query.bis) params.set('bis', query.bis);
      params.set('seite', String(p));
      return `/betrieb?${params.toString()}#instanzen`;
    };
    return {
      title: 'Betrieb',
      csrfToken,
      message: messages.message ?? (query.erfolg ? NOTICES[query.erfolg] : ''),
      errors: messages.errors ?? [],
      sourceNote: sourceNote(list.source),
      incidents: incidents.map(incidentRow),
      filter: {
        processes,
        version: query.version ?? '',
        von: query.von ?? '',
        bis: query.bis ?? '',
      },
      instances: list.items.map((i) => ({
        key: i.processInstanceKey,
        href: `/betrieb/instanzen/${i.processInstanceKey}`,
        processName: i.processName,
        version: i.version,
        startedAt: germanDateTime(i.startedAt),
        activeElements: i.activeElements.length ? i.activeElements.map((e) => e.name).join(', ') : '–',
        openIncidents: i.openIncidents,
      })),
      total: list.total.toLocaleString('de-DE'),
      page,
      pages,
      prevHref: page > 1 ? link(page - 1) : null,
      nextHref: page < pages ? link(page + 1) : null,
      actions: actions.map(actionRow),
    };
  }

  async instancePage(
    key: string,
    csrfToken: string | null,
    messages: Messages = {},
    notice?: string,
  ): Promise<PageContext> {
    const d: InstanceDetailView = await this.operations.instance(key);
    return {
      title: `Prozessinstanz ${key}`,
      csrfToken,
      message: messages.message ?? (notice ? (NOTICES[notice] ?? '') : ''),
      errors: messages.errors ?? [],
      key,
      processName: d.processName,
      bpmnProcessId: d.bpmnProcessId,
      version: d.version,
      state: STATES[d.state] ?? d.state,
      running: d.state === 'ACTIVE',
      startedAt: germanDateTime(d.startedAt),
      endedAt: germanDateTime(d.endedAt),
      sourceNote: sourceNote(d.source),
      noVariablesNote: NO_VARIABLES_NOTE,
      activeElements: d.activeElements,
      incidents: d.incidents.map(incidentRow),
      hasHistory: d.history !== null,
      history: (d.history ?? []).map((h) => ({
        at: germanDateTime(h.at),
        element:
          h.elementType === 'PROCESS'
            ? 'Prozess'
            : h.elementName
              ? `${h.elementName} (${h.elementId ?? ''})`
              : (h.elementId ?? '–'),
        event: INTENTS[h.intent] ?? h.intent,
        detail: h.errorType ? errorTypeLabel(h.errorType) : '',
      })),
      actions: d.actions.map(actionRow),
      pageData: scriptJson({
        xmlUrl: `/api/operations/instances/${key}/xml`,
        active: d.activeElements.map((e) => e.id),
        incidents: [...new Set(d.incidents.map((i) => i.elementId))],
      }),
    };
  }

  async confirmPage(key: string, reason: string, csrfToken: string | null): Promise<PageContext> {
    const d = await this.operations.instance(key);
    return {
      title: 'Prozessinstanz abbrechen?',
      csrfToken,
      key,
      processName: d.processName,
      version: d.version,
      startedAt: germanDateTime(d.startedAt),
      activeElements: d.activeElements.map((e) => e.name).join(', ') || '–',
      reason,
    };
  }
}
