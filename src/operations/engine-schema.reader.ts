import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { openFailedJob } from './failed-jobs.query';
import type {
  HistoryRow,
  IncidentRow,
  InstanceFilter,
  InstanceRow,
  InstanceState,
  OperationsReader,
  Page,
  ProcessVersionRow,
  RunningInstanceRow,
} from './operations.reader';

interface IncidentSqlRow {
  key: string;
  job_key: string | null;
  process_instance_key: string;
  bpmn_process_id: string;
  version: number;
  element_id: string;
  error_type: string;
  error_message: string;
  created_at: string;
}

const INCIDENT_COLUMNS = `i.key::text as key, i.job_key::text as job_key, i.process_instance_key::text as process_instance_key,
  p.bpmn_process_id, p.version, i.element_id, i.error_type, i.error_message, i.created_at::text as created_at`;

function incidentOf(r: IncidentSqlRow): IncidentRow {
  return {
    incidentKey: r.key,
    jobKey: r.job_key,
    processInstanceKey: r.process_instance_key,
    bpmnProcessId: r.bpmn_process_id,
    version: r.version,
    elementId: r.element_id,
    errorType: r.error_type,
    message: r.error_message,
    since: new Date(Number(r.created_at)),
  };
}

/**
 * Read-only SQL on the embedded engine's schema (`engine`, in the platform database when ZEEBE_ADDRESS
 * is unset). Never writes: every change goes through the Zeebe gRPC client. Times there are epoch
 * milliseconds on the engine clock.
 */
@Injectable()
export class EngineSchemaReader implements OperationsReader {
  readonly source = 'engine' as const;

  constructor(private readonly em: EntityManager) {}

  private sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
    return this.em.getConnection().execute<T[]>(query, params);
  }

  async processVersions(): Promise<ProcessVersionRow[]> {
    const rows = await this.sql<{ bpmn_process_id: string; version: number }>(
      `select bpmn_process_id, version from engine.process_definition order by bpmn_process_id, version`,
    );
    return rows.map((r) => ({ bpmnProcessId: r.bpmn_process_id, version: r.version }));
  }

  async runningInstances(
    filter: InstanceFilter,
    limit: number,
    offset: number,
  ): Promise<Page<RunningInstanceRow>> {
    const where = [`p.state = 'ACTIVE'`];
    const params: unknown[] = [];
    if (filter.bpmnProcessId) {
      where.push('p.bpmn_process_id = ?');
      params.push(filter.bpmnProcessId);
    }
    if (filter.version !== undefined) {
      where.push('p.version = ?');
      params.push(filter.version);
    }
    if (filter.startedFrom) {
      where.push('p.created_at >= ?');
      params.push(filter.startedFrom.getTime());
    }
    if (filter.startedBefore) {
      where.push('p.created_at < ?');
      params.push(filter.startedBefore.getTime());
    }
    const condition = where.join(' and ');
    const [{ n }] = await this.sql<{ n: number }>(
      `select count(*)::int as n from engine.process_instance p where ${condition}`,
      params,
    );
    const rows = await this.sql<{
      key: string;
      bpmn_process_id: string;
      version: number;
      created_at: string;
      active: string[];
      incidents: number;
    }>(
      `select p.key::text as key, p.bpmn_process_id, p.version, p.created_at::text as created_at,
         array(select distinct e.element_id from engine.element_instance e
               where e.process_instance_key = p.key and e.key <> p.key order by e.element_id) as active,
         (select count(*)::int from engine.incident i where i.process_instance_key = p.key) as incidents
       from engine.process_instance p where ${condition}
       order by p.created_at desc, p.key desc limit ? offset ?`,
      [...params, limit, offset],
    );
    return {
      total: n,
      items: rows.map((r) => ({
        processInstanceKey: r.key,
        bpmnProcessId: r.bpmn_process_id,
        version: r.version,
        startedAt: new Date(Number(r.created_at)),
        activeElementIds: r.active,
        openIncidents: r.incidents,
      })),
    };
  }

  async instance(processInstanceKey: string): Promise<InstanceRow | null> {
    const rows = await this.sql<{
      bpmn_process_id: string;
      version: number;
      state: InstanceState;
      created_at: string;
      ended_at: string | null;
      active: string[];
    }>(
      `select p.bpmn_process_id, p.version, p.state, p.created_at::text as created_at, p.ended_at::text as ended_at,
         array(select distinct e.element_id from engine.element_instance e
               where e.process_instance_key = p.key and e.key <> p.key order by e.element_id) as active
       from engine.process_instance p where p.key = ?`,
      [processInstanceKey],
    );
    if (!rows.length) return null;
    const r = rows[0];
    return {
      processInstanceKey,
      bpmnProcessId: r.bpmn_process_id,
      version: r.version,
      state: r.state,
      startedAt: new Date(Number(r.created_at)),
      endedAt: r.ended_at === null ? null : new Date(Number(r.ended_at)),
      activeElementIds: r.state === 'ACTIVE' ? r.active : [],
    };
  }

  async incidents(processInstanceKey?: string, limit = 200): Promise<IncidentRow[]> {
    const rows = await this.sql<IncidentSqlRow>(
      `select ${INCIDENT_COLUMNS} from engine.incident i join engine.process_instance p on p.key = i.process_instance_key
       ${processInstanceKey ? 'where i.process_instance_key = ?' : ''}
       order by i.created_at desc, i.key desc limit ?`,
      processInstanceKey ? [processInstanceKey, limit] : [limit],
    );
    return rows.map(incidentOf);
  }

  async incident(incidentKey: string): Promise<IncidentRow | null> {
    const rows = await this.sql<IncidentSqlRow>(
      `select ${INCIDENT_COLUMNS} from engine.incident i join engine.process_instance p on p.key = i.process_instance_key
       where i.key = ?`,
      [incidentKey],
    );
    return rows.length ? incidentOf(rows[0]) : null;
  }

  failedJob(jobKey: string): Promise<IncidentRow | null> {
    return openFailedJob(this.em, jobKey);
  }

  async history(processInstanceKey: string, limit = 1000): Promise<HistoryRow[]> {
    const rows = await this.sql<{
      created_at: Date;
      element_id: string | null;
      element_type: string | null;
      intent: string;
      error_type: string | null;
    }>(
      `select created_at, element_id, element_type, intent, error_type from engine.event_log
       where process_instance_key = ? and element_type is distinct from 'SEQUENCE_FLOW'
         and intent <> 'ELEMENT_ACTIVATING'
       order by position limit ?`,
      [processInstanceKey, limit],
    );
    return rows.map((r) => ({
      at: new Date(r.created_at),
      elementId: r.element_id,
      elementType: r.element_type,
      intent: r.intent,
      errorType: r.error_type,
    }));
  }

  async descendants(processInstanceKey: string): Promise<string[]> {
    const rows = await this.sql<{ key: string }>(
      `with recursive d(key) as (
         select key from engine.process_instance where parent_process_instance_key = ?
         union select p.key from engine.process_instance p join d on p.parent_process_instance_key = d.key)
       select key::text as key from d`,
      [processInstanceKey],
    );
    return rows.map((r) => r.key);
  }

  async diagramXml(bpmnProcessId: string, version: number): Promise<string | null> {
    const rows = await this.sql<{ resource: string }>(
      `select resource from engine.process_definition where bpmn_process_id = ? and version = ?`,
      [bpmnProcessId, version],
    );
    return rows[0]?.resource ?? null;
  }
}
