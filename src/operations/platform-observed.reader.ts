import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  FAILED_JOB_COLUMNS,
  failedJobIncident,
  openFailedJob,
  type FailedJobSqlRow,
} from './failed-jobs.query';
import type {
  IncidentRow,
  InstanceFilter,
  InstanceRow,
  OperationsReader,
  Page,
  ProcessVersionRow,
  RunningInstanceRow,
} from './operations.reader';

/**
 * The operations view against a real Zeebe (ZEEBE_ADDRESS set), whose gRPC API cannot list instances
 * or incidents: what the platform observes itself. Instances come from the instance log
 * (process_instance_record, written by the process-level execution listeners; cancellations through
 * this view are added there), active elements are the instance's open user tasks (task), incidents are
 * the jobs the platform's own workers failed with no retries left (failed_job, job key only), diagrams
 * the released versions of the process editor (model_version). No element history.
 */
@Injectable()
export class PlatformObservedReader implements OperationsReader {
  readonly source = 'platform' as const;

  constructor(private readonly em: EntityManager) {}

  private sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
    return this.em.getConnection().execute<T[]>(query, params);
  }

  async processVersions(): Promise<ProcessVersionRow[]> {
    const rows = await this.sql<{ bpmn_process_id: string; version: number }>(
      `select distinct resource_id as bpmn_process_id, deployed_version as version from deployed_resource
       where kind = 'bpmn'
       union select distinct bpmn_process_id, version from process_instance_record
       order by 1, 2`,
    );
    return rows.map((r) => ({ bpmnProcessId: r.bpmn_process_id, version: r.version }));
  }

  async runningInstances(
    filter: InstanceFilter,
    limit: number,
    offset: number,
  ): Promise<Page<RunningInstanceRow>> {
    const where = ['r.ended_at is null'];
    const params: unknown[] = [];
    if (filter.bpmnProcessId) {
      where.push('r.bpmn_process_id = ?');
      params.push(filter.bpmnProcessId);
    }
    if (filter.version !== undefined) {
      where.push('r.version = ?');
      params.push(filter.version);
    }
    if (filter.startedFrom) {
      where.push('r.started_at >= ?');
      params.push(filter.startedFrom);
    }
    if (filter.startedBefore) {
      where.push('r.started_at < ?');
      params.push(filter.startedBefore);
    }
    const condition = where.join(' and ');
    const [{ n }] = await this.sql<{ n: number }>(
      `select count(*)::int as n from process_instance_record r where ${condition}`,
      params,
    );
    const rows = await this.sql<{
      key: string;
      bpmn_process_id: string;
      version: number;
      started_at: Date | null;
      active: string[];
      incidents: number;
    }>(
      `select r.process_instance_key::text as key, r.bpmn_process_id, r.version, r.started_at,
         array(select distinct t.element_id from task t
               where t.process_instance_key = r.process_instance_key and t.state = 'open' order by t.element_id) as active,
         (select count(*)::int from failed_job f
               where f.process_instance_key = r.process_instance_key and f.closed_at is null) as incidents
       from process_instance_record r where ${condition}
       order by r.started_at desc nulls last, r.process_instance_key desc limit ? offset ?`,
      [...params, limit, offset],
    );
    return {
      total: n,
      items: rows.map((r) => ({
        processInstanceKey: r.key,
        bpmnProcessId: r.bpmn_process_id,
        version: r.version,
        startedAt: r.started_at ? new Date(r.started_at) : null,
        activeElementIds: r.active,
        openIncidents: r.incidents,
      })),
    };
  }

  async instance(processInstanceKey: string): Promise<InstanceRow | null> {
    const rows = await this.sql<{
      bpmn_process_id: string;
      version: number;
      started_at: Date | null;
      ended_at: Date | null;
      cancelled: boolean;
      active: string[];
    }>(
      `select r.bpmn_process_id, r.version, r.started_at, r.ended_at,
         exists (select 1 from operation_action a where a.process_instance_key = r.process_instance_key
                 and a.action = 'cancel-instance' and a.outcome = 'ok') as cancelled,
         array(select distinct t.element_id from task t
               where t.process_instance_key = r.process_instance_key and t.state = 'open' order by t.element_id) as active
       from process_instance_record r where r.process_instance_key = ?`,
      [processInstanceKey],
    );
    if (!rows.length) return null;
    const r = rows[0];
    const ended = r.ended_at !== null;
    return {
      processInstanceKey,
      bpmnProcessId: r.bpmn_process_id,
      version: r.version,
      state: !ended ? 'ACTIVE' : r.cancelled ? 'TERMINATED' : 'COMPLETED',
      startedAt: r.started_at ? new Date(r.started_at) : null,
      endedAt: ended ? new Date(r.ended_at as Date) : null,
      activeElementIds: ended ? [] : r.active,
    };
  }

  async incidents(processInstanceKey?: string, limit = 200): Promise<IncidentRow[]> {
    const rows = await this.sql<FailedJobSqlRow>(
      `select ${FAILED_JOB_COLUMNS} from failed_job f where f.closed_at is null
       ${processInstanceKey ? 'and f.process_instance_key = ?' : ''}
       order by f.failed_at desc, f.job_key desc limit ?`,
      processInstanceKey ? [processInstanceKey, limit] : [limit],
    );
    return rows.map(failedJobIncident);
  }

  /** incident keys are unknown here: nothing is found by one */
  incident(): Promise<IncidentRow | null> {
    return Promise.resolve(null);
  }

  failedJob(jobKey: string): Promise<IncidentRow | null> {
    return openFailedJob(this.em, jobKey);
  }

  /** Zeebe's gRPC API reports no element history (Operate and exporters do) */
  history(): Promise<null> {
    return Promise.resolve(null);
  }

  /** Zeebe's gRPC API does not tell which instances a call activity started */
  descendants(): Promise<string[]> {
    return Promise.resolve([]);
  }

  async diagramXml(bpmnProcessId: string, version: number): Promise<string | null> {
    // a version released in the editor knows its engine version; a shipped file is found by the
    // checksum the deployment recorded for that engine version
    const rows = await this.sql<{ content: string }>(
      `select v.content from model_version v join model_resource m on m.id = v.resource_id
       where m.kind = 'bpmn' and m.resource_id = ?
         and (v.engine_version = ? or v.sha256 in (select d.checksum from deployed_resource d
              where d.kind = 'bpmn' and d.resource_id = ? and d.deployed_version = ?))
       order by v.number desc limit 1`,
      [bpmnProcessId, version, bpmnProcessId, version],
    );
    return rows[0]?.content ?? null;
  }
}
