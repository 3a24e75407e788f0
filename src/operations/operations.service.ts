import { AuditService, type AuditRecord } from '../audit/audit.service';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { hasRole, type Actor } from '../auth/actor';
import { DomainError } from '../common';
import { addDays, berlinMidnight } from '../common/calendar';
import { ZeebeService } from '../engine/zeebe.service';
import { diagramNames, type DiagramNames } from './element-names';
import { OperationAction, type OperationActionKind } from './operation-action.entity';
import {
  EngineRefusedError,
  EngineUnavailableError,
  FailedJobNotFoundError,
  IncidentNotFoundError,
  InstanceNotFoundError,
  InstanceNotRunningError,
} from './operations.errors';
import type { IncidentRow, InstanceFilter, InstanceState, OperationsReader } from './operations.reader';

/** the reader of the running engine: the embedded engine's schema, or what the platform observes */
export const OPERATIONS_READER = Symbol('OPERATIONS_READER');

export const PAGE_SIZE = 50;
export const MAX_RETRIES = 10;

export interface ElementRef {
  id: string;
  /** the element's name in the diagram, or its id */
  name: string;
}

export interface InstanceSummaryView {
  processInstanceKey: string;
  bpmnProcessId: string;
  processName: string;
  version: number;
  startedAt: string | null;
  activeElements: ElementRef[];
  openIncidents: number;
}

export interface InstanceListView {
  source: 'engine' | 'platform';
  items: InstanceSummaryView[];
  total: number;
  page: number;
  pageSize: number;
}

export interface IncidentView {
  incidentKey: string | null;
  jobKey: string | null;
  processInstanceKey: string;
  bpmnProcessId: string;
  processName: string;
  version: number;
  elementId: string;
  elementName: string;
  errorType: string;
  message: string;
  since: string;
}

export interface HistoryEntryView {
  at: string;
  elementId: string | null;
  elementName: string | null;
  elementType: string | null;
  intent: string;
  errorType: string | null;
}

export interface ActionView {
  id: string;
  at: string;
  actor: string;
  role: string;
  action: OperationActionKind;
  processInstanceKey: string | null;
  incidentKey: string | null;
  jobKey: string | null;
  retries: number | null;
  reason: string | null;
  outcome: 'ok' | 'failed';
  errorCode: string | null;
}

export interface InstanceDetailView {
  source: 'engine' | 'platform';
  processInstanceKey: string;
  bpmnProcessId: string;
  processName: string;
  version: number;
  state: InstanceState;
  startedAt: string | null;
  endedAt: string | null;
  activeElements: ElementRef[];
  incidents: IncidentView[];
  /** null: the source keeps no element history (a real Zeebe) */
  history: HistoryEntryView[] | null;
  actions: ActionView[];
}

export interface RetryInput {
  retries?: number;
  reason?: string;
}

export interface CancelInput {
  reason: string;
}

export interface ActionResultView {
  action: ActionView;
  /** retry of a failed job: whether the incident was resolved too (false against a real Zeebe) */
  incidentResolved?: boolean;
}

/** the gRPC status name of a Zeebe client error (e.g. 'NOT_FOUND'), or null */
export function grpcStatusName(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'number' && GrpcStatus[code]) return GrpcStatus[code];
  const m = /^(\d+) [A-Z_]+:/.exec(error instanceof Error ? error.message : '');
  return m && GrpcStatus[Number(m[1])] ? GrpcStatus[Number(m[1])] : null;
}

/** the engine's message of a gRPC error (keys and element ids only, never variable values) */
function grpcDetail(error: unknown): string {
  const details = (error as { details?: unknown } | null)?.details;
  const text = typeof details === 'string' && details ? details : error instanceof Error ? error.message : '';
  return text.slice(0, 500);
}

class EngineCallError extends Error {
  constructor(
    readonly step: string,
    override readonly cause: unknown,
  ) {
    super(`${step} failed`);
  }
}

/**
 * The operations view (issue 6 § 2): running instances, one instance with its incidents and history,
 * open incidents; retry (UpdateJobRetries + ResolveIncident) and cancel (CancelProcessInstance) through
 * the Zeebe gRPC client, each recorded in operation_action with its outcome. Variable values are never
 * read or shown: quality staff need the process state, not the case content.
 */
@Injectable()
export class OperationsService {
  private readonly logger = new Logger(OperationsService.name);
  private readonly names = new Map<string, Promise<DiagramNames>>();

  constructor(
    @Inject(OPERATIONS_READER) private readonly reader: OperationsReader,
    private readonly zeebe: ZeebeService,
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  get source(): 'engine' | 'platform' {
    return this.reader.source;
  }

  processVersions(): Promise<{ bpmnProcessId: string; version: number }[]> {
    return this.reader.processVersions();
  }

  /** the names of a deployed version (cached: a deployed version never changes) */
  async diagramNames(bpmnProcessId: string, version: number): Promise<DiagramNames> {
    const key = `${bpmnProcessId}@${version}`;
    let names = this.names.get(key);
    if (!names) {
      names = this.reader.diagramXml(bpmnProcessId, version).then(async (xml) => {
        if (xml === null) {
          this.names.delete(key);
          return { processName: null, elements: new Map<string, string>() };
        }
        return diagramNames(xml, bpmnProcessId);
      });
      this.names.set(key, names);
    }
    return names;
  }

  private async ref(bpmnProcessId: string, version: number, ids: string[]): Promise<ElementRef[]> {
    const { elements } = await this.diagramNames(bpmnProcessId, version);
    return ids.map((id) => ({ id, name: elements.get(id) ?? id }));
  }

  private async processName(bpmnProcessId: string, version: number): Promise<string> {
    return (await this.diagramNames(bpmnProcessId, version)).processName ?? bpmnProcessId;
  }

  async listInstances(filter: InstanceFilter, page = 1): Promise<InstanceListView> {
    const { items, total } = await this.reader.runningInstances(filter, PAGE_SIZE, (page - 1) * PAGE_SIZE);
    return {
      source: this.reader.source,
      total,
      page,
      pageSize: PAGE_SIZE,
      items: await Promise.all(
        items.map(async (r) => ({
          processInstanceKey: r.processInstanceKey,
          bpmnProcessId: r.bpmnProcessId,
          processName: await this.processName(r.bpmnProcessId, r.version),
          version: r.version,
          startedAt: r.startedAt?.toISOString() ?? null,
          activeElements: await this.ref(r.bpmnProcessId, r.version, r.activeElementIds),
          openIncidents: r.openIncidents,
        })),
      ),
    };
  }

  private async incidentView(r: IncidentRow): Promise<IncidentView> {
    const [element] = await this.ref(r.bpmnProcessId, r.version, [r.elementId]);
    return {
      incidentKey: r.incidentKey,
      jobKey: r.jobKey,
      processInstanceKey: r.processInstanceKey,
      bpmnProcessId: r.bpmnProcessId,
      processName: await this.processName(r.bpmnProcessId, r.version),
      version: r.version,
      elementId: r.elementId,
      elementName: element.name,
      errorType: r.errorType,
      message: r.message,
      since: r.since.toISOString(),
    };
  }

  async incidents(): Promise<IncidentView[]> {
    return Promise.all((await this.reader.incidents()).map((r) => this.incidentView(r)));
  }

  async instance(processInstanceKey: string): Promise<InstanceDetailView> {
    const row = await this.reader.instance(processInstanceKey);
    if (!row) throw new InstanceNotFoundError({ processInstanceKey });
    const [incidents, history, actions] = await Promise.all([
      this.reader.incidents(processInstanceKey),
      this.reader.history(processInstanceKey),
      this.actions(processInstanceKey),
    ]);
    const { elements } = await this.diagramNames(row.bpmnProcessId, row.version);
    return {
      source: this.reader.source,
      processInstanceKey,
      bpmnProcessId: row.bpmnProcessId,
      processName: await this.processName(row.bpmnProcessId, row.version),
      version: row.version,
      state: row.state,
      startedAt: row.startedAt?.toISOString() ?? null,
      endedAt: row.endedAt?.toISOString() ?? null,
      activeElements: await this.ref(row.bpmnProcessId, row.version, row.activeElementIds),
      incidents: await Promise.all(incidents.map((r) => this.incidentView(r))),
      history:
        history?.map((h) => ({
          at: h.at.toISOString(),
          elementId: h.elementId,
          elementName:
            h.elementType === 'PROCESS' ? null : h.elementId ? (elements.get(h.elementId) ?? null) : null,
          elementType: h.elementType,
          intent: h.intent,
          errorType: h.errorType,
        })) ?? null,
      actions,
    };
  }

  /** the BPMN XML of the instance's version (for the diagram) */
  async instanceXml(processInstanceKey: string): Promise<string> {
    const row = await this.reader.instance(processInstanceKey);
    if (!row) throw new InstanceNotFoundError({ processInstanceKey });
    const xml = await this.reader.diagramXml(row.bpmnProcessId, row.version);
    if (xml === null) throw new InstanceNotFoundError({ processInstanceKey });
    return xml;
  }

  /** the recorded interventions, newest first; of one instance when given */
  async actions(processInstanceKey?: string, limit = 50): Promise<ActionView[]> {
    const rows = await this.em
      .fork()
      .find(OperationAction, processInstanceKey ? { processInstanceKey } : {}, {
        orderBy: { at: 'desc', id: 'desc' },
        limit,
      });
    return rows.map(actionView);
  }

  // ---------------------------------------------------------------------------------------------------
  // actions: each goes to the engine through the Zeebe gRPC client and is recorded with its outcome

  /** UpdateJobRetries (for a job incident) + ResolveIncident */
  async retryIncident(actor: Actor, incidentKey: string, input: RetryInput): Promise<ActionResultView> {
    const retries = input.retries ?? 1;
    const incident = await this.reader.incident(incidentKey);
    const base = {
      action: 'retry-incident' as const,
      processInstanceKey: incident?.processInstanceKey ?? null,
      incidentKey,
      jobKey: incident?.jobKey ?? null,
      retries: incident?.jobKey ? retries : null,
      reason: input.reason?.trim() || null,
    };
    try {
      if (incident?.jobKey)
        await this.call('UpdateJobRetries', () =>
          this.zeebe.client.updateJobRetries({ jobKey: incident.jobKey as string, retries }),
        );
      await this.call('ResolveIncident', () => this.zeebe.client.resolveIncident({ incidentKey }));
    } catch (error) {
      throw await this.failed(
        actor,
        base,
        error,
        (details) => new IncidentNotFoundError({ incidentKey, ...details }),
      );
    }
    const action = await this.succeeded(actor, base, async (em) => {
      if (incident?.jobKey) await closeFailedJob(em, incident.jobKey, 'retried');
    });
    return { action, incidentResolved: true };
  }

  /**
   * UpdateJobRetries for a job the platform's workers failed with no retries left; then, when the
   * reader knows the job's incident (the embedded engine), ResolveIncident. Against a real Zeebe the
   * incident key is unknown: the incident stays open until resolved in Operate.
   */
  async retryJob(actor: Actor, jobKey: string, input: RetryInput): Promise<ActionResultView> {
    const retries = input.retries ?? 1;
    const failed = await this.reader.failedJob(jobKey);
    const incident = failed
      ? (await this.reader.incidents(failed.processInstanceKey)).find(
          (i) => i.jobKey === jobKey && i.incidentKey,
        )
      : undefined;
    const base = {
      action: 'retry-job' as const,
      processInstanceKey: failed?.processInstanceKey ?? null,
      incidentKey: incident?.incidentKey ?? null,
      jobKey,
      retries,
      reason: input.reason?.trim() || null,
    };
    try {
      await this.call('UpdateJobRetries', () => this.zeebe.client.updateJobRetries({ jobKey, retries }));
      const incidentKey = incident?.incidentKey;
      if (incidentKey)
        await this.call('ResolveIncident', () => this.zeebe.client.resolveIncident({ incidentKey }));
    } catch (error) {
      throw await this.failed(
        actor,
        base,
        error,
        (details) => new FailedJobNotFoundError({ jobKey, ...details }),
      );
    }
    const action = await this.succeeded(actor, base, (em) => closeFailedJob(em, jobKey, 'retried'));
    return { action, incidentResolved: Boolean(incident?.incidentKey) };
  }

  /** CancelProcessInstance with a required reason; the instance log records the end */
  async cancelInstance(
    actor: Actor,
    processInstanceKey: string,
    input: CancelInput,
  ): Promise<ActionResultView> {
    const instance = await this.reader.instance(processInstanceKey);
    const base = {
      action: 'cancel-instance' as const,
      processInstanceKey,
      incidentKey: null,
      jobKey: null,
      retries: null,
      reason: input.reason.trim(),
    };
    if (instance && instance.state !== 'ACTIVE') {
      await this.record(actor, {
        ...base,
        outcome: 'failed',
        errorCode: 'NOT_RUNNING',
        errorDetail: `state ${instance.state}`,
      });
      throw new InstanceNotRunningError({ processInstanceKey });
    }
    try {
      await this.call('CancelProcessInstance', () =>
        this.zeebe.client.cancelProcessInstance(processInstanceKey),
      );
    } catch (error) {
      throw await this.failed(
        actor,
        base,
        error,
        (details) => new InstanceNotFoundError({ processInstanceKey, ...details }),
      );
    }
    const action = await this.succeeded(actor, base, async (em) => {
      // the engine runs no end listener on cancellation (Zeebe 8.6): the platform records the end
      const ended = [processInstanceKey, ...(await this.reader.descendants(processInstanceKey))];
      if (instance) {
        await em.execute(
          `insert into process_instance_record (process_instance_key, bpmn_process_id, version, ended_at)
           values (?, ?, ?, now()) on conflict (process_instance_key) do update
           set ended_at = coalesce(process_instance_record.ended_at, excluded.ended_at)`,
          [processInstanceKey, instance.bpmnProcessId, instance.version],
        );
      }
      await em.execute(
        `update process_instance_record set ended_at = now()
         where process_instance_key = any(?::bigint[]) and ended_at is null`,
        [`{${ended.join(',')}}`],
      );
      await em.execute(
        `update failed_job set closed_at = now(), close_reason = 'cancelled'
         where process_instance_key = any(?::bigint[]) and closed_at is null`,
        [`{${ended.join(',')}}`],
      );
    });
    return { action };
  }

  private async call(step: string, command: () => Promise<unknown>): Promise<void> {
    try {
      await command();
    } catch (error) {
      throw new EngineCallError(step, error);
    }
  }

  /** records a refused action and answers the German error for it */
  private async failed(
    actor: Actor,
    base: Omit<ActionRecord, 'outcome' | 'errorCode' | 'errorDetail'>,
    error: unknown,
    notFound: (details: Record<string, string>) => DomainError,
  ): Promise<DomainError> {
    const cause = error instanceof EngineCallError ? error.cause : error;
    const step = error instanceof EngineCallError ? error.step : 'unknown';
    const code = grpcStatusName(cause);
    await this.record(actor, {
      ...base,
      outcome: 'failed',
      errorCode: code ?? 'UNKNOWN',
      errorDetail: `${step}: ${grpcDetail(cause)}`.slice(0, 600),
    });
    this.logger.warn({ msg: 'engine refused an operation', action: base.action, step, engineCode: code });
    const details = {
      engineCode: code ?? 'UNKNOWN',
      step,
      ...(base.processInstanceKey ? { processInstanceKey: base.processInstanceKey } : {}),
    };
    if (code === 'NOT_FOUND') return notFound(details);
    if (code === 'UNAVAILABLE' || code === 'DEADLINE_EXCEEDED' || code === null) {
      return new EngineUnavailableError(details);
    }
    return new EngineRefusedError(
      `Die Prozess-Engine hat den Schritt ${step} abgelehnt (${code}); es wurde nichts weiter geändert.`,
      details,
    );
  }

  /** records a successful action together with the platform's own bookkeeping, in one transaction */
  private async succeeded(
    actor: Actor,
    base: Omit<ActionRecord, 'outcome' | 'errorCode' | 'errorDetail'>,
    bookkeeping: (em: EntityManager) => Promise<void>,
  ): Promise<ActionView> {
    return this.em.fork().transactional(async (em) => {
      const action = em.create(OperationAction, {
        ...base,
        ...actorOf(actor),
        outcome: 'ok',
        errorCode: null,
        errorDetail: null,
      });
      em.persist(action);
      await em.flush();
      await bookkeeping(em);
      await this.audit.record(auditEntry(actor, { ...base, outcome: 'ok', errorCode: null }), { em });
      return actionView(action);
    });
  }

  private async record(actor: Actor, record: ActionRecord): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      em.persist(em.create(OperationAction, { ...record, ...actorOf(actor) }));
      await em.flush();
      await this.audit.record(auditEntry(actor, record), { em });
    });
  }
}

/** the audit trail's entry for an engine operation (issue 7 § 1: start, cancel, incident retry) */
function auditEntry(
  actor: Actor,
  record: Pick<
    ActionRecord,
    'action' | 'processInstanceKey' | 'incidentKey' | 'jobKey' | 'outcome' | 'errorCode'
  >,
): AuditRecord {
  return {
    actor,
    action: `engine.${record.action}`,
    resourceType: 'process-instance',
    resourceId: record.processInstanceKey ?? null,
    outcome: record.outcome === 'ok' ? 'success' : 'failed',
    details: {
      ...(record.incidentKey ? { incidentKey: record.incidentKey } : {}),
      ...(record.jobKey ? { jobKey: record.jobKey } : {}),
      ...(record.errorCode ? { code: record.errorCode } : {}),
    },
  };
}

type ActionRecord = Pick<
  OperationAction,
  | 'action'
  | 'processInstanceKey'
  | 'incidentKey'
  | 'jobKey'
  | 'retries'
  | 'reason'
  | 'outcome'
  | 'errorCode'
  | 'errorDetail'
>;

function actorOf(actor: Actor): { actorId: string; actorName: string; role: string } {
  return {
    actorId: actor.id,
    actorName: actor.username,
    role: hasRole(actor, 'admin') ? 'admin' : 'quality',
  };
}

async function closeFailedJob(em: EntityManager, jobKey: string, reason: 'retried'): Promise<void> {
  await em.execute(
    `update failed_job set closed_at = now(), close_reason = ? where job_key = ? and closed_at is null`,
    [reason, jobKey],
  );
}

function actionView(a: OperationAction): ActionView {
  return {
    id: a.id,
    at: a.at.toISOString(),
    actor: a.actorName,
    role: a.role,
    action: a.action,
    processInstanceKey: a.processInstanceKey,
    incidentKey: a.incidentKey,
    jobKey: a.jobKey,
    retries: a.retries,
    reason: a.reason,
    outcome: a.outcome,
    errorCode: a.errorCode,
  };
}

/** the reader's filter of a list query: days in Europe/Berlin, `to` inclusive */
export function instanceFilter(q: {
  process?: string;
  version?: number;
  startedFrom?: string;
  startedTo?: string;
}): InstanceFilter {
  return {
    ...(q.process ? { bpmnProcessId: q.process } : {}),
    ...(q.version !== undefined ? { version: q.version } : {}),
    ...(q.startedFrom ? { startedFrom: berlinMidnight(q.startedFrom) } : {}),
    ...(q.startedTo ? { startedBefore: berlinMidnight(addDays(q.startedTo, 1)) } : {}),
  };
}
